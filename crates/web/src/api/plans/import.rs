//! Importing a plan: extract a pasted or uploaded document (nothing saved), then save the
//! confirmed result in one transaction.

use crate::api::{base64_file, task_failed};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Body};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use innocity_db::plans::{Duplicate, PlanDetail, PlanIn};
use innocity_db::PageReq;
use innocity_domain::msg::common;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Largest document accepted for import (decoded text or uploaded file).
pub const MAX_DOC_BYTES: usize = 5 * 1024 * 1024;

/// A plan to extract: pasted text, or an uploaded file.
#[derive(Deserialize, JsonSchema)]
pub struct ExtractIn {
    /// Pasted text.
    #[serde(default)]
    text: Option<String>,
    /// Or an uploaded .txt/.docx file, base64-encoded.
    #[serde(default)]
    file_name: Option<String>,
    #[serde(default)]
    content_base64: Option<String>,
    #[serde(default)]
    participant_id: Option<i64>,
    /// Publication date (YYYY-MM-DD) to resolve 今年.
    #[serde(default)]
    published: Option<String>,
}

fn unprocessable(m: innocity_domain::Msg) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", m)
}

fn too_large(m: innocity_domain::Msg) -> ApiError {
    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", m)
}

fn decode_upload(b: &ExtractIn) -> ApiResult<String> {
    if let Some(t) = &b.text {
        if t.len() > MAX_DOC_BYTES {
            return Err(too_large(msg!(
                "too_large",
                "文本超过 5 MB",
                "The text is larger than 5 MB"
            )));
        }
        return Ok(t.clone());
    }
    let name = b.file_name.clone().unwrap_or_default();
    let Some(data) = &b.content_base64 else {
        let nothing = msg!(
            "required",
            "请粘贴文本或上传文件",
            "Paste a text or upload a file"
        );
        return Err(ApiError {
            fields: Some([("text".to_string(), nothing.clone())].into()),
            ..unprocessable(nothing)
        });
    };
    let lower = name.to_lowercase();
    if !(lower.ends_with(".txt") || lower.ends_with(".docx") || lower.is_empty()) {
        return Err(unprocessable(msg!(
            "invalid",
            "{name}: 只支持 .txt 和 .docx 文件",
            "{name}: only .txt and .docx files are accepted"
        )));
    }
    let bytes = base64_file(&name, data).map_err(ApiError::bad_request)?;
    if bytes.len() > MAX_DOC_BYTES {
        return Err(too_large(msg!(
            "too_large",
            "{name}: 文件超过 5 MB",
            "{name}: the file is larger than 5 MB"
        )));
    }
    if lower.ends_with(".docx") && !innocity_text::looks_like_zip(&bytes) {
        return Err(unprocessable(msg!(
            "invalid",
            "{name}: 不是有效的 .docx 文件",
            "{name}: not a valid .docx file"
        )));
    }
    innocity_text::decode_any(&bytes).map_err(|e| {
        unprocessable(msg!(
            "invalid",
            "{name}: 无法读取文件 ({e})",
            "{name}: the file cannot be read ({e})"
        ))
    })
}

async fn indicator_refs(st: &AppState) -> ApiResult<Vec<innocity_text::IndicatorRef>> {
    let lib = st
        .db
        .library()
        .indicators(
            None,
            PageReq {
                page: 1,
                per_page: 100_000,
            },
        )
        .await?;
    Ok(lib
        .items
        .into_iter()
        .map(|i| {
            let mut names = vec![i.name_zh];
            names.extend(i.synonyms);
            innocity_text::IndicatorRef {
                code: i.code,
                names,
            }
        })
        .collect())
}

/// A responsible unit's name as written, and the organisation it matched (if any).
#[derive(Serialize, JsonSchema)]
pub struct UnitMatch {
    name: String,
    org_id: Option<i64>,
    org_name: Option<String>,
}

/// What an extraction found, for the confirmation page.
#[derive(Serialize, JsonSchema)]
pub struct ExtractOut {
    original_text: String,
    normalised_text: String,
    /// Document facts, targets, tasks and phases (see `innocity_text::Extraction`).
    #[schemars(with = "serde_json::Value")]
    extraction: innocity_text::Extraction,
    units: Vec<UnitMatch>,
    /// Plans already saved that look like this one.
    duplicates: Vec<Duplicate>,
}

/// Repairs and extracts a document; saves nothing.
pub async fn extract(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<ExtractIn>,
) -> ApiResult<Json<ExtractOut>> {
    if !matches!(
        s.actor.role,
        innocity_domain::Role::Admin | innocity_domain::Role::Coordinator
    ) {
        return Err(ApiError::forbidden(msg!(
            "forbidden",
            "只有协调员或管理员可以导入实施方案",
            "Only coordinators and administrators may import plans"
        )));
    }
    if let Some(p) = b.published.as_deref().filter(|p| !p.is_empty()) {
        if chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").is_err() {
            return Err(ApiError {
                fields: Some([("published".to_string(), common::invalid_date())].into()),
                ..unprocessable(msg!(
                    "invalid",
                    "发布日期格式须为 YYYY-MM-DD",
                    "Use a publication date of the form YYYY-MM-DD"
                ))
            });
        }
    }
    let text = decode_upload(&b)?;
    let opts = innocity_text::Options {
        published: b.published.clone().filter(|p| !p.is_empty()),
        indicators: indicator_refs(&st).await?,
    };
    let x = tokio::task::spawn_blocking({
        let text = text.clone();
        move || innocity_text::extract(&text, &opts)
    })
    .await
    .map_err(|_| task_failed())?;
    let names: BTreeSet<String> = x
        .tasks
        .iter()
        .flat_map(|t| t.lead.iter().chain(&t.cooperating))
        .cloned()
        .collect();
    let names: Vec<String> = names.into_iter().collect();
    let resolved = st.db.plans().resolve_units(&names).await?;
    let units = resolved
        .into_iter()
        .map(|(name, o)| UnitMatch {
            name,
            org_id: o.as_ref().map(|x| x.0),
            org_name: o.map(|x| x.1),
        })
        .collect();
    let duplicates = st
        .db
        .plans()
        .duplicates(
            &s.actor,
            b.participant_id,
            &text,
            x.document.doc_number.as_deref(),
        )
        .await?;
    Ok(Json(ExtractOut {
        original_text: text,
        normalised_text: x.text.clone(),
        extraction: x,
        units,
        duplicates,
    }))
}

pass_through!(create(PlanIn) -> Created<PlanDetail> = plans.save);
