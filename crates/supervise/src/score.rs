//! Unit scoring over a period and the ranking of units.

use crate::{deadlines, DeadlineKind, Part, Rules, Status, TaskFacts};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One unit's points over a period, with the counts behind them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitScore {
    pub tasks: usize,
    pub on_time_reports: usize,
    pub missed_reports: usize,
    pub overdue_days: i64,
    pub completed: usize,
    pub completed_late: usize,
    pub late_signs: usize,
    pub score: f64,
}

impl UnitScore {
    /// On-time reports over report deadlines passed (None when there were none).
    pub fn timeliness(&self) -> Option<f64> {
        let n = self.on_time_reports + self.missed_reports;
        (n > 0).then(|| self.on_time_reports as f64 / n as f64)
    }
}

/// Adds one task's points for a unit with `part` over `[from, to]` as of `today`.
pub fn score_task(
    r: &Rules,
    t: &TaskFacts,
    part: Part,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    acc: &mut UnitScore,
) {
    let s = &r.score;
    let w = if part == Part::Coop {
        s.coop_weight
    } else {
        1.0
    };
    let to = to.min(today);
    acc.tasks += 1;
    if t.assigned_on.is_none() || from > to {
        return;
    }
    let mut pts = 0.0;
    let reports = {
        let mut v = t.reports.clone();
        v.sort();
        v
    };
    let mut prev = t.assigned_on.map_or(from, |a| a - Duration::days(1));
    for d in deadlines(r, t, today) {
        match d.kind {
            DeadlineKind::Report => {
                let on_time = reports.iter().any(|x| *x > prev && *x <= d.due);
                prev = d.due;
                if d.due < from || d.due > to {
                    continue;
                }
                if on_time {
                    acc.on_time_reports += 1;
                    pts += s.on_time_report;
                } else if d.due < today {
                    acc.missed_reports += 1;
                    pts -= s.missed_report;
                }
            }
            DeadlineKind::Final | DeadlineKind::Milestone => {
                // Overdue days: (due, met_on) exclusive of the meeting day, or up to today.
                let first = (d.due + Duration::days(1)).max(from);
                let last = match d.met_on {
                    Some(m) => (m - Duration::days(1)).min(to),
                    None => to.min(today),
                };
                if last >= first {
                    let n = (last - first).num_days() + 1;
                    acc.overdue_days += n;
                    pts -= s.overdue_day * n as f64;
                }
            }
            DeadlineKind::Sign => {
                if part != Part::Coop
                    && d.due >= from
                    && d.due <= to
                    && d.due < today
                    && !d.met_in_time()
                {
                    acc.late_signs += 1;
                    pts -= s.late_sign;
                }
            }
        }
    }
    if t.status == Status::Closed {
        if let Some(c) = t.closed_on.filter(|c| *c >= from && *c <= to) {
            let in_time = match (t.due, t.close_requested_on) {
                (None, _) => true,
                (Some(d), Some(req)) => req <= d,
                (Some(d), None) => c <= d,
            };
            if in_time {
                acc.completed += 1;
                pts += s.completion;
            } else {
                acc.completed_late += 1;
                pts += s.late_completion;
            }
        }
    }
    acc.score += pts * w;
}

/// A ranked unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranked<K> {
    pub rank: usize,
    pub unit: K,
    pub score: UnitScore,
}

