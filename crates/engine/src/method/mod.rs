//! The method file (TOML), see `shared/contracts/evaluate.md`.
//!
//! Besides the contract's keys, these additional kinds and methods are accepted (they do not
//! change the meaning of any contract key):
//!
//! * `kind = "treat"`: `fallback = "boxcox"` with `lambda` (COINr `boxcox`, `makepos = TRUE`),
//!   `force_win = false` (COINr `force_win`); `winmax = 0` winsorises nothing (as in COINr).
//! * `kind = "normalise"`: `method = "attainment"`: target attainment for acceptance scoring,
//!   `y = scale · min(actual / target, cap_ratio)` (`target / actual` for Direction −1), with
//!   `target_col = "Target"`, `cap_ratio = 1.0` (1.0 = capped at 100 %; e.g. 1.2 allows a 20 %
//!   bonus), `scale = 100.0`. Also `method = "none"` (direction applied only).
//!   `dist2targ` and `goalposts` read their per-indicator parameters from iMeta columns.
//! * `kind = "weights"`: `method = "manual" | "pca" | "entropy" | "critic" | "ahp" | "equal"`,
//!   `levels = [2, 3]` (aggregation levels whose child weights are computed; default all),
//!   for AHP `[step.matrices]` with one pairwise-comparison matrix per parent code (children in
//!   iMeta order) and `max_cr = 0.1` (refuse a matrix whose consistency ratio is ≥ max_cr).
//!   The weights are computed from the data entering the aggregate step, level by level.
//! * `kind = "aggregate"`: `method = "sum"` (weighted sum Σ wᵢxᵢ over non-missing children, used for
//!   point budgets: with `attainment` scaled to 1 and weights = points, a pillar's score is the
//!   points earned) and `method = "topsis"` (closeness to the ideal, weighted Euclidean).
//! * `kind = "grade"`: grade bands for one aggregate (default the top one), e.g.
//!   `bands = [["优秀", 90.0], ["良好", 70.0], ["合格", 60.0]]`, `below = "不合格"`, `code = "Index"`.
//!   Adds a `<code>_grade` column to `results_scores_ranks.csv`.
//! * `[uncertainty]`: the contract's keys, plus `sensitivity = false` — `true` also estimates
//!   first-order and total sensitivity indices on a Saltelli design (see `uncertainty.rs`) with
//!   base sample N when the CLI is given `--uncertainty N` (or any base with `--sensitivity N`),
//!   written to `sensitivity.csv` (`factor, Si, STi`).

