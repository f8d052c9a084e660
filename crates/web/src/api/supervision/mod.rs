//! Task supervision (督查督办) API: tasks (from plans, by hand, sub-tasks), the loop, 催办,
//! evidence files, notification centre, rules, unit scores, the ledger (台账) as Excel and
//! the bulletin (情况通报) as DOCX. "Today" comes from the configured clock.

use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Body, Q};
use crate::routes::Access;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use chrono::{Datelike, NaiveDate};
use innocity_db::auth::SessionInfo;
use innocity_db::supervision::{
    ActIn, FromPlanIn, TaskEdit, TaskFilter, TaskIn, TaskSummary, UnitsEdit, UrgeIn,
};
use innocity_office::{Cell, Sheet};
use innocity_supervise::Rules;
use serde::Deserialize;
use serde_json::{json, Value};

pub use innocity_service::clock::FileClock;

fn id(s: &str) -> ApiResult<i64> {
    s.parse::<i64>()
        .map_err(|_| ApiError::not_found(format!("编号 {s} 无效")))
}

fn coordinator(s: &SessionInfo) -> ApiResult<()> {
    if Access::Coordinate.allows(s.actor.role) {
        Ok(())
    } else {
        Err(ApiError::forbidden("只有协调员或管理员可以执行该操作"))
    }
}

/// A task's JSON with the day the server took as today.
fn with_today(d: &innocity_db::supervision::TaskDetail, today: NaiveDate) -> Value {
    let mut v = json!(d);
    v["today"] = json!(today);
    v
}

fn invalid(field: &str, msg: impl Into<innocity_domain::Msg>) -> ApiError {
    innocity_db::Error::invalid(field, msg).into()
}

pub async fn list(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(f): Q<TaskFilter>,
) -> ApiResult<Json<Value>> {
    let items = st
        .db
        .supervision()
        .tasks(&s.actor, st.cfg.clock.today(), &f)
        .await?;
    let n = items.len();
    Ok(Json(json!({
        "items": items, "total": n, "page": 1, "per_page": n,
        "today": st.cfg.clock.today(),
    })))
}

pub async fn create(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<TaskIn>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    coordinator(&s)?;
    let today = st.cfg.clock.today();
    let d = st.db.supervision().create_task(&s.actor, today, &b).await?;
    Ok((StatusCode::CREATED, Json(with_today(&d, today))))
}

pub async fn from_plan(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<FromPlanIn>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    coordinator(&s)?;
    let out = st
        .db
        .supervision()
        .from_plan(&s.actor, st.cfg.clock.today(), &b)
        .await?;
    st.flush_mail().await;
    Ok((StatusCode::CREATED, Json(json!(out))))
}

pub async fn detail(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(tid): Path<String>,
) -> ApiResult<Json<Value>> {
    let today = st.cfg.clock.today();
    let d = st.db.supervision().task(&s.actor, today, id(&tid)?).await?;
    Ok(Json(with_today(&d, today)))
}

pub async fn edit(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(tid): Path<String>,
    Body(b): Body<TaskEdit>,
) -> ApiResult<Json<Value>> {
    coordinator(&s)?;
    let today = st.cfg.clock.today();
    let d = st
        .db
        .supervision()
        .edit_task(&s.actor, today, id(&tid)?, &b)
        .await?;
    Ok(Json(with_today(&d, today)))
}

pub async fn set_units(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(tid): Path<String>,
    Body(b): Body<UnitsEdit>,
) -> ApiResult<Json<Value>> {
    coordinator(&s)?;
    let today = st.cfg.clock.today();
    let d = st
        .db
        .supervision()
        .set_units(&s.actor, today, id(&tid)?, &b)
        .await?;
    st.flush_mail().await;
    Ok(Json(with_today(&d, today)))
}

pub async fn act(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(tid): Path<String>,
    Body(b): Body<ActIn>,
) -> ApiResult<Json<Value>> {
    let today = st.cfg.clock.today();
    let d = st
        .db
        .supervision()
        .act(&s.actor, today, id(&tid)?, &b)
        .await?;
    st.flush_mail().await;
    Ok(Json(with_today(&d, today)))
}

pub async fn urge(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(tid): Path<String>,
    Body(b): Body<UrgeIn>,
) -> ApiResult<Json<Value>> {
    coordinator(&s)?;
    let today = st.cfg.clock.today();
    let d = st
        .db
        .supervision()
        .urge(&s.actor, today, id(&tid)?, &b)
        .await?;
    st.flush_mail().await;
    Ok(Json(with_today(&d, today)))
}

