//! Monitoring data files: the pre-filled Excel entry template, and readers of uploaded
//! workbooks (.xlsx), CSV (UTF-8 or GBK) and JSON into rows by codes, with row-level
//! problems (sheet, row, column, reason). Pure: bytes in, rows or problems out.
//!
//! A workbook is refused before it is opened when it is too large, is not a ZIP container
//! (an old .xls renamed .xlsx, say) or would inflate beyond [`MAX_UNCOMPRESSED`] or by more
//! than [`MAX_RATIO`] (a zip bomb). Merged cells and formulas in the data sheet are refused;
//! text in the value column is reported per cell.

use rust_xlsxwriter::{DataValidation, DataValidationRule, Format, FormatBorder, Workbook};
use serde::{Deserialize, Serialize};

/// Name of the data sheet of the template.
pub const SHEET: &str = "数据填报";
/// Largest file accepted.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Largest total uncompressed size of a workbook's parts.
pub const MAX_UNCOMPRESSED: u64 = 300 * 1024 * 1024;
/// Largest compression ratio of one part (above 1 MB uncompressed).
pub const MAX_RATIO: u64 = 100;
/// Most rows read from one file.
pub const MAX_ROWS: usize = 500_000;

/// Header texts; the code columns are hidden in the template.
pub const HEADERS: [&str; 12] = [
    "地区",
    "数据项",
    "单位",
    "前三年",
    "前两年",
    "上年",
    "数值",
    "备注",
    "缺失原因",
    "region_code",
    "item_code",
    "year",
];

/// One pre-filled line of the template.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateRow {
    pub region_code: String,
    pub region_name: String,
    pub item_code: String,
    pub item_name: String,
    pub unit: Option<String>,
    pub year: i32,
    /// The three previous years' values, oldest first.
    pub previous: [Option<f64>; 3],
    pub value: Option<f64>,
    pub comment: Option<String>,
    pub missing_reason: Option<String>,
}

/// A value row read from a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub region_code: String,
    pub item_code: String,
    pub year: i32,
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub missing_reason: Option<String>,
}

/// Where a row came from: sheet (workbooks only) and 1-based row (line for CSV, element
/// for JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct At {
    pub sheet: Option<String>,
    pub row: usize,
}

/// A problem of a file or a cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub sheet: Option<String>,
    /// 0 when the problem concerns the whole file.
    pub row: usize,
    pub column: String,
    pub reason: String,
}

fn file_problem(reason: impl Into<String>) -> Vec<Problem> {
    vec![Problem {
        sheet: None,
        row: 0,
        column: String::new(),
        reason: reason.into(),
    }]
}

