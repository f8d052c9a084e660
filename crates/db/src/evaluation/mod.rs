//! Evaluation (综合评价): versioned methods (the method TOML and the indicator structure are
//! data), runs over chosen participants and one year from stored **approved** monitoring data,
//! and their results (scores, competition ranks, Monte Carlo rank intervals).
//!
//! - Editing a method creates a new version under the same `key`; runs point at the version
//!   they used, so old results stay explained.
//! - A run builds the engine's iData CSV from approved/accepted observations (derived
//!   indicators by their formula, regions without an own value rolled up from their
//!   children, as the monitoring series do), keeps it, and records the SHA-256 of method TOML,
//!   iMeta and iData (each followed by a NUL byte).
//! - Scoping: a run only uses participants in the actor's scope; a run is visible when one of
//!   its participants is, and only the visible participants' rows are shown.
//! - An uncertainty run answers at once with the nominal results and status `running`; a
//!   background task runs the Monte Carlo analysis and writes its progress (done/total) to
//!   the run row, so any instance can report it. With `sensitivity` (a Saltelli base sample
//!   N_s), the same task then estimates first-order and total sensitivity indices of the
//!   rank shift to each uncertain factor (N_s(d + 2) more model runs, counted in the
//!   progress) and stores them with the run.
//! - The task writes a heartbeat with its progress. A `running` run whose heartbeat is older
//!   than [`STALE_AFTER`] (the server was restarted or crashed mid-analysis) is marked
//!   `interrupted`, with the reason and an audit event, when the server starts and whenever
//!   runs are read; it can be re-run with the same parameters.

use crate::entity::{evaluation_method, evaluation_result, evaluation_run, participant, region};
use crate::{audit, Actor, Error, Result};
use innocity_domain::Role;
use innocity_engine::{EngineError, Evaluation, InputText, Problem};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

mod background;
mod methods;
mod runs;

/// Largest method file or structure accepted.
pub const MAX_TEXT: usize = 512 * 1024;
/// Most Monte Carlo replications a run may ask for.
pub const MAX_UNCERTAINTY: i32 = 10_000;
/// Most participants in one run.
pub const MAX_PARTICIPANTS: usize = 5_000;