#[derive(Deserialize)]
pub struct AnswerIn {
    text: String,
}

pub async fn answer(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(uid): Path<String>,
    Body(b): Body<AnswerIn>,
) -> ApiResult<Json<Value>> {
    let today = st.cfg.clock.today();
    let d = st
        .db
        .supervision()
        .answer(&s.actor, today, id(&uid)?, &b.text)
        .await?;
    st.flush_mail().await;
    Ok(Json(with_today(&d, today)))
}

#[derive(Deserialize)]
pub struct FileIn {
    file_name: String,
    content_base64: String,
    /// Attach to this progress report of the task (optional).
    #[serde(default)]
    event_id: Option<i64>,
}

pub async fn upload(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(tid): Path<String>,
    Body(b): Body<FileIn>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b.content_base64.as_bytes())
        .map_err(|e| {
            invalid(
                "content_base64",
                format!("{}: 文件内容不是有效的 base64 ({e})", b.file_name),
            )
        })?;
    let f = st
        .db
        .supervision()
        .add_file(&s.actor, id(&tid)?, &b.file_name, &bytes, b.event_id)
        .await?;
    Ok((StatusCode::CREATED, Json(json!(f))))
}

pub async fn download(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(fid): Path<String>,
) -> ApiResult<Response> {
    let f = st.db.supervision().file(&s.actor, id(&fid)?).await?;
    // The stored name is already sanitised; percent-encode it for the header.
    let encoded: String = f
        .name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, f.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename*=UTF-8''{encoded}"),
            ),
        ],
        f.data,
    )
        .into_response())
}

#[derive(Deserialize, Default)]
pub struct NoteQ {
    #[serde(default)]
    unread: bool,
}

pub async fn notifications(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<NoteQ>,
) -> ApiResult<Json<Value>> {
    let items = st
        .db
        .supervision()
        .notifications(&s.actor, q.unread)
        .await?;
    let unread = items.iter().filter(|n| n.read_at.is_none()).count();
    Ok(Json(json!({"items": items, "unread": unread})))
}

#[derive(Deserialize)]
pub struct ReadIn {
    ids: Vec<i64>,
}

pub async fn read(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<ReadIn>,
) -> ApiResult<Json<Value>> {
    let n = st.db.supervision().read(&s.actor, &b.ids).await?;
    Ok(Json(json!({"read": n})))
}

pub async fn rules(State(st): State<AppState>, Authed(s): Authed) -> ApiResult<Json<Value>> {
    let r = st.db.supervision().rules(&s.actor.region_code).await?;
    Ok(Json(json!({"rules": r, "today": st.cfg.clock.today()})))
}

pub async fn set_rules(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<Rules>,
) -> ApiResult<Json<Value>> {
    coordinator(&s)?;
    Ok(Json(
        json!({"rules": st.db.supervision().set_rules(&s.actor, &b).await?}),
    ))
}

#[derive(Deserialize, Default)]
pub struct ScoreQ {
    from: Option<String>,
    to: Option<String>,
    region: Option<String>,
}

fn period(q: &ScoreQ, today: NaiveDate) -> ApiResult<(NaiveDate, NaiveDate)> {
    let parse = |f: &str, v: &Option<String>, dflt: NaiveDate| -> ApiResult<NaiveDate> {
        match v.as_deref().filter(|s| !s.is_empty()) {
            None => Ok(dflt),
            Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| invalid(f, "日期格式须为 YYYY-MM-DD")),
        }
    };
    let start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    Ok((parse("from", &q.from, start)?, parse("to", &q.to, today)?))
}

pub async fn scores(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ScoreQ>,
) -> ApiResult<Json<Value>> {
    let today = st.cfg.clock.today();
    let (from, to) = period(&q, today)?;
    Ok(Json(json!(
        st.db
            .supervision()
            .scores(&s.actor, today, from, to, q.region.as_deref())
            .await?
    )))
}

fn names(t: &TaskSummary, parts: &[&str]) -> String {
    t.units
        .iter()
        .filter(|u| parts.contains(&u.part.as_str()))
        .map(|u| u.org_name.clone())
        .collect::<Vec<_>>()
        .join("、")
}

