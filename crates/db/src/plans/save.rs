//! Saving a plan (保存方案): organisations for its units, the plan and its items in one write.

use super::*;

impl crate::Plans<'_> {
    /// Saves a confirmed import in one transaction: the plan with its verbatim text, targets,
    /// tasks with their units (mapping or creating organisations, recording aliases), phases.
    pub async fn save(&self, actor: &Actor, input: &PlanIn) -> Result<PlanDetail> {
        self.save_inner(actor, input, false).await
    }

    pub(crate) async fn save_inner(
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
            .ok_or_else(|| {
                Error::invalid(
                    "participant_id",
                    crate::common::not_in_scope("参与城市/县", "Participant"),
                )
            })?;
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
                        errs.insert(
                            format!("unit_map.{name}"),
                            crate::common::not_found(
                                &format!("机构 {id} "),
                                &format!("Organisation {id}"),
                            ),
                        );
                    }
                }
                UnitMapping::Create { kind } => {
                    if !crate::registry::ORG_KINDS.iter().any(|(k, _, _)| k == kind) {
                        errs.insert(
                            format!("unit_map.{name}"),
                            crate::common::unknown("机构类型", "kind of organisation"),
                        );
                    }
                }
            }
        }
        for n in &names {
            if found.get(n).is_some_and(|o| o.is_none()) && !input.unit_map.contains_key(n) {
                errs.insert(
                    format!("unit_map.{n}"),
                    msg!(
                        "unmatched",
                        "“{n}”未匹配到机构:请选择已有机构或新建",
                        "“{n}” matches no organisation: choose one or create it"
                    ),
                );
            }
        }
        let prev = match input.revision_of {
            Some(id) => Some(
                self.visible(actor, id)
                    .await
                    .map_err(|_| {
                        Error::invalid(
                            "revision_of",
                            crate::common::not_found("被修订的方案", "The plan being revised"),
                        )
                    })?
                    .0,
            ),
            None => None,
        };
        Error::check(errs)?;
        let mut txn = self.begin_write(actor).await?;
        // Organisations for every name.
        let mut org_of: HashMap<String, i64> = HashMap::new();
        for n in &names {
            let id = match (input.unit_map.get(n), found.get(n).cloned().flatten()) {
                (Some(UnitMapping::OrgId(id)), _) => {
                    let key = org_key(n);
                    let o = org::Entity::find_by_id(*id)
                        .one(&txn)
                        .await?
                        .ok_or_else(|| {
                            Error::invalid(
                                "unit_map",
                                crate::common::not_found("机构", "Organisation"),
                            )
                        })?;
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
                        txn.added("create", "org_alias", a.id, &a);
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
                    .map_err(crate::taken(
                        &format!("unit_map.{n}"),
                        ("机构", "Organisation"),
                        n,
                    ))?;
                    txn.added("create", "org", o.id, &o);
                    o.id
                }
                (None, None) => {
                    return Err(Error::invalid(
                        &format!("unit_map.{n}"),
                        msg!("unmatched", "未匹配到机构", "Matches no organisation"),
                    ))
                }
            };
            org_of.insert(n.clone(), id);
        }
        let (revision, prev_id) = match &prev {
            Some(p) => {
                let mut am = p.clone().into_active_model();
                am.status = Set("superseded".into());
                let after = am.update(&txn).await?;
                txn.changed("update", "plan", p.id, p, &after);
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
        txn.audit("create", "plan", pm.id, None, Some(snap));
        txn.commit().await?;
        self.get(actor, pm.id, None).await
    }
}
