//! Outlier treatment, COINr 1.1.14 semantics (`Treat` with `check_SkewKurt`, `winsorise`,
//! `log_CT`, `log_CT_orig`, `boxcox`).

use crate::method::{Fallback, TreatSpec};
use crate::stats::{max, min, skew_kurt};

/// Result of the skew/kurtosis test with R's three-valued logic (`None` = NA).
pub fn pass_test(x: &[f64], skew_t: f64, kurt_t: f64) -> (Option<bool>, f64, f64) {
    let (s, k) = skew_kurt(x);
    // (abs(sk) < skew_thresh) | (kt < kurt_thresh), with NA propagation
    let a = if s.is_nan() {
        None
    } else {
        Some(s.abs() < skew_t)
    };
    let b = if k.is_nan() { None } else { Some(k < kurt_t) };
    let p = match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    };
    (p, s, k)
}

/// Per-column treatment record (one row of `treat_log_indicators.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct TreatLog {
    pub skew_before: f64,
    pub kurt_before: f64,
    pub pass_before: Option<bool>,
    pub winsorised: bool,
    pub n_winsorised: usize,
    pub side: String,
    pub skew_after_win: f64,
    pub kurt_after_win: f64,
    pub pass_after_win: Option<bool>,
    pub log_transformed: bool,
    pub final_treatment: String,
    pub skew_after_log: f64,
    pub kurt_after_log: f64,
    pub pass_after_log: Option<bool>,
}

impl TreatLog {
    pub(crate) fn new(s: f64, k: f64, p: Option<bool>) -> Self {
        TreatLog {
            skew_before: s,
            kurt_before: k,
            pass_before: p,
            winsorised: false,
            n_winsorised: 0,
            side: String::new(),
            skew_after_win: f64::NAN,
            kurt_after_win: f64::NAN,
            pass_after_win: None,
            log_transformed: false,
            final_treatment: "none".into(),
            skew_after_log: f64::NAN,
            kurt_after_log: f64::NAN,
            pass_after_log: None,
        }
    }
}

/// Treated points: (row index in the column, label, before, after).
pub type Points = Vec<(usize, &'static str, f64, f64)>;

/// COINr point label: winsorisation side joined with the transformation, e.g. `winhi+log_CT`.
fn point_label(win: &str, f2: &str) -> &'static str {
    match (win, f2) {
        ("winhi", "") => "winhi",
        ("winlo", "") => "winlo",
        ("", "log_CT") => "+log_CT",
        ("winhi", "log_CT") => "winhi+log_CT",
        ("winlo", "log_CT") => "winlo+log_CT",
        ("", "log_CT_orig") => "+log_CT_orig",
        ("winhi", "log_CT_orig") => "winhi+log_CT_orig",
        ("winlo", "log_CT_orig") => "winlo+log_CT_orig",
        ("", "boxcox") => "+boxcox",
        ("winhi", "boxcox") => "winhi+boxcox",
        ("winlo", "boxcox") => "winlo+boxcox",
        _ => "",
    }
}

/// Winsorisation loop. Returns the column, nwin, positions changed high/low, and whether an NA
/// test result occurred (COINr then returns the column untreated).
fn winsorise(
    x0: &[f64],
    spec: &TreatSpec,
    winmax: usize,
    first: (Option<bool>, f64),
) -> Option<(Vec<f64>, usize, Vec<usize>, Vec<usize>)> {
    let mut x = x0.to_vec();
    let (mut passing, mut s) = first;
    let mut nwin = 0usize;
    let mut imax: Vec<usize> = Vec::new();
    let mut imin: Vec<usize> = Vec::new();
    // COINr: `nwin < winmax` (winmax = 0 means no winsorisation at all)
    let below = |n: usize| n < winmax;
    let not_pass = |p: Option<bool>| p.map(|b| !b);
    // while ((!passing | force_win) & below_winmax)
    let cond = |p: Option<bool>, n: usize| -> Option<bool> {
        let a = if spec.force_win {
            Some(true)
        } else {
            not_pass(p)
        };
        let b = below(n);
        match (a, b) {
            (_, false) => Some(false),
            (Some(v), true) => Some(v),
            (None, true) => None,
        }
    };
    loop {
        match cond(passing, nwin) {
            None => return None,
            Some(false) => break,
            Some(true) => {}
        }
        if s.is_nan() {
            return None;
        }
        if s >= 0.0 {
            // positions of the maximum (ties included) and the largest value below it
            let m = max(&x);
            let mut rest = f64::NAN;
            imax.clear();
            for (i, &v) in x.iter().enumerate() {
                if v == m {
                    imax.push(i);
                } else if !v.is_nan() && (rest.is_nan() || v > rest) {
                    rest = v;
                }
            }
            if rest.is_nan() {
                return None;
            }
            for &i in &imax {
                x[i] = rest;
            }
        } else {
            let m = min(&x);
            let mut rest = f64::NAN;
            imin.clear();
            for (i, &v) in x.iter().enumerate() {
                if v == m {
                    imin.push(i);
                } else if !v.is_nan() && (rest.is_nan() || v < rest) {
                    rest = v;
                }
            }
            if rest.is_nan() {
                return None;
            }
            for &i in &imin {
                x[i] = rest;
            }
        }
        nwin = imax.len() + imin.len();
        let (p2, s2, _) = pass_test(&x, spec.skew, spec.kurtosis);
        passing = p2;
        s = s2;
    }
    Some((x, nwin, imax, imin))
}

fn log_ct(x: &[f64]) -> Vec<f64> {
    let (mn, mx) = (min(x), max(x));
    x.iter()
        .map(|&v| (v - mn + 0.01 * (mx - mn)).ln())
        .collect()
}

