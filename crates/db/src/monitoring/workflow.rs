//! The assignment workflow (报送与审核): submit, then approve, return or accept.

use super::*;
use innocity_monitor::workflow::Refusal;

/// The caller's relation to an assignment.
pub(super) fn standing(actor: &Actor, a: &form_assignment::Model) -> wf::Standing {
    wf::Standing {
        role: actor.role,
        own_org: a.org_id == actor.org_id,
    }
}

/// The assignment's state (None: an unknown code).
pub(super) fn state_of(a: &form_assignment::Model) -> Option<State> {
    State::parse(&a.status)
}

/// A refusal as the storage error: `Forbidden` for a denial, else a conflict with its code.
pub(super) fn refused(r: Refusal) -> Error {
    let m = Msg::new(r.code(), r.message_zh(), r.message_en());
    match r {
        Refusal::Denied(_) => Error::Forbidden(m),
        _ => Error::Conflict(m),
    }
}

/// Asks the pure workflow whether the caller may take `action`; returns the state after it.
pub(super) fn decide(actor: &Actor, a: &form_assignment::Model, action: Action) -> Result<State> {
    let s = standing(actor, a);
    wf::may(s, action).map_err(|d| refused(d.into()))?;
    match state_of(a) {
        Some(from) => wf::decide(s, action, from).map_err(refused),
        // An unknown stored code: refused like a state the action does not apply to.
        None => {
            let code = &a.status;
            Err(Error::Conflict(msg!(
                if action.fills() {
                    "locked"
                } else {
                    "bad_state"
                },
                "报表状态为 {code}(未知),不能执行此操作",
                "The form has the unknown status {code}: this action is not possible"
            )))
        }
    }
}

impl crate::Monitoring<'_> {
    /// Submits an assignment: every item needs a value or a missing reason, and a
    /// high-importance violation needs a comment on one of its items.
    pub async fn submit(&self, actor: &Actor, id: i64) -> Result<AssignmentDetail> {
        let (a, f) = self.visible_assignment(actor, id).await?;
        let to = decide(actor, &a, Action::Submit)?;
        let detail = self.assignment(actor, id).await?;
        let rows: Vec<wf::RowFacts<'_>> = detail
            .rows
            .iter()
            .map(|r| wf::RowFacts {
                item: &r.item.code,
                filled: r.value.is_some() || r.missing_reason.is_some(),
                commented: r.comment.is_some(),
            })
            .collect();
        let errs = wf::submission_problems(&rows, &detail.violations);
        Error::check(errs)?;
        self.transition_assignment(actor, &a, &f, to, None, Action::Submit)
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
        let mut errs: BTreeMap<String, Msg> = BTreeMap::new();
        check_note(&mut errs, "reason".into(), &reason);
        let action = Action::parse_review(&input.action);
        if action.is_none() {
            errs.insert(
                "action".into(),
                msg!(
                    "invalid_choice",
                    "须为 approve/return/accept/unapprove",
                    "Must be approve, return, accept or unapprove"
                ),
            );
        }
        if action.is_some_and(Action::needs_reason) && reason.is_none() {
            errs.insert(
                "reason".into(),
                msg!(
                    "required",
                    "退回或撤销审核须说明原因",
                    "Give a reason to return or unapprove"
                ),
            );
        }
        let Some(action) = action.filter(|_| errs.is_empty()) else {
            return Err(Error::Invalid(errs));
        };
        let to = decide(actor, &a, action)?;
        self.transition_assignment(actor, &a, &f, to, reason, action)
            .await?;
        self.assignment(actor, id).await
    }

    pub(super) async fn transition_assignment(
        &self,
        actor: &Actor,
        a: &form_assignment::Model,
        f: &data_form::Model,
        to: State,
        reason: Option<String>,
        action: Action,
    ) -> Result<()> {
        let (to, action) = (to.as_str(), action.as_str());
        let mut txn = self.begin_write(actor).await?;
        let now = crate::now();
        let mut m = a.clone().into_active_model();
        m.status = Set(to.into());
        if to == State::Submitted.as_str() {
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
        txn.changed(action, "form_assignment", a.id, a, &after);
        txn.commit().await?;
        Ok(())
    }
}
