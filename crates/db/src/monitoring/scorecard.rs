//! Target tracking (目标监测): the scorecard of a participant's plan targets and the cockpit.

use super::*;

impl crate::Monitoring<'_> {
    /// The traffic-light scorecard of a participant: every target of its current plan, with
    /// task progress on the system clock's today.
    pub async fn scorecard(
        &self,
        actor: &Actor,
        participant_id: i64,
        approved_only: bool,
    ) -> Result<Scorecard> {
        use innocity_supervise::Clock;
        let today = innocity_supervise::SystemClock.today();
        self.compute_scorecard(actor, participant_id, approved_only, today)
            .await
    }

    /// The participant cockpit: [`Self::scorecard`] on `today`, served from the view cache
    /// while no audited change has happened ([`crate::cache`]).
    pub async fn cockpit(
        &self,
        actor: &Actor,
        participant_id: i64,
        approved_only: bool,
        today: chrono::NaiveDate,
    ) -> Result<Arc<Scorecard>> {
        let key = format!(
            "scorecard:{participant_id}:{approved_only}:{today}:{:?}:{}:{}",
            actor.user_id, actor.role, actor.org_id
        );
        let version = self.data_version().await?;
        let sc = self
            .cache
            .get_or_compute(&key, version, || {
                self.compute_scorecard(actor, participant_id, approved_only, today)
            })
            .await?;
        // The key names the user, whose scope may have changed since (a new organisation).
        if !actor.scope.allows(&sc.region_code) {
            return Err(Error::not_found(crate::common::not_found(
                "参与城市/县",
                "Participant",
            )));
        }
        Ok(sc)
    }

    pub(super) async fn compute_scorecard(
        &self,
        actor: &Actor,
        participant_id: i64,
        approved_only: bool,
        today: chrono::NaiveDate,
    ) -> Result<Scorecard> {
        let part = participant::Entity::find_by_id(participant_id)
            .one(&self.conn)
            .await?
            .filter(|p| actor.scope.allows(&p.region_code))
            .ok_or_else(|| {
                Error::not_found(crate::common::not_found("参与城市/县", "Participant"))
            })?;
        let region_name = region::Entity::find_by_id(part.region_code.clone())
            .one(&self.conn)
            .await?
            .map(|r| r.name)
            .unwrap_or_default();
        let plan = plan::Entity::find()
            .filter(plan::Column::ParticipantId.eq(part.id))
            .filter(plan::Column::Status.eq("current"))
            .order_by_desc(plan::Column::Id)
            .one(&self.conn)
            .await?;
        let targets = match &plan {
            Some(p) => {
                plan_target::Entity::find()
                    .filter(plan_target::Column::PlanId.eq(p.id))
                    .order_by_asc(plan_target::Column::Seq)
                    .all(&self.conn)
                    .await?
            }
            None => vec![],
        };
        let items = self.item_map().await?;
        let data = self.region_data(&part.region_code, approved_only).await?;
        let baseline_year = plan
            .as_ref()
            .and_then(|p| p.doc_date.as_deref())
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse::<i32>().ok())
            .or(part.start_year)
            .map(|y| y - 1);
        let mut rows = Vec::new();
        let mut counts = BTreeMap::new();
        for t in targets {
            let series = t
                .indicator_code
                .as_deref()
                .map(|c| series_of(&items, &data, c))
                .unwrap_or_default();
            let tracking = innocity_monitor::track(
                &TargetSpec {
                    comparator: t.comparator.clone(),
                    value: t.value,
                    value_max: t.value_max,
                    year: t.year,
                    delta: t.delta,
                    baseline_year,
                },
                &series,
            );
            *counts.entry(tracking.status_label.to_string()).or_insert(0) += 1;
            rows.push(ScoreRow {
                target_id: t.id,
                indicator: t.indicator_code,
                indicator_text: t.indicator_text,
                comparator: t.comparator,
                target_value: t.value,
                value_max: t.value_max,
                unit: t.unit,
                target_year: t.year,
                delta: t.delta,
                tracking,
                series: series
                    .into_iter()
                    .map(|(year, v)| PrevValue {
                        year,
                        value: Some(v),
                    })
                    .collect(),
                history: vec![],
            });
        }
        let region_codes: HashSet<String> = region::Entity::find()
            .all(&self.conn)
            .await?
            .into_iter()
            .filter(|r| {
                r.code == part.region_code || r.parent_code.as_deref() == Some(&part.region_code)
            })
            .map(|r| r.code)
            .collect();
        let assignments: Vec<AssignmentView> = self
            .assignments(actor, None, None)
            .await?
            .into_iter()
            .filter(|a| region_codes.contains(&a.region_code))
            .collect();
        let tasks = self
            .supervision()
            .tasks(
                actor,
                today,
                &crate::supervision::TaskFilter {
                    region: Some(part.region_code.clone()),
                    ..Default::default()
                },
            )
            .await?;
        let history = self.target_history(plan.as_ref()).await?;
        for r in &mut rows {
            r.history = history
                .iter()
                .filter(|(k, _)| *k == target_key(r.indicator.as_deref(), &r.indicator_text))
                .map(|(_, h)| h.clone())
                .collect();
            if r.history.len() < 2 {
                r.history.clear();
            }
        }
        Ok(Scorecard {
            participant_id: part.id,
            region_code: part.region_code,
            region_name,
            plan_id: plan.as_ref().map(|p| p.id),
            plan_title: plan.map(|p| p.title),
            approved_only,
            rows,
            counts,
            completeness: summarise(&assignments),
            tasks: TaskProgress::of(tasks.iter().filter(|t| t.participant_id == part.id)),
        })
    }

    /// The targets of a plan's revision chain, oldest revision first, keyed by
    /// [`target_key`]: how each target changed when the plan was revised.
    pub(super) async fn target_history(
        &self,
        plan: Option<&plan::Model>,
    ) -> Result<Vec<(String, TargetRevision)>> {
        let mut chain = Vec::new();
        let mut next = plan.cloned();
        while let Some(p) = next {
            if chain.len() >= 50 {
                break;
            }
            next = match p.previous_plan_id {
                Some(id) => plan::Entity::find_by_id(id).one(&self.conn).await?,
                None => None,
            };
            chain.push(p);
        }
        if chain.len() < 2 {
            return Ok(vec![]);
        }
        chain.reverse();
        let ids: Vec<i64> = chain.iter().map(|p| p.id).collect();
        let targets = plan_target::Entity::find()
            .filter(plan_target::Column::PlanId.is_in(ids))
            .order_by_asc(plan_target::Column::Seq)
            .all(&self.conn)
            .await?;
        let mut out = Vec::new();
        for p in &chain {
            for t in targets.iter().filter(|t| t.plan_id == p.id) {
                out.push((
                    target_key(t.indicator_code.as_deref(), &t.indicator_text),
                    TargetRevision {
                        plan_id: p.id,
                        revision: p.revision,
                        plan_status: p.status.clone(),
                        doc_date: p.doc_date.clone(),
                        comparator: t.comparator.clone(),
                        target_value: t.value,
                        value_max: t.value_max,
                        unit: t.unit.clone(),
                        target_year: t.year,
                    },
                ));
            }
        }
        Ok(out)
    }

    /// The scorecard of the participant of a region code (CLI).
    pub async fn scorecard_for_region(
        &self,
        actor: &Actor,
        region: &str,
        approved_only: bool,
    ) -> Result<Scorecard> {
        let parts = participant::Entity::find()
            .filter(participant::Column::RegionCode.eq(region))
            .all(&self.conn)
            .await?;
        let mut with_plan = None;
        for p in &parts {
            if plan::Entity::find()
                .filter(plan::Column::ParticipantId.eq(p.id))
                .one(&self.conn)
                .await?
                .is_some()
            {
                with_plan = Some(p.id);
                break;
            }
        }
        let id = with_plan.or(parts.first().map(|p| p.id)).ok_or_else(|| {
            Error::not_found(msg!(
                "not_found",
                "地区 {region} 没有参与任何专项",
                "Region {region} takes part in no programme"
            ))
        })?;
        self.scorecard(actor, id, approved_only).await
    }
}
