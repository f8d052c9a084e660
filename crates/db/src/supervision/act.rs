//! The supervision loop (办理流程): one step of a task by its units or coordinator.

use super::*;

impl crate::Supervision<'_> {
    /// One step of the loop, in one transaction with its audit event and notifications.
    pub async fn act(
        &self,
        actor: &Actor,
        today: NaiveDate,
        id: i64,
        input: &ActIn,
    ) -> Result<TaskDetail> {
        let (t, units) = self.visible_task(actor, id).await?;
        let mut errs = BTreeMap::new();
        let text = input.text.clone().unwrap_or_default().trim().to_string();
        if text.chars().count() > 4000 {
            errs.insert("text".into(), crate::common::too_long(4000));
        }
        match input.action {
            Action::Report => {
                match input.progress {
                    Some(p) if p.is_finite() && (0.0..=100.0).contains(&p) => {}
                    _ => {
                        errs.insert(
                            "progress".into(),
                            msg!(
                                "out_of_range",
                                "进度须为 0–100",
                                "Must be between 0 and 100"
                            ),
                        );
                    }
                }
                if text.is_empty() {
                    errs.insert(
                        "text".into(),
                        msg!("required", "请填写进展情况", "Describe the progress"),
                    );
                }
            }
            Action::RequestClose | Action::SendBack | Action::Reopen if text.is_empty() => {
                errs.insert(
                    "text".into(),
                    match input.action {
                        Action::RequestClose => msg!(
                            "required",
                            "请填写办结情况",
                            "Describe how the task was completed"
                        ),
                        _ => msg!("required", "请填写理由", "Give a reason"),
                    },
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
                    msg!(
                        "invalid_choice",
                        "节点 {m} 不属于该任务",
                        "Milestone {m} does not belong to this task"
                    ),
                );
            }
        }
        Error::check(errs)?;
        let step =
            sv::step(standing(actor, &t, &units), input.action, status_of(&t)).map_err(refused)?;
        let (next, contribution) = (step.next, step.contribution);
        // 签收 names the unit's responsible person: given now, or set on the unit before.
        let mine = units.iter().find(|u| u.org_id == actor.org_id);
        let given = |p: Option<&String>| p.map(|p| p.trim().to_string()).filter(|p| !p.is_empty());
        let person =
            given(input.person.as_ref()).or_else(|| given(mine.and_then(|u| u.person.as_ref())));
        if input.action == Action::Sign && person.is_none() {
            return Err(Error::invalid(
                "person",
                msg!("required", "请填写责任人", "Name the responsible person"),
            ));
        }
        if input.action == Action::Assign && !units.iter().any(|u| u.part != "coop") {
            return Err(Error::invalid(
                "units",
                msg!(
                    "required",
                    "任务没有牵头单位,不能交办",
                    "The task has no lead unit, so it cannot be assigned"
                ),
            ));
        }
        let rules = self.rules(&t.region_code).await?;
        let mut txn = self.begin_write(actor).await?;
        let now = crate::now();
        let before = t.clone();
        let mut am = t.clone().into_active_model();
        am.status = Set(next.as_str().into());
        am.updated_at = Set(now);
        let kind = step.event_kind();
        let lead_orgs: Vec<&sv_unit::Model> = units.iter().filter(|u| u.part != "coop").collect();
        let mut notes: Vec<(i64, Msg, Msg, Option<String>)> = Vec::new();
        match (input.action, contribution) {
            (Action::Assign, _) => {
                am.assigned_on = Set(Some(today));
                for u in &units {
                    notes.push((
                        u.org_id,
                        assigned_title(&t.title),
                        assigned_body(today + chrono::Duration::days(rules.sign_days), t.due),
                        u.email.clone(),
                    ));
                }
            }
            (Action::Sign, _) => {
                am.signed_on = Set(Some(today));
                if let (Some(p), Some(u)) = (given(input.person.as_ref()), mine) {
                    let mut uam = u.clone().into_active_model();
                    uam.person = Set(Some(p));
                    uam.update(&txn).await?;
                }
                let unit = org::Entity::find_by_id(actor.org_id)
                    .one(&txn)
                    .await?
                    .map_or_else(|| actor.username.clone(), |o| o.name);
                let who = format!("{unit}({})", person.clone().unwrap_or_default());
                notes.push((
                    t.owner_org_id,
                    msg!("sign", "已签收:{}", "Signed: {}", t.title),
                    msg!("sign", "{who}于 {today} 签收", "Signed by {who} on {today}"),
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
                    msg!(
                        "request_close",
                        "办结申请:{}",
                        "Close requested: {}",
                        t.title
                    ),
                    Msg::new("request_close", text.clone(), text.clone()),
                    None,
                ));
            }
            (Action::Approve, _) => {
                am.closed_on = Set(Some(today));
                am.progress = Set(Some(100.0));
                for u in &lead_orgs {
                    notes.push((
                        u.org_id,
                        msg!("approve", "已销号:{}", "Closed: {}", t.title),
                        msg!(
                            "approve",
                            "办结申请于 {today} 审核通过",
                            "The close request was approved on {today}"
                        ),
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
                        if input.action == Action::SendBack {
                            msg!(
                                "send_back",
                                "办结申请退回:{}",
                                "Close request sent back: {}",
                                t.title
                            )
                        } else {
                            msg!("reopen", "任务重新打开:{}", "Task reopened: {}", t.title)
                        },
                        Msg::new(kind, text.clone(), text.clone()),
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
        let progress = if input.action == Action::Report && !contribution {
            input.progress
        } else {
            None
        };
        let (at, day, text) = (now, today, text.clone());
        let ev = NewEvent {
            task_id: id,
            kind,
            at,
            day,
            progress,
            text,
        };
        let ev = record_event(&txn, actor, ev).await?;
        for (org_id, title, body, email) in notes {
            notify(&txn, org_id, Some(id), kind, title, body, email).await?;
        }
        let l = load(&txn, &[id]).await?;
        let f = facts(&after, &l);
        let (after, _) = record_colour(&txn, after, &f, &rules, today, false).await?;
        let mut snap = serde_json::to_value(&after).unwrap_or_default();
        snap["event"] = serde_json::to_value(&ev).unwrap_or_default();
        txn.audit(kind, "sv_task", id, audit::snap(&before), Some(snap));
        txn.commit().await?;
        self.task(actor, today, id).await
    }
}
