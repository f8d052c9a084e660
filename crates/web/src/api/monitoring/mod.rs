//! Monitoring API: data items, forms and assignments, entry with validation, submission and
//! review, completeness, series, the target scorecard (cockpit), Excel templates and
//! import/export by codes. Scoping and workflow rules live in `innocity_db::monitoring`.

use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Body, Q};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use innocity_db::monitoring::{FormIn, ReviewIn, Scorecard, ValueIn};
use innocity_domain::Role;
use innocity_office::data as office_data;
use innocity_office::{Cell, Sheet};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

fn id(s: &str) -> ApiResult<i64> {
    s.parse().map_err(|_| ApiError::not_found("不存在"))
}

fn file_response(bytes: Vec<u8>, mime: &str, name: &str) -> Response {
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

/// Largest import request body: a base64-encoded file a little over the file limit, so the
/// file limit answers with a clear report.
pub const MAX_UPLOAD_BODY: usize = 32 * 1024 * 1024;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub async fn items(State(st): State<AppState>, Authed(_s): Authed) -> ApiResult<Json<Value>> {
    st.db.monitoring().seed_data_items().await?;
    Ok(Json(
        json!({"items": st.db.monitoring().data_items().await?}),
    ))
}

pub async fn forms(State(st): State<AppState>, Authed(s): Authed) -> ApiResult<Json<Value>> {
    Ok(Json(
        json!({"items": st.db.monitoring().forms(&s.actor).await?}),
    ))
}

pub async fn create_form(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<FormIn>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        st.db.monitoring().create_form(&s.actor, &b).await?
    )))
}

#[derive(Deserialize)]
pub struct ListQ {
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    form_id: Option<i64>,
}

/// "What is due and by when" (reporters) or every assignment in scope, with completeness.
pub async fn assignments(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<Value>> {
    let rows = st
        .db
        .monitoring()
        .assignments(&s.actor, q.year, q.form_id)
        .await?;
    let summary = st.db.monitoring().completeness(&s.actor, q.year).await?;
    Ok(Json(json!({"items": rows, "completeness": summary})))
}

pub async fn assignment(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(aid): Path<String>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        st.db.monitoring().assignment(&s.actor, id(&aid)?).await?
    )))
}

#[derive(Deserialize)]
pub struct ValuesIn {
    values: Vec<ValueIn>,
}

fn require_reporter(role: Role) -> ApiResult<()> {
    if crate::routes::Access::Report.allows(role) {
        Ok(())
    } else {
        Err(ApiError::forbidden("只有填报员可以填写数据"))
    }
}

pub async fn save_values(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(aid): Path<String>,
    Body(b): Body<ValuesIn>,
) -> ApiResult<Json<Value>> {
    require_reporter(s.actor.role)?;
    Ok(Json(json!(
        st.db
            .monitoring()
            .save_values(&s.actor, id(&aid)?, &b.values)
            .await?
    )))
}

/// Checks typed values without saving.
pub async fn check_values(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(aid): Path<String>,
    Body(b): Body<ValuesIn>,
) -> ApiResult<Json<Value>> {
    require_reporter(s.actor.role)?;
    let v = st
        .db
        .monitoring()
        .check_values(&s.actor, id(&aid)?, &b.values)
        .await?;
    Ok(Json(json!({"violations": v})))
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn submit(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(aid): Path<String>,
    Body(_b): Body<Empty>,
) -> ApiResult<Json<Value>> {
    require_reporter(s.actor.role)?;
    Ok(Json(json!(
        st.db.monitoring().submit(&s.actor, id(&aid)?).await?
    )))
}

pub async fn review(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(aid): Path<String>,
    Body(b): Body<ReviewIn>,
) -> ApiResult<Json<Value>> {
    if !crate::routes::Access::Review.allows(s.actor.role) {
        return Err(ApiError::forbidden("无权审核数据"));
    }
    Ok(Json(json!(
        st.db.monitoring().review(&s.actor, id(&aid)?, &b).await?
    )))
}

#[derive(Deserialize)]
pub struct ValueQ {
    region: String,
    item: String,
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    approved_only: bool,
}

pub async fn history(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ValueQ>,
) -> ApiResult<Json<Value>> {
    let Some(year) = q.year else {
        return Err(ApiError::bad_request("查询参数无效: 缺少 year"));
    };
    Ok(Json(json!({
        "items": st.db.monitoring().observation_history(&s.actor, &q.region, &q.item, year).await?
    })))
}

pub async fn series(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ValueQ>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!({
        "items": st.db.monitoring().series(&s.actor, &q.region, &q.item, q.approved_only).await?
    })))
}

