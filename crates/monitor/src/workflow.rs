//! The workflow of a yearly data form assignment (报表填报流程). Storage finds the
//! assignment and the caller's relation to it; these functions decide.
//!
//! # Written rules
//!
//! An *assignment* (报表分配) asks one organisation (the *reporting organisation*, 填报机构)
//! for one region's values of a form's items for one year. Its states are draft (草稿),
//! submitted (已提交), approved (已审核), returned (已退回) and accepted (已确认, by the level
//! above). The values an assignment covers carry its state.
//!
//! | action | from | to | who |
//! |---|---|---|---|
//! | save (保存草稿) | draft, returned | unchanged | the reporting organisation, admins |
//! | import (导入) | draft, returned | unchanged | the reporting organisation, coordinators, admins |
//! | submit (提交) | draft, returned | submitted | the reporting organisation, admins |
//! | approve (审核通过) | submitted | approved | coordinators, admins |
//! | return (退回) | submitted | returned | coordinators, admins |
//! | accept (确认) | approved | accepted | reviewers, admins |
//! | unapprove (撤销审核) | approved, accepted | returned | coordinators, admins |
//!
//! - Returning and unapproving need a reason.
//! - Permission comes before the state: a caller who may not act is told so whatever the
//!   state. A save or import in another state is refused as *locked*, other actions as
//!   *bad state*.
//! - A draft or returned assignment is *open*: only its values may change. Everyone but the
//!   reporting organisation and admins sees the values of an open assignment hidden.
//! - Submitting needs every item filled (a value or a missing reason), and each violated
//!   high-importance validation rule needs a comment on one of its items.
//! - Submitting stamps the submission (time, user); the other transitions stamp the decision.
//! - Imported rows that no assignment covers may be written by coordinators and admins only,
//!   and are stored as approved.
//! - Analyses read submitted, approved and accepted values (or approved and accepted only).
//!   A value in another state is read by admins, by the reporting organisation, and by
//!   coordinators once its assignment has been submitted.

use crate::rules::{Importance, Violation};
use innocity_domain::{msg, Msg, Role};
use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// The state of an assignment (and of the values it covers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// 草稿.
    Draft,
    /// 已提交.
    Submitted,
    /// 已审核.
    Approved,
    /// 已退回.
    Returned,
    /// 已确认 (by the level above).
    Accepted,
}

