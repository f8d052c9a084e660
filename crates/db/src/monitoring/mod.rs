//! Monitoring (监测): data items, yearly forms assigned to organisations, observations with
//! their history and approval workflow, validation while entering, completeness, target
//! scorecards, and import/export by codes.
//!
//! Workflow of an assignment (and of its observations):
//! `draft → submitted → approved → accepted`, or `submitted → returned` (with a reason) →
//! edited → submitted again; `approved`/`accepted` → `returned` is "unapproving" and needs a
//! reason. Approved and accepted values are locked.
//!
//! Scoping: reporters (department and county) see and change only their organisation's
//! assignments; draft and returned values are visible to the reporting organisation only
//! (and admins) — nobody sees another organisation's draft data. Analyses (series,
//! scorecard) read submitted, approved and accepted values, or only approved ones.

use crate::entity::{
    data_form, data_item, form_assignment, indicator, observation, observation_history, org,
    participant, plan, plan_target, programme, region,
};
use crate::Msg;
use crate::{audit, Actor, Error, Result};
use innocity_domain::Role;
use innocity_monitor::{Aggregation, Expr, TargetSpec, Violation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

mod assignments;
mod entry;
mod export;
mod forms;
mod import;
mod scorecard;
mod series;
mod store;
mod workflow;
use innocity_monitor::workflow::{self as wf, Action, State};
use series::*;
use store::*;
use workflow::{decide, refused, standing, state_of};

/// Workflow states.
pub const DRAFT: &str = "draft";
pub const SUBMITTED: &str = "submitted";
pub const APPROVED: &str = "approved";
pub const RETURNED: &str = "returned";
pub const ACCEPTED: &str = "accepted";

/// Longest comment or reason.
pub const MAX_NOTE: usize = 500;
/// Previous years shown beside each value.
pub const PREVIOUS_YEARS: i32 = 3;
/// Default year-on-year band of flows and stocks (±50 %).
pub const DEFAULT_YOY_BAND: f64 = 0.5;

/// Consistency rules: part ≤ total (high importance, skipped when either is missing).
pub const CONSISTENCY: &[(&str, &str, &str)] = &[
    ("rd_expenditure", "gdp", "研发经费支出不超过地区生产总值"),
    (
        "enterprise_rd_expenditure",
        "rd_expenditure",
        "企业研发经费不超过全社会研发经费",
    ),
    (
        "basic_research_expenditure",
        "rd_expenditure",
        "基础研究经费不超过研发经费",
    ),
    (
        "rd_expenditure_enterprise_funds",
        "rd_expenditure",
        "企业资金不超过研发经费",
    ),
    (
        "fiscal_st_expenditure",
        "fiscal_expenditure",
        "财政科技支出不超过财政支出",
    ),
    (
        "high_tech_industry_output",
        "industrial_output_above_scale",
        "高新技术产业产值不超过规上工业产值",
    ),
    (
        "high_tech_industry_value_added",
        "industrial_value_added",
        "高新技术产业增加值不超过工业增加值",
    ),
    (
        "services_value_added",
        "gdp",
        "服务业增加值不超过地区生产总值",
    ),
    (
        "urban_population",
        "resident_population",
        "城镇人口不超过常住人口",
    ),
    (
        "invention_patent_applications",
        "patent_applications",
        "发明专利申请不超过专利申请",
    ),
    (
        "enterprises_with_rd_institutions",
        "industrial_enterprises_above_scale",
        "有研发机构的企业不超过规上工业企业",
    ),
    (
        "new_product_sales",
        "main_business_revenue",
        "新产品销售收入不超过主营业务收入",
    ),
];

fn is_reporter(r: Role) -> bool {
    matches!(r, Role::DeptReporter | Role::CountyReporter)
}

fn is_manager(r: Role) -> bool {
    matches!(r, Role::Admin | Role::Coordinator)
}

fn json_codes(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ItemView {
    pub code: String,
    pub name_zh: String,
    pub unit: Option<String>,
    pub aggregation: String,
    pub formula: String,
    pub derived: bool,
}

fn item_view(m: &data_item::Model) -> ItemView {
    ItemView {
        code: m.code.clone(),
        name_zh: m.name_zh.clone(),
        unit: m.unit.clone(),
        aggregation: m.aggregation.clone(),
        formula: m.formula.clone(),
        derived: !m.formula.is_empty(),
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct AssignmentIn {
    pub org_id: i64,
    pub region_code: String,
    pub items: Vec<String>,
    #[serde(default)]
    pub due_date: Option<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct FormIn {
    pub programme_id: i64,
    pub name: String,
    pub year: i32,
    pub items: Vec<String>,
    pub due_date: String,
    #[serde(default)]
    pub assignments: Vec<AssignmentIn>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FormView {
    pub id: i64,
    pub programme_id: i64,
    pub name: String,
    pub year: i32,
    pub items: Vec<String>,
    pub due_date: String,
    pub demo: bool,
    pub assignment_count: u64,
}

/// One row of "what is due and by when" and of the completeness table.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AssignmentView {
    pub id: i64,
    pub form_id: i64,
    pub form_name: String,
    pub year: i32,
    pub org_id: i64,
    pub org_name: String,
    pub region_code: String,
    pub region_name: String,
    pub item_count: usize,
    /// Items with a value or a missing reason (only for the reporting organisation; others
    /// see it once submitted).
    pub filled: Option<usize>,
    pub due_date: String,
    pub status: String,
    pub submitted_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Submitted on or before the due date (None while not submitted).
    pub on_time: Option<bool>,
    /// Not submitted and past the due date.
    pub overdue: bool,
    pub reason: Option<String>,
    /// Whether the caller may edit values now.
    pub editable: bool,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PrevValue {
    pub year: i32,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EntryRow {
    pub item: ItemView,
    pub value: Option<f64>,
    pub comment: Option<String>,
    pub missing_reason: Option<String>,
    pub previous: Vec<PrevValue>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AssignmentDetail {
    pub assignment: AssignmentView,
    pub rows: Vec<EntryRow>,
    #[schemars(with = "serde_json::Value")]
    pub violations: Vec<Violation>,
    /// Whether draft values are hidden from the caller.
    pub hidden: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ValueIn {
    pub item: String,
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub missing_reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct ReviewIn {
    /// approve | return | accept | unapprove
    pub action: String,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct HistoryView {
    pub at: chrono::DateTime<chrono::Utc>,
    pub username: String,
    pub old_value: Option<f64>,
    pub new_value: Option<f64>,
    pub old_status: Option<String>,
    pub new_status: String,
    pub note: Option<String>,
}

/// One scorecard row: a target and its tracking.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ScoreRow {
    pub target_id: i64,
    pub indicator: Option<String>,
    pub indicator_text: String,
    pub comparator: String,
    pub target_value: Option<f64>,
    pub value_max: Option<f64>,
    pub unit: Option<String>,
    pub target_year: Option<i32>,
    pub delta: bool,
    #[schemars(with = "serde_json::Value")]
    pub tracking: innocity_monitor::Tracking,
    pub series: Vec<PrevValue>,
    /// The target in each revision of the plan, oldest first (empty when the plan was never
    /// revised).
    pub history: Vec<TargetRevision>,
}

/// A target as one revision of its plan set it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TargetRevision {
    pub plan_id: i64,
    pub revision: i32,
    pub plan_status: String,
    pub doc_date: Option<String>,
    pub comparator: String,
    pub target_value: Option<f64>,
    pub value_max: Option<f64>,
    pub unit: Option<String>,
    pub target_year: Option<i32>,
}

/// Matches a target across plan revisions: its indicator code, else its text.
fn target_key(code: Option<&str>, text: &str) -> String {
    match code {
        Some(c) if !c.is_empty() => format!("code:{c}"),
        _ => format!("text:{}", text.trim()),
    }
}

/// Task supervision in the cockpit: the participant's tasks by status and live colour.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct TaskProgress {
    pub total: usize,
    pub closed: usize,
    /// Status code (draft, assigned, signed, …) → count.
    pub statuses: BTreeMap<String, usize>,
    /// Live colour (green, blue, yellow, red) → count, open tasks only.
    pub colours: BTreeMap<String, usize>,
    /// Mean reported progress (percent) over all tasks, closed ones counting 100.
    pub mean_progress: Option<f64>,
}

impl TaskProgress {
    fn of<'a>(tasks: impl Iterator<Item = &'a crate::supervision::TaskSummary>) -> Self {
        let mut p = TaskProgress::default();
        let mut sum = 0.0;
        for t in tasks {
            p.total += 1;
            let closed = t.closed_on.is_some() || t.status == "closed";
            if closed {
                p.closed += 1;
            } else {
                *p.colours.entry(t.colour.as_str().to_string()).or_default() += 1;
            }
            *p.statuses.entry(t.status.clone()).or_default() += 1;
            sum += if closed {
                100.0
            } else {
                t.progress.unwrap_or(0.0).clamp(0.0, 100.0)
            };
        }
        p.mean_progress = (p.total > 0).then(|| sum / p.total as f64);
        p
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Scorecard {
    pub participant_id: i64,
    pub region_code: String,
    pub region_name: String,
    pub plan_id: Option<i64>,
    pub plan_title: Option<String>,
    pub approved_only: bool,
    pub rows: Vec<ScoreRow>,
    /// Status → count.
    pub counts: BTreeMap<String, usize>,
    pub completeness: Completeness,
    pub tasks: TaskProgress,
}

#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct Completeness {
    pub assignments: usize,
    pub submitted: usize,
    pub approved: usize,
    pub overdue: usize,
    pub on_time: usize,
    pub late: usize,
}

/// One value row of import and export (by codes).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DataRow {
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

/// Where an import row came from.
#[derive(Debug, Clone, Serialize, Deserialize, Default, schemars::JsonSchema)]
pub struct RowRef {
    pub file: String,
    pub sheet: Option<String>,
    pub row: usize,
}

/// A row-level problem: file, sheet, row, column, reason.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct RowError {
    pub file: String,
    pub sheet: Option<String>,
    pub row: usize,
    pub column: String,
    /// Why the row is refused.
    pub reason: Msg,
}

impl RowError {
    /// A row's problem, its reason in both languages.
    pub fn new(file: &str, sheet: Option<String>, row: usize, column: &str, reason: Msg) -> Self {
        RowError {
            file: file.to_string(),
            sheet,
            row,
            column: column.to_string(),
            reason,
        }
    }
}

#[derive(Debug, Clone, Serialize, Default, schemars::JsonSchema)]
pub struct ImportReport {
    /// The file itself could not be read (the errors are the reader's problems).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub invalid_file: bool,
    pub dry_run: bool,
    pub rows: usize,
    pub committed: bool,
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub errors: Vec<RowError>,
    /// Rule violations (warnings: they do not block an import).
    pub warnings: Vec<RowError>,
}

/// Rows per chunk of a streamed import.
pub const IMPORT_CHUNK: usize = 2000;
/// Row errors after which validation stops.
pub const MAX_IMPORT_ERRORS: usize = 1000;

/// A chunk of a streamed import: rows, or problems the file reader found.
#[derive(Debug, Clone)]
pub enum ImportChunk {
    Rows(Vec<(RowRef, DataRow)>),
    Problems(Vec<RowError>),
}

/// Export row with names.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ExportRow {
    pub region_code: String,
    pub region_name: String,
    pub item_code: String,
    pub item_name: String,
    pub unit: Option<String>,
    pub year: i32,
    pub value: Option<f64>,
    pub comment: Option<String>,
    pub missing_reason: Option<String>,
    pub status: String,
}

fn check_note(errs: &mut BTreeMap<String, Msg>, field: String, v: &Option<String>) {
    if v.as_deref().is_some_and(|s| s.chars().count() > MAX_NOTE) {
        errs.insert(field, crate::common::too_long(MAX_NOTE));
    }
}

fn clean(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn today() -> String {
    crate::now().format("%Y-%m-%d").to_string()
}

/// Observations keyed by (item, year).
type Values = HashMap<(String, i32), f64>;

struct Names {
    orgs: HashMap<i64, String>,
    regions: HashMap<String, String>,
}

struct RegionData {
    own: Values,
    children: Vec<Values>,
}

/// The Chinese label of a stored state code (`未知` for an unknown code).
pub fn status_label(s: &str) -> &'static str {
    innocity_monitor::workflow::label_zh(s)
}
