//! Target tracking: for one target of a plan and the indicator's yearly actuals, the
//! baseline, the latest actual, progress, required versus actual annual growth, a forecast for
//! the target year and a status.
//!
//! # Definitions
//!
//! - **Target value**: the plan's value; for `delta` targets ("提高 2 个百分点") the baseline
//!   plus the value; for `range` targets the bound on the side of the latest value.
//! - **Baseline**: the actual of `baseline_year` (the plan's base year) when given and
//!   observed, otherwise the earliest observation.
//! - **Progress**: `(latest − baseline) / (target − baseline)`; 1 means the distance is
//!   covered. When baseline equals the target, progress is 1 if the target is met, else 0.
//! - **Required annual growth**: `(target / latest)^(1 / (target year − latest year)) − 1`;
//!   **actual growth so far**: `(latest / baseline)^(1 / (latest year − baseline year)) − 1`
//!   (compound rates; only for positive values).
//! - **Forecast** ([`forecast`]): a **log-linear trend** — least squares of `ln(value)` on the
//!   year over every observation, evaluated at the target year — which is the compound
//!   annual growth rate (CAGR) extrapolation when there are two observations. Series with a
//!   zero or negative value use a linear trend instead. Needs two observations.
//!
//! # Status
//!
//! 1. no observation → 无数据;
//! 2. the latest actual satisfies the target → **已达标**;
//! 3. the target year has been reached (latest year ≥ target year) without meeting it →
//!    **严重滞后**;
//! 4. targets without a year (annual targets, "每年…"): attainment `latest / target` (or
//!    `target / latest` for "at most" targets) ≥ [`ANNUAL_LAGGING_MIN_ATTAINMENT`] → 滞后,
//!    else 严重滞后;
//! 5. otherwise the forecast decides: meets the target → **正常**; covers at least
//!    [`LAGGING_MIN_FORECAST_PROGRESS`] of the distance from baseline to target → **滞后**;
//!    less → **严重滞后**. Without a forecast (a single observation) → 滞后.
//!
//! `approx` ("53% 左右") counts as met within [`APPROX_TOLERANCE`] below the value (and
//! anything above it); `eq` is treated as "reach the value".

use serde::Serialize;

/// `approx` targets are met from `value × (1 − APPROX_TOLERANCE)` upwards.
pub const APPROX_TOLERANCE: f64 = 0.05;
/// A forecast covering at least this share of the baseline→target distance is 滞后
/// (lagging); less is 严重滞后 (seriously lagging).
pub const LAGGING_MIN_FORECAST_PROGRESS: f64 = 0.8;
/// Annual targets reaching at least this share of the value are 滞后, less 严重滞后.
pub const ANNUAL_LAGGING_MIN_ATTAINMENT: f64 = 0.8;

/// A target as the plan states it.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetSpec {
    /// ge gt le lt eq approx range.
    pub comparator: String,
    pub value: Option<f64>,
    pub value_max: Option<f64>,
    pub year: Option<i32>,
    pub delta: bool,
    /// The plan's base year, when known.
    pub baseline_year: Option<i32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    OnTrack,
    Lagging,
    SeriouslyLagging,
    NoData,
}

impl Status {
    /// The code (as serialised).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::OnTrack => "on_track",
            Status::Lagging => "lagging",
            Status::SeriouslyLagging => "seriously_lagging",
            Status::NoData => "no_data",
        }
    }
    /// The label as a message.
    pub fn label(self) -> innocity_domain::Msg {
        innocity_domain::Msg::new(self.as_str(), self.label_zh(), self.label_en())
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Status::Met => "Met",
            Status::OnTrack => "On track",
            Status::Lagging => "Lagging",
            Status::SeriouslyLagging => "Seriously lagging",
            Status::NoData => "No data",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Met => "已达标",
            Status::OnTrack => "正常",
            Status::Lagging => "滞后",
            Status::SeriouslyLagging => "严重滞后",
            Status::NoData => "无数据",
        }
    }
    /// Traffic-light colour of the scorecard.
    pub fn light(self) -> &'static str {
        match self {
            Status::Met | Status::OnTrack => "green",
            Status::Lagging => "yellow",
            Status::SeriouslyLagging => "red",
            Status::NoData => "grey",
        }
    }
}