impl State {
    pub const ALL: [State; 5] = [
        State::Draft,
        State::Submitted,
        State::Approved,
        State::Returned,
        State::Accepted,
    ];
    /// The code stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Submitted => "submitted",
            State::Approved => "approved",
            State::Returned => "returned",
            State::Accepted => "accepted",
        }
    }
    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|x| x.as_str() == s)
    }
    /// The label as a message (code: the value's own code).
    pub fn label(self) -> innocity_domain::Msg {
        innocity_domain::Msg::new(self.as_str(), self.label_zh(), self.label_en())
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            State::Draft => "草稿",
            State::Submitted => "已提交",
            State::Approved => "已审核",
            State::Returned => "已退回",
            State::Accepted => "已确认",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            State::Draft => "Draft",
            State::Submitted => "Submitted",
            State::Approved => "Approved",
            State::Returned => "Returned",
            State::Accepted => "Accepted",
        }
    }
    /// Draft or returned: the values may change.
    pub fn open(self) -> bool {
        matches!(self, State::Draft | State::Returned)
    }
    /// Submitted, approved or accepted (counted as submitted).
    pub fn submitted(self) -> bool {
        matches!(self, State::Submitted | State::Approved | State::Accepted)
    }
    /// Approved or accepted (counted as approved).
    pub fn approved(self) -> bool {
        matches!(self, State::Approved | State::Accepted)
    }
    /// Read by analyses: submitted or later, or approved or later with `approved_only`.
    pub fn visible(self, approved_only: bool) -> bool {
        if approved_only {
            self.approved()
        } else {
            self.submitted()
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The Chinese label of a stored state code (`未知` for an unknown code).
pub fn label_zh(code: &str) -> &'static str {
    State::parse(code).map_or("未知", State::label_zh)
}

/// What a caller does to an assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Fill values and save them as drafts (also: check values while typing).
    Save,
    /// Write values from an imported file into the assignment.
    Import,
    Submit,
    Approve,
    Return,
    Accept,
    Unapprove,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Save,
        Action::Import,
        Action::Submit,
        Action::Approve,
        Action::Return,
        Action::Accept,
        Action::Unapprove,
    ];
    /// The review actions, as a reviewer names them in a request.
    pub const REVIEW: [Action; 4] = [
        Action::Approve,
        Action::Return,
        Action::Accept,
        Action::Unapprove,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Save => "save",
            Action::Import => "import",
            Action::Submit => "submit",
            Action::Approve => "approve",
            Action::Return => "return",
            Action::Accept => "accept",
            Action::Unapprove => "unapprove",
        }
    }
    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|x| x.as_str() == s)
    }
    /// A review action by its code (`approve`, `return`, `accept`, `unapprove`).
    pub fn parse_review(s: &str) -> Option<Action> {
        Action::REVIEW.into_iter().find(|x| x.as_str() == s)
    }
    /// The action recorded in the audit log.
    pub fn audit_action(self) -> &'static str {
        match self {
            Action::Save => "save_values",
            a => a.as_str(),
        }
    }
    /// The label as a message (code: the value's own code).
    pub fn label(self) -> innocity_domain::Msg {
        innocity_domain::Msg::new(self.as_str(), self.label_zh(), self.label_en())
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Action::Save => "保存草稿",
            Action::Import => "导入",
            Action::Submit => "提交",
            Action::Approve => "审核通过",
            Action::Return => "退回",
            Action::Accept => "确认(上级)",
            Action::Unapprove => "撤销审核",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Action::Save => "Save draft",
            Action::Import => "Import",
            Action::Submit => "Submit",
            Action::Approve => "Approve",
            Action::Return => "Return",
            Action::Accept => "Accept (level above)",
            Action::Unapprove => "Unapprove",
        }
    }
    /// Returning and unapproving need a reason.
    pub fn needs_reason(self) -> bool {
        matches!(self, Action::Return | Action::Unapprove)
    }
    /// The state after `self` from `from`, or None when the step is not allowed.
    pub fn next(self, from: State) -> Option<State> {
        use State::*;
        match (self, from) {
            (Action::Save | Action::Import, Draft | Returned) => Some(from),
            (Action::Submit, Draft | Returned) => Some(Submitted),
            (Action::Approve, Submitted) => Some(Approved),
            (Action::Return, Submitted) => Some(Returned),
            (Action::Accept, Approved) => Some(Accepted),
            (Action::Unapprove, Approved | Accepted) => Some(Returned),
            _ => None,
        }
    }
    /// Writes values without changing the state (save, import).
    pub fn fills(self) -> bool {
        matches!(self, Action::Save | Action::Import)
    }
}

/// The caller's relation to one assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub role: Role,
    /// The assignment's organisation is the caller's.
    pub own_org: bool,
}

impl Standing {
    /// Admins and coordinators manage reporting.
    pub fn manages(self) -> bool {
        matches!(self.role, Role::Admin | Role::Coordinator)
    }
    /// The reporting organisation, or an admin: fills and submits.
    pub fn owns(self) -> bool {
        self.role == Role::Admin || self.own_org
    }
    /// The values of an open assignment are hidden from everyone but its owners.
    pub fn hidden(self, state: State) -> bool {
        !self.owns() && state.open()
    }
    /// Whether the caller reads a value in `state` (None: an unknown code) whose assignment
    /// was submitted at least once (`ever_submitted`). Values without an assignment: pass
    /// `own_org: false` and `ever_submitted: false`.
    pub fn reads(self, state: Option<State>, ever_submitted: bool) -> bool {
        state.is_some_and(|s| s.visible(false))
            || self.role == Role::Admin
            || self.own_org
            || (self.manages() && ever_submitted)
    }
}

/// Why a caller may not act on an assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// Only the reporting organisation fills the form.
    Fill,
    /// Only the reporting organisation submits it.
    Submit,
    /// Reviewing is for coordinators and admins (accepting: reviewers and admins).
    Review,
    /// The caller may not import into this assignment.
    Import,
}

impl Denied {
    pub fn message_zh(self) -> &'static str {
        match self {
            Denied::Fill => "只有填报机构可以填写本报表",
            Denied::Submit => "只有填报机构可以提交本报表",
            Denied::Review => "无权审核本报表",
            Denied::Import => "没有您可填报的报表分配覆盖该地区、数据项和年份",
        }
    }
    pub fn message_en(self) -> &'static str {
        match self {
            Denied::Fill => "Only the reporting organisation may fill in this form",
            Denied::Submit => "Only the reporting organisation may submit this form",
            Denied::Review => "You may not review this form",
            Denied::Import => "No assignment you may fill covers this region, item and year",
        }
    }
}

impl Denied {
    /// The refusal as a bilingual message (code `forbidden`).
    pub fn msg(self) -> Msg {
        Msg::new("forbidden", self.message_zh(), self.message_en())
    }
}