/// Writes the entry template: names shown, codes in hidden columns, numbers validated.
pub fn template(title: &str, rows: &[TemplateRow]) -> Result<Vec<u8>, crate::Error> {
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_background_color("D9E1F2")
        .set_border(FormatBorder::Thin);
    let body = Format::new().set_border(FormatBorder::Thin);
    let input = Format::new()
        .set_border(FormatBorder::Thin)
        .set_background_color("FFF2CC")
        .set_unlocked();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    let year = rows.first().map_or(0, |r| r.year);
    for (c, h) in HEADERS.iter().enumerate() {
        let text = match c {
            3..=5 => format!("{}年", year - 3 + (c as i32 - 3)),
            6 => format!("{year}年数值"),
            _ => h.to_string(),
        };
        ws.write_string_with_format(0, c as u16, &text, &head)?;
    }
    for (c, w) in [14.0, 30.0, 8.0, 10.0, 10.0, 10.0, 12.0, 24.0, 20.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, *w)?;
    }
    for c in 9..12u16 {
        ws.set_column_hidden(c)?;
    }
    ws.set_freeze_panes(1, 2)?;
    for (i, r) in rows.iter().enumerate() {
        let n = i as u32 + 1;
        ws.write_string_with_format(n, 0, &r.region_name, &body)?;
        ws.write_string_with_format(n, 1, &r.item_name, &body)?;
        ws.write_string_with_format(n, 2, r.unit.as_deref().unwrap_or(""), &body)?;
        for (k, p) in r.previous.iter().enumerate() {
            match p {
                Some(v) => ws.write_number_with_format(n, 3 + k as u16, *v, &body)?,
                None => ws.write_blank(n, 3 + k as u16, &body)?,
            };
        }
        match r.value {
            Some(v) => ws.write_number_with_format(n, 6, v, &input)?,
            None => ws.write_blank(n, 6, &input)?,
        };
        ws.write_string_with_format(n, 7, r.comment.as_deref().unwrap_or(""), &input)?;
        ws.write_string_with_format(n, 8, r.missing_reason.as_deref().unwrap_or(""), &input)?;
        ws.write_string(n, 9, &r.region_code)?;
        ws.write_string(n, 10, &r.item_code)?;
        ws.write_number(n, 11, r.year as f64)?;
    }
    if !rows.is_empty() {
        let dv = DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
            .set_error_title("须为数字")?
            .set_error_message("请填写数字;没有数据时留空并填写缺失原因。")?;
        ws.add_data_validation(1, 6, rows.len() as u32, 6, &dv)?;
    }
    let info = wb.add_worksheet();
    info.set_name("说明")?;
    info.write_string(0, 0, title)?;
    info.write_string(
        1,
        0,
        "在“数据填报”表的黄色单元格填写数值、备注和缺失原因;不要改动表结构、合并单元格或使用公式。",
    )?;
    Ok(wb.save_to_buffer()?)
}

/// Checks a ZIP container's central directory for zip bombs without inflating anything.
fn check_zip(bytes: &[u8]) -> Result<(), String> {
    // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
    let min = bytes.len().saturating_sub(22 + 65_535);
    let eocd = (min..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .ok_or("文件已损坏:找不到 ZIP 目录")?;
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]) as usize;
    let u32_at =
        |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as u64;
    let entries = u16_at(eocd + 10);
    let mut p = u32_at(eocd + 16) as usize;
    if entries > 10_000 {
        return Err("文件包含的部件过多".into());
    }
    let mut total = 0u64;
    for _ in 0..entries {
        if p + 46 > bytes.len() || bytes[p..p + 4] != [0x50, 0x4b, 0x01, 0x02] {
            return Err("文件已损坏:ZIP 目录无效".into());
        }
        let comp = u32_at(p + 20);
        let size = u32_at(p + 24);
        if comp == 0xFFFF_FFFF || size == 0xFFFF_FFFF {
            return Err("文件的部件过大 (ZIP64)".into());
        }
        total += size;
        if size > 1024 * 1024 && size > comp.max(1) * MAX_RATIO {
            return Err(format!(
                "文件的压缩比异常 ({} 倍),疑似压缩炸弹",
                size / comp.max(1)
            ));
        }
        p += 46 + u16_at(p + 28) + u16_at(p + 30) + u16_at(p + 32);
    }
    if total > MAX_UNCOMPRESSED {
        return Err(format!(
            "文件解压后超过 {} MB",
            MAX_UNCOMPRESSED / 1024 / 1024
        ));
    }
    Ok(())
}

