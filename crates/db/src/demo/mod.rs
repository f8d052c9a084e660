//! Loads the demo data set (演示数据) from `innocity_domain::demo`.

use crate::entity::{batch, org, org_alias, participant, programme, region, status_change, user};
use crate::{auth, Actor, Error, Result};
use innocity_domain::demo::demo_set;
use innocity_domain::{org_key, ParticipantStatus};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use std::collections::{HashMap, HashSet};

pub mod eval;
pub mod monitoring;

/// A demo account and its password, printed at start.
#[derive(Debug, Clone)]
pub struct DemoCredential {
    pub username: String,
    pub role: String,
    pub org: String,
    pub password: String,
}

/// What [`crate::Demo::load`] did.
#[derive(Debug, Clone)]
pub struct DemoReport {
    pub already_loaded: bool,
    pub credentials: Vec<DemoCredential>,
}

fn parse_date(s: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
        .unwrap_or_else(crate::now)
}

impl crate::Demo<'_> {
    /// Loads the demo set in one transaction. `password`: one password for every demo user
    /// (tests); otherwise each gets a random one. Running it twice changes nothing.
    pub async fn load(&self, password: Option<&str>) -> Result<DemoReport> {
        let actor = Actor::system();
        self.library().seed_indicators(&actor).await?;
        let d = demo_set();
        if programme::Entity::find()
            .filter(programme::Column::Code.is_in(d.programmes.iter().map(|p| p.code.clone())))
            .one(&self.conn)
            .await?
            .is_some()
        {
            // Demo sets loaded by an earlier build get the evaluation demo values too.
            self.load_evaluation_data().await?;
            return Ok(DemoReport {
                already_loaded: true,
                credentials: vec![],
            });
        }
        let mut txn = self.begin_write(&actor).await?;
        let existing: HashSet<String> = region::Entity::find()
            .all(&txn)
            .await?
            .into_iter()
            .map(|r| r.code)
            .collect();
        for r in &d.regions {
            if existing.contains(&r.code) {
                continue;
            }
            region::ActiveModel {
                code: Set(r.code.clone()),
                name: Set(r.name.clone()),
                level: Set(r.level.clone()),
                parent_code: Set(r.parent.clone()),
                demo: Set(false),
            }
            .insert(&txn)
            .await?;
        }
        txn.audit(
            "create",
            "region",
            "demo",
            None,
            Some(serde_json::json!({"count": d.regions.len()})),
        );
        let mut org_ids = HashMap::new();
        let mut used_keys = HashSet::new();
        for o in org::Entity::find().all(&txn).await? {
            used_keys.insert(o.name_key.clone());
            org_ids.insert(o.name.clone(), o.id);
        }
        for a in org_alias::Entity::find().all(&txn).await? {
            used_keys.insert(a.alias_key);
        }
        for o in &d.orgs {
            let key = org_key(&o.name);
            if !used_keys.insert(key.clone()) {
                continue;
            }
            let m = org::ActiveModel {
                name: Set(o.name.clone()),
                name_key: Set(key),
                kind: Set(o.kind.clone()),
                region_code: Set(o.region.clone()),
                demo: Set(o.demo),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            for a in &o.aliases {
                let k = org_key(a);
                if used_keys.insert(k.clone()) {
                    org_alias::ActiveModel {
                        org_id: Set(m.id),
                        alias: Set(a.clone()),
                        alias_key: Set(k),
                        ..Default::default()
                    }
                    .insert(&txn)
                    .await?;
                }
            }
            org_ids.insert(o.name.clone(), m.id);
        }
        txn.audit(
            "create",
            "org",
            "demo",
            None,
            Some(serde_json::json!({"count": org_ids.len()})),
        );
        let mut prog_ids = HashMap::new();
        for p in &d.programmes {
            let m = programme::ActiveModel {
                code: Set(p.code.clone()),
                name_zh: Set(p.name_zh.clone()),
                name_en: Set(p.name_en.clone()),
                description: Set(p.description.clone()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            txn.added("create", "programme", m.id, &m);
            prog_ids.insert(p.code.clone(), m.id);
        }
        let mut batch_ids = HashMap::new();
        for b in &d.batches {
            let pid = *prog_ids.get(&b.programme).ok_or_else(|| {
                Error::not_found(msg!(
                    "not_found",
                    "演示批次 {}: 建设计划 {} 不存在",
                    "demo batch {}: programme {} not found",
                    b.code,
                    b.programme
                ))
            })?;
            let m = batch::ActiveModel {
                programme_id: Set(pid),
                code: Set(b.code.clone()),
                name: Set(b.name.clone()),
                approved_on: Set(b.approved_on.clone()),
                note: Set(b.note.clone()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            txn.added("create", "batch", m.id, &m);
            batch_ids.insert(b.code.clone(), m.id);
        }
        for p in &d.participants {
            let (Some(&pid), Some(&bid)) = (prog_ids.get(&p.programme), batch_ids.get(&p.batch))
            else {
                return Err(Error::not_found(msg!(
                    "not_found",
                    "演示参与城市/县 {}: 建设计划或批次不存在",
                    "demo participant {}: programme or batch not found",
                    p.region
                )));
            };
            let mut status = ParticipantStatus::Building;
            let start = d
                .batches
                .iter()
                .find(|b| b.code == p.batch)
                .and_then(|b| b.approved_on.clone());
            let mut changes = vec![(
                None,
                status,
                start
                    .as_deref()
                    .map(parse_date)
                    .or_else(|| p.start_year.map(|y| parse_date(&format!("{y}-01-01"))))
                    .unwrap_or_else(crate::now),
                String::new(),
            )];
            for h in &p.history {
                let to = ParticipantStatus::parse(&h.status).ok_or_else(|| {
                    Error::invalid(
                        "status",
                        crate::common::unknown(
                            &format!("状态 {}", h.status),
                            &format!("status {}", h.status),
                        ),
                    )
                })?;
                status = status
                    .transition(to)
                    .map_err(|e| Error::conflict("transition", e.msg()))?;
                changes.push((
                    Some(changes.last().map(|c| c.1).unwrap_or(status)),
                    to,
                    parse_date(&h.on),
                    h.note.clone(),
                ));
            }
            let m = participant::ActiveModel {
                region_code: Set(p.region.clone()),
                programme_id: Set(pid),
                batch_id: Set(bid),
                theme: Set(p.theme.clone()),
                start_year: Set(p.start_year),
                end_year: Set(p.end_year),
                acceptance_year: Set(p.acceptance_year),
                status: Set(status.as_str().into()),
                demo: Set(p.demo),
                updated_at: Set(changes.last().map(|c| c.2).unwrap_or_else(crate::now)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            for (from, to, at, note) in changes {
                status_change::ActiveModel {
                    participant_id: Set(m.id),
                    from_status: Set(from.map(|s: ParticipantStatus| s.as_str().to_string())),
                    to_status: Set(to.as_str().into()),
                    note: Set(note),
                    changed_at: Set(at),
                    changed_by: Set(None),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
            txn.added("create", "participant", m.id, &m);
        }
        let mut creds = Vec::new();
        for u in &d.users {
            if user::Entity::find()
                .filter(user::Column::Username.eq(&u.username))
                .one(&txn)
                .await?
                .is_some()
            {
                continue;
            }
            let oid = *org_ids.get(&u.org).ok_or_else(|| {
                Error::not_found(msg!(
                    "not_found",
                    "演示用户 {}: 机构 {} 不存在",
                    "demo user {}: organisation {} not found",
                    u.username,
                    u.org
                ))
            })?;
            let pw = password
                .map(str::to_string)
                .unwrap_or_else(|| format!("Demo-{}", &auth::random_token()[..10]));
            let m = user::ActiveModel {
                username: Set(u.username.clone()),
                display_name: Set(u.display_name.clone()),
                password_hash: Set(auth::hash_password(&pw)?),
                role: Set(u.role.clone()),
                org_id: Set(oid),
                must_change_password: Set(false),
                disabled: Set(false),
                created_at: Set(crate::now()),
                last_login_at: Set(None),
                demo: Set(u.demo),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            txn.audit("create", "user", m.id, None, Some(
                    serde_json::json!({"username": m.username, "role": m.role, "org_id": m.org_id, "demo": m.demo}),
                ));
            creds.push(DemoCredential {
                username: u.username.clone(),
                role: u.role.clone(),
                org: u.org.clone(),
                password: pw,
            });
        }
        txn.commit().await?;
        self.load_plans(&actor).await?;
        self.load_monitoring().await?;
        self.load_evaluation_data().await?;
        self.evaluation().load_presets().await?;
        Ok(DemoReport {
            already_loaded: false,
            credentials: creds,
        })
    }

    async fn load_plans(&self, actor: &Actor) -> Result<()> {
        for p in innocity_domain::demo::demo_plans() {
            let region = p["region"].as_str().unwrap_or_default();
            let prog = p["programme"].as_str().unwrap_or_default();
            let Some(prog) = programme::Entity::find()
                .filter(programme::Column::Code.eq(prog))
                .one(&self.conn)
                .await?
            else {
                continue;
            };
            let Some(part) = participant::Entity::find()
                .filter(participant::Column::RegionCode.eq(region))
                .filter(participant::Column::ProgrammeId.eq(prog.id))
                .one(&self.conn)
                .await?
            else {
                continue;
            };
            let bad = |e: serde_json::Error| {
                Error::invalid(
                    "demo_plans",
                    msg!("invalid", "演示方案无效: {e}", "Invalid demo plan: {e}"),
                )
            };
            let input = crate::plans::PlanIn {
                participant_id: part.id,
                original_text: String::new(),
                file_name: None,
                title: p["title"].as_str().unwrap_or_default().to_string(),
                issuer: p["issuer"].as_str().map(str::to_string),
                doc_number: p["doc_number"].as_str().map(str::to_string),
                doc_date: p["doc_date"].as_str().map(str::to_string),
                warnings: vec![serde_json::json!({"kind": "demo", "text": p["note"]})],
                revision_of: None,
                targets: serde_json::from_value(p["targets"].clone()).map_err(bad)?,
                tasks: serde_json::from_value(p["tasks"].clone()).map_err(bad)?,
                phases: serde_json::from_value(p["phases"].clone()).map_err(bad)?,
                unit_map: Default::default(),
            };
            self.plans().save_inner(actor, &input, true).await?;
        }
        Ok(())
    }
}
