//! Warning colours (预警) and the reasons behind them.

use crate::{deadlines, DeadlineKind, Rules, Status, TaskFacts};
use chrono::NaiveDate;
use innocity_domain::{msg, Msg};
use serde::{Deserialize, Serialize};

/// Warning colour (预警): green (none), blue, yellow, red.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Colour {
    Green,
    Blue,
    Yellow,
    Red,
}

impl Colour {
    pub fn as_str(self) -> &'static str {
        match self {
            Colour::Green => "green",
            Colour::Blue => "blue",
            Colour::Yellow => "yellow",
            Colour::Red => "red",
        }
    }
    /// The label as a message (code: the value's own code).
    pub fn label(self) -> innocity_domain::Msg {
        innocity_domain::Msg::new(self.as_str(), self.label_zh(), self.label_en())
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Colour::Green => "正常",
            Colour::Blue => "蓝色预警",
            Colour::Yellow => "黄色预警",
            Colour::Red => "红色预警",
        }
    }
    /// English label, as the English UI shows it.
    pub fn label_en(self) -> &'static str {
        match self {
            Colour::Green => "Normal",
            Colour::Blue => "Blue",
            Colour::Yellow => "Yellow",
            Colour::Red => "Red",
        }
    }
    pub fn parse(s: &str) -> Option<Colour> {
        [Colour::Green, Colour::Blue, Colour::Yellow, Colour::Red]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// A colour with the reasons that produced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub colour: Colour,
    pub reasons: Vec<Msg>,
    /// Time-based expected progress in percent, when the task has a final deadline.
    pub expected_progress: Option<f64>,
}

/// Time-based expected progress on `today` (None without a final deadline).
pub fn expected_progress(t: &TaskFacts, today: NaiveDate) -> Option<f64> {
    let (a, d) = (t.assigned_on?, t.due?);
    let span = (d - a).num_days();
    if span <= 0 {
        return Some(100.0);
    }
    let done = (today - a).num_days().clamp(0, span);
    Some(100.0 * done as f64 / span as f64)
}