fn col_name(c: usize) -> String {
    let mut n = c + 1;
    let mut s = String::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.insert(0, (b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    s
}

/// Column roles found in the header row.
#[derive(Default)]
struct Cols {
    region: Option<usize>,
    item: Option<usize>,
    year: Option<usize>,
    value: Option<usize>,
    comment: Option<usize>,
    reason: Option<usize>,
}

fn find_cols(headers: &[String]) -> Cols {
    let mut c = Cols::default();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim().to_lowercase();
        let slot = match h.as_str() {
            "region_code" | "地区代码" => &mut c.region,
            "item_code" | "数据项代码" | "指标代码" => &mut c.item,
            "year" | "年份" => &mut c.year,
            "value" | "数值" => &mut c.value,
            "comment" | "备注" => &mut c.comment,
            "missing_reason" | "缺失原因" => &mut c.reason,
            _ if h.ends_with("年数值") => &mut c.value,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(i);
        }
    }
    c
}

/// Parsed rows or problems. `Ok` holds rows only when there is no problem.
pub type ReadResult = Result<Vec<(At, Row)>, Vec<Problem>>;

/// Most problems reported for one file (reading goes on to count rows, but stops storing).
pub const MAX_PROBLEMS: usize = 1000;
/// Columns read from a workbook row (the template uses 12).
const MAX_COLS: usize = 64;

/// A cell as read from a file.
enum Val {
    Empty,
    Num(f64),
    Text(String),
}

/// A row of cells, or a problem found while reading the container (a formula, bad XML).
type TableItem = Result<(usize, Vec<Val>), Problem>;

/// Turns a table (header row given) into rows: calls `each` for every well-formed row and
/// returns the problems. Stops early when `each` answers `false`.
fn rows_each(
    sheet: Option<&str>,
    table: impl Iterator<Item = TableItem>,
    headers: &[String],
    each: &mut dyn FnMut(At, Row) -> bool,
) -> Vec<Problem> {
    let cols = find_cols(headers);
    let mut problems = Vec::new();
    let missing: Vec<&str> = [
        ("region_code", cols.region),
        ("item_code", cols.item),
        ("year", cols.year),
        ("value", cols.value),
    ]
    .into_iter()
    .filter(|(_, c)| c.is_none())
    .map(|(n, _)| n)
    .collect();
    if !missing.is_empty() {
        return vec![Problem {
            sheet: sheet.map(str::to_string),
            row: 1,
            column: String::new(),
            reason: format!("表头缺少列: {}", missing.join(", ")),
        }];
    }
    let colname = |c: usize| {
        format!(
            "{} ({})",
            col_name(c),
            headers.get(c).map(String::as_str).unwrap_or("")
        )
    };
    let mut count = 0usize;
    for item in table {
        let (row, cells) = match item {
            Ok(x) => x,
            Err(p) => {
                problems.push(p);
                if problems.len() >= MAX_PROBLEMS {
                    break;
                }
                continue;
            }
        };
        if cells.iter().all(|v| match v {
            Val::Empty => true,
            Val::Text(t) => t.trim().is_empty(),
            Val::Num(_) => false,
        }) {
            continue;
        }
        count += 1;
        if count > MAX_ROWS {
            problems.push(Problem {
                sheet: sheet.map(str::to_string),
                row,
                column: String::new(),
                reason: format!("行数超过 {MAX_ROWS}"),
            });
            break;
        }
        let get = |c: Option<usize>| c.and_then(|c| cells.get(c)).unwrap_or(&Val::Empty);
        let text = |c: Option<usize>| match get(c) {
            Val::Empty => None,
            Val::Num(v) => Some(format!("{v}")),
            Val::Text(t) => Some(t.trim().to_string()).filter(|t| !t.is_empty()),
        };
        let before = problems.len();
        let mut bad = |c: Option<usize>, reason: String| {
            problems.push(Problem {
                sheet: sheet.map(str::to_string),
                row,
                column: c.map(colname).unwrap_or_default(),
                reason,
            })
        };
        let region = text(cols.region);
        let item = text(cols.item);
        if region.is_none() {
            bad(cols.region, "缺少地区代码".into());
        }
        if item.is_none() {
            bad(cols.item, "缺少数据项代码".into());
        }
        let year = match get(cols.year) {
            Val::Num(v) if v.fract() == 0.0 && (1949.0..=2100.0).contains(v) => Some(*v as i32),
            Val::Text(t) => match t.trim().parse::<i32>() {
                Ok(y) if (1949..=2100).contains(&y) => Some(y),
                _ => {
                    bad(cols.year, format!("年份无效: {t}"));
                    None
                }
            },
            Val::Empty => {
                bad(cols.year, "缺少年份".into());
                None
            }
            Val::Num(v) => {
                bad(cols.year, format!("年份无效: {v}"));
                None
            }
        };
        let value = match get(cols.value) {
            Val::Empty => None,
            Val::Num(v) if v.is_finite() => Some(*v),
            Val::Num(_) => {
                bad(cols.value, "数值无效".into());
                None
            }
            Val::Text(t) => {
                let s = t.trim().replace([',', ','], "");
                if s.is_empty() {
                    None
                } else {
                    match s.parse::<f64>() {
                        Ok(v) if v.is_finite() => Some(v),
                        _ => {
                            bad(cols.value, format!("数值单元格中是文本: {}", t.trim()));
                            None
                        }
                    }
                }
            }
        };
        if problems.len() >= MAX_PROBLEMS {
            problems.truncate(MAX_PROBLEMS);
            break;
        }
        if problems.len() > before {
            continue;
        }
        if let (Some(r), Some(i), Some(y)) = (region, item, year) {
            let go_on = each(
                At {
                    sheet: sheet.map(str::to_string),
                    row,
                },
                Row {
                    region_code: r,
                    item_code: i,
                    year: y,
                    value,
                    comment: text(cols.comment),
                    missing_reason: text(cols.reason),
                },
            );
            if !go_on {
                break;
            }
        }
    }
    problems
}

/// Collects a streaming read into a [`ReadResult`].
fn collect(read: impl FnOnce(&mut dyn FnMut(At, Row) -> bool) -> Vec<Problem>) -> ReadResult {
    let mut rows = Vec::new();
    let problems = read(&mut |at, row| {
        rows.push((at, row));
        true
    });
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

fn too_large(bytes: &[u8]) -> Option<Vec<Problem>> {
    (bytes.len() > MAX_FILE_BYTES)
        .then(|| file_problem(format!("文件超过 {} MB", MAX_FILE_BYTES / 1024 / 1024)))
}

fn val_of(d: calamine::DataRef<'_>) -> Val {
    use calamine::DataRef;
    match d {
        DataRef::Empty => Val::Empty,
        DataRef::Int(i) => Val::Num(i as f64),
        DataRef::Float(f) => Val::Num(f),
        DataRef::SharedString(s) => Val::Text(s.to_string()),
        DataRef::String(s) => Val::Text(s),
        other => Val::Text(calamine::Data::from(other).to_string()),
    }
}

/// Reads an uploaded workbook's data sheet.
pub fn read_xlsx(bytes: &[u8]) -> ReadResult {
    collect(|each| each_xlsx_row(bytes, each))
}

/// Streams the rows of a workbook's data sheet: the sheet's XML is read cell by cell, so
/// memory does not grow with the number of rows. Formulas, merged cells and bad containers
/// are problems.
pub fn each_xlsx_row(bytes: &[u8], each: &mut dyn FnMut(At, Row) -> bool) -> Vec<Problem> {
    use calamine::{Reader, Xlsx};
    if let Some(p) = too_large(bytes) {
        return p;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return file_problem(
            "这是旧版 Excel 97-2003 (.xls) 文件,请在 Excel 中另存为 .xlsx 后再上传",
        );
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return file_problem("不是有效的 .xlsx 文件");
    }
    if let Err(e) = check_zip(bytes) {
        return file_problem(e);
    }
    let mut wb: Xlsx<_> = match Xlsx::new(std::io::Cursor::new(bytes)) {
        Ok(wb) => wb,
        Err(e) => return file_problem(format!("无法打开工作簿: {e}")),
    };
    let names = wb.sheet_names().to_vec();
    if !names.iter().any(|n| n == SHEET) {
        return file_problem(format!(
            "找不到工作表“{SHEET}”(工作簿中的表: {});请使用下载的模板",
            names.join("、")
        ));
    }
    let sheet = Some(SHEET.to_string());
    let merged = wb.merge_cells_by_sheet_name(SHEET).unwrap_or_default();
    if let Some(m) = merged.first() {
        return vec![Problem {
            sheet,
            row: m.start.0 as usize + 1,
            column: col_name(m.start.1 as usize),
            reason: format!("表中有 {} 处合并单元格,请取消合并", merged.len()),
        }];
    }
    let mut reader = match wb.worksheet_cells_reader(SHEET) {
        Ok(r) => r,
        Err(e) => return file_problem(format!("无法读取工作表: {e}")),
    };
    let mut rows = XlsxRows {
        next: None,
        done: false,
        formulas: 0,
        pull: Box::new(move || match reader.next_cell_with_formula() {
            Ok(Some(c)) => Ok(Some((c.pos.0, c.pos.1, val_of(c.value), c.formula))),
            Ok(None) => Ok(None),
            Err(e) => Err(e.to_string()),
        }),
    };
    let Some(first) = rows.next() else {
        return file_problem(format!("工作表“{SHEET}”是空的"));
    };
    let head = match first {
        Ok((_, cells)) => cells,
        Err(p) => return vec![p],
    };
    let headers: Vec<String> = head
        .into_iter()
        .map(|v| match v {
            Val::Empty => String::new(),
            Val::Num(n) => format!("{n}"),
            Val::Text(t) => t,
        })
        .collect();
    rows_each(Some(SHEET), rows, &headers, each)
}

/// One pulled cell: position, value, formula text.
type Pulled = Result<Option<(u32, u32, Val, Option<String>)>, String>;

/// Groups the cells of a streaming sheet reader into rows (1-based row numbers, cells at
/// their absolute columns); formulas become problems.
struct XlsxRows<'a> {
    next: Option<(u32, u32, Val)>,
    done: bool,
    formulas: usize,
    pull: Box<dyn FnMut() -> Pulled + 'a>,
}

impl XlsxRows<'_> {
    fn pull(&mut self) -> Result<Option<(u32, u32, Val)>, Problem> {
        loop {
            match (self.pull)() {
                Ok(None) => return Ok(None),
                Ok(Some((r, c, v, f))) => {
                    if let Some(f) = f.filter(|f| !f.is_empty()) {
                        self.formulas += 1;
                        return Err(Problem {
                            sheet: Some(SHEET.into()),
                            row: r as usize + 1,
                            column: col_name(c as usize),
                            reason: format!("单元格中有公式 ={f},请粘贴为数值"),
                        });
                    }
                    if (c as usize) < MAX_COLS {
                        return Ok(Some((r, c, v)));
                    }
                }
                Err(e) => {
                    return Err(Problem {
                        sheet: Some(SHEET.into()),
                        row: 0,
                        column: String::new(),
                        reason: format!("无法读取工作表: {e}"),
                    })
                }
            }
        }
    }
}