use crate::error::{EngineError, Problem, Result};
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImputeMethod {
    None,
    Mean,
    Median,
    GroupMean,
    GroupMedian,
    PanelLatest,
    PanelLinear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenBy {
    Na,
    Zeros,
    NaAndZeros,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    LogCt,
    LogCtOrig,
    BoxCox,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NormMethod {
    MinMax,
    ZScore,
    Goalposts,
    Dist2Targ,
    Dist2Max,
    Rank,
    PRank,
    Borda,
    FracMax,
    Attainment,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggMethod {
    Arithmetic,
    Geometric,
    Harmonic,
    Generalised,
    Copeland,
    Sum,
    Topsis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeightMethod {
    Manual,
    Equal,
    Pca,
    Entropy,
    Critic,
    Ahp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TreatSpec {
    pub winmax: usize,
    pub skew: f64,
    pub kurtosis: f64,
    pub fallback: Fallback,
    pub combine: bool,
    pub skip: Vec<String>,
    pub force_win: bool,
    pub lambda: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NormSpec {
    pub method: NormMethod,
    pub global: bool,
    pub lower: f64,
    pub upper: f64,
    pub mean: f64,
    pub sd: f64,
    pub lower_col: String,
    pub upper_col: String,
    pub target_col: String,
    pub scale: Option<f64>,
    pub clamp: bool,
    pub cap: bool,
    pub cap_ratio: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WeightSpec {
    pub method: WeightMethod,
    pub levels: Option<Vec<u32>>,
    pub matrices: BTreeMap<String, Vec<Vec<f64>>>,
    pub max_cr: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AggSpec {
    pub method: AggMethod,
    pub p: f64,
    pub by_level: BTreeMap<u32, AggMethod>,
    pub availability: BTreeMap<u32, f64>,
}

impl AggSpec {
    pub fn method_at(&self, level: u32) -> AggMethod {
        *self.by_level.get(&level).unwrap_or(&self.method)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Denominate {
        scale: f64,
    },
    Impute {
        method: ImputeMethod,
        group: Option<String>,
        /// panel_latest: look back at most this many periods (COINr `max_time`).
        max_time: Option<usize>,
    },
    Screen {
        by: ScreenBy,
        threshold: f64,
        nonzero_threshold: f64,
    },
    Treat(TreatSpec),
    Normalise(NormSpec),
    Weights(WeightSpec),
    Aggregate(AggSpec),
    Grade {
        code: Option<String>,
        bands: Vec<(String, f64)>,
        below: String,
    },
}

impl Step {
    pub fn kind(&self) -> &'static str {
        match self {
            Step::Denominate { .. } => "denominate",
            Step::Impute { .. } => "impute",
            Step::Screen { .. } => "screen",
            Step::Treat(_) => "treat",
            Step::Normalise(_) => "normalise",
            Step::Weights(_) => "weights",
            Step::Aggregate(_) => "aggregate",
            Step::Grade { .. } => "grade",
        }
    }
    /// Name of the data set the step produces (`stage_<Name>.csv`), if any.
    pub fn stage_name(&self) -> Option<&'static str> {
        match self {
            Step::Denominate { .. } => Some("Denominated"),
            Step::Impute { .. } => Some("Imputed"),
            Step::Screen { .. } => Some("Screened"),
            Step::Treat(_) => Some("Treated"),
            Step::Normalise(_) => Some("Normalised"),
            Step::Aggregate(_) => Some("Aggregated"),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct UncertaintySpec {
    pub normalise: Vec<NormMethod>,
    pub aggregate: Vec<AggMethod>,
    pub winmax: Vec<usize>,
    pub weight_noise: f64,
    pub remove_one: bool,
    pub sensitivity: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    pub name: String,
    pub steps: Vec<Step>,
    pub uncertainty: Option<UncertaintySpec>,
}

fn norm_name(m: NormMethod) -> &'static str {
    match m {
        NormMethod::MinMax => "minmax",
        NormMethod::ZScore => "zscore",
        NormMethod::Goalposts => "goalposts",
        NormMethod::Dist2Targ => "dist2targ",
        NormMethod::Dist2Max => "dist2max",
        NormMethod::Rank => "rank",
        NormMethod::PRank => "prank",
        NormMethod::Borda => "borda",
        NormMethod::FracMax => "fracmax",
        NormMethod::Attainment => "attainment",
        NormMethod::None => "none",
    }
}

pub fn parse_norm(s: &str) -> Option<NormMethod> {
    Some(match s {
        "minmax" => NormMethod::MinMax,
        "zscore" => NormMethod::ZScore,
        "goalposts" => NormMethod::Goalposts,
        "dist2targ" => NormMethod::Dist2Targ,
        "dist2max" => NormMethod::Dist2Max,
        "rank" => NormMethod::Rank,
        "prank" => NormMethod::PRank,
        "borda" => NormMethod::Borda,
        "fracmax" => NormMethod::FracMax,
        "attainment" => NormMethod::Attainment,
        "none" => NormMethod::None,
        _ => return None,
    })
}

pub fn agg_name(m: AggMethod) -> &'static str {
    match m {
        AggMethod::Arithmetic => "arithmetic",
        AggMethod::Geometric => "geometric",
        AggMethod::Harmonic => "harmonic",
        AggMethod::Generalised => "generalised",
        AggMethod::Copeland => "copeland",
        AggMethod::Sum => "sum",
        AggMethod::Topsis => "topsis",
    }
}

pub fn parse_agg(s: &str) -> Option<AggMethod> {
    Some(match s {
        "arithmetic" => AggMethod::Arithmetic,
        "geometric" => AggMethod::Geometric,
        "harmonic" => AggMethod::Harmonic,
        "generalised" | "generalized" => AggMethod::Generalised,
        "copeland" => AggMethod::Copeland,
        "sum" => AggMethod::Sum,
        "topsis" => AggMethod::Topsis,
        _ => return None,
    })
}

struct P<'a> {
    file: &'a str,
    problems: Vec<Problem>,
}

impl<'a> P<'a> {
    /// A problem in English and Chinese.
    fn bad(&mut self, key: &str, msg: impl Into<String>, zh: impl Into<String>) {
        self.problems
            .push(Problem::new(self.file, None, Some(key), msg).zh(zh));
    }
    fn f64(&mut self, t: &toml::Table, key: &str, path: &str, default: f64) -> f64 {
        match t.get(key) {
            None => default,
            Some(toml::Value::Float(f)) => *f,
            Some(toml::Value::Integer(i)) => *i as f64,
            Some(v) => {
                self.bad(
                    &format!("{path}.{key}"),
                    format!("expected a number, found {v}"),
                    format!("应为数字,实为 {v}"),
                );
                default
            }
        }
    }
    fn bool(&mut self, t: &toml::Table, key: &str, path: &str, default: bool) -> bool {
        match t.get(key) {
            None => default,
            Some(toml::Value::Boolean(b)) => *b,
            Some(v) => {
                self.bad(
                    &format!("{path}.{key}"),
                    format!("expected true or false, found {v}"),
                    format!("应为 true 或 false,实为 {v}"),
                );
                default
            }
        }
    }
    fn str(&mut self, t: &toml::Table, key: &str, path: &str, default: &str) -> String {
        match t.get(key) {
            None => default.to_string(),
            Some(toml::Value::String(s)) => s.clone(),
            Some(v) => {
                self.bad(
                    &format!("{path}.{key}"),
                    format!("expected a string, found {v}"),
                    format!("应为字符串,实为 {v}"),
                );
                default.to_string()
            }
        }
    }
    fn check_keys(&mut self, t: &toml::Table, allowed: &[&str], path: &str) {
        for k in t.keys() {
            if !allowed.contains(&k.as_str()) {
                self.bad(
                    &format!("{path}.{k}"),
                    format!("unknown key (allowed: {})", allowed.join(", ")),
                    format!("未知的键(允许:{})", allowed.join(", ")),
                );
            }
        }
    }
    fn level_map(&mut self, t: &toml::Table, key: &str, path: &str) -> BTreeMap<u32, toml::Value> {
        let mut out = BTreeMap::new();
        match t.get(key) {
            None => {}
            Some(toml::Value::Table(m)) => {
                for (k, v) in m {
                    match k.parse::<u32>() {
                        Ok(l) if l >= 2 => {
                            out.insert(l, v.clone());
                        }
                        _ => self.bad(
                            &format!("{path}.{key}.{k}"),
                            "level keys must be integers ≥ 2",
                            "层级键须为 ≥ 2 的整数",
                        ),
                    }
                }
            }
            Some(v) => self.bad(
                &format!("{path}.{key}"),
                format!("expected a table keyed by level, found {v}"),
                format!("应为按层级索引的表,实为 {v}"),
            ),
        }
        out
    }
}

mod parse;
