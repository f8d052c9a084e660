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
            ws.write_string_with_format(0, 0, t, &title)?;
            r = 1;
        }
        for (c, h) in s.headers.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, h, &head)?;
            ws.set_column_width(c as u16, s.widths.get(c).copied().unwrap_or(14.0))?;
        }
        ws.set_freeze_panes(r + 1, 0)?;
        for row in &s.rows {
            r += 1;
            for (c, v) in row.iter().enumerate() {
                let c = c as u16;
                match v {
                    Cell::Text(t) => ws.write_string_with_format(r, c, t, &body)?,
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
}