impl Iterator for XlsxRows<'_> {
    type Item = TableItem;

    fn next(&mut self) -> Option<TableItem> {
        if self.done {
            return None;
        }
        let first = match self.next.take() {
            Some(c) => c,
            None => match self.pull() {
                Ok(Some(c)) => c,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(p) => {
                    // Bad XML ends the read; formulas (at most 20 reported) do not.
                    if p.row == 0 || self.formulas > 20 {
                        self.done = true;
                    }
                    return Some(Err(p));
                }
            },
        };
        let row = first.0;
        let mut cells: Vec<Val> = Vec::new();
        let mut put = |c: u32, v: Val| {
            let c = c as usize;
            while cells.len() <= c {
                cells.push(Val::Empty);
            }
            cells[c] = v;
        };
        put(first.1, first.2);
        loop {
            match self.pull() {
                Ok(Some((r, c, v))) if r == row => put(c, v),
                Ok(Some(other)) => {
                    self.next = Some(other);
                    break;
                }
                Ok(None) => {
                    self.done = true;
                    break;
                }
                Err(p) => {
                    if p.row == 0 || self.formulas > 20 {
                        self.done = true;
                    }
                    return Some(Err(p));
                }
            }
        }
        Some(Ok((row as usize + 1, cells)))
    }
}

