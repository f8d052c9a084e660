//! Who may do what on a task (督办权限). Storage finds the rows and the caller's standing;
//! these functions decide.
//!
//! # Written rules
//!
//! A caller's [`Standing`] toward one task has three parts: whether they *coordinate* it (an
//! admin or coordinator whose scope holds the task's region), their organisation's *part* in it
//! (the best of its current units: lead or shared duty before cooperating), and whether their
//! role *acts for its organisation* (every role but viewer, expert and reviewer). A unit's part
//! counts only when its role acts for it.
//!
//! - **Assign, approve, send back, re-open**: the coordinator in scope.
//! - **Sign, request closing**: a lead or shared-duty unit.
//! - **Report**: a lead or shared-duty unit files a loop step; a cooperating unit files a
//!   *contribution* (配合单位报送), which needs a signed task and keeps its status. Only loop
//!   steps are offered as buttons; a contribution is not one.
//! - **Edit the task, change its units**: the coordinator in scope, while the task is not
//!   closed (re-open first).
//! - **Urge (催办)**: the coordinator in scope, on an assigned task that is not closed.
//! - **Answer an urge**: the urged unit, once.
//! - **Upload evidence**: a unit of the task or the coordinator in scope. Attaching it to a
//!   report needs the report to be the caller's organisation's, unless the caller coordinates.
//! - **Create tasks, assign a plan's tasks, change the rules**: admins and coordinators (the
//!   scope is checked where the region is chosen).
//!
//! Permission comes before the status: a caller who may not act is told so whatever the
//! status.

use crate::{Action, Part, Status};
use innocity_domain::{Msg, Role};
use std::fmt;

/// Admins and coordinators run supervision (交办、审核、催办).
pub fn coordinates(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Coordinator)
}

/// Roles that see every task of their scope, not only their organisation's.
pub fn sees_scope(role: Role) -> bool {
    matches!(
        role,
        Role::Admin | Role::Reviewer | Role::Coordinator | Role::Viewer
    )
}

/// Roles that may act for their organisation (all but viewer, expert and reviewer).
pub fn acts_for_unit(role: Role) -> bool {
    !matches!(role, Role::Viewer | Role::Expert | Role::Reviewer)
}

/// The best part among an organisation's units of one task: the first lead or shared-duty
/// part, else the first other part (unknown codes, `None`, are skipped).
pub fn best_part(parts: impl IntoIterator<Item = Option<Part>>) -> Option<Part> {
    let mut best = None;
    for p in parts {
        if p.is_some_and(Part::carries) {
            return p;
        }
        best = best.or(p);
    }
    best
}

/// The caller's standing toward one task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    /// Admin or coordinator, and the task's region is in the caller's scope.
    pub coordinator_in_scope: bool,
    /// The caller's organisation's part in the task (see [`best_part`]).
    pub unit_part: Option<Part>,
    /// The caller's role acts for its organisation (see [`acts_for_unit`]).
    pub acts_for_unit: bool,
}

impl Standing {
    /// The standing of a caller with `role`, `in_scope` telling whether the task's region is
    /// in the caller's scope.
    pub fn of(role: Role, in_scope: bool, unit_part: Option<Part>) -> Standing {
        Standing {
            coordinator_in_scope: coordinates(role) && in_scope,
            unit_part,
            acts_for_unit: acts_for_unit(role),
        }
    }
    /// Acts for a lead or shared-duty unit.
    pub fn carries(self) -> bool {
        self.acts_for_unit && self.unit_part.is_some_and(Part::carries)
    }
    /// Acts for a cooperating unit.
    pub fn cooperates(self) -> bool {
        self.acts_for_unit && self.unit_part == Some(Part::Coop)
    }
    /// Acts for any unit of the task.
    pub fn member(self) -> bool {
        self.acts_for_unit && self.unit_part.is_some()
    }
}

/// What a permitted loop action files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// A step of the loop ([`Action::next`]).
    Step,
    /// A cooperating unit's report: a contribution that keeps the status.
    Contribution,
}

/// Why a caller may not do something. Each denial has its own message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// Assign, approve, send back, re-open: coordinators only.
    Coordinate,
    /// Sign, report, request closing: lead or shared-duty units only.
    Carry,
    EditTask,
    ChangeUnits,
    Urge,
    /// Only the urged unit answers.
    Answer,
    Upload,
    /// Evidence goes only to the caller's own organisation's reports.
    AttachToOthers,
    CreateTask,
    AssignPlan,
    SetRules,
}