#[derive(Deserialize)]
pub struct ScoreQ {
    /// Include submitted (not yet approved) values.
    #[serde(default)]
    unapproved: bool,
}

/// The participant cockpit: scorecard with each target's series and data completeness.
pub async fn scorecard(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(pid): Path<String>,
    Q(q): Q<ScoreQ>,
) -> ApiResult<Response> {
    let sc = st
        .db
        .monitoring()
        .cockpit(&s.actor, id(&pid)?, !q.unapproved, st.cfg.clock.today())
        .await?;
    // Straight to bytes: the cockpit is the hottest read, no intermediate JSON tree.
    let body = serde_json::to_vec(&*sc)
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

fn fmt_opt(v: Option<f64>, digits: usize) -> Cell {
    v.map_or(Cell::Empty, |x| {
        let p = 10f64.powi(digits as i32);
        Cell::Number((x * p).round() / p)
    })
}

pub async fn scorecard_xlsx(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(pid): Path<String>,
    Q(q): Q<ScoreQ>,
) -> ApiResult<Response> {
    let sc = st
        .db
        .monitoring()
        .cockpit(&s.actor, id(&pid)?, !q.unapproved, st.cfg.clock.today())
        .await?;
    let sheet = Sheet {
        name: "目标监测".into(),
        title: Some(format!(
            "{} — {}",
            sc.region_name,
            sc.plan_title.clone().unwrap_or_default()
        )),
        headers: [
            "指标",
            "代码",
            "比较",
            "目标值",
            "单位",
            "目标年",
            "基期",
            "基期值",
            "最新年",
            "最新值",
            "进度",
            "需年均增长",
            "实际年均增长",
            "预测值",
            "预测方法",
            "状态",
        ]
        .map(String::from)
        .to_vec(),
        widths: vec![
            28.0, 22.0, 8.0, 10.0, 8.0, 8.0, 8.0, 10.0, 8.0, 10.0, 8.0, 10.0, 10.0, 10.0, 10.0,
            10.0,
        ],
        rows: sc
            .rows
            .iter()
            .map(|r| {
                let t = &r.tracking;
                vec![
                    r.indicator_text.clone().into(),
                    r.indicator.clone().into(),
                    r.comparator.clone().into(),
                    r.target_value.into(),
                    r.unit.clone().into(),
                    r.target_year.into(),
                    t.baseline.map(|p| p.year).into(),
                    fmt_opt(t.baseline.map(|p| p.value), 4),
                    t.latest.map(|p| p.year).into(),
                    fmt_opt(t.latest.map(|p| p.value), 4),
                    fmt_opt(t.progress, 4),
                    fmt_opt(t.required_growth, 4),
                    fmt_opt(t.actual_growth, 4),
                    fmt_opt(t.forecast, 4),
                    t.forecast_method.map(str::to_string).into(),
                    t.status_label.into(),
                ]
            })
            .collect(),
    };
    let sheets = [
        sheet,
        trend_sheet(&sc),
        completeness_sheet(&sc),
        history_sheet(&sc),
    ];
    let bytes = innocity_office::workbook(&sheets)
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?;
    Ok(file_response(
        bytes,
        XLSX,
        &format!("scorecard-{}.xlsx", sc.region_code),
    ))
}

/// The data of every trend chart of the cockpit: one row per target and year, with the
/// target line.
fn trend_sheet(sc: &Scorecard) -> Sheet {
    Sheet {
        name: "趋势".into(),
        title: Some(format!("{} — 指标趋势与目标线", sc.region_name)),
        headers: ["指标", "代码", "年份", "数值", "目标值", "目标年", "单位"]
            .map(String::from)
            .to_vec(),
        widths: vec![28.0, 22.0, 8.0, 12.0, 12.0, 8.0, 8.0],
        rows: sc
            .rows
            .iter()
            .flat_map(|r| {
                r.series.iter().map(move |p| {
                    vec![
                        r.indicator_text.clone().into(),
                        r.indicator.clone().into(),
                        Cell::Number(f64::from(p.year)),
                        fmt_opt(p.value, 4),
                        fmt_opt(r.tracking.target_value, 4),
                        r.target_year.into(),
                        r.unit.clone().into(),
                    ]
                })
            })
            .collect(),
    }
}

/// Data completeness and task progress of the cockpit.
fn completeness_sheet(sc: &Scorecard) -> Sheet {
    let c = &sc.completeness;
    let t = &sc.tasks;
    let count = |group: &str, label: &str, n: usize| -> Vec<Cell> {
        vec![group.into(), label.into(), Cell::Number(n as f64)]
    };
    let mut rows: Vec<Vec<Cell>> = [
        ("报表分配", c.assignments),
        ("已提交", c.submitted),
        ("按时提交", c.on_time),
        ("逾期提交", c.late),
        ("已审核", c.approved),
        ("逾期未交", c.overdue),
    ]
    .into_iter()
    .map(|(label, n)| count("数据填报", label, n))
    .collect();
    rows.push(count("重点任务", "任务数", t.total));
    rows.push(count("重点任务", "已销号", t.closed));
    rows.push(vec![
        "重点任务".into(),
        "平均进度 (%)".into(),
        fmt_opt(t.mean_progress, 1),
    ]);
    rows.extend(t.statuses.iter().map(|(k, n)| count("任务状态", k, *n)));
    rows.extend(t.colours.iter().map(|(k, n)| count("任务预警", k, *n)));
    Sheet {
        name: "完成情况".into(),
        title: Some(format!("{} — 数据填报与任务完成情况", sc.region_name)),
        headers: ["类别", "项目", "数量"].map(String::from).to_vec(),
        widths: vec![12.0, 16.0, 10.0],
        rows,
    }
}

/// How each target changed across plan revisions.
fn history_sheet(sc: &Scorecard) -> Sheet {
    Sheet {
        name: "目标修订".into(),
        title: Some(format!("{} — 方案修订中的目标变化", sc.region_name)),
        headers: [
            "指标",
            "修订版",
            "印发日期",
            "比较",
            "目标值",
            "上限",
            "单位",
            "目标年",
        ]
        .map(String::from)
        .to_vec(),
        widths: vec![28.0, 8.0, 12.0, 8.0, 12.0, 12.0, 8.0, 8.0],
        rows: sc
            .rows
            .iter()
            .flat_map(|r| {
                r.history.iter().map(move |h| {
                    vec![
                        r.indicator_text.clone().into(),
                        Cell::Number(f64::from(h.revision)),
                        h.doc_date.clone().into(),
                        h.comparator.clone().into(),
                        h.target_value.into(),
                        h.value_max.into(),
                        h.unit.clone().into(),
                        h.target_year.into(),
                    ]
                })
            })
            .collect(),
    }
}

/// The pre-filled Excel template of an assignment.
pub async fn template(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(aid): Path<String>,
) -> ApiResult<Response> {
    let d = st.db.monitoring().assignment(&s.actor, id(&aid)?).await?;
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
    .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?;
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
    match q.format.as_deref().unwrap_or("json") {
        "json" => Ok(Json(json!({"rows": rows})).into_response()),
        "csv" => {
            let plain: Vec<office_data::Row> = rows
                .iter()
                .map(|r| office_data::Row {
                    region_code: r.region_code.clone(),
                    item_code: r.item_code.clone(),
                    year: r.year,
                    value: r.value,
                    comment: r.comment.clone(),
                    missing_reason: r.missing_reason.clone(),
                })
                .collect();
            Ok(file_response(
                office_data::write_csv(&plain),
                "text/csv; charset=utf-8",
                &format!("{name}.csv"),
            ))
        }
        "xlsx" => {
            let sheet = Sheet {
                name: "数据".into(),
                title: None,
                headers: [
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
                ]
                .map(String::from)
                .to_vec(),
                widths: vec![12.0, 14.0, 26.0, 30.0, 8.0, 8.0, 12.0, 20.0, 20.0, 10.0],
                rows: rows
                    .iter()
                    .map(|r| {
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
                            innocity_db::monitoring::status_label(&r.status).into(),
                        ]
                    })
                    .collect(),
            };
            let bytes = innocity_office::workbook(&[sheet]).map_err(|e| {
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())
            })?;
            Ok(file_response(bytes, XLSX, &format!("{name}.xlsx")))
        }
        other => Err(ApiError::bad_request(format!(
            "查询参数无效: format 须为 json/csv/xlsx,不是 {other}"
        ))),
    }
}