/// Decodes a CSV: UTF-8 (with or without BOM) or GBK/GB18030.
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(b) {
        return Ok(s.to_string());
    }
    let (s, _, bad) = encoding_rs::GB18030.decode(b);
    if bad {
        return Err("文件编码无法识别 (须为 UTF-8 或 GBK)".into());
    }
    Ok(s.into_owned())
}

/// Reads a CSV with a header row (region_code,item_code,year,value,comment,missing_reason).
pub fn read_csv(bytes: &[u8]) -> ReadResult {
    collect(|each| each_csv_row(bytes, each))
}

/// Streams the rows of a CSV (decoded once, then read record by record).
pub fn each_csv_row(bytes: &[u8], each: &mut dyn FnMut(At, Row) -> bool) -> Vec<Problem> {
    if let Some(p) = too_large(bytes) {
        return p;
    }
    let text = match decode_text(bytes) {
        Ok(t) => t,
        Err(e) => return file_problem(e),
    };
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match rd.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => return file_problem(format!("无法读取表头: {e}")),
    };
    let mut failed = false;
    let records = rd.into_records().enumerate().map_while(|(i, r)| {
        if failed {
            return None;
        }
        Some(match r {
            Ok(r) => Ok((
                i + 2,
                r.iter()
                    .map(|s| {
                        if s.trim().is_empty() {
                            Val::Empty
                        } else {
                            Val::Text(s.to_string())
                        }
                    })
                    .collect(),
            )),
            Err(e) => {
                failed = true;
                Err(Problem {
                    sheet: None,
                    row: i + 2,
                    column: String::new(),
                    reason: format!("CSV 格式错误: {e}"),
                })
            }
        })
    });
    rows_each(None, records, &headers, each)
}

