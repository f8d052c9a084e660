//! Plans (实施方案): saving an imported plan with its targets, tasks, responsible units and
//! phases in one transaction; plan pages, department filter and responsibility matrix.

use crate::entity::{
    org, org_alias, participant, plan, plan_phase, plan_target, plan_task, task_unit,
};
use crate::Msg;
use crate::{Actor, Error, Result};
use innocity_domain::org_key;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};

mod read;
mod save;

/// Comparators a target may carry.
pub const COMPARATORS: &[&str] = &["ge", "gt", "le", "lt", "eq", "approx", "range"];

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TargetIn {
    pub indicator_text: String,
    #[serde(default, alias = "indicator")]
    pub indicator_code: Option<String>,
    pub comparator: String,
    pub value: Option<f64>,
    #[serde(default)]
    pub value_max: Option<f64>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub delta: bool,
    #[serde(default)]
    pub source_text: String,
    #[serde(default)]
    pub offset: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TaskIn {
    #[serde(default)]
    pub number: String,
    pub title: String,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub lead: Vec<String>,
    #[serde(default)]
    pub cooperating: Vec<String>,
    #[serde(default)]
    pub joint: bool,
    #[serde(default)]
    pub resp_text: Option<String>,
    #[serde(default)]
    pub deadline: Option<String>,
    #[serde(default)]
    pub truncated: bool,
    #[serde(default)]
    pub offset: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PhaseIn {
    pub text: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub start_year: Option<i32>,
    #[serde(default)]
    pub end_year: Option<i32>,
}

/// How one unit name of the plan maps to an organisation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(schemars::JsonSchema)]
pub enum UnitMapping {
    /// An existing organisation; the name is recorded as its alias.
    OrgId(i64),
    /// A new organisation of this kind in the participant's region.
    Create { kind: String },
}

/// What the import page confirms.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PlanIn {
    pub participant_id: i64,
    pub original_text: String,
    #[serde(default)]
    pub file_name: Option<String>,
    pub title: String,
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default)]
    pub doc_number: Option<String>,
    #[serde(default)]
    pub doc_date: Option<String>,
    #[serde(default)]
    pub warnings: Vec<serde_json::Value>,
    #[serde(default)]
    pub revision_of: Option<i64>,
    #[serde(default)]
    pub targets: Vec<TargetIn>,
    #[serde(default)]
    pub tasks: Vec<TaskIn>,
    #[serde(default)]
    pub phases: Vec<PhaseIn>,
    #[serde(default)]
    pub unit_map: BTreeMap<String, UnitMapping>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PlanSummary {
    pub id: i64,
    pub participant_id: i64,
    pub region_name: String,
    pub title: String,
    pub issuer: Option<String>,
    pub doc_number: Option<String>,
    pub doc_date: Option<String>,
    pub revision: i32,
    pub status: String,
    pub target_count: usize,
    pub task_count: usize,
    pub demo: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct UnitView {
    pub org_id: i64,
    pub org_name: String,
    pub name: String,
    pub role: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TaskView {
    pub id: i64,
    pub seq: i32,
    pub number: String,
    pub title: String,
    pub group: Option<String>,
    pub joint: bool,
    pub resp_text: Option<String>,
    pub deadline: Option<String>,
    pub truncated: bool,
    pub offset: Option<i64>,
    pub units: Vec<UnitView>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PlanDetail {
    pub plan: PlanSummary,
    pub warnings: serde_json::Value,
    pub targets: Vec<plan_target::Model>,
    pub tasks: Vec<TaskView>,
    pub phases: Vec<plan_phase::Model>,
    /// Revisions of this plan, oldest first.
    pub revisions: Vec<PlanSummary>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MatrixOrg {
    pub id: i64,
    pub name: String,
    pub lead: usize,
    pub coop: usize,
    pub joint: usize,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MatrixRow {
    pub task_id: i64,
    pub number: String,
    pub title: String,
    /// org id → `lead` | `coop` | `joint`.
    pub cells: BTreeMap<i64, String>,
}

/// Tasks × departments, marked 牵头 / 配合 / 共同.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Matrix {
    pub orgs: Vec<MatrixOrg>,
    pub rows: Vec<MatrixRow>,
}

/// An earlier import of the same document (same text, or same document number).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Duplicate {
    pub plan_id: i64,
    pub title: String,
    pub revision: i32,
    pub same_text: bool,
}

pub fn content_hash(text: &str) -> String {
    hex::encode(Sha256::digest(text.trim().as_bytes()))
}

fn may_import(actor: &Actor) -> Result<()> {
    if matches!(
        actor.role,
        innocity_domain::Role::Admin | innocity_domain::Role::Coordinator
    ) {
        Ok(())
    } else {
        Err(Error::Forbidden(msg!(
            "forbidden",
            "只有协调员或管理员可以导入实施方案",
            "Only coordinators or administrators may import plans"
        )))
    }
}

fn check_plan(input: &PlanIn) -> BTreeMap<String, Msg> {
    let mut e: BTreeMap<String, Msg> = BTreeMap::new();
    let mut text = |field: String, v: &str, max: usize, required: bool| {
        if required && v.trim().is_empty() {
            e.insert(field, crate::common::required());
        } else if v.chars().count() > max {
            e.insert(field, crate::common::too_long(max));
        }
    };
    text("title".into(), &input.title, 300, true);
    text(
        "original_text".into(),
        &input.original_text,
        2_000_000,
        false,
    );
    for (f, v) in [
        ("issuer", &input.issuer),
        ("doc_number", &input.doc_number),
        ("doc_date", &input.doc_date),
        ("file_name", &input.file_name),
    ] {
        text(f.into(), v.as_deref().unwrap_or(""), 200, false);
    }
    if input.targets.len() > 2000 || input.tasks.len() > 2000 || input.phases.len() > 500 {
        e.insert(
            "targets".into(),
            msg!("too_many", "条目过多", "Too many entries"),
        );
    }
    for (i, t) in input.targets.iter().enumerate() {
        let f = |n: &str| format!("targets[{i}].{n}");
        if t.indicator_text.trim().is_empty() {
            e.insert(f("indicator_text"), crate::common::required());
        } else if t.indicator_text.chars().count() > 200 {
            e.insert(f("indicator_text"), crate::common::too_long(200));
        }
        if !COMPARATORS.contains(&t.comparator.as_str()) {
            e.insert(
                f("comparator"),
                msg!(
                    "invalid_choice",
                    "比较方式须为 {}",
                    "The comparison must be one of {}",
                    COMPARATORS.join("/")
                ),
            );
        }
        if t.value.is_some_and(|v| !v.is_finite()) || t.value_max.is_some_and(|v| !v.is_finite()) {
            e.insert(f("value"), crate::common::invalid_number());
        }
        if t.comparator == "range"
            && (t.value_max.is_none() || t.value.is_none() || t.value_max < t.value)
        {
            e.insert(
                f("value_max"),
                msg!(
                    "out_of_range",
                    "区间须有上下限且上限不小于下限",
                    "A range needs both bounds, the upper not below the lower"
                ),
            );
        }
        if t.year.is_some_and(|y| !(1949..=2100).contains(&y)) {
            e.insert(
                f("year"),
                crate::common::between("年份", "Year", 1949, 2100),
            );
        }
        if t.unit.as_deref().is_some_and(|u| u.chars().count() > 32)
            || t.source_text.chars().count() > 1000
        {
            e.insert(
                f("unit"),
                msg!(
                    "too_long",
                    "单位或原文过长",
                    "The unit or the source text is too long"
                ),
            );
        }
    }
    for (i, t) in input.tasks.iter().enumerate() {
        if t.title.trim().is_empty() {
            e.insert(format!("tasks[{i}].title"), crate::common::required());
        } else if t.title.chars().count() > 2000 || t.number.chars().count() > 20 {
            e.insert(
                format!("tasks[{i}].title"),
                msg!(
                    "too_long",
                    "标题或编号过长",
                    "The title or number is too long"
                ),
            );
        }
        for n in t.lead.iter().chain(&t.cooperating) {
            if n.trim().is_empty() || n.chars().count() > 64 {
                e.insert(
                    format!("tasks[{i}].lead"),
                    msg!(
                        "too_long",
                        "单位名称须为 1–64 个字符",
                        "A unit name must have 1–64 characters"
                    ),
                );
            }
        }
    }
    for (i, p) in input.phases.iter().enumerate() {
        if p.text.trim().is_empty() || p.text.chars().count() > 200 {
            e.insert(
                format!("phases[{i}].text"),
                msg!(
                    "too_long",
                    "须为 1–200 个字符",
                    "Must have 1–200 characters"
                ),
            );
        }
    }
    e
}

impl crate::Plans<'_> {
    async fn visible(&self, actor: &Actor, id: i64) -> Result<(plan::Model, participant::Model)> {
        let p = plan::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found(crate::common::not_found("实施方案", "Plan")))?;
        let part = participant::Entity::find_by_id(p.participant_id)
            .one(&self.conn)
            .await?
            .filter(|x| actor.scope.allows(&x.region_code))
            .ok_or_else(|| Error::not_found(crate::common::not_found("实施方案", "Plan")))?;
        Ok((p, part))
    }

    /// Finds earlier imports of the same document for this participant.
    pub async fn duplicates(
        &self,
        actor: &Actor,
        participant_id: Option<i64>,
        text: &str,
        doc_number: Option<&str>,
    ) -> Result<Vec<Duplicate>> {
        let hash = content_hash(text);
        let mut q = plan::Entity::find().filter(plan::Column::Status.eq("current"));
        if let Some(p) = participant_id {
            q = q.filter(plan::Column::ParticipantId.eq(p));
        }
        let mut out = Vec::new();
        for p in q.all(&self.conn).await? {
            let same_text = p.content_hash == hash;
            let same_no =
                doc_number.is_some_and(|n| !n.is_empty() && p.doc_number.as_deref() == Some(n));
            if (same_text || same_no) && self.visible(actor, p.id).await.is_ok() {
                out.push(Duplicate {
                    plan_id: p.id,
                    title: p.title,
                    revision: p.revision,
                    same_text,
                });
            }
        }
        Ok(out)
    }

    /// Resolves unit names to organisations by name or alias key (None when unknown).
    pub async fn resolve_units(
        &self,
        names: &[String],
    ) -> Result<BTreeMap<String, Option<(i64, String)>>> {
        let mut out = BTreeMap::new();
        for n in names {
            let o = crate::registry::org_named(&self.conn, n).await?;
            out.insert(n.clone(), o.map(|o| (o.id, o.name)));
        }
        Ok(out)
    }
}
