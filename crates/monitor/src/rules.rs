//! Validation rules in DHIS2's manner: a left side, an operator and a right side (each an
//! [`Expr`]), an importance, and a missing-value strategy.
//!
//! Missing-value strategies (as in DHIS2):
//! - [`MissingStrategy::SkipIfAnyMissing`]: the rule is not checked when any referenced value
//!   is missing;
//! - [`MissingStrategy::SkipIfAllMissing`]: not checked when every referenced value is
//!   missing; otherwise missing values count as 0;
//! - [`MissingStrategy::NeverSkip`]: always checked, missing values count as 0.
//!
//! When a side cannot be computed even so (division by zero), the rule is skipped.
//!
//! Kinds: ranges ([`range_rules`]), consistency (`rd_expenditure <= gdp`, parts ≤ total),
//! year-on-year bands ([`yoy_rules`]), and robust outliers ([`peer_outlier`],
//! [`history_outlier`]) scored with the median and the median absolute deviation — not a
//! normal-distribution z-score, which a single extreme value inflates and so hides.

use crate::expr::{Expr, ParseError};
use innocity_domain::Msg;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Le,
    Lt,
    Ge,
    Gt,
    Eq,
    Ne,
}

impl Op {
    pub fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "le" | "<=" => Op::Le,
            "lt" | "<" => Op::Lt,
            "ge" | ">=" => Op::Ge,
            "gt" | ">" => Op::Gt,
            "eq" | "==" => Op::Eq,
            "ne" | "!=" => Op::Ne,
            _ => return None,
        })
    }
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Le => "≤",
            Op::Lt => "<",
            Op::Ge => "≥",
            Op::Gt => ">",
            Op::Eq => "=",
            Op::Ne => "≠",
        }
    }
    /// Whether `l op r` holds. Equality allows a relative tolerance of 1e-9.
    pub fn holds(self, l: f64, r: f64) -> bool {
        let eq = (l - r).abs() <= 1e-9 * l.abs().max(r.abs()).max(1.0);
        match self {
            Op::Le => l <= r || eq,
            Op::Lt => l < r && !eq,
            Op::Ge => l >= r || eq,
            Op::Gt => l > r && !eq,
            Op::Eq => eq,
            Op::Ne => !eq,
        }
    }
}

/// How much a violation matters. Submitting with an unexplained `High` violation is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Importance {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingStrategy {
    SkipIfAnyMissing,
    SkipIfAllMissing,
    NeverSkip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    Range,
    Consistency,
    YearOnYear,
    Outlier,
}

/// One validation rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub code: String,
    pub name: String,
    pub kind: RuleKind,
    pub left: Expr,
    pub op: Op,
    pub right: Expr,
    pub importance: Importance,
    pub missing: MissingStrategy,
}

/// A failed rule, for display beside the values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    pub rule: String,
    pub name: String,
    pub kind: RuleKind,
    pub importance: Importance,
    /// Items the rule reads (to show the violation beside them).
    pub items: Vec<String>,
    pub left: f64,
    pub right: f64,
    /// The message (Chinese and English; the edge picks one).
    pub message: Msg,
}

/// The outcome of checking one rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Passed,
    Skipped,
    Violated(Violation),
}

