//! Reading plans: the list, one plan, its original text and the responsibility matrix (责任矩阵).

use super::*;

impl crate::Plans<'_> {
    pub(super) async fn summary<C: ConnectionTrait>(c: &C, p: plan::Model) -> Result<PlanSummary> {
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
    pub async fn list(
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
            out.push(Self::summary(&self.conn, p).await?);
        }
        Ok(out)
    }

    /// One plan; `org_id` keeps only the tasks that organisation has a part in.
    pub async fn get(&self, actor: &Actor, id: i64, org_id: Option<i64>) -> Result<PlanDetail> {
        let (p, _) = self.visible(actor, id).await?;
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
            revisions.push(Self::summary(&self.conn, x).await?);
        }
        revisions.reverse();
        Ok(PlanDetail {
            plan: Self::summary(&self.conn, p).await?,
            warnings,
            targets,
            tasks,
            phases,
            revisions,
        })
    }

    /// The original text of a plan, verbatim.
    pub async fn text(&self, actor: &Actor, id: i64) -> Result<String> {
        Ok(self.visible(actor, id).await?.0.original_text)
    }

    /// Tasks × organisations with 牵头 / 配合 / 共同 marks.
    pub async fn matrix(&self, actor: &Actor, id: i64) -> Result<Matrix> {
        let d = self.get(actor, id, None).await?;
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
