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
use crate::Msg;
use crate::{audit, Actor, Error, Result};
use chrono::NaiveDate;
use innocity_domain::Role;
use innocity_supervise::{
    self as sv, Action, Assessment, Colour, Denied, MilestoneFacts, Part, Refusal, Rules, Standing,
    Status, TaskFacts, TaskOp,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};

mod act;
mod common;
mod edit;
mod files;
mod from_plan;
mod notices;
mod rules;
mod scores;
mod tasks;
mod urge;
use common::*;
pub use files::{clean_file_name, sniff, FILE_TYPES, MAX_FILE_BYTES};

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
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

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MilestoneIn {
    pub title: String,
    pub due: String,
}

/// A task created by hand, or a sub-task (`parent_id`).
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MilestoneEdit {
    pub id: i64,
    pub title: String,
    pub due: String,
}

/// The units of a task after the change (coordinators): lead, cooperating and shared-duty
/// units with their responsible persons. Units not listed are taken off the task.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnitsEdit {
    pub units: Vec<UnitIn>,
    /// Why the responsibility changed (shown in the task's history).
    #[serde(default)]
    pub reason: Option<String>,
}

/// Tasks from an imported plan.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ActIn {
    #[schemars(with = "serde_json::Value")]
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

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
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

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NextDeadline {
    #[schemars(with = "serde_json::Value")]
    pub kind: sv::DeadlineKind,
    pub label: Msg,
    pub due: NaiveDate,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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
    pub status_label: Msg,
    pub due: Option<NaiveDate>,
    pub assigned_on: Option<NaiveDate>,
    pub signed_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub progress: Option<f64>,
    #[schemars(with = "serde_json::Value")]
    pub colour: Colour,
    pub colour_label: Msg,
    pub reasons: Vec<Msg>,
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

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Serialize, Default, schemars::JsonSchema)]
pub struct Allowed {
    #[schemars(with = "serde_json::Value")]
    pub actions: Vec<Action>,
    pub urge: bool,
    pub answer_urges: Vec<i64>,
    pub upload: bool,
}

/// A notification of the notification centre, in both languages.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NotificationView {
    pub id: i64,
    pub org_id: i64,
    pub task_id: Option<i64>,
    /// assign, remind, urge, answer, sign, request_close, approve, send_back, reopen, units.
    pub kind: String,
    pub title: Msg,
    pub body: Msg,
    pub email: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub read_at: Option<chrono::DateTime<chrono::Utc>>,
    pub read_by: Option<String>,
    pub emailed_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<sv_notification::Model> for NotificationView {
    /// Rows written before m0010 have no English: their Chinese stands for both.
    fn from(n: sv_notification::Model) -> NotificationView {
        let en_title = n.title_en.unwrap_or_else(|| n.title.clone());
        let en_body = n.body_en.unwrap_or_else(|| n.body.clone());
        NotificationView {
            id: n.id,
            org_id: n.org_id,
            task_id: n.task_id,
            title: Msg::new(n.kind.clone(), n.title, en_title),
            body: Msg::new(n.kind.clone(), n.body, en_body),
            kind: n.kind,
            email: n.email,
            created_at: n.created_at,
            read_at: n.read_at,
            read_by: n.read_by,
            emailed_at: n.emailed_at,
        }
    }
}

/// One entry of the process record (过程记录), with who acted: the unit and its responsible
/// person (the login name when the actor belongs to no unit).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EventView {
    #[serde(flatten)]
    pub event: sv_event::Model,
    pub who: String,
}

/// One entry of a task's colour history.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ColourChange {
    pub id: i64,
    pub day: NaiveDate,
    pub colour: String,
    pub colour_label: Msg,
    /// The reasons, joined.
    pub reasons: Msg,
}

impl From<sv_colour::Model> for ColourChange {
    /// Reasons are stored as a JSON list of messages (rows of earlier releases: Chinese text).
    fn from(m: sv_colour::Model) -> ColourChange {
        let reasons = match serde_json::from_str::<Vec<Msg>>(&m.reasons) {
            Ok(list) => Msg::join(&list, "reasons"),
            Err(_) => Msg::new("reasons", m.reasons.clone(), m.reasons.clone()),
        };
        let colour_label = sv::Colour::parse(&m.colour)
            .map(sv::Colour::label)
            .unwrap_or_else(|| Msg::new("unknown", m.colour.clone(), m.colour.clone()));
        ColourChange {
            id: m.id,
            day: m.day,
            colour: m.colour,
            colour_label,
            reasons,
        }
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TaskDetail {
    pub task: TaskSummary,
    pub description: Option<String>,
    pub milestones: Vec<sv_milestone::Model>,
    pub events: Vec<EventView>,
    pub urges: Vec<UrgeView>,
    pub files: Vec<FileView>,
    pub colour_history: Vec<ColourChange>,
    #[schemars(with = "serde_json::Value")]
    pub deadlines: Vec<sv::Deadline>,
    pub subtasks: Vec<TaskSummary>,
    pub allowed: Allowed,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FromPlanOut {
    pub created: Vec<TaskSummary>,
    /// Plan task id → why it was skipped.
    pub skipped: BTreeMap<i64, crate::Msg>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ScoreRow {
    pub rank: usize,
    pub org_id: i64,
    pub org_name: String,
    #[serde(flatten)]
    #[schemars(with = "serde_json::Value")]
    pub score: sv::UnitScore,
    pub timeliness: Option<f64>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Scores {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    #[schemars(with = "serde_json::Value")]
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
