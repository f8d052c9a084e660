//! Task supervision (督查督办): the pure rules — warning colours, reminder scheduling and unit
//! scoring — over dates supplied by the caller. No IO; time comes from a [`Clock`].
//!
//! # Written rules
//!
//! Dates are calendar days in China Standard Time. A task is *open* from its assignment (交办)
//! until it is closed (销号). Its **deadlines** are:
//!
//! - the *sign deadline*: `assigned_on + sign_days` (签收时限), met by signing on or before it;
//! - each *milestone* due date, met by the milestone's completion date;
//! - the task's *final deadline* (`due`), met by the date of a closing request (办结申请) that is
//!   pending or was approved; a request sent back (退回) or a re-opened task meets nothing;
//! - the *report deadlines*: the ends of the calendar periods ([`Cadence`]: month or quarter)
//!   that end after the sign deadline, each plus `report_grace_days`. The report for deadline
//!   `r_i` is on time when one is filed in the window `(r_{i-1}, r_i]` (the first window starts
//!   on the assignment day). A report on the due day is on time. Report deadlines stop at the
//!   closing request.
//!
//! A deadline `d` is *overdue* on day `t` when it is unmet and `d < t`: a deadline today is not
//! overdue. **Colours** (checked in this order, the first that applies wins):
//!
//! 1. not yet assigned, or closed → **green** (no warning);
//! 2. **red**: the final deadline or a milestone is overdue;
//! 3. **yellow**: the sign deadline is overdue, or the last passed report deadline had no report
//!    in its window and none since (a late report), or the task is behind plan — its last
//!    reported progress is more than `behind_tolerance` percentage points below the time-based
//!    expectation `100 × (t − assigned_on) / (due − assigned_on)`;
//! 4. **blue**: an unmet deadline (sign, milestone, final, report) falls within the next
//!    `blue_days` days, today included, and at least half of its window has passed (the
//!    window opens on the assignment, or for a report deadline the day after the previous
//!    one) — so a task is not "due soon" on the day it is assigned, however short its sign
//!    window;
//! 5. otherwise **green**.
//!
//! **Reminders**: for each unmet deadline `d`, reminders are scheduled on `d − n` for each
//! `n` in `remind_before` and on `d + n` for each `n` in `remind_after`. On day `t` the one due
//! reminder of a deadline is the latest scheduled on or before `t`; it is sent unless its key
//! was sent before. Earlier reminders that were missed (the job did not run) are superseded,
//! so running the job daily, twice a day or after a pause never sends a reminder twice and
//! never floods.
//!
//! **Scoring** of a unit over a period `[from, to]` (days after `today` do not count), summed
//! over the tasks it has a part in with weight 1 for the lead (牵头) or shared-duty (共同) units
//! and `coop_weight` for cooperating (配合) units:
//!
//! - `+on_time_report` for each report deadline in the period whose window holds a report;
//!   `−missed_report` for each one that passed without;
//! - `−overdue_day` for each day in the period on which the final deadline or a milestone was
//!   overdue (a day counts once per deadline);
//! - `+completion` for a task closed (approved) in the period whose closing request met the
//!   final deadline (or that had none), `+late_completion` when it came late;
//! - `−late_sign` (lead and shared-duty units only) when the sign deadline falls in the
//!   period and was not met.
//!
//! A re-opened task is open again: its completion points are withdrawn and its deadlines are
//! unmet from then on, so overdue days accrue as if it had never been closed.
//!
//! **Who may do what** (the permission matrix, contributions of cooperating units, urges,
//! answers, uploads) is written at the top of the `permission` module: see [`may`], [`step`]
//! and [`on_task`].

mod assess;
mod clock;
mod deadlines;
mod permission;
mod remind;
mod rules;
mod score;
mod status;

pub use assess::{assess, expected_progress, Assessment, Colour};
pub use clock::{Clock, ManualClock, SystemClock};
pub use deadlines::{
    deadlines, period_end, report_deadlines, Deadline, DeadlineKind, MilestoneFacts, TaskFacts,
};
pub use permission::{
    acts_for_unit, best_part, coordinates, may, may_manage, may_on_task, offered, on_task,
    sees_scope, step, Denied, Grant, Manage, Refusal, Standing, Step, TaskOp,
};
pub use remind::{due_reminders, Reminder};
pub use rules::{Cadence, Rules, ScoreRules};
pub use score::{rank, score_task, Ranked, UnitScore};
pub use status::{Action, Part, Status};

#[cfg(test)]
mod testutil {
    use crate::{Status, TaskFacts};
    use chrono::NaiveDate;

    pub fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub fn task() -> TaskFacts {
        TaskFacts {
            status: Status::Signed,
            assigned_on: Some(d("2026-01-10")),
            signed_on: Some(d("2026-01-11")),
            due: Some(d("2026-06-30")),
            milestones: vec![],
            reports: vec![],
            progress: None,
            close_requested_on: None,
            closed_on: None,
        }
    }
}
