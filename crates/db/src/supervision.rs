//! Task supervision (督查督办): supervised tasks with their units and milestones, the closed
//! loop (交办 → 签收 → 进展报告 → 办结申请 → 审核 → 销号), 催办 notices, notifications, colour
//! history, evidence files, reminders and unit scores. The rules themselves live in
//! `innocity_supervise`; this module stores facts and decides who sees and does what:
//!
//! - admins and reviewers see every task; coordinators and viewers the tasks of their region
//!   subtree; every other user only the tasks their organisation has a part in;
//! - coordinators (and admins) create, assign, review, re-open and urge, in their scope;
//! - the lead or shared-duty units sign, report and request closing; cooperating units add
//!   their contributions; the urged unit answers its 催办.
//!
//! "Today" is passed in by the caller (the application clock), never read here.

use crate::entity::{
    org, participant, plan, plan_task, region, sv_colour, sv_event, sv_file, sv_milestone,
    sv_notification, sv_reminder, sv_setting, sv_task, sv_unit, sv_urge, task_unit,
};
use crate::{audit, Actor, Db, Error, Result};
use chrono::NaiveDate;
use innocity_domain::Role;
use innocity_supervise::{
    self as sv, Action, Assessment, Colour, MilestoneFacts, Part, Rules, Status, TaskFacts,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Largest evidence file (its base64 must fit the 8 MB request limit).
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// Accepted evidence types: extension → content type.
pub const FILE_TYPES: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("txt", "text/plain; charset=utf-8"),
];

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnitIn {
    pub org_id: i64,
    /// `lead`, `coop` or `joint`.
    pub part: String,
    #[serde(default)]
    pub person: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MilestoneIn {
    pub title: String,
    pub due: String,
}

/// A task created by hand, or a sub-task (`parent_id`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaskIn {
    #[serde(default)]
    pub participant_id: Option<i64>,
    #[serde(default)]
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub number: Option<String>,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub due: Option<String>,
    #[serde(default)]
    pub units: Vec<UnitIn>,
    #[serde(default)]
    pub milestones: Vec<MilestoneIn>,
}

/// A unit's responsible person and contacts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PersonIn {
    pub org_id: i64,
    #[serde(default)]
    pub person: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

/// Changes to a task (coordinators): title, deadline, new, changed and deleted milestones,
/// responsible persons.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaskEdit {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub due: Option<String>,
    #[serde(default)]
    pub add_milestones: Vec<MilestoneIn>,
    /// Changes to existing milestones (title, due date).
    #[serde(default)]
    pub milestones: Vec<MilestoneEdit>,
    /// Milestones to delete (not those already done).
    #[serde(default)]
    pub delete_milestones: Vec<i64>,
    #[serde(default)]
    pub persons: Vec<PersonIn>,
}

/// A change to an existing milestone.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MilestoneEdit {
    pub id: i64,
    pub title: String,
    pub due: String,
}

/// The units of a task after the change (coordinators): lead, cooperating and shared-duty
/// units with their responsible persons. Units not listed are taken off the task.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnitsEdit {
    pub units: Vec<UnitIn>,
    /// Why the responsibility changed (shown in the task's history).
    #[serde(default)]
    pub reason: Option<String>,
}

/// Tasks from an imported plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FromPlanIn {
    pub plan_id: i64,
    /// Plan task ids; all tasks of the plan when absent.
    #[serde(default)]
    pub task_ids: Option<Vec<i64>>,
    /// Final deadline for every task created (YYYY-MM-DD).
    #[serde(default)]
    pub due: Option<String>,
    /// Assign them at once.
    #[serde(default)]
    pub assign: bool,
}

/// A step of the loop.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ActIn {
    pub action: Action,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub progress: Option<f64>,
    #[serde(default)]
    pub milestones_done: Vec<i64>,
    /// Sign: the lead unit's responsible person.
    #[serde(default)]
    pub person: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UrgeIn {
    pub org_id: i64,
    pub text: String,
    /// Days the unit has to answer (1–30).
    #[serde(default = "default_answer_days")]
    pub answer_days: i64,
}

fn default_answer_days() -> i64 {
    3
}

