//! Notifications (通知), the daily reminder run (提醒) and the mail queue (邮件队列).

use super::*;

impl crate::Supervision<'_> {
    /// The notification centre: notifications to the caller's organisation, newest first.
    pub async fn notifications(
        &self,
        actor: &Actor,
        unread: bool,
    ) -> Result<Vec<NotificationView>> {
        let mut q =
            sv_notification::Entity::find().filter(sv_notification::Column::OrgId.eq(actor.org_id));
        if unread {
            q = q.filter(sv_notification::Column::ReadAt.is_null());
        }
        Ok(q.order_by_desc(sv_notification::Column::Id)
            .all(&self.conn)
            .await?
            .into_iter()
            .take(200)
            .map(NotificationView::from)
            .collect())
    }

    /// Marks notifications of the caller's organisation read; returns how many changed.
    pub async fn read(&self, actor: &Actor, ids: &[i64]) -> Result<usize> {
        if ids.is_empty() || ids.len() > 500 {
            return Err(Error::invalid(
                "ids",
                msg!(
                    "out_of_range",
                    "请选择 1–500 条通知",
                    "Choose 1 to 500 notifications"
                ),
            ));
        }
        let found = sv_notification::Entity::find()
            .filter(sv_notification::Column::Id.is_in(ids.iter().copied()))
            .filter(sv_notification::Column::OrgId.eq(actor.org_id))
            .all(&self.conn)
            .await?;
        if found.len() != ids.iter().collect::<HashSet<_>>().len() {
            return Err(Error::not_found(crate::common::not_found(
                "通知",
                "Notification",
            )));
        }
        let unread: Vec<_> = found.into_iter().filter(|n| n.read_at.is_none()).collect();
        if unread.is_empty() {
            return Ok(0);
        }
        let mut txn = self.begin_write(actor).await?;
        let now = crate::now();
        for n in &unread {
            let mut am = n.clone().into_active_model();
            am.read_at = Set(Some(now));
            am.read_by = Set(Some(actor.username.clone()));
            am.update(&txn).await?;
        }
        let ids: Vec<i64> = unread.iter().map(|n| n.id).collect();
        txn.audit(
            "read",
            "sv_notification",
            ids.iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(","),
            Some(serde_json::json!({"ids": ids, "read_at": null})),
            Some(serde_json::json!({"ids": ids, "read_at": now, "read_by": actor.username})),
        );
        txn.commit().await?;
        Ok(unread.len())
    }

    /// The daily job: records colour changes and sends the due reminders (never the same one
    /// twice), in one transaction with one audit event.
    pub async fn remind(&self, today: NaiveDate) -> Result<RemindReport> {
        let actor = Actor::system();
        let mut txn = self.begin_write(&actor).await?;
        let tasks = sv_task::Entity::find()
            .filter(sv_task::Column::Status.is_in([
                Status::Assigned.as_str(),
                Status::Signed.as_str(),
                Status::Closing.as_str(),
            ]))
            .order_by_asc(sv_task::Column::Id)
            .all(&txn)
            .await?;
        let ids: Vec<i64> = tasks.iter().map(|t| t.id).collect();
        let l = load(&txn, &ids).await?;
        let sent: HashSet<String> = sv_reminder::Entity::find()
            .filter(sv_reminder::Column::TaskId.is_in(ids.iter().copied()))
            .all(&txn)
            .await?
            .into_iter()
            .map(|r| r.uniq)
            .collect();
        let mut rep = RemindReport {
            today: Some(today),
            tasks: tasks.len(),
            ..Default::default()
        };
        let mut rules_cache: HashMap<String, Rules> = HashMap::new();
        for t in tasks {
            if !rules_cache.contains_key(&t.region_code) {
                let r = Self::rules_in(&txn, &t.region_code).await?;
                rules_cache.insert(t.region_code.clone(), r);
            }
            let rules = &rules_cache[&t.region_code];
            let f = facts(&t, &l);
            let prefix = format!("{}|", t.id);
            let mine: HashSet<String> = sent
                .iter()
                .filter_map(|k| k.strip_prefix(&prefix).map(str::to_string))
                .collect();
            for r in sv::due_reminders(rules, &f, today, &mine) {
                sv_reminder::ActiveModel {
                    task_id: Set(t.id),
                    uniq: Set(format!("{prefix}{}", r.key)),
                    key: Set(r.key.clone()),
                    day: Set(today),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                let when = match r.offset_days {
                    n if n < 0 => {
                        let n = -n;
                        msg!("due_soon", "还有 {n} 天到期", "due in {n} days")
                    }
                    0 => msg!("due_today", "今天到期", "due today"),
                    n => msg!("overdue", "已逾期 {n} 天", "{n} days overdue"),
                };
                let (kind, due, title) = (r.deadline.kind, r.deadline.due, &t.title);
                for u in l
                    .units
                    .get(&t.id)
                    .into_iter()
                    .flatten()
                    .filter(|u| u.part != "coop")
                {
                    let n = notify(
                        &txn,
                        u.org_id,
                        Some(t.id),
                        "remind",
                        Msg::new(
                            "remind",
                            format!("提醒:{}{}", kind.label_zh(), when.zh),
                            format!("Reminder: {}, {}", kind.label_en(), when.en),
                        ),
                        Msg::new(
                            "remind",
                            format!("任务“{title}”的{}为 {due}。", kind.label_zh()),
                            format!("{} of the task “{title}”: {due}.", kind.label_en()),
                        ),
                        u.email.clone(),
                    )
                    .await?;
                    rep.reminders.push(Sent {
                        notification_id: n.id,
                        task_id: t.id,
                        org_id: u.org_id,
                        key: r.key.clone(),
                        email: n.email,
                    });
                }
            }
            let (_, changed) = record_colour(&txn, t, &f, rules, today, false).await?;
            rep.colour_changes += changed as usize;
        }
        txn.audit("remind", "sv_task", today, None, Some(serde_json::json!({
                "tasks": rep.tasks, "colour_changes": rep.colour_changes, "reminders": rep.reminders.len()
            })));
        txn.commit().await?;
        Ok(rep)
    }

    /// Notifications with an address that were not e-mailed yet.
    pub async fn pending_mail(&self) -> Result<Vec<Mail>> {
        Ok(sv_notification::Entity::find()
            .filter(sv_notification::Column::Email.is_not_null())
            .filter(sv_notification::Column::EmailedAt.is_null())
            .order_by_asc(sv_notification::Column::Id)
            .all(&self.conn)
            .await?
            .into_iter()
            .filter_map(|n| {
                Some(Mail {
                    notification_id: n.id,
                    to: n.email?,
                    subject: n.title,
                    body: n.body,
                })
            })
            .collect())
    }

    /// Records that a notification was e-mailed.
    pub async fn mark_mailed(&self, notification_id: i64) -> Result<()> {
        if let Some(n) = sv_notification::Entity::find_by_id(notification_id)
            .one(&self.conn)
            .await?
        {
            let mut am = n.into_active_model();
            am.emailed_at = Set(Some(crate::now()));
            am.update(&self.writer).await?;
        }
        Ok(())
    }
}