/// A point of a series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    pub year: i32,
    pub value: f64,
}

/// The tracking of one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tracking {
    /// The absolute value to reach (after `delta` and `range` resolution).
    pub target_value: Option<f64>,
    pub baseline: Option<Point>,
    pub latest: Option<Point>,
    pub progress: Option<f64>,
    pub required_growth: Option<f64>,
    pub actual_growth: Option<f64>,
    pub forecast: Option<f64>,
    /// `log_linear` or `linear` (see the module documentation).
    pub forecast_method: Option<&'static str>,
    pub status: Status,
    pub status_label: innocity_domain::Msg,
    pub light: &'static str,
}

/// Whether lower values are better for this comparator.
fn lower_is_better(cmp: &str) -> bool {
    matches!(cmp, "le" | "lt")
}

/// Whether `v` satisfies the target.
pub fn satisfies(spec: &TargetSpec, target: f64, v: f64) -> bool {
    let eps = 1e-9 * target.abs().max(1.0);
    match spec.comparator.as_str() {
        "ge" | "eq" => v >= target - eps,
        "gt" => v > target + eps,
        "le" => v <= target + eps,
        "lt" => v < target - eps,
        "approx" => v >= target - APPROX_TOLERANCE * target.abs() - eps,
        "range" => {
            let lo = spec.value.unwrap_or(target);
            let hi = spec.value_max.unwrap_or(target);
            v >= lo - eps && v <= hi + eps
        }
        _ => false,
    }
}

/// Forecast for `year` from a series (see the module documentation for the method).
pub fn forecast(series: &[Point], year: i32) -> Option<(f64, &'static str)> {
    if series.len() < 2 {
        return None;
    }
    let positive = series.iter().all(|p| p.value > 0.0);
    let xs: Vec<f64> = series.iter().map(|p| p.year as f64).collect();
    let ys: Vec<f64> = series
        .iter()
        .map(|p| if positive { p.value.ln() } else { p.value })
        .collect();
    let n = xs.len() as f64;
    let mx = xs.iter().sum::<f64>() / n;
    let my = ys.iter().sum::<f64>() / n;
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let b = sxy / sxx;
    let y = my + b * (year as f64 - mx);
    let v = if positive { y.exp() } else { y };
    v.is_finite()
        .then_some((v, if positive { "log_linear" } else { "linear" }))
}

fn cagr(from: Point, to: Point) -> Option<f64> {
    let years = to.year - from.year;
    (years > 0 && from.value > 0.0 && to.value > 0.0)
        .then(|| (to.value / from.value).powf(1.0 / years as f64) - 1.0)
}

/// Tracks one target over `series` (any order; one value per year).
pub fn track(spec: &TargetSpec, series: &[(i32, f64)]) -> Tracking {
    let mut s: Vec<Point> = series
        .iter()
        .filter(|(_, v)| v.is_finite())
        .map(|&(year, value)| Point { year, value })
        .collect();
    s.sort_by_key(|p| p.year);
    s.dedup_by_key(|p| p.year);
    let latest = s.last().copied();
    let baseline = spec
        .baseline_year
        .and_then(|y| s.iter().find(|p| p.year == y).copied())
        .or_else(|| s.first().copied());
    let target_value = match (spec.comparator.as_str(), spec.delta) {
        (_, true) => baseline.zip(spec.value).map(|(b, v)| b.value + v),
        ("range", _) => match (latest, spec.value, spec.value_max) {
            (Some(l), Some(lo), Some(hi)) => Some(if l.value > hi { hi } else { lo }),
            (_, lo, _) => lo,
        },
        _ => spec.value,
    };
    let mut t = Tracking {
        target_value,
        baseline,
        latest,
        progress: None,
        required_growth: None,
        actual_growth: None,
        forecast: None,
        forecast_method: None,
        status: Status::NoData,
        status_label: Status::NoData.label(),
        light: "",
    };
    let (Some(target), Some(latest), Some(base)) = (target_value, latest, baseline) else {
        return finish(t);
    };
    let met = satisfies(spec, target, latest.value);
    t.progress = Some(if (target - base.value).abs() < 1e-12 {
        if met {
            1.0
        } else {
            0.0
        }
    } else {
        (latest.value - base.value) / (target - base.value)
    });
    t.actual_growth = cagr(base, latest);
    if let Some(ty) = spec.year {
        if ty > latest.year {
            t.required_growth = cagr(
                latest,
                Point {
                    year: ty,
                    value: target,
                },
            );
        }
        if let Some((f, m)) = forecast(&s, ty) {
            t.forecast = Some(f);
            t.forecast_method = Some(m);
        }
    }
    t.status = if met {
        Status::Met
    } else if let Some(ty) = spec.year {
        if latest.year >= ty {
            Status::SeriouslyLagging
        } else if let Some(f) = t.forecast {
            let covered = if (target - base.value).abs() < 1e-12 {
                0.0
            } else {
                (f - base.value) / (target - base.value)
            };
            if satisfies(spec, target, f) {
                Status::OnTrack
            } else if covered >= LAGGING_MIN_FORECAST_PROGRESS {
                Status::Lagging
            } else {
                Status::SeriouslyLagging
            }
        } else {
            Status::Lagging
        }
    } else {
        let attainment = if lower_is_better(&spec.comparator) {
            (latest.value != 0.0).then(|| target / latest.value)
        } else {
            (target != 0.0).then(|| latest.value / target)
        };
        if attainment.is_some_and(|a| a >= ANNUAL_LAGGING_MIN_ATTAINMENT) {
            Status::Lagging
        } else {
            Status::SeriouslyLagging
        }
    };
    finish(t)
}

