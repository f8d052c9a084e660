//! Scores: target attainment, expert sheets, trimming, rounding, outcomes and ranks.

use crate::input::{Comparator, Rubric, ScoreInput, ScoreParticipant, Sheet, Stage, Target};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// Totals closer than this are equal (trimming ties and rank ties).
pub const TIE: f64 = 1e-9;

/// The result of a scoring; serializes to the contract's JSON.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScoreOutput {
    pub results: Vec<ScoreResult>,
}

/// One participant's result (fields in the contract's order).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScoreResult {
    pub participant: String,
    /// Rounded for display.
    pub quantitative: f64,
    /// Rounded for display.
    pub qualitative: f64,
    /// Rounded; the outcome is decided on this value.
    pub total: f64,
    /// Valid sheets, before trimming.
    pub experts_used: u64,
    /// The two experts whose totals were dropped, in input order (or none).
    pub trimmed: Vec<String>,
    /// Experts whose sheets are invalid, in input order.
    pub invalid: Vec<String>,
    /// Unrounded attainment of every target, in input order.
    pub attainment: Attainment,
    /// Targets without an actual value.
    pub missing: Vec<String>,
    pub outcome: Outcome,
    /// Competition rank by the unrounded total; `None` with too few valid sheets.
    pub rank: Option<u64>,
    /// The unrounded total (not printed).
    #[serde(skip)]
    pub exact_total: f64,
}

/// Target id → attainment, in input order (a JSON object).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Attainment(pub Vec<(String, f64)>);

impl Serialize for Attainment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// The acceptance outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 通过.
    Pass,
    /// 责令整改: re-inspected a year later.
    Rectify,
    /// 取消建设资格.
    Disqualify,
    /// Fewer valid sheets than `min_experts`.
    Incomplete,
}

/// Clamps to [0, 1]; NaN (impossible from JSON input) counts as 0.
fn clamp01(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x.clamp(0.0, 1.0)
    }
}

/// Attainment towards at-least `target`: `actual / target`; for `target` ≤ 0, 1 when reached
/// and 0 when not.
fn at_least(actual: f64, target: f64) -> f64 {
    if target <= 0.0 {
        if actual >= target {
            1.0
        } else {
            0.0
        }
    } else {
        actual / target
    }
}

/// Attainment towards at-most `target`: 1 when `actual` ≤ `target`, else `target / actual`
/// (0 when `target` ≤ 0).
fn at_most(actual: f64, target: f64) -> f64 {
    if actual <= target {
        1.0
    } else if target <= 0.0 {
        0.0
    } else {
        target / actual
    }
}

/// Attainment of one target in [0, 1]; `None` when `actual` is missing (it then counts as 0).
pub fn attainment(t: &Target) -> Option<f64> {
    let actual = t.actual?;
    let a = if t.delta {
        let change = (actual - t.baseline.unwrap_or(0.0)).max(0.0);
        if t.target <= 0.0 {
            1.0
        } else {
            change / t.target
        }
    } else {
        match t.comparator {
            Comparator::Ge | Comparator::Gt | Comparator::Eq | Comparator::Approx => {
                at_least(actual, t.target)
            }
            Comparator::Le | Comparator::Lt => at_most(actual, t.target),
            Comparator::Range => {
                let max = t.target_max.unwrap_or(f64::INFINITY);
                if actual < t.target {
                    at_least(actual, t.target)
                } else if actual > max {
                    at_most(actual, max)
                } else {
                    1.0
                }
            }
        }
    };
    Some(clamp01(a))
}

/// The total of a sheet, or `None` when it is invalid: an item missing, an item not in the
/// rubric, an item twice, or a score outside [0, max]. Items are summed in rubric order.
pub fn sheet_total(sheet: &Sheet, rubric: &Rubric) -> Option<f64> {
    let known = |code: &str| rubric.qualitative.iter().any(|i| i.code == code);
    if sheet.scores.iter().any(|(c, _)| !known(c)) {
        return None;
    }
    let mut total = 0.0;
    for item in &rubric.qualitative {
        let mut found = sheet.scores.iter().filter(|(c, _)| *c == item.code);
        let (_, s) = found.next()?;
        if found.next().is_some() || !(0.0 <= *s && *s <= item.max) {
            return None;
        }
        total += s;
    }
    Some(total)
}