/// Ranks units by score (highest first); equal scores share a rank.
pub fn rank<K: Clone + Ord>(scores: &BTreeMap<K, UnitScore>) -> Vec<Ranked<K>> {
    let mut v: Vec<(&K, &UnitScore)> = scores.iter().collect();
    v.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then_with(|| a.0.cmp(b.0)));
    let mut out: Vec<Ranked<K>> = Vec::with_capacity(v.len());
    for (i, (k, s)) in v.into_iter().enumerate() {
        let rank = match out.last() {
            Some(p) if p.score.score == s.score => p.rank,
            _ => i + 1,
        };
        out.push(Ranked {
            rank,
            unit: k.clone(),
            score: s.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{d, task};
    use crate::{assess, deadlines, Colour, Status};

    /// A unit's score for one task over `from..=to`, as seen on `today`.
    fn scored(
        r: &Rules,
        t: &TaskFacts,
        part: Part,
        from: &str,
        to: &str,
        today: &str,
    ) -> UnitScore {
        let mut s = UnitScore::default();
        score_task(r, t, part, d(from), d(to), d(today), &mut s);
        s
    }

    #[test]
    fn a_report_on_the_due_day_is_on_time() {
        let r = Rules::default();
        let mut t = task();
        t.progress = Some(30.0);
        t.reports = vec![d("2026-02-05")];
        let ds = deadlines(&r, &t, d("2026-02-20"));
        let rep = ds.iter().find(|x| x.key == "report:2026-02-05").unwrap();
        assert!(rep.met_in_time());
        assert_eq!(assess(&r, &t, d("2026-02-20")).colour, Colour::Green);
        let s = scored(&r, &t, Part::Lead, "2026-01-01", "2026-02-28", "2026-02-28");
        assert_eq!((s.on_time_reports, s.missed_reports), (1, 0));
        assert_eq!(s.score, 2.0);
        // One day later is late: yellow until filed, then no on-time points.
        t.reports = vec![];
        assert_eq!(assess(&r, &t, d("2026-02-06")).colour, Colour::Yellow);
        t.reports = vec![d("2026-02-06")];
        assert_eq!(assess(&r, &t, d("2026-02-07")).colour, Colour::Green);
        let s = scored(&r, &t, Part::Lead, "2026-01-01", "2026-02-28", "2026-02-28");
        assert_eq!((s.on_time_reports, s.missed_reports), (0, 1));
        assert_eq!(s.score, -1.0);
    }

    #[test]
    fn no_milestones_and_no_deadline() {
        let r = Rules::default();
        let mut t = task();
        t.due = None;
        t.reports = vec![d("2026-02-01")];
        let a = assess(&r, &t, d("2026-02-20"));
        assert_eq!(a.colour, Colour::Green);
        assert_eq!(a.expected_progress, None);
        let s = scored(&r, &t, Part::Lead, "2026-01-01", "2026-12-31", "2026-02-20");
        assert_eq!(s.overdue_days, 0);
        assert_eq!(s.on_time_reports, 1);
    }

    #[test]
    fn overdue_days_and_completion_points() {
        let r = Rules::default();
        let mut t = task();
        t.due = Some(d("2026-01-31"));
        t.close_requested_on = Some(d("2026-02-05")); // 4 days overdue: 02-01..02-04
        t.closed_on = Some(d("2026-02-06"));
        t.status = Status::Closed;
        let s = scored(&r, &t, Part::Lead, "2026-01-01", "2026-02-28", "2026-03-01");
        assert_eq!(s.overdue_days, 4);
        assert_eq!(s.completed_late, 1);
        // report due 02-05 missed (no report), −1; −4×0.5; +5 late completion
        assert_eq!(s.score, -1.0 - 2.0 + 5.0);
        // The cooperating unit gets half.
        let c = scored(&r, &t, Part::Coop, "2026-01-01", "2026-02-28", "2026-03-01");
        assert_eq!(c.score, s.score * 0.5);
        // A period that ends before the overdue days counts none of them.
        let e = scored(&r, &t, Part::Lead, "2026-01-01", "2026-01-31", "2026-03-01");
        assert_eq!(e.overdue_days, 0);
        assert_eq!(e.completed + e.completed_late, 0);
    }

    #[test]
    fn a_reopened_task_loses_its_completion_and_accrues_overdue_days() {
        let r = Rules::default();
        let mut t = task();
        t.due = Some(d("2026-03-31"));
        t.reports = vec![d("2026-02-01"), d("2026-03-01")];
        t.progress = Some(100.0);
        t.close_requested_on = Some(d("2026-03-20"));
        t.closed_on = Some(d("2026-03-25"));
        t.status = Status::Closed;
        let s = scored(&r, &t, Part::Lead, "2026-01-01", "2026-04-30", "2026-04-10");
        assert_eq!((s.completed, s.overdue_days), (1, 0));
        assert_eq!(s.score, 2.0 * 2.0 + 10.0);
        // Re-opened on 04-02: open again, no closing request, overdue since 04-01.
        t.status = Status::Signed;
        t.close_requested_on = None;
        t.closed_on = None;
        let a = assess(&r, &t, d("2026-04-10"));
        assert_eq!(a.colour, Colour::Red);
        let s = scored(&r, &t, Part::Lead, "2026-01-01", "2026-04-30", "2026-04-10");
        assert_eq!(s.completed, 0);
        assert_eq!(s.overdue_days, 10); // 04-01 ..= 04-10
                                        // Report for March (due 04-05) was missed now that the task is open again.
        assert_eq!(s.missed_reports, 1);
        assert_eq!(s.score, 2.0 * 2.0 - 1.0 - 5.0);
    }

    #[test]
    fn late_sign_costs_lead_units_only() {
        let r = Rules::default();
        let mut t = task();
        t.signed_on = Some(d("2026-01-20"));
        let lead = scored(&r, &t, Part::Lead, "2026-01-01", "2026-01-31", "2026-01-31");
        assert_eq!((lead.late_signs, lead.score), (1, -1.0));
        let coop = scored(&r, &t, Part::Coop, "2026-01-01", "2026-01-31", "2026-01-31");
        assert_eq!((coop.late_signs, coop.score), (0, 0.0));
    }

    #[test]
    fn ranking_shares_ranks_on_ties() {
        let mut m = BTreeMap::new();
        for (k, s) in [("a", 3.0), ("b", 5.0), ("c", 3.0), ("d", -1.0)] {
            m.insert(
                k,
                UnitScore {
                    score: s,
                    ..Default::default()
                },
            );
        }
        let r = rank(&m);
        let v: Vec<(usize, &str)> = r.iter().map(|x| (x.rank, x.unit)).collect();
        assert_eq!(v, vec![(1, "b"), (2, "a"), (2, "c"), (4, "d")]);
    }
}
