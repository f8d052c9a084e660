//! Editing a task and changing its responsible units (任务调整、责任单位调整).

use super::*;

impl crate::Supervision<'_> {
    /// Edits a task: title, description, final deadline, added milestones and the units'
    /// responsible persons (coordinators, not on closed tasks).
    pub async fn edit_task(
        &self,
        actor: &Actor,
        today: NaiveDate,
        id: i64,
        input: &TaskEdit,
    ) -> Result<TaskDetail> {
        let (t, units) = self.visible_task(actor, id).await?;
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
            errs.insert(
                "add_milestones".into(),
                msg!("too_many", "节点过多", "Too many milestones"),
            );
        }
        for (i, mid) in input.delete_milestones.iter().enumerate() {
            let f = format!("delete_milestones[{i}]");
            match existing.iter().find(|m| m.id == *mid) {
                None => {
                    errs.insert(
                        f,
                        msg!(
                            "invalid_choice",
                            "节点 {mid} 不属于该任务",
                            "Milestone {mid} does not belong to this task"
                        ),
                    );
                }
                Some(m) if m.done_on.is_some() => {
                    errs.insert(
                        f,
                        msg!(
                            "milestone_done",
                            "节点“{}”已完成,不能删除(完成记录须保留)",
                            "Milestone “{}” is done and cannot be deleted (its completion is kept)",
                            m.title
                        ),
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
                errs.insert(
                    f("id"),
                    msg!(
                        "invalid_choice",
                        "节点 {} 不属于该任务",
                        "Milestone {} does not belong to this task",
                        m.id
                    ),
                );
                continue;
            };
            if !seen_ms.insert(m.id) || deleted.contains(&m.id) {
                errs.insert(
                    f("id"),
                    msg!(
                        "duplicate",
                        "同一节点只能修改或删除一次",
                        "A milestone may be changed or deleted only once"
                    ),
                );
                continue;
            }
            let Some(d) = d else { continue };
            if old.done_on.is_some() && d != old.due {
                errs.insert(
                    f("due"),
                    msg!("milestone_done", "节点已完成,不能修改时限(按期与否已计入考评)", "The milestone is done, so its deadline cannot change (its timeliness is already scored)"),
                );
            }
            if due.is_some_and(|x| d > x) {
                errs.insert(
                    f("due"),
                    msg!(
                        "out_of_range",
                        "节点不能晚于任务时限",
                        "A milestone cannot be after the task's deadline"
                    ),
                );
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
                        msg!(
                            "out_of_range",
                            "节点不能晚于任务时限",
                            "A milestone cannot be after the task's deadline"
                        ),
                    );
                }
                ms.push((mt, d));
            }
        }
        for (i, p) in input.persons.iter().enumerate() {
            let f = |n: &str| format!("persons[{i}].{n}");
            if !units.iter().any(|u| u.org_id == p.org_id) {
                errs.insert(
                    f("org_id"),
                    msg!(
                        "invalid_choice",
                        "该单位不是本任务的责任单位",
                        "This unit is not one of the task's units"
                    ),
                );
            }
            check_contacts(&mut errs, f, &p.person, &p.phone, &p.email);
        }
        Error::check(errs)?;
        sv::on_task(standing(actor, &t, &units), TaskOp::Edit, status_of(&t)).map_err(refused)?;
        let rules = self.rules(&t.region_code).await?;
        let mut txn = self.begin_write(actor).await?;
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
        add_milestones(&txn, id, start, ms).await?;
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
        txn.audit("update", "sv_task", id, Some(before), Some(snap));
        txn.commit().await?;
        self.task(actor, today, id).await
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
    pub async fn set_units(
        &self,
        actor: &Actor,
        today: NaiveDate,
        id: i64,
        input: &UnitsEdit,
    ) -> Result<TaskDetail> {
        let (t, current) = self.visible_task(actor, id).await?;
        let mut errs = BTreeMap::new();
        self.check_units(&mut errs, &input.units).await?;
        opt_text(&mut errs, "reason", &input.reason, 500);
        Error::check(errs)?;
        let status = status_of(&t);
        sv::on_task(standing(actor, &t, &current), TaskOp::ChangeUnits, status).map_err(refused)?;
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
        let part_en = |p: &str| match p {
            "lead" => "lead",
            "joint" => "shared-duty",
            _ => "cooperating",
        };
        let clean = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let assigned = status != Status::Draft;
        let rules = self.rules(&t.region_code).await?;
        let mut txn = self.begin_write(actor).await?;
        let mut changes: Vec<String> = Vec::new();
        // (org, title, body, email) notifications to send
        let mut notes: Vec<(i64, Msg, Msg, Option<String>)> = Vec::new();
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
                                msg!(
                                    "units",
                                    "责任调整:{}",
                                    "Responsibility changed: {}",
                                    t.title
                                ),
                                Msg::new(
                                    "units",
                                    format!(
                                        "本单位在该任务中的职责由“{}”调整为“{}”。",
                                        part_zh(&r.part),
                                        part_zh(&u.part)
                                    ),
                                    format!(
                                        "Your unit's part in this task changed from {} to {}.",
                                        part_en(&r.part),
                                        part_en(&u.part)
                                    ),
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
                        let email = email.clone();
                        let base = NewUnit::new(u.org_id, &u.part);
                        let new = NewUnit {
                            person,
                            email,
                            phone,
                            added_on,
                            ..base
                        };
                        add_unit(&txn, id, new).await?;
                    }
                    if assigned {
                        let mut body = if u.part == "coop" {
                            msg!("units", "", "")
                        } else {
                            assigned_body(today + chrono::Duration::days(rules.sign_days), t.due)
                        };
                        body.zh = format!(
                            "本单位被调整为该任务的{}单位。{}",
                            part_zh(&u.part),
                            body.zh
                        );
                        body.en = format!(
                            "Your unit is now a {} unit of this task. {}",
                            part_en(&u.part),
                            body.en
                        );
                        notes.push((u.org_id, assigned_title(&t.title), body, email));
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
                    msg!(
                        "units",
                        "责任调整:{}",
                        "Responsibility changed: {}",
                        t.title
                    ),
                    msg!(
                        "units",
                        "本单位不再承担该任务,此前的办理记录予以保留。",
                        "Your unit no longer carries this task; its records so far are kept."
                    ),
                    r.email.clone(),
                ));
            } else {
                sv_unit::Entity::delete_by_id(r.id).exec(&txn).await?;
            }
        }
        if changes.is_empty() {
            txn.rollback().await?;
            return self.task(actor, today, id).await;
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
        let (at, day, progress) = (crate::now(), today, None);
        let ev = NewEvent {
            task_id: id,
            kind: "units",
            at,
            day,
            progress,
            text: text.clone(),
        };
        record_event(&txn, actor, ev).await?;
        for (org_id, title, body, email) in notes {
            notify(&txn, org_id, Some(id), "units", title, body, email).await?;
        }
        let after_units = sv_unit::Entity::find()
            .filter(sv_unit::Column::TaskId.eq(id))
            .order_by_asc(sv_unit::Column::Id)
            .all(&txn)
            .await?;
        txn.changed("units", "sv_task", id, &serde_json::json!({"joint": t.joint, "units": all}), &serde_json::json!({
                "joint": after_task.joint, "units": after_units, "changes": changes, "reason": reason
            }));
        txn.commit().await?;
        self.task(actor, today, id).await
    }
}
