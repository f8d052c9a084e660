//! The configurable rules: warning window, sign days, report cadence, reminders, points.

use innocity_domain::{msg, Msg};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    pub fn check(&self) -> BTreeMap<String, Msg> {
        let mut e = BTreeMap::new();
        let mut range = |f: &str, v: f64, lo: f64, hi: f64| {
            if !(v.is_finite() && (lo..=hi).contains(&v)) {
                e.insert(
                    f.to_string(),
                    msg!(
                        "out_of_range",
                        "须在 {lo}–{hi} 之间",
                        "Must be between {lo} and {hi}"
                    ),
                );
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
                e.insert(
                    f.to_string(),
                    msg!(
                        "out_of_range",
                        "至多 10 个 0–365 之间的天数",
                        "At most 10 numbers of days, each 0–365"
                    ),
                );
            }
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
