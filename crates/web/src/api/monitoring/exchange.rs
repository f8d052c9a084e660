//! Data in and out by codes: the pre-filled Excel template of an assignment, the export of
//! a region's values (JSON, CSV, Excel), and the import (dry run, then all or nothing).

use crate::api::{base64_file, write_failed, XLSX};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Body, Id, Q};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use innocity_db::monitoring::{ExportRow, ImportReport, RowError};
use innocity_domain::Msg;
use innocity_office::data as office_data;
use innocity_service::monitoring::export;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Largest import request body: a base64-encoded file a little over the file limit, so the
/// file limit answers with a clear report.
pub const MAX_UPLOAD_BODY: usize = 32 * 1024 * 1024;

/// A region's values by codes.
#[derive(Serialize, JsonSchema)]
pub struct ExportOut {
    rows: Vec<ExportRow>,
}

/// A file that could not be read at all (422).
#[derive(Serialize)]
struct ImportFailed {
    error: Msg,
    code: &'static str,
    fields: BTreeMap<&'static str, Msg>,
    errors: Vec<RowError>,
    committed: bool,
}

/// The import report; with rows in error (422) also `error` and `code`.
#[derive(Serialize)]
struct ImportOut {
    #[serde(flatten)]
    report: ImportReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'static str>,
}

pub(super) fn file_response(bytes: Vec<u8>, mime: &str, name: &str) -> Response {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The pre-filled Excel template of an assignment.
pub async fn template(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(aid): Id,
) -> ApiResult<Response> {
    let d = st.db.monitoring().assignment(&s.actor, aid).await?;
    let a = &d.assignment;
    let rows: Vec<office_data::TemplateRow> = d
        .rows
        .iter()
        .map(|r| office_data::TemplateRow {
            region_code: a.region_code.clone(),
            region_name: a.region_name.clone(),
            item_code: r.item.code.clone(),
            item_name: r.item.name_zh.clone(),
            unit: r.item.unit.clone(),
            year: a.year,
            previous: [
                r.previous.first().and_then(|p| p.value),
                r.previous.get(1).and_then(|p| p.value),
                r.previous.get(2).and_then(|p| p.value),
            ],
            value: r.value,
            comment: r.comment.clone(),
            missing_reason: r.missing_reason.clone(),
        })
        .collect();
    let bytes = office_data::template(
        &format!("{} — {} — {}", a.form_name, a.org_name, a.region_name),
        &rows,
    )
    .map_err(write_failed)?;
    Ok(file_response(
        bytes,
        XLSX,
        &format!("{}-{}-{}.xlsx", a.year, a.region_code, a.id),
    ))
}

#[derive(Deserialize)]
pub struct ExportQ {
    region: String,
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    format: Option<String>,
}

pub async fn export(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ExportQ>,
) -> ApiResult<Response> {
    let rows = st
        .db
        .monitoring()
        .export_values(&s.actor, &q.region, q.year)
        .await?;
    let name = format!(
        "data-{}-{}",
        q.region,
        q.year.map_or("all".to_string(), |y| y.to_string())
    );
    let fmt = q.format.as_deref().unwrap_or("json");
    let Some(format) = export::Format::parse(fmt) else {
        return Err(ApiError::bad_request(msg!(
            "bad_request",
            "查询参数无效: format 须为 json/csv/xlsx,不是 {fmt}",
            "Invalid query parameters: format must be json, csv or xlsx, not {fmt}"
        )));
    };
    if format == export::Format::Json {
        return Ok(Json(ExportOut { rows }).into_response());
    }
    let bytes = export::render(&rows, format).map_err(write_failed)?;
    let file = format!("{name}.{}", format.extension());
    Ok(file_response(bytes, format.content_type(), &file))
}

/// A data file to import: its name (the extension says the format) and content.
#[derive(Deserialize, JsonSchema)]
pub struct ImportIn {
    file_name: String,
    content_base64: String,
    #[serde(default)]
    dry_run: bool,
}

/// Upload: dry run first (report only), then an all-or-nothing commit.
pub async fn import(
    State(st): State<AppState>,
    Authed(s): Authed,
    headers: HeaderMap,
    Body(b): Body<ImportIn>,
) -> ApiResult<Response> {
    // The report is an answer, not an error: its summary is written in the caller's language.
    let lang = crate::i18n::lang(&headers);
    if !crate::routes::Access::DataImport.allows(s.actor.role) {
        return Err(ApiError::forbidden(msg!(
            "forbidden",
            "无权导入数据",
            "You may not import data"
        )));
    }
    let name = b.file_name.trim().to_string();
    let bytes = base64_file(&name, &b.content_base64).map_err(ApiError::bad_request)?;
    let bytes: Arc<[u8]> = bytes.into();
    let report = st
        .db
        .monitoring()
        .import_stream(
            &s.actor,
            || innocity_service::monitoring::import::stream_file(&name, bytes.clone()),
            b.dry_run,
        )
        .await?;
    if report.invalid_file {
        let first = report.errors.first().map_or_else(
            || msg!("invalid_file", "文件无法读取", "The file cannot be read"),
            |e| e.reason.clone(),
        );
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(ImportFailed {
                error: first.wrap(&format!("{name}: {{}}"), &format!("{name}: {{}}")),
                code: "invalid_file",
                fields: [("file", first)].into(),
                errors: report.errors,
                committed: false,
            }),
        )
            .into_response());
    }
    if report.rows == 0 {
        return Err(ApiError {
            fields: Some(
                [(
                    "file".to_string(),
                    msg!("no_rows", "文件中没有数据行", "The file has no data rows"),
                )]
                .into(),
            ),
            ..ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                msg!(
                    "invalid",
                    "{name}: 文件中没有数据行",
                    "{name}: the file has no data rows"
                ),
            )
        });
    }
    let status = if report.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let n = report.errors.len();
    let error = (n > 0).then(|| {
        msg!(
            "invalid_rows",
            "{name}: {n} 行有误,未写入任何数据",
            "{name}: {n} rows are wrong; nothing was written"
        )
        .text(lang)
        .to_string()
    });
    let body = ImportOut {
        code: error.as_ref().map(|_| "invalid_rows"),
        error,
        report,
    };
    Ok((status, Json(body)).into_response())
}
