//! Reminder scheduling: one due reminder per unmet deadline, never sent twice.

use crate::{deadlines, Deadline, Rules, Status, TaskFacts};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// A reminder to send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reminder {
    /// Unique per task: `DEADLINE_KEY@before:N` or `DEADLINE_KEY@after:N`.
    pub key: String,
    pub deadline: Deadline,
    /// Days relative to the deadline: negative before, positive after.
    pub offset_days: i64,
}

/// The reminders due on `today` for one task, skipping keys in `sent`.
pub fn due_reminders(
    r: &Rules,
    t: &TaskFacts,
    today: NaiveDate,
    sent: &HashSet<String>,
) -> Vec<Reminder> {
    if matches!(t.status, Status::Draft | Status::Closed) {
        return vec![];
    }
    let mut out = Vec::new();
    for d in deadlines(r, t, today) {
        if d.met_on.is_some() {
            continue;
        }
        // A signed task no longer needs sign reminders; a closing task no final reminders.
        let mut slots: Vec<(NaiveDate, i64, String)> = Vec::new();
        for n in &r.remind_before {
            slots.push((
                d.due - Duration::days(*n),
                -n,
                format!("{}@before:{n}", d.key),
            ));
        }
        for n in &r.remind_after {
            slots.push((
                d.due + Duration::days(*n),
                *n,
                format!("{}@after:{n}", d.key),
            ));
        }
        if let Some((_, off, key)) = slots
            .into_iter()
            .filter(|(at, _, _)| *at <= today)
            .max_by_key(|(at, off, _)| (*at, *off))
        {
            if !sent.contains(&key) {
                out.push(Reminder {
                    key,
                    deadline: d.clone(),
                    offset_days: off,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{d, task};

    #[test]
    fn reminders_are_never_sent_twice_and_missed_ones_are_superseded() {
        let r = Rules::default(); // before 7, 1; after 1, 7
        let mut t = task();
        t.status = Status::Assigned;
        t.signed_on = None;
        t.due = None; // only the sign deadline (01-13) and report deadlines
        let mut sent = HashSet::new();
        // 01-06: seven days before the sign deadline.
        let v = due_reminders(&r, &t, d("2026-01-06"), &sent);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].key, "sign@before:7");
        assert_eq!(v[0].offset_days, -7);
        sent.insert(v[0].key.clone());
        assert!(due_reminders(&r, &t, d("2026-01-06"), &sent).is_empty());
        assert!(due_reminders(&r, &t, d("2026-01-07"), &sent).is_empty());
        // The job did not run on 01-12 and 01-14: on 01-15 only the after:1 reminder is due.
        let v = due_reminders(&r, &t, d("2026-01-15"), &sent);
        assert_eq!(
            v.iter().map(|x| x.key.as_str()).collect::<Vec<_>>(),
            ["sign@after:1"]
        );
        sent.insert(v[0].key.clone());
        assert!(due_reminders(&r, &t, d("2026-01-16"), &sent).is_empty());
        // Signed: no more sign reminders.
        t.signed_on = Some(d("2026-01-16"));
        t.status = Status::Signed;
        assert!(due_reminders(&r, &t, d("2026-01-20"), &sent).is_empty());
        // The report deadline 02-05 gets its own reminders.
        let v = due_reminders(&r, &t, d("2026-02-04"), &sent);
        assert_eq!(v[0].key, "report:2026-02-05@before:1");
        // Closed tasks get none.
        t.status = Status::Closed;
        assert!(due_reminders(&r, &t, d("2026-02-04"), &HashSet::new()).is_empty());
    }
}
