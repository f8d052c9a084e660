//! Programme registry: regions, organisations (with aliases), programmes, batches,
//! participants and their status lifecycle.

use crate::entity::{batch, org, org_alias, participant, programme, region, status_change, user};
use crate::{audit, check_text, map_unique, Actor, Db, Error, Page, PageReq, Result};
use innocity_domain::{org_key, ParticipantStatus, RegionLevel};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Region code → parent code, for scoping.
pub async fn region_parents<C: ConnectionTrait>(c: &C) -> Result<HashMap<String, Option<String>>> {
    let rows: Vec<(String, Option<String>)> = region::Entity::find()
        .select_only()
        .column(region::Column::Code)
        .column(region::Column::ParentCode)
        .into_tuple()
        .all(c)
        .await?;
    Ok(rows.into_iter().collect())
}

// ---------- regions ----------

#[derive(Debug, Clone, Serialize)]
pub struct RegionRef {
    pub code: String,
    pub name: String,
    pub level: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RegionInput {
    #[serde(default)]
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent_code: Option<String>,
}

impl Db {
    /// All regions (reference data, visible to every logged-in user), optionally filtered.
    pub async fn regions(
        &self,
        q: Option<&str>,
        level: Option<&str>,
    ) -> Result<Vec<region::Model>> {
        let mut f = region::Entity::find();
        if let Some(q) = q.filter(|s| !s.is_empty()) {
            f = f.filter(
                Condition::any()
                    .add(region::Column::Name.contains(q))
                    .add(region::Column::Code.starts_with(q)),
            );
        }
        if let Some(l) = level.filter(|s| !s.is_empty()) {
            f = f.filter(region::Column::Level.eq(l));
        }
        Ok(f.order_by_asc(region::Column::Code).all(&self.conn).await?)
    }

    pub async fn region(&self, code: &str) -> Result<region::Model> {
        region::Entity::find_by_id(code.to_string())
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found(format!("行政区划 {code} 不存在")))
    }

    pub async fn region_children(&self, code: &str) -> Result<Vec<region::Model>> {
        Ok(region::Entity::find()
            .filter(region::Column::ParentCode.eq(code))
            .order_by_asc(region::Column::Code)
            .all(&self.conn)
            .await?)
    }

    async fn check_region(
        &self,
        input: &RegionInput,
        code: &str,
        errs: &mut BTreeMap<String, String>,
    ) -> Result<String> {
        let name = check_text(errs, "name", &input.name, 64);
        if RegionLevel::parse(&input.level).is_none() {
            errs.insert("level".into(), "未知级别".into());
        }
        if let Some(p) = input.parent_code.as_deref().filter(|p| !p.is_empty()) {
            if p == code {
                errs.insert("parent_code".into(), "上级不能是自身".into());
            } else if region::Entity::find_by_id(p.to_string())
                .one(&self.conn)
                .await?
                .is_none()
            {
                errs.insert("parent_code".into(), format!("上级区划 {p} 不存在"));
            } else {
                // Refuse cycles: the parent must not lie below this region.
                let parents = region_parents(&self.conn).await?;
                if innocity_domain::region::within(p, code, |c| {
                    parents.get(c).and_then(|x| x.as_deref())
                }) {
                    errs.insert("parent_code".into(), "上级不能是自身的下级".into());
                }
            }
        }
        Ok(name)
    }

    pub async fn create_region(&self, actor: &Actor, input: &RegionInput) -> Result<region::Model> {
        actor.require_admin()?;
        let mut errs = BTreeMap::new();
        let code = input.code.trim().to_string();
        if !innocity_domain::region::valid_code(&code) {
            errs.insert("code".into(), "区划代码须为 6 位数字".into());
        }
        let name = self.check_region(input, &code, &mut errs).await?;
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        let txn = self.conn.begin().await?;
        let m = region::ActiveModel {
            code: Set(code.clone()),
            name: Set(name),
            level: Set(input.level.clone()),
            parent_code: Set(input.parent_code.clone().filter(|p| !p.is_empty())),
            demo: Set(false),
        }
        .insert(&txn)
        .await
        .map_err(|e| map_unique(e, "code", format!("区划代码 {code} 已存在")))?;
        audit::record(
            &txn,
            actor,
            "create",
            "region",
            &code,
            None,
            audit::snap(&m),
        )
        .await?;
        txn.commit().await?;
        Ok(m)
    }