/// Rounds half away from zero to `decimals` places, on the decimal value of `x`.
///
/// Binary floats cannot hold most decimals (2.675 is stored as 2.67499999999999982…), and a
/// computed total carries rounding noise in its last digits. So `x` is first written with 12
/// significant digits (far above any real score's precision and far below float noise), and
/// that decimal is rounded half away from zero: 2.675 → 2.68, 1.005 → 1.01, 0.125 → 0.13,
/// 2.5 → 3 at 0 places. The result is the double nearest the rounded decimal.
pub fn round_half_away(x: f64, decimals: u32) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return if x == 0.0 { 0.0 } else { x };
    }
    // "d.ddddddddddde<exp>": 12 significant digits.
    let s = format!("{:.11e}", x.abs());
    let Some((mantissa, exp)) = s.split_once('e') else {
        return x;
    };
    let Ok(exp) = exp.parse::<i32>() else {
        return x;
    };
    let digits: Vec<u64> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| u64::from(b - b'0'))
        .collect();
    // Digits kept: those before the point (exp + 1) plus `decimals` after it.
    let keep = exp + 1 + decimals as i32;
    let rounded = if keep < 0 {
        0
    } else if keep as usize >= digits.len() {
        return x.signum() * parse_scaled(&digits, exp + 1 - digits.len() as i32, x.abs());
    } else {
        let keep = keep as usize;
        let n = digits[..keep].iter().fold(0u64, |n, d| n * 10 + d);
        n + u64::from(digits[keep] >= 5)
    };
    if rounded == 0 {
        return 0.0;
    }
    let v = format!("{rounded}e-{decimals}")
        .parse::<f64>()
        .unwrap_or(x.abs());
    x.signum() * v
}

/// The double nearest `digits × 10^exp`.
fn parse_scaled(digits: &[u64], exp: i32, fallback: f64) -> f64 {
    let n = digits.iter().fold(0u64, |n, d| n * 10 + d);
    format!("{n}e{exp}").parse::<f64>().unwrap_or(fallback)
}

/// Qualitative score of the valid sheet totals, and the indexes (into `totals`) trimmed.
///
/// Trimming needs at least `trim_from` sheets and at least 3 (so a sheet remains). The highest
/// total dropped is the first of equal highest ones, the lowest the first of equal lowest ones
/// among the others; totals within [`TIE`] are equal.
fn qualitative(totals: &[f64], trim_from: u64) -> (f64, Option<(usize, usize)>) {
    let n = totals.len();
    if n == 0 {
        return (0.0, None);
    }
    if (n as u64) < trim_from || n < 3 {
        return (totals.iter().sum::<f64>() / n as f64, None);
    }
    let mut hi = 0;
    for (i, &t) in totals.iter().enumerate() {
        if t > totals[hi] + TIE {
            hi = i;
        }
    }
    let mut lo = if hi == 0 { 1 } else { 0 };
    for (i, &t) in totals.iter().enumerate() {
        if i != hi && t < totals[lo] - TIE {
            lo = i;
        }
    }
    let kept: f64 = totals
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != hi && *i != lo)
        .map(|(_, t)| t)
        .sum();
    (kept / (n - 2) as f64, Some((hi.min(lo), hi.max(lo))))
}

fn score_one(p: &ScoreParticipant, input: &ScoreInput) -> ScoreResult {
    let rules = &input.rules;
    let mut att = Vec::with_capacity(p.targets.len());
    let mut missing = Vec::new();
    let (mut sum_w, mut sum_wa) = (0.0, 0.0);
    for t in &p.targets {
        let a = attainment(t).unwrap_or_else(|| {
            missing.push(t.id.clone());
            0.0
        });
        let w = if t.weight.is_finite() && t.weight > 0.0 {
            t.weight
        } else {
            0.0
        };
        sum_w += w;
        sum_wa += w * a;
        att.push((t.id.clone(), a));
    }
    let quantitative = if sum_w > 0.0 {
        input.rubric.quantitative_points * sum_wa / sum_w
    } else {
        0.0
    };

    let mut totals = Vec::with_capacity(p.expert_scores.len());
    let mut used = Vec::with_capacity(p.expert_scores.len());
    let mut invalid = Vec::new();
    for s in &p.expert_scores {
        match sheet_total(s, &input.rubric) {
            Some(t) => {
                totals.push(t);
                used.push(s.expert.clone());
            }
            None => invalid.push(s.expert.clone()),
        }
    }
    let (qual, trim) = qualitative(&totals, rules.trim_from);
    let trimmed = match trim {
        Some((a, b)) => [a, b]
            .iter()
            .filter_map(|&i| used.get(i).cloned())
            .collect(),
        None => Vec::new(),
    };
    let complete = totals.len() as u64 >= rules.min_experts;
    let exact = quantitative + qual;
    let total = round_half_away(exact, rules.round);
    let outcome = if p.veto.is_some() {
        Outcome::Disqualify
    } else if !complete {
        Outcome::Incomplete
    } else if total >= rules.pass {
        Outcome::Pass
    } else {
        match rules.stage {
            Stage::First => Outcome::Rectify,
            Stage::Reinspection => Outcome::Disqualify,
        }
    };
    ScoreResult {
        participant: p.id.clone(),
        quantitative: round_half_away(quantitative, rules.round),
        qualitative: round_half_away(qual, rules.round),
        total,
        experts_used: totals.len() as u64,
        trimmed,
        invalid,
        attainment: Attainment(att),
        missing,
        outcome,
        rank: complete.then_some(0),
        exact_total: exact,
    }
}