/// The task's colour on `today` by the written rules.
pub fn assess(r: &Rules, t: &TaskFacts, today: NaiveDate) -> Assessment {
    let expected = expected_progress(t, today);
    let green = |reasons: Vec<Msg>| Assessment {
        colour: Colour::Green,
        reasons,
        expected_progress: expected,
    };
    if matches!(t.status, Status::Draft | Status::Closed) || t.assigned_on.is_none() {
        return green(vec![]);
    }
    let ds = deadlines(r, t, today);
    let red: Vec<Msg> = ds
        .iter()
        .filter(|d| matches!(d.kind, DeadlineKind::Final | DeadlineKind::Milestone))
        .filter(|d| d.overdue(today))
        .map(|d| {
            let (zh, en, due) = (d.kind.label_zh(), d.kind.label_en(), d.due);
            let n = (today - d.due).num_days();
            msg!(
                "overdue",
                "{zh}{due}已逾期 {n} 天",
                "{en} {due}: {n} days overdue"
            )
        })
        .collect();
    if !red.is_empty() {
        return Assessment {
            colour: Colour::Red,
            reasons: red,
            expected_progress: expected,
        };
    }
    let mut yellow = Vec::new();
    if let Some(s) = ds.iter().find(|d| d.kind == DeadlineKind::Sign) {
        if s.overdue(today) {
            let due = s.due;
            yellow.push(msg!(
                "sign_overdue",
                "超过签收时限 {due} 未签收",
                "Not signed by the sign deadline {due}"
            ));
        }
    }
    if let Some(last) = ds
        .iter()
        .rfind(|d| d.kind == DeadlineKind::Report && d.due < today)
    {
        if last.met_on.is_none() {
            let due = last.due;
            yellow.push(msg!(
                "report_overdue",
                "进展报告逾期未报(时限 {due})",
                "Progress report overdue (due {due})"
            ));
        }
    }
    if let Some(e) = expected {
        let p = t.progress.unwrap_or(0.0);
        if t.close_requested_on.is_none() && p + r.behind_tolerance < e {
            yellow.push(msg!(
                "behind",
                "进度滞后:已报 {p:.0}%,按时间应达 {e:.0}%",
                "Behind schedule: {p:.0}% reported, {e:.0}% expected by now"
            ));
        }
    }
    if !yellow.is_empty() {
        return Assessment {
            colour: Colour::Yellow,
            reasons: yellow,
            expected_progress: expected,
        };
    }
    let blue: Vec<Msg> = ds
        .iter()
        .filter(|d| d.met_on.is_none() && d.due >= today)
        .filter(|d| (d.due - today).num_days() <= r.blue_days && d.half_gone(today))
        .map(|d| {
            let left = (d.due - today).num_days();
            let (zh, en, due) = (d.kind.label_zh(), d.kind.label_en(), d.due);
            if left == 0 {
                msg!("due_today", "{zh}今天到期", "{en}: due today")
            } else {
                msg!(
                    "due_soon",
                    "{zh}{due}还剩 {left} 天",
                    "{en} {due}: {left} days left"
                )
            }
        })
        .collect();
    if !blue.is_empty() {
        return Assessment {
            colour: Colour::Blue,
            reasons: blue,
            expected_progress: expected,
        };
    }
    green(vec![])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{d, task};
    use crate::MilestoneFacts;

    #[test]
    fn a_deadline_today_is_blue_not_red() {
        let r = Rules::default();
        let mut t = task();
        t.progress = Some(100.0);
        t.reports = vec![
            d("2026-02-01"),
            d("2026-03-01"),
            d("2026-04-01"),
            d("2026-05-01"),
            d("2026-06-01"),
        ];
        let a = assess(&r, &t, d("2026-06-30"));
        assert_eq!(a.colour, Colour::Blue, "{a:?}");
        assert!(a.reasons[0].zh.contains("今天到期"), "{a:?}");
        let a = assess(&r, &t, d("2026-07-01"));
        assert_eq!(a.colour, Colour::Red, "{a:?}");
        assert!(a.reasons[0].zh.contains("逾期 1 天"));
    }

    #[test]
    fn blue_window_is_inclusive_of_n_days() {
        let r = Rules::default();
        let mut t = task();
        t.milestones = vec![MilestoneFacts {
            id: 1,
            due: d("2026-01-27"),
            done_on: None,
        }];
        t.progress = Some(10.0);
        assert_eq!(assess(&r, &t, d("2026-01-20")).colour, Colour::Blue); // 7 days left
        assert_eq!(assess(&r, &t, d("2026-01-19")).colour, Colour::Green); // 8 days left
        assert_eq!(assess(&r, &t, d("2026-01-28")).colour, Colour::Red);
        t.milestones[0].done_on = Some(d("2026-01-27"));
        assert_eq!(assess(&r, &t, d("2026-01-28")).colour, Colour::Green);
    }

    #[test]
    fn sign_deadline_and_behind_plan_are_yellow() {
        let r = Rules::default();
        let mut t = task();
        t.status = Status::Assigned;
        t.signed_on = None;
        assert_eq!(assess(&r, &t, d("2026-01-13")).colour, Colour::Blue);
        let a = assess(&r, &t, d("2026-01-14"));
        assert_eq!(a.colour, Colour::Yellow);
        assert!(a.reasons[0].zh.contains("签收"));
        // Behind plan: half the time gone, 10 % reported (tolerance 20 points).
        let mut t = task();
        t.reports = vec![d("2026-02-01"), d("2026-03-01")];
        t.progress = Some(10.0);
        let a = assess(&r, &t, d("2026-04-05"));
        assert_eq!(a.colour, Colour::Yellow, "{a:?}");
        assert!(a.reasons.iter().any(|x| x.zh.contains("滞后")));
        t.progress = Some(40.0);
        assert_eq!(assess(&r, &t, d("2026-04-05")).colour, Colour::Blue); // report due 04-05
    }

    #[test]
    fn a_new_task_is_not_blue_on_the_day_it_is_assigned() {
        // Defect: the sign deadline (assigned + 3 days) is inside the blue window (7 days),
        // so every task turned blue the moment it was assigned.
        let r = Rules::default();
        let mut t = task();
        t.status = Status::Assigned;
        t.signed_on = None;
        assert_eq!(assess(&r, &t, d("2026-01-10")).colour, Colour::Green);
        assert_eq!(assess(&r, &t, d("2026-01-11")).colour, Colour::Green); // 1 of 3 days
        assert_eq!(assess(&r, &t, d("2026-01-12")).colour, Colour::Blue); // 2 of 3 days
                                                                          // A milestone set close to the assignment turns blue once half its window is gone.
        let mut t = task();
        t.milestones = vec![MilestoneFacts {
            id: 1,
            due: d("2026-01-14"),
            done_on: None,
        }];
        assert_eq!(assess(&r, &t, d("2026-01-11")).colour, Colour::Green);
        assert_eq!(assess(&r, &t, d("2026-01-12")).colour, Colour::Blue);
    }

    #[test]
    fn closed_and_draft_tasks_are_green() {
        let r = Rules::default();
        let mut t = task();
        t.status = Status::Closed;
        t.close_requested_on = Some(d("2026-06-01"));
        t.closed_on = Some(d("2026-06-03"));
        assert_eq!(assess(&r, &t, d("2026-12-01")).colour, Colour::Green);
        t.status = Status::Draft;
        t.assigned_on = None;
        assert_eq!(assess(&r, &t, d("2026-12-01")).colour, Colour::Green);
    }
}
