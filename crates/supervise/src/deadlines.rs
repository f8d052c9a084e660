//! A task's deadlines: sign, milestones, final and the report deadlines of each period.

use crate::{Cadence, Rules, Status};
use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MilestoneFacts {
    pub id: i64,
    pub due: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

/// What the rules need to know about one task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskFacts {
    pub status: Status,
    pub assigned_on: Option<NaiveDate>,
    pub signed_on: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub milestones: Vec<MilestoneFacts>,
    /// Dates of the progress reports filed, any order.
    pub reports: Vec<NaiveDate>,
    /// The latest reported progress in percent.
    pub progress: Option<f64>,
    /// Date of the pending or approved closing request (None when sent back or re-opened).
    pub close_requested_on: Option<NaiveDate>,
    /// Date the closing was approved (销号), when closed.
    pub closed_on: Option<NaiveDate>,
}

impl TaskFacts {
    pub fn sign_due(&self, r: &Rules) -> Option<NaiveDate> {
        self.assigned_on.map(|a| a + Duration::days(r.sign_days))
    }
}

/// What a deadline is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    Sign,
    Milestone,
    Final,
    Report,
}

impl DeadlineKind {
    pub const ALL: [DeadlineKind; 4] = [
        DeadlineKind::Sign,
        DeadlineKind::Milestone,
        DeadlineKind::Final,
        DeadlineKind::Report,
    ];
    /// The code (as serialised).
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::Sign => "sign",
            DeadlineKind::Milestone => "milestone",
            DeadlineKind::Final => "final",
            DeadlineKind::Report => "report",
        }
    }
    /// English label, as the English UI shows it.
    pub fn label_en(self) -> &'static str {
        match self {
            DeadlineKind::Sign => "Sign by",
            DeadlineKind::Milestone => "Milestone",
            DeadlineKind::Final => "Final deadline",
            DeadlineKind::Report => "Progress report due",
        }
    }
    /// The label as a message (code: the value's own code).
    pub fn label(self) -> innocity_domain::Msg {
        innocity_domain::Msg::new(self.as_str(), self.label_zh(), self.label_en())
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            DeadlineKind::Sign => "签收时限",
            DeadlineKind::Milestone => "节点时限",
            DeadlineKind::Final => "办结时限",
            DeadlineKind::Report => "进展报送时限",
        }
    }
}

/// One deadline of a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    /// Stable key: `sign`, `final`, `milestone:ID`, `report:YYYY-MM-DD`.
    pub key: String,
    pub kind: DeadlineKind,
    /// The day its window opened: the assignment for the sign, milestone and final
    /// deadlines, the previous report deadline for a report deadline.
    pub from: NaiveDate,
    pub due: NaiveDate,
    /// The day it was met, if it was.
    pub met_on: Option<NaiveDate>,
}

impl Deadline {
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.met_on.is_none() && self.due < today
    }
    /// At least half of its window has passed on `today` (a deadline is not "soon" on the
    /// day it was set, however short its window).
    pub fn half_gone(&self, today: NaiveDate) -> bool {
        2 * (today - self.from).num_days() >= (self.due - self.from).num_days()
    }
    /// Met on or before the deadline.
    pub fn met_in_time(&self) -> bool {
        self.met_on.is_some_and(|m| m <= self.due)
    }
}

fn last_of_month(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1).map_or(NaiveDate::MAX, |d| d - Duration::days(1))
}

/// The end of the calendar period (month or quarter) containing `d`.
pub fn period_end(c: Cadence, d: NaiveDate) -> NaiveDate {
    match c {
        Cadence::Monthly => last_of_month(d.year(), d.month()),
        Cadence::Quarterly => last_of_month(d.year(), (d.month() - 1) / 3 * 3 + 3),
    }
}

/// Report deadlines up to `until` (inclusive): see the crate documentation.
pub fn report_deadlines(r: &Rules, t: &TaskFacts, until: NaiveDate) -> Vec<NaiveDate> {
    let (Some(_), Some(sign_due)) = (t.assigned_on, t.sign_due(r)) else {
        return vec![];
    };
    let stop = match t.close_requested_on {
        Some(c) => c.min(until),
        None => until,
    };
    let mut out = Vec::new();
    let mut end = period_end(r.cadence, sign_due + Duration::days(1));
    while out.len() < 1000 {
        let due = end + Duration::days(r.report_grace_days);
        // A report deadline exists once its period has ended before the stop day.
        if end >= stop {
            break;
        }
        out.push(due);
        end = period_end(r.cadence, end + Duration::days(1));
    }
    out
}

/// Every deadline of a task as of `today`, with the day each was met.
pub fn deadlines(r: &Rules, t: &TaskFacts, today: NaiveDate) -> Vec<Deadline> {
    let mut out = Vec::new();
    let Some(assigned) = t.assigned_on else {
        return out;
    };
    if let Some(sd) = t.sign_due(r) {
        out.push(Deadline {
            key: "sign".into(),
            kind: DeadlineKind::Sign,
            from: assigned,
            due: sd,
            met_on: t.signed_on,
        });
    }
    for m in &t.milestones {
        out.push(Deadline {
            key: format!("milestone:{}", m.id),
            kind: DeadlineKind::Milestone,
            from: assigned,
            due: m.due,
            met_on: m.done_on,
        });
    }
    if let Some(d) = t.due {
        out.push(Deadline {
            key: "final".into(),
            kind: DeadlineKind::Final,
            from: assigned,
            due: d,
            met_on: t.close_requested_on,
        });
    }
    let mut reports = t.reports.clone();
    reports.sort();
    let horizon = today + Duration::days(400);
    let mut prev = assigned - Duration::days(1);
    for d in report_deadlines(r, t, horizon) {
        let met_on = reports.iter().copied().find(|x| *x > prev && *x <= d);
        // A late report (after the window) satisfies the deadline for warnings, not scoring:
        // `met_on` records the first report after the window start.
        let late = reports.iter().copied().find(|x| *x > prev);
        out.push(Deadline {
            key: format!("report:{d}"),
            kind: DeadlineKind::Report,
            from: (prev + Duration::days(1)).max(assigned),
            due: d,
            met_on: met_on.or(late),
        });
        prev = d;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{d, task};

    #[test]
    fn period_ends() {
        for (cadence, day, end) in [
            (Cadence::Monthly, "2026-02-10", "2026-02-28"),
            (Cadence::Monthly, "2026-12-01", "2026-12-31"),
            (Cadence::Quarterly, "2026-05-01", "2026-06-30"),
            (Cadence::Quarterly, "2026-10-01", "2026-12-31"),
        ] {
            assert_eq!(period_end(cadence, d(day)), d(end), "{day}");
        }
    }

    #[test]
    fn report_deadlines_start_after_the_sign_deadline() {
        let r = Rules::default();
        let t = task(); // sign deadline 01-13 → first period ends 01-31, due 02-05
        let v = report_deadlines(&r, &t, d("2026-03-31"));
        assert_eq!(v, vec![d("2026-02-05"), d("2026-03-05")]);
        // Assigned on the 29th: the sign deadline falls in February.
        let mut late = task();
        late.assigned_on = Some(d("2026-01-29"));
        assert_eq!(
            report_deadlines(&r, &late, d("2026-03-01")),
            vec![d("2026-03-05")]
        );
        let q = Rules {
            cadence: Cadence::Quarterly,
            ..Rules::default()
        };
        assert_eq!(
            report_deadlines(&q, &t, d("2026-12-31")),
            vec![d("2026-04-05"), d("2026-07-05"), d("2026-10-05")]
        );
    }
}
