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
use crate::{audit, Actor, Db, Error, Result};
use innocity_domain::Role;
use innocity_monitor::rules::Importance;
use innocity_monitor::{Aggregation, Expr, TargetSpec, Violation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

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

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Deserialize)]
pub struct AssignmentIn {
    pub org_id: i64,
    pub region_code: String,
    pub items: Vec<String>,
    #[serde(default)]
    pub due_date: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FormIn {
    pub programme_id: i64,
    pub name: String,
    pub year: i32,
    pub items: Vec<String>,
    pub due_date: String,
    #[serde(default)]
    pub assignments: Vec<AssignmentIn>,
}

#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
pub struct PrevValue {
    pub year: i32,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntryRow {
    pub item: ItemView,
    pub value: Option<f64>,
    pub comment: Option<String>,
    pub missing_reason: Option<String>,
    pub previous: Vec<PrevValue>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssignmentDetail {
    pub assignment: AssignmentView,
    pub rows: Vec<EntryRow>,
    pub violations: Vec<Violation>,
    /// Whether draft values are hidden from the caller.
    pub hidden: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ValueIn {
    pub item: String,
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub missing_reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ReviewIn {
    /// approve | return | accept | unapprove
    pub action: String,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
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
    pub tracking: innocity_monitor::Tracking,
    pub series: Vec<PrevValue>,
    /// The target in each revision of the plan, oldest first (empty when the plan was never
    /// revised).
    pub history: Vec<TargetRevision>,
}

/// A target as one revision of its plan set it.
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Default, Serialize)]
pub struct TaskProgress {
    pub total: usize,
    pub closed: usize,
    /// Status → count.
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
            *p.statuses.entry(t.status_label.clone()).or_default() += 1;
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

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Default, Serialize)]
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
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct RowRef {
    pub file: String,
    pub sheet: Option<String>,
    pub row: usize,
}

/// A row-level problem: file, sheet, row, column, reason.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RowError {
    pub file: String,
    pub sheet: Option<String>,
    pub row: usize,
    pub column: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Default)]
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

/// Catalogues an import checks rows against (sizes bounded by the database, not the file).
struct ImportContext {
    items: HashMap<String, data_item::Model>,
    /// Codes → small ids, so the duplicate set holds 12 bytes per row.
    region_ids: HashMap<String, u32>,
    item_ids: HashMap<String, u32>,
    /// (region, item, year) → open assignment the caller may fill, and its status.
    open: HashMap<(String, String, i32), (i64, String)>,
    /// Keys any assignment covers.
    covered: HashSet<(String, String, i32)>,
}

/// A checked row: where it goes and what it replaces.
struct Planned {
    row: DataRow,
    target: Option<(i64, String)>,
    existing: Option<observation::Model>,
}

impl Planned {
    fn unchanged(&self, o: &observation::Model) -> bool {
        o.value == self.row.value
            && o.comment == clean(&self.row.comment)
            && o.missing_reason == clean(&self.row.missing_reason)
    }
}

impl ImportContext {
    /// Checks one chunk: errors and warnings go to `report`; good rows come back with the
    /// observation they replace (read from `c` for just this chunk's keys).
    async fn check<C: ConnectionTrait>(
        &self,
        c: &C,
        actor: &Actor,
        rows: &[(RowRef, DataRow)],
        seen: &mut HashSet<(u32, u32, i32)>,
        report: &mut ImportReport,
    ) -> Result<Vec<Planned>> {
        let existing = existing_for(c, rows.iter().map(|(_, r)| r)).await?;
        let mut out = Vec::new();
        let err = |r: &RowRef, column: &str, reason: String| RowError {
            file: r.file.clone(),
            sheet: r.sheet.clone(),
            row: r.row,
            column: column.into(),
            reason,
        };
        for (at, row) in rows {
            if report.errors.len() >= MAX_IMPORT_ERRORS {
                break;
            }
            let errors = &mut report.errors;
            let before = errors.len();
            let rid = self.region_ids.get(&row.region_code).copied();
            if rid.is_none() || !actor.scope.allows(&row.region_code) {
                errors.push(err(
                    at,
                    "region_code",
                    format!("地区 {} 不存在或不在您的范围内", row.region_code),
                ));
            }
            match self.items.get(&row.item_code) {
                None => errors.push(err(
                    at,
                    "item_code",
                    format!("数据项 {} 不存在", row.item_code),
                )),
                Some(i) if !i.formula.is_empty() => errors.push(err(
                    at,
                    "item_code",
                    format!("{} 是计算指标,不能导入", row.item_code),
                )),
                _ => {}
            }
            if !(1949..=2100).contains(&row.year) {
                errors.push(err(at, "year", format!("年份 {} 无效", row.year)));
            }
            if row.value.is_some_and(|v| !v.is_finite()) {
                errors.push(err(at, "value", "数值无效".into()));
            }
            for (col, v) in [
                ("comment", &row.comment),
                ("missing_reason", &row.missing_reason),
            ] {
                if v.as_deref().is_some_and(|s| s.chars().count() > MAX_NOTE) {
                    errors.push(err(at, col, format!("不能超过 {MAX_NOTE} 个字符")));
                }
            }
            if row.value.is_none() && clean(&row.missing_reason).is_none() {
                errors.push(err(at, "value", "数值为空时须填写缺失原因".into()));
            }
            if let (Some(r), Some(i)) = (rid, self.item_ids.get(&row.item_code)) {
                if !seen.insert((r, *i, row.year)) {
                    errors.push(err(
                        at,
                        "item_code",
                        "同一地区、数据项和年份重复出现".into(),
                    ));
                }
            }
            if errors.len() > before {
                continue;
            }
            let key = (row.region_code.clone(), row.item_code.clone(), row.year);
            let old = existing.get(&key);
            let target = self.open.get(&key).cloned();
            if target.is_none() {
                if self.covered.contains(&key) || !is_manager(actor.role) {
                    let locked =
                        old.is_some_and(|o| !matches!(o.status.as_str(), DRAFT | RETURNED));
                    errors.push(err(
                        at,
                        "item_code",
                        if locked {
                            "该数据已提交或审核,已锁定".into()
                        } else {
                            "没有您可填报的报表分配覆盖该地区、数据项和年份".into()
                        },
                    ));
                    continue;
                }
                if old.is_some_and(|o| o.assignment_id.is_some()) {
                    errors.push(err(
                        at,
                        "item_code",
                        "该数据属于报表分配,请通过报表填报".into(),
                    ));
                    continue;
                }
            }
            if let (Some(i), Some(v)) = (self.items.get(&row.item_code), row.value) {
                let lo = i.min_value.unwrap_or(f64::NEG_INFINITY);
                let hi = i.max_value.unwrap_or(f64::INFINITY);
                if (v < lo || v > hi) && report.warnings.len() < MAX_IMPORT_ERRORS {
                    report.warnings.push(err(
                        at,
                        "value",
                        format!("{} 超出范围 [{lo}, {hi}]", i.name_zh),
                    ));
                }
            }
            out.push(Planned {
                row: row.clone(),
                target,
                existing: old.cloned(),
            });
        }
        Ok(out)
    }
}

/// The stored observations of a set of rows' (region, item, year) keys: one query over the
/// rows' regions, items and years, filtered to the exact keys.
async fn existing_for<'a, C: ConnectionTrait>(
    c: &C,
    rows: impl Iterator<Item = &'a DataRow>,
) -> Result<HashMap<(String, String, i32), observation::Model>> {
    let mut keys = HashSet::new();
    let (mut regions, mut items, mut years) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for r in rows {
        regions.insert(r.region_code.clone());
        items.insert(r.item_code.clone());
        years.insert(r.year);
        keys.insert((r.region_code.clone(), r.item_code.clone(), r.year));
    }
    let mut out = HashMap::new();
    if keys.is_empty() {
        return Ok(out);
    }
    // At most IMPORT_CHUNK codes in each list: well within both backends' parameter limits.
    for o in observation::Entity::find()
        .filter(observation::Column::RegionCode.is_in(regions))
        .filter(observation::Column::ItemCode.is_in(items))
        .filter(observation::Column::Year.is_in(years))
        .all(c)
        .await?
    {
        let k = (o.region_code.clone(), o.item_code.clone(), o.year);
        if keys.contains(&k) {
            out.insert(k, o);
        }
    }
    Ok(out)
}

/// Export row with names.
#[derive(Debug, Clone, Serialize)]
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