/// The ledger (台账) sheet: 序号, 任务, 牵头单位, 配合单位, 时限, 进展, 状态.
pub fn ledger_sheet(items: &[TaskSummary], today: NaiveDate) -> Sheet {
    Sheet {
        name: "督办台账".into(),
        title: Some(format!("重点任务督办台账(截至 {today})")),
        headers: [
            "序号",
            "任务",
            "牵头单位",
            "配合单位",
            "时限",
            "进展",
            "状态",
        ]
        .map(String::from)
        .to_vec(),
        widths: vec![6.0, 44.0, 28.0, 28.0, 12.0, 40.0, 16.0],
        rows: items
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let progress = match (&t.progress, &t.latest_report) {
                    (Some(p), Some(r)) => format!("{p:.0}% {r}"),
                    (Some(p), None) => format!("{p:.0}%"),
                    (None, Some(r)) => r.clone(),
                    (None, None) => String::new(),
                };
                let status = if t.colour == innocity_supervise::Colour::Green {
                    t.status_label.clone()
                } else {
                    format!("{}({})", t.status_label, t.colour_label)
                };
                vec![
                    Cell::Number((i + 1) as f64),
                    if t.number.is_empty() {
                        t.title.clone().into()
                    } else {
                        format!("{} {}", t.number, t.title).into()
                    },
                    names(t, &["lead", "joint"]).into(),
                    names(t, &["coop"]).into(),
                    t.due.map(|d| d.to_string()).into(),
                    progress.into(),
                    status.into(),
                ]
            })
            .collect(),
    }
}

fn attachment(bytes: Vec<u8>, ct: &str, fname: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, ct.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{fname}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

pub async fn ledger(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(f): Q<TaskFilter>,
) -> ApiResult<Response> {
    let today = st.cfg.clock.today();
    let items = st.db.supervision().tasks(&s.actor, today, &f).await?;
    let bytes = innocity_office::workbook(&[ledger_sheet(&items, today)])
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?;
    Ok(attachment(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("ledger-{today}.xlsx"),
    ))
}

/// The bulletin (情况通报) over a period as DOCX: overview, ranking, rule, warned tasks.
pub async fn bulletin(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ScoreQ>,
) -> ApiResult<Response> {
    coordinator(&s)?;
    let today = st.cfg.clock.today();
    let (from, to) = period(&q, today)?;
    let sc = st
        .db
        .supervision()
        .scores(&s.actor, today, from, to, q.region.as_deref())
        .await?;
    let filter = TaskFilter {
        region: q.region.clone(),
        ..Default::default()
    };
    let tasks = st.db.supervision().tasks(&s.actor, today, &filter).await?;
    let doc = bulletin_blocks(&sc, &tasks);
    let bytes = innocity_office::docx::document(&doc)
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?;
    Ok(attachment(
        bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        &format!("bulletin-{from}-{to}.docx"),
    ))
}

/// The bulletin's text, generated from the scores and the tasks.
pub fn bulletin_blocks(
    sc: &innocity_db::supervision::Scores,
    tasks: &[TaskSummary],
) -> Vec<innocity_office::docx::Block> {
    use innocity_office::docx::Block;
    let n = |c: &str| sc.colours.get(c).copied().unwrap_or(0);
    let closed = tasks.iter().filter(|t| t.status == "closed").count();
    let mut out = vec![
        Block::Title("重点任务督查督办情况通报".into()),
        Block::Subtitle(format!("({} 至 {})", sc.from, sc.to)),
        Block::Heading("一、总体情况".into()),
        Block::Para(format!(
            "截至 {},共督办重点任务 {} 项,已办结销号 {} 项;红色预警 {} 项,黄色预警 {} 项,蓝色预警 {} 项。",
            sc.today,
            tasks.len(),
            closed,
            n("red"),
            n("yellow"),
            n("blue")
        )),
        Block::Heading("二、责任单位考评排名".into()),
    ];
    if let (Some(first), Some(last)) = (sc.rows.first(), sc.rows.last()) {
        if sc.rows.len() > 1 {
            out.push(Block::Para(format!(
                "{}得分最高({:.1} 分),{}得分最低({:.1} 分)。",
                first.org_name, first.score.score, last.org_name, last.score.score
            )));
        }
    }
    out.push(Block::Table {
        headers: [
            "排名",
            "单位",
            "得分",
            "按时报告",
            "未按时报告",
            "逾期天数",
            "按期办结",
            "逾期办结",
        ]
        .map(String::from)
        .to_vec(),
        rows: sc
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.rank.to_string(),
                    r.org_name.clone(),
                    format!("{:.1}", r.score.score),
                    r.score.on_time_reports.to_string(),
                    r.score.missed_reports.to_string(),
                    r.score.overdue_days.to_string(),
                    r.score.completed.to_string(),
                    r.score.completed_late.to_string(),
                ]
            })
            .collect(),
    });
    let r = &sc.rules;
    out.push(Block::Heading("三、计分规则".into()));
    out.push(Block::Para(format!(
        "按时报送进展每次加 {} 分,未按时报送每次扣 {} 分;任务或节点每逾期一天扣 {} 分;按期办结加 {} 分,逾期办结加 {} 分;逾期签收扣 {} 分;配合单位按 {} 倍计分。",
        r.on_time_report, r.missed_report, r.overdue_day, r.completion, r.late_completion, r.late_sign, r.coop_weight
    )));
    let warned: Vec<&TaskSummary> = tasks
        .iter()
        .filter(|t| {
            matches!(
                t.colour,
                innocity_supervise::Colour::Red | innocity_supervise::Colour::Yellow
            )
        })
        .collect();
    out.push(Block::Heading("四、预警任务".into()));
    if warned.is_empty() {
        out.push(Block::Para("本期无红色、黄色预警任务。".into()));
    } else {
        out.push(Block::Table {
            headers: ["任务", "牵头单位", "预警", "原因"]
                .map(String::from)
                .to_vec(),
            rows: warned
                .iter()
                .map(|t| {
                    vec![
                        format!("{} {}", t.number, t.title).trim().to_string(),
                        names(t, &["lead", "joint"]),
                        t.colour_label.clone(),
                        t.reasons.join(";"),
                    ]
                })
                .collect(),
        });
    }
    out
}

