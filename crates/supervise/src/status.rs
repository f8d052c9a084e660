//! The loop (交办 → 签收 → 报送 → 办结申请 → 销号): statuses, actions and units' parts.

use serde::{Deserialize, Serialize};

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
    /// The label as a message (code: the value's own code).
    pub fn label(self) -> innocity_domain::Msg {
        innocity_domain::Msg::new(self.as_str(), self.label_zh(), self.label_en())
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
    /// English label, as the English UI shows it.
    pub fn label_en(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Assigned => "To sign",
            Status::Signed => "In progress",
            Status::Closing => "Under review",
            Status::Closed => "Closed",
        }
    }
    /// Open for edits of the task and its units (not closed: re-open first).
    pub fn editable(self) -> bool {
        self != Status::Closed
    }
    /// A 催办 may be issued: assigned and not closed.
    pub fn urgeable(self) -> bool {
        !matches!(self, Status::Draft | Status::Closed)
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
    pub const ALL: [Action; 7] = [
        Action::Assign,
        Action::Sign,
        Action::Report,
        Action::RequestClose,
        Action::Approve,
        Action::SendBack,
        Action::Reopen,
    ];
    /// The code used in requests and as the loop event's kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Assign => "assign",
            Action::Sign => "sign",
            Action::Report => "report",
            Action::RequestClose => "request_close",
            Action::Approve => "approve",
            Action::SendBack => "send_back",
            Action::Reopen => "reopen",
        }
    }
    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|x| x.as_str() == s)
    }
    /// The label as a message (code: the value's own code).
    pub fn label(self) -> innocity_domain::Msg {
        innocity_domain::Msg::new(self.as_str(), self.label_zh(), self.label_en())
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Action::Assign => "交办",
            Action::Sign => "签收",
            Action::Report => "报送进展",
            Action::RequestClose => "申请办结",
            Action::Approve => "审核通过(销号)",
            Action::SendBack => "退回",
            Action::Reopen => "重新打开",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Action::Assign => "Assign",
            Action::Sign => "Sign for it",
            Action::Report => "Report progress",
            Action::RequestClose => "Request closing",
            Action::Approve => "Approve (close)",
            Action::SendBack => "Send back",
            Action::Reopen => "Re-open",
        }
    }
    /// Steps that need a text: the progress, the closing account or the reason.
    pub fn needs_text(self) -> bool {
        matches!(
            self,
            Action::Report | Action::RequestClose | Action::SendBack | Action::Reopen
        )
    }
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

/// A unit's part in a task: lead (牵头), shared duty (共同负责) or cooperating (配合).
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
    /// The label as a message (code: the value's own code).
    pub fn label(self) -> innocity_domain::Msg {
        innocity_domain::Msg::new(self.as_str(), self.label_zh(), self.label_en())
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Part::Lead => "牵头",
            Part::Joint => "共同负责",
            Part::Coop => "配合",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Part::Lead => "Lead",
            Part::Joint => "Shared duty",
            Part::Coop => "Cooperating",
        }
    }
    /// Lead and shared-duty units carry the task (sign, report, request closing).
    pub fn carries(self) -> bool {
        matches!(self, Part::Lead | Part::Joint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn codes_round_trip_and_every_code_has_both_labels() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert!(!s.label_zh().is_empty() && s.label_en().is_ascii());
        }
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
            assert!(!a.label_zh().is_empty() && a.label_en().is_ascii());
            // The serde name is the code.
            assert_eq!(
                serde_json::to_value(a).unwrap(),
                serde_json::json!(a.as_str())
            );
        }
        for p in [Part::Lead, Part::Joint, Part::Coop] {
            assert_eq!(Part::parse(p.as_str()), Some(p));
            assert!(p.label_en().is_ascii());
        }
        assert_eq!(Action::parse("close"), None);
        assert_eq!(Part::parse("lead "), None);
    }

    #[test]
    fn text_is_needed_except_to_assign_sign_or_approve() {
        let need: Vec<Action> = Action::ALL.into_iter().filter(|a| a.needs_text()).collect();
        assert_eq!(
            need,
            [
                Action::Report,
                Action::RequestClose,
                Action::SendBack,
                Action::Reopen
            ]
        );
    }

    #[test]
    fn urge_and_edit_follow_the_status() {
        let urge: Vec<Status> = Status::ALL.into_iter().filter(|s| s.urgeable()).collect();
        assert_eq!(urge, [Status::Assigned, Status::Signed, Status::Closing]);
        let edit: Vec<Status> = Status::ALL.into_iter().filter(|s| s.editable()).collect();
        assert_eq!(edit.len(), 4);
        assert!(!Status::Closed.editable());
    }
}
