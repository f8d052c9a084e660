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
//!    `blue_days` days, today included;
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

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Debug;
use std::sync::atomic::{AtomicI32, Ordering};

/// Where "today" comes from. Inject a [`ManualClock`] in tests.
pub trait Clock: Send + Sync + Debug {
    fn today(&self) -> NaiveDate;
}

/// The real calendar day in China Standard Time (UTC+8).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn today(&self) -> NaiveDate {
        (chrono::Utc::now() + Duration::hours(8)).date_naive()
    }
}

/// A clock that stands still until moved.
#[derive(Debug)]
pub struct ManualClock(AtomicI32);

impl ManualClock {
    pub fn new(d: NaiveDate) -> ManualClock {
        ManualClock(AtomicI32::new(d.num_days_from_ce()))
    }
    pub fn set(&self, d: NaiveDate) {
        self.0.store(d.num_days_from_ce(), Ordering::SeqCst);
    }
    pub fn advance(&self, days: i32) {
        self.0.fetch_add(days, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn today(&self) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.0.load(Ordering::SeqCst))
            .unwrap_or(NaiveDate::MIN)
    }
}

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
    pub fn label_zh(self) -> &'static str {
        match self {
            Colour::Green => "正常",
            Colour::Blue => "蓝色预警",
            Colour::Yellow => "黄色预警",
            Colour::Red => "红色预警",
        }
    }
    pub fn parse(s: &str) -> Option<Colour> {
        [Colour::Green, Colour::Blue, Colour::Yellow, Colour::Red]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// How often the lead unit reports progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    Monthly,
    Quarterly,
}

/// Points of the scoring rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoreRules {
    pub on_time_report: f64,
    pub missed_report: f64,
    pub overdue_day: f64,
    pub completion: f64,
    pub late_completion: f64,
    pub late_sign: f64,
    /// Share of a cooperating unit in its tasks' points (0–1).
    pub coop_weight: f64,
}

impl Default for ScoreRules {
    fn default() -> Self {
        ScoreRules {
            on_time_report: 2.0,
            missed_report: 1.0,
            overdue_day: 0.5,
            completion: 10.0,
            late_completion: 5.0,
            late_sign: 1.0,
            coop_weight: 0.5,
        }
    }
}

/// The configurable rules (see the crate documentation for their meaning).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rules {
    pub blue_days: i64,
    pub sign_days: i64,
    pub cadence: Cadence,
    pub report_grace_days: i64,
    /// Percentage points of progress a task may lag the time-based expectation.
    pub behind_tolerance: f64,
    pub remind_before: Vec<i64>,
    pub remind_after: Vec<i64>,
    pub score: ScoreRules,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            blue_days: 7,
            sign_days: 3,
            cadence: Cadence::Monthly,
            report_grace_days: 5,
            behind_tolerance: 20.0,
            remind_before: vec![7, 1],
            remind_after: vec![1, 7],
            score: ScoreRules::default(),
        }
    }
}

impl Rules {
    /// Field → message for every value out of range.
    pub fn check(&self) -> BTreeMap<String, String> {
        let mut e = BTreeMap::new();
        let mut range = |f: &str, v: f64, lo: f64, hi: f64| {
            if !(v.is_finite() && (lo..=hi).contains(&v)) {
                e.insert(f.to_string(), format!("须在 {lo}–{hi} 之间"));
            }
        };
        range("blue_days", self.blue_days as f64, 0.0, 90.0);
        range("sign_days", self.sign_days as f64, 0.0, 60.0);
        range(
            "report_grace_days",
            self.report_grace_days as f64,
            0.0,
            60.0,
        );
        range("behind_tolerance", self.behind_tolerance, 0.0, 100.0);
        let s = &self.score;
        for (f, v) in [
            ("score.on_time_report", s.on_time_report),
            ("score.missed_report", s.missed_report),
            ("score.overdue_day", s.overdue_day),
            ("score.completion", s.completion),
            ("score.late_completion", s.late_completion),
            ("score.late_sign", s.late_sign),
        ] {
            range(f, v, 0.0, 1000.0);
        }
        range("score.coop_weight", s.coop_weight, 0.0, 1.0);
        for (f, v) in [
            ("remind_before", &self.remind_before),
            ("remind_after", &self.remind_after),
        ] {
            if v.len() > 10 || v.iter().any(|n| !(0..=365).contains(n)) {
                e.insert(f.to_string(), "至多 10 个 0–365 之间的天数".into());
            }
        }
        e
    }
}

