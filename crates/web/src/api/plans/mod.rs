//! Plan import and plan pages: extract (nothing saved), confirm (one transaction), list,
//! detail with a department filter, responsibility matrix, original text, Excel export.

use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Body, Q};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use innocity_db::plans::PlanIn;
use innocity_db::PageReq;
use innocity_domain::msg::common;
use innocity_office::{Cell, Sheet};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// Largest document accepted for import (decoded text or uploaded file).
pub const MAX_DOC_BYTES: usize = 5 * 1024 * 1024;

#[derive(Deserialize)]
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

fn decode_upload(b: &ExtractIn) -> ApiResult<String> {
    if let Some(t) = &b.text {
        if t.len() > MAX_DOC_BYTES {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "文本超过 5 MB",
            ));
        }
        return Ok(t.clone());
    }
    let name = b.file_name.clone().unwrap_or_default();
    let Some(data) = &b.content_base64 else {
        return Err(ApiError {
            fields: Some(
                [(
                    "text".to_string(),
                    msg!(
                        "required",
                        "请粘贴文本或上传文件",
                        "Paste a text or upload a file"
                    ),
                )]
                .into(),
            ),
            ..ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                "请粘贴文本或上传文件",
            )
        });
    };
    let lower = name.to_lowercase();
    if !(lower.ends_with(".txt") || lower.ends_with(".docx") || lower.is_empty()) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            format!("{name}: 只支持 .txt 和 .docx 文件"),
        ));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.as_bytes())
        .map_err(|e| ApiError::bad_request(format!("{name}: 文件内容不是有效的 base64 ({e})")))?;
    if bytes.len() > MAX_DOC_BYTES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("{name}: 文件超过 5 MB"),
        ));
    }
    if lower.ends_with(".docx") && !innocity_text::looks_like_zip(&bytes) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            format!("{name}: 不是有效的 .docx 文件"),
        ));
    }
    innocity_text::decode_any(&bytes).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            format!("{name}: {e}"),
        )
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

/// Repairs and extracts a document; saves nothing.
pub async fn extract(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<ExtractIn>,
) -> ApiResult<Json<Value>> {
    if !matches!(
        s.actor.role,
        innocity_domain::Role::Admin | innocity_domain::Role::Coordinator
    ) {
        return Err(ApiError::forbidden("只有协调员或管理员可以导入实施方案"));
    }
    if let Some(p) = b.published.as_deref().filter(|p| !p.is_empty()) {
        if chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").is_err() {
            return Err(ApiError {
                fields: Some([("published".to_string(), common::invalid_date())].into()),
                ..ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid",
                    msg!(
                        "invalid",
                        "发布日期格式须为 YYYY-MM-DD",
                        "Use a publication date of the form YYYY-MM-DD"
                    ),
                )
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
    .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "解析失败"))?;
    let names: BTreeSet<String> = x
        .tasks
        .iter()
        .flat_map(|t| t.lead.iter().chain(&t.cooperating))
        .cloned()
        .collect();
    let names: Vec<String> = names.into_iter().collect();
    let resolved = st.db.plans().resolve_units(&names).await?;
    let units: Vec<Value> = resolved.into_iter().map(|(n, o)| json!({"name": n, "org_id": o.as_ref().map(|x| x.0), "org_name": o.map(|x| x.1)})).collect();
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
    Ok(Json(json!({
        "original_text": text,
        "normalised_text": x.text,
        "extraction": x,
        "units": units,
        "duplicates": duplicates,
    })))
}

pub async fn create(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<PlanIn>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    Ok((
        StatusCode::CREATED,
        Json(json!(st.db.plans().save(&s.actor, &b).await?)),
    ))
}

#[derive(Deserialize, Default)]
pub struct PlanQ {
    participant_id: Option<i64>,
    org_id: Option<i64>,
    #[serde(default)]
    all: bool,
}

pub async fn list(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<PlanQ>,
) -> ApiResult<Json<Value>> {
    let items = st
        .db
        .plans()
        .list(&s.actor, q.participant_id, q.all)
        .await?;
    let n = items.len();
    Ok(Json(
        json!({"items": items, "total": n, "page": 1, "per_page": n}),
    ))
}

fn id(s: &str) -> ApiResult<i64> {
    s.parse::<i64>()
        .map_err(|_| ApiError::not_found(format!("编号 {s} 无效")))
}

pub async fn detail(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(pid): Path<String>,
    Q(q): Q<PlanQ>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        st.db.plans().get(&s.actor, id(&pid)?, q.org_id).await?
    )))
}