/// Filters of the task list.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TaskFilter {
    /// Department: tasks this organisation has any part in.
    pub org_id: Option<i64>,
    pub status: Option<String>,
    pub colour: Option<String>,
    pub plan_id: Option<i64>,
    /// Region code: tasks of participants in this region's subtree.
    pub region: Option<String>,
    /// Only tasks of the caller's own organisation.
    #[serde(default)]
    pub mine: bool,
    /// Responsible person (substring).
    pub person: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    pub org_id: i64,
    pub org_name: String,
    pub part: String,
    pub person: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Added after the task was assigned, on this day.
    pub added_on: Option<NaiveDate>,
    /// Taken off the task on this day (only in `former_units`).
    pub removed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NextDeadline {
    pub kind: sv::DeadlineKind,
    pub label: String,
    pub due: NaiveDate,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskSummary {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub plan_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub participant_id: i64,
    pub region_code: String,
    pub region_name: String,
    pub status: String,
    pub status_label: String,
    pub due: Option<NaiveDate>,
    pub assigned_on: Option<NaiveDate>,
    pub signed_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub progress: Option<f64>,
    pub colour: Colour,
    pub colour_label: String,
    pub reasons: Vec<String>,
    pub expected_progress: Option<f64>,
    pub joint: bool,
    /// The units responsible now.
    pub units: Vec<UnitView>,
    /// Units taken off the task (调出), with their history kept.
    pub former_units: Vec<UnitView>,
    /// The caller's organisation's part, if any.
    pub my_part: Option<String>,
    pub next_deadline: Option<NextDeadline>,
    /// Last progress text reported.
    pub latest_report: Option<String>,
    pub open_urges: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileView {
    pub id: i64,
    /// The progress report (or contribution) the file is evidence for, if any.
    pub event_id: Option<i64>,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UrgeView {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub text: String,
    pub issued_on: NaiveDate,
    pub issued_by: String,
    pub answer_due: NaiveDate,
    pub answer: Option<String>,
    pub answered_on: Option<NaiveDate>,
    pub answered_by: Option<String>,
}

/// What the caller may do with a task now.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Allowed {
    pub actions: Vec<Action>,
    pub urge: bool,
    pub answer_urges: Vec<i64>,
    pub upload: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskDetail {
    pub task: TaskSummary,
    pub description: Option<String>,
    pub milestones: Vec<sv_milestone::Model>,
    pub events: Vec<sv_event::Model>,
    pub urges: Vec<UrgeView>,
    pub files: Vec<FileView>,
    pub colour_history: Vec<sv_colour::Model>,
    pub deadlines: Vec<sv::Deadline>,
    pub subtasks: Vec<TaskSummary>,
    pub allowed: Allowed,
}

#[derive(Debug, Clone, Serialize)]
pub struct FromPlanOut {
    pub created: Vec<TaskSummary>,
    /// Plan task id → why it was skipped.
    pub skipped: BTreeMap<i64, String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoreRow {
    pub rank: usize,
    pub org_id: i64,
    pub org_name: String,
    #[serde(flatten)]
    pub score: sv::UnitScore,
    pub timeliness: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    pub rules: sv::ScoreRules,
    pub rows: Vec<ScoreRow>,
    pub tasks: usize,
    pub colours: BTreeMap<String, usize>,
}

/// One reminder or notification the job produced (for e-mail and the report).
#[derive(Debug, Clone, Serialize)]
pub struct Sent {
    pub notification_id: i64,
    pub task_id: i64,
    pub org_id: i64,
    pub key: String,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct RemindReport {
    pub today: Option<NaiveDate>,
    pub tasks: usize,
    pub colour_changes: usize,
    pub reminders: Vec<Sent>,
}

/// An e-mail waiting to be sent.
#[derive(Debug, Clone, Serialize)]
pub struct Mail {
    pub notification_id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
}

fn parse_day(errs: &mut BTreeMap<String, String>, field: &str, s: &str) -> Option<NaiveDate> {
    match NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
        Ok(d) if (2000..=2100).contains(&chrono::Datelike::year(&d)) => Some(d),
        _ => {
            errs.insert(field.into(), "日期格式须为 YYYY-MM-DD".into());
            None
        }
    }
}

fn coordinates(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Coordinator)
}

/// Roles that see all tasks of their scope (not only their organisation's).
fn sees_scope(actor: &Actor) -> bool {
    matches!(
        actor.role,
        Role::Admin | Role::Reviewer | Role::Coordinator | Role::Viewer
    )
}

/// Roles that may act for their organisation.
fn acts_for_unit(actor: &Actor) -> bool {
    !matches!(actor.role, Role::Viewer | Role::Expert | Role::Reviewer)
}

/// Whether the caller sees a task: in scope, and (for unit users) their organisation has or
/// had a part in it (a unit taken off a task keeps read access to its own history).
fn visible(
    actor: &Actor,
    t: &sv_task::Model,
    units: &[sv_unit::Model],
    former: &[sv_unit::Model],
) -> bool {
    actor.scope.allows(&t.region_code)
        && (sees_scope(actor) || units.iter().chain(former).any(|u| u.org_id == actor.org_id))
}

fn unit_view(u: &sv_unit::Model, orgs: &HashMap<i64, String>) -> UnitView {
    UnitView {
        org_id: u.org_id,
        org_name: orgs.get(&u.org_id).cloned().unwrap_or_default(),
        part: u.part.clone(),
        person: u.person.clone(),
        email: u.email.clone(),
        phone: u.phone.clone(),
        added_on: u.added_on,
        removed_on: u.removed_on,
    }
}

fn part_of(actor: &Actor, units: &[sv_unit::Model]) -> Option<Part> {
    let mut best: Option<Part> = None;
    for u in units.iter().filter(|u| u.org_id == actor.org_id) {
        let p = Part::parse(&u.part);
        if matches!(p, Some(Part::Lead | Part::Joint)) {
            return p;
        }
        best = best.or(p);
    }
    best
}

fn check_text(errs: &mut BTreeMap<String, String>, field: &str, v: &str, max: usize) -> String {
    crate::check_text(errs, field, v, max)
}

fn opt_text(errs: &mut BTreeMap<String, String>, field: &str, v: &Option<String>, max: usize) {
    if v.as_deref().is_some_and(|s| s.chars().count() > max) {
        errs.insert(field.into(), format!("不能超过 {max} 个字符"));
    }
}

fn status_of(t: &sv_task::Model) -> Status {
    Status::parse(&t.status).unwrap_or(Status::Draft)
}

/// Cleans an uploaded file name: last path segment, no control characters, no `..`.
pub fn clean_file_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() || cleaned.contains("..") || cleaned.chars().count() > 120 {
        None
    } else {
        Some(cleaned)
    }
}

/// The content type of a file whose bytes match its extension, or an error message.
pub fn sniff(name: &str, bytes: &[u8]) -> std::result::Result<&'static str, String> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default();
    let Some((_, ct)) = FILE_TYPES.iter().find(|(e, _)| *e == ext) else {
        return Err(format!(
            "只接受 {} 文件",
            FILE_TYPES
                .iter()
                .map(|(e, _)| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(" ")
        ));
    };
    let ok = match ext.as_str() {
        "pdf" => bytes.starts_with(b"%PDF-"),
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "jpg" | "jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "docx" | "xlsx" => bytes.starts_with(b"PK\x03\x04"),
        _ => std::str::from_utf8(bytes).is_ok() && !bytes.contains(&0),
    };
    if ok {
        Ok(ct)
    } else {
        Err(format!("文件内容与扩展名 .{ext} 不符"))
    }
}

/// Everything loaded about a set of tasks.
struct Loaded {
    /// Units responsible now.
    units: HashMap<i64, Vec<sv_unit::Model>>,
    /// Units taken off the task.
    former: HashMap<i64, Vec<sv_unit::Model>>,
    milestones: HashMap<i64, Vec<sv_milestone::Model>>,
    reports: HashMap<i64, Vec<sv_event::Model>>,
    open_urges: HashMap<i64, usize>,
    orgs: HashMap<i64, String>,
    regions: HashMap<String, String>,
}

async fn load<C: ConnectionTrait>(c: &C, ids: &[i64]) -> Result<Loaded> {
    let units = sv_unit::Entity::find()
        .filter(sv_unit::Column::TaskId.is_in(ids.iter().copied()))
        .order_by_asc(sv_unit::Column::Id)
        .all(c)
        .await?;
    let orgs: HashMap<i64, String> = org::Entity::find()
        .filter(org::Column::Id.is_in(units.iter().map(|u| u.org_id)))
        .all(c)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut l = Loaded {
        units: HashMap::new(),
        former: HashMap::new(),
        milestones: HashMap::new(),
        reports: HashMap::new(),
        open_urges: HashMap::new(),
        orgs,
        regions: region::Entity::find()
            .all(c)
            .await?
            .into_iter()
            .map(|r| (r.code, r.name))
            .collect(),
    };
    for u in units {
        let map = if u.removed_on.is_some() {
            &mut l.former
        } else {
            &mut l.units
        };
        map.entry(u.task_id).or_default().push(u);
    }
    for m in sv_milestone::Entity::find()
        .filter(sv_milestone::Column::TaskId.is_in(ids.iter().copied()))
        .order_by_asc(sv_milestone::Column::Seq)
        .all(c)
        .await?
    {
        l.milestones.entry(m.task_id).or_default().push(m);
    }
    for e in sv_event::Entity::find()
        .filter(sv_event::Column::TaskId.is_in(ids.iter().copied()))
        .filter(sv_event::Column::Kind.eq("report"))
        .order_by_asc(sv_event::Column::Id)
        .all(c)
        .await?
    {
        l.reports.entry(e.task_id).or_default().push(e);
    }
    for u in sv_urge::Entity::find()
        .filter(sv_urge::Column::TaskId.is_in(ids.iter().copied()))
        .filter(sv_urge::Column::AnsweredOn.is_null())
        .all(c)
        .await?
    {
        *l.open_urges.entry(u.task_id).or_default() += 1;
    }
    Ok(l)
}

fn facts(t: &sv_task::Model, l: &Loaded) -> TaskFacts {
    TaskFacts {
        status: status_of(t),
        assigned_on: t.assigned_on,
        signed_on: t.signed_on,
        due: t.due,
        milestones: l
            .milestones
            .get(&t.id)
            .map(|v| {
                v.iter()
                    .map(|m| MilestoneFacts {
                        id: m.id,
                        due: m.due,
                        done_on: m.done_on,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        reports: l
            .reports
            .get(&t.id)
            .map(|v| v.iter().map(|e| e.day).collect())
            .unwrap_or_default(),
        progress: t.progress,
        close_requested_on: t.close_requested_on,
        closed_on: t.closed_on,
    }
}

fn summary(
    actor: &Actor,
    t: &sv_task::Model,
    l: &Loaded,
    rules: &Rules,
    today: NaiveDate,
) -> TaskSummary {
    let f = facts(t, l);
    let a: Assessment = sv::assess(rules, &f, today);
    let units = l.units.get(&t.id).cloned().unwrap_or_default();
    let next = if matches!(f.status, Status::Draft | Status::Closed) {
        None
    } else {
        sv::deadlines(rules, &f, today)
            .into_iter()
            .filter(|d| d.met_on.is_none())
            .min_by_key(|d| d.due)
            .map(|d| NextDeadline {
                kind: d.kind,
                label: d.kind.label_zh().into(),
                due: d.due,
            })
    };
    TaskSummary {
        id: t.id,
        number: t.number.clone(),
        title: t.title.clone(),
        plan_id: t.plan_id,
        parent_id: t.parent_id,
        participant_id: t.participant_id,
        region_code: t.region_code.clone(),
        region_name: l.regions.get(&t.region_code).cloned().unwrap_or_default(),
        status: t.status.clone(),
        status_label: f.status.label_zh().into(),
        due: t.due,
        assigned_on: t.assigned_on,
        signed_on: t.signed_on,
        closed_on: t.closed_on,
        progress: t.progress,
        colour: a.colour,
        colour_label: a.colour.label_zh().into(),
        reasons: a.reasons,
        expected_progress: a.expected_progress,
        joint: t.joint,
        my_part: part_of(actor, &units).map(|p| p.as_str().to_string()),
        units: units.iter().map(|u| unit_view(u, &l.orgs)).collect(),
        former_units: l
            .former
            .get(&t.id)
            .into_iter()
            .flatten()
            .map(|u| unit_view(u, &l.orgs))
            .collect(),
        next_deadline: next,
        latest_report: l
            .reports
            .get(&t.id)
            .and_then(|v| v.last())
            .map(|e| e.text.clone()),
        open_urges: l.open_urges.get(&t.id).copied().unwrap_or(0),
    }
}

async fn notify<C: ConnectionTrait>(
    c: &C,
    org_id: i64,
    task_id: Option<i64>,
    kind: &str,
    title: String,
    body: String,
    email: Option<String>,
) -> Result<sv_notification::Model> {
    Ok(sv_notification::ActiveModel {
        org_id: Set(org_id),
        task_id: Set(task_id),
        kind: Set(kind.into()),
        title: Set(title),
        body: Set(body),
        email: Set(email.filter(|e| !e.is_empty())),
        created_at: Set(crate::now()),
        ..Default::default()
    }
    .insert(c)
    .await?)
}

/// Stores the task's colour when it changed, with a history row.
async fn record_colour<C: ConnectionTrait>(
    c: &C,
    t: sv_task::Model,
    f: &TaskFacts,
    rules: &Rules,
    today: NaiveDate,
    force_history: bool,
) -> Result<(sv_task::Model, bool)> {
    let a = sv::assess(rules, f, today);
    let changed = a.colour.as_str() != t.colour;
    if changed || force_history {
        sv_colour::ActiveModel {
            task_id: Set(t.id),
            day: Set(today),
            colour: Set(a.colour.as_str().into()),
            reasons: Set(a.reasons.join(";")),
            ..Default::default()
        }
        .insert(c)
        .await?;
    }
    if changed {
        let mut am = t.into_active_model();
        am.colour = Set(a.colour.as_str().into());
        return Ok((am.update(c).await?, true));
    }
    Ok((t, false))
}

fn rules_key(region: &str) -> String {
    format!("rules:{region}")
}

impl Db {
    /// The rules in force for a region (defaults when none were set).
    pub async fn sv_rules(&self, region: &str) -> Result<Rules> {
        Self::rules_in(&self.conn, region).await
    }

    async fn rules_in<C: ConnectionTrait>(c: &C, region: &str) -> Result<Rules> {
        Ok(sv_setting::Entity::find_by_id(rules_key(region))
            .one(c)
            .await?
            .and_then(|s| serde_json::from_str(&s.value).ok())
            .unwrap_or_default())
    }

    /// Changes the rules of the caller's region (coordinators and admins).
    pub async fn sv_set_rules(&self, actor: &Actor, rules: &Rules) -> Result<Rules> {
        let errs = rules.check();
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        if !coordinates(actor) {
            return Err(Error::Forbidden(
                "只有协调员或管理员可以修改督办规则".into(),
            ));
        }
        let txn = self.conn.begin().await?;
        let key = rules_key(&actor.region_code);
        let before = sv_setting::Entity::find_by_id(key.clone())
            .one(&txn)
            .await?;
        let value = serde_json::to_string(rules).unwrap_or_default();
        let after = match before.clone() {
            Some(b) => {
                let mut am = b.into_active_model();
                am.value = Set(value);
                am.updated_at = Set(crate::now());
                am.update(&txn).await?
            }
            None => {
                sv_setting::ActiveModel {
                    key: Set(key.clone()),
                    value: Set(value),
                    updated_at: Set(crate::now()),
                }
                .insert(&txn)
                .await?
            }
        };
        audit::record(
            &txn,
            actor,
            "update",
            "sv_setting",
            &key,
            before.and_then(|b| serde_json::from_str(&b.value).ok()),
            serde_json::from_str(&after.value).ok(),
        )
        .await?;
        txn.commit().await?;
        Ok(rules.clone())
    }

    async fn sv_visible(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<(sv_task::Model, Vec<sv_unit::Model>)> {
        let nf = || Error::not_found("督办任务不存在");
        let t = sv_task::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or_else(nf)?;
        let (units, former): (Vec<_>, Vec<_>) = sv_unit::Entity::find()
            .filter(sv_unit::Column::TaskId.eq(id))
            .order_by_asc(sv_unit::Column::Id)
            .all(&self.conn)
            .await?
            .into_iter()
            .partition(|u| u.removed_on.is_none());
        if !visible(actor, &t, &units, &former) {
            return Err(nf());
        }
        Ok((t, units))
    }

    async fn check_units(
        &self,
        errs: &mut BTreeMap<String, String>,
        units: &[UnitIn],
    ) -> Result<()> {
        if !units
            .iter()
            .any(|u| matches!(Part::parse(&u.part), Some(Part::Lead | Part::Joint)))
        {
            errs.insert("units".into(), "至少需要一个牵头或共同负责单位".into());
        }
        if units.len() > 50 {
            errs.insert("units".into(), "单位过多".into());
        }
        let mut seen = HashSet::new();
        for (i, u) in units.iter().enumerate() {
            let f = |n: &str| format!("units[{i}].{n}");
            if Part::parse(&u.part).is_none() {
                errs.insert(f("part"), "须为 lead、coop 或 joint".into());
            }
            if !seen.insert(u.org_id) {
                errs.insert(f("org_id"), "单位重复".into());
            }
            if org::Entity::find_by_id(u.org_id)
                .one(&self.conn)
                .await?
                .is_none()
            {
                errs.insert(f("org_id"), format!("机构 {} 不存在", u.org_id));
            }
            opt_text(errs, &f("person"), &u.person, 40);
            opt_text(errs, &f("phone"), &u.phone, 40);
            if let Some(e) = u.email.as_deref().filter(|e| !e.is_empty()) {
                let ok = e.len() <= 120
                    && e.split_once('@').is_some_and(|(a, b)| {
                        !a.is_empty() && b.contains('.') && !e.contains(char::is_whitespace)
                    });
                if !ok {
                    errs.insert(f("email"), "电子邮箱格式无效".into());
                }
            }
        }
        Ok(())
    }

    /// Creates a task by hand (or a sub-task of `parent_id`), in draft.
    pub async fn sv_create_task(
        &self,
        actor: &Actor,
        today: NaiveDate,
        input: &TaskIn,
    ) -> Result<TaskDetail> {
        let mut errs = BTreeMap::new();
        let title = check_text(&mut errs, "title", &input.title, 500);
        opt_text(&mut errs, "number", &input.number, 20);
        opt_text(&mut errs, "description", &input.description, 4000);
        let due = input
            .due
            .as_deref()
            .filter(|s| !s.is_empty())
            .and_then(|s| parse_day(&mut errs, "due", s));
        let mut ms = Vec::new();
        if input.milestones.len() > 50 {
            errs.insert("milestones".into(), "节点过多".into());
        }
        for (i, m) in input.milestones.iter().enumerate() {
            let t = check_text(&mut errs, &format!("milestones[{i}].title"), &m.title, 200);
            if let Some(d) = parse_day(&mut errs, &format!("milestones[{i}].due"), &m.due) {
                if due.is_some_and(|x| d > x) {
                    errs.insert(
                        format!("milestones[{i}].due"),
                        "节点不能晚于任务时限".into(),
                    );
                }
                ms.push((t, d));
            }
        }
        self.check_units(&mut errs, &input.units).await?;
        let parent = match input.parent_id {
            Some(p) => match self.sv_visible(actor, p).await {
                Ok((t, _)) => Some(t),
                Err(_) => {
                    errs.insert("parent_id".into(), "上级任务不存在".into());
                    None
                }
            },
            None => None,
        };
        let part = match (&parent, input.participant_id) {
            (Some(p), _) => {
                participant::Entity::find_by_id(p.participant_id)
                    .one(&self.conn)
                    .await?
            }
            (None, Some(id)) => participant::Entity::find_by_id(id)
                .one(&self.conn)
                .await?
                .filter(|p| actor.scope.allows(&p.region_code)),
            (None, None) => None,
        };
        if part.is_none() && parent.is_none() {
            errs.insert(
                "participant_id".into(),
                "参与城市/县不存在或不在您的范围内".into(),
            );
        }
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        if !coordinates(actor) {
            return Err(Error::Forbidden(
                "只有协调员或管理员可以创建督办任务".into(),
            ));
        }
        let Some(part) = part else {
            return Err(Error::invalid("participant_id", "参与城市/县不存在"));
        };
        let txn = self.conn.begin().await?;
        let now = crate::now();
        let t = sv_task::ActiveModel {
            participant_id: Set(part.id),
            region_code: Set(part.region_code.clone()),
            plan_id: Set(parent.as_ref().and_then(|p| p.plan_id)),
            plan_task_id: Set(None),
            parent_id: Set(parent.as_ref().map(|p| p.id)),
            number: Set(input.number.clone().unwrap_or_default().trim().into()),
            title: Set(title),
            description: Set(input.description.clone().filter(|s| !s.trim().is_empty())),
            joint: Set(input.units.iter().any(|u| u.part == "joint")),
            due: Set(due),
            status: Set(Status::Draft.as_str().into()),
            colour: Set(Colour::Green.as_str().into()),
            owner_org_id: Set(actor.org_id),
            created_by: Set(actor.user_id),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for u in &input.units {
            sv_unit::ActiveModel {
                task_id: Set(t.id),
                org_id: Set(u.org_id),
                part: Set(u.part.clone()),
                person: Set(u.person.clone().filter(|s| !s.trim().is_empty())),
                email: Set(u.email.clone().filter(|s| !s.trim().is_empty())),
                phone: Set(u.phone.clone().filter(|s| !s.trim().is_empty())),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        for (i, (title, d)) in ms.into_iter().enumerate() {
            sv_milestone::ActiveModel {
                task_id: Set(t.id),
                seq: Set(i as i32 + 1),
                title: Set(title),
                due: Set(d),
                done_on: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let mut snap = serde_json::to_value(&t).unwrap_or_default();
        snap["units"] = serde_json::json!(input.units);
        snap["milestones"] = serde_json::json!(input.milestones);
        audit::record(&txn, actor, "create", "sv_task", t.id, None, Some(snap)).await?;
        txn.commit().await?;
        self.sv_task(actor, today, t.id).await
    }

    /// Creates supervised tasks from an imported plan's tasks (skipping tasks already taken
    /// over and tasks without a responsible unit), optionally assigning them at once.
    pub async fn sv_from_plan(
        &self,
        actor: &Actor,
        today: NaiveDate,
        input: &FromPlanIn,
    ) -> Result<FromPlanOut> {
        let mut errs = BTreeMap::new();
        let due = input
            .due
            .as_deref()
            .filter(|s| !s.is_empty())
            .and_then(|s| parse_day(&mut errs, "due", s));
        if due.is_some_and(|d| d < today) {
            errs.insert("due".into(), "时限不能早于今天".into());
        }
        let p = plan::Entity::find_by_id(input.plan_id)
            .one(&self.conn)
            .await?;
        let part = match &p {
            Some(p) => participant::Entity::find_by_id(p.participant_id)
                .one(&self.conn)
                .await?
                .filter(|x| actor.scope.allows(&x.region_code)),
            None => None,
        };
        let (Some(p), Some(part)) = (p, part) else {
            errs.insert("plan_id".into(), "实施方案不存在或不在您的范围内".into());
            return Err(Error::Invalid(errs));
        };
        let tasks = plan_task::Entity::find()
            .filter(plan_task::Column::PlanId.eq(p.id))
            .order_by_asc(plan_task::Column::Seq)
            .all(&self.conn)
            .await?;
        if let Some(ids) = &input.task_ids {
            let known: HashSet<i64> = tasks.iter().map(|t| t.id).collect();
            if ids.is_empty() {
                errs.insert("task_ids".into(), "请选择任务".into());
            }
            for (i, id) in ids.iter().enumerate() {
                if !known.contains(id) {
                    errs.insert(format!("task_ids[{i}]"), format!("任务 {id} 不属于该方案"));
                }
            }
        }
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        if !coordinates(actor) {
            return Err(Error::Forbidden("只有协调员或管理员可以交办任务".into()));
        }
        let taken: HashSet<i64> = sv_task::Entity::find()
            .filter(sv_task::Column::PlanId.eq(p.id))
            .all(&self.conn)
            .await?
            .into_iter()
            .filter_map(|t| t.plan_task_id)
            .collect();
        let units = task_unit::Entity::find()
            .filter(task_unit::Column::TaskId.is_in(tasks.iter().map(|t| t.id)))
            .order_by_asc(task_unit::Column::Id)
            .all(&self.conn)
            .await?;
        let rules = Self::rules_in(&self.conn, &part.region_code).await?;
        let txn = self.conn.begin().await?;
        let mut skipped = BTreeMap::new();
        let mut ids = Vec::new();
        let now = crate::now();
        for pt in tasks
            .iter()
            .filter(|t| input.task_ids.as_ref().is_none_or(|v| v.contains(&t.id)))
        {
            if taken.contains(&pt.id) {
                skipped.insert(pt.id, "已转为督办任务".to_string());
                continue;
            }
            let us: Vec<&task_unit::Model> = units.iter().filter(|u| u.task_id == pt.id).collect();
            if !us.iter().any(|u| u.role == "lead" || u.role == "joint") {
                skipped.insert(pt.id, "没有牵头单位".to_string());
                continue;
            }
            let status = if input.assign {
                Status::Assigned
            } else {
                Status::Draft
            };
            let t = sv_task::ActiveModel {
                participant_id: Set(part.id),
                region_code: Set(part.region_code.clone()),
                plan_id: Set(Some(p.id)),
                plan_task_id: Set(Some(pt.id)),
                parent_id: Set(None),
                number: Set(pt.number.clone()),
                title: Set(pt.title.clone()),
                description: Set(pt.resp_text.clone()),
                joint: Set(pt.joint),
                due: Set(due),
                status: Set(status.as_str().into()),
                assigned_on: Set(input.assign.then_some(today)),
                colour: Set(Colour::Green.as_str().into()),
                owner_org_id: Set(actor.org_id),
                created_by: Set(actor.user_id),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            for u in us {
                sv_unit::ActiveModel {
                    task_id: Set(t.id),
                    org_id: Set(u.org_id),
                    part: Set(u.role.clone()),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                if input.assign {
                    notify(
                        &txn,
                        u.org_id,
                        Some(t.id),
                        "assign",
                        format!("交办:{}", t.title),
                        format!(
                            "请于 {} 前签收。{}",
                            today + chrono::Duration::days(rules.sign_days),
                            due.map(|d| format!("办结时限 {d}。")).unwrap_or_default()
                        ),
                        None,
                    )
                    .await?;
                }
            }
            if input.assign {
                sv_event::ActiveModel {
                    task_id: Set(t.id),
                    kind: Set("assign".into()),
                    at: Set(now),
                    day: Set(today),
                    user_id: Set(actor.user_id),
                    username: Set(actor.username.clone()),
                    org_id: Set(Some(actor.org_id)),
                    progress: Set(None),
                    text: Set(String::new()),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
            let f = TaskFacts {
                status,
                assigned_on: t.assigned_on,
                signed_on: None,
                due,
                milestones: vec![],
                reports: vec![],
                progress: None,
                close_requested_on: None,
                closed_on: None,
            };
            record_colour(&txn, t.clone(), &f, &rules, today, true).await?;
            ids.push(t.id);
        }
        audit::record(
            &txn,
            actor,
            "create",
            "sv_task",
            format!("plan:{}", p.id),
            None,
            Some(serde_json::json!({
                "plan_id": p.id, "created": ids, "skipped": skipped, "due": due, "assign": input.assign
            })),
        )
        .await?;
        txn.commit().await?;
        let all = self.sv_tasks(actor, today, &TaskFilter::default()).await?;
        Ok(FromPlanOut {
            created: all.into_iter().filter(|t| ids.contains(&t.id)).collect(),
            skipped,
        })
    }

    /// Edits a task: title, description, final deadline, added milestones and the units'
    /// responsible persons (coordinators, not on closed tasks).
    pub async fn sv_edit_task(
        &self,
        actor: &Actor,
        today: NaiveDate,
        id: i64,
        input: &TaskEdit,
    ) -> Result<TaskDetail> {
        let (t, units) = self.sv_visible(actor, id).await?;
        let mut errs = BTreeMap::new();
        let title = check_text(&mut errs, "title", &input.title, 500);
        opt_text(&mut errs, "description", &input.description, 4000);
        let due = input
            .due
            .as_deref()
            .filter(|s| !s.is_empty())
            .and_then(|s| parse_day(&mut errs, "due", s));
        let existing = sv_milestone::Entity::find()
            .filter(sv_milestone::Column::TaskId.eq(id))
            .all(&self.conn)
            .await?;
        let deleted: HashSet<i64> = input.delete_milestones.iter().copied().collect();
        if existing.len() + input.add_milestones.len() > 50 + deleted.len() {
            errs.insert("add_milestones".into(), "节点过多".into());
        }
        for (i, mid) in input.delete_milestones.iter().enumerate() {
            let f = format!("delete_milestones[{i}]");
            match existing.iter().find(|m| m.id == *mid) {
                None => {
                    errs.insert(f, format!("节点 {mid} 不属于该任务"));
                }
                Some(m) if m.done_on.is_some() => {
                    errs.insert(
                        f,
                        format!("节点“{}”已完成,不能删除(完成记录须保留)", m.title),
                    );
                }
                Some(_) => {}
            }
        }
        let mut changed_ms = Vec::new();
        let mut seen_ms = HashSet::new();
        for (i, m) in input.milestones.iter().enumerate() {
            let f = |n: &str| format!("milestones[{i}].{n}");
            let mt = check_text(&mut errs, &f("title"), &m.title, 200);
            let d = parse_day(&mut errs, &f("due"), &m.due);
            let Some(old) = existing.iter().find(|x| x.id == m.id) else {
                errs.insert(f("id"), format!("节点 {} 不属于该任务", m.id));
                continue;
            };
            if !seen_ms.insert(m.id) || deleted.contains(&m.id) {
                errs.insert(f("id"), "同一节点只能修改或删除一次".into());
                continue;
            }
            let Some(d) = d else { continue };
            if old.done_on.is_some() && d != old.due {
                errs.insert(
                    f("due"),
                    "节点已完成,不能修改时限(按期与否已计入考评)".into(),
                );
            }
            if due.is_some_and(|x| d > x) {
                errs.insert(f("due"), "节点不能晚于任务时限".into());
            }
            if mt != old.title || d != old.due {
                changed_ms.push((old.clone(), mt, d));
            }
        }
        let mut ms = Vec::new();
        for (i, m) in input.add_milestones.iter().enumerate() {
            let mt = check_text(
                &mut errs,
                &format!("add_milestones[{i}].title"),
                &m.title,
                200,
            );
            if let Some(d) = parse_day(&mut errs, &format!("add_milestones[{i}].due"), &m.due) {
                if due.is_some_and(|x| d > x) {
                    errs.insert(
                        format!("add_milestones[{i}].due"),
                        "节点不能晚于任务时限".into(),
                    );
                }
                ms.push((mt, d));
            }
        }
        for (i, p) in input.persons.iter().enumerate() {
            let f = |n: &str| format!("persons[{i}].{n}");
            if !units.iter().any(|u| u.org_id == p.org_id) {
                errs.insert(f("org_id"), "该单位不是本任务的责任单位".into());
            }
            opt_text(&mut errs, &f("person"), &p.person, 40);
            opt_text(&mut errs, &f("phone"), &p.phone, 40);
            if let Some(e) = p.email.as_deref().filter(|e| !e.is_empty()) {
                let ok = e.len() <= 120
                    && !e.contains(char::is_whitespace)
                    && e.split_once('@')
                        .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'));
                if !ok {
                    errs.insert(f("email"), "电子邮箱格式无效".into());
                }
            }
        }
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        if !(coordinates(actor) && actor.scope.allows(&t.region_code)) {
            return Err(Error::Forbidden("只有协调员可以修改督办任务".into()));
        }
        if status_of(&t) == Status::Closed {
            return Err(Error::Conflict {
                code: "bad_state",
                message: "已销号的任务不能修改,请先重新打开".into(),
            });
        }
        let rules = self.sv_rules(&t.region_code).await?;
        let txn = self.conn.begin().await?;
        let mut am = t.clone().into_active_model();
        am.title = Set(title);
        am.description = Set(input.description.clone().filter(|s| !s.trim().is_empty()));
        am.due = Set(due);
        am.updated_at = Set(crate::now());
        let after = am.update(&txn).await?;
        for m in existing.iter().filter(|m| deleted.contains(&m.id)) {
            sv_milestone::Entity::delete_by_id(m.id).exec(&txn).await?;
        }
        let mut ms_before = Vec::new();
        let mut ms_after = Vec::new();
        for (old, mt, d) in &changed_ms {
            let mut mam = old.clone().into_active_model();
            mam.title = Set(mt.clone());
            mam.due = Set(*d);
            ms_after.push(mam.update(&txn).await?);
            ms_before.push(old.clone());
        }
        let start = existing.iter().map(|m| m.seq).max().unwrap_or(0);
        for (i, (mt, d)) in ms.into_iter().enumerate() {
            sv_milestone::ActiveModel {
                task_id: Set(id),
                seq: Set(start + i as i32 + 1),
                title: Set(mt),
                due: Set(d),
                done_on: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        for p in &input.persons {
            if let Some(u) = units.iter().find(|u| u.org_id == p.org_id) {
                let clean = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
                let mut uam = u.clone().into_active_model();
                uam.person = Set(clean(&p.person));
                uam.email = Set(clean(&p.email));
                uam.phone = Set(clean(&p.phone));
                uam.update(&txn).await?;
            }
        }
        let l = load(&txn, &[id]).await?;
        let f = facts(&after, &l);
        let (after, _) = record_colour(&txn, after, &f, &rules, today, false).await?;
        let mut snap = serde_json::to_value(&after).unwrap_or_default();
        snap["add_milestones"] = serde_json::json!(input.add_milestones);
        snap["changed_milestones"] = serde_json::json!(ms_after);
        snap["persons"] = serde_json::json!(input.persons);
        let mut before = serde_json::to_value(&t).unwrap_or_default();
        before["changed_milestones"] = serde_json::json!(ms_before);
        before["deleted_milestones"] = serde_json::json!(existing
            .iter()
            .filter(|m| deleted.contains(&m.id))
            .collect::<Vec<_>>());
        audit::record(
            &txn,
            actor,
            "update",
            "sv_task",
            id,
            Some(before),
            Some(snap),
        )
        .await?;
        txn.commit().await?;
        self.sv_task(actor, today, id).await
    }

    /// Changes a task's units (coordinators, not on closed tasks): the lead unit, cooperating
    /// or shared-duty units and each unit's responsible person, in one transaction with a
    /// history event, notifications and one audit event.
    ///
    /// A unit left out of the list is deleted while the task is a draft; once the task was
    /// assigned it is taken off (调出) instead: the row stays with `removed_on`, so its reports,
    /// answers, files and its score up to that day are kept, and it keeps read access to the
    /// task. Units added after assignment are told at once and scored from that day. Listing
    /// a former unit again brings it back.
    pub async fn sv_set_units(
        &self,
        actor: &Actor,
        today: NaiveDate,
        id: i64,
        input: &UnitsEdit,
    ) -> Result<TaskDetail> {
        let (t, _) = self.sv_visible(actor, id).await?;
        let mut errs = BTreeMap::new();
        self.check_units(&mut errs, &input.units).await?;
        opt_text(&mut errs, "reason", &input.reason, 500);
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        if !(coordinates(actor) && actor.scope.allows(&t.region_code)) {
            return Err(Error::Forbidden("只有协调员可以调整任务的责任单位".into()));
        }
        let status = status_of(&t);
        if status == Status::Closed {
            return Err(Error::Conflict {
                code: "bad_state",
                message: "已销号的任务不能调整责任单位,请先重新打开".into(),
            });
        }
        let all = sv_unit::Entity::find()
            .filter(sv_unit::Column::TaskId.eq(id))
            .order_by_asc(sv_unit::Column::Id)
            .all(&self.conn)
            .await?;
        let names: HashMap<i64, String> = org::Entity::find()
            .filter(
                org::Column::Id.is_in(
                    all.iter()
                        .map(|u| u.org_id)
                        .chain(input.units.iter().map(|u| u.org_id)),
                ),
            )
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let name = |o: i64| names.get(&o).cloned().unwrap_or_else(|| o.to_string());
        let part_zh = |p: &str| match p {
            "lead" => "牵头",
            "joint" => "共同负责",
            _ => "配合",
        };
        let clean = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let assigned = status != Status::Draft;
        let rules = self.sv_rules(&t.region_code).await?;
        let txn = self.conn.begin().await?;
        let mut changes: Vec<String> = Vec::new();
        // (org, title, body, email) notifications to send
        let mut notes: Vec<(i64, String, String, Option<String>)> = Vec::new();
        for u in &input.units {
            let row = all.iter().find(|r| r.org_id == u.org_id);
            let (person, email, phone) = (clean(&u.person), clean(&u.email), clean(&u.phone));
            match row {
                Some(r) if r.removed_on.is_none() => {
                    let mut am = r.clone().into_active_model();
                    let mut touched = false;
                    if r.part != u.part {
                        changes.push(format!(
                            "{}:{} → {}",
                            name(u.org_id),
                            part_zh(&r.part),
                            part_zh(&u.part)
                        ));
                        am.part = Set(u.part.clone());
                        touched = true;
                        if assigned {
                            notes.push((
                                u.org_id,
                                format!("责任调整:{}", t.title),
                                format!(
                                    "本单位在该任务中的职责由“{}”调整为“{}”。",
                                    part_zh(&r.part),
                                    part_zh(&u.part)
                                ),
                                email.clone(),
                            ));
                        }
                    }
                    if (r.person.clone(), r.email.clone(), r.phone.clone())
                        != (person.clone(), email.clone(), phone.clone())
                    {
                        if r.person != person {
                            changes.push(format!(
                                "{}责任人:{} → {}",
                                name(u.org_id),
                                r.person.as_deref().unwrap_or("—"),
                                person.as_deref().unwrap_or("—")
                            ));
                        }
                        am.person = Set(person);
                        am.email = Set(email);
                        am.phone = Set(phone);
                        touched = true;
                    }
                    if touched {
                        am.update(&txn).await?;
                    }
                }
                _ => {
                    let back = row.is_some();
                    changes.push(format!(
                        "{}{}{}",
                        if back { "恢复" } else { "新增" },
                        part_zh(&u.part),
                        name(u.org_id)
                    ));
                    let added_on = if assigned { Some(today) } else { None };
                    if let Some(r) = row {
                        let mut am = r.clone().into_active_model();
                        am.part = Set(u.part.clone());
                        am.person = Set(person);
                        am.email = Set(email.clone());
                        am.phone = Set(phone);
                        am.added_on = Set(added_on);
                        am.removed_on = Set(None);
                        am.update(&txn).await?;
                    } else {
                        sv_unit::ActiveModel {
                            task_id: Set(id),
                            org_id: Set(u.org_id),
                            part: Set(u.part.clone()),
                            person: Set(person),
                            email: Set(email.clone()),
                            phone: Set(phone),
                            added_on: Set(added_on),
                            removed_on: Set(None),
                            ..Default::default()
                        }
                        .insert(&txn)
                        .await?;
                    }
                    if assigned {
                        notes.push((
                            u.org_id,
                            format!("交办:{}", t.title),
                            format!(
                                "本单位被调整为该任务的{}单位。{}{}",
                                part_zh(&u.part),
                                if u.part == "coop" {
                                    String::new()
                                } else {
                                    format!(
                                        "请于 {} 前签收。",
                                        today + chrono::Duration::days(rules.sign_days)
                                    )
                                },
                                t.due.map(|d| format!("办结时限 {d}。")).unwrap_or_default()
                            ),
                            email,
                        ));
                    }
                }
            }
        }
        for r in all
            .iter()
            .filter(|r| r.removed_on.is_none())
            .filter(|r| !input.units.iter().any(|u| u.org_id == r.org_id))
        {
            changes.push(format!("调出{}{}", part_zh(&r.part), name(r.org_id)));
            if assigned {
                let mut am = r.clone().into_active_model();
                am.removed_on = Set(Some(today));
                am.update(&txn).await?;
                notes.push((
                    r.org_id,
                    format!("责任调整:{}", t.title),
                    "本单位不再承担该任务,此前的办理记录予以保留。".into(),
                    r.email.clone(),
                ));
            } else {
                sv_unit::Entity::delete_by_id(r.id).exec(&txn).await?;
            }
        }
        if changes.is_empty() {
            txn.rollback().await?;
            return self.sv_task(actor, today, id).await;
        }
        let joint = input.units.iter().any(|u| u.part == "joint");
        let after_task = if joint != t.joint {
            let mut am = t.clone().into_active_model();
            am.joint = Set(joint);
            am.updated_at = Set(crate::now());
            am.update(&txn).await?
        } else {
            t.clone()
        };
        let reason = clean(&input.reason);
        let text = match &reason {
            Some(r) => format!("{}。理由:{r}", changes.join(";")),
            None => changes.join(";"),
        };
        sv_event::ActiveModel {
            task_id: Set(id),
            kind: Set("units".into()),
            at: Set(crate::now()),
            day: Set(today),
            user_id: Set(actor.user_id),
            username: Set(actor.username.clone()),
            org_id: Set(Some(actor.org_id)),
            progress: Set(None),
            text: Set(text.clone()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for (org_id, title, body, email) in notes {
            notify(&txn, org_id, Some(id), "units", title, body, email).await?;
        }
        let after_units = sv_unit::Entity::find()
            .filter(sv_unit::Column::TaskId.eq(id))
            .order_by_asc(sv_unit::Column::Id)
            .all(&txn)
            .await?;
        audit::record(
            &txn,
            actor,
            "units",
            "sv_task",
            id,
            Some(serde_json::json!({"joint": t.joint, "units": all})),
            Some(serde_json::json!({
                "joint": after_task.joint, "units": after_units, "changes": changes, "reason": reason
            })),
        )
        .await?;
        txn.commit().await?;
        self.sv_task(actor, today, id).await
    }

    /// Tasks the caller may see, with their live colour, filtered.
    pub async fn sv_tasks(
        &self,
        actor: &Actor,
        today: NaiveDate,
        f: &TaskFilter,
    ) -> Result<Vec<TaskSummary>> {
        let mut q = sv_task::Entity::find();
        if let Some(s) = &actor.scope.regions {
            q = q.filter(sv_task::Column::RegionCode.is_in(s.iter().cloned()));
        }
        if let Some(p) = f.plan_id {
            q = q.filter(sv_task::Column::PlanId.eq(p));
        }
        if let Some(s) = f.status.as_deref().filter(|s| !s.is_empty()) {
            if Status::parse(s).is_none() {
                return Err(Error::invalid("status", "未知状态"));
            }
            q = q.filter(sv_task::Column::Status.eq(s));
        }
        let colour = match f.colour.as_deref().filter(|s| !s.is_empty()) {
            Some(c) => Some(Colour::parse(c).ok_or_else(|| Error::invalid("colour", "未知颜色"))?),
            None => None,
        };
        if let Some(r) = f.region.as_deref().filter(|s| !s.is_empty()) {
            let sub = self.scope_for(Role::CountyReporter, r).await?;
            if let Some(set) = sub.regions {
                q = q.filter(sv_task::Column::RegionCode.is_in(set));
            }
        }
        let tasks = q.order_by_asc(sv_task::Column::Id).all(&self.conn).await?;
        let ids: Vec<i64> = tasks.iter().map(|t| t.id).collect();
        let l = load(&self.conn, &ids).await?;
        let mut rules_cache: HashMap<String, Rules> = HashMap::new();
        let mut out = Vec::new();
        for t in &tasks {
            let units = l.units.get(&t.id).map(Vec::as_slice).unwrap_or(&[]);
            let former = l.former.get(&t.id).map(Vec::as_slice).unwrap_or(&[]);
            if !visible(actor, t, units, former) {
                continue;
            }
            if f.mine && !units.iter().any(|u| u.org_id == actor.org_id) {
                continue;
            }
            if let Some(o) = f.org_id {
                if !units.iter().any(|u| u.org_id == o) {
                    continue;
                }
            }
            if let Some(p) = f.person.as_deref().filter(|s| !s.is_empty()) {
                if !units
                    .iter()
                    .any(|u| u.person.as_deref().is_some_and(|x| x.contains(p)))
                {
                    continue;
                }
            }
            if !rules_cache.contains_key(&t.region_code) {
                let r = Self::rules_in(&self.conn, &t.region_code).await?;
                rules_cache.insert(t.region_code.clone(), r);
            }
            let s = summary(actor, t, &l, &rules_cache[&t.region_code], today);
            if colour.is_some_and(|c| c != s.colour) {
                continue;
            }
            out.push(s);
        }
        Ok(out)
    }

    /// One task with its milestones, loop events, 催办, files, colour history and deadlines.
    pub async fn sv_task(&self, actor: &Actor, today: NaiveDate, id: i64) -> Result<TaskDetail> {
        let (t, units) = self.sv_visible(actor, id).await?;
        let l = load(&self.conn, &[id]).await?;
        let rules = self.sv_rules(&t.region_code).await?;
        let s = summary(actor, &t, &l, &rules, today);
        let f = facts(&t, &l);
        let events = sv_event::Entity::find()
            .filter(sv_event::Column::TaskId.eq(id))
            .order_by_asc(sv_event::Column::Id)
            .all(&self.conn)
            .await?;
        let urges_m = sv_urge::Entity::find()
            .filter(sv_urge::Column::TaskId.eq(id))
            .order_by_asc(sv_urge::Column::Id)
            .all(&self.conn)
            .await?;
        let org_names: HashMap<i64, String> = org::Entity::find()
            .filter(org::Column::Id.is_in(urges_m.iter().map(|u| u.org_id)))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let files = sv_file::Entity::find()
            .filter(sv_file::Column::TaskId.eq(id))
            .order_by_asc(sv_file::Column::Id)
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|f| FileView {
                id: f.id,
                event_id: f.event_id,
                name: f.name,
                content_type: f.content_type,
                size: f.size,
                sha256: f.sha256,
                uploaded_by: f.uploaded_by,
                uploaded_at: f.uploaded_at,
            })
            .collect();
        let colour_history = sv_colour::Entity::find()
            .filter(sv_colour::Column::TaskId.eq(id))
            .order_by_asc(sv_colour::Column::Id)
            .all(&self.conn)
            .await?;
        let subtasks = self
            .sv_tasks(actor, today, &TaskFilter::default())
            .await?
            .into_iter()
            .filter(|x| x.parent_id == Some(id))
            .collect();
        let status = status_of(&t);
        let my = part_of(actor, &units);
        let in_scope_coord = coordinates(actor) && actor.scope.allows(&t.region_code);
        let lead = acts_for_unit(actor) && matches!(my, Some(Part::Lead | Part::Joint));
        let mut allowed = Allowed::default();
        for a in [
            Action::Assign,
            Action::Sign,
            Action::Report,
            Action::RequestClose,
            Action::Approve,
            Action::SendBack,
            Action::Reopen,
        ] {
            if a.next(status).is_none() {
                continue;
            }
            let ok = match a {
                Action::Assign | Action::Approve | Action::SendBack | Action::Reopen => {
                    in_scope_coord
                }
                _ => lead,
            };
            if ok {
                allowed.actions.push(a);
            }
        }
        allowed.urge = in_scope_coord && !matches!(status, Status::Draft | Status::Closed);
        allowed.upload = (acts_for_unit(actor) && my.is_some()) || in_scope_coord;
        allowed.answer_urges = urges_m
            .iter()
            .filter(|u| u.answered_on.is_none() && u.org_id == actor.org_id)
            .filter(|_| acts_for_unit(actor))
            .map(|u| u.id)
            .collect();
        let urges = urges_m
            .into_iter()
            .map(|u| UrgeView {
                id: u.id,
                org_name: org_names.get(&u.org_id).cloned().unwrap_or_default(),
                org_id: u.org_id,
                text: u.text,
                issued_on: u.issued_on,
                issued_by: u.issued_by,
                answer_due: u.answer_due,
                answer: u.answer,
                answered_on: u.answered_on,
                answered_by: u.answered_by,
            })
            .collect();
        Ok(TaskDetail {
            task: s,
            description: t.description.clone(),
            milestones: l.milestones.get(&id).cloned().unwrap_or_default(),
            events,
            urges,
            files,
            colour_history,
            deadlines: sv::deadlines(&rules, &f, today),
            subtasks,
            allowed,
        })
    }

    /// One step of the loop, in one transaction with its audit event and notifications.
    pub async fn sv_act(
        &self,
        actor: &Actor,
        today: NaiveDate,
        id: i64,
        input: &ActIn,
    ) -> Result<TaskDetail> {
        let (t, units) = self.sv_visible(actor, id).await?;
        let mut errs = BTreeMap::new();
        let text = input.text.clone().unwrap_or_default().trim().to_string();
        if text.chars().count() > 4000 {
            errs.insert("text".into(), "不能超过 4000 个字符".into());
        }
        match input.action {
            Action::Report => {
                match input.progress {
                    Some(p) if p.is_finite() && (0.0..=100.0).contains(&p) => {}
                    _ => {
                        errs.insert("progress".into(), "进度须为 0–100".into());
                    }
                }
                if text.is_empty() {
                    errs.insert("text".into(), "请填写进展情况".into());
                }
            }
            Action::RequestClose | Action::SendBack | Action::Reopen if text.is_empty() => {
                errs.insert(
                    "text".into(),
                    match input.action {
                        Action::RequestClose => "请填写办结情况",
                        _ => "请填写理由",
                    }
                    .into(),
                );
            }
            _ => {}
        }
        opt_text(&mut errs, "person", &input.person, 40);
        let ms = sv_milestone::Entity::find()
            .filter(sv_milestone::Column::TaskId.eq(id))
            .all(&self.conn)
            .await?;
        for (i, m) in input.milestones_done.iter().enumerate() {
            if !ms.iter().any(|x| x.id == *m) {
                errs.insert(
                    format!("milestones_done[{i}]"),
                    format!("节点 {m} 不属于该任务"),
                );
            }
        }
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        let status = status_of(&t);
        let my = part_of(actor, &units);
        let coord = coordinates(actor) && actor.scope.allows(&t.region_code);
        let lead = acts_for_unit(actor) && matches!(my, Some(Part::Lead | Part::Joint));
        let contributor = acts_for_unit(actor) && my == Some(Part::Coop);
        let permitted = match input.action {
            Action::Assign | Action::Approve | Action::SendBack | Action::Reopen => coord,
            // Cooperating units file their contribution with the report action.
            Action::Report => lead || contributor,
            Action::Sign | Action::RequestClose => lead,
        };
        if !permitted {
            return Err(Error::Forbidden(match input.action {
                Action::Assign | Action::Approve | Action::SendBack | Action::Reopen => {
                    "只有协调员可以交办、审核或重新打开任务".to_string()
                }
                _ => "只有牵头(或共同负责)单位可以签收、报告和申请办结".to_string(),
            }));
        }
        let contribution = input.action == Action::Report && !lead;
        let next = if contribution {
            (status == Status::Signed).then_some(Status::Signed)
        } else {
            input.action.next(status)
        };
        let Some(next) = next else {
            return Err(Error::Conflict {
                code: "bad_state",
                message: format!("任务当前状态为“{}”,不能执行该操作", status.label_zh()),
            });
        };
        if input.action == Action::Assign && !units.iter().any(|u| u.part != "coop") {
            return Err(Error::invalid("units", "任务没有牵头单位,不能交办"));
        }
        let rules = self.sv_rules(&t.region_code).await?;
        let txn = self.conn.begin().await?;
        let now = crate::now();
        let before = t.clone();
        let mut am = t.clone().into_active_model();
        am.status = Set(next.as_str().into());
        am.updated_at = Set(now);
        let kind = if contribution {
            "contribution"
        } else {
            match input.action {
                Action::Assign => "assign",
                Action::Sign => "sign",
                Action::Report => "report",
                Action::RequestClose => "request_close",
                Action::Approve => "approve",
                Action::SendBack => "send_back",
                Action::Reopen => "reopen",
            }
        };
        let lead_orgs: Vec<&sv_unit::Model> = units.iter().filter(|u| u.part != "coop").collect();
        let mut notes: Vec<(i64, String, String, Option<String>)> = Vec::new();
        match (input.action, contribution) {
            (Action::Assign, _) => {
                am.assigned_on = Set(Some(today));
                for u in &units {
                    notes.push((
                        u.org_id,
                        format!("交办:{}", t.title),
                        format!(
                            "请于 {} 前签收。{}",
                            today + chrono::Duration::days(rules.sign_days),
                            t.due.map(|d| format!("办结时限 {d}。")).unwrap_or_default()
                        ),
                        u.email.clone(),
                    ));
                }
            }
            (Action::Sign, _) => {
                am.signed_on = Set(Some(today));
                if let Some(p) = input.person.as_deref().filter(|p| !p.trim().is_empty()) {
                    if let Some(u) = units.iter().find(|u| u.org_id == actor.org_id) {
                        let mut uam = u.clone().into_active_model();
                        uam.person = Set(Some(p.trim().to_string()));
                        uam.update(&txn).await?;
                    }
                }
                notes.push((
                    t.owner_org_id,
                    format!("已签收:{}", t.title),
                    format!("{} 于 {today} 签收", actor.username),
                    None,
                ));
            }
            (Action::Report, false) => {
                am.progress = Set(input.progress);
            }
            (Action::Report, true) => {}
            (Action::RequestClose, _) => {
                am.close_requested_on = Set(Some(today));
                notes.push((
                    t.owner_org_id,
                    format!("办结申请:{}", t.title),
                    text.clone(),
                    None,
                ));
            }
            (Action::Approve, _) => {
                am.closed_on = Set(Some(today));
                am.progress = Set(Some(100.0));
                for u in &lead_orgs {
                    notes.push((
                        u.org_id,
                        format!("已销号:{}", t.title),
                        format!("办结申请于 {today} 审核通过",),
                        u.email.clone(),
                    ));
                }
            }
            (Action::SendBack, _) | (Action::Reopen, _) => {
                am.close_requested_on = Set(None);
                am.closed_on = Set(None);
                for u in &lead_orgs {
                    notes.push((
                        u.org_id,
                        format!(
                            "{}:{}",
                            if input.action == Action::SendBack {
                                "办结申请退回"
                            } else {
                                "任务重新打开"
                            },
                            t.title
                        ),
                        text.clone(),
                        u.email.clone(),
                    ));
                }
            }
        }
        let after = am.update(&txn).await?;
        for m in ms.iter().filter(|m| input.milestones_done.contains(&m.id)) {
            if m.done_on.is_none() {
                let mut mam = m.clone().into_active_model();
                mam.done_on = Set(Some(today));
                mam.update(&txn).await?;
            }
        }
        let ev = sv_event::ActiveModel {
            task_id: Set(id),
            kind: Set(kind.into()),
            at: Set(now),
            day: Set(today),
            user_id: Set(actor.user_id),
            username: Set(actor.username.clone()),
            org_id: Set(Some(actor.org_id)),
            progress: Set(if input.action == Action::Report && !contribution {
                input.progress
            } else {
                None
            }),
            text: Set(text.clone()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for (org_id, title, body, email) in notes {
            notify(&txn, org_id, Some(id), kind, title, body, email).await?;
        }
        let l = load(&txn, &[id]).await?;
        let f = facts(&after, &l);
        let (after, _) = record_colour(&txn, after, &f, &rules, today, false).await?;
        let mut snap = serde_json::to_value(&after).unwrap_or_default();
        snap["event"] = serde_json::to_value(&ev).unwrap_or_default();
        audit::record(
            &txn,
            actor,
            kind,
            "sv_task",
            id,
            audit::snap(&before),
            Some(snap),
        )
        .await?;
        txn.commit().await?;
        self.sv_task(actor, today, id).await
    }

    /// Issues a 催办 to one unit of the task (coordinators).
    pub async fn sv_urge(
        &self,
        actor: &Actor,
        today: NaiveDate,
        id: i64,
        input: &UrgeIn,
    ) -> Result<TaskDetail> {
        let (t, units) = self.sv_visible(actor, id).await?;
        let mut errs = BTreeMap::new();
        let text = check_text(&mut errs, "text", &input.text, 2000);
        if !(1..=30).contains(&input.answer_days) {
            errs.insert("answer_days".into(), "须为 1–30 天".into());
        }
        let unit = units.iter().find(|u| u.org_id == input.org_id);
        if unit.is_none() {
            errs.insert("org_id".into(), "该单位不是本任务的责任单位".into());
        }
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        if !(coordinates(actor) && actor.scope.allows(&t.region_code)) {
            return Err(Error::Forbidden("只有协调员可以催办".into()));
        }
        if matches!(status_of(&t), Status::Draft | Status::Closed) {
            return Err(Error::Conflict {
                code: "bad_state",
                message: "未交办或已销号的任务不能催办".into(),
            });
        }
        let txn = self.conn.begin().await?;
        let due = today + chrono::Duration::days(input.answer_days);
        let u = sv_urge::ActiveModel {
            task_id: Set(id),
            org_id: Set(input.org_id),
            text: Set(text.clone()),
            issued_at: Set(crate::now()),
            issued_on: Set(today),
            issued_by: Set(actor.username.clone()),
            answer_due: Set(due),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        notify(
            &txn,
            input.org_id,
            Some(id),
            "urge",
            format!("催办:{}", t.title),
            format!("{text}(请于 {due} 前答复)"),
            unit.and_then(|u| u.email.clone()),
        )
        .await?;
        audit::record(
            &txn,
            actor,
            "create",
            "sv_urge",
            u.id,
            None,
            audit::snap(&u),
        )
        .await?;
        txn.commit().await?;
        self.sv_task(actor, today, id).await
    }

    /// The urged unit answers its 催办.
    pub async fn sv_answer(
        &self,
        actor: &Actor,
        today: NaiveDate,
        urge_id: i64,
        text: &str,
    ) -> Result<TaskDetail> {
        let nf = || Error::not_found("催办不存在");
        let u = sv_urge::Entity::find_by_id(urge_id)
            .one(&self.conn)
            .await?
            .ok_or_else(nf)?;
        let (t, _) = self.sv_visible(actor, u.task_id).await.map_err(|_| nf())?;
        let mut errs = BTreeMap::new();
        let text = check_text(&mut errs, "text", text, 4000);
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        if u.org_id != actor.org_id || !acts_for_unit(actor) {
            return Err(Error::Forbidden("只有被催办单位可以答复".into()));
        }
        if u.answered_on.is_some() {
            return Err(Error::Conflict {
                code: "answered",
                message: "该催办已答复".into(),
            });
        }
        let txn = self.conn.begin().await?;
        let mut am = u.clone().into_active_model();
        am.answer = Set(Some(text.clone()));
        am.answered_on = Set(Some(today));
        am.answered_by = Set(Some(actor.username.clone()));
        let after = am.update(&txn).await?;
        notify(
            &txn,
            t.owner_org_id,
            Some(t.id),
            "answer",
            format!("催办答复:{}", t.title),
            text,
            None,
        )
        .await?;
        audit::record(
            &txn,
            actor,
            "update",
            "sv_urge",
            u.id,
            audit::snap(&u),
            audit::snap(&after),
        )
        .await?;
        txn.commit().await?;
        self.sv_task(actor, today, t.id).await
    }

    /// Attaches an evidence file (type and size checked, stored in the database), to the task
    /// or to one of its progress reports (`event_id`: a report or contribution of the caller's
    /// organisation; coordinators may attach to any).
    pub async fn sv_add_file(
        &self,
        actor: &Actor,
        id: i64,
        name: &str,
        bytes: &[u8],
        event_id: Option<i64>,
    ) -> Result<FileView> {
        let (t, units) = self.sv_visible(actor, id).await?;
        if let Some(eid) = event_id {
            let ev = sv_event::Entity::find_by_id(eid)
                .one(&self.conn)
                .await?
                .filter(|e| {
                    e.task_id == id && matches!(e.kind.as_str(), "report" | "contribution")
                });
            match ev {
                None => {
                    return Err(Error::invalid("event_id", "该进展报告不属于本任务"));
                }
                Some(e)
                    if e.org_id != Some(actor.org_id)
                        && !(coordinates(actor) && actor.scope.allows(&t.region_code)) =>
                {
                    return Err(Error::Forbidden(
                        "只能为本单位报送的进展附加佐证材料".into(),
                    ));
                }
                Some(_) => {}
            }
        }
        let Some(clean) = clean_file_name(name) else {
            return Err(Error::invalid("file_name", "文件名无效"));
        };
        if bytes.is_empty() {
            return Err(Error::invalid(
                "content_base64",
                format!("{clean}: 文件为空"),
            ));
        }
        if bytes.len() > MAX_FILE_BYTES {
            return Err(Error::invalid(
                "content_base64",
                format!("{clean}: 文件超过 {} MB", MAX_FILE_BYTES / 1024 / 1024),
            ));
        }
        let ct = sniff(&clean, bytes)
            .map_err(|e| Error::invalid("file_name", format!("{clean}: {e}")))?;
        let member = acts_for_unit(actor) && units.iter().any(|u| u.org_id == actor.org_id);
        if !(member || (coordinates(actor) && actor.scope.allows(&t.region_code))) {
            return Err(Error::Forbidden(
                "只有责任单位或协调员可以上传佐证材料".into(),
            ));
        }
        let txn = self.conn.begin().await?;
        let f = sv_file::ActiveModel {
            task_id: Set(id),
            event_id: Set(event_id),
            org_id: Set(actor.org_id),
            name: Set(clean),
            content_type: Set(ct.into()),
            size: Set(bytes.len() as i64),
            sha256: Set(hex::encode(Sha256::digest(bytes))),
            data: Set(bytes.to_vec()),
            uploaded_by: Set(actor.username.clone()),
            uploaded_at: Set(crate::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let mut snap = serde_json::to_value(&f).unwrap_or_default();
        snap["data"] = serde_json::json!(format!("({} 字节)", f.size));
        audit::record(&txn, actor, "create", "sv_file", f.id, None, Some(snap)).await?;
        txn.commit().await?;
        Ok(FileView {
            id: f.id,
            event_id: f.event_id,
            name: f.name,
            content_type: f.content_type,
            size: f.size,
            sha256: f.sha256,
            uploaded_by: f.uploaded_by,
            uploaded_at: f.uploaded_at,
        })
    }

    /// One evidence file with its bytes, when the caller sees its task.
    pub async fn sv_file(&self, actor: &Actor, file_id: i64) -> Result<sv_file::Model> {
        let nf = || Error::not_found("文件不存在");
        let f = sv_file::Entity::find_by_id(file_id)
            .one(&self.conn)
            .await?
            .ok_or_else(nf)?;
        self.sv_visible(actor, f.task_id).await.map_err(|_| nf())?;
        Ok(f)
    }

    /// The notification centre: notifications to the caller's organisation, newest first.
    pub async fn sv_notifications(
        &self,
        actor: &Actor,
        unread: bool,
    ) -> Result<Vec<sv_notification::Model>> {
        let mut q =
            sv_notification::Entity::find().filter(sv_notification::Column::OrgId.eq(actor.org_id));
        if unread {
            q = q.filter(sv_notification::Column::ReadAt.is_null());
        }
        Ok(q.order_by_desc(sv_notification::Column::Id)
            .all(&self.conn)
            .await?
            .into_iter()
            .take(200)
            .collect())
    }

    /// Marks notifications of the caller's organisation read; returns how many changed.
    pub async fn sv_read(&self, actor: &Actor, ids: &[i64]) -> Result<usize> {
        if ids.is_empty() || ids.len() > 500 {
            return Err(Error::invalid("ids", "请选择 1–500 条通知"));
        }
        let found = sv_notification::Entity::find()
            .filter(sv_notification::Column::Id.is_in(ids.iter().copied()))
            .filter(sv_notification::Column::OrgId.eq(actor.org_id))
            .all(&self.conn)
            .await?;
        if found.len() != ids.iter().collect::<HashSet<_>>().len() {
            return Err(Error::not_found("通知不存在"));
        }
        let unread: Vec<_> = found.into_iter().filter(|n| n.read_at.is_none()).collect();
        if unread.is_empty() {
            return Ok(0);
        }
        let txn = self.conn.begin().await?;
        let now = crate::now();
        for n in &unread {
            let mut am = n.clone().into_active_model();
            am.read_at = Set(Some(now));
            am.read_by = Set(Some(actor.username.clone()));
            am.update(&txn).await?;
        }
        let ids: Vec<i64> = unread.iter().map(|n| n.id).collect();
        audit::record(
            &txn,
            actor,
            "read",
            "sv_notification",
            ids.iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(","),
            Some(serde_json::json!({"ids": ids, "read_at": null})),
            Some(serde_json::json!({"ids": ids, "read_at": now, "read_by": actor.username})),
        )
        .await?;
        txn.commit().await?;
        Ok(unread.len())
    }

    /// The daily job: records colour changes and sends the due reminders (never the same one
    /// twice), in one transaction with one audit event.
    pub async fn sv_remind(&self, today: NaiveDate) -> Result<RemindReport> {
        let actor = Actor::system();
        let txn = self.conn.begin().await?;
        let tasks = sv_task::Entity::find()
            .filter(sv_task::Column::Status.is_in([
                Status::Assigned.as_str(),
                Status::Signed.as_str(),
                Status::Closing.as_str(),
            ]))
            .order_by_asc(sv_task::Column::Id)
            .all(&txn)
            .await?;
        let ids: Vec<i64> = tasks.iter().map(|t| t.id).collect();
        let l = load(&txn, &ids).await?;
        let sent: HashSet<String> = sv_reminder::Entity::find()
            .filter(sv_reminder::Column::TaskId.is_in(ids.iter().copied()))
            .all(&txn)
            .await?
            .into_iter()
            .map(|r| r.uniq)
            .collect();
        let mut rep = RemindReport {
            today: Some(today),
            tasks: tasks.len(),
            ..Default::default()
        };
        let mut rules_cache: HashMap<String, Rules> = HashMap::new();
        for t in tasks {
            if !rules_cache.contains_key(&t.region_code) {
                let r = Self::rules_in(&txn, &t.region_code).await?;
                rules_cache.insert(t.region_code.clone(), r);
            }
            let rules = &rules_cache[&t.region_code];
            let f = facts(&t, &l);
            let prefix = format!("{}|", t.id);
            let mine: HashSet<String> = sent
                .iter()
                .filter_map(|k| k.strip_prefix(&prefix).map(str::to_string))
                .collect();
            for r in sv::due_reminders(rules, &f, today, &mine) {
                sv_reminder::ActiveModel {
                    task_id: Set(t.id),
                    uniq: Set(format!("{prefix}{}", r.key)),
                    key: Set(r.key.clone()),
                    day: Set(today),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                let when = match r.offset_days {
                    n if n < 0 => format!("还有 {} 天到期", -n),
                    0 => "今天到期".to_string(),
                    n => format!("已逾期 {n} 天"),
                };
                for u in l
                    .units
                    .get(&t.id)
                    .into_iter()
                    .flatten()
                    .filter(|u| u.part != "coop")
                {
                    let n = notify(
                        &txn,
                        u.org_id,
                        Some(t.id),
                        "remind",
                        format!("提醒:{}{}", r.deadline.kind.label_zh(), when),
                        format!(
                            "任务“{}”的{}为 {}。",
                            t.title,
                            r.deadline.kind.label_zh(),
                            r.deadline.due
                        ),
                        u.email.clone(),
                    )
                    .await?;
                    rep.reminders.push(Sent {
                        notification_id: n.id,
                        task_id: t.id,
                        org_id: u.org_id,
                        key: r.key.clone(),
                        email: n.email,
                    });
                }
            }
            let (_, changed) = record_colour(&txn, t, &f, rules, today, false).await?;
            rep.colour_changes += changed as usize;
        }
        audit::record(
            &txn,
            &actor,
            "remind",
            "sv_task",
            today,
            None,
            Some(serde_json::json!({
                "tasks": rep.tasks, "colour_changes": rep.colour_changes, "reminders": rep.reminders.len()
            })),
        )
        .await?;
        txn.commit().await?;
        Ok(rep)
    }

    /// Notifications with an address that were not e-mailed yet.
    pub async fn sv_pending_mail(&self) -> Result<Vec<Mail>> {
        Ok(sv_notification::Entity::find()
            .filter(sv_notification::Column::Email.is_not_null())
            .filter(sv_notification::Column::EmailedAt.is_null())
            .order_by_asc(sv_notification::Column::Id)
            .all(&self.conn)
            .await?
            .into_iter()
            .filter_map(|n| {
                Some(Mail {
                    notification_id: n.id,
                    to: n.email?,
                    subject: n.title,
                    body: n.body,
                })
            })
            .collect())
    }

    /// Records that a notification was e-mailed.
    pub async fn sv_mark_mailed(&self, notification_id: i64) -> Result<()> {
        if let Some(n) = sv_notification::Entity::find_by_id(notification_id)
            .one(&self.conn)
            .await?
        {
            let mut am = n.into_active_model();
            am.emailed_at = Set(Some(crate::now()));
            am.update(&self.conn).await?;
        }
        Ok(())
    }

    /// Unit scores and ranking over `[from, to]` for the tasks the caller sees.
    pub async fn sv_scores(
        &self,
        actor: &Actor,
        today: NaiveDate,
        from: NaiveDate,
        to: NaiveDate,
        region: Option<&str>,
    ) -> Result<Scores> {
        if from > to {
            return Err(Error::invalid("from", "开始日期不能晚于结束日期"));
        }
        let filter = TaskFilter {
            region: region.map(str::to_string),
            ..Default::default()
        };
        let tasks = self.sv_tasks(actor, today, &filter).await?;
        let ids: Vec<i64> = tasks.iter().map(|t| t.id).collect();
        let models: Vec<sv_task::Model> = sv_task::Entity::find()
            .filter(sv_task::Column::Id.is_in(ids.iter().copied()))
            .all(&self.conn)
            .await?;
        let l = load(&self.conn, &ids).await?;
        let rules = self.sv_rules(region.unwrap_or(&actor.region_code)).await?;
        let mut by_org: BTreeMap<i64, sv::UnitScore> = BTreeMap::new();
        let mut colours: BTreeMap<String, usize> = BTreeMap::new();
        for s in &tasks {
            *colours.entry(s.colour.as_str().to_string()).or_default() += 1;
        }
        for t in &models {
            let f = facts(t, &l);
            let units = l.units.get(&t.id).into_iter().flatten();
            for u in units.chain(l.former.get(&t.id).into_iter().flatten()) {
                // A unit counts from the day it was added to the day it was taken off.
                let (from, to) = (
                    u.added_on.map_or(from, |a| a.max(from)),
                    u.removed_on.map_or(to, |r| r.min(to)),
                );
                if from > to {
                    continue;
                }
                let part = Part::parse(&u.part).unwrap_or(Part::Coop);
                sv::score_task(
                    &rules,
                    &f,
                    part,
                    from,
                    to,
                    today,
                    by_org.entry(u.org_id).or_default(),
                );
            }
        }
        let rows = sv::rank(&by_org)
            .into_iter()
            .map(|r| ScoreRow {
                rank: r.rank,
                org_id: r.unit,
                org_name: l.orgs.get(&r.unit).cloned().unwrap_or_default(),
                timeliness: r.score.timeliness(),
                score: r.score,
            })
            .collect();
        Ok(Scores {
            from,
            to,
            today,
            rules: rules.score,
            rows,
            tasks: tasks.len(),
            colours,
        })
    }
}
