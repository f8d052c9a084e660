//! DOCX documents (公文-style reports such as 情况通报) from a list of blocks: A4, a centred
//! 黑体 title, 仿宋 body text and 宋体 tables, with East Asian fonts set on every run so CJK
//! text renders in Word, WPS and LibreOffice. Pure: returns bytes.

use docx_rs::{
    AlignmentType, Docx, Paragraph, Run, RunFonts, Table, TableCell, TableRow, WidthType,
};

/// One block of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Centred title (小标宋/黑体, 22 pt).
    Title(String),
    /// Centred line under the title (楷体, 16 pt).
    Subtitle(String),
    /// Section heading (黑体, 16 pt).
    Heading(String),
    /// Body paragraph with a two-character first-line indent (仿宋, 16 pt).
    Para(String),
    /// A table: header row and body rows (宋体, 10.5 pt).
    Table {
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write the document: {0}")]
pub struct DocxError(String);

fn run(text: &str, font: &str, half_points: usize, bold: bool) -> Run {
    let r = Run::new()
        .add_text(crate::xml_safe(text))
        .size(half_points)
        .fonts(
            RunFonts::new()
                .east_asia(font)
                .ascii("Times New Roman")
                .hi_ansi("Times New Roman"),
        );
    if bold {
        r.bold()
    } else {
        r
    }
}

fn cell(text: &str, bold: bool) -> TableCell {
    TableCell::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run(text, "宋体", 21, bold)),
    )
}

/// Writes the blocks into a DOCX document and returns its bytes.
pub fn document(blocks: &[Block]) -> Result<Vec<u8>, DocxError> {
    let mut doc = Docx::new().page_size(11906, 16838).page_margin(
        docx_rs::PageMargin::new()
            .top(2098)
            .bottom(1984)
            .left(1587)
            .right(1474),
    );
    for b in blocks {
        doc = match b {
            Block::Title(t) => doc.add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(run(t, "黑体", 44, true)),
            ),
            Block::Subtitle(t) => doc.add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(run(t, "楷体", 32, false)),
            ),
            Block::Heading(t) => {
                doc.add_paragraph(Paragraph::new().add_run(run(t, "黑体", 32, false)))
            }
            Block::Para(t) => doc.add_paragraph(
                Paragraph::new()
                    .indent(
                        None,
                        Some(docx_rs::SpecialIndentType::FirstLine(640)),
                        None,
                        None,
                    )
                    .add_run(run(t, "仿宋", 32, false)),
            ),
            Block::Table { headers, rows } => {
                let mut trs = vec![TableRow::new(
                    headers.iter().map(|h| cell(h, true)).collect(),
                )];
                for r in rows {
                    let mut cells: Vec<TableCell> = r.iter().map(|c| cell(c, false)).collect();
                    while cells.len() < headers.len() {
                        cells.push(cell("", false));
                    }
                    trs.push(TableRow::new(cells));
                }
                doc.add_table(Table::new(trs).width(8958, WidthType::Dxa))
            }
        };
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| DocxError(e.to_string()))?;
    Ok(out.into_inner())
}

/// The text of every paragraph (tables included, cell by cell), for tests and round trips.
pub fn read_text(bytes: &[u8]) -> Result<Vec<String>, String> {
    let d = docx_rs::read_docx(bytes).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    fn para_text(p: &docx_rs::Paragraph) -> String {
        let mut s = String::new();
        for c in &p.children {
            if let docx_rs::ParagraphChild::Run(r) = c {
                for rc in &r.children {
                    if let docx_rs::RunChild::Text(t) = rc {
                        s.push_str(&t.text);
                    }
                }
            }
        }
        s
    }
    for c in &d.document.children {
        match c {
            docx_rs::DocumentChild::Paragraph(p) => out.push(para_text(p)),
            docx_rs::DocumentChild::Table(t) => {
                for row in &t.rows {
                    let docx_rs::TableChild::TableRow(r) = row;
                    for cell in &r.cells {
                        let docx_rs::TableRowChild::TableCell(tc) = cell;
                        for cc in &tc.children {
                            if let docx_rs::TableCellContent::Paragraph(p) = cc {
                                out.push(para_text(p));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulletin_round_trip() {
        let bytes = document(&[
            Block::Title("重点任务督查督办情况通报".into()),
            Block::Subtitle("(2026-01-01 至 2026-06-30)".into()),
            Block::Heading("一、单位考评排名".into()),
            Block::Para("市科技局得分最高。".into()),
            Block::Table {
                headers: vec!["排名".into(), "单位".into(), "得分".into()],
                rows: vec![
                    vec!["1".into(), "市科技局".into(), "12.0".into()],
                    vec!["2".into()],
                ],
            },
        ])
        .unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"));
        let text = read_text(&bytes).unwrap();
        assert_eq!(text[0], "重点任务督查督办情况通报");
        assert!(text.contains(&"市科技局".to_string()));
        assert!(text.contains(&"12.0".to_string()));
        // The short row is padded to the header width.
        assert_eq!(text.iter().filter(|t| t.is_empty()).count(), 2);
    }
}
