//! Urging (催办) and the unit's answer (答复).

use super::*;

impl crate::Supervision<'_> {
    /// Issues a 催办 to one unit of the task (coordinators).
    pub async fn urge(
        &self,
        actor: &Actor,
        today: NaiveDate,
        id: i64,
        input: &UrgeIn,
    ) -> Result<TaskDetail> {
        let (t, units) = self.visible_task(actor, id).await?;
        let mut errs = BTreeMap::new();
        let text = check_text(&mut errs, "text", &input.text, 2000);
        if !(1..=30).contains(&input.answer_days) {
            errs.insert(
                "answer_days".into(),
                msg!("out_of_range", "须为 1–30 天", "Must be 1 to 30 days"),
            );
        }
        let unit = units.iter().find(|u| u.org_id == input.org_id);
        if unit.is_none() {
            errs.insert(
                "org_id".into(),
                msg!(
                    "invalid_choice",
                    "该单位不是本任务的责任单位",
                    "This unit is not one of the task's units"
                ),
            );
        }
        Error::check(errs)?;
        sv::on_task(standing(actor, &t, &units), TaskOp::Urge, status_of(&t)).map_err(refused)?;
        let mut txn = self.begin_write(actor).await?;
        let due = today + chrono::Duration::days(input.answer_days);
        let u = sv_urge::ActiveModel {
            task_id: Set(id),
            org_id: Set(input.org_id),
            text: Set(text.clone()),
            issued_at: Set(crate::now()),
            issued_on: Set(today),
            issued_by: Set(actor.username.clone()),
            answer_due: Set(due),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        notify(
            &txn,
            input.org_id,
            Some(id),
            "urge",
            msg!("urge", "催办:{}", "Urged: {}", t.title),
            msg!(
                "urge",
                "{text}(请于 {due} 前答复)",
                "{text} (answer by {due})"
            ),
            unit.and_then(|u| u.email.clone()),
        )
        .await?;
        txn.added("create", "sv_urge", u.id, &u);
        txn.commit().await?;
        self.task(actor, today, id).await
    }

    /// The urged unit answers its 催办.
    pub async fn answer(
        &self,
        actor: &Actor,
        today: NaiveDate,
        urge_id: i64,
        text: &str,
    ) -> Result<TaskDetail> {
        let nf = || Error::not_found(crate::common::not_found("催办", "Urge"));
        let u = sv_urge::Entity::find_by_id(urge_id)
            .one(&self.conn)
            .await?
            .ok_or_else(nf)?;
        let (t, units) = self
            .visible_task(actor, u.task_id)
            .await
            .map_err(|_| nf())?;
        let mut errs = BTreeMap::new();
        let text = check_text(&mut errs, "text", text, 4000);
        Error::check(errs)?;
        let op = TaskOp::Answer {
            urged: u.org_id == actor.org_id,
            answered: u.answered_on.is_some(),
        };
        sv::on_task(standing(actor, &t, &units), op, status_of(&t)).map_err(refused)?;
        let mut txn = self.begin_write(actor).await?;
        let mut am = u.clone().into_active_model();
        am.answer = Set(Some(text.clone()));
        am.answered_on = Set(Some(today));
        am.answered_by = Set(Some(actor.username.clone()));
        let after = am.update(&txn).await?;
        notify(
            &txn,
            t.owner_org_id,
            Some(t.id),
            "answer",
            msg!("answer", "催办答复:{}", "Answer to an urge: {}", t.title),
            Msg::new("answer", text.clone(), text),
            None,
        )
        .await?;
        txn.changed("update", "sv_urge", u.id, &u, &after);
        txn.commit().await?;
        self.task(actor, today, t.id).await
    }
}