impl fmt::Display for Denied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message_zh())
    }
}

/// Whether the caller may take `a` on the assignment (the state is checked by [`decide`]).
pub fn may(s: Standing, a: Action) -> Result<(), Denied> {
    let (ok, denied) = match a {
        Action::Save => (s.owns(), Denied::Fill),
        Action::Submit => (s.owns(), Denied::Submit),
        Action::Import => (s.manages() || s.own_org, Denied::Import),
        Action::Approve | Action::Return | Action::Unapprove => (s.manages(), Denied::Review),
        Action::Accept => (
            matches!(s.role, Role::Admin | Role::Reviewer),
            Denied::Review,
        ),
    };
    ok.then_some(()).ok_or(denied)
}

/// Why an action on an assignment is refused: not permitted, or not in this state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Denied(Denied),
    /// The action does not apply to the state.
    BadState {
        action: Action,
        from: State,
    },
}

impl Refusal {
    /// `forbidden` for a denial; `locked` when values cannot change; else `bad_state`.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Denied(_) => "forbidden",
            Refusal::BadState { action, .. } if action.fills() => "locked",
            Refusal::BadState { .. } => "bad_state",
        }
    }
    pub fn message_zh(self) -> String {
        match self {
            Refusal::Denied(d) => d.message_zh().into(),
            Refusal::BadState { action, from } => {
                let s = from.label_zh();
                match action {
                    Action::Save | Action::Import => format!("报表状态为 {s},数据已锁定"),
                    Action::Submit => format!("报表状态为 {s},不能提交"),
                    _ => format!("报表状态为 {s},不能执行此操作"),
                }
            }
        }
    }
    /// The refusal as a bilingual message under its [`code`](Refusal::code).
    pub fn msg(self) -> Msg {
        Msg::new(self.code(), self.message_zh(), self.message_en())
    }
    pub fn message_en(self) -> String {
        match self {
            Refusal::Denied(d) => d.message_en().into(),
            Refusal::BadState { action, from } => {
                let s = from.label_en();
                match action {
                    Action::Save | Action::Import => {
                        format!("The form is {s}: its data are locked")
                    }
                    Action::Submit => format!("The form is {s} and cannot be submitted"),
                    _ => format!("The form is {s}: this action is not possible"),
                }
            }
        }
    }
}

impl From<Denied> for Refusal {
    fn from(d: Denied) -> Self {
        Refusal::Denied(d)
    }
}

/// Decides an action: permission first, then the state. Returns the state after it.
pub fn decide(s: Standing, a: Action, from: State) -> Result<State, Refusal> {
    may(s, a)?;
    a.next(from).ok_or(Refusal::BadState { action: a, from })
}

/// The actions offered to the caller in this state (save and import are not buttons).
pub fn offered(s: Standing, from: State) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| !a.fills() && decide(s, *a, from).is_ok())
        .collect()
}

/// The state of imported rows that no assignment covers: approved for coordinators and
/// admins; None (refused) for everyone else.
pub fn unassigned_import(role: Role) -> Option<State> {
    matches!(role, Role::Admin | Role::Coordinator).then_some(State::Approved)
}

/// One entry row as submitting sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowFacts<'a> {
    pub item: &'a str,
    /// Has a value or a missing reason.
    pub filled: bool,
    /// Has a comment.
    pub commented: bool,
}

/// Field → message for each reason the rows cannot be submitted: an empty item
/// (`values.ITEM`), or a high-importance violation none of whose items has a comment (keyed
/// by its first item; it replaces an empty-item message on the same key).
pub fn submission_problems(
    rows: &[RowFacts<'_>],
    violations: &[Violation],
) -> BTreeMap<String, Msg> {
    let mut errs = BTreeMap::new();
    for r in rows.iter().filter(|r| !r.filled) {
        errs.insert(
            format!("values.{}", r.item),
            msg!(
                "required",
                "请填写数值或缺失原因",
                "Enter a value or the reason it is missing"
            ),
        );
    }
    let commented: HashSet<&str> = rows
        .iter()
        .filter(|r| r.commented)
        .map(|r| r.item)
        .collect();
    for v in violations
        .iter()
        .filter(|v| v.importance == Importance::High)
    {
        if !v.items.iter().any(|i| commented.contains(i.as_str())) {
            let key = v.items.first().cloned().unwrap_or_default();
            errs.insert(
                format!("values.{key}"),
                v.message.wrap(
                    "{} — 请修正或在备注中说明",
                    "{} — correct it or explain it in a comment",
                ),
            );
        }
    }
    errs
}

#[cfg(test)]
#[path = "workflow_tests.rs"]
mod tests;