fn check_note(errs: &mut BTreeMap<String, String>, field: String, v: &Option<String>) {
    if v.as_deref().is_some_and(|s| s.chars().count() > MAX_NOTE) {
        errs.insert(field, format!("不能超过 {MAX_NOTE} 个字符"));
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

impl Db {
    /// Creates the data items from the indicator library (idempotent; new library entries
    /// are added, existing items kept).
    pub async fn seed_data_items(&self) -> Result<usize> {
        let have: HashSet<String> = data_item::Entity::find()
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|i| i.code)
            .collect();
        let mut added = Vec::new();
        for i in indicator::Entity::find().all(&self.conn).await? {
            if have.contains(&i.code) {
                continue;
            }
            if !i.formula.is_empty() && Expr::parse(&i.formula).is_err() {
                continue;
            }
            let pct = i.unit.as_deref() == Some("%");
            let raw = i.formula.is_empty();
            let m = data_item::ActiveModel {
                code: Set(i.code.clone()),
                name_zh: Set(i.name_zh.clone()),
                unit: Set(i.unit.clone()),
                aggregation: Set(i.aggregation.clone()),
                formula: Set(i.formula.clone()),
                min_value: Set(raw.then_some(0.0)),
                max_value: Set((raw && pct).then_some(100.0)),
                yoy_band: Set((raw && matches!(i.aggregation.as_str(), "sum" | "latest"))
                    .then_some(DEFAULT_YOY_BAND)),
                source_dept: Set(i.source_dept.clone()),
                ..Default::default()
            }
            .insert(&self.conn)
            .await?;
            added.push(m);
        }
        if !added.is_empty() {
            let all = data_item::Entity::find().all(&self.conn).await?;
            crate::validation::seed_default_rules(&self.conn, &added, &all, false).await?;
        }
        Ok(added.len())
    }

    /// Every data item, by code.
    pub async fn data_items(&self) -> Result<Vec<ItemView>> {
        Ok(data_item::Entity::find()
            .order_by_asc(data_item::Column::Id)
            .all(&self.conn)
            .await?
            .iter()
            .map(item_view)
            .collect())
    }

    async fn item_map(&self) -> Result<HashMap<String, data_item::Model>> {
        Ok(data_item::Entity::find()
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|i| (i.code.clone(), i))
            .collect())
    }

    /// Creates a form with its assignments (coordinators and admins, regions in scope).
    pub async fn create_form(&self, actor: &Actor, input: &FormIn) -> Result<FormView> {
        if !is_manager(actor.role) {
            return Err(Error::Forbidden("只有协调员或管理员可以创建报表".into()));
        }
        self.seed_data_items().await?;
        let items = self.item_map().await?;
        let mut errs = BTreeMap::new();
        crate::check_text(&mut errs, "name", &input.name, 100);
        if !(2000..=2100).contains(&input.year) {
            errs.insert("year".into(), "年份须在 2000–2100 之间".into());
        }
        let date_ok = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok();
        if !date_ok(&input.due_date) {
            errs.insert("due_date".into(), "日期格式须为 YYYY-MM-DD".into());
        }
        if input.items.is_empty() {
            errs.insert("items".into(), "至少选择一个数据项".into());
        }
        for (i, c) in input.items.iter().enumerate() {
            match items.get(c) {
                None => {
                    errs.insert(format!("items[{i}]"), format!("数据项 {c} 不存在"));
                }
                Some(m) if !m.formula.is_empty() => {
                    errs.insert(format!("items[{i}]"), format!("{c} 是计算指标,不能填报"));
                }
                _ => {}
            }
        }
        if programme::Entity::find_by_id(input.programme_id)
            .one(&self.conn)
            .await?
            .is_none()
        {
            errs.insert("programme_id".into(), "专项不存在".into());
        }
        let form_items: HashSet<&String> = input.items.iter().collect();
        for (i, a) in input.assignments.iter().enumerate() {
            let f = |n: &str| format!("assignments[{i}].{n}");
            if !actor.scope.allows(&a.region_code)
                || region::Entity::find_by_id(a.region_code.clone())
                    .one(&self.conn)
                    .await?
                    .is_none()
            {
                errs.insert(f("region_code"), "地区不存在或不在您的范围内".into());
            }
            match org::Entity::find_by_id(a.org_id).one(&self.conn).await? {
                Some(o) if actor.scope.allows_ref(&o.region_code) => {}
                _ => {
                    errs.insert(f("org_id"), "机构不存在或不在您的范围内".into());
                }
            }
            if a.items.is_empty() || a.items.iter().any(|c| !form_items.contains(c)) {
                errs.insert(f("items"), "须为本报表的数据项".into());
            }
            if a.due_date.as_deref().is_some_and(|d| !date_ok(d)) {
                errs.insert(f("due_date"), "日期格式须为 YYYY-MM-DD".into());
            }
        }
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        let txn = self.conn.begin().await?;
        let form = data_form::ActiveModel {
            programme_id: Set(input.programme_id),
            name: Set(input.name.trim().to_string()),
            year: Set(input.year),
            items: Set(serde_json::to_string(&input.items).unwrap_or_default()),
            due_date: Set(input.due_date.clone()),
            created_at: Set(crate::now()),
            demo: Set(false),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for a in &input.assignments {
            form_assignment::ActiveModel {
                form_id: Set(form.id),
                org_id: Set(a.org_id),
                region_code: Set(a.region_code.clone()),
                items: Set(serde_json::to_string(&a.items).unwrap_or_default()),
                due_date: Set(a.due_date.clone().unwrap_or_else(|| input.due_date.clone())),
                status: Set(DRAFT.into()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        audit::record(
            &txn,
            actor,
            "create",
            "data_form",
            form.id,
            None,
            Some(serde_json::json!({"form": audit::snap(&form), "assignments": input.assignments.len()})),
        )
        .await?;
        txn.commit().await?;
        Ok(FormView {
            id: form.id,
            programme_id: form.programme_id,
            name: form.name,
            year: form.year,
            items: input.items.clone(),
            due_date: form.due_date,
            demo: form.demo,
            assignment_count: input.assignments.len() as u64,
        })
    }

    /// Forms (every logged-in user; their assignments are scoped).
    pub async fn forms(&self, _actor: &Actor) -> Result<Vec<FormView>> {
        let mut out = Vec::new();
        for f in data_form::Entity::find()
            .order_by_desc(data_form::Column::Year)
            .order_by_asc(data_form::Column::Id)
            .all(&self.conn)
            .await?
        {
            let n = form_assignment::Entity::find()
                .filter(form_assignment::Column::FormId.eq(f.id))
                .count(&self.conn)
                .await?;
            out.push(FormView {
                id: f.id,
                programme_id: f.programme_id,
                name: f.name,
                year: f.year,
                items: json_codes(&f.items),
                due_date: f.due_date,
                demo: f.demo,
                assignment_count: n,
            });
        }
        Ok(out)
    }

    fn may_see_assignment(actor: &Actor, a: &form_assignment::Model) -> bool {
        if is_reporter(actor.role) {
            a.org_id == actor.org_id
        } else {
            actor.scope.allows(&a.region_code)
        }
    }

    fn owns(actor: &Actor, a: &form_assignment::Model) -> bool {
        actor.role == Role::Admin || a.org_id == actor.org_id
    }

    async fn visible_assignment(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<(form_assignment::Model, data_form::Model)> {
        let a = form_assignment::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .filter(|a| Self::may_see_assignment(actor, a))
            .ok_or_else(|| Error::not_found("报表分配不存在"))?;
        let f = data_form::Entity::find_by_id(a.form_id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found("报表不存在"))?;
        Ok((a, f))
    }

    /// Filled values (a value or a missing reason) per assignment, in one grouped query per
    /// 500 assignments.
    async fn filled_counts(&self, ids: &[i64]) -> Result<HashMap<i64, usize>> {
        let mut out = HashMap::new();
        for chunk in ids.chunks(500) {
            let rows: Vec<(Option<i64>, i64)> = observation::Entity::find()
                .select_only()
                .column(observation::Column::AssignmentId)
                .column_as(observation::Column::Id.count(), "n")
                .filter(observation::Column::AssignmentId.is_in(chunk.to_vec()))
                .filter(
                    Condition::any()
                        .add(observation::Column::Value.is_not_null())
                        .add(observation::Column::MissingReason.is_not_null()),
                )
                .group_by(observation::Column::AssignmentId)
                .into_tuple()
                .all(&self.conn)
                .await?;
            for (id, n) in rows {
                if let Some(id) = id {
                    out.insert(id, usize::try_from(n).unwrap_or(0));
                }
            }
        }
        Ok(out)
    }

    fn assignment_view(
        actor: &Actor,
        a: &form_assignment::Model,
        f: &data_form::Model,
        names: &Names,
        filled: &HashMap<i64, usize>,
    ) -> AssignmentView {
        let items = json_codes(&a.items);
        let filled = (Self::owns(actor, a) || !matches!(a.status.as_str(), DRAFT | RETURNED))
            .then(|| filled.get(&a.id).copied().unwrap_or(0));
        let submitted_day = a.submitted_at.map(|t| t.format("%Y-%m-%d").to_string());
        let on_time = submitted_day
            .as_ref()
            .map(|d| d.as_str() <= a.due_date.as_str());
        let open = matches!(a.status.as_str(), DRAFT | RETURNED);
        AssignmentView {
            id: a.id,
            form_id: f.id,
            form_name: f.name.clone(),
            year: f.year,
            org_id: a.org_id,
            org_name: names.orgs.get(&a.org_id).cloned().unwrap_or_default(),
            region_code: a.region_code.clone(),
            region_name: names
                .regions
                .get(&a.region_code)
                .cloned()
                .unwrap_or_default(),
            item_count: items.len(),
            filled,
            due_date: a.due_date.clone(),
            status: a.status.clone(),
            submitted_at: a.submitted_at,
            on_time: if open { None } else { on_time },
            overdue: open && today() > a.due_date,
            reason: a.reason.clone(),
            editable: open && Self::owns(actor, a),
        }
    }

    async fn names(&self) -> Result<Names> {
        Ok(Names {
            orgs: org::Entity::find()
                .all(&self.conn)
                .await?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect(),
            regions: region::Entity::find()
                .all(&self.conn)
                .await?
                .into_iter()
                .map(|r| (r.code, r.name))
                .collect(),
        })
    }

    /// Assignments the caller sees ("what is due and by when" for reporters; everything in
    /// scope for coordinators), optionally for one year or form.
    pub async fn assignments(
        &self,
        actor: &Actor,
        year: Option<i32>,
        form_id: Option<i64>,
    ) -> Result<Vec<AssignmentView>> {
        let names = self.names().await?;
        let forms: HashMap<i64, data_form::Model> = data_form::Entity::find()
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|f| (f.id, f))
            .collect();
        let mut q = form_assignment::Entity::find().order_by_asc(form_assignment::Column::DueDate);
        if is_reporter(actor.role) {
            q = q.filter(form_assignment::Column::OrgId.eq(actor.org_id));
        }
        if let Some(f) = form_id {
            q = q.filter(form_assignment::Column::FormId.eq(f));
        }
        let visible: Vec<(form_assignment::Model, &data_form::Model)> = q
            .all(&self.conn)
            .await?
            .into_iter()
            .filter(|a| Self::may_see_assignment(actor, a))
            .filter_map(|a| forms.get(&a.form_id).map(|f| (a, f)))
            .filter(|(_, f)| year.is_none_or(|y| y == f.year))
            .collect();
        let ids: Vec<i64> = visible.iter().map(|(a, _)| a.id).collect();
        let filled = self.filled_counts(&ids).await?;
        Ok(visible
            .iter()
            .map(|(a, f)| Self::assignment_view(actor, a, f, &names, &filled))
            .collect())
    }

    /// Completeness: counts over the assignments the caller sees.
    pub async fn completeness(&self, actor: &Actor, year: Option<i32>) -> Result<Completeness> {
        Ok(summarise(&self.assignments(actor, year, None).await?))
    }

    /// Values of a region visible to the caller, keyed by (item, year).
    pub(crate) async fn region_values(
        &self,
        actor: &Actor,
        region: &str,
        approved_only: bool,
    ) -> Result<Values> {
        let own: HashSet<i64> = form_assignment::Entity::find()
            .filter(form_assignment::Column::OrgId.eq(actor.org_id))
            .filter(form_assignment::Column::RegionCode.eq(region))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|a| a.id)
            .collect();
        Ok(observation::Entity::find()
            .filter(observation::Column::RegionCode.eq(region))
            .all(&self.conn)
            .await?
            .into_iter()
            .filter(|o| {
                visible_status(&o.status, approved_only)
                    || (!approved_only && o.assignment_id.is_some_and(|a| own.contains(&a)))
            })
            .filter_map(|o| o.value.map(|v| ((o.item_code, o.year), v)))
            .collect())
    }

    /// Values of the other regions with the same parent (peers), for outlier checks.
    pub(crate) async fn peer_values(
        &self,
        region: &str,
        items: &[String],
        year: i32,
    ) -> Result<HashMap<String, Vec<f64>>> {
        let Some(r) = region::Entity::find_by_id(region.to_string())
            .one(&self.conn)
            .await?
        else {
            return Ok(HashMap::new());
        };
        let Some(parent) = r.parent_code else {
            return Ok(HashMap::new());
        };
        let siblings: Vec<String> = region::Entity::find()
            .filter(region::Column::ParentCode.eq(parent))
            .filter(region::Column::Level.eq(r.level))
            .filter(region::Column::Code.ne(region))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|r| r.code)
            .collect();
        let mut out: HashMap<String, Vec<f64>> = HashMap::new();
        for o in observation::Entity::find()
            .filter(observation::Column::RegionCode.is_in(siblings))
            .filter(observation::Column::ItemCode.is_in(items.to_vec()))
            .filter(observation::Column::Year.eq(year))
            .all(&self.conn)
            .await?
        {
            if let (true, Some(v)) = (visible_status(&o.status, false), o.value) {
                out.entry(o.item_code).or_default().push(v);
            }
        }
        Ok(out)
    }

    /// Checks values of one region and year against the enabled validation rules that apply
    /// to the region (see [`crate::validation`]).
    async fn violations(
        &self,
        items: &HashMap<String, data_item::Model>,
        codes: &[String],
        region: &str,
        year: i32,
        values: &Values,
    ) -> Result<Vec<Violation>> {
        self.rule_violations(items, codes, region, year, values)
            .await
    }

    /// One assignment with its entry rows (previous years beside each value) and violations.
    pub async fn assignment(&self, actor: &Actor, id: i64) -> Result<AssignmentDetail> {
        let (a, f) = self.visible_assignment(actor, id).await?;
        let names = self.names().await?;
        let filled = self.filled_counts(&[a.id]).await?;
        let view = Self::assignment_view(actor, &a, &f, &names, &filled);
        let hidden = !Self::owns(actor, &a) && matches!(a.status.as_str(), DRAFT | RETURNED);
        let items = self.item_map().await?;
        let codes = json_codes(&a.items);
        let values = self.region_values(actor, &a.region_code, false).await?;
        let current: HashMap<String, observation::Model> = observation::Entity::find()
            .filter(observation::Column::RegionCode.eq(&a.region_code))
            .filter(observation::Column::Year.eq(f.year))
            .filter(observation::Column::ItemCode.is_in(codes.clone()))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|o| (o.item_code.clone(), o))
            .collect();
        let rows = codes
            .iter()
            .filter_map(|c| items.get(c))
            .map(|i| {
                let o = current.get(&i.code).filter(|_| !hidden);
                EntryRow {
                    item: item_view(i),
                    value: o.and_then(|o| o.value),
                    comment: o.and_then(|o| o.comment.clone()),
                    missing_reason: o.and_then(|o| o.missing_reason.clone()),
                    previous: (1..=PREVIOUS_YEARS)
                        .rev()
                        .map(|k| PrevValue {
                            year: f.year - k,
                            value: values.get(&(i.code.clone(), f.year - k)).copied(),
                        })
                        .collect(),
                }
            })
            .collect();
        let violations = if hidden {
            vec![]
        } else {
            self.violations(&items, &codes, &a.region_code, f.year, &values)
                .await?
        };
        Ok(AssignmentDetail {
            assignment: view,
            rows,
            violations,
            hidden,
        })
    }

    fn check_value_input(
        items: &HashMap<String, data_item::Model>,
        codes: &HashSet<String>,
        values: &[ValueIn],
    ) -> BTreeMap<String, String> {
        let mut errs = BTreeMap::new();
        if values.len() > 1000 {
            errs.insert("values".into(), "条目过多".into());
        }
        for v in values {
            let f = |n: &str| format!("values.{}.{n}", v.item);
            if !codes.contains(&v.item) || !items.contains_key(&v.item) {
                errs.insert(format!("values.{}", v.item), "不是本报表的数据项".into());
                continue;
            }
            if v.value.is_some_and(|x| !x.is_finite()) {
                errs.insert(f("value"), "数值无效".into());
            }
            check_note(&mut errs, f("comment"), &v.comment);
            check_note(&mut errs, f("missing_reason"), &v.missing_reason);
        }
        errs
    }

    /// Checks typed values without saving (violations shown while typing).
    pub async fn check_values(
        &self,
        actor: &Actor,
        id: i64,
        values: &[ValueIn],
    ) -> Result<Vec<Violation>> {
        let (a, f) = self.visible_assignment(actor, id).await?;
        if !Self::owns(actor, &a) {
            return Err(Error::Forbidden("只有填报机构可以填写本报表".into()));
        }
        let items = self.item_map().await?;
        let codes: Vec<String> = json_codes(&a.items);
        let set: HashSet<String> = codes.iter().cloned().collect();
        let errs = Self::check_value_input(&items, &set, values);
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        let mut vals = self.region_values(actor, &a.region_code, false).await?;
        for v in values {
            match v.value {
                Some(x) => vals.insert((v.item.clone(), f.year), x),
                None => vals.remove(&(v.item.clone(), f.year)),
            };
        }
        self.violations(&items, &codes, &a.region_code, f.year, &vals)
            .await
    }

    /// Saves values of an assignment as drafts (the reporting organisation; not when locked).
    pub async fn save_values(
        &self,
        actor: &Actor,
        id: i64,
        values: &[ValueIn],
    ) -> Result<AssignmentDetail> {
        let (a, f) = self.visible_assignment(actor, id).await?;
        if !Self::owns(actor, &a) {
            return Err(Error::Forbidden("只有填报机构可以填写本报表".into()));
        }
        if !matches!(a.status.as_str(), DRAFT | RETURNED) {
            return Err(Error::Conflict {
                code: "locked",
                message: format!("报表状态为 {},数据已锁定", status_label(&a.status)),
            });
        }
        let items = self.item_map().await?;
        let set: HashSet<String> = json_codes(&a.items).into_iter().collect();
        let errs = Self::check_value_input(&items, &set, values);
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        let txn = self.conn.begin().await?;
        let mut before = Vec::new();
        let mut after = Vec::new();
        for v in values {
            let (b, n) = upsert(
                &txn,
                actor,
                &a.region_code,
                &DataRow {
                    region_code: a.region_code.clone(),
                    item_code: v.item.clone(),
                    year: f.year,
                    value: v.value,
                    comment: clean(&v.comment),
                    missing_reason: clean(&v.missing_reason),
                },
                a.status.as_str(),
                Some(a.id),
                None,
            )
            .await?;
            if let Some(n) = n {
                before.push(b);
                after.push(n);
            }
        }
        if !after.is_empty() {
            audit::record(
                &txn,
                actor,
                "save_values",
                "form_assignment",
                a.id,
                Some(serde_json::json!(before)),
                Some(serde_json::json!(after)),
            )
            .await?;
        }
        txn.commit().await?;
        self.assignment(actor, id).await
    }

    /// Submits an assignment: every item needs a value or a missing reason, and a
    /// high-importance violation needs a comment on one of its items.
    pub async fn submit(&self, actor: &Actor, id: i64) -> Result<AssignmentDetail> {
        let (a, f) = self.visible_assignment(actor, id).await?;
        if !Self::owns(actor, &a) {
            return Err(Error::Forbidden("只有填报机构可以提交本报表".into()));
        }
        if !matches!(a.status.as_str(), DRAFT | RETURNED) {
            return Err(Error::Conflict {
                code: "bad_state",
                message: format!("报表状态为 {},不能提交", status_label(&a.status)),
            });
        }
        let detail = self.assignment(actor, id).await?;
        let mut errs = BTreeMap::new();
        for r in &detail.rows {
            if r.value.is_none() && r.missing_reason.is_none() {
                errs.insert(
                    format!("values.{}", r.item.code),
                    "请填写数值或缺失原因".into(),
                );
            }
        }
        let commented: HashSet<&str> = detail
            .rows
            .iter()
            .filter(|r| r.comment.is_some())
            .map(|r| r.item.code.as_str())
            .collect();
        for v in detail
            .violations
            .iter()
            .filter(|v| v.importance == Importance::High)
        {
            if !v.items.iter().any(|i| commented.contains(i.as_str())) {
                let key = v.items.first().cloned().unwrap_or_default();
                errs.insert(
                    format!("values.{key}"),
                    format!("{} — 请修正或在备注中说明", v.message),
                );
            }
        }
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        self.transition_assignment(actor, &a, &f, SUBMITTED, None, "submit")
            .await?;
        self.assignment(actor, id).await
    }

    /// Reviews an assignment: approve or return (coordinators, admins), accept (the level
    /// above: reviewers, admins), unapprove (coordinators, admins; needs a reason).
    pub async fn review(
        &self,
        actor: &Actor,
        id: i64,
        input: &ReviewIn,
    ) -> Result<AssignmentDetail> {
        let (a, f) = self.visible_assignment(actor, id).await?;
        let reason = clean(&input.reason);
        let mut errs = BTreeMap::new();
        check_note(&mut errs, "reason".into(), &reason);
        let (from, to, who): (&[&str], &str, bool) = match input.action.as_str() {
            "approve" => (&[SUBMITTED], APPROVED, is_manager(actor.role)),
            "return" => (&[SUBMITTED], RETURNED, is_manager(actor.role)),
            "accept" => (
                &[APPROVED],
                ACCEPTED,
                matches!(actor.role, Role::Admin | Role::Reviewer),
            ),
            "unapprove" => (&[APPROVED, ACCEPTED], RETURNED, is_manager(actor.role)),
            _ => {
                errs.insert(
                    "action".into(),
                    "须为 approve/return/accept/unapprove".into(),
                );
                (&[], "", false)
            }
        };
        if matches!(input.action.as_str(), "return" | "unapprove") && reason.is_none() {
            errs.insert("reason".into(), "退回或撤销审核须说明原因".into());
        }
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        if !who {
            return Err(Error::Forbidden("无权审核本报表".into()));
        }
        if !from.contains(&a.status.as_str()) {
            return Err(Error::Conflict {
                code: "bad_state",
                message: format!("报表状态为 {},不能执行此操作", status_label(&a.status)),
            });
        }
        self.transition_assignment(actor, &a, &f, to, reason, &input.action)
            .await?;
        self.assignment(actor, id).await
    }

    async fn transition_assignment(
        &self,
        actor: &Actor,
        a: &form_assignment::Model,
        f: &data_form::Model,
        to: &str,
        reason: Option<String>,
        action: &str,
    ) -> Result<()> {
        let txn = self.conn.begin().await?;
        let now = crate::now();
        let mut m = a.clone().into_active_model();
        m.status = Set(to.into());
        if to == SUBMITTED {
            m.submitted_at = Set(Some(now));
            m.submitted_by = Set(actor.user_id);
        } else {
            m.decided_at = Set(Some(now));
            m.decided_by = Set(actor.user_id);
        }
        if reason.is_some() {
            m.reason = Set(reason.clone());
        }
        let after = m.update(&txn).await?;
        let codes = json_codes(&a.items);
        let obs = observation::Entity::find()
            .filter(observation::Column::RegionCode.eq(&a.region_code))
            .filter(observation::Column::Year.eq(f.year))
            .filter(observation::Column::ItemCode.is_in(codes))
            .all(&txn)
            .await?;
        for o in obs {
            let old = o.status.clone();
            let value = o.value;
            let mut om = o.into_active_model();
            om.status = Set(to.into());
            om.assignment_id = Set(Some(a.id));
            let o = om.update(&txn).await?;
            history(
                &txn,
                actor,
                o.id,
                value,
                value,
                Some(old),
                to,
                reason.clone(),
            )
            .await?;
        }
        audit::record(
            &txn,
            actor,
            action,
            "form_assignment",
            a.id,
            audit::snap(a),
            audit::snap(&after),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The full history of one value (who, when, old, new).
    pub async fn observation_history(
        &self,
        actor: &Actor,
        region: &str,
        item: &str,
        year: i32,
    ) -> Result<Vec<HistoryView>> {
        if !actor.scope.allows(region) {
            return Err(Error::not_found("数据不存在"));
        }
        let Some(o) = observation::Entity::find()
            .filter(observation::Column::RegionCode.eq(region))
            .filter(observation::Column::ItemCode.eq(item))
            .filter(observation::Column::Year.eq(year))
            .one(&self.conn)
            .await?
        else {
            return Err(Error::not_found("数据不存在"));
        };
        if !self.may_read_observation(actor, &o).await? {
            return Err(Error::not_found("数据不存在"));
        }
        Ok(observation_history::Entity::find()
            .filter(observation_history::Column::ObservationId.eq(o.id))
            .order_by_asc(observation_history::Column::Id)
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|h| HistoryView {
                at: h.at,
                username: h.username,
                old_value: h.old_value,
                new_value: h.new_value,
                old_status: h.old_status,
                new_status: h.new_status,
                note: h.note,
            })
            .collect())
    }

    async fn may_read_observation(&self, actor: &Actor, o: &observation::Model) -> Result<bool> {
        if !actor.scope.allows(&o.region_code) {
            return Ok(false);
        }
        if visible_status(&o.status, false) || actor.role == Role::Admin {
            return Ok(true);
        }
        let Some(aid) = o.assignment_id else {
            return Ok(false);
        };
        // The reporting organisation always; coordinators once the data has been submitted.
        Ok(form_assignment::Entity::find_by_id(aid)
            .one(&self.conn)
            .await?
            .is_some_and(|a| {
                a.org_id == actor.org_id || (is_manager(actor.role) && a.submitted_at.is_some())
            }))
    }

    /// A yearly series of an item (raw, derived by formula, or rolled up from the region's
    /// children when it has no value of its own).
    pub async fn series(
        &self,
        actor: &Actor,
        region: &str,
        item: &str,
        approved_only: bool,
    ) -> Result<Vec<PrevValue>> {
        if !actor.scope.allows(region) {
            return Err(Error::not_found("地区不存在"));
        }
        let items = self.item_map().await?;
        let data = self.region_data(region, approved_only).await?;
        Ok(series_of(&items, &data, item)
            .into_iter()
            .map(|(year, v)| PrevValue {
                year,
                value: Some(v),
            })
            .collect())
    }

    /// Loads a region's and its children's visible values.
    async fn region_data(&self, region: &str, approved_only: bool) -> Result<RegionData> {
        let children: Vec<String> = region::Entity::find()
            .filter(region::Column::ParentCode.eq(region))
            .all(&self.conn)
            .await?
            .into_iter()
            .filter(|r| r.level != "zone")
            .map(|r| r.code)
            .collect();
        let mut codes = children.clone();
        codes.push(region.to_string());
        let mut own = Values::new();
        let mut kids: HashMap<String, Values> = HashMap::new();
        for o in observation::Entity::find()
            .filter(observation::Column::RegionCode.is_in(codes))
            .all(&self.conn)
            .await?
        {
            let (true, Some(v)) = (visible_status(&o.status, approved_only), o.value) else {
                continue;
            };
            if o.region_code == region {
                own.insert((o.item_code, o.year), v);
            } else {
                kids.entry(o.region_code)
                    .or_default()
                    .insert((o.item_code, o.year), v);
            }
        }
        Ok(RegionData {
            own,
            children: children
                .into_iter()
                .map(|c| kids.remove(&c).unwrap_or_default())
                .collect(),
        })
    }

    /// The traffic-light scorecard of a participant: every target of its current plan, with
    /// task progress on the system clock's today.
    pub async fn scorecard(
        &self,
        actor: &Actor,
        participant_id: i64,
        approved_only: bool,
    ) -> Result<Scorecard> {
        use innocity_supervise::Clock;
        let today = innocity_supervise::SystemClock.today();
        self.compute_scorecard(actor, participant_id, approved_only, today)
            .await
    }

    /// The participant cockpit: [`Self::scorecard`] on `today`, served from the view cache
    /// while no audited change has happened ([`crate::cache`]).
    pub async fn cockpit(
        &self,
        actor: &Actor,
        participant_id: i64,
        approved_only: bool,
        today: chrono::NaiveDate,
    ) -> Result<Arc<Scorecard>> {
        let key = format!(
            "scorecard:{participant_id}:{approved_only}:{today}:{:?}:{}:{}",
            actor.user_id, actor.role, actor.org_id
        );
        let version = self.data_version().await?;
        let sc = self
            .cache
            .get_or_compute(&key, version, || {
                self.compute_scorecard(actor, participant_id, approved_only, today)
            })
            .await?;
        // The key names the user, whose scope may have changed since (a new organisation).
        if !actor.scope.allows(&sc.region_code) {
            return Err(Error::not_found("参与城市/县不存在"));
        }
        Ok(sc)
    }

    async fn compute_scorecard(
        &self,
        actor: &Actor,
        participant_id: i64,
        approved_only: bool,
        today: chrono::NaiveDate,
    ) -> Result<Scorecard> {
        let part = participant::Entity::find_by_id(participant_id)
            .one(&self.conn)
            .await?
            .filter(|p| actor.scope.allows(&p.region_code))
            .ok_or_else(|| Error::not_found("参与城市/县不存在"))?;
        let region_name = region::Entity::find_by_id(part.region_code.clone())
            .one(&self.conn)
            .await?
            .map(|r| r.name)
            .unwrap_or_default();
        let plan = plan::Entity::find()
            .filter(plan::Column::ParticipantId.eq(part.id))
            .filter(plan::Column::Status.eq("current"))
            .order_by_desc(plan::Column::Id)
            .one(&self.conn)
            .await?;
        let targets = match &plan {
            Some(p) => {
                plan_target::Entity::find()
                    .filter(plan_target::Column::PlanId.eq(p.id))
                    .order_by_asc(plan_target::Column::Seq)
                    .all(&self.conn)
                    .await?
            }
            None => vec![],
        };
        let items = self.item_map().await?;
        let data = self.region_data(&part.region_code, approved_only).await?;
        let baseline_year = plan
            .as_ref()
            .and_then(|p| p.doc_date.as_deref())
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse::<i32>().ok())
            .or(part.start_year)
            .map(|y| y - 1);
        let mut rows = Vec::new();
        let mut counts = BTreeMap::new();
        for t in targets {
            let series = t
                .indicator_code
                .as_deref()
                .map(|c| series_of(&items, &data, c))
                .unwrap_or_default();
            let tracking = innocity_monitor::track(
                &TargetSpec {
                    comparator: t.comparator.clone(),
                    value: t.value,
                    value_max: t.value_max,
                    year: t.year,
                    delta: t.delta,
                    baseline_year,
                },
                &series,
            );
            *counts.entry(tracking.status_label.to_string()).or_insert(0) += 1;
            rows.push(ScoreRow {
                target_id: t.id,
                indicator: t.indicator_code,
                indicator_text: t.indicator_text,
                comparator: t.comparator,
                target_value: t.value,
                value_max: t.value_max,
                unit: t.unit,
                target_year: t.year,
                delta: t.delta,
                tracking,
                series: series
                    .into_iter()
                    .map(|(year, v)| PrevValue {
                        year,
                        value: Some(v),
                    })
                    .collect(),
                history: vec![],
            });
        }
        let region_codes: HashSet<String> = region::Entity::find()
            .all(&self.conn)
            .await?
            .into_iter()
            .filter(|r| {
                r.code == part.region_code || r.parent_code.as_deref() == Some(&part.region_code)
            })
            .map(|r| r.code)
            .collect();
        let assignments: Vec<AssignmentView> = self
            .assignments(actor, None, None)
            .await?
            .into_iter()
            .filter(|a| region_codes.contains(&a.region_code))
            .collect();
        let tasks = self
            .sv_tasks(
                actor,
                today,
                &crate::supervision::TaskFilter {
                    region: Some(part.region_code.clone()),
                    ..Default::default()
                },
            )
            .await?;
        let history = self.target_history(plan.as_ref()).await?;
        for r in &mut rows {
            r.history = history
                .iter()
                .filter(|(k, _)| *k == target_key(r.indicator.as_deref(), &r.indicator_text))
                .map(|(_, h)| h.clone())
                .collect();
            if r.history.len() < 2 {
                r.history.clear();
            }
        }
        Ok(Scorecard {
            participant_id: part.id,
            region_code: part.region_code,
            region_name,
            plan_id: plan.as_ref().map(|p| p.id),
            plan_title: plan.map(|p| p.title),
            approved_only,
            rows,
            counts,
            completeness: summarise(&assignments),
            tasks: TaskProgress::of(tasks.iter().filter(|t| t.participant_id == part.id)),
        })
    }

    /// The targets of a plan's revision chain, oldest revision first, keyed by
    /// [`target_key`]: how each target changed when the plan was revised.
    async fn target_history(
        &self,
        plan: Option<&plan::Model>,
    ) -> Result<Vec<(String, TargetRevision)>> {
        let mut chain = Vec::new();
        let mut next = plan.cloned();
        while let Some(p) = next {
            if chain.len() >= 50 {
                break;
            }
            next = match p.previous_plan_id {
                Some(id) => plan::Entity::find_by_id(id).one(&self.conn).await?,
                None => None,
            };
            chain.push(p);
        }
        if chain.len() < 2 {
            return Ok(vec![]);
        }
        chain.reverse();
        let ids: Vec<i64> = chain.iter().map(|p| p.id).collect();
        let targets = plan_target::Entity::find()
            .filter(plan_target::Column::PlanId.is_in(ids))
            .order_by_asc(plan_target::Column::Seq)
            .all(&self.conn)
            .await?;
        let mut out = Vec::new();
        for p in &chain {
            for t in targets.iter().filter(|t| t.plan_id == p.id) {
                out.push((
                    target_key(t.indicator_code.as_deref(), &t.indicator_text),
                    TargetRevision {
                        plan_id: p.id,
                        revision: p.revision,
                        plan_status: p.status.clone(),
                        doc_date: p.doc_date.clone(),
                        comparator: t.comparator.clone(),
                        target_value: t.value,
                        value_max: t.value_max,
                        unit: t.unit.clone(),
                        target_year: t.year,
                    },
                ));
            }
        }
        Ok(out)
    }

    /// The scorecard of the participant of a region code (CLI).
    pub async fn scorecard_for_region(
        &self,
        actor: &Actor,
        region: &str,
        approved_only: bool,
    ) -> Result<Scorecard> {
        let parts = participant::Entity::find()
            .filter(participant::Column::RegionCode.eq(region))
            .all(&self.conn)
            .await?;
        let mut with_plan = None;
        for p in &parts {
            if plan::Entity::find()
                .filter(plan::Column::ParticipantId.eq(p.id))
                .one(&self.conn)
                .await?
                .is_some()
            {
                with_plan = Some(p.id);
                break;
            }
        }
        let id = with_plan
            .or(parts.first().map(|p| p.id))
            .ok_or_else(|| Error::not_found(format!("地区 {region} 没有参与任何专项")))?;
        self.scorecard(actor, id, approved_only).await
    }

    /// Values of a region and year by codes, with names (drafts only for their reporters).
    pub async fn export_values(
        &self,
        actor: &Actor,
        region: &str,
        year: Option<i32>,
    ) -> Result<Vec<ExportRow>> {
        if !actor.scope.allows(region) {
            return Err(Error::not_found("地区不存在或不在您的范围内"));
        }
        let names = self.names().await?;
        if !names.regions.contains_key(region) {
            return Err(Error::not_found("地区不存在或不在您的范围内"));
        }
        let items = self.item_map().await?;
        let own: HashSet<i64> = form_assignment::Entity::find()
            .filter(form_assignment::Column::OrgId.eq(actor.org_id))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|a| a.id)
            .collect();
        let mut q = observation::Entity::find().filter(observation::Column::RegionCode.eq(region));
        if let Some(y) = year {
            q = q.filter(observation::Column::Year.eq(y));
        }
        let mut rows: Vec<ExportRow> = q
            .all(&self.conn)
            .await?
            .into_iter()
            .filter(|o| {
                visible_status(&o.status, false)
                    || actor.role == Role::Admin
                    || o.assignment_id.is_some_and(|a| own.contains(&a))
            })
            .map(|o| ExportRow {
                region_code: o.region_code.clone(),
                region_name: names
                    .regions
                    .get(&o.region_code)
                    .cloned()
                    .unwrap_or_default(),
                item_name: items
                    .get(&o.item_code)
                    .map(|i| i.name_zh.clone())
                    .unwrap_or_default(),
                unit: items.get(&o.item_code).and_then(|i| i.unit.clone()),
                item_code: o.item_code,
                year: o.year,
                value: o.value,
                comment: o.comment,
                missing_reason: o.missing_reason,
                status: o.status,
            })
            .collect();
        rows.sort_by(|a, b| (a.year, &a.item_code).cmp(&(b.year, &b.item_code)));
        Ok(rows)
    }

    /// Imports values by codes from a re-readable stream of row chunks, in two passes over
    /// the source: the first validates every row and writes nothing when any row is wrong
    /// (or on a dry run); the second re-reads the source and writes all rows in one
    /// transaction with one audit event. Memory holds one chunk at a time plus a compact key
    /// per row (for duplicate detection), not the file.
    ///
    /// A row belongs to an open assignment (draft or returned) covering its region, item and
    /// year — of the caller's organisation for reporters, of any organisation for
    /// coordinators and admins. Coordinators and admins may also load historical values with
    /// no assignment (statistical yearbooks); those are stored as approved.
    pub async fn import_stream<F>(
        &self,
        actor: &Actor,
        mut open: F,
        dry_run: bool,
    ) -> Result<ImportReport>
    where
        F: FnMut() -> tokio::sync::mpsc::Receiver<ImportChunk>,
    {
        if !(is_manager(actor.role) || is_reporter(actor.role)) {
            return Err(Error::Forbidden("无权导入数据".into()));
        }
        self.seed_data_items().await?;
        let ctx = self.import_context(actor).await?;
        let mut report = ImportReport {
            dry_run,
            ..Default::default()
        };
        // Pass 1: validate.
        let mut seen = HashSet::new();
        let mut file_errors = Vec::new();
        let mut rx = open();
        while let Some(chunk) = rx.recv().await {
            let rows = match chunk {
                ImportChunk::Rows(r) => r,
                ImportChunk::Problems(p) => {
                    file_errors.extend(p);
                    continue;
                }
            };
            report.rows += rows.len();
            let planned = ctx
                .check(&self.conn, actor, &rows, &mut seen, &mut report)
                .await?;
            for p in &planned {
                match &p.existing {
                    None => report.inserted += 1,
                    Some(o) if p.unchanged(o) => report.unchanged += 1,
                    Some(_) => report.updated += 1,
                }
            }
            if report.errors.len() >= MAX_IMPORT_ERRORS {
                break;
            }
        }
        drop(rx);
        if !file_errors.is_empty() {
            // The reader's problems first: they are what the user fixes first.
            report.invalid_file = true;
            file_errors.append(&mut report.errors);
            report.errors = file_errors;
        }
        if dry_run || !report.errors.is_empty() || report.rows == 0 {
            return Ok(report);
        }
        // Pass 2: write, re-checking each row against the database inside the transaction.
        let txn = self.conn.begin().await?;
        let mut seen = HashSet::new();
        let mut again = ImportReport::default();
        let (mut inserted, mut changed) = (0usize, 0usize);
        let mut rx = open();
        while let Some(chunk) = rx.recv().await {
            let ImportChunk::Rows(rows) = chunk else {
                return Err(Error::invalid("file", "文件在导入过程中发生变化"));
            };
            let planned = ctx.check(&txn, actor, &rows, &mut seen, &mut again).await?;
            if !again.errors.is_empty() {
                report.errors = again.errors;
                report.inserted = 0;
                report.updated = 0;
                report.unchanged = 0;
                return Ok(report);
            }
            let now = crate::now();
            let mut new_rows = Vec::new();
            for p in planned {
                let (status, aid) = match &p.target {
                    Some((id, st)) => (st.clone(), Some(*id)),
                    None => (APPROVED.to_string(), None),
                };
                let r = &p.row;
                if let Some(o) = p.existing {
                    let (_, n) =
                        upsert(&txn, actor, &r.region_code, r, &status, aid, Some(o)).await?;
                    changed += usize::from(n.is_some());
                } else {
                    new_rows.push(observation::ActiveModel {
                        region_code: Set(r.region_code.clone()),
                        item_code: Set(r.item_code.clone()),
                        year: Set(r.year),
                        value: Set(r.value),
                        comment: Set(clean(&r.comment)),
                        missing_reason: Set(clean(&r.missing_reason)),
                        status: Set(status),
                        assignment_id: Set(aid),
                        updated_by: Set(actor.user_id),
                        updated_at: Set(now),
                        demo: Set(false),
                        ..Default::default()
                    });
                }
            }
            inserted += new_rows.len();
            insert_with_history(&txn, actor, new_rows, "import").await?;
        }
        audit::record(
            &txn,
            actor,
            "import",
            "observation",
            "bulk",
            None,
            Some(
                serde_json::json!({"rows": report.rows, "inserted": inserted, "updated": changed}),
            ),
        )
        .await?;
        txn.commit().await?;
        report.committed = true;
        Ok(report)
    }

    /// What import validation needs from the database besides the rows' own values.
    async fn import_context(&self, actor: &Actor) -> Result<ImportContext> {
        let items = self.item_map().await?;
        let regions: Vec<String> = region::Entity::find()
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|r| r.code)
            .collect();
        let forms: HashMap<i64, data_form::Model> = data_form::Entity::find()
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|f| (f.id, f))
            .collect();
        let mut open: HashMap<(String, String, i32), (i64, String)> = HashMap::new();
        let mut covered: HashSet<(String, String, i32)> = HashSet::new();
        for a in form_assignment::Entity::find().all(&self.conn).await? {
            let Some(f) = forms.get(&a.form_id) else {
                continue;
            };
            for c in json_codes(&a.items) {
                let key = (a.region_code.clone(), c, f.year);
                covered.insert(key.clone());
                let mine = is_manager(actor.role) || a.org_id == actor.org_id;
                if mine && matches!(a.status.as_str(), DRAFT | RETURNED) {
                    open.insert(key, (a.id, a.status.clone()));
                }
            }
        }
        let item_ids = items
            .keys()
            .enumerate()
            .map(|(i, c)| (c.clone(), i as u32))
            .collect();
        Ok(ImportContext {
            region_ids: regions
                .into_iter()
                .enumerate()
                .map(|(i, c)| (c, i as u32))
                .collect(),
            item_ids,
            items,
            open,
            covered,
        })
    }
    /// Loads observations for the demo set in one transaction (approved, labelled demo).
    pub(crate) async fn insert_demo_observations(&self, rows: &[(DataRow, &str)]) -> Result<usize> {
        let actor = Actor::system();
        let txn = self.conn.begin().await?;
        let now = crate::now();
        let models = rows
            .iter()
            .map(|(r, status)| observation::ActiveModel {
                region_code: Set(r.region_code.clone()),
                item_code: Set(r.item_code.clone()),
                year: Set(r.year),
                value: Set(r.value),
                comment: Set(Some("演示数据".into())),
                missing_reason: Set(None),
                status: Set(status.to_string()),
                assignment_id: Set(None),
                updated_by: Set(None),
                updated_at: Set(now),
                demo: Set(true),
                ..Default::default()
            })
            .collect();
        insert_with_history(&txn, &actor, models, "演示数据").await?;
        audit::record(
            &txn,
            &actor,
            "create",
            "observation",
            "demo",
            None,
            Some(serde_json::json!({"count": rows.len(), "demo": true})),
        )
        .await?;
        txn.commit().await?;
        Ok(rows.len())
    }
}

