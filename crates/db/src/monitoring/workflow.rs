//! The assignment workflow (报送与审核): submit, then approve, return or accept.

use super::*;

impl crate::Monitoring<'_> {
    /// Submits an assignment: every item needs a value or a missing reason, and a
    /// high-importance violation needs a comment on one of its items.
    pub async fn submit(&self, actor: &Actor, id: i64) -> Result<AssignmentDetail> {
        let (a, f) = self.visible_assignment(actor, id).await?;
        if !Self::owns(actor, &a) {
            return Err(Error::Forbidden("只有填报机构可以提交本报表".into()));
        }
        if !matches!(a.status.as_str(), DRAFT | RETURNED) {
            return Err(Error::Conflict {
                code: "bad_state",
                message: format!("报表状态为 {},不能提交", status_label(&a.status)),
            });
        }
        let detail = self.assignment(actor, id).await?;
        let mut errs = BTreeMap::new();
        for r in &detail.rows {
            if r.value.is_none() && r.missing_reason.is_none() {
                errs.insert(
                    format!("values.{}", r.item.code),
                    "请填写数值或缺失原因".into(),
                );
            }
        }
        let commented: HashSet<&str> = detail
            .rows
            .iter()
            .filter(|r| r.comment.is_some())
            .map(|r| r.item.code.as_str())
            .collect();
        for v in detail
            .violations
            .iter()
            .filter(|v| v.importance == Importance::High)
        {
            if !v.items.iter().any(|i| commented.contains(i.as_str())) {
                let key = v.items.first().cloned().unwrap_or_default();
                errs.insert(
                    format!("values.{key}"),
                    format!("{} — 请修正或在备注中说明", v.message),
                );
            }
        }
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        self.transition_assignment(actor, &a, &f, SUBMITTED, None, "submit")
            .await?;
        self.assignment(actor, id).await
    }

    /// Reviews an assignment: approve or return (coordinators, admins), accept (the level
    /// above: reviewers, admins), unapprove (coordinators, admins; needs a reason).
    pub async fn review(
        &self,
        actor: &Actor,
        id: i64,
        input: &ReviewIn,
    ) -> Result<AssignmentDetail> {
        let (a, f) = self.visible_assignment(actor, id).await?;
        let reason = clean(&input.reason);
        let mut errs = BTreeMap::new();
        check_note(&mut errs, "reason".into(), &reason);
        let (from, to, who): (&[&str], &str, bool) = match input.action.as_str() {
            "approve" => (&[SUBMITTED], APPROVED, is_manager(actor.role)),
            "return" => (&[SUBMITTED], RETURNED, is_manager(actor.role)),
            "accept" => (
                &[APPROVED],
                ACCEPTED,
                matches!(actor.role, Role::Admin | Role::Reviewer),
            ),
            "unapprove" => (&[APPROVED, ACCEPTED], RETURNED, is_manager(actor.role)),
            _ => {
                errs.insert(
                    "action".into(),
                    "须为 approve/return/accept/unapprove".into(),
                );
                (&[], "", false)
            }
        };
        if matches!(input.action.as_str(), "return" | "unapprove") && reason.is_none() {
            errs.insert("reason".into(), "退回或撤销审核须说明原因".into());
        }
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        if !who {
            return Err(Error::Forbidden("无权审核本报表".into()));
        }
        if !from.contains(&a.status.as_str()) {
            return Err(Error::Conflict {
                code: "bad_state",
                message: format!("报表状态为 {},不能执行此操作", status_label(&a.status)),
            });
        }
        self.transition_assignment(actor, &a, &f, to, reason, &input.action)
            .await?;
        self.assignment(actor, id).await
    }

    pub(super) async fn transition_assignment(
        &self,
        actor: &Actor,
        a: &form_assignment::Model,
        f: &data_form::Model,
        to: &str,
        reason: Option<String>,
        action: &str,
    ) -> Result<()> {
        let mut txn = self.begin_write(actor).await?;
        let now = crate::now();
        let mut m = a.clone().into_active_model();
        m.status = Set(to.into());
        if to == SUBMITTED {
            m.submitted_at = Set(Some(now));
            m.submitted_by = Set(actor.user_id);
        } else {
            m.decided_at = Set(Some(now));
            m.decided_by = Set(actor.user_id);
        }
        if reason.is_some() {
            m.reason = Set(reason.clone());
        }
        let after = m.update(&txn).await?;
        let codes = json_codes(&a.items);
        let obs = observation::Entity::find()
            .filter(observation::Column::RegionCode.eq(&a.region_code))
            .filter(observation::Column::Year.eq(f.year))
            .filter(observation::Column::ItemCode.is_in(codes))
            .all(&txn)
            .await?;
        for o in obs {
            let old = o.status.clone();
            let value = o.value;
            let mut om = o.into_active_model();
            om.status = Set(to.into());
            om.assignment_id = Set(Some(a.id));
            let o = om.update(&txn).await?;
            history(
                &txn,
                actor,
                o.id,
                value,
                value,
                Some(old),
                to,
                reason.clone(),
            )
            .await?;
        }
        txn.audit(
            action,
            "form_assignment",
            a.id,
            audit::snap(a),
            audit::snap(&after),
        );
        txn.commit().await?;
        Ok(())
    }
}