#[derive(Deserialize)]
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
    Body(b): Body<ImportIn>,
) -> ApiResult<Response> {
    if !crate::routes::Access::DataImport.allows(s.actor.role) {
        return Err(ApiError::forbidden("无权导入数据"));
    }
    let name = b.file_name.trim().to_string();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b.content_base64.as_bytes())
        .map_err(|e| ApiError::bad_request(format!("{name}: 文件内容不是有效的 base64 ({e})")))?;
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
        let first = report
            .errors
            .first()
            .map(|e| e.reason.clone())
            .unwrap_or_default();
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({
                "error": format!("{name}: {first}"),
                "code": "invalid_file",
                "fields": {"file": first},
                "errors": report.errors,
                "committed": false,
            })),
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
    let mut body = json!(report);
    if !report.errors.is_empty() {
        body["error"] = json!(format!(
            "{name}: {} 行有误,未写入任何数据",
            report.errors.len()
        ));
        body["code"] = json!("invalid_rows");
    }
    Ok((status, Json(body)).into_response())
}

/// This area's routes (paths relative to `/api/v1`).
pub fn routes() -> crate::routes::Routes {
    use crate::routes::{Access::*, Routes};
    Routes::new("monitoring")
        .get("/monitoring/items", Authed, "Data items (raw and derived, with formula and aggregation)", items)
        .get("/monitoring/forms", Authed, "Data forms", forms)
        .post("/monitoring/forms", Import, "Create a form with its assignments (organisation, region, items, due date)", create_form)
        .get("/monitoring/assignments", Authed, "What is due and by when: assignments in scope (reporters: their organisation's) with completeness (year, form_id)", assignments)
        .get("/monitoring/assignments/{id}", Authed, "One assignment: entry rows with previous years, comments, missing reasons, violations", assignment)
        .put("/monitoring/assignments/{id}/values", Report, "Save values as drafts (the reporting organisation; locked once submitted)", save_values)
        .post("/monitoring/assignments/{id}/check", Report, "Validate typed values without saving", check_values)
        .post("/monitoring/assignments/{id}/submit", Report, "Submit (refused with missing values or unexplained high-importance violations)", submit)
        .post("/monitoring/assignments/{id}/review", Review, "approve, return (reason), accept (level above), unapprove (reason)", review)
        .get("/monitoring/assignments/{id}/template.xlsx", Authed, "Pre-filled Excel entry template (codes in hidden columns, number validation)", template)
        .get("/monitoring/history", Authed, "Full history of one value (region, item, year)", history)
        .get("/monitoring/series", Authed, "Yearly series of an item for a region (derived and rolled up; approved_only)", series)
        .get("/monitoring/scorecard/{id}", Authed, "Participant cockpit: every target's tracking and series, data completeness (unapproved=true adds submitted values)", scorecard)
        .get("/monitoring/scorecard/{id}/export.xlsx", Authed, "The scorecard as an Excel workbook", scorecard_xlsx)
        .get("/monitoring/export", Authed, "Values of a region by codes (region, year, format=json|csv|xlsx)", export)
        .route("POST", "/monitoring/import", DataImport, "Import .xlsx/.csv/.json (base64): dry run with a row-level report, then an all-or-nothing commit", axum::routing::post(import).layer(axum::extract::DefaultBodyLimit::max(
                MAX_UPLOAD_BODY,
            )))
}
