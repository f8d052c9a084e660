//! Supervision tasks made from a saved plan's tasks (从方案生成督办任务).

use super::*;

impl crate::Supervision<'_> {
    /// Creates supervised tasks from an imported plan's tasks (skipping tasks already taken
    /// over and tasks without a responsible unit), optionally assigning them at once.
    pub async fn from_plan(
        &self,
        actor: &Actor,
        today: NaiveDate,
        input: &FromPlanIn,
    ) -> Result<FromPlanOut> {
        let mut errs = BTreeMap::new();
        let due = input
            .due
            .as_deref()
            .filter(|s| !s.is_empty())
            .and_then(|s| parse_day(&mut errs, "due", s));
        if due.is_some_and(|d| d < today) {
            errs.insert(
                "due".into(),
                msg!(
                    "out_of_range",
                    "时限不能早于今天",
                    "The deadline cannot be before today"
                ),
            );
        }
        let p = plan::Entity::find_by_id(input.plan_id)
            .one(&self.conn)
            .await?;
        let part = match &p {
            Some(p) => participant::Entity::find_by_id(p.participant_id)
                .one(&self.conn)
                .await?
                .filter(|x| actor.scope.allows(&x.region_code)),
            None => None,
        };
        let (Some(p), Some(part)) = (p, part) else {
            errs.insert(
                "plan_id".into(),
                crate::common::not_in_scope("实施方案", "Plan"),
            );
            return Err(Error::Invalid(errs));
        };
        let tasks = plan_task::Entity::find()
            .filter(plan_task::Column::PlanId.eq(p.id))
            .order_by_asc(plan_task::Column::Seq)
            .all(&self.conn)
            .await?;
        if let Some(ids) = &input.task_ids {
            let known: HashSet<i64> = tasks.iter().map(|t| t.id).collect();
            if ids.is_empty() {
                errs.insert(
                    "task_ids".into(),
                    msg!("required", "请选择任务", "Choose a task"),
                );
            }
            for (i, id) in ids.iter().enumerate() {
                if !known.contains(id) {
                    errs.insert(
                        format!("task_ids[{i}]"),
                        msg!(
                            "invalid_choice",
                            "任务 {id} 不属于该方案",
                            "Task {id} does not belong to this plan"
                        ),
                    );
                }
            }
        }
        Error::check(errs)?;
        sv::may_manage(actor.role, sv::Manage::AssignPlan).map_err(denied)?;
        let taken: HashSet<i64> = sv_task::Entity::find()
            .filter(sv_task::Column::PlanId.eq(p.id))
            .all(&self.conn)
            .await?
            .into_iter()
            .filter_map(|t| t.plan_task_id)
            .collect();
        let units = task_unit::Entity::find()
            .filter(task_unit::Column::TaskId.is_in(tasks.iter().map(|t| t.id)))
            .order_by_asc(task_unit::Column::Id)
            .all(&self.conn)
            .await?;
        let rules = Self::rules_in(&self.conn, &part.region_code).await?;
        let mut txn = self.begin_write(actor).await?;
        let mut skipped = BTreeMap::new();
        let mut ids = Vec::new();
        let now = crate::now();
        for pt in tasks
            .iter()
            .filter(|t| input.task_ids.as_ref().is_none_or(|v| v.contains(&t.id)))
        {
            if taken.contains(&pt.id) {
                skipped.insert(
                    pt.id,
                    msg!(
                        "already_taken_over",
                        "已转为督办任务",
                        "Already a supervision task"
                    ),
                );
                continue;
            }
            let us: Vec<&task_unit::Model> = units.iter().filter(|u| u.task_id == pt.id).collect();
            if !us.iter().any(|u| u.role == "lead" || u.role == "joint") {
                skipped.insert(pt.id, msg!("no_lead_unit", "没有牵头单位", "No lead unit"));
                continue;
            }
            let status = if input.assign {
                Status::Assigned
            } else {
                Status::Draft
            };
            let t = sv_task::ActiveModel {
                participant_id: Set(part.id),
                region_code: Set(part.region_code.clone()),
                plan_id: Set(Some(p.id)),
                plan_task_id: Set(Some(pt.id)),
                parent_id: Set(None),
                number: Set(pt.number.clone()),
                title: Set(pt.title.clone()),
                description: Set(pt.resp_text.clone()),
                joint: Set(pt.joint),
                due: Set(due),
                status: Set(status.as_str().into()),
                assigned_on: Set(input.assign.then_some(today)),
                ..new_task(actor, now)
            }
            .insert(&txn)
            .await?;
            for u in us {
                add_unit(&txn, t.id, NewUnit::new(u.org_id, &u.role)).await?;
                if input.assign {
                    notify(
                        &txn,
                        u.org_id,
                        Some(t.id),
                        "assign",
                        assigned_title(&t.title),
                        assigned_body(today + chrono::Duration::days(rules.sign_days), due),
                        None,
                    )
                    .await?;
                }
            }
            if input.assign {
                let (at, day, progress, text) = (now, today, None, String::new());
                let ev = NewEvent {
                    task_id: t.id,
                    kind: "assign",
                    at,
                    day,
                    progress,
                    text,
                };
                record_event(&txn, actor, ev).await?;
            }
            let f = TaskFacts {
                status,
                assigned_on: t.assigned_on,
                signed_on: None,
                due,
                milestones: vec![],
                reports: vec![],
                progress: None,
                close_requested_on: None,
                closed_on: None,
            };
            record_colour(&txn, t.clone(), &f, &rules, today, true).await?;
            ids.push(t.id);
        }
        txn.audit("create", "sv_task", format!("plan:{}", p.id), None, Some(serde_json::json!({
                "plan_id": p.id, "created": ids, "skipped": skipped, "due": due, "assign": input.assign
            })));
        txn.commit().await?;
        let all = self.tasks(actor, today, &TaskFilter::default()).await?;
        Ok(FromPlanOut {
            created: all.into_iter().filter(|t| ids.contains(&t.id)).collect(),
            skipped,
        })
    }
}