/// The original text with highlights: `spans` are `[start, end)` in characters of `text`,
/// keyed `target-<id>`, `task-<id>`, `task-<id>-unit-<n>` and `phase-<id>`.
pub async fn text(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(pid): Path<String>,
) -> ApiResult<Json<Value>> {
    let pid = id(&pid)?;
    let text = st.db.plans().text(&s.actor, pid).await?;
    let d = st.db.plans().get(&s.actor, pid, None).await?;
    let offset = |o: Option<i64>| o.and_then(|o| usize::try_from(o).ok());
    let targets: Vec<innocity_text::TargetRef> = d
        .targets
        .iter()
        .map(|t| innocity_text::TargetRef {
            key: format!("target-{}", t.id),
            offset: offset(t.text_offset),
            source_text: t.source_text.clone(),
        })
        .collect();
    let tasks: Vec<innocity_text::TaskRef> = d
        .tasks
        .iter()
        .map(|t| innocity_text::TaskRef {
            key: format!("task-{}", t.id),
            offset: offset(t.offset),
            number: t.number.clone(),
            title: t.title.clone(),
            units: t
                .units
                .iter()
                .map(|u| (u.name.clone(), u.role.clone()))
                .collect(),
        })
        .collect();
    let phases: Vec<innocity_text::PhaseRef> = d
        .phases
        .iter()
        .map(|p| innocity_text::PhaseRef {
            key: format!("phase-{}", p.id),
            text: p.text.clone(),
        })
        .collect();
    let published = d.plan.doc_date.clone();
    let (text, spans) = tokio::task::spawn_blocking(move || {
        let spans = innocity_text::locate(&text, published.as_deref(), &targets, &tasks, &phases);
        (text, spans)
    })
    .await
    .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "解析失败"))?;
    Ok(Json(json!({"text": text, "spans": spans})))
}

pub async fn matrix(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(pid): Path<String>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        st.db.plans().matrix(&s.actor, id(&pid)?).await?
    )))
}

fn comparator_zh(c: &str) -> &'static str {
    match c {
        "ge" => "≥ (以上/不低于)",
        "gt" => "> (突破/超过)",
        "le" => "≤ (以下/不超过)",
        "lt" => "< (低于)",
        "approx" => "≈ (左右)",
        "range" => "区间",
        _ => "= (达到)",
    }
}

/// Targets and tasks as an Excel workbook.
pub async fn export(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(pid): Path<String>,
) -> ApiResult<Response> {
    let d = st.db.plans().get(&s.actor, id(&pid)?, None).await?;
    let targets = Sheet {
        name: "目标".into(),
        title: Some(format!("{} — 目标", d.plan.title)),
        headers: [
            "序号",
            "指标",
            "指标代码",
            "比较",
            "目标值",
            "上限",
            "单位",
            "目标年",
            "变化量",
            "原文",
        ]
        .map(String::from)
        .to_vec(),
        widths: vec![6.0, 30.0, 22.0, 14.0, 10.0, 8.0, 10.0, 8.0, 8.0, 40.0],
        rows: d
            .targets
            .iter()
            .map(|t| {
                vec![
                    Cell::Number(t.seq as f64),
                    t.indicator_text.clone().into(),
                    t.indicator_code.clone().into(),
                    comparator_zh(&t.comparator).into(),
                    t.value.into(),
                    t.value_max.into(),
                    t.unit.clone().into(),
                    t.year.into(),
                    (if t.delta { "是" } else { "" }).into(),
                    t.source_text.clone().into(),
                ]
            })
            .collect(),
    };
    let units = |t: &innocity_db::plans::TaskView, roles: &[&str]| {
        t.units
            .iter()
            .filter(|u| roles.contains(&u.role.as_str()))
            .map(|u| u.org_name.clone())
            .collect::<Vec<_>>()
            .join("、")
    };
    let tasks = Sheet {
        name: "任务".into(),
        title: Some(format!("{} — 重点任务", d.plan.title)),
        headers: [
            "序号",
            "编号",
            "任务",
            "所属部分",
            "牵头单位",
            "配合单位",
            "共同负责",
            "时限",
        ]
        .map(String::from)
        .to_vec(),
        widths: vec![6.0, 6.0, 40.0, 30.0, 24.0, 30.0, 30.0, 12.0],
        rows: d
            .tasks
            .iter()
            .map(|t| {
                vec![
                    Cell::Number(t.seq as f64),
                    t.number.clone().into(),
                    t.title.clone().into(),
                    t.group.clone().into(),
                    units(t, &["lead"]).into(),
                    units(t, &["coop"]).into(),
                    units(t, &["joint"]).into(),
                    t.deadline.clone().into(),
                ]
            })
            .collect(),
    };
    let bytes = innocity_office::workbook(&[targets, tasks])
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?;
    let fname = format!("plan-{}.xlsx", d.plan.id);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{fname}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// This area's routes (paths relative to `/api/v1`).
pub fn routes() -> crate::routes::Routes {
    use crate::routes::{Access::*, Routes};
    Routes::new("plans")
        .post("/plans/extract", Import, "Repair and extract a pasted or uploaded plan; saves nothing", extract)
        .post("/plans", Import, "Save a confirmed import (plan, targets, tasks, units, phases)", create)
        .get("/plans", Authed, "Plans in scope (filter by participant_id; all=true adds superseded revisions)", list)
        .get("/plans/{id}", Authed, "One plan with targets, tasks and phases (org_id filters tasks)", detail)
        .get("/plans/{id}/text", Authed, "The plan's original text, verbatim, with highlight spans (targets, tasks, units, phases)", text)
        .get("/plans/{id}/matrix", Authed, "Responsibility matrix: tasks × organisations", matrix)
        .get("/plans/{id}/export.xlsx", Authed, "Targets and tasks as an Excel workbook", export)
}