/// This area's routes (paths relative to `/api/v1`).
pub fn routes() -> crate::routes::Routes {
    use crate::routes::{Access::*, Routes};
    Routes::new("supervision")
        .get("/supervision/tasks", Authed, "Supervised tasks the caller may see, with live colour (filters: org_id, status, colour, plan_id, region, mine, person)", list)
        .post("/supervision/tasks", Coordinate, "Create a task by hand or a sub-task (parent_id), with units and milestones", create)
        .post("/supervision/from-plan", Coordinate, "Take over a plan's tasks (optionally assigning them at once)", from_plan)
        .get("/supervision/tasks/{id}", Authed, "One task: units, milestones, loop events, 催办, files, colour history, deadlines, allowed actions", detail)
        .put("/supervision/tasks/{id}", Coordinate, "Edit a task: title, description, deadline, milestones (add, change, delete; done ones keep their due date), responsible persons", edit)
        .put("/supervision/tasks/{id}/units", Coordinate, "Change a task's units (lead, cooperating, shared duty, responsible persons); units left out are taken off (kept with their history once assigned)", set_units)
        .post("/supervision/tasks/{id}/act", Authed, "A loop step: assign, sign, report, request_close, approve, send_back, reopen", act)
        .post("/supervision/tasks/{id}/urges", Coordinate, "Issue a 催办 to one unit of the task", urge)
        .post("/supervision/tasks/{id}/files", Authed, "Attach an evidence file (base64; type and size checked)", upload)
        .post("/supervision/urges/{id}/answer", Authed, "The urged unit answers its 催办", answer)
        .get("/supervision/files/{id}", Authed, "Download an evidence file", download)
        .get("/supervision/notifications", Authed, "Notification centre of the caller's organisation (unread=true filters)", notifications)
        .post("/supervision/notifications/read", Authed, "Mark notifications of the caller's organisation read (ids)", read)
        .get("/supervision/rules", Authed, "Colour, reminder and scoring rules in force for the caller's region", rules)
        .put("/supervision/rules", Coordinate, "Change the rules of the caller's region", set_rules)
        .get("/supervision/scores", Authed, "Unit scores and ranking over a period (from, to, region)", scores)
        .get("/supervision/ledger.xlsx", Authed, "The ledger (台账) as an Excel workbook (same filters as the list)", ledger)
        .get("/supervision/bulletin.docx", Coordinate, "The bulletin (情况通报) over a period as DOCX (from, to, region)", bulletin)
}