    pub async fn update_region(
        &self,
        actor: &Actor,
        code: &str,
        input: &RegionInput,
    ) -> Result<region::Model> {
        actor.require_admin()?;
        let before = self.region(code).await?;
        let mut errs = BTreeMap::new();
        let name = self.check_region(input, code, &mut errs).await?;
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        let txn = self.conn.begin().await?;
        let mut am = before.clone().into_active_model();
        am.name = Set(name);
        am.level = Set(input.level.clone());
        am.parent_code = Set(input.parent_code.clone().filter(|p| !p.is_empty()));
        let m = am.update(&txn).await?;
        audit::record(
            &txn,
            actor,
            "update",
            "region",
            code,
            audit::snap(&before),
            audit::snap(&m),
        )
        .await?;
        txn.commit().await?;
        Ok(m)
    }
}

// ---------- organisations ----------

#[derive(Debug, Clone, Serialize)]
pub struct OrgView {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub kind_label: String,
    pub region: RegionRef,
    pub aliases: Vec<String>,
    pub demo: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OrgInput {
    pub name: String,
    pub kind: String,
    pub region_code: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Organisation kinds with their Chinese labels.
pub const ORG_KINDS: &[(&str, &str, &str)] = &[
    ("department", "政府部门", "Government department"),
    (
        "county_government",
        "县区政府",
        "County/district government",
    ),
    ("government", "人民政府", "People's government"),
    ("ministry", "部委", "Ministry"),
    ("university", "高校院所", "University or institute"),
    ("enterprise", "企业", "Enterprise"),
    ("expert_body", "专家机构", "Expert body"),
    ("operator", "平台运营方", "Platform operator"),
    ("other", "其他", "Other"),
];

fn kind_label(k: &str) -> String {
    ORG_KINDS
        .iter()
        .find(|(c, _, _)| *c == k)
        .map_or(k, |(_, l, _)| l)
        .to_string()
}

impl Db {
    async fn org_view<C: ConnectionTrait>(c: &C, o: org::Model) -> Result<OrgView> {
        let aliases = org_alias::Entity::find()
            .filter(org_alias::Column::OrgId.eq(o.id))
            .order_by_asc(org_alias::Column::Id)
            .all(c)
            .await?;
        let r = region::Entity::find_by_id(o.region_code.clone())
            .one(c)
            .await?;
        Ok(OrgView {
            id: o.id,
            kind_label: kind_label(&o.kind),
            name: o.name,
            kind: o.kind,
            region: r.map_or(
                RegionRef {
                    code: o.region_code,
                    name: String::new(),
                    level: String::new(),
                },
                |r| RegionRef {
                    code: r.code,
                    name: r.name,
                    level: r.level,
                },
            ),
            aliases: aliases.into_iter().map(|a| a.alias).collect(),
            demo: o.demo,
        })
    }

    /// Organisations visible to the actor (its region subtree and ancestors).
    pub async fn orgs(
        &self,
        actor: &Actor,
        q: Option<&str>,
        kind: Option<&str>,
        region_code: Option<&str>,
        p: PageReq,
    ) -> Result<Page<OrgView>> {
        let mut f = org::Entity::find();
        if let Some(s) = &actor.scope.regions_with_ancestors {
            f = f.filter(org::Column::RegionCode.is_in(s.iter().cloned()));
        }
        if let Some(q) = q.filter(|s| !s.is_empty()) {
            let key = org_key(q);
            let ids: Vec<i64> = org_alias::Entity::find()
                .select_only()
                .column(org_alias::Column::OrgId)
                .filter(
                    Condition::any()
                        .add(org_alias::Column::Alias.contains(q))
                        .add(org_alias::Column::AliasKey.contains(&key)),
                )
                .into_tuple()
                .all(&self.conn)
                .await?;
            f = f.filter(
                Condition::any()
                    .add(org::Column::Name.contains(q))
                    .add(org::Column::NameKey.contains(&key))
                    .add(org::Column::Id.is_in(ids)),
            );
        }
        if let Some(k) = kind.filter(|s| !s.is_empty()) {
            f = f.filter(org::Column::Kind.eq(k));
        }
        if let Some(r) = region_code.filter(|s| !s.is_empty()) {
            f = f.filter(org::Column::RegionCode.eq(r));
        }
        let total = f.clone().count(&self.conn).await?;
        let rows = f
            .order_by_asc(org::Column::RegionCode)
            .order_by_asc(org::Column::Id)
            .offset((p.page - 1) * p.per_page)
            .limit(p.per_page)
            .all(&self.conn)
            .await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in rows {
            items.push(Self::org_view(&self.conn, r).await?);
        }
        Ok(Page {
            items,
            total,
            page: p.page,
            per_page: p.per_page,
        })
    }

    pub async fn org(&self, actor: &Actor, id: i64) -> Result<OrgView> {
        let o = org::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .filter(|o| actor.scope.allows_ref(&o.region_code))
            .ok_or_else(|| Error::not_found("机构不存在"))?;
        Self::org_view(&self.conn, o).await
    }

    /// Finds the organisation whose name or alias has the same key as `name`.
    pub async fn lookup_org(&self, actor: &Actor, name: &str) -> Result<Option<OrgView>> {
        let key = org_key(name);
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
        match o.filter(|o| actor.scope.allows_ref(&o.region_code)) {
            Some(o) => Ok(Some(Self::org_view(&self.conn, o).await?)),
            None => Ok(None),
        }
    }

    async fn check_org(
        &self,
        input: &OrgInput,
        self_id: Option<i64>,
    ) -> Result<(String, Vec<String>)> {
        let mut errs = BTreeMap::new();
        let name = check_text(&mut errs, "name", &input.name, 64);
        if !ORG_KINDS.iter().any(|(k, _, _)| *k == input.kind) {
            errs.insert("kind".into(), "未知机构类型".into());
        }
        if region::Entity::find_by_id(input.region_code.clone())
            .one(&self.conn)
            .await?
            .is_none()
        {
            errs.insert(
                "region_code".into(),
                format!("行政区划 {} 不存在", input.region_code),
            );
        }
        let mut aliases: Vec<String> = Vec::new();
        for a in &input.aliases {
            let a = a.trim();
            if a.is_empty() || a == name || aliases.iter().any(|x| x == a) {
                continue;
            }
            if a.chars().count() > 64 {
                errs.insert("aliases".into(), "别名不能超过 64 个字符".into());
            }
            aliases.push(a.to_string());
        }
        if aliases.len() > 50 {
            errs.insert("aliases".into(), "别名不能超过 50 个".into());
        }
        // A name or alias must not already denote another organisation.
        for n in std::iter::once(&name).chain(aliases.iter()) {
            let key = org_key(n);
            let by_name = org::Entity::find()
                .filter(org::Column::NameKey.eq(&key))
                .one(&self.conn)
                .await?;
            let by_alias = org_alias::Entity::find()
                .filter(org_alias::Column::AliasKey.eq(&key))
                .one(&self.conn)
                .await?
                .map(|a| a.org_id);
            let other = by_name
                .map(|o| o.id)
                .or(by_alias)
                .filter(|id| Some(*id) != self_id);
            if other.is_some() && !name.is_empty() {
                let field = if n == &name { "name" } else { "aliases" };
                errs.insert(field.into(), format!("“{n}”已是其他机构的名称或别名"));
            }
        }
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        Ok((name, aliases))
    }

    async fn write_aliases<C: ConnectionTrait>(
        c: &C,
        org_id: i64,
        aliases: &[String],
    ) -> Result<()> {
        org_alias::Entity::delete_many()
            .filter(org_alias::Column::OrgId.eq(org_id))
            .exec(c)
            .await?;
        for a in aliases {
            org_alias::ActiveModel {
                org_id: Set(org_id),
                alias: Set(a.clone()),
                alias_key: Set(org_key(a)),
                ..Default::default()
            }
            .insert(c)
            .await?;
        }
        Ok(())
    }

    pub async fn create_org(&self, actor: &Actor, input: &OrgInput) -> Result<OrgView> {
        actor.require_admin()?;
        self.create_org_unchecked(actor, input, false).await
    }

    /// Creates an organisation without the admin check (demo loader, plan import).
    pub async fn create_org_unchecked(
        &self,
        actor: &Actor,
        input: &OrgInput,
        demo: bool,
    ) -> Result<OrgView> {
        let (name, aliases) = self.check_org(input, None).await?;
        let txn = self.conn.begin().await?;
        let o = org::ActiveModel {
            name_key: Set(org_key(&name)),
            name: Set(name.clone()),
            kind: Set(input.kind.clone()),
            region_code: Set(input.region_code.clone()),
            demo: Set(demo),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| map_unique(e, "name", format!("机构 {name} 已存在")))?;
        Self::write_aliases(&txn, o.id, &aliases).await?;
        let v = Self::org_view(&txn, o).await?;
        audit::record(&txn, actor, "create", "org", v.id, None, audit::snap(&v)).await?;
        txn.commit().await?;
        Ok(v)
    }

    pub async fn update_org(&self, actor: &Actor, id: i64, input: &OrgInput) -> Result<OrgView> {
        actor.require_admin()?;
        let o = org::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found("机构不存在"))?;
        let (name, aliases) = self.check_org(input, Some(id)).await?;
        let txn = self.conn.begin().await?;
        let before = Self::org_view(&txn, o.clone()).await?;
        let mut am = o.into_active_model();
        am.name_key = Set(org_key(&name));
        am.name = Set(name.clone());
        am.kind = Set(input.kind.clone());
        am.region_code = Set(input.region_code.clone());
        let o = am
            .update(&txn)
            .await
            .map_err(|e| map_unique(e, "name", format!("机构 {name} 已存在")))?;
        Self::write_aliases(&txn, id, &aliases).await?;
        let after = Self::org_view(&txn, o).await?;
        audit::record(
            &txn,
            actor,
            "update",
            "org",
            id,
            audit::snap(&before),
            audit::snap(&after),
        )
        .await?;
        txn.commit().await?;
        Ok(after)
    }

    /// Users of an organisation (admin).
    pub async fn org_users(
        &self,
        actor: &Actor,
        org_id: i64,
    ) -> Result<Vec<crate::auth::UserView>> {
        if !actor.role.is_admin() {
            return Ok(vec![]);
        }
        let p = self
            .users(
                actor,
                None,
                None,
                Some(org_id),
                PageReq::new(Some(1), Some(200)),
            )
            .await?;
        Ok(p.items)
    }
}

// ---------- programmes, batches, participants ----------

#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeView {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub description: String,
    pub participant_count: u64,
    pub status_counts: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BatchView {
    pub id: i64,
    pub programme_id: i64,
    pub code: String,
    pub name: String,
    pub approved_on: Option<String>,
    pub note: String,
    pub participant_count: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeRef {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BatchRef {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParticipantView {
    pub id: i64,
    pub region: RegionRef,
    pub programme: ProgrammeRef,
    pub batch: BatchRef,
    pub theme: Option<String>,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub acceptance_year: Option<i32>,
    pub status: String,
    pub status_label: String,
    pub demo: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UserRef {
    pub id: i64,
    pub display_name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    pub id: i64,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: String,
    pub changed_at: chrono::DateTime<chrono::Utc>,
    pub changed_by: Option<UserRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusOption {
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
}

pub fn status_option(s: ParticipantStatus) -> StatusOption {
    StatusOption {
        code: s.as_str().into(),
        label_zh: s.label_zh().into(),
        label_en: status_label_en(s).into(),
    }
}

pub fn status_label_en(s: ParticipantStatus) -> &'static str {
    match s {
        ParticipantStatus::Building => "Under construction",
        ParticipantStatus::PendingAcceptance => "Awaiting acceptance",
        ParticipantStatus::Passed => "Passed",
        ParticipantStatus::Rectifying => "Rectifying",
        ParticipantStatus::Cancelled => "Disqualified",
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ParticipantDetail {
    pub participant: ParticipantView,
    pub history: Vec<HistoryView>,
    pub allowed_transitions: Vec<StatusOption>,
}

#[derive(Debug, Clone, Default)]
pub struct ParticipantFilter {
    pub programme_id: Option<i64>,
    pub batch_id: Option<i64>,
    pub status: Option<String>,
    pub q: Option<String>,
    pub region_code: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecentTransition {
    pub participant_id: i64,
    pub region_name: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub changed_at: chrono::DateTime<chrono::Utc>,
    pub changed_by: Option<String>,
    /// The participant is demo data (演示数据).
    pub demo: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub programmes: Vec<ProgrammeView>,
    pub status_counts: BTreeMap<String, u64>,
    pub recent_transitions: Vec<RecentTransition>,
}

fn empty_counts() -> BTreeMap<String, u64> {
    ParticipantStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), 0))
        .collect()
}

impl Db {
    fn scoped_participants(actor: &Actor) -> sea_orm::Select<participant::Entity> {
        let mut f = participant::Entity::find();
        if let Some(s) = &actor.scope.regions {
            f = f.filter(participant::Column::RegionCode.is_in(s.iter().cloned()));
        }
        f
    }

    async fn status_counts(
        &self,
        actor: &Actor,
        programme_id: Option<i64>,
    ) -> Result<BTreeMap<String, u64>> {
        let mut f = Self::scoped_participants(actor);
        if let Some(p) = programme_id {
            f = f.filter(participant::Column::ProgrammeId.eq(p));
        }
        let rows: Vec<(String, i64)> = f
            .select_only()
            .column(participant::Column::Status)
            .column_as(participant::Column::Id.count(), "n")
            .group_by(participant::Column::Status)
            .into_tuple()
            .all(&self.conn)
            .await?;
        let mut m = empty_counts();
        for (s, n) in rows {
            m.insert(s, n.max(0) as u64);
        }
        Ok(m)
    }

    async fn programme_view(&self, actor: &Actor, p: programme::Model) -> Result<ProgrammeView> {
        let status_counts = self.status_counts(actor, Some(p.id)).await?;
        Ok(ProgrammeView {
            participant_count: status_counts.values().sum(),
            status_counts,
            id: p.id,
            code: p.code,
            name_zh: p.name_zh,
            name_en: p.name_en,
            description: p.description,
        })
    }

    /// Programmes with the actor's visible participant counts.
    pub async fn programmes(&self, actor: &Actor) -> Result<Vec<ProgrammeView>> {
        let rows = programme::Entity::find()
            .order_by_asc(programme::Column::Id)
            .all(&self.conn)
            .await?;
        let mut out = Vec::new();
        for p in rows {
            out.push(self.programme_view(actor, p).await?);
        }
        Ok(out)
    }

    pub async fn programme(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<(ProgrammeView, Vec<BatchView>)> {
        let p = programme::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found("建设计划不存在"))?;
        let v = self.programme_view(actor, p).await?;
        let b = self.batches(actor, Some(id)).await?;
        Ok((v, b))
    }

    pub async fn batches(
        &self,
        actor: &Actor,
        programme_id: Option<i64>,
    ) -> Result<Vec<BatchView>> {
        let mut f = batch::Entity::find();
        if let Some(p) = programme_id {
            f = f.filter(batch::Column::ProgrammeId.eq(p));
        }
        let rows = f.order_by_asc(batch::Column::Id).all(&self.conn).await?;
        let mut out = Vec::new();
        for b in rows {
            let n = Self::scoped_participants(actor)
                .filter(participant::Column::BatchId.eq(b.id))
                .count(&self.conn)
                .await?;
            out.push(BatchView {
                id: b.id,
                programme_id: b.programme_id,
                code: b.code,
                name: b.name,
                approved_on: b.approved_on,
                note: b.note,
                participant_count: n,
            });
        }
        Ok(out)
    }

    async fn participant_views(
        &self,
        rows: Vec<participant::Model>,
    ) -> Result<Vec<ParticipantView>> {
        let regions: HashMap<String, region::Model> = region::Entity::find()
            .filter(region::Column::Code.is_in(rows.iter().map(|r| r.region_code.clone())))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|r| (r.code.clone(), r))
            .collect();
        let progs: HashMap<i64, programme::Model> = programme::Entity::find()
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let batches: HashMap<i64, batch::Model> = batch::Entity::find()
            .filter(batch::Column::Id.is_in(rows.iter().map(|r| r.batch_id)))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|b| (b.id, b))
            .collect();
        Ok(rows
            .into_iter()
            .map(|r| {
                let reg = regions.get(&r.region_code);
                let prog = progs.get(&r.programme_id);
                let st = ParticipantStatus::parse(&r.status).unwrap_or(ParticipantStatus::Building);
                ParticipantView {
                    id: r.id,
                    region: RegionRef {
                        code: r.region_code.clone(),
                        name: reg.map(|x| x.name.clone()).unwrap_or_default(),
                        level: reg.map(|x| x.level.clone()).unwrap_or_default(),
                    },
                    programme: ProgrammeRef {
                        id: r.programme_id,
                        code: prog.map(|p| p.code.clone()).unwrap_or_default(),
                        name_zh: prog.map(|p| p.name_zh.clone()).unwrap_or_default(),
                        name_en: prog.map(|p| p.name_en.clone()).unwrap_or_default(),
                    },
                    batch: BatchRef {
                        id: r.batch_id,
                        name: batches
                            .get(&r.batch_id)
                            .map(|b| b.name.clone())
                            .unwrap_or_default(),
                    },
                    theme: r.theme,
                    start_year: r.start_year,
                    end_year: r.end_year,
                    acceptance_year: r.acceptance_year,
                    status: st.as_str().into(),
                    status_label: st.label_zh().into(),
                    demo: r.demo,
                    updated_at: r.updated_at,
                }
            })
            .collect())
    }

    /// Participants visible to the actor.
    pub async fn participants(
        &self,
        actor: &Actor,
        flt: &ParticipantFilter,
        p: PageReq,
    ) -> Result<Page<ParticipantView>> {
        let mut f = Self::scoped_participants(actor);
        if let Some(x) = flt.programme_id {
            f = f.filter(participant::Column::ProgrammeId.eq(x));
        }
        if let Some(x) = flt.batch_id {
            f = f.filter(participant::Column::BatchId.eq(x));
        }
        if let Some(x) = flt.status.as_deref().filter(|s| !s.is_empty()) {
            f = f.filter(participant::Column::Status.eq(x));
        }
        if let Some(x) = flt.region_code.as_deref().filter(|s| !s.is_empty()) {
            f = f.filter(participant::Column::RegionCode.eq(x));
        }
        if let Some(q) = flt.q.as_deref().filter(|s| !s.is_empty()) {
            let codes: Vec<String> = region::Entity::find()
                .select_only()
                .column(region::Column::Code)
                .filter(
                    Condition::any()
                        .add(region::Column::Name.contains(q))
                        .add(region::Column::Code.starts_with(q)),
                )
                .into_tuple()
                .all(&self.conn)
                .await?;
            f = f.filter(
                Condition::any()
                    .add(participant::Column::RegionCode.is_in(codes))
                    .add(participant::Column::Theme.contains(q)),
            );
        }
        let total = f.clone().count(&self.conn).await?;
        let rows = f
            .order_by_asc(participant::Column::ProgrammeId)
            .order_by_asc(participant::Column::RegionCode)
            .offset((p.page - 1) * p.per_page)
            .limit(p.per_page)
            .all(&self.conn)
            .await?;
        Ok(Page {
            items: self.participant_views(rows).await?,
            total,
            page: p.page,
            per_page: p.per_page,
        })
    }

    async fn visible_participant(&self, actor: &Actor, id: i64) -> Result<participant::Model> {
        participant::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .filter(|p| actor.scope.allows(&p.region_code))
            .ok_or_else(|| Error::not_found("参与城市/县不存在"))
    }

    /// One participant with its history and the transitions the actor may make.
    pub async fn participant(&self, actor: &Actor, id: i64) -> Result<ParticipantDetail> {
        let p = self.visible_participant(actor, id).await?;
        let hist = status_change::Entity::find()
            .filter(status_change::Column::ParticipantId.eq(id))
            .order_by_asc(status_change::Column::Id)
            .all(&self.conn)
            .await?;
        let users: HashMap<i64, String> = user::Entity::find()
            .filter(user::Column::Id.is_in(hist.iter().filter_map(|h| h.changed_by)))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        let st = ParticipantStatus::parse(&p.status).unwrap_or(ParticipantStatus::Building);
        let allowed = if actor.role.may_manage_programmes() {
            st.allowed_next()
                .iter()
                .map(|s| status_option(*s))
                .collect()
        } else {
            vec![]
        };
        let pv = self.participant_views(vec![p]).await?.remove(0);
        Ok(ParticipantDetail {
            participant: pv,
            history: hist
                .into_iter()
                .map(|h| HistoryView {
                    id: h.id,
                    from_status: h.from_status,
                    to_status: h.to_status,
                    note: h.note,
                    changed_at: h.changed_at,
                    changed_by: h.changed_by.map(|u| UserRef {
                        id: u,
                        display_name: users.get(&u).cloned().unwrap_or_default(),
                    }),
                })
                .collect(),
            allowed_transitions: allowed,
        })
    }

    /// Moves a participant to another status, if the lifecycle allows it.
    pub async fn transition(
        &self,
        actor: &Actor,
        id: i64,
        to: &str,
        note: &str,
    ) -> Result<ParticipantDetail> {
        if !actor.role.may_manage_programmes() {
            return Err(Error::Forbidden("无权变更建设状态".into()));
        }
        let Some(to_s) = ParticipantStatus::parse(to) else {
            return Err(Error::invalid("to", format!("未知状态 {to}")));
        };
        if note.chars().count() > 500 {
            return Err(Error::invalid("note", "说明不能超过 500 个字符"));
        }
        let txn = self.conn.begin().await?;
        let p = participant::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .filter(|p| actor.scope.allows(&p.region_code))
            .ok_or_else(|| Error::not_found("参与城市/县不存在"))?;
        let from = ParticipantStatus::parse(&p.status).unwrap_or(ParticipantStatus::Building);
        from.transition(to_s).map_err(|e| Error::Conflict {
            code: "transition",
            message: e.to_string(),
        })?;
        let before = p.clone();
        let mut am = p.into_active_model();
        am.status = Set(to_s.as_str().into());
        am.updated_at = Set(crate::now());
        let after = am.update(&txn).await?;
        status_change::ActiveModel {
            participant_id: Set(id),
            from_status: Set(Some(from.as_str().into())),
            to_status: Set(to_s.as_str().into()),
            note: Set(note.trim().into()),
            changed_at: Set(crate::now()),
            changed_by: Set(actor.user_id),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            actor,
            "transition",
            "participant",
            id,
            audit::snap(&before),
            audit::snap(&after),
        )
        .await?;
        txn.commit().await?;
        self.participant(actor, id).await
    }

    /// Home page figures.
    pub async fn dashboard(&self, actor: &Actor) -> Result<Dashboard> {
        let programmes = self.programmes(actor).await?;
        let mut status_counts = empty_counts();
        for p in &programmes {
            for (k, v) in &p.status_counts {
                *status_counts.entry(k.clone()).or_default() += v;
            }
        }
        let visible: Vec<i64> = Self::scoped_participants(actor)
            .select_only()
            .column(participant::Column::Id)
            .into_tuple()
            .all(&self.conn)
            .await?;
        let hist = status_change::Entity::find()
            .filter(status_change::Column::ParticipantId.is_in(visible))
            .filter(status_change::Column::FromStatus.is_not_null())
            .order_by_desc(status_change::Column::ChangedAt)
            .order_by_desc(status_change::Column::Id)
            .limit(10)
            .all(&self.conn)
            .await?;
        let parts = participant::Entity::find()
            .filter(participant::Column::Id.is_in(hist.iter().map(|h| h.participant_id)))
            .all(&self.conn)
            .await?;
        let views: HashMap<i64, ParticipantView> = self
            .participant_views(parts)
            .await?
            .into_iter()
            .map(|v| (v.id, v))
            .collect();
        let users: HashMap<i64, String> = user::Entity::find()
            .filter(user::Column::Id.is_in(hist.iter().filter_map(|h| h.changed_by)))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        let recent_transitions = hist
            .into_iter()
            .map(|h| RecentTransition {
                participant_id: h.participant_id,
                region_name: views
                    .get(&h.participant_id)
                    .map(|v| v.region.name.clone())
                    .unwrap_or_default(),
                from_status: h.from_status,
                to_status: h.to_status,
                changed_at: h.changed_at,
                changed_by: h.changed_by.and_then(|u| users.get(&u).cloned()),
                demo: views.get(&h.participant_id).is_some_and(|v| v.demo),
            })
            .collect();
        Ok(Dashboard {
            programmes,
            status_counts,
            recent_transitions,
        })
    }
}
