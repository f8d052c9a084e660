//! Office documents from plain tables: an XLSX writer for exports. Pure: returns bytes.

pub mod data;
pub mod docx;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

/// One cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}
impl From<Option<String>> for Cell {
    fn from(s: Option<String>) -> Cell {
        s.map_or(Cell::Empty, Cell::Text)
    }
}
impl From<f64> for Cell {
    fn from(v: f64) -> Cell {
        Cell::Number(v)
    }
}
impl From<Option<f64>> for Cell {
    fn from(v: Option<f64>) -> Cell {
        v.map_or(Cell::Empty, Cell::Number)
    }
}
impl From<Option<i32>> for Cell {
    fn from(v: Option<i32>) -> Cell {
        v.map_or(Cell::Empty, |v| Cell::Number(v as f64))
    }
}

/// Text that is legal inside XML 1.0 (DOCX and XLSX are XML): control characters other than
/// tab, line feed and carriage return, and the non-characters U+FFFE/U+FFFF, are dropped.
/// Every writer of this crate passes its text through here, so a stray U+0001 pasted into a
/// task title cannot make a document unreadable.
pub fn xml_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if s.chars().any(bad) {
        std::borrow::Cow::Owned(s.chars().filter(|&c| !bad(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// First characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV cell that a spreadsheet will not run as a formula (CSV injection): text beginning
/// with `=`, `+`, `-`, `@`, tab or carriage return gets a leading apostrophe, which Excel and
/// WPS show as text. Numbers are written by their own path and never pass through here.
/// [`data::read_csv`] removes the apostrophe again, so an export imports unchanged.
pub fn csv_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(FORMULA_START) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Reverses [`csv_text`]: an apostrophe before a formula character is dropped.
pub fn csv_text_back(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => s,
    }
}

/// Column headers written on one line: `"序号 | 编号 | 任务"`.
pub fn heads(spec: &str) -> Vec<String> {
    spec.split('|').map(|h| h.trim().to_string()).collect()
}

/// One worksheet: a title row (optional), a header row and data rows.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub title: Option<String>,
    pub headers: Vec<String>,
    /// Column widths in characters (missing columns get 14).
    pub widths: Vec<f64>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write the workbook: {0}")]
pub struct Error(#[from] XlsxError);

/// Writes sheets into an XLSX workbook and returns its bytes.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, Error> {
    let mut wb = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let head = Format::new()
        .set_bold()
        .set_background_color("D9E1F2")
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let body = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    for s in sheets {
        let ws = wb.add_worksheet();
        // Sheet names: at most 31 characters, none of []:*?/\ .
        let name: String = s
            .name
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        ws.set_name(if name.is_empty() { "Sheet" } else { &name })?;
        let mut r = 0u32;
        if let Some(t) = &s.title {
            ws.write_string_with_format(0, 0, xml_safe(t), &title)?;
            r = 1;
        }
        for (c, h) in s.headers.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, xml_safe(h), &head)?;
            ws.set_column_width(c as u16, s.widths.get(c).copied().unwrap_or(14.0))?;
        }
        ws.set_freeze_panes(r + 1, 0)?;
        for row in &s.rows {
            r += 1;
            for (c, v) in row.iter().enumerate() {
                let c = c as u16;
                match v {
                    Cell::Text(t) => ws.write_string_with_format(r, c, xml_safe(t), &body)?,
                    Cell::Number(n) if n.is_finite() => {
                        ws.write_number_with_format(r, c, *n, &body)?
                    }
                    _ => ws.write_blank(r, c, &body)?,
                };
            }
        }
    }
    Ok(wb.save_to_buffer()?)
}

/// A sheet's name and its rows as text.
pub type SheetRows = (String, Vec<Vec<String>>);

/// Reads every sheet back as text rows (tests and round trips).
pub fn read_rows(bytes: &[u8]) -> Result<Vec<SheetRows>, String> {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let names = wb.sheet_names().to_vec();
    let mut out = Vec::new();
    for n in names {
        let range = wb.worksheet_range(&n).map_err(|e| e.to_string())?;
        let rows = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        out.push((n, rows));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let s = Sheet {
            name: "任务/台账".into(),
            title: Some("标题".into()),
            headers: vec!["序号".into(), "任务".into(), "值".into()],
            widths: vec![6.0, 40.0],
            rows: vec![
                vec![Cell::Number(1.0), "加强基础研究".into(), Cell::Number(3.3)],
                vec![Cell::Number(2.0), Cell::Empty, Cell::Number(f64::NAN)],
            ],
        };
        let bytes = workbook(&[s]).unwrap();
        let back = read_rows(&bytes).unwrap();
        assert_eq!(
            back[0].0, "任务台账",
            "forbidden characters removed from the sheet name"
        );
        assert_eq!(back[0].1[1], vec!["序号", "任务", "值"]);
        assert_eq!(back[0].1[2], vec!["1", "加强基础研究", "3.3"]);
        assert_eq!(back[0].1[3][1], "");
    }

    #[test]
    fn control_characters_never_break_a_document() {
        let bad = "推进\u{1}科技\u{b}创新\u{FFFF}\t行动";
        let s = Sheet {
            name: "s".into(),
            title: Some(bad.into()),
            headers: vec![bad.into()],
            widths: vec![],
            rows: vec![vec![bad.into()]],
        };
        let back = read_rows(&workbook(&[s]).unwrap()).unwrap();
        assert_eq!(back[0].1[0][0], "推进科技创新\t行动");
        assert_eq!(back[0].1[2][0], "推进科技创新\t行动");
        let doc = docx::document(&[
            docx::Block::Title(bad.into()),
            docx::Block::Table {
                headers: vec![bad.into()],
                rows: vec![vec![bad.into()]],
            },
        ])
        .unwrap();
        let text = docx::read_text(&doc).expect("the DOCX is well-formed XML");
        assert!(text.iter().any(|t| t.contains("推进科技创新")), "{text:?}");
    }

    #[test]
    fn csv_cells_that_look_like_formulas_are_text_and_come_back() {
        for f in ["=1+1", "+86 531", "-2", "@SUM(A1)", "\tx", "\rx"] {
            let out = csv_text(f);
            assert!(out.starts_with('\''), "{f}");
            assert_eq!(csv_text_back(&out), f);
        }
        assert_eq!(csv_text("正常备注"), "正常备注");
        assert_eq!(csv_text_back("'普通"), "'普通", "other apostrophes stay");
    }
}
