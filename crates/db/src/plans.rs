//! Plans (实施方案): saving an imported plan with its targets, tasks, responsible units and
//! phases in one transaction; plan pages, department filter and responsibility matrix.

use crate::entity::{
    org, org_alias, participant, plan, plan_phase, plan_target, plan_task, task_unit,
};
use crate::{audit, map_unique, Actor, Db, Error, Result};
use innocity_domain::org_key;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Comparators a target may carry.
pub const COMPARATORS: &[&str] = &["ge", "gt", "le", "lt", "eq", "approx", "range"];

#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize, Deserialize)]
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
pub enum UnitMapping {
    /// An existing organisation; the name is recorded as its alias.
    OrgId(i64),
    /// A new organisation of this kind in the participant's region.
    Create { kind: String },
}

/// What the import page confirms.
#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    pub org_id: i64,
    pub org_name: String,
    pub name: String,
    pub role: String,
}

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
pub struct PlanDetail {
    pub plan: PlanSummary,
    pub warnings: serde_json::Value,
    pub targets: Vec<plan_target::Model>,
    pub tasks: Vec<TaskView>,
    pub phases: Vec<plan_phase::Model>,
    /// Revisions of this plan, oldest first.
    pub revisions: Vec<PlanSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixOrg {
    pub id: i64,
    pub name: String,
    pub lead: usize,
    pub coop: usize,
    pub joint: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    pub task_id: i64,
    pub number: String,
    pub title: String,
    /// org id → `lead` | `coop` | `joint`.
    pub cells: BTreeMap<i64, String>,
}

/// Tasks × departments, marked 牵头 / 配合 / 共同.
#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    pub orgs: Vec<MatrixOrg>,
    pub rows: Vec<MatrixRow>,
}

/// An earlier import of the same document (same text, or same document number).
#[derive(Debug, Clone, Serialize)]
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
        Err(Error::Forbidden(
            "只有协调员或管理员可以导入实施方案".into(),
        ))
    }
}

