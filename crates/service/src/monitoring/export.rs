//! Data export (数据导出) in a file format: the same bytes for the web download and the CLI.

use innocity_db::monitoring::{status_label, ExportRow};
use innocity_office::{data as office_data, Cell, Sheet};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    Xlsx,
}

impl Format {
    /// `json`, `csv` or `xlsx`; None for anything else.
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// The rows by codes, as the importer reads them back.
pub fn plain(rows: &[ExportRow]) -> Vec<office_data::Row> {
    rows.iter()
        .map(|r| office_data::Row {
            region_code: r.region_code.clone(),
            item_code: r.item_code.clone(),
            year: r.year,
            value: r.value,
            comment: r.comment.clone(),
            missing_reason: r.missing_reason.clone(),
        })
        .collect()
}

/// The file: JSON `{"rows": […]}` by codes, CSV by codes, or a workbook with names beside the
/// codes (the importer reads it back by its code columns).
pub fn render(rows: &[ExportRow], format: Format) -> Result<Vec<u8>, String> {
    match format {
        Format::Json => serde_json::to_vec_pretty(&serde_json::json!({"rows": plain(rows)}))
            .map_err(|e| e.to_string()),
        Format::Csv => Ok(office_data::write_csv(&plain(rows))),
        Format::Xlsx => {
            let headers = [
                "region_code",
                "地区",
                "item_code",
                "数据项",
                "单位",
                "year",
                "value",
                "comment",
                "missing_reason",
                "状态",
            ];
            let sheet = Sheet {
                name: "数据".into(),
                title: None,
                headers: headers.map(String::from).to_vec(),
                widths: vec![12.0, 14.0, 26.0, 30.0, 8.0, 8.0, 12.0, 20.0, 20.0, 10.0],
                rows: rows.iter().map(xlsx_row).collect(),
            };
            innocity_office::workbook(&[sheet]).map_err(|e| e.to_string())
        }
    }
}

fn xlsx_row(r: &ExportRow) -> Vec<Cell> {
    vec![
        r.region_code.clone().into(),
        r.region_name.clone().into(),
        r.item_code.clone().into(),
        r.item_name.clone().into(),
        r.unit.clone().into(),
        Cell::Number(r.year as f64),
        r.value.into(),
        r.comment.clone().into(),
        r.missing_reason.clone().into(),
        status_label(&r.status).into(),
    ]
}