impl Rule {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        code: &str,
        name: &str,
        kind: RuleKind,
        left: &str,
        op: Op,
        right: &str,
        importance: Importance,
        missing: MissingStrategy,
    ) -> Result<Rule, ParseError> {
        Ok(Rule {
            code: code.into(),
            name: name.into(),
            kind,
            left: Expr::parse(left)?,
            op,
            right: Expr::parse(right)?,
            importance,
            missing,
        })
    }

    /// Items referenced by either side.
    pub fn items(&self) -> Vec<String> {
        let mut s = self.left.items();
        s.extend(self.right.items());
        s.into_iter().collect()
    }

    /// Checks the rule for `year` over `lookup(item, year)`.
    pub fn check(&self, year: i32, lookup: &impl Fn(&str, i32) -> Option<f64>) -> Outcome {
        let vars: Vec<(String, i32)> = self
            .left
            .vars()
            .into_iter()
            .chain(self.right.vars())
            .collect();
        let missing = vars
            .iter()
            .filter(|(n, o)| lookup(n, year + o).is_none())
            .count();
        let skip = match self.missing {
            MissingStrategy::SkipIfAnyMissing => missing > 0,
            MissingStrategy::SkipIfAllMissing => !vars.is_empty() && missing == vars.len(),
            MissingStrategy::NeverSkip => false,
        };
        if skip {
            return Outcome::Skipped;
        }
        let zero_filled = |n: &str, y: i32| Some(lookup(n, y).unwrap_or(0.0));
        let (Some(l), Some(r)) = (
            self.left.eval(year, &zero_filled),
            self.right.eval(year, &zero_filled),
        ) else {
            return Outcome::Skipped;
        };
        if self.op.holds(l, r) {
            return Outcome::Passed;
        }
        Outcome::Violated(Violation {
            rule: self.code.clone(),
            name: self.name.clone(),
            kind: self.kind,
            importance: self.importance,
            items: self.items(),
            left: l,
            right: r,
            message: {
                let (name, op, left, right) =
                    (&self.name, self.op.symbol(), &self.left, &self.right);
                let (lv, rv) = (fmt_num(l), fmt_num(r));
                innocity_domain::msg!(
                    "rule_violated",
                    "{name}: {left} {op} {right} 不成立 ({lv} 对 {rv})",
                    "{name}: {left} {op} {right} does not hold ({lv} against {rv})"
                )
            },
        })
    }
}

