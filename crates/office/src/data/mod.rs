//! Monitoring data files: the pre-filled Excel entry template, and readers of uploaded
//! workbooks (.xlsx), CSV (UTF-8 or GBK) and JSON into rows by codes, with row-level
//! problems (sheet, row, column, reason). Pure: bytes in, rows or problems out.
//!
//! A workbook is refused before it is opened when it is too large, is not a ZIP container
//! (an old .xls renamed .xlsx, say) or would inflate beyond [`MAX_UNCOMPRESSED`] or by more
//! than [`MAX_RATIO`] (a zip bomb). Merged cells and formulas in the data sheet are refused;
//! text in the value column is reported per cell.

use innocity_domain::{msg, Msg};
use rust_xlsxwriter::{DataValidation, DataValidationRule, Format, FormatBorder, Workbook};
use serde::{Deserialize, Serialize};

mod template;
mod text;
mod xlsx;

pub use template::*;
pub use text::*;
pub use xlsx::*;

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
    pub reason: Msg,
}

fn file_problem(reason: Msg) -> Vec<Problem> {
    vec![Problem {
        sheet: None,
        row: 0,
        column: String::new(),
        reason,
    }]
}

fn too_many_rows() -> Msg {
    msg!(
        "too_many_rows",
        "行数超过 {MAX_ROWS}",
        "More than {MAX_ROWS} rows"
    )
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
            reason: {
                let cols = missing.join(", ");
                msg!(
                    "missing_columns",
                    "表头缺少列: {cols}",
                    "The header lacks the columns: {cols}"
                )
            },
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
                reason: too_many_rows(),
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
        let mut bad = |c: Option<usize>, reason: Msg| {
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
            let m = msg!("required", "缺少地区代码", "The region code is missing");
            bad(cols.region, m);
        }
        if item.is_none() {
            let m = msg!("required", "缺少数据项代码", "The item code is missing");
            bad(cols.item, m);
        }
        let year = match get(cols.year) {
            Val::Num(v) if v.fract() == 0.0 && (1949.0..=2100.0).contains(v) => Some(*v as i32),
            Val::Text(t) => match t.trim().parse::<i32>() {
                Ok(y) if (1949..=2100).contains(&y) => Some(y),
                _ => {
                    bad(
                        cols.year,
                        msg!("invalid_year", "年份无效: {t}", "Invalid year: {t}"),
                    );
                    None
                }
            },
            Val::Empty => {
                bad(
                    cols.year,
                    msg!("required", "缺少年份", "The year is missing"),
                );
                None
            }
            Val::Num(v) => {
                bad(
                    cols.year,
                    msg!("invalid_year", "年份无效: {v}", "Invalid year: {v}"),
                );
                None
            }
        };
        let value = match get(cols.value) {
            Val::Empty => None,
            Val::Num(v) if v.is_finite() => Some(*v),
            Val::Num(_) => {
                bad(cols.value, innocity_domain::msg::common::invalid_number());
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
                            let t = t.trim();
                            bad(
                                cols.value,
                                msg!(
                                    "invalid_number",
                                    "数值单元格中是文本: {t}",
                                    "The value cell holds text: {t}"
                                ),
                            );
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
        file_problem(msg!(
            "unsupported_format",
            "只支持 .xlsx、.csv 和 .json 文件",
            "Only .xlsx, .csv and .json files are supported"
        ))
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
            crate::csv_text(&r.region_code).into_owned(),
            crate::csv_text(&r.item_code).into_owned(),
            r.year.to_string(),
            r.value.map(|v| v.to_string()).unwrap_or_default(),
            crate::csv_text(r.comment.as_deref().unwrap_or_default()).into_owned(),
            crate::csv_text(r.missing_reason.as_deref().unwrap_or_default()).into_owned(),
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
    fn csv_export_neutralises_formulas_and_imports_unchanged() {
        let row = Row {
            region_code: "371400".into(),
            item_code: "gdp".into(),
            year: 2024,
            value: Some(-3.5),
            comment: Some("=HYPERLINK(\"http://x\")".into()),
            missing_reason: Some("@cmd".into()),
        };
        let bytes = write_csv(std::slice::from_ref(&row));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("'=HYPERLINK"), "{text}");
        assert!(text.contains("'@cmd"), "{text}");
        assert!(text.contains(",-3.5,"), "numbers stay numbers: {text}");
        let back = read_csv(&bytes).unwrap();
        assert_eq!(back[0].1, row);
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
        assert!(p[0].reason.zh.contains("abc"));
        assert_eq!(p[1].row, 3);
        assert!(p[1].column.starts_with('C'));
    }

    #[test]
    fn bad_containers() {
        assert!(read_xlsx(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0]).unwrap_err()[0]
            .reason
            .zh
            .contains(".xls"));
        assert!(read_xlsx(b"hello").unwrap_err()[0]
            .reason
            .zh
            .contains("不是有效"));
        assert!(read_any("a.txt", b"").is_err());
        assert!(read_json(b"{\"x\":1}").is_err());
        let p = read_json(br#"[{"region_code":"1","item_code":"g","year":"x"}]"#).unwrap_err();
        assert_eq!(p[0].row, 1);
    }

    #[test]
    fn missing_headers_are_reported() {
        let p = read_csv(b"a,b\n1,2\n").unwrap_err();
        assert!(p[0].reason.zh.contains("region_code"));
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
        assert!(p.last().unwrap().reason.zh.contains("JSON 无效"), "{p:?}");
        assert!(read_json(b"42").unwrap_err()[0].reason.zh.contains("数组"));
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