fn finish(mut t: Tracking) -> Tracking {
    t.status_label = t.status.label();
    t.light = t.status.light();
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(cmp: &str, value: f64, year: Option<i32>) -> TargetSpec {
        TargetSpec {
            comparator: cmp.into(),
            value: Some(value),
            value_max: None,
            year,
            delta: false,
            baseline_year: None,
        }
    }

    fn growth(start: f64, rate: f64, years: std::ops::RangeInclusive<i32>) -> Vec<(i32, f64)> {
        let y0 = *years.start();
        years
            .map(|y| (y, start * (1.0 + rate).powi(y - y0)))
            .collect()
    }

    #[test]
    fn met_when_the_latest_satisfies() {
        let t = track(&spec("ge", 3.0, Some(2027)), &[(2022, 2.5), (2024, 3.1)]);
        assert_eq!(t.status, Status::Met);
        assert_eq!(t.status_label.zh, "已达标");
        assert_eq!(t.light, "green");
        assert!(t.progress.unwrap() > 1.0);
    }

    #[test]
    fn on_track_lagging_and_seriously_lagging_by_forecast() {
        // Target 200 in 2027 from 100 in 2020.
        let s = spec("ge", 200.0, Some(2027));
        // 12 % a year reaches ~221 by 2027.
        let t = track(&s, &growth(100.0, 0.12, 2020..=2024));
        assert_eq!(t.status, Status::OnTrack, "{t:?}");
        assert_eq!(t.forecast_method, Some("log_linear"));
        assert!((t.forecast.unwrap() - 100.0 * 1.12f64.powi(7)).abs() < 1e-6);
        assert!((t.actual_growth.unwrap() - 0.12).abs() < 1e-9);
        let req = t.required_growth.unwrap();
        let latest = 100.0 * 1.12f64.powi(4);
        assert!(((200.0 / latest).powf(1.0 / 3.0) - 1.0 - req).abs() < 1e-12);
        // 8.5 % a year: forecast ~177, covers 77 % → seriously lagging; 9 %: ~183 → 83 % → lagging.
        let t = track(&s, &growth(100.0, 0.085, 2020..=2024));
        assert_eq!(t.status, Status::SeriouslyLagging, "{:?}", t.forecast);
        let t = track(&s, &growth(100.0, 0.09, 2020..=2024));
        assert_eq!(t.status, Status::Lagging, "{:?}", t.forecast);
        assert!(t.progress.unwrap() > 0.0 && t.progress.unwrap() < 1.0);
    }

    #[test]
    fn lower_is_better_targets() {
        // Energy intensity at most 0.5 by 2027, falling 5 % a year from 0.7.
        let s = spec("le", 0.5, Some(2027));
        let t = track(&s, &growth(0.7, -0.05, 2020..=2024));
        assert_eq!(t.status, Status::OnTrack, "{:?}", t.forecast);
        assert!(t.required_growth.unwrap() < 0.0);
        let t = track(&s, &growth(0.7, 0.01, 2020..=2024));
        assert_eq!(t.status, Status::SeriouslyLagging);
        assert!(t.progress.unwrap() < 0.0, "moving away");
        let t = track(&s, &[(2024, 0.49)]);
        assert_eq!(t.status, Status::Met);
    }

    #[test]
    fn target_year_passed_without_meeting_it() {
        let t = track(&spec("ge", 10.0, Some(2023)), &[(2020, 5.0), (2024, 9.0)]);
        assert_eq!(t.status, Status::SeriouslyLagging);
        assert_eq!(t.required_growth, None);
    }

    #[test]
    fn approx_and_annual_targets() {
        // ≈ 53 %: 50.5 is within 5 %.
        let t = track(
            &spec("approx", 53.0, Some(2027)),
            &[(2023, 48.0), (2024, 50.5)],
        );
        assert_eq!(t.status, Status::Met);
        // Annual "每年约 10 项": 9 → lagging, 6 → seriously lagging, 12 → met.
        assert_eq!(
            track(&spec("approx", 10.0, None), &[(2024, 8.0)]).status,
            Status::Lagging
        );
        assert_eq!(
            track(&spec("approx", 10.0, None), &[(2024, 6.0)]).status,
            Status::SeriouslyLagging
        );
        assert_eq!(
            track(&spec("approx", 10.0, None), &[(2024, 12.0)]).status,
            Status::Met
        );
        assert_eq!(
            track(&spec("approx", 10.0, None), &[(2024, 12.0)]).forecast,
            None
        );
    }

    #[test]
    fn delta_and_range_and_baseline_year() {
        let mut s = spec("ge", 1.0, Some(2027));
        s.delta = true;
        s.baseline_year = Some(2021);
        let t = track(&s, &[(2020, 1.5), (2021, 2.0), (2024, 2.6)]);
        assert_eq!(t.baseline.unwrap().year, 2021);
        assert_eq!(t.target_value, Some(3.0));
        assert!((t.progress.unwrap() - 0.6).abs() < 1e-9);
        let r = TargetSpec {
            comparator: "range".into(),
            value: Some(60.0),
            value_max: Some(80.0),
            year: Some(2027),
            delta: false,
            baseline_year: None,
        };
        assert_eq!(track(&r, &[(2024, 70.0)]).status, Status::Met);
        let t = track(&r, &[(2024, 90.0)]);
        assert_eq!(t.target_value, Some(80.0));
        assert_eq!(t.status, Status::Lagging, "one point: no forecast");
    }

    #[test]
    fn no_data_and_edge_series() {
        let t = track(&spec("ge", 3.0, Some(2027)), &[]);
        assert_eq!(t.status, Status::NoData);
        assert_eq!(t.status_label.zh, "无数据");
        assert_eq!(t.light, "grey");
        let t = track(&spec("ge", 3.0, Some(2027)), &[(2024, f64::NAN)]);
        assert_eq!(t.status, Status::NoData);
        // Zero in the series: linear forecast.
        let t = track(
            &spec("ge", 10.0, Some(2027)),
            &[(2022, 0.0), (2023, 2.0), (2024, 4.0)],
        );
        assert_eq!(t.forecast_method, Some("linear"));
        assert!((t.forecast.unwrap() - 10.0).abs() < 1e-9);
        assert_eq!(t.status, Status::OnTrack);
        assert_eq!(t.actual_growth, None, "no compound rate from zero");
        // Duplicate years keep one value; the baseline equals the target.
        let t = track(&spec("ge", 5.0, Some(2027)), &[(2024, 5.0), (2024, 5.0)]);
        assert_eq!(t.progress, Some(1.0));
        assert_eq!(
            forecast(
                &[Point {
                    year: 2024,
                    value: 1.0
                }],
                2027
            ),
            None
        );
        assert_eq!(
            track(&spec("ge", 0.0, None), &[(2024, -1.0)]).status,
            Status::SeriouslyLagging
        );
    }
}