fn fmt_num(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// A range as two rules: `item ≥ min` and `item ≤ max` (skipped when the item is missing).
pub fn range_rules(
    item: &str,
    name: &str,
    min: f64,
    max: f64,
    importance: Importance,
) -> Vec<Rule> {
    let mk = |suffix: &str, op, bound: f64| Rule {
        code: format!("range.{item}.{suffix}"),
        name: format!("{name}取值范围"),
        kind: RuleKind::Range,
        left: Expr::Var(item.into(), 0),
        op,
        right: Expr::Num(bound),
        importance,
        missing: MissingStrategy::SkipIfAnyMissing,
    };
    vec![mk("min", Op::Ge, min), mk("max", Op::Le, max)]
}

/// A year-on-year band: the change `x / x[-1] - 1` stays within ±`band` (0.5 = ±50 %).
pub fn yoy_rules(item: &str, name: &str, band: f64, importance: Importance) -> Vec<Rule> {
    let growth = Expr::Bin(
        crate::expr::BinOp::Sub,
        Box::new(Expr::Bin(
            crate::expr::BinOp::Div,
            Box::new(Expr::Var(item.into(), 0)),
            Box::new(Expr::Var(item.into(), -1)),
        )),
        Box::new(Expr::Num(1.0)),
    );
    let mk = |suffix: &str, op, bound: f64| Rule {
        code: format!("yoy.{item}.{suffix}"),
        name: format!("{name}同比变化"),
        kind: RuleKind::YearOnYear,
        left: growth.clone(),
        op,
        right: Expr::Num(bound),
        importance,
        missing: MissingStrategy::SkipIfAnyMissing,
    };
    vec![mk("up", Op::Le, band), mk("down", Op::Ge, -band)]
}

/// Threshold of the modified z-score `0.6745 (x − median) / MAD` above which a value is an
/// outlier (Iglewicz and Hoaglin's recommendation).
pub const MAD_THRESHOLD: f64 = 3.5;
/// Fewest peers (other units, same item and year) for a peer comparison.
pub const MIN_PEERS: usize = 5;
/// Fewest earlier year-on-year changes for a comparison with the unit's own history.
pub const MIN_HISTORY: usize = 3;
/// Scores are capped so they stay finite (a sample of identical values has MAD 0).
const SCORE_CAP: f64 = 1e6;

/// A robust score of `x` against a sample: `(score, median, mad)`.
///
/// The score is `0.6745 (x − median) / MAD`; when MAD is 0 it falls back to
/// `(x − median) / (1.253314 · mean absolute deviation)`; when that is 0 as well (all equal),
/// any other value scores ±cap and the median itself 0.
pub fn robust_score(x: f64, sample: &[f64]) -> Option<(f64, f64, f64)> {
    let s: Vec<f64> = sample.iter().copied().filter(|v| v.is_finite()).collect();
    if s.is_empty() || !x.is_finite() {
        return None;
    }
    let med = median(&s);
    let dev: Vec<f64> = s.iter().map(|v| (v - med).abs()).collect();
    let mad = median(&dev);
    let d = x - med;
    let score = if mad > 0.0 {
        0.6745 * d / mad
    } else {
        let mean_ad = dev.iter().sum::<f64>() / dev.len() as f64;
        if mean_ad > 0.0 {
            d / (1.253314 * mean_ad)
        } else if d == 0.0 {
            0.0
        } else {
            SCORE_CAP.copysign(d)
        }
    };
    Some((score.clamp(-SCORE_CAP, SCORE_CAP), med, mad))
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

/// Flags `x` when it is far from its peers (the same item and year in other units).
/// `peers` excludes `x` itself. Needs at least [`MIN_PEERS`] peers.
pub fn peer_outlier(item: &str, name: &str, x: f64, peers: &[f64]) -> Option<Violation> {
    peer_outlier_at(item, name, x, peers, MAD_THRESHOLD)
}

/// [`peer_outlier`] with another threshold of the robust score (rules stored in a table set
/// their own).
pub fn peer_outlier_at(
    item: &str,
    name: &str,
    x: f64,
    peers: &[f64],
    threshold: f64,
) -> Option<Violation> {
    if peers.len() < MIN_PEERS {
        return None;
    }
    let (score, med, mad) = robust_score(x, peers)?;
    (score.abs() > threshold).then(|| Violation {
        rule: format!("outlier.peers.{item}"),
        name: format!("{name}与同级单位相比异常"),
        kind: RuleKind::Outlier,
        importance: Importance::Medium,
        items: vec![item.into()],
        left: x,
        right: med,
        message: {
            let (x, med, mad) = (fmt_num(x), fmt_num(med), fmt_num(mad));
            innocity_domain::msg!(
                "rule_violated",
                "{name} {x} 远离同级单位的中位数 {med} (稳健分数 {score:.1},中位绝对偏差 {mad})",
                "{name} {x} is far from the peers' median {med} (robust score {score:.1}, median absolute deviation {mad})"
            )
        },
    })
}

/// Flags the change of `year` when it is far from the unit's own earlier year-on-year
/// changes (so steady growth is not flagged, a sudden jump is). `series`: (year, value).
pub fn history_outlier(
    item: &str,
    name: &str,
    year: i32,
    series: &[(i32, f64)],
) -> Option<Violation> {
    history_outlier_at(item, name, year, series, MAD_THRESHOLD)
}

/// [`history_outlier`] with another threshold of the robust score.
pub fn history_outlier_at(
    item: &str,
    name: &str,
    year: i32,
    series: &[(i32, f64)],
    threshold: f64,
) -> Option<Violation> {
    let at = |y: i32| series.iter().find(|(yy, _)| *yy == y).map(|(_, v)| *v);
    let change = |y: i32| {
        let (a, b) = (at(y)?, at(y - 1)?);
        (b != 0.0).then(|| a / b - 1.0)
    };
    let now = change(year)?;
    let earlier: Vec<f64> = series
        .iter()
        .filter(|(y, _)| *y < year)
        .filter_map(|(y, _)| change(*y))
        .collect();
    if earlier.len() < MIN_HISTORY {
        return None;
    }
    let (score, med, _) = robust_score(now, &earlier)?;
    (score.abs() > threshold).then(|| Violation {
        rule: format!("outlier.history.{item}"),
        name: format!("{name}与历年变化相比异常"),
        kind: RuleKind::Outlier,
        importance: Importance::Medium,
        items: vec![item.into()],
        left: now,
        right: med,
        message: {
            let (now, med) = (now * 100.0, med * 100.0);
            innocity_domain::msg!(
                "rule_violated",
                "{name}同比变化 {now:.1}% 远离历年中位数 {med:.1}% (稳健分数 {score:.1})",
                "{name}: the year-on-year change {now:.1}% is far from the earlier years' median {med:.1}% (robust score {score:.1})"
            )
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn look<'a>(
        m: &'a HashMap<(&'static str, i32), f64>,
    ) -> impl Fn(&str, i32) -> Option<f64> + 'a {
        move |n, y| {
            m.iter()
                .find(|((k, yy), _)| *k == n && *yy == y)
                .map(|(_, v)| *v)
        }
    }

    #[test]
    fn consistency_rd_below_gdp() {
        let r = Rule::new(
            "c1",
            "研发经费不超过GDP",
            RuleKind::Consistency,
            "rd_expenditure",
            Op::Le,
            "gdp",
            Importance::High,
            MissingStrategy::SkipIfAnyMissing,
        )
        .unwrap();
        let mut m = HashMap::from([(("rd_expenditure", 2023), 50.0), (("gdp", 2023), 3000.0)]);
        assert_eq!(r.check(2023, &look(&m)), Outcome::Passed);
        m.insert(("rd_expenditure", 2023), 4000.0);
        match r.check(2023, &look(&m)) {
            Outcome::Violated(v) => {
                assert_eq!(v.importance, Importance::High);
                assert_eq!(v.items, vec!["gdp", "rd_expenditure"]);
                assert!(v.message.zh.contains("4000"), "{}", v.message);
            }
            o => panic!("{o:?}"),
        }
        assert_eq!(r.check(2022, &look(&m)), Outcome::Skipped);
    }

    #[test]
    fn missing_value_strategies() {
        // parts ≤ total: a + b ≤ total.
        let mk = |s| {
            Rule::new(
                "p",
                "分项不超过合计",
                RuleKind::Consistency,
                "a + b",
                Op::Le,
                "total",
                Importance::Medium,
                s,
            )
            .unwrap()
        };
        let only_a = HashMap::from([(("a", 2023), 5.0), (("total", 2023), 4.0)]);
        let none: HashMap<(&str, i32), f64> = HashMap::new();
        // Any missing: b is missing → skipped.
        assert_eq!(
            mk(MissingStrategy::SkipIfAnyMissing).check(2023, &look(&only_a)),
            Outcome::Skipped
        );
        // All missing: not all → checked with b = 0 → 5 ≤ 4 fails.
        assert!(matches!(
            mk(MissingStrategy::SkipIfAllMissing).check(2023, &look(&only_a)),
            Outcome::Violated(_)
        ));
        assert_eq!(
            mk(MissingStrategy::SkipIfAllMissing).check(2023, &look(&none)),
            Outcome::Skipped
        );
        // Never skip: all zero → 0 ≤ 0 passes.
        assert_eq!(
            mk(MissingStrategy::NeverSkip).check(2023, &look(&none)),
            Outcome::Passed
        );
    }

    #[test]
    fn division_by_zero_skips_even_when_never_skipping() {
        let r = Rule::new(
            "d",
            "x",
            RuleKind::Range,
            "a / b",
            Op::Le,
            "1",
            Importance::Low,
            MissingStrategy::NeverSkip,
        )
        .unwrap();
        assert_eq!(r.check(2023, &|_, _| None), Outcome::Skipped);
    }

    #[test]
    fn ranges_and_bounds_are_inclusive() {
        let rules = range_rules("rd_intensity", "研发强度", 0.0, 10.0, Importance::High);
        let check = |v: f64| {
            rules
                .iter()
                .filter(|r| matches!(r.check(2023, &|_, _| Some(v)), Outcome::Violated(_)))
                .count()
        };
        assert_eq!(check(0.0), 0);
        assert_eq!(check(10.0), 0);
        assert_eq!(check(10.5), 1);
        assert_eq!(check(-1.0), 1);
    }

    #[test]
    fn year_on_year_band() {
        let rules = yoy_rules("gdp", "GDP", 0.3, Importance::Medium);
        let m = HashMap::from([
            (("gdp", 2022), 100.0),
            (("gdp", 2023), 135.0),
            (("gdp", 2021), 95.0),
        ]);
        let v: Vec<_> = rules
            .iter()
            .filter_map(|r| match r.check(2023, &look(&m)) {
                Outcome::Violated(v) => Some(v),
                _ => None,
            })
            .collect();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].rule, "yoy.gdp.up");
        assert!(rules
            .iter()
            .all(|r| r.check(2022, &look(&m)) == Outcome::Passed));
        assert!(rules
            .iter()
            .all(|r| r.check(2021, &look(&m)) == Outcome::Skipped));
    }

    #[test]
    fn op_holds_with_tolerance() {
        assert!(Op::Eq.holds(0.1 + 0.2, 0.3));
        assert!(!Op::Lt.holds(0.1 + 0.2, 0.3));
        assert!(Op::Ne.holds(1.0, 2.0));
        assert!(Op::Gt.holds(2.0, 1.0));
        assert_eq!(Op::parse("<="), Some(Op::Le));
        assert_eq!(Op::parse("~"), None);
    }

    #[test]
    fn mad_is_robust_where_a_z_score_is_not() {
        // One huge value among peers inflates the standard deviation so a z-score of the
        // second outlier stays small; the MAD score still flags it.
        let peers = [10.0, 11.0, 9.5, 10.5, 10.2, 1000.0];
        let x = 40.0;
        let mean = peers.iter().sum::<f64>() / peers.len() as f64;
        let sd =
            (peers.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / peers.len() as f64).sqrt();
        assert!(((x - mean) / sd).abs() < 1.0, "z-score misses it");
        let v = peer_outlier("x", "某项", x, &peers).expect("MAD flags it");
        assert_eq!(v.kind, RuleKind::Outlier);
        assert!((v.right - 10.35).abs() < 1e-9, "median of peers");
        assert!(peer_outlier("x", "某项", 10.8, &peers).is_none());
    }

    #[test]
    fn thresholds_are_configurable() {
        let peers = [10.0, 11.0, 9.5, 10.5, 10.2, 9.8];
        // 13 scores about 6: flagged at 3.5, not at 10.
        assert!(peer_outlier_at("x", "x", 13.0, &peers, 3.5).is_some());
        assert!(peer_outlier_at("x", "x", 13.0, &peers, 10.0).is_none());
        let series: Vec<(i32, f64)> = [100.0, 108.0, 116.0, 126.0, 160.0]
            .iter()
            .enumerate()
            .map(|(i, v)| (2020 + i as i32, *v))
            .collect();
        assert!(history_outlier_at("x", "x", 2024, &series, 3.5).is_some());
        assert!(history_outlier_at("x", "x", 2024, &series, 1e7).is_none());
    }

    #[test]
    fn outliers_need_enough_peers_and_handle_zero_mad() {
        assert!(
            peer_outlier("x", "x", 1e9, &[1.0, 2.0, 3.0, 4.0]).is_none(),
            "too few peers"
        );
        let same = [5.0; 6];
        assert!(peer_outlier("x", "x", 5.0, &same).is_none());
        assert!(peer_outlier("x", "x", 6.0, &same).is_some());
        let (s, _, _) = robust_score(6.0, &same).unwrap();
        assert!(s.is_finite());
        assert_eq!(robust_score(f64::NAN, &same), None);
        assert_eq!(robust_score(1.0, &[]), None);
    }

    #[test]
    fn history_flags_a_jump_not_steady_growth() {
        let steady: Vec<(i32, f64)> = (2018..=2024)
            .map(|y| (y, 100.0 * 1.08f64.powi(y - 2018)))
            .collect();
        // Slight noise so MAD is not 0.
        let mut noisy = steady.clone();
        let noise = [1.0, 1.004, 0.997, 1.006, 0.999, 1.003, 1.001];
        for (p, k) in noisy.iter_mut().zip(noise) {
            p.1 *= k;
        }
        assert!(history_outlier("x", "x", 2024, &noisy).is_none());
        let mut jump = noisy.clone();
        jump.last_mut().unwrap().1 *= 2.0;
        let v = history_outlier("x", "x", 2024, &jump).expect("a doubling is flagged");
        assert!(v.left > 0.9);
        assert!(
            history_outlier("x", "x", 2021, &jump).is_none(),
            "too little history"
        );
    }
}