impl Denied {
    pub fn message_zh(self) -> &'static str {
        match self {
            Denied::Coordinate => "只有协调员可以交办、审核或重新打开任务",
            Denied::Carry => "只有牵头(或共同负责)单位可以签收、报告和申请办结",
            Denied::EditTask => "只有协调员可以修改督办任务",
            Denied::ChangeUnits => "只有协调员可以调整任务的责任单位",
            Denied::Urge => "只有协调员可以催办",
            Denied::Answer => "只有被催办单位可以答复",
            Denied::Upload => "只有责任单位或协调员可以上传佐证材料",
            Denied::AttachToOthers => "只能为本单位报送的进展附加佐证材料",
            Denied::CreateTask => "只有协调员或管理员可以创建督办任务",
            Denied::AssignPlan => "只有协调员或管理员可以交办任务",
            Denied::SetRules => "只有协调员或管理员可以修改督办规则",
        }
    }
    pub fn message_en(self) -> &'static str {
        match self {
            Denied::Coordinate => "Only coordinators may assign, approve or re-open tasks",
            Denied::Carry => {
                "Only the lead (or shared-duty) unit may sign, report and request closing"
            }
            Denied::EditTask => "Only coordinators may edit supervision tasks",
            Denied::ChangeUnits => "Only coordinators may change a task's units",
            Denied::Urge => "Only coordinators may urge",
            Denied::Answer => "Only the urged unit may answer",
            Denied::Upload => "Only the task's units or coordinators may upload evidence",
            Denied::AttachToOthers => "Evidence may only be attached to your own unit's reports",
            Denied::CreateTask => "Only coordinators or admins may create supervision tasks",
            Denied::AssignPlan => "Only coordinators or admins may assign tasks",
            Denied::SetRules => "Only coordinators or admins may change the supervision rules",
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

/// Whether the caller may take a loop action (the status is checked by [`step`]).
pub fn may(s: Standing, a: Action) -> Result<Grant, Denied> {
    match a {
        Action::Assign | Action::Approve | Action::SendBack | Action::Reopen => s
            .coordinator_in_scope
            .then_some(Grant::Step)
            .ok_or(Denied::Coordinate),
        Action::Report if s.carries() => Ok(Grant::Step),
        Action::Report if s.cooperates() => Ok(Grant::Contribution),
        Action::Sign | Action::RequestClose | Action::Report => {
            s.carries().then_some(Grant::Step).ok_or(Denied::Carry)
        }
    }
}

/// A permitted loop action on a task in a given status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub action: Action,
    /// The status after the action.
    pub next: Status,
    /// A cooperating unit's report, keeping the status.
    pub contribution: bool,
}

impl Step {
    /// The loop event's kind: the action's code, or `contribution`.
    pub fn event_kind(&self) -> &'static str {
        if self.contribution {
            "contribution"
        } else {
            self.action.as_str()
        }
    }
}

/// Why an operation on a task is refused: not permitted, or not in this status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Denied(Denied),
    /// The loop action does not apply to the task's status.
    BadState {
        from: Status,
    },
    /// Edits and unit changes wait until a closed task is re-opened.
    Closed(TaskOp),
    /// Urges need an assigned task that is not closed.
    NotUrgeable,
    /// The urge was answered already.
    Answered,
}