/// Reads JSON: an array of rows or `{"rows": [...]}`.
pub fn read_json(bytes: &[u8]) -> ReadResult {
    collect(|each| each_json_row(bytes, each))
}

/// Streams the rows of a JSON document: elements are deserialised one at a time, so
/// memory does not grow with the number of rows.
pub fn each_json_row(bytes: &[u8], each: &mut dyn FnMut(At, Row) -> bool) -> Vec<Problem> {
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    use std::fmt;
    if let Some(p) = too_large(bytes) {
        return p;
    }
    const SHAPE: &str = "JSON 须为数组或含 rows 数组的对象";
    struct Sink<'f> {
        each: &'f mut dyn FnMut(At, Row) -> bool,
        problems: Vec<Problem>,
        found: bool,
    }
    struct Elements<'a, 'f>(&'a mut Sink<'f>);
    impl<'de> Visitor<'de> for Elements<'_, '_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array of rows")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            self.0.found = true;
            let mut i = 0usize;
            let mut stopped = false;
            while let Some(v) = seq.next_element::<serde_json::Value>()? {
                i += 1;
                if stopped {
                    continue;
                }
                if i > MAX_ROWS {
                    self.0.problems.push(Problem {
                        sheet: None,
                        row: i,
                        column: String::new(),
                        reason: format!("行数超过 {MAX_ROWS}"),
                    });
                    stopped = true;
                    continue;
                }
                match serde_json::from_value::<Row>(v) {
                    Ok(r) => {
                        if !(self.0.each)(
                            At {
                                sheet: None,
                                row: i,
                            },
                            r,
                        ) {
                            stopped = true;
                        }
                    }
                    Err(e) => {
                        if self.0.problems.len() < MAX_PROBLEMS {
                            self.0.problems.push(Problem {
                                sheet: None,
                                row: i,
                                column: String::new(),
                                reason: format!("第 {i} 条记录无效: {e}"),
                            });
                        }
                    }
                }
            }
            Ok(())
        }
    }
    impl<'de> DeserializeSeed<'de> for Elements<'_, '_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_seq(self)
        }
    }
    struct Top<'a, 'f>(&'a mut Sink<'f>);
    impl<'de> Visitor<'de> for Top<'_, '_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(SHAPE)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
            Elements(self.0).visit_seq(seq)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(k) = map.next_key::<String>()? {
                if k == "rows" && !self.0.found {
                    map.next_value_seed(Elements(&mut *self.0))?;
                } else {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
            Ok(())
        }
    }
    let mut sink = Sink {
        each,
        problems: Vec::new(),
        found: false,
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let res = (&mut de)
        .deserialize_any(Top(&mut sink))
        .and_then(|_| de.end());
    match res {
        Err(e) if e.is_data() && !sink.found => file_problem(SHAPE),
        Err(e) => {
            let mut p = sink.problems;
            p.push(file_problem(format!("JSON 无效: {e}")).remove(0));
            p
        }
        Ok(()) if !sink.found => file_problem(SHAPE),
        Ok(()) => sink.problems,
    }
}