pub const RUNNING: &str = "running";
pub const DONE: &str = "done";
pub const FAILED: &str = "failed";
pub const INTERRUPTED: &str = "interrupted";
/// Most Saltelli base samples (the analysis makes N(d + 2) model runs, d ≤ 5).
pub const MAX_SENSITIVITY: i32 = 5_000;
/// A running run whose background job has been silent this long is interrupted.
pub const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(30);
/// How often the background job writes its heartbeat even when progress has not moved.
const HEARTBEAT_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// A preset: (key, name, description, method TOML, iMeta CSV).
pub const PRESETS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "coinr_asem",
        "COINr 标准示例 (ASEM)",
        "COINr build_example_coin() 的方法与指标结构(ASEM 可持续互联互通指数,49 项指标、8 个维度、2 个支柱);数据为参考数据,不随平台提供。",
        include_str!("../../presets/asem/method.toml"),
        include_str!("../../presets/asem/iMeta.csv"),
    ),
    (
        "innovative_city_5d",
        "创新型城市五维评价",
        "创新治理力、原始创新力、技术创新力、成果转化力、创新驱动力五个维度,指标取自指标库;结构中 Unverified = 1 的指标其官方定义尚未核实。",
        include_str!("../../presets/city5/method.toml"),
        include_str!("../../presets/city5/iMeta.csv"),
    ),
    (
        "innovative_county_15",
        "创新型县(市)15 项指标评价",
        "创新投入、企业创新、创新环境、创新绩效四个方面共 15 项指标。",
        include_str!("../../presets/county15/method.toml"),
        include_str!("../../presets/county15/iMeta.csv"),
    ),
];

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MethodIn {
    /// For a new method; derived from the id sequence when absent.
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub method_toml: String,
    pub structure_csv: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MethodSummary {
    pub id: i64,
    pub key: String,
    pub version: i32,
    pub name: String,
    pub description: String,
    pub preset: bool,
    pub indicators: usize,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Number of versions of this key.
    pub versions: usize,
    /// Whether this is the newest version of its key.
    pub latest: bool,
}

/// One node of the structure, for display.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NodeView {
    pub code: String,
    pub name: String,
    pub level: Option<u32>,
    pub kind: String,
    pub parent: Option<String>,
    pub weight: f64,
    pub direction: f64,
    /// The structure's `Unverified` column says the official definition is not verified.
    pub unverified: bool,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MethodDetail {
    pub method: MethodSummary,
    pub method_toml: String,
    pub structure_csv: String,
    pub nodes: Vec<NodeView>,
    /// All versions of the key, oldest first.
    pub history: Vec<MethodSummary>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RunIn {
    pub method_id: i64,
    pub participant_ids: Vec<i64>,
    pub year: i32,
    /// Monte Carlo replications (none = nominal run only).
    #[serde(default)]
    pub uncertainty: Option<i32>,
    #[serde(default)]
    pub seed: Option<i64>,
    /// Saltelli base sample N_s of a sensitivity analysis (needs `uncertainty`).
    #[serde(default)]
    pub sensitivity: Option<i32>,
}

/// Sensitivity of the rank shift to one uncertain factor.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct SensView {
    /// `normalise`, `aggregate`, `winmax`, `weights` or `remove_one`.
    pub factor: String,
    /// First-order index S_i.
    pub si: Option<f64>,
    /// Total index S_Ti.
    pub sti: Option<f64>,
}

/// The Chinese name of an uncertain factor.
pub fn factor_name(factor: &str) -> &'static str {
    match factor {
        "normalise" => "归一化方法",
        "aggregate" => "聚合方法",
        "winmax" => "缩尾上限",
        "weights" => "权重扰动",
        "remove_one" => "剔除单项指标",
        _ => "其他",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AggregateInfo {
    pub code: String,
    pub name: String,
    pub level: u32,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ResultRow {
    pub participant_id: i64,
    pub region_code: String,
    pub name: String,
    pub score: Option<f64>,
    pub rank: Option<i32>,
    pub scores: Vec<Option<f64>>,
    pub ranks: Vec<Option<i32>>,
    pub median_rank: Option<f64>,
    pub p05_rank: Option<f64>,
    pub p95_rank: Option<f64>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RunSummary {
    pub id: i64,
    pub method_id: i64,
    pub method_key: String,
    pub method_name: String,
    pub method_version: i32,
    pub year: i32,
    pub participants: usize,
    pub status: String,
    pub done: i64,
    pub total: i64,
    pub uncertainty_n: Option<i32>,
    pub seed: Option<i64>,
    pub input_sha256: String,
    pub error: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub finished_at: Option<chrono::DateTime<chrono::Utc>>,
    pub heartbeat_at: Option<chrono::DateTime<chrono::Utc>>,
    pub sensitivity_n: Option<i32>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RunDetail {
    pub run: RunSummary,
    pub aggregates: Vec<AggregateInfo>,
    /// Visible participants, by rank.
    pub results: Vec<ResultRow>,
    /// The iData CSV the engine read (only when every participant is in the caller's scope).
    pub input_csv: Option<String>,
    /// Sensitivity indices per uncertain factor (empty until the analysis is done).
    pub sensitivity: Vec<SensView>,
}

fn may_evaluate(actor: &Actor) -> Result<()> {
    if matches!(actor.role, Role::Admin | Role::Coordinator | Role::Reviewer) {
        Ok(())
    } else {
        Err(Error::Forbidden(
            msg!("forbidden", "只有管理员、协调员或审核员可以管理评价方法和运行评价", "Only administrators, coordinators or reviewers may manage evaluation methods and run evaluations"),
        ))
    }
}

/// Where a problem is: `iMeta.csv, row 3, column Parent`.
pub fn problem_place(p: &Problem) -> String {
    let mut s = p.file.clone();
    if let Some(r) = p.row {
        s.push_str(&format!(", row {r}"));
    }
    if let Some(c) = &p.column {
        s.push_str(&format!(", column {c}"));
    }
    s
}

/// Where a problem is, in Chinese: `iMeta.csv 第 3 行 Parent 列`.
pub fn problem_place_zh(p: &Problem) -> String {
    let mut s = p.file.clone();
    if let Some(r) = p.row {
        s.push_str(&format!(" 第 {r} 行"));
    }
    if let Some(c) = &p.column {
        s.push_str(&format!(" {c} 列"));
    }
    s
}

/// One engine problem as a message, its place named in both languages (the Chinese text
/// keeps the English one where the engine has none).
pub fn problem_msg(p: &Problem) -> crate::Msg {
    let zh = p.message_zh.as_deref().unwrap_or(&p.message);
    crate::Msg::new(
        "invalid_method_input",
        format!("{}: {zh}", problem_place_zh(p)),
        format!("{}: {}", problem_place(p), p.message),
    )
}

/// The engine's error as field-level validation failures (one per problem, naming where).
pub fn engine_error(e: EngineError) -> Error {
    match e {
        EngineError::Invalid(ps) => {
            let mut m: BTreeMap<String, crate::Msg> = BTreeMap::new();
            for p in ps {
                let k = problem_place(&p);
                let new = problem_msg(&p);
                m.entry(k)
                    .and_modify(|v: &mut crate::Msg| {
                        v.zh.push(';');
                        v.zh.push_str(&new.zh);
                        v.en.push_str("; ");
                        v.en.push_str(&new.en);
                    })
                    .or_insert(new);
            }
            Error::Invalid(m)
        }
        EngineError::Compute(c) => {
            let mut zh = format!("步骤 {}", c.step);
            if let Some(i) = &c.indicator {
                zh.push_str(&format!(",指标 {i}"));
            }
            if let Some(u) = &c.unit {
                zh.push_str(&format!(",单位 {u}"));
            }
            Error::invalid(
                "run",
                crate::Msg::new(
                    "cannot_compute",
                    format!("{zh}: 无法计算({})", c.message),
                    c.to_string(),
                ),
            )
        }
    }
}

/// Parses and checks a method and structure together (no data needed).
pub fn check_method(method_toml: &str, structure_csv: &str) -> Result<usize> {
    let mut problems = Vec::new();
    if let Err(e) = innocity_engine::Method::parse(method_toml, "method.toml") {
        match e {
            EngineError::Invalid(ps) => problems.extend(ps),
            other => return Err(engine_error(other)),
        }
    }
    let n = match innocity_engine::model::Structure::parse(structure_csv, "iMeta.csv") {
        Ok(s) => s.n_ind,
        Err(EngineError::Invalid(ps)) => {
            problems.extend(ps);
            0
        }
        Err(other) => return Err(engine_error(other)),
    };
    if problems.is_empty() {
        Ok(n)
    } else {
        Err(engine_error(EngineError::Invalid(problems)))
    }
}

fn nodes_of(structure_csv: &str) -> Vec<NodeView> {
    let Ok(st) = innocity_engine::model::Structure::parse(structure_csv, "iMeta.csv") else {
        return vec![];
    };
    st.rows
        .iter()
        .map(|r| NodeView {
            code: r.code.clone(),
            name: r.name.clone(),
            level: r.level,
            kind: format!("{:?}", r.kind),
            parent: r.parent.clone(),
            weight: r.weight,
            direction: r.direction,
            unverified: r
                .cells
                .get("Unverified")
                .is_some_and(|v| matches!(v.trim(), "1" | "true" | "TRUE" | "是")),
        })
        .collect()
}

fn input_sha(method: &str, meta: &str, data: &str) -> String {
    let mut s = String::with_capacity(method.len() + meta.len() + data.len() + 3);
    for part in [method, meta, data] {
        s.push_str(part);
        s.push('\0');
    }
    innocity_engine::sha256_hex(s.as_bytes())
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn fin(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// Competition ranks (1 = highest; ties share the lowest rank); missing scores have none.
fn competition_ranks(scores: &[Option<f64>]) -> Vec<Option<i32>> {
    scores
        .iter()
        .map(|s| s.map(|v| 1 + scores.iter().filter(|o| o.is_some_and(|x| x > v)).count() as i32))
        .collect()
}

/// What a finished nominal run produces, before it is stored.
struct Nominal {
    aggregates: Vec<AggregateInfo>,
    /// By uCode (region code): scores in results order.
    scores: HashMap<String, Vec<Option<f64>>>,
}

fn nominal(ev: &Evaluation) -> Result<Nominal> {
    let run = ev.run().map_err(engine_error)?;
    let st = &ev.prepared.st;
    let aggregates = st
        .results_order()
        .into_iter()
        .map(|a| AggregateInfo {
            code: st.codes[a].clone(),
            name: st.names[a].clone(),
            level: st.level[a],
        })
        .collect();
    let scores = ev
        .scores(&run)
        .into_iter()
        .map(|(u, _, s)| (u, s.into_iter().map(fin).collect()))
        .collect();
    Ok(Nominal { aggregates, scores })
}

/// What the background job produces.
struct Background {
    /// Rank summaries of the top aggregate by uCode: (median, p05, p95).
    ranks: HashMap<String, (f64, f64, f64)>,
    sensitivity: Option<Vec<SensView>>,
}

/// Prepares an evaluation from a method file, its structure (iMeta) and data (iData).
fn prepare(method: &str, meta: &str, data: &str) -> std::result::Result<Evaluation, EngineError> {
    Evaluation::prepare(
        InputText {
            label: "method.toml",
            text: method,
        },
        InputText {
            label: "iMeta.csv",
            text: meta,
        },
        InputText {
            label: "iData.csv",
            text: data,
        },
        None,
        None,
    )
}

/// The Monte Carlo analysis (n replications), then the sensitivity analysis (base sample
/// `sens`) when asked; `progress(done)` counts both.
fn background(
    method: &str,
    meta: &str,
    data: &str,
    n: usize,
    seed: u64,
    sens: Option<usize>,
    progress: &(dyn Fn(usize) + Sync),
) -> std::result::Result<Background, String> {
    let ev = prepare(method, meta, data).map_err(|e| e.to_string())?;
    let run = ev.run().map_err(|e| e.to_string())?;
    innocity_engine::uncertainty::with_threads(Some(2), || {
        let mc = ev
            .uncertainty(&run, n, seed, false, &|d, _| progress(d))
            .map_err(|e| e.to_string())?;
        let top = ev.prepared.st.top();
        let ranks = mc
            .summaries
            .iter()
            .filter(|s| Some(s.aggregate) == top)
            .map(|s| {
                (
                    ev.prepared.data.ucode[s.row].clone(),
                    (s.median, s.p05, s.p95),
                )
            })
            .collect();
        let sensitivity = match sens {
            Some(ns) => Some(
                ev.sensitivity_with_progress(&run, ns, seed, &|d, _| progress(n + d))
                    .map_err(|e| e.to_string())?
                    .into_iter()
                    .map(|x| SensView {
                        factor: x.factor,
                        si: fin(x.si),
                        sti: fin(x.sti),
                    })
                    .collect(),
            ),
            None => None,
        };
        Ok(Background { ranks, sensitivity })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_parse_and_mark_unverified_from_the_library() {
        for (key, _, _, toml, meta) in PRESETS {
            check_method(toml, meta).unwrap_or_else(|e| panic!("{key}: {e:?}"));
        }
        let lib: HashMap<String, bool> = innocity_domain::builtin_indicators()
            .iter()
            .map(|d| (d.code.clone(), d.unverified))
            .collect();
        let city = nodes_of(PRESETS[1].4);
        let dims: Vec<&str> = city
            .iter()
            .filter(|n| n.level == Some(2))
            .map(|n| n.name.as_str())
            .collect();
        assert_eq!(
            dims,
            [
                "创新治理力",
                "原始创新力",
                "技术创新力",
                "成果转化力",
                "创新驱动力"
            ]
        );
        let county = nodes_of(PRESETS[2].4);
        assert_eq!(county.iter().filter(|n| n.kind == "Indicator").count(), 15);
        let groups: Vec<&str> = county
            .iter()
            .filter(|n| n.level == Some(2))
            .map(|n| n.name.as_str())
            .collect();
        assert_eq!(groups, ["创新投入", "企业创新", "创新环境", "创新绩效"]);
        for n in city.iter().chain(&county).filter(|n| n.kind == "Indicator") {
            assert_eq!(
                Some(&n.unverified),
                lib.get(&n.code),
                "{}: Unverified must match the library",
                n.code
            );
        }
        assert!(city.iter().any(|n| n.unverified));
        assert_eq!(
            nodes_of(PRESETS[0].4)
                .iter()
                .filter(|n| n.kind == "Indicator")
                .count(),
            49
        );
    }

    #[test]
    fn competition_ranks_share_the_lowest() {
        assert_eq!(
            competition_ranks(&[Some(1.0), Some(3.0), None, Some(3.0)]),
            [Some(3), Some(1), None, Some(1)]
        );
    }
}