fn log_ct_orig(x: &[f64]) -> Vec<f64> {
    let mn = min(x);
    x.iter().map(|&v| (v - mn + 1.0).ln()).collect()
}

fn boxcox(x: &[f64], lambda: f64) -> Vec<f64> {
    let mn = min(x);
    x.iter()
        .map(|&v| {
            let y = v - mn + 1.0;
            if lambda == 0.0 {
                y.ln()
            } else {
                (y.powf(lambda) - 1.0) / lambda
            }
        })
        .collect()
}

/// Treat one column. `winmax` overrides the spec's (used by uncertainty runs).
pub fn treat_column(
    x0: &[f64],
    spec: &TreatSpec,
    winmax: usize,
    want_points: bool,
) -> (Vec<f64>, TreatLog, Points) {
    let (p0, s0, k0) = pass_test(x0, spec.skew, spec.kurtosis);
    let mut log = TreatLog::new(s0, k0, p0);
    let mut points = Vec::new();
    // COINr applies f1 only when the original column fails (force_win acts inside the loop)
    if p0 != Some(false) {
        return (x0.to_vec(), log, points);
    }
    // f1: winsorise
    let (xw, nwin, imax, imin) = match winsorise(x0, spec, winmax, (p0, s0)) {
        Some(r) => r,
        None => {
            log.final_treatment = "none (test undefined)".into();
            return (x0.to_vec(), log, points);
        }
    };
    log.winsorised = true;
    log.n_winsorised = nwin;
    log.side = match (imax.is_empty(), imin.is_empty()) {
        (false, true) => "high".into(),
        (true, false) => "low".into(),
        (false, false) => "high+low".into(),
        (true, true) => String::new(),
    };
    let (p1, s1, k1) = pass_test(&xw, spec.skew, spec.kurtosis);
    log.skew_after_win = s1;
    log.kurt_after_win = k1;
    log.pass_after_win = p1;
    let mut labels = vec![""; x0.len()];
    for &i in &imax {
        labels[i] = "winhi";
    }
    for &i in &imin {
        labels[i] = "winlo";
    }
    let p1 = match p1 {
        None => {
            log.final_treatment = "none (test undefined)".into();
            return (x0.to_vec(), log, points);
        }
        Some(b) => b,
    };
    if p1 || spec.fallback == Fallback::None {
        log.final_treatment = "winsorised".into();
        if want_points {
            for i in 0..x0.len() {
                if !labels[i].is_empty() {
                    points.push((i, point_label(labels[i], ""), x0[i], xw[i]));
                }
            }
        }
        return (xw, log, points);
    }
    // f2 on the original column (or on the winsorised one with combine)
    let base: &[f64] = if spec.combine { &xw } else { x0 };
    let (y, name) = match spec.fallback {
        Fallback::LogCt => (log_ct(base), "log_CT"),
        Fallback::LogCtOrig => (log_ct_orig(base), "log_CT_orig"),
        Fallback::BoxCox => (boxcox(base, spec.lambda), "boxcox"),
        Fallback::None => unreachable_none(base),
    };
    let (p2, s2, k2) = pass_test(&y, spec.skew, spec.kurtosis);
    log.log_transformed = true;
    log.skew_after_log = s2;
    log.kurt_after_log = k2;
    log.pass_after_log = p2;
    if p2.is_none() {
        log.final_treatment = "none (test undefined)".into();
        return (x0.to_vec(), log, points);
    }
    log.final_treatment = if spec.combine {
        format!("winsorised+{name}")
    } else {
        format!("{name}(original)")
    };
    if want_points {
        for i in 0..x0.len() {
            points.push((i, point_label(labels[i], name), x0[i], y[i]));
        }
    }
    (y, log, points)
}

fn unreachable_none(base: &[f64]) -> (Vec<f64>, &'static str) {
    (base.to_vec(), "none")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(winmax: usize) -> TreatSpec {
        TreatSpec {
            winmax,
            skew: 2.0,
            kurtosis: 3.5,
            fallback: Fallback::LogCt,
            combine: false,
            skip: vec![],
            force_win: false,
            lambda: 0.5,
        }
    }

    #[test]
    fn winsorises_one_outlier() {
        let mut x: Vec<f64> = (1..=20).map(|v| v as f64).collect();
        x.push(1000.0);
        let (y, log, pts) = treat_column(&x, &spec(5), 5, true);
        assert!(log.winsorised);
        assert_eq!(log.n_winsorised, 1);
        assert_eq!(y[20], 20.0);
        assert_eq!(pts.len(), 1);
        assert_eq!(log.final_treatment, "winsorised");
    }

    #[test]
    fn falls_back_to_log_on_original() {
        // heavy tail that needs more than 1 point
        let mut x: Vec<f64> = (1..=30).map(|v| v as f64).collect();
        x.extend([500.0, 800.0, 1200.0, 3000.0]);
        let (y, log, _) = treat_column(&x, &spec(1), 1, false);
        assert!(log.log_transformed);
        let (mn, mx) = (1.0, 3000.0);
        assert!((y[0] - (1.0f64 - mn + 0.01 * (mx - mn)).ln()).abs() < 1e-15);
        assert_eq!(log.final_treatment, "log_CT(original)");
    }

    #[test]
    fn ties_change_several_points() {
        let mut x: Vec<f64> = (1..=20).map(|v| v as f64).collect();
        x.push(900.0);
        x.push(900.0);
        let (_, log, _) = treat_column(&x, &spec(5), 5, false);
        assert_eq!(log.n_winsorised, 2);
    }
}