/// Where a task stands in the loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Created, not yet assigned (待交办).
    Draft,
    /// Assigned, waiting for the lead unit to sign (待签收).
    Assigned,
    /// Signed, in progress (办理中).
    Signed,
    /// Closing requested, waiting for review (待审核).
    Closing,
    /// Closed (已销号).
    Closed,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Draft,
        Status::Assigned,
        Status::Signed,
        Status::Closing,
        Status::Closed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Assigned => "assigned",
            Status::Signed => "signed",
            Status::Closing => "closing",
            Status::Closed => "closed",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Draft => "待交办",
            Status::Assigned => "待签收",
            Status::Signed => "办理中",
            Status::Closing => "待审核",
            Status::Closed => "已销号",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// The loop's actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Assign,
    Sign,
    Report,
    RequestClose,
    Approve,
    SendBack,
    Reopen,
}

impl Action {
    /// The status after `self` from `from`, or None when the step is not allowed.
    pub fn next(self, from: Status) -> Option<Status> {
        use Status::*;
        match (self, from) {
            (Action::Assign, Draft) => Some(Assigned),
            (Action::Sign, Assigned) => Some(Signed),
            (Action::Report, Signed) => Some(Signed),
            (Action::RequestClose, Signed) => Some(Closing),
            (Action::Approve, Closing) => Some(Closed),
            (Action::SendBack, Closing) => Some(Signed),
            (Action::Reopen, Closed) => Some(Signed),
            _ => None,
        }
    }
}

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
    pub due: NaiveDate,
    /// The day it was met, if it was.
    pub met_on: Option<NaiveDate>,
}

impl Deadline {
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.met_on.is_none() && self.due < today
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
            due: sd,
            met_on: t.signed_on,
        });
    }
    for m in &t.milestones {
        out.push(Deadline {
            key: format!("milestone:{}", m.id),
            kind: DeadlineKind::Milestone,
            due: m.due,
            met_on: m.done_on,
        });
    }
    if let Some(d) = t.due {
        out.push(Deadline {
            key: "final".into(),
            kind: DeadlineKind::Final,
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
            due: d,
            met_on: met_on.or(late),
        });
        prev = d;
    }
    out
}