/// Reads a file by its extension (.xlsx, .csv, .json).
pub fn read_any(file_name: &str, bytes: &[u8]) -> ReadResult {
    collect(|each| each_row(file_name, bytes, each))
}

/// Streams a file by its extension (.xlsx, .csv, .json): calls `each` for every
/// well-formed row in file order (stop by answering `false`) and returns the problems
/// (at most [`MAX_PROBLEMS`]; none when the whole file is good).
pub fn each_row(
    file_name: &str,
    bytes: &[u8],
    each: &mut dyn FnMut(At, Row) -> bool,
) -> Vec<Problem> {
    let lower = file_name.to_lowercase();
    if lower.ends_with(".xlsx") {
        each_xlsx_row(bytes, each)
    } else if lower.ends_with(".csv") {
        each_csv_row(bytes, each)
    } else if lower.ends_with(".json") {
        each_json_row(bytes, each)
    } else {
        file_problem("只支持 .xlsx、.csv 和 .json 文件")
    }
}

/// Writes rows as CSV (UTF-8 with BOM so Excel opens it correctly).
pub fn write_csv(rows: &[Row]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let _ = w.write_record([
        "region_code",
        "item_code",
        "year",
        "value",
        "comment",
        "missing_reason",
    ]);
    for r in rows {
        let _ = w.write_record([
            r.region_code.clone(),
            r.item_code.clone(),
            r.year.to_string(),
            r.value.map(|v| v.to_string()).unwrap_or_default(),
            r.comment.clone().unwrap_or_default(),
            r.missing_reason.clone().unwrap_or_default(),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trow(item: &str, value: Option<f64>) -> TemplateRow {
        TemplateRow {
            region_code: "371400".into(),
            region_name: "德州市".into(),
            item_code: item.into(),
            item_name: "地区生产总值".into(),
            unit: Some("亿元".into()),
            year: 2025,
            previous: [Some(1.0), None, Some(3.0)],
            value,
            comment: None,
            missing_reason: None,
        }
    }

    #[test]
    fn template_round_trip() {
        let bytes = template(
            "德州 2025",
            &[trow("gdp", Some(4000.5)), trow("rd_expenditure", None)],
        )
        .unwrap();
        let rows = read_xlsx(&bytes).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0.row, 2);
        assert_eq!(rows[0].1.item_code, "gdp");
        assert_eq!(rows[0].1.value, Some(4000.5));
        assert_eq!(rows[1].1.value, None);
        assert_eq!(rows[1].1.year, 2025);
    }

    #[test]
    fn csv_utf8_and_gbk() {
        let text = "region_code,item_code,year,value,comment\n371400,gdp,2024,3900,备注\n";
        let a = read_csv(text.as_bytes()).unwrap();
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let b = read_csv(&gbk).unwrap();
        assert_eq!(a, b);
        assert_eq!(a[0].1.comment.as_deref(), Some("备注"));
    }

    #[test]
    fn text_in_number_cells_names_row_and_column() {
        let text = "region_code,item_code,year,value\n371400,gdp,2024,abc\n371400,gdp,20x4,1\n";
        let p = read_csv(text.as_bytes()).unwrap_err();
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].row, p[0].column.as_str()), (2, "D (value)"));
        assert!(p[0].reason.contains("abc"));
        assert_eq!(p[1].row, 3);
        assert!(p[1].column.starts_with('C'));
    }

    #[test]
    fn bad_containers() {
        assert!(read_xlsx(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0]).unwrap_err()[0]
            .reason
            .contains(".xls"));
        assert!(read_xlsx(b"hello").unwrap_err()[0]
            .reason
            .contains("不是有效"));
        assert!(read_any("a.txt", b"").is_err());
        assert!(read_json(b"{\"x\":1}").is_err());
        let p = read_json(br#"[{"region_code":"1","item_code":"g","year":"x"}]"#).unwrap_err();
        assert_eq!(p[0].row, 1);
    }

    #[test]
    fn missing_headers_are_reported() {
        let p = read_csv(b"a,b\n1,2\n").unwrap_err();
        assert!(p[0].reason.contains("region_code"));
    }

    #[test]
    fn json_streams_arrays_and_rows_objects() {
        let arr = br#"[{"region_code":"371400","item_code":"gdp","year":2024,"value":1},
                       {"region_code":"371400","item_code":"gdp","year":"bad"},
                       {"region_code":"371402","item_code":"gdp","year":2024,"value":2}]"#;
        let mut got = Vec::new();
        let p = each_json_row(arr, &mut |at, r| {
            got.push((at.row, r.region_code));
            true
        });
        assert_eq!(got, [(1, "371400".into()), (3, "371402".into())]);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].row, 2);
        // The object form, with other keys before and after "rows".
        let obj = br#"{"source":"x","rows":[{"region_code":"1","item_code":"g","year":2020,"value":3}],"n":1}"#;
        let rows = read_json(obj).unwrap();
        assert_eq!(rows[0].1.value, Some(3.0));
        // Truncated JSON names the problem; the rows before it were seen.
        let cut = &arr[..60];
        let p = read_json(cut).unwrap_err();
        assert!(p.last().unwrap().reason.contains("JSON 无效"), "{p:?}");
        assert!(read_json(b"42").unwrap_err()[0].reason.contains("数组"));
    }

    #[test]
    fn streaming_stops_when_asked() {
        let mut text = String::from("region_code,item_code,year,value\n");
        for y in 2000..2100 {
            text.push_str(&format!("371400,gdp,{y},1\n"));
        }
        let mut n = 0;
        let p = each_csv_row(text.as_bytes(), &mut |_, _| {
            n += 1;
            n < 10
        });
        assert!(p.is_empty());
        assert_eq!(n, 10);
    }

    #[test]
    fn workbook_rows_stream_with_absolute_positions() {
        let rows: Vec<TemplateRow> = (0..300)
            .map(|i| TemplateRow {
                year: 1950 + i,
                ..trow("gdp", Some(f64::from(i)))
            })
            .collect();
        let bytes = template("t", &rows).unwrap();
        let mut seen = Vec::new();
        let p = each_xlsx_row(&bytes, &mut |at, r| {
            seen.push((at.row, r.year, r.value));
            true
        });
        assert_eq!(seen.len(), 151, "1950..=2100 are rows");
        assert_eq!(p.len(), 149, "years beyond 2100 are problems");
        assert_eq!((p[0].row, p[0].column.as_str()), (153, "L (year)"));
        assert_eq!(seen[0], (2, 1950, Some(0.0)));
        assert_eq!(seen[150], (152, 2100, Some(150.0)));
    }

    #[test]
    fn column_letters() {
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
    }
}
