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
}
