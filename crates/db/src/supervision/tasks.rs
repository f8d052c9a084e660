//! Creating, listing and reading supervision tasks (督办任务).

use super::*;
use crate::Msg;

impl crate::Supervision<'_> {
    pub(super) async fn visible_task(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<(sv_task::Model, Vec<sv_unit::Model>)> {
        let nf = || Error::not_found(crate::common::not_found("督办任务", "Task"));
        let t = sv_task::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or_else(nf)?;
        let (units, former): (Vec<_>, Vec<_>) = sv_unit::Entity::find()
            .filter(sv_unit::Column::TaskId.eq(id))
            .order_by_asc(sv_unit::Column::Id)
            .all(&self.conn)
            .await?
            .into_iter()
            .partition(|u| u.removed_on.is_none());
        if !visible(actor, &t, &units, &former) {
            return Err(nf());
        }
        Ok((t, units))
    }

    pub(super) async fn check_units(
        &self,
        errs: &mut BTreeMap<String, Msg>,
        units: &[UnitIn],
    ) -> Result<()> {
        if !units
            .iter()
            .any(|u| matches!(Part::parse(&u.part), Some(Part::Lead | Part::Joint)))
        {
            errs.insert(
                "units".into(),
                msg!(
                    "required",
                    "至少需要一个牵头或共同负责单位",
                    "At least one lead or shared-duty unit is needed"
                ),
            );
        }
        if units.len() > 50 {
            errs.insert(
                "units".into(),
                msg!("too_many", "单位过多", "Too many units"),
            );
        }
        let mut seen = HashSet::new();
        for (i, u) in units.iter().enumerate() {
            let f = |n: &str| format!("units[{i}].{n}");
            if Part::parse(&u.part).is_none() {
                errs.insert(f("part"), crate::common::one_of(&["lead", "coop", "joint"]));
            }
            if !seen.insert(u.org_id) {
                errs.insert(
                    f("org_id"),
                    msg!("duplicate", "单位重复", "A unit is listed twice"),
                );
            }
            if org::Entity::find_by_id(u.org_id)
                .one(&self.conn)
                .await?
                .is_none()
            {
                errs.insert(
                    f("org_id"),
                    crate::common::not_found(
                        &format!("机构 {} ", u.org_id),
                        &format!("Organisation {}", u.org_id),
                    ),
                );
            }
            check_contacts(errs, f, &u.person, &u.phone, &u.email);
        }
        Ok(())
    }

    /// Creates a task by hand (or a sub-task of `parent_id`), in draft.
    pub async fn create_task(
        &self,
        actor: &Actor,
        today: NaiveDate,
        input: &TaskIn,
    ) -> Result<TaskDetail> {
        let mut errs = BTreeMap::new();
        let title = check_text(&mut errs, "title", &input.title, 500);
        opt_text(&mut errs, "number", &input.number, 20);
        opt_text(&mut errs, "description", &input.description, 4000);
        let due = input
            .due
            .as_deref()
            .filter(|s| !s.is_empty())
            .and_then(|s| parse_day(&mut errs, "due", s));
        let mut ms = Vec::new();
        if input.milestones.len() > 50 {
            errs.insert(
                "milestones".into(),
                msg!("too_many", "节点过多", "Too many milestones"),
            );
        }
        for (i, m) in input.milestones.iter().enumerate() {
            let t = check_text(&mut errs, &format!("milestones[{i}].title"), &m.title, 200);
            if let Some(d) = parse_day(&mut errs, &format!("milestones[{i}].due"), &m.due) {
                if due.is_some_and(|x| d > x) {
                    errs.insert(
                        format!("milestones[{i}].due"),
                        msg!(
                            "out_of_range",
                            "节点不能晚于任务时限",
                            "A milestone cannot be after the task's deadline"
                        ),
                    );
                }
                ms.push((t, d));
            }
        }
        self.check_units(&mut errs, &input.units).await?;
        let parent = match input.parent_id {
            Some(p) => match self.visible_task(actor, p).await {
                Ok((t, _)) => Some(t),
                Err(_) => {
                    errs.insert(
                        "parent_id".into(),
                        crate::common::not_found("上级任务", "Parent task"),
                    );
                    None
                }
            },
            None => None,
        };
        let part = match (&parent, input.participant_id) {
            (Some(p), _) => {
                participant::Entity::find_by_id(p.participant_id)
                    .one(&self.conn)
                    .await?
            }
            (None, Some(id)) => participant::Entity::find_by_id(id)
                .one(&self.conn)
                .await?
                .filter(|p| actor.scope.allows(&p.region_code)),
            (None, None) => None,
        };
        if part.is_none() && parent.is_none() {
            errs.insert(
                "participant_id".into(),
                crate::common::not_in_scope("参与城市/县", "Participant"),
            );
        }
        Error::check(errs)?;
        sv::may_manage(actor.role, sv::Manage::CreateTask).map_err(denied)?;
        let Some(part) = part else {
            return Err(Error::invalid(
                "participant_id",
                crate::common::not_found("参与城市/县", "Participant"),
            ));
        };
        let mut txn = self.begin_write(actor).await?;
        let now = crate::now();
        let t = sv_task::ActiveModel {
            participant_id: Set(part.id),
            region_code: Set(part.region_code.clone()),
            plan_id: Set(parent.as_ref().and_then(|p| p.plan_id)),
            plan_task_id: Set(None),
            parent_id: Set(parent.as_ref().map(|p| p.id)),
            number: Set(input.number.clone().unwrap_or_default().trim().into()),
            title: Set(title),
            description: Set(input.description.clone().filter(|s| !s.trim().is_empty())),
            joint: Set(input.units.iter().any(|u| u.part == "joint")),
            due: Set(due),
            status: Set(Status::Draft.as_str().into()),
            ..new_task(actor, now)
        }
        .insert(&txn)
        .await?;
        let given = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
        for u in &input.units {
            let (person, email, phone) = (given(&u.person), given(&u.email), given(&u.phone));
            let new = NewUnit {
                person,
                email,
                phone,
                ..NewUnit::new(u.org_id, &u.part)
            };
            add_unit(&txn, t.id, new).await?;
        }
        add_milestones(&txn, t.id, 0, ms).await?;
        let mut snap = serde_json::to_value(&t).unwrap_or_default();
        snap["units"] = serde_json::json!(input.units);
        snap["milestones"] = serde_json::json!(input.milestones);
        txn.audit("create", "sv_task", t.id, None, Some(snap));
        txn.commit().await?;
        self.task(actor, today, t.id).await
    }

    /// Tasks the caller may see, with their live colour, filtered.
    pub async fn tasks(
        &self,
        actor: &Actor,
        today: NaiveDate,
        f: &TaskFilter,
    ) -> Result<Vec<TaskSummary>> {
        let mut q = sv_task::Entity::find();
        if let Some(s) = &actor.scope.regions {
            q = q.filter(sv_task::Column::RegionCode.is_in(s.iter().cloned()));
        }
        if let Some(p) = f.plan_id {
            q = q.filter(sv_task::Column::PlanId.eq(p));
        }
        if let Some(s) = f.status.as_deref().filter(|s| !s.is_empty()) {
            if Status::parse(s).is_none() {
                return Err(Error::invalid(
                    "status",
                    crate::common::unknown("状态", "status"),
                ));
            }
            q = q.filter(sv_task::Column::Status.eq(s));
        }
        let colour = match f.colour.as_deref().filter(|s| !s.is_empty()) {
            Some(c) => Some(Colour::parse(c).ok_or_else(|| {
                Error::invalid("colour", crate::common::unknown("颜色", "colour"))
            })?),
            None => None,
        };
        if let Some(r) = f.region.as_deref().filter(|s| !s.is_empty()) {
            let sub = self.scope_for(Role::CountyReporter, r).await?;
            if let Some(set) = sub.regions {
                q = q.filter(sv_task::Column::RegionCode.is_in(set));
            }
        }
        let tasks = q.order_by_asc(sv_task::Column::Id).all(&self.conn).await?;
        let ids: Vec<i64> = tasks.iter().map(|t| t.id).collect();
        let l = load(&self.conn, &ids).await?;
        let mut rules_cache: HashMap<String, Rules> = HashMap::new();
        let mut out = Vec::new();
        for t in &tasks {
            let units = l.units.get(&t.id).map(Vec::as_slice).unwrap_or(&[]);
            let former = l.former.get(&t.id).map(Vec::as_slice).unwrap_or(&[]);
            if !visible(actor, t, units, former) {
                continue;
            }
            if f.mine && !units.iter().any(|u| u.org_id == actor.org_id) {
                continue;
            }
            if let Some(o) = f.org_id {
                if !units.iter().any(|u| u.org_id == o) {
                    continue;
                }
            }
            if let Some(p) = f.person.as_deref().filter(|s| !s.is_empty()) {
                if !units
                    .iter()
                    .any(|u| u.person.as_deref().is_some_and(|x| x.contains(p)))
                {
                    continue;
                }
            }
            if !rules_cache.contains_key(&t.region_code) {
                let r = Self::rules_in(&self.conn, &t.region_code).await?;
                rules_cache.insert(t.region_code.clone(), r);
            }
            let s = summary(actor, t, &l, &rules_cache[&t.region_code], today);
            if colour.is_some_and(|c| c != s.colour) {
                continue;
            }
            out.push(s);
        }
        Ok(out)
    }

    /// One task with its milestones, loop events, 催办, files, colour history and deadlines.
    pub async fn task(&self, actor: &Actor, today: NaiveDate, id: i64) -> Result<TaskDetail> {
        let (t, units) = self.visible_task(actor, id).await?;
        let l = load(&self.conn, &[id]).await?;
        let rules = self.rules(&t.region_code).await?;
        let s = summary(actor, &t, &l, &rules, today);
        let f = facts(&t, &l);
        let events = sv_event::Entity::find()
            .filter(sv_event::Column::TaskId.eq(id))
            .order_by_asc(sv_event::Column::Id)
            .all(&self.conn)
            .await?;
        let urges_m = sv_urge::Entity::find()
            .filter(sv_urge::Column::TaskId.eq(id))
            .order_by_asc(sv_urge::Column::Id)
            .all(&self.conn)
            .await?;
        let named = urges_m.iter().map(|u| u.org_id);
        let named = named.chain(events.iter().filter_map(|e| e.org_id));
        let org_names: HashMap<i64, String> = org::Entity::find()
            .filter(org::Column::Id.is_in(named.collect::<HashSet<_>>()))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let files = sv_file::Entity::find()
            .filter(sv_file::Column::TaskId.eq(id))
            .order_by_asc(sv_file::Column::Id)
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|f| FileView {
                id: f.id,
                event_id: f.event_id,
                name: f.name,
                content_type: f.content_type,
                size: f.size,
                sha256: f.sha256,
                uploaded_by: f.uploaded_by,
                uploaded_at: f.uploaded_at,
            })
            .collect();
        let colour_history = sv_colour::Entity::find()
            .filter(sv_colour::Column::TaskId.eq(id))
            .order_by_asc(sv_colour::Column::Id)
            .all(&self.conn)
            .await?
            .into_iter()
            .map(ColourChange::from)
            .collect();
        let subtasks = self
            .tasks(actor, today, &TaskFilter::default())
            .await?
            .into_iter()
            .filter(|x| x.parent_id == Some(id))
            .collect();
        let status = status_of(&t);
        let me = standing(actor, &t, &units);
        let allowed = Allowed {
            actions: sv::offered(me, status),
            urge: sv::on_task(me, TaskOp::Urge, status).is_ok(),
            upload: sv::may_on_task(me, TaskOp::Upload).is_ok(),
            answer_urges: urges_m
                .iter()
                .filter(|u| {
                    let op = TaskOp::Answer {
                        urged: u.org_id == actor.org_id,
                        answered: u.answered_on.is_some(),
                    };
                    sv::on_task(me, op, status).is_ok()
                })
                .map(|u| u.id)
                .collect(),
        };
        let urges = urges_m
            .into_iter()
            .map(|u| UrgeView {
                id: u.id,
                org_name: org_names.get(&u.org_id).cloned().unwrap_or_default(),
                org_id: u.org_id,
                text: u.text,
                issued_on: u.issued_on,
                issued_by: u.issued_by,
                answer_due: u.answer_due,
                answer: u.answer,
                answered_on: u.answered_on,
                answered_by: u.answered_by,
            })
            .collect();
        Ok(TaskDetail {
            task: s,
            description: t.description.clone(),
            milestones: l.milestones.get(&id).cloned().unwrap_or_default(),
            events: events
                .into_iter()
                .map(|e| {
                    let unit = e.org_id.and_then(|o| org_names.get(&o));
                    let person = e.org_id.and_then(|o| {
                        units
                            .iter()
                            .find(|u| u.org_id == o)
                            .and_then(|u| u.person.clone())
                    });
                    let who = match (unit, person) {
                        (Some(n), Some(p)) => format!("{n}({p})"),
                        (Some(n), None) => n.clone(),
                        _ => e.username.clone(),
                    };
                    EventView { event: e, who }
                })
                .collect(),
            urges,
            files,
            colour_history,
            deadlines: sv::deadlines(&rules, &f, today),
            subtasks,
            allowed,
        })
    }
}
