//! Participant status lifecycle (建设状态):
//! 建设中 → 待验收 → 通过 | 整改中 → 通过 | 取消.

use serde::{Deserialize, Serialize};

/// Status of a participant (a city or county in a programme batch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantStatus {
    /// 建设中.
    Building,
    /// 待验收.
    PendingAcceptance,
    /// 通过.
    Passed,
    /// 整改中 (责令整改, re-inspected after one year).
    Rectifying,
    /// 取消 (取消建设资格).
    Cancelled,
}

/// A refused transition, with a message for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("不允许的状态变更:{from} → {to}(允许:{allowed})")]
pub struct TransitionError {
    pub from: &'static str,
    pub to: &'static str,
    pub allowed: String,
    /// The same in English.
    pub from_en: &'static str,
    pub to_en: &'static str,
    pub allowed_en: String,
}

impl TransitionError {
    /// The refusal as a bilingual message (code `transition`).
    pub fn msg(&self) -> crate::Msg {
        let (from, to, allowed) = (self.from, self.to, &self.allowed);
        let (from_en, to_en, allowed_en) = (self.from_en, self.to_en, &self.allowed_en);
        msg!(
            "transition",
            "不允许的状态变更:{from} → {to}(允许:{allowed})",
            "This status change is not allowed: {from_en} → {to_en} (allowed: {allowed_en})"
        )
    }
}

impl ParticipantStatus {
    pub const ALL: [ParticipantStatus; 5] = [
        ParticipantStatus::Building,
        ParticipantStatus::PendingAcceptance,
        ParticipantStatus::Passed,
        ParticipantStatus::Rectifying,
        ParticipantStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ParticipantStatus::Building => "building",
            ParticipantStatus::PendingAcceptance => "pending_acceptance",
            ParticipantStatus::Passed => "passed",
            ParticipantStatus::Rectifying => "rectifying",
            ParticipantStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The label as a message (code: the value's own code).
    pub fn label(self) -> crate::Msg {
        crate::Msg::new(self.as_str(), self.label_zh(), self.label_en())
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            ParticipantStatus::Building => "建设中",
            ParticipantStatus::PendingAcceptance => "待验收",
            ParticipantStatus::Passed => "通过",
            ParticipantStatus::Rectifying => "整改中",
            ParticipantStatus::Cancelled => "取消",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ParticipantStatus::Building => "Under construction",
            ParticipantStatus::PendingAcceptance => "Awaiting acceptance",
            ParticipantStatus::Passed => "Passed",
            ParticipantStatus::Rectifying => "Rectifying",
            ParticipantStatus::Cancelled => "Disqualified",
        }
    }

    /// The statuses this one may move to.
    pub fn allowed_next(self) -> &'static [ParticipantStatus] {
        use ParticipantStatus::*;
        match self {
            Building => &[PendingAcceptance],
            PendingAcceptance => &[Passed, Rectifying],
            Rectifying => &[Passed, Cancelled],
            Passed | Cancelled => &[],
        }
    }

    /// Checks a transition and returns the new status, or a message naming what is allowed.
    pub fn transition(self, to: ParticipantStatus) -> Result<ParticipantStatus, TransitionError> {
        if self.allowed_next().contains(&to) {
            Ok(to)
        } else {
            let allowed = self
                .allowed_next()
                .iter()
                .map(|s| s.label_zh())
                .collect::<Vec<_>>();
            let allowed_en = self
                .allowed_next()
                .iter()
                .map(|s| s.label_en())
                .collect::<Vec<_>>();
            Err(TransitionError {
                from: self.label_zh(),
                to: to.label_zh(),
                allowed: if allowed.is_empty() {
                    "无(终态)".into()
                } else {
                    allowed.join("、")
                },
                from_en: self.label_en(),
                to_en: to.label_en(),
                allowed_en: if allowed_en.is_empty() {
                    "none (final status)".into()
                } else {
                    allowed_en.join(", ")
                },
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ParticipantStatus::*;
    use super::*;

    #[test]
    fn lifecycle_paths() {
        assert_eq!(
            Building.transition(PendingAcceptance),
            Ok(PendingAcceptance)
        );
        assert_eq!(PendingAcceptance.transition(Passed), Ok(Passed));
        assert_eq!(PendingAcceptance.transition(Rectifying), Ok(Rectifying));
        assert_eq!(Rectifying.transition(Passed), Ok(Passed));
        assert_eq!(Rectifying.transition(Cancelled), Ok(Cancelled));
    }

    #[test]
    fn illegal_transitions_are_refused_with_message() {
        let e = Building.transition(Passed).unwrap_err();
        assert!(e.to_string().contains("建设中 → 通过"), "{e}");
        assert!(e.to_string().contains("待验收"), "{e}");
        assert!(Passed
            .transition(Building)
            .unwrap_err()
            .to_string()
            .contains("终态"));
        assert!(PendingAcceptance.transition(Cancelled).is_err());
        for s in ParticipantStatus::ALL {
            assert!(s.transition(s).is_err(), "self-transition {s:?}");
        }
    }

    #[test]
    fn parse_round_trip() {
        for s in ParticipantStatus::ALL {
            assert_eq!(ParticipantStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn english_labels() {
        assert_eq!(PendingAcceptance.label_en(), "Awaiting acceptance");
        let en: std::collections::HashSet<_> = ParticipantStatus::ALL
            .iter()
            .map(|s| s.label_en())
            .collect();
        assert_eq!(en.len(), ParticipantStatus::ALL.len());
        assert!(en.iter().all(|l| l.is_ascii()));
    }
}
