//! Assignments (填报任务): who sees them, listing, completeness and one assignment's detail.

use super::*;

impl crate::Monitoring<'_> {
    pub(super) fn may_see_assignment(actor: &Actor, a: &form_assignment::Model) -> bool {
        if is_reporter(actor.role) {
            a.org_id == actor.org_id
        } else {
            actor.scope.allows(&a.region_code)
        }
    }

    /// The values of an open assignment are hidden from all but its owners.
    pub(super) fn hidden(actor: &Actor, a: &form_assignment::Model) -> bool {
        state_of(a).is_some_and(|s| standing(actor, a).hidden(s))
    }

    pub(super) async fn visible_assignment(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<(form_assignment::Model, data_form::Model)> {
        let a = form_assignment::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .filter(|a| Self::may_see_assignment(actor, a))
            .ok_or_else(|| {
                Error::not_found(crate::common::not_found("报表分配", "Form assignment"))
            })?;
        let f = data_form::Entity::find_by_id(a.form_id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found(crate::common::not_found("报表", "Form")))?;
        Ok((a, f))
    }

    /// Filled values (a value or a missing reason) per assignment, in one grouped query per
    /// 500 assignments.
    pub(super) async fn filled_counts(&self, ids: &[i64]) -> Result<HashMap<i64, usize>> {
        let mut out = HashMap::new();
        for chunk in ids.chunks(500) {
            let rows: Vec<(Option<i64>, i64)> = observation::Entity::find()
                .select_only()
                .column(observation::Column::AssignmentId)
                .column_as(observation::Column::Id.count(), "n")
                .filter(observation::Column::AssignmentId.is_in(chunk.to_vec()))
                .filter(
                    Condition::any()
                        .add(observation::Column::Value.is_not_null())
                        .add(observation::Column::MissingReason.is_not_null()),
                )
                .group_by(observation::Column::AssignmentId)
                .into_tuple()
                .all(&self.conn)
                .await?;
            for (id, n) in rows {
                if let Some(id) = id {
                    out.insert(id, usize::try_from(n).unwrap_or(0));
                }
            }
        }
        Ok(out)
    }

    pub(super) fn assignment_view(
        actor: &Actor,
        a: &form_assignment::Model,
        f: &data_form::Model,
        names: &Names,
        filled: &HashMap<i64, usize>,
    ) -> AssignmentView {
        let items = json_codes(&a.items);
        let filled = (!Self::hidden(actor, a)).then(|| filled.get(&a.id).copied().unwrap_or(0));
        let submitted_day = a.submitted_at.map(|t| t.format("%Y-%m-%d").to_string());
        let on_time = submitted_day
            .as_ref()
            .map(|d| d.as_str() <= a.due_date.as_str());
        let open = state_of(a).is_some_and(State::open);
        AssignmentView {
            id: a.id,
            form_id: f.id,
            form_name: f.name.clone(),
            year: f.year,
            org_id: a.org_id,
            org_name: names.orgs.get(&a.org_id).cloned().unwrap_or_default(),
            region_code: a.region_code.clone(),
            region_name: names
                .regions
                .get(&a.region_code)
                .cloned()
                .unwrap_or_default(),
            item_count: items.len(),
            filled,
            due_date: a.due_date.clone(),
            status: a.status.clone(),
            submitted_at: a.submitted_at,
            on_time: if open { None } else { on_time },
            overdue: open && today() > a.due_date,
            reason: a.reason.clone(),
            editable: open && standing(actor, a).owns(),
        }
    }

    pub(super) async fn names(&self) -> Result<Names> {
        Ok(Names {
            orgs: org::Entity::find()
                .all(&self.conn)
                .await?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect(),
            regions: region::Entity::find()
                .all(&self.conn)
                .await?
                .into_iter()
                .map(|r| (r.code, r.name))
                .collect(),
        })
    }

    /// Assignments the caller sees ("what is due and by when" for reporters; everything in
    /// scope for coordinators), optionally for one year or form.
    pub async fn assignments(
        &self,
        actor: &Actor,
        year: Option<i32>,
        form_id: Option<i64>,
    ) -> Result<Vec<AssignmentView>> {
        let names = self.names().await?;
        let forms: HashMap<i64, data_form::Model> =
            crate::keyed(data_form::Entity::find().all(&self.conn).await?, |f| f.id);
        let mut q = form_assignment::Entity::find().order_by_asc(form_assignment::Column::DueDate);
        if is_reporter(actor.role) {
            q = q.filter(form_assignment::Column::OrgId.eq(actor.org_id));
        }
        if let Some(f) = form_id {
            q = q.filter(form_assignment::Column::FormId.eq(f));
        }
        let visible: Vec<(form_assignment::Model, &data_form::Model)> = q
            .all(&self.conn)
            .await?
            .into_iter()
            .filter(|a| Self::may_see_assignment(actor, a))
            .filter_map(|a| forms.get(&a.form_id).map(|f| (a, f)))
            .filter(|(_, f)| year.is_none_or(|y| y == f.year))
            .collect();
        let ids: Vec<i64> = visible.iter().map(|(a, _)| a.id).collect();
        let filled = self.filled_counts(&ids).await?;
        Ok(visible
            .iter()
            .map(|(a, f)| Self::assignment_view(actor, a, f, &names, &filled))
            .collect())
    }

    /// Completeness: counts over the assignments the caller sees.
    pub async fn completeness(&self, actor: &Actor, year: Option<i32>) -> Result<Completeness> {
        Ok(summarise(&self.assignments(actor, year, None).await?))
    }

    /// One assignment with its entry rows (previous years beside each value) and violations.
    pub async fn assignment(&self, actor: &Actor, id: i64) -> Result<AssignmentDetail> {
        let (a, f) = self.visible_assignment(actor, id).await?;
        let names = self.names().await?;
        let filled = self.filled_counts(&[a.id]).await?;
        let view = Self::assignment_view(actor, &a, &f, &names, &filled);
        let hidden = Self::hidden(actor, &a);
        let items = self.item_map().await?;
        let codes = json_codes(&a.items);
        let values = self.region_values(actor, &a.region_code, false).await?;
        let current: HashMap<String, observation::Model> = observation::Entity::find()
            .filter(observation::Column::RegionCode.eq(&a.region_code))
            .filter(observation::Column::Year.eq(f.year))
            .filter(observation::Column::ItemCode.is_in(codes.clone()))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|o| (o.item_code.clone(), o))
            .collect();
        let rows = codes
            .iter()
            .filter_map(|c| items.get(c))
            .map(|i| {
                let o = current.get(&i.code).filter(|_| !hidden);
                EntryRow {
                    item: item_view(i),
                    value: o.and_then(|o| o.value),
                    comment: o.and_then(|o| o.comment.clone()),
                    missing_reason: o.and_then(|o| o.missing_reason.clone()),
                    previous: (1..=PREVIOUS_YEARS)
                        .rev()
                        .map(|k| PrevValue {
                            year: f.year - k,
                            value: values.get(&(i.code.clone(), f.year - k)).copied(),
                        })
                        .collect(),
                }
            })
            .collect();
        let violations = if hidden {
            vec![]
        } else {
            self.violations(&items, &codes, &a.region_code, f.year, &values)
                .await?
        };
        Ok(AssignmentDetail {
            assignment: view,
            rows,
            violations,
            hidden,
        })
    }
}