/// Inserts new observations in chunks, then reads their ids back once (by region) and adds
/// one history row each — linear in the number of rows.
async fn insert_with_history<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    models: Vec<observation::ActiveModel>,
    note: &str,
) -> Result<()> {
    let now = crate::now();
    for chunk in models.chunks(500) {
        let inserted = observation::Entity::insert_many(chunk.to_vec())
            .exec_with_returning(c)
            .await?;
        let hist: Vec<observation_history::ActiveModel> = inserted
            .into_iter()
            .map(|o| observation_history::ActiveModel {
                observation_id: Set(o.id),
                at: Set(now),
                user_id: Set(actor.user_id),
                username: Set(actor.username.clone()),
                old_value: Set(None),
                new_value: Set(o.value),
                old_status: Set(None),
                new_status: Set(o.status),
                note: Set(Some(note.to_string())),
                ..Default::default()
            })
            .collect();
        if !hist.is_empty() {
            observation_history::Entity::insert_many(hist)
                .exec_without_returning(c)
                .await?;
        }
    }
    Ok(())
}

/// Inserts or updates one observation with a history row; answers (before, after) JSON of
/// a change, or `None` when nothing changed.
#[allow(clippy::too_many_arguments)]
async fn upsert<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    region: &str,
    r: &DataRow,
    status: &str,
    assignment_id: Option<i64>,
    known: Option<observation::Model>,
) -> Result<(serde_json::Value, Option<serde_json::Value>)> {
    let existing = match known {
        Some(o) => Some(o),
        None => {
            observation::Entity::find()
                .filter(observation::Column::RegionCode.eq(region))
                .filter(observation::Column::ItemCode.eq(&r.item_code))
                .filter(observation::Column::Year.eq(r.year))
                .one(c)
                .await?
        }
    };
    let comment = clean(&r.comment);
    let reason = clean(&r.missing_reason);
    let snap = |o: &observation::Model| serde_json::json!({"item": o.item_code, "year": o.year, "value": o.value, "comment": o.comment, "missing_reason": o.missing_reason, "status": o.status});
    match existing {
        Some(o) => {
            if o.value == r.value
                && o.comment == comment
                && o.missing_reason == reason
                && o.status == status
            {
                return Ok((snap(&o), None));
            }
            if !matches!(o.status.as_str(), DRAFT | RETURNED) && o.assignment_id.is_some() {
                return Err(Error::Conflict {
                    code: "locked",
                    message: format!("{} {} 年的数据已锁定", o.item_code, o.year),
                });
            }
            let before = snap(&o);
            let (old_v, old_s) = (o.value, o.status.clone());
            let mut m = o.into_active_model();
            m.value = Set(r.value);
            m.comment = Set(comment);
            m.missing_reason = Set(reason);
            m.status = Set(status.into());
            m.assignment_id = Set(assignment_id);
            m.updated_by = Set(actor.user_id);
            m.updated_at = Set(crate::now());
            let n = m.update(c).await?;
            history(c, actor, n.id, old_v, n.value, Some(old_s), status, None).await?;
            Ok((before, Some(snap(&n))))
        }
        None => {
            let n = observation::ActiveModel {
                region_code: Set(region.into()),
                item_code: Set(r.item_code.clone()),
                year: Set(r.year),
                value: Set(r.value),
                comment: Set(comment),
                missing_reason: Set(reason),
                status: Set(status.into()),
                assignment_id: Set(assignment_id),
                updated_by: Set(actor.user_id),
                updated_at: Set(crate::now()),
                demo: Set(false),
                ..Default::default()
            }
            .insert(c)
            .await?;
            history(c, actor, n.id, None, n.value, None, status, None).await?;
            Ok((serde_json::Value::Null, Some(snap(&n))))
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn history<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: i64,
    old: Option<f64>,
    new: Option<f64>,
    old_status: Option<String>,
    status: &str,
    note: Option<String>,
) -> Result<()> {
    observation_history::ActiveModel {
        observation_id: Set(id),
        at: Set(crate::now()),
        user_id: Set(actor.user_id),
        username: Set(actor.username.clone()),
        old_value: Set(old),
        new_value: Set(new),
        old_status: Set(old_status),
        new_status: Set(status.into()),
        note: Set(note),
        ..Default::default()
    }
    .insert(c)
    .await?;
    Ok(())
}

struct Names {
    orgs: HashMap<i64, String>,
    regions: HashMap<String, String>,
}

struct RegionData {
    own: Values,
    children: Vec<Values>,
}

/// Submitted, approved and accepted values are visible to analyses; `approved_only` keeps
/// approved and accepted ones.
fn visible_status(s: &str, approved_only: bool) -> bool {
    if approved_only {
        matches!(s, APPROVED | ACCEPTED)
    } else {
        matches!(s, SUBMITTED | APPROVED | ACCEPTED)
    }
}

pub fn status_label(s: &str) -> &'static str {
    match s {
        DRAFT => "草稿",
        SUBMITTED => "已提交",
        APPROVED => "已审核",
        RETURNED => "已退回",
        ACCEPTED => "已确认",
        _ => "未知",
    }
}

fn summarise(rows: &[AssignmentView]) -> Completeness {
    let mut c = Completeness {
        assignments: rows.len(),
        ..Default::default()
    };
    for a in rows {
        if matches!(a.status.as_str(), SUBMITTED | APPROVED | ACCEPTED) {
            c.submitted += 1;
        }
        if matches!(a.status.as_str(), APPROVED | ACCEPTED) {
            c.approved += 1;
        }
        c.overdue += usize::from(a.overdue);
        match a.on_time {
            Some(true) => c.on_time += 1,
            Some(false) => c.late += 1,
            None => {}
        }
    }
    c
}

/// The yearly series of an item for a region: its own values; for derived indicators the
/// formula over the region's items (each item rolled up from the children when the region
/// has no value of its own); for raw items without own values the roll-up of the children.
fn series_of(
    items: &HashMap<String, data_item::Model>,
    data: &RegionData,
    code: &str,
) -> Vec<(i32, f64)> {
    let raw = |c: &str| -> BTreeMap<i32, f64> {
        let mut m: BTreeMap<i32, f64> = data
            .own
            .iter()
            .filter(|((i, _), _)| i == c)
            .map(|((_, y), v)| (*y, *v))
            .collect();
        if m.is_empty() {
            let agg = items
                .get(c)
                .and_then(|i| Aggregation::parse(&i.aggregation))
                .unwrap_or(Aggregation::None);
            let kids: Vec<Vec<(i32, f64)>> = data
                .children
                .iter()
                .map(|v| {
                    v.iter()
                        .filter(|((i, _), _)| i == c)
                        .map(|((_, y), v)| (*y, *v))
                        .collect()
                })
                .collect();
            let years: BTreeSet<i32> = kids.iter().flatten().map(|(y, _)| *y).collect();
            for y in years {
                let r = innocity_monitor::rollup::roll_up(agg, y, &kids);
                if let (true, Some(v)) = (r.complete(), r.value) {
                    m.insert(y, v);
                }
            }
        }
        m
    };
    let Some(item) = items.get(code) else {
        return raw(code).into_iter().collect();
    };
    if item.formula.is_empty() {
        return raw(code).into_iter().collect();
    }
    let own = raw(code);
    if !own.is_empty() {
        return own.into_iter().collect();
    }
    let Ok(expr) = Expr::parse(&item.formula) else {
        return vec![];
    };
    let parts: HashMap<String, BTreeMap<i32, f64>> = expr
        .items()
        .into_iter()
        .map(|c| (c.clone(), raw(&c)))
        .collect();
    let years: BTreeSet<i32> = parts.values().flat_map(|m| m.keys().copied()).collect();
    years
        .into_iter()
        .filter_map(|y| {
            expr.eval(y, &|n, yy| parts.get(n).and_then(|m| m.get(&yy)).copied())
                .map(|v| (y, v))
        })
        .collect()
}

/// Demo values (演示数据) of 德州 (371400) and its counties, 2019–2024: the parts of the
/// demo plan's target indicators, so the scorecard shows a mix of statuses. GDP and R&D
/// expenditure are given per county (the city value is their roll-up); the rest per city.
const DEMO_CITY: &[(&str, [f64; 6])] = &[
    (
        "invention_patents",
        [1680.0, 1850.0, 2020.0, 2213.0, 2407.0, 2602.0],
    ),
    (
        "resident_population",
        [560.5, 561.2, 561.0, 560.3, 559.8, 559.5],
    ),
    (
        "high_tech_enterprises",
        [420.0, 530.0, 650.0, 790.0, 930.0, 1080.0],
    ),
    ("tech_smes", [600.0, 700.0, 760.0, 800.0, 830.0, 850.0]),
    (
        "high_tech_industry_output",
        [1880.0, 2010.0, 2346.0, 2560.0, 2731.0, 2857.0],
    ),
    (
        "industrial_output_above_scale",
        [4700.0, 4674.0, 5100.0, 5278.0, 5397.0, 5580.0],
    ),
    ("major_st_projects", [6.0, 7.0, 8.0, 9.0, 10.0, 11.0]),
    ("leading_talents", [40.0, 46.0, 52.0, 58.0, 63.0, 68.0]),
    (
        "fiscal_expenditure",
        [478.0, 495.0, 503.0, 521.0, 530.0, 542.0],
    ),
    ("fiscal_st_expenditure", [9.6, 10.4, 11.6, 12.5, 13.3, 14.1]),
];
/// City GDP (亿元) and R&D intensity (%) by year, split over the counties below.
const DEMO_GDP: [f64; 6] = [3022.0, 3079.0, 3489.0, 3633.0, 3759.0, 3900.0];
const DEMO_RD_INTENSITY: [f64; 6] = [2.05, 2.2, 2.4, 2.55, 2.7, 2.85];
/// County: (code, share of GDP, relative R&D intensity).
const DEMO_COUNTIES: &[(&str, f64, f64)] = &[
    ("371402", 0.16, 1.2),
    ("371403", 0.08, 0.8),
    ("371422", 0.07, 0.9),
    ("371423", 0.05, 0.7),
    ("371424", 0.09, 1.1),
    ("371425", 0.13, 1.3),
    ("371426", 0.07, 0.8),
    ("371427", 0.06, 0.6),
    ("371428", 0.06, 0.7),
    ("371481", 0.10, 0.9),
    ("371482", 0.13, 1.1),
];
pub const DEMO_FIRST_YEAR: i32 = 2019;

/// The demo rows (region, item, year, value) — public so tests can compare.
pub fn demo_rows() -> Vec<DataRow> {
    let row = |region: &str, item: &str, year: i32, v: f64| DataRow {
        region_code: region.into(),
        item_code: item.into(),
        year,
        value: Some((v * 100.0).round() / 100.0),
        comment: None,
        missing_reason: None,
    };
    let mut out = Vec::new();
    for (k, year) in (DEMO_FIRST_YEAR..DEMO_FIRST_YEAR + 6).enumerate() {
        for (item, vals) in DEMO_CITY {
            out.push(row("371400", item, year, vals[k]));
        }
        let rd_city = DEMO_GDP[k] * DEMO_RD_INTENSITY[k] / 100.0;
        let weight: f64 = DEMO_COUNTIES.iter().map(|(_, s, f)| s * f).sum();
        for (code, share, f) in DEMO_COUNTIES {
            out.push(row(code, "gdp", year, DEMO_GDP[k] * share));
            out.push(row(
                code,
                "rd_expenditure",
                year,
                rd_city * share * f / weight,
            ));
        }
    }
    out
}

impl Db {
    /// Loads the monitoring demo: data items, 2019–2024 values for 德州 and its counties
    /// (labelled 演示数据; 2024 approved, earlier years accepted) and a 2025 form assigned to
    /// the demo reporters' organisations. Idempotent.
    pub async fn load_demo_monitoring(&self) -> Result<()> {
        self.seed_data_items().await?;
        if observation::Entity::find()
            .filter(observation::Column::Demo.eq(true))
            .one(&self.conn)
            .await?
            .is_some()
        {
            return Ok(());
        }
        if region::Entity::find_by_id("371400".to_string())
            .one(&self.conn)
            .await?
            .is_none()
        {
            return Ok(());
        }
        let rows: Vec<(DataRow, &str)> = demo_rows()
            .into_iter()
            .map(|r| {
                let st = if r.year == DEMO_FIRST_YEAR + 5 {
                    APPROVED
                } else {
                    ACCEPTED
                };
                (r, st)
            })
            .collect();
        self.insert_demo_observations(&rows).await?;
        let Some(prog) = programme::Entity::find()
            .filter(programme::Column::Code.eq("innovative_city"))
            .one(&self.conn)
            .await?
        else {
            return Ok(());
        };
        let org_id = |name: &'static str| async move {
            org::Entity::find()
                .filter(org::Column::Name.eq(name))
                .one(&self.conn)
                .await
                .map(|o| o.map(|o| o.id))
        };
        let mut assignments = Vec::new();
        for (org, region, items, due) in [
            (
                "市财政局",
                "371400",
                vec![
                    "fiscal_expenditure",
                    "fiscal_st_expenditure",
                    "major_st_projects",
                ],
                "2026-12-31",
            ),
            (
                "德城区人民政府",
                "371402",
                vec!["gdp", "rd_expenditure"],
                "2026-12-31",
            ),
            (
                "市统计局",
                "371400",
                vec!["high_tech_industry_output", "industrial_output_above_scale"],
                "2026-03-31",
            ),
        ] {
            if let Some(id) = org_id(org).await? {
                assignments.push(AssignmentIn {
                    org_id: id,
                    region_code: region.into(),
                    items: items.into_iter().map(str::to_string).collect(),
                    due_date: Some(due.into()),
                });
            }
        }
        let mut items: Vec<String> = assignments.iter().flat_map(|a| a.items.clone()).collect();
        items.sort();
        items.dedup();
        let form = FormIn {
            programme_id: prog.id,
            name: "2025年度创新型城市监测数据(演示数据)".into(),
            year: 2025,
            items,
            due_date: "2026-12-31".into(),
            assignments,
        };
        let view = self.create_form(&Actor::system(), &form).await?;
        if let Some(f) = data_form::Entity::find_by_id(view.id)
            .one(&self.conn)
            .await?
        {
            let mut m = f.into_active_model();
            m.demo = Set(true);
            m.update(&self.conn).await?;
        }
        Ok(())
    }
}