fn check_plan(input: &PlanIn) -> BTreeMap<String, String> {
    let mut e = BTreeMap::new();
    let mut text = |field: String, v: &str, max: usize, required: bool| {
        if required && v.trim().is_empty() {
            e.insert(field, "必填".into());
        } else if v.chars().count() > max {
            e.insert(field, format!("不能超过 {max} 个字符"));
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
        e.insert("targets".into(), "条目过多".into());
    }
    for (i, t) in input.targets.iter().enumerate() {
        let f = |n: &str| format!("targets[{i}].{n}");
        if t.indicator_text.trim().is_empty() {
            e.insert(f("indicator_text"), "必填".into());
        } else if t.indicator_text.chars().count() > 200 {
            e.insert(f("indicator_text"), "不能超过 200 个字符".into());
        }
        if !COMPARATORS.contains(&t.comparator.as_str()) {
            e.insert(
                f("comparator"),
                format!("比较方式须为 {}", COMPARATORS.join("/")),
            );
        }
        if t.value.is_some_and(|v| !v.is_finite()) || t.value_max.is_some_and(|v| !v.is_finite()) {
            e.insert(f("value"), "数值无效".into());
        }
        if t.comparator == "range"
            && (t.value_max.is_none() || t.value.is_none() || t.value_max < t.value)
        {
            e.insert(f("value_max"), "区间须有上下限且上限不小于下限".into());
        }
        if t.year.is_some_and(|y| !(1949..=2100).contains(&y)) {
            e.insert(f("year"), "年份须在 1949–2100 之间".into());
        }
        if t.unit.as_deref().is_some_and(|u| u.chars().count() > 32)
            || t.source_text.chars().count() > 1000
        {
            e.insert(f("unit"), "单位或原文过长".into());
        }
    }
    for (i, t) in input.tasks.iter().enumerate() {
        if t.title.trim().is_empty() {
            e.insert(format!("tasks[{i}].title"), "必填".into());
        } else if t.title.chars().count() > 2000 || t.number.chars().count() > 20 {
            e.insert(format!("tasks[{i}].title"), "标题或编号过长".into());
        }
        for n in t.lead.iter().chain(&t.cooperating) {
            if n.trim().is_empty() || n.chars().count() > 64 {
                e.insert(
                    format!("tasks[{i}].lead"),
                    "单位名称须为 1–64 个字符".into(),
                );
            }
        }
    }
    for (i, p) in input.phases.iter().enumerate() {
        if p.text.trim().is_empty() || p.text.chars().count() > 200 {
            e.insert(format!("phases[{i}].text"), "须为 1–200 个字符".into());
        }
    }
    e
}

impl Db {
    async fn visible_plan(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<(plan::Model, participant::Model)> {
        let p = plan::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found("实施方案不存在"))?;
        let part = participant::Entity::find_by_id(p.participant_id)
            .one(&self.conn)
            .await?
            .filter(|x| actor.scope.allows(&x.region_code))
            .ok_or_else(|| Error::not_found("实施方案不存在"))?;
        Ok((p, part))
    }

    /// Finds earlier imports of the same document for this participant.
    pub async fn plan_duplicates(
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
            if (same_text || same_no) && self.visible_plan(actor, p.id).await.is_ok() {
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
            let key = org_key(n);
            let mut o = org::Entity::find()
                .filter(org::Column::NameKey.eq(&key))
                .one(&self.conn)
                .await?;
            if o.is_none() {
                if let Some(a) = org_alias::Entity::find()
                    .filter(org_alias::Column::AliasKey.eq(&key))
                    .one(&self.conn)
                    .await?
                {
                    o = org::Entity::find_by_id(a.org_id).one(&self.conn).await?;
                }
            }
            out.insert(n.clone(), o.map(|o| (o.id, o.name)));
        }
        Ok(out)
    }

    /// Saves a confirmed import in one transaction: the plan with its verbatim text, targets,
    /// tasks with their units (mapping or creating organisations, recording aliases), phases.
    pub async fn save_plan(&self, actor: &Actor, input: &PlanIn) -> Result<PlanDetail> {
        self.save_plan_inner(actor, input, false).await
    }

    pub(crate) async fn save_plan_inner(
        &self,
        actor: &Actor,
        input: &PlanIn,
        demo: bool,
    ) -> Result<PlanDetail> {
        if !demo {
            may_import(actor)?;
        }
        let part = participant::Entity::find_by_id(input.participant_id)
            .one(&self.conn)
            .await?
            .filter(|p| actor.scope.allows(&p.region_code))
            .ok_or_else(|| Error::invalid("participant_id", "参与城市/县不存在或不在您的范围内"))?;
        let mut errs = check_plan(input);
        // Every unit must resolve: by name or alias, or through the confirmed mapping.
        let names: BTreeSet<String> = input
            .tasks
            .iter()
            .flat_map(|t| t.lead.iter().chain(&t.cooperating))
            .map(|n| n.trim().to_string())
            .collect();
        let names: Vec<String> = names.into_iter().collect();
        let found = self.resolve_units(&names).await?;
        for (name, m) in &input.unit_map {
            match m {
                UnitMapping::OrgId(id) => {
                    if org::Entity::find_by_id(*id)
                        .one(&self.conn)
                        .await?
                        .is_none()
                    {
                        errs.insert(format!("unit_map.{name}"), format!("机构 {id} 不存在"));
                    }
                }
                UnitMapping::Create { kind } => {
                    if !crate::registry::ORG_KINDS.iter().any(|(k, _, _)| k == kind) {
                        errs.insert(format!("unit_map.{name}"), "未知机构类型".into());
                    }
                }
            }
        }
        for n in &names {
            if found.get(n).is_some_and(|o| o.is_none()) && !input.unit_map.contains_key(n) {
                errs.insert(
                    format!("unit_map.{n}"),
                    format!("“{n}”未匹配到机构:请选择已有机构或新建"),
                );
            }
        }
        let prev = match input.revision_of {
            Some(id) => Some(
                self.visible_plan(actor, id)
                    .await
                    .map_err(|_| Error::invalid("revision_of", "被修订的方案不存在"))?
                    .0,
            ),
            None => None,
        };
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        let txn = self.conn.begin().await?;
        // Organisations for every name.
        let mut org_of: HashMap<String, i64> = HashMap::new();
        for n in &names {
            let id = match (input.unit_map.get(n), found.get(n).cloned().flatten()) {
                (Some(UnitMapping::OrgId(id)), _) => {
                    let key = org_key(n);
                    let o = org::Entity::find_by_id(*id)
                        .one(&txn)
                        .await?
                        .ok_or_else(|| Error::invalid("unit_map", "机构不存在"))?;
                    let taken = o.name_key == key
                        || org_alias::Entity::find()
                            .filter(org_alias::Column::AliasKey.eq(&key))
                            .one(&txn)
                            .await?
                            .is_some();
                    if !taken {
                        let a = org_alias::ActiveModel {
                            org_id: Set(*id),
                            alias: Set(n.clone()),
                            alias_key: Set(key),
                            ..Default::default()
                        }
                        .insert(&txn)
                        .await?;
                        audit::record(
                            &txn,
                            actor,
                            "create",
                            "org_alias",
                            a.id,
                            None,
                            audit::snap(&a),
                        )
                        .await?;
                    }
                    *id
                }
                (_, Some((id, _))) => id,
                (Some(UnitMapping::Create { kind }), None) => {
                    let o = org::ActiveModel {
                        name: Set(n.clone()),
                        name_key: Set(org_key(n)),
                        kind: Set(kind.clone()),
                        region_code: Set(part.region_code.clone()),
                        demo: Set(demo),
                        ..Default::default()
                    }
                    .insert(&txn)
                    .await
                    .map_err(|e| {
                        map_unique(e, &format!("unit_map.{n}"), format!("机构 {n} 已存在"))
                    })?;
                    audit::record(&txn, actor, "create", "org", o.id, None, audit::snap(&o))
                        .await?;
                    o.id
                }
                (None, None) => {
                    return Err(Error::invalid(&format!("unit_map.{n}"), "未匹配到机构"))
                }
            };
            org_of.insert(n.clone(), id);
        }
        let (revision, prev_id) = match &prev {
            Some(p) => {
                let mut am = p.clone().into_active_model();
                am.status = Set("superseded".into());
                let after = am.update(&txn).await?;
                audit::record(
                    &txn,
                    actor,
                    "update",
                    "plan",
                    p.id,
                    audit::snap(p),
                    audit::snap(&after),
                )
                .await?;
                (p.revision + 1, Some(p.id))
            }
            None => (1, None),
        };
        let pm = plan::ActiveModel {
            participant_id: Set(part.id),
            title: Set(input.title.trim().into()),
            issuer: Set(input.issuer.clone().filter(|s| !s.is_empty())),
            doc_number: Set(input.doc_number.clone().filter(|s| !s.is_empty())),
            doc_date: Set(input.doc_date.clone().filter(|s| !s.is_empty())),
            file_name: Set(input.file_name.clone()),
            original_text: Set(input.original_text.clone()),
            content_hash: Set(content_hash(&input.original_text)),
            revision: Set(revision),
            previous_plan_id: Set(prev_id),
            status: Set("current".into()),
            warnings: Set(serde_json::to_string(&input.warnings).unwrap_or_else(|_| "[]".into())),
            demo: Set(demo),
            created_at: Set(crate::now()),
            created_by: Set(actor.user_id),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for (i, t) in input.targets.iter().enumerate() {
            plan_target::ActiveModel {
                plan_id: Set(pm.id),
                seq: Set(i as i32 + 1),
                indicator_text: Set(t.indicator_text.trim().into()),
                indicator_code: Set(t.indicator_code.clone().filter(|s| !s.is_empty())),
                comparator: Set(t.comparator.clone()),
                value: Set(t.value),
                value_max: Set(if t.comparator == "range" {
                    t.value_max
                } else {
                    None
                }),
                unit: Set(t.unit.clone().filter(|s| !s.is_empty())),
                year: Set(t.year),
                delta: Set(t.delta),
                source_text: Set(t.source_text.clone()),
                text_offset: Set(t.offset),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        for (i, t) in input.tasks.iter().enumerate() {
            let tm = plan_task::ActiveModel {
                plan_id: Set(pm.id),
                seq: Set(i as i32 + 1),
                number: Set(t.number.trim().into()),
                title: Set(t.title.trim().into()),
                group_text: Set(t.group.clone().filter(|s| !s.is_empty())),
                joint: Set(t.joint),
                resp_text: Set(t.resp_text.clone()),
                deadline: Set(t.deadline.clone()),
                truncated: Set(t.truncated),
                text_offset: Set(t.offset),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            let lead_role = if t.joint { "joint" } else { "lead" };
            let mut seen = BTreeSet::new();
            for (names, role) in [(&t.lead, lead_role), (&t.cooperating, "coop")] {
                for n in names {
                    let n = n.trim().to_string();
                    let Some(&oid) = org_of.get(&n) else { continue };
                    if !seen.insert(oid) {
                        continue;
                    }
                    task_unit::ActiveModel {
                        task_id: Set(tm.id),
                        org_id: Set(oid),
                        name: Set(n),
                        role: Set(role.into()),
                        ..Default::default()
                    }
                    .insert(&txn)
                    .await?;
                }
            }
        }
        for (i, p) in input.phases.iter().enumerate() {
            plan_phase::ActiveModel {
                plan_id: Set(pm.id),
                seq: Set(i as i32 + 1),
                text: Set(p.text.trim().into()),
                kind: Set(if p.kind.is_empty() {
                    "milestone".into()
                } else {
                    p.kind.clone()
                }),
                start_year: Set(p.start_year),
                end_year: Set(p.end_year),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let mut snap = serde_json::to_value(&pm).unwrap_or_default();
        snap["original_text"] =
            serde_json::json!(format!("({} 字)", input.original_text.chars().count()));
        snap["targets"] = serde_json::json!(input.targets.len());
        snap["tasks"] = serde_json::json!(input.tasks.len());
        audit::record(&txn, actor, "create", "plan", pm.id, None, Some(snap)).await?;
        txn.commit().await?;
        self.plan(actor, pm.id, None).await
    }

    async fn plan_summary<C: ConnectionTrait>(c: &C, p: plan::Model) -> Result<PlanSummary> {
        let part = participant::Entity::find_by_id(p.participant_id)
            .one(c)
            .await?;
        let region_name = match part {
            Some(x) => crate::entity::region::Entity::find_by_id(x.region_code)
                .one(c)
                .await?
                .map(|r| r.name)
                .unwrap_or_default(),
            None => String::new(),
        };
        let target_count = plan_target::Entity::find()
            .filter(plan_target::Column::PlanId.eq(p.id))
            .all(c)
            .await?
            .len();
        let task_count = plan_task::Entity::find()
            .filter(plan_task::Column::PlanId.eq(p.id))
            .all(c)
            .await?
            .len();
        Ok(PlanSummary {
            id: p.id,
            participant_id: p.participant_id,
            region_name,
            title: p.title,
            issuer: p.issuer,
            doc_number: p.doc_number,
            doc_date: p.doc_date,
            revision: p.revision,
            status: p.status,
            target_count,
            task_count,
            demo: p.demo,
            created_at: p.created_at,
        })
    }

    /// Plans visible to the actor, newest first (`participant_id` filters).
    pub async fn plans(
        &self,
        actor: &Actor,
        participant_id: Option<i64>,
        include_superseded: bool,
    ) -> Result<Vec<PlanSummary>> {
        let mut q = plan::Entity::find();
        if let Some(p) = participant_id {
            q = q.filter(plan::Column::ParticipantId.eq(p));
        }
        if !include_superseded {
            q = q.filter(plan::Column::Status.eq("current"));
        }
        let visible: Vec<i64> = {
            let mut f = participant::Entity::find();
            if let Some(s) = &actor.scope.regions {
                f = f.filter(participant::Column::RegionCode.is_in(s.iter().cloned()));
            }
            f.all(&self.conn).await?.into_iter().map(|p| p.id).collect()
        };
        let rows = q
            .filter(plan::Column::ParticipantId.is_in(visible))
            .order_by_desc(plan::Column::Id)
            .all(&self.conn)
            .await?;
        let mut out = Vec::new();
        for p in rows {
            out.push(Self::plan_summary(&self.conn, p).await?);
        }
        Ok(out)
    }

    /// One plan; `org_id` keeps only the tasks that organisation has a part in.
    pub async fn plan(&self, actor: &Actor, id: i64, org_id: Option<i64>) -> Result<PlanDetail> {
        let (p, _) = self.visible_plan(actor, id).await?;
        let warnings = serde_json::from_str(&p.warnings).unwrap_or(serde_json::json!([]));
        let targets = plan_target::Entity::find()
            .filter(plan_target::Column::PlanId.eq(id))
            .order_by_asc(plan_target::Column::Seq)
            .all(&self.conn)
            .await?;
        let tasks = plan_task::Entity::find()
            .filter(plan_task::Column::PlanId.eq(id))
            .order_by_asc(plan_task::Column::Seq)
            .all(&self.conn)
            .await?;
        let units = task_unit::Entity::find()
            .filter(task_unit::Column::TaskId.is_in(tasks.iter().map(|t| t.id)))
            .order_by_asc(task_unit::Column::Id)
            .all(&self.conn)
            .await?;
        let orgs: HashMap<i64, String> = org::Entity::find()
            .filter(org::Column::Id.is_in(units.iter().map(|u| u.org_id)))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let mut by_task: HashMap<i64, Vec<UnitView>> = HashMap::new();
        for u in units {
            by_task.entry(u.task_id).or_default().push(UnitView {
                org_id: u.org_id,
                org_name: orgs.get(&u.org_id).cloned().unwrap_or_default(),
                name: u.name,
                role: u.role,
            });
        }
        let tasks: Vec<TaskView> = tasks
            .into_iter()
            .map(|t| TaskView {
                units: by_task.remove(&t.id).unwrap_or_default(),
                id: t.id,
                seq: t.seq,
                number: t.number,
                title: t.title,
                group: t.group_text,
                joint: t.joint,
                resp_text: t.resp_text,
                deadline: t.deadline,
                truncated: t.truncated,
                offset: t.text_offset,
            })
            .filter(|t| org_id.is_none_or(|o| t.units.iter().any(|u| u.org_id == o)))
            .collect();
        let phases = plan_phase::Entity::find()
            .filter(plan_phase::Column::PlanId.eq(id))
            .order_by_asc(plan_phase::Column::Seq)
            .all(&self.conn)
            .await?;
        // Walk the revision chain back.
        let mut revisions = Vec::new();
        let mut cur = p.previous_plan_id;
        let mut guard = 0;
        while let (Some(pid), true) = (cur, guard < 100) {
            guard += 1;
            let Some(x) = plan::Entity::find_by_id(pid).one(&self.conn).await? else {
                break;
            };
            cur = x.previous_plan_id;
            revisions.push(Self::plan_summary(&self.conn, x).await?);
        }
        revisions.reverse();
        Ok(PlanDetail {
            plan: Self::plan_summary(&self.conn, p).await?,
            warnings,
            targets,
            tasks,
            phases,
            revisions,
        })
    }

    /// The original text of a plan, verbatim.
    pub async fn plan_text(&self, actor: &Actor, id: i64) -> Result<String> {
        Ok(self.visible_plan(actor, id).await?.0.original_text)
    }

    /// Tasks × organisations with 牵头 / 配合 / 共同 marks.
    pub async fn plan_matrix(&self, actor: &Actor, id: i64) -> Result<Matrix> {
        let d = self.plan(actor, id, None).await?;
        let mut orgs: BTreeMap<i64, MatrixOrg> = BTreeMap::new();
        let mut order: Vec<i64> = Vec::new();
        let mut rows = Vec::new();
        for t in &d.tasks {
            let mut cells = BTreeMap::new();
            for u in &t.units {
                let e = orgs.entry(u.org_id).or_insert_with(|| {
                    order.push(u.org_id);
                    MatrixOrg {
                        id: u.org_id,
                        name: u.org_name.clone(),
                        lead: 0,
                        coop: 0,
                        joint: 0,
                    }
                });
                match u.role.as_str() {
                    "lead" => e.lead += 1,
                    "joint" => e.joint += 1,
                    _ => e.coop += 1,
                }
                cells.insert(u.org_id, u.role.clone());
            }
            rows.push(MatrixRow {
                task_id: t.id,
                number: t.number.clone(),
                title: t.title.clone(),
                cells,
            });
        }
        // Departments with the most lead duties first.
        order.sort_by_key(|id| {
            let o = &orgs[id];
            (
                std::cmp::Reverse(o.lead + o.joint),
                std::cmp::Reverse(o.coop),
            )
        });
        Ok(Matrix {
            orgs: order
                .into_iter()
                .filter_map(|id| orgs.remove(&id))
                .collect(),
            rows,
        })
    }
}