/// Scores every participant (see the crate documentation for the rules).
pub fn score(input: &ScoreInput) -> ScoreOutput {
    let mut results: Vec<ScoreResult> = input
        .participants
        .iter()
        .map(|p| score_one(p, input))
        .collect();
    // Competition ranking: 1 + the number of ranked totals higher by more than TIE.
    let key = |t: f64| if t.is_nan() { f64::NEG_INFINITY } else { t };
    let mut ranked: Vec<f64> = results
        .iter()
        .filter(|r| r.rank.is_some())
        .map(|r| key(r.exact_total))
        .collect();
    ranked.sort_by(|a, b| b.total_cmp(a));
    for r in &mut results {
        if r.rank.is_some() {
            let t = key(r.exact_total);
            let higher = ranked.partition_point(|&x| x > t + TIE);
            r.rank = Some(higher as u64 + 1);
        }
    }
    ScoreOutput { results }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_half_away_from_zero() {
        assert_eq!(round_half_away(2.675, 2), 2.68);
        assert_eq!(round_half_away(1.005, 2), 1.01);
        assert_eq!(round_half_away(0.125, 2), 0.13);
        assert_eq!(round_half_away(2.5, 0), 3.0);
        assert_eq!(round_half_away(-2.5, 0), -3.0);
        assert_eq!(round_half_away(-2.675, 2), -2.68);
        assert_eq!(round_half_away(2.674999, 2), 2.67);
        assert_eq!(round_half_away(57.484_677_419_354_84, 2), 57.48);
        assert_eq!(round_half_away(0.004, 2), 0.0);
        assert_eq!(round_half_away(0.005, 2), 0.01);
        assert_eq!(round_half_away(0.0004, 2), 0.0);
        assert_eq!(round_half_away(999.995, 2), 1000.0);
        assert_eq!(round_half_away(12.0, 2), 12.0);
        assert_eq!(round_half_away(1e20, 2), 1e20);
        assert_eq!(round_half_away(1.23456789, 9), 1.23456789);
        assert_eq!(round_half_away(0.0, 2).to_string(), "0");
        assert_eq!(round_half_away(-0.001, 2).to_string(), "0");
        // noise from a computation just below the half still rounds up
        assert_eq!(round_half_away((2.67 + 2.68) / 2.0, 2), 2.68);
        assert_eq!(round_half_away(69.48499999999999, 2), 69.49);
        assert!(round_half_away(f64::NAN, 2).is_nan());
    }

    #[test]
    fn trimming_rule() {
        // all equal: the first two are dropped
        assert_eq!(qualitative(&[3.0; 5], 5), (3.0, Some((0, 1))));
        // equal highest: the first of them; lowest among the others
        assert_eq!(qualitative(&[9.0, 5.0, 9.0, 1.0, 5.0], 5).1, Some((0, 3)));
        // equal lowest: the first of them
        assert_eq!(qualitative(&[5.0, 1.0, 9.0, 1.0, 5.0], 5).1, Some((1, 2)));
        // below trim_from: plain mean
        assert_eq!(qualitative(&[1.0, 2.0, 3.0, 6.0], 5), (3.0, None));
        // fewer than three sheets are never trimmed
        assert_eq!(qualitative(&[1.0, 3.0], 0), (2.0, None));
        assert_eq!(qualitative(&[], 0), (0.0, None));
    }
}