impl Refusal {
    /// `forbidden` for a denial, else the conflict code (`bad_state`, `answered`).
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Denied(_) => "forbidden",
            Refusal::Answered => "answered",
            _ => "bad_state",
        }
    }
    pub fn message_zh(self) -> String {
        match self {
            Refusal::Denied(d) => d.message_zh().into(),
            Refusal::BadState { from } => {
                format!("任务当前状态为“{}”,不能执行该操作", from.label_zh())
            }
            Refusal::Closed(TaskOp::ChangeUnits) => {
                "已销号的任务不能调整责任单位,请先重新打开".into()
            }
            Refusal::Closed(_) => "已销号的任务不能修改,请先重新打开".into(),
            Refusal::NotUrgeable => "未交办或已销号的任务不能催办".into(),
            Refusal::Answered => "该催办已答复".into(),
        }
    }
    /// The refusal as a bilingual message under its [`code`](Refusal::code).
    pub fn msg(self) -> Msg {
        Msg::new(self.code(), self.message_zh(), self.message_en())
    }
    pub fn message_en(self) -> String {
        match self {
            Refusal::Denied(d) => d.message_en().into(),
            Refusal::BadState { from } => {
                format!(
                    "The task is “{}”: this action is not possible",
                    from.label_en()
                )
            }
            Refusal::Closed(TaskOp::ChangeUnits) => {
                "A closed task's units cannot change; re-open it first".into()
            }
            Refusal::Closed(_) => "A closed task cannot be edited; re-open it first".into(),
            Refusal::NotUrgeable => "Only assigned tasks that are not closed can be urged".into(),
            Refusal::Answered => "This urge has been answered".into(),
        }
    }
}

impl From<Denied> for Refusal {
    fn from(d: Denied) -> Self {
        Refusal::Denied(d)
    }
}

/// Decides one loop action: permission first, then the status.
pub fn step(s: Standing, a: Action, from: Status) -> Result<Step, Refusal> {
    let contribution = may(s, a)? == Grant::Contribution;
    let next = if contribution {
        (from == Status::Signed).then_some(Status::Signed)
    } else {
        a.next(from)
    };
    next.map(|next| Step {
        action: a,
        next,
        contribution,
    })
    .ok_or(Refusal::BadState { from })
}

/// The loop steps offered to the caller in this status (contributions are not offered).
pub fn offered(s: Standing, from: Status) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| a.next(from).is_some() && may(s, *a) == Ok(Grant::Step))
        .collect()
}

/// Operations on a task besides the loop actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskOp {
    /// Change title, description, deadline, milestones.
    Edit,
    /// Add, remove or re-part units.
    ChangeUnits,
    /// Issue a 催办 to a unit.
    Urge,
    /// Answer an urge: `urged` when it went to the caller's organisation.
    Answer { urged: bool, answered: bool },
    /// Upload evidence to the task.
    Upload,
    /// Attach evidence to a report: `own_report` when the caller's organisation filed it.
    Attach { own_report: bool },
}

/// Whether the caller may perform `op` at all (the status is checked by [`on_task`]).
pub fn may_on_task(s: Standing, op: TaskOp) -> Result<(), Denied> {
    let (ok, denied) = match op {
        TaskOp::Edit => (s.coordinator_in_scope, Denied::EditTask),
        TaskOp::ChangeUnits => (s.coordinator_in_scope, Denied::ChangeUnits),
        TaskOp::Urge => (s.coordinator_in_scope, Denied::Urge),
        TaskOp::Answer { urged, .. } => (urged && s.acts_for_unit, Denied::Answer),
        TaskOp::Upload => (s.member() || s.coordinator_in_scope, Denied::Upload),
        TaskOp::Attach { own_report } => {
            (own_report || s.coordinator_in_scope, Denied::AttachToOthers)
        }
    };
    ok.then_some(()).ok_or(denied)
}

/// Decides `op` on a task in `status`: permission first, then the status (or the urge's
/// answer).
pub fn on_task(s: Standing, op: TaskOp, status: Status) -> Result<(), Refusal> {
    may_on_task(s, op)?;
    match op {
        TaskOp::Edit | TaskOp::ChangeUnits if !status.editable() => Err(Refusal::Closed(op)),
        TaskOp::Urge if !status.urgeable() => Err(Refusal::NotUrgeable),
        TaskOp::Answer { answered: true, .. } => Err(Refusal::Answered),
        _ => Ok(()),
    }
}

/// Region-wide management, decided by role alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manage {
    CreateTask,
    /// Assign the tasks of a plan (方案任务交办).
    AssignPlan,
    SetRules,
}

/// Whether `role` may perform `m` (admins and coordinators).
pub fn may_manage(role: Role, m: Manage) -> Result<(), Denied> {
    coordinates(role).then_some(()).ok_or(match m {
        Manage::CreateTask => Denied::CreateTask,
        Manage::AssignPlan => Denied::AssignPlan,
        Manage::SetRules => Denied::SetRules,
    })
}

#[cfg(test)]
#[path = "permission_tests.rs"]
mod tests;