/// A colour with the reasons that produced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub colour: Colour,
    pub reasons: Vec<String>,
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
    let green = |reasons: Vec<String>| Assessment {
        colour: Colour::Green,
        reasons,
        expected_progress: expected,
    };
    if matches!(t.status, Status::Draft | Status::Closed) || t.assigned_on.is_none() {
        return green(vec![]);
    }
    let ds = deadlines(r, t, today);
    let red: Vec<String> = ds
        .iter()
        .filter(|d| matches!(d.kind, DeadlineKind::Final | DeadlineKind::Milestone))
        .filter(|d| d.overdue(today))
        .map(|d| {
            format!(
                "{}{}已逾期 {} 天",
                d.kind.label_zh(),
                d.due,
                (today - d.due).num_days()
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
            yellow.push(format!("超过签收时限 {} 未签收", s.due));
        }
    }
    if let Some(last) = ds
        .iter()
        .rfind(|d| d.kind == DeadlineKind::Report && d.due < today)
    {
        if last.met_on.is_none() {
            yellow.push(format!("进展报告逾期未报(时限 {})", last.due));
        }
    }
    if let Some(e) = expected {
        let p = t.progress.unwrap_or(0.0);
        if t.close_requested_on.is_none() && p + r.behind_tolerance < e {
            yellow.push(format!("进度滞后:已报 {p:.0}%,按时间应达 {e:.0}%"));
        }
    }
    if !yellow.is_empty() {
        return Assessment {
            colour: Colour::Yellow,
            reasons: yellow,
            expected_progress: expected,
        };
    }
    let blue: Vec<String> = ds
        .iter()
        .filter(|d| d.met_on.is_none() && d.due >= today)
        .filter(|d| (d.due - today).num_days() <= r.blue_days)
        .map(|d| {
            let left = (d.due - today).num_days();
            if left == 0 {
                format!("{}今天到期", d.kind.label_zh())
            } else {
                format!("{}{}还剩 {left} 天", d.kind.label_zh(), d.due)
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

/// A unit's part in a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Lead,
    Joint,
    Coop,
}

impl Part {
    pub fn parse(s: &str) -> Option<Part> {
        match s {
            "lead" => Some(Part::Lead),
            "joint" => Some(Part::Joint),
            "coop" => Some(Part::Coop),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Lead => "lead",
            Part::Joint => "joint",
            Part::Coop => "coop",
        }
    }
}

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

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn task() -> TaskFacts {
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

    #[test]
    fn manual_clock_moves() {
        let c = ManualClock::new(d("2026-01-01"));
        c.advance(31);
        assert_eq!(c.today(), d("2026-02-01"));
        c.set(d("2025-12-31"));
        assert_eq!(c.today(), d("2025-12-31"));
    }

    #[test]
    fn period_ends() {
        assert_eq!(
            period_end(Cadence::Monthly, d("2026-02-10")),
            d("2026-02-28")
        );
        assert_eq!(
            period_end(Cadence::Monthly, d("2026-12-01")),
            d("2026-12-31")
        );
        assert_eq!(
            period_end(Cadence::Quarterly, d("2026-05-01")),
            d("2026-06-30")
        );
        assert_eq!(
            period_end(Cadence::Quarterly, d("2026-10-01")),
            d("2026-12-31")
        );
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
        assert!(a.reasons[0].contains("今天到期"), "{a:?}");
        let a = assess(&r, &t, d("2026-07-01"));
        assert_eq!(a.colour, Colour::Red, "{a:?}");
        assert!(a.reasons[0].contains("逾期 1 天"));
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
    fn a_report_on_the_due_day_is_on_time() {
        let r = Rules::default();
        let mut t = task();
        t.progress = Some(30.0);
        t.reports = vec![d("2026-02-05")];
        let ds = deadlines(&r, &t, d("2026-02-20"));
        let rep = ds.iter().find(|x| x.key == "report:2026-02-05").unwrap();
        assert!(rep.met_in_time());
        assert_eq!(assess(&r, &t, d("2026-02-20")).colour, Colour::Green);
        let mut s = UnitScore::default();
        score_task(
            &r,
            &t,
            Part::Lead,
            d("2026-01-01"),
            d("2026-02-28"),
            d("2026-02-28"),
            &mut s,
        );
        assert_eq!((s.on_time_reports, s.missed_reports), (1, 0));
        assert_eq!(s.score, 2.0);
        // One day later is late: yellow until filed, then no on-time points.
        t.reports = vec![];
        assert_eq!(assess(&r, &t, d("2026-02-06")).colour, Colour::Yellow);
        t.reports = vec![d("2026-02-06")];
        assert_eq!(assess(&r, &t, d("2026-02-07")).colour, Colour::Green);
        let mut s = UnitScore::default();
        score_task(
            &r,
            &t,
            Part::Lead,
            d("2026-01-01"),
            d("2026-02-28"),
            d("2026-02-28"),
            &mut s,
        );
        assert_eq!((s.on_time_reports, s.missed_reports), (0, 1));
        assert_eq!(s.score, -1.0);
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
        assert!(a.reasons[0].contains("签收"));
        // Behind plan: half the time gone, 10 % reported (tolerance 20 points).
        let mut t = task();
        t.reports = vec![d("2026-02-01"), d("2026-03-01")];
        t.progress = Some(10.0);
        let a = assess(&r, &t, d("2026-04-05"));
        assert_eq!(a.colour, Colour::Yellow, "{a:?}");
        assert!(a.reasons.iter().any(|x| x.contains("滞后")));
        t.progress = Some(40.0);
        assert_eq!(assess(&r, &t, d("2026-04-05")).colour, Colour::Blue); // report due 04-05
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
        let mut s = UnitScore::default();
        score_task(
            &r,
            &t,
            Part::Lead,
            d("2026-01-01"),
            d("2026-12-31"),
            d("2026-02-20"),
            &mut s,
        );
        assert_eq!(s.overdue_days, 0);
        assert_eq!(s.on_time_reports, 1);
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

    #[test]
    fn overdue_days_and_completion_points() {
        let r = Rules::default();
        let mut t = task();
        t.due = Some(d("2026-01-31"));
        t.close_requested_on = Some(d("2026-02-05")); // 4 days overdue: 02-01..02-04
        t.closed_on = Some(d("2026-02-06"));
        t.status = Status::Closed;
        let mut s = UnitScore::default();
        score_task(
            &r,
            &t,
            Part::Lead,
            d("2026-01-01"),
            d("2026-02-28"),
            d("2026-03-01"),
            &mut s,
        );
        assert_eq!(s.overdue_days, 4);
        assert_eq!(s.completed_late, 1);
        // report due 02-05 missed (no report), −1; −4×0.5; +5 late completion
        assert_eq!(s.score, -1.0 - 2.0 + 5.0);
        // The cooperating unit gets half.
        let mut c = UnitScore::default();
        score_task(
            &r,
            &t,
            Part::Coop,
            d("2026-01-01"),
            d("2026-02-28"),
            d("2026-03-01"),
            &mut c,
        );
        assert_eq!(c.score, s.score * 0.5);
        // A period that ends before the overdue days counts none of them.
        let mut e = UnitScore::default();
        score_task(
            &r,
            &t,
            Part::Lead,
            d("2026-01-01"),
            d("2026-01-31"),
            d("2026-03-01"),
            &mut e,
        );
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
        let mut s = UnitScore::default();
        score_task(
            &r,
            &t,
            Part::Lead,
            d("2026-01-01"),
            d("2026-04-30"),
            d("2026-04-10"),
            &mut s,
        );
        assert_eq!((s.completed, s.overdue_days), (1, 0));
        assert_eq!(s.score, 2.0 * 2.0 + 10.0);
        // Re-opened on 04-02: open again, no closing request, overdue since 04-01.
        t.status = Status::Signed;
        t.close_requested_on = None;
        t.closed_on = None;
        let a = assess(&r, &t, d("2026-04-10"));
        assert_eq!(a.colour, Colour::Red);
        let mut s = UnitScore::default();
        score_task(
            &r,
            &t,
            Part::Lead,
            d("2026-01-01"),
            d("2026-04-30"),
            d("2026-04-10"),
            &mut s,
        );
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
        let mut lead = UnitScore::default();
        score_task(
            &r,
            &t,
            Part::Lead,
            d("2026-01-01"),
            d("2026-01-31"),
            d("2026-01-31"),
            &mut lead,
        );
        assert_eq!((lead.late_signs, lead.score), (1, -1.0));
        let mut coop = UnitScore::default();
        score_task(
            &r,
            &t,
            Part::Coop,
            d("2026-01-01"),
            d("2026-01-31"),
            d("2026-01-31"),
            &mut coop,
        );
        assert_eq!((coop.late_signs, coop.score), (0, 0.0));
    }

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

    #[test]
    fn loop_transitions() {
        assert_eq!(Action::Assign.next(Status::Draft), Some(Status::Assigned));
        assert_eq!(Action::Sign.next(Status::Assigned), Some(Status::Signed));
        assert_eq!(Action::Report.next(Status::Assigned), None);
        assert_eq!(
            Action::RequestClose.next(Status::Signed),
            Some(Status::Closing)
        );
        assert_eq!(Action::SendBack.next(Status::Closing), Some(Status::Signed));
        assert_eq!(Action::Approve.next(Status::Signed), None);
        assert_eq!(Action::Approve.next(Status::Closing), Some(Status::Closed));
        assert_eq!(Action::Reopen.next(Status::Closed), Some(Status::Signed));
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

    #[test]
    fn rules_check_names_fields() {
        let mut r = Rules::default();
        assert!(r.check().is_empty());
        r.blue_days = -1;
        r.score.coop_weight = 2.0;
        r.remind_after = vec![400];
        let e = r.check();
        assert!(e.contains_key("blue_days"));
        assert!(e.contains_key("score.coop_weight"));
        assert!(e.contains_key("remind_after"));
    }
}
