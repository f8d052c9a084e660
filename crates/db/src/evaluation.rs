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
use crate::{audit, Actor, Db, Error, Result};
use innocity_domain::Role;
use innocity_engine::{EngineError, Evaluation, InputText, Problem};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

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
        include_str!("../presets/asem/method.toml"),
        include_str!("../presets/asem/iMeta.csv"),
    ),
    (
        "innovative_city_5d",
        "创新型城市五维评价",
        "创新治理力、原始创新力、技术创新力、成果转化力、创新驱动力五个维度,指标取自指标库;结构中 Unverified = 1 的指标其官方定义尚未核实。",
        include_str!("../presets/city5/method.toml"),
        include_str!("../presets/city5/iMeta.csv"),
    ),
    (
        "innovative_county_15",
        "创新型县(市)15 项指标评价",
        "创新投入、企业创新、创新环境、创新绩效四个方面共 15 项指标。",
        include_str!("../presets/county15/method.toml"),
        include_str!("../presets/county15/iMeta.csv"),
    ),
];

#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
pub struct MethodDetail {
    pub method: MethodSummary,
    pub method_toml: String,
    pub structure_csv: String,
    pub nodes: Vec<NodeView>,
    /// All versions of the key, oldest first.
    pub history: Vec<MethodSummary>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
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

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AggregateInfo {
    pub code: String,
    pub name: String,
    pub level: u32,
}

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
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
            "只有管理员、协调员或审核员可以管理评价方法和运行评价".into(),
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

/// The engine's error as field-level validation failures (one per problem, naming where).
pub fn engine_error(e: EngineError) -> Error {
    match e {
        EngineError::Invalid(ps) => {
            let mut m = BTreeMap::new();
            for p in ps {
                let k = problem_place(&p);
                m.entry(k)
                    .and_modify(|v: &mut String| {
                        v.push_str("; ");
                        v.push_str(&p.message)
                    })
                    .or_insert(p.message);
            }
            Error::Invalid(m)
        }
        EngineError::Compute(c) => Error::invalid("run", c.to_string()),
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

impl Db {
    fn summary_of(m: &evaluation_method::Model, all: &[evaluation_method::Model]) -> MethodSummary {
        let same: Vec<&evaluation_method::Model> = all.iter().filter(|x| x.key == m.key).collect();
        MethodSummary {
            id: m.id,
            key: m.key.clone(),
            version: m.version,
            name: m.name.clone(),
            description: m.description.clone(),
            preset: m.preset,
            indicators: nodes_of(&m.structure_csv)
                .iter()
                .filter(|n| n.kind == "Indicator")
                .count(),
            created_at: m.created_at,
            versions: same.len(),
            latest: same.iter().all(|x| x.version <= m.version),
        }
    }

    /// Newest version of every method.
    pub async fn evaluation_methods(&self, _actor: &Actor) -> Result<Vec<MethodSummary>> {
        let all = evaluation_method::Entity::find()
            .order_by_asc(evaluation_method::Column::Id)
            .all(&self.conn)
            .await?;
        Ok(all
            .iter()
            .map(|m| Self::summary_of(m, &all))
            .filter(|s| s.latest)
            .collect())
    }

    /// One method version with its text, structure and the key's history.
    pub async fn evaluation_method(&self, _actor: &Actor, id: i64) -> Result<MethodDetail> {
        let m = evaluation_method::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found("评价方法不存在"))?;
        let all = evaluation_method::Entity::find()
            .filter(evaluation_method::Column::Key.eq(&m.key))
            .order_by_asc(evaluation_method::Column::Version)
            .all(&self.conn)
            .await?;
        Ok(MethodDetail {
            method: Self::summary_of(&m, &all),
            nodes: nodes_of(&m.structure_csv),
            history: all.iter().map(|x| Self::summary_of(x, &all)).collect(),
            method_toml: m.method_toml,
            structure_csv: m.structure_csv,
        })
    }

    /// Creates a method (version 1), or with `of` a new version of that method's key.
    pub async fn create_evaluation_method(
        &self,
        actor: &Actor,
        of: Option<i64>,
        input: &MethodIn,
    ) -> Result<MethodDetail> {
        may_evaluate(actor)?;
        let mut errs = BTreeMap::new();
        let prev = match of {
            Some(id) => Some(
                evaluation_method::Entity::find_by_id(id)
                    .one(&self.conn)
                    .await?
                    .ok_or_else(|| Error::not_found("评价方法不存在"))?,
            ),
            None => None,
        };
        let name = match (&input.name, &prev) {
            (Some(n), _) => crate::check_text(&mut errs, "name", n, 100),
            (None, Some(p)) => p.name.clone(),
            (None, None) => crate::check_text(&mut errs, "name", "", 100),
        };
        let description = input
            .description
            .clone()
            .or_else(|| prev.as_ref().map(|p| p.description.clone()))
            .unwrap_or_default();
        if description.chars().count() > 2000 {
            errs.insert("description".into(), "不能超过 2000 个字符".into());
        }
        let key = match &prev {
            Some(p) => p.key.clone(),
            None => input.key.clone().unwrap_or_default().trim().to_string(),
        };
        if prev.is_none()
            && !key.is_empty()
            && (key.len() > 64
                || !key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        {
            errs.insert("key".into(), "须为 1–64 个字母、数字、_ 或 -".into());
        }
        for (f, v) in [
            ("method_toml", &input.method_toml),
            ("structure_csv", &input.structure_csv),
        ] {
            if v.trim().is_empty() {
                errs.insert(f.into(), "必填".into());
            } else if v.len() > MAX_TEXT {
                errs.insert(f.into(), "超过 512 KB".into());
            }
        }
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        check_method(&input.method_toml, &input.structure_csv)?;
        let txn = self.conn.begin().await?;
        let key = if key.is_empty() {
            format!("method_{}", uuid::Uuid::new_v4().simple())
        } else {
            key
        };
        let siblings = evaluation_method::Entity::find()
            .filter(evaluation_method::Column::Key.eq(&key))
            .all(&txn)
            .await?;
        if prev.is_none() && !siblings.is_empty() {
            return Err(Error::Conflict {
                code: "duplicate",
                message: format!("方法标识 {key} 已存在;修改请新建版本"),
            });
        }
        let version = siblings.iter().map(|s| s.version).max().unwrap_or(0) + 1;
        let m = evaluation_method::ActiveModel {
            key: Set(key),
            version: Set(version),
            name: Set(name),
            description: Set(description),
            method_toml: Set(input.method_toml.clone()),
            structure_csv: Set(input.structure_csv.clone()),
            preset: Set(false),
            created_at: Set(crate::now()),
            created_by: Set(actor.user_id),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            actor,
            "create",
            "evaluation_method",
            m.id,
            prev.as_ref().and_then(audit::snap),
            audit::snap(&m),
        )
        .await?;
        txn.commit().await?;
        self.evaluation_method(actor, m.id).await
    }

    /// Loads the preset methods (keys already present are left as they are).
    pub async fn load_evaluation_presets(&self) -> Result<usize> {
        let txn = self.conn.begin().await?;
        let mut n = 0;
        for (key, name, description, toml, meta) in PRESETS {
            if evaluation_method::Entity::find()
                .filter(evaluation_method::Column::Key.eq(*key))
                .one(&txn)
                .await?
                .is_some()
            {
                continue;
            }
            let m = evaluation_method::ActiveModel {
                key: Set(key.to_string()),
                version: Set(1),
                name: Set(name.to_string()),
                description: Set(description.to_string()),
                method_toml: Set(toml.to_string()),
                structure_csv: Set(meta.to_string()),
                preset: Set(true),
                created_at: Set(crate::now()),
                created_by: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            audit::record(
                &txn,
                &Actor::system(),
                "create",
                "evaluation_method",
                m.id,
                None,
                audit::snap(&m),
            )
            .await?;
            n += 1;
        }
        txn.commit().await?;
        Ok(n)
    }

    /// Builds the iData CSV of participants (uCode = region code) for one year from approved
    /// and accepted values: every indicator and denominator column of the structure.
    async fn evaluation_data(
        &self,
        actor: &Actor,
        structure_csv: &str,
        parts: &[(participant::Model, String)],
        year: i32,
    ) -> Result<String> {
        let st = innocity_engine::model::Structure::parse(structure_csv, "iMeta.csv")
            .map_err(engine_error)?;
        let mut cols: Vec<String> = Vec::new();
        for r in &st.rows {
            if matches!(
                r.kind,
                innocity_engine::model::NodeType::Indicator
                    | innocity_engine::model::NodeType::Denominator
            ) && !cols.contains(&r.code)
            {
                cols.push(r.code.clone());
            }
        }
        let mut out = String::from("uCode,uName");
        for c in &cols {
            out.push(',');
            out.push_str(&csv_field(c));
        }
        out.push('\n');
        for (p, name) in parts {
            out.push_str(&csv_field(&p.region_code));
            out.push(',');
            out.push_str(&csv_field(name));
            for c in &cols {
                out.push(',');
                let v = self
                    .series(actor, &p.region_code, c, true)
                    .await?
                    .into_iter()
                    .find(|v| v.year == year)
                    .and_then(|v| v.value);
                if let Some(v) = v.filter(|v| v.is_finite()) {
                    out.push_str(&format!("{v}"));
                }
            }
            out.push('\n');
        }
        Ok(out)
    }

    /// Starts a run: validates, builds the input from approved data, runs the nominal
    /// pipeline and stores its results in one transaction (one audit event). With
    /// `uncertainty`, the Monte Carlo analysis continues in a background task.
    pub async fn start_evaluation(&self, actor: &Actor, input: &RunIn) -> Result<RunDetail> {
        may_evaluate(actor)?;
        let mut errs = BTreeMap::new();
        let method = evaluation_method::Entity::find_by_id(input.method_id)
            .one(&self.conn)
            .await?;
        if method.is_none() {
            errs.insert("method_id".into(), "评价方法不存在".into());
        }
        if !(1949..=2100).contains(&input.year) {
            errs.insert("year".into(), "年份须在 1949–2100 之间".into());
        }
        if let Some(n) = input.uncertainty {
            if !(1..=MAX_UNCERTAINTY).contains(&n) {
                errs.insert(
                    "uncertainty".into(),
                    format!("模拟次数须在 1–{MAX_UNCERTAINTY} 之间"),
                );
            }
        }
        if let Some(ns) = input.sensitivity {
            if input.uncertainty.is_none() {
                errs.insert(
                    "sensitivity".into(),
                    "灵敏度分析须与不确定性分析(uncertainty)一起运行".into(),
                );
            } else if !(2..=MAX_SENSITIVITY).contains(&ns) {
                errs.insert(
                    "sensitivity".into(),
                    format!("灵敏度分析基础样本须在 2–{MAX_SENSITIVITY} 之间"),
                );
            }
        }
        if input.seed.is_some_and(|s| s < 0) {
            errs.insert("seed".into(), "随机种子须为非负整数".into());
        }
        let mut ids: Vec<i64> = input.participant_ids.clone();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() < 2 {
            errs.insert("participant_ids".into(), "至少选择两个参与城市/县".into());
        } else if ids.len() > MAX_PARTICIPANTS {
            errs.insert(
                "participant_ids".into(),
                format!("最多 {MAX_PARTICIPANTS} 个"),
            );
        }
        let found: HashMap<i64, participant::Model> = participant::Entity::find()
            .filter(participant::Column::Id.is_in(ids.clone()))
            .all(&self.conn)
            .await?
            .into_iter()
            .filter(|p| actor.scope.allows(&p.region_code))
            .map(|p| (p.id, p))
            .collect();
        let missing: Vec<String> = ids
            .iter()
            .filter(|i| !found.contains_key(i))
            .map(|i| i.to_string())
            .collect();
        if !missing.is_empty() {
            errs.insert(
                "participant_ids".into(),
                format!("参与城市/县 {} 不存在或不在您的范围内", missing.join(", ")),
            );
        }
        let Some(method) = method.filter(|_| errs.is_empty()) else {
            return Err(Error::Invalid(errs));
        };
        let names: HashMap<String, String> = region::Entity::find()
            .filter(region::Column::Code.is_in(found.values().map(|p| p.region_code.clone())))
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|r| (r.code, r.name))
            .collect();
        let mut parts: Vec<(participant::Model, String)> = ids
            .iter()
            .filter_map(|i| found.get(i).cloned())
            .map(|p| {
                let n = names.get(&p.region_code).cloned().unwrap_or_default();
                (p, n)
            })
            .collect();
        parts.sort_by(|a, b| a.0.region_code.cmp(&b.0.region_code));
        let mut seen = HashSet::new();
        if let Some((p, _)) = parts
            .iter()
            .find(|(p, _)| !seen.insert(p.region_code.clone()))
        {
            return Err(Error::invalid(
                "participant_ids",
                format!("地区 {} 重复出现(不同计划的同一地区)", p.region_code),
            ));
        }
        let data = self
            .evaluation_data(actor, &method.structure_csv, &parts, input.year)
            .await?;
        let ev =
            prepare(&method.method_toml, &method.structure_csv, &data).map_err(engine_error)?;
        let nom = nominal(&ev)?;
        let factors = ev.sensitivity_factors().len();
        drop(ev);
        if input.sensitivity.is_some() && factors == 0 {
            return Err(Error::invalid(
                "sensitivity",
                "该方法的 [uncertainty] 没有不确定因素,无法做灵敏度分析",
            ));
        }
        let sha = input_sha(&method.method_toml, &method.structure_csv, &data);
        let n = input.uncertainty.unwrap_or(0);
        let seed = input.uncertainty.map(|_| input.seed.unwrap_or(42));
        let sens_n = input.sensitivity.filter(|_| n > 0);
        let total = n as i64 + sens_n.map_or(0, |s| s as i64 * (factors as i64 + 2));
        let txn = self.conn.begin().await?;
        let run = evaluation_run::ActiveModel {
            method_id: Set(method.id),
            year: Set(input.year),
            participant_ids: Set(serde_json::to_string(&ids).unwrap_or_default()),
            status: Set(if n > 0 { RUNNING } else { DONE }.into()),
            done: Set(0),
            total: Set(total),
            uncertainty_n: Set(input.uncertainty),
            seed: Set(seed),
            input_sha256: Set(sha),
            input_csv: Set(data.clone()),
            aggregates: Set(serde_json::to_string(&nom.aggregates).unwrap_or_default()),
            error: Set(None),
            created_at: Set(crate::now()),
            created_by: Set(actor.user_id),
            finished_at: Set(if n > 0 { None } else { Some(crate::now()) }),
            heartbeat_at: Set((n > 0).then(crate::now)),
            sensitivity_n: Set(sens_n),
            sensitivity: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        // Ranks per aggregate over the participants.
        let n_agg = nom.aggregates.len();
        let score_rows: Vec<Vec<Option<f64>>> = parts
            .iter()
            .map(|(p, _)| {
                nom.scores
                    .get(&p.region_code)
                    .cloned()
                    .unwrap_or_else(|| vec![None; n_agg])
            })
            .collect();
        let rank_cols: Vec<Vec<Option<i32>>> = (0..n_agg)
            .map(|a| {
                let col: Vec<Option<f64>> = score_rows
                    .iter()
                    .map(|r| r.get(a).copied().flatten())
                    .collect();
                competition_ranks(&col)
            })
            .collect();
        let rank_rows: Vec<Vec<Option<i32>>> = (0..parts.len())
            .map(|k| rank_cols.iter().map(|c| c[k]).collect())
            .collect();
        for (k, (p, name)) in parts.iter().enumerate() {
            evaluation_result::ActiveModel {
                run_id: Set(run.id),
                participant_id: Set(p.id),
                region_code: Set(p.region_code.clone()),
                name: Set(name.clone()),
                score: Set(score_rows[k].first().copied().flatten()),
                rank: Set(rank_rows[k].first().copied().flatten()),
                scores: Set(serde_json::to_string(&score_rows[k]).unwrap_or_default()),
                ranks: Set(serde_json::to_string(&rank_rows[k]).unwrap_or_default()),
                median_rank: Set(None),
                p05_rank: Set(None),
                p95_rank: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let mut snap = audit::snap(&run);
        if let Some(serde_json::Value::Object(o)) = snap.as_mut() {
            o.remove("input_csv");
        }
        audit::record(&txn, actor, "create", "evaluation_run", run.id, None, snap).await?;
        txn.commit().await?;
        if n > 0 {
            let db = self.clone();
            let (toml, meta) = (method.method_toml.clone(), method.structure_csv.clone());
            let run_id = run.id;
            let seed = seed.unwrap_or(42) as u64;
            let sens = sens_n.map(|s| s as usize);
            tokio::spawn(async move {
                db.finish_uncertainty(run_id, toml, meta, data, n as usize, seed, sens)
                    .await;
            });
        }
        self.evaluation_run(actor, run.id).await
    }

    /// The background part of an uncertainty run: runs the Monte Carlo (and sensitivity)
    /// analysis on a blocking thread, writes progress and a heartbeat every 250 ms when the
    /// progress moved (at least every [`HEARTBEAT_EVERY`]), then the results.
    #[allow(clippy::too_many_arguments)]
    async fn finish_uncertainty(
        &self,
        run_id: i64,
        toml: String,
        meta: String,
        data: String,
        n: usize,
        seed: u64,
        sens: Option<usize>,
    ) {
        let done = Arc::new(AtomicUsize::new(0));
        let d2 = done.clone();
        let mut job = tokio::task::spawn_blocking(move || {
            background(&toml, &meta, &data, n, seed, sens, &|d| {
                d2.fetch_max(d, Ordering::Relaxed);
            })
        });
        let mut last = 0;
        let mut beat = std::time::Instant::now();
        let outcome = loop {
            tokio::select! {
                r = &mut job => break r.map_err(|e| e.to_string()).and_then(|r| r),
                _ = tokio::time::sleep(std::time::Duration::from_millis(250)) => {
                    let d = done.load(Ordering::Relaxed);
                    if d != last || beat.elapsed() >= HEARTBEAT_EVERY {
                        last = d;
                        beat = std::time::Instant::now();
                        let _ = evaluation_run::Entity::update_many()
                            .col_expr(evaluation_run::Column::Done, sea_orm::sea_query::Expr::value(d as i64))
                            .col_expr(evaluation_run::Column::HeartbeatAt, sea_orm::sea_query::Expr::value(crate::now()))
                            .filter(evaluation_run::Column::Id.eq(run_id))
                            .filter(evaluation_run::Column::Status.eq(RUNNING))
                            .exec(&self.conn)
                            .await;
                    }
                }
            }
        };
        if let Err(e) = self.store_uncertainty(run_id, outcome).await {
            tracing::error!(
                "evaluation run {run_id}: could not store the uncertainty results: {e}"
            );
        }
    }

    async fn store_uncertainty(
        &self,
        run_id: i64,
        outcome: std::result::Result<Background, String>,
    ) -> Result<()> {
        let txn = self.conn.begin().await?;
        let Some(run) = evaluation_run::Entity::find_by_id(run_id).one(&txn).await? else {
            return Ok(());
        };
        if run.status != RUNNING {
            // Marked interrupted meanwhile (a stalled job): keep that outcome.
            return Ok(());
        }
        let total = run.total;
        let mut m = run.into_active_model();
        match outcome {
            Ok(bg) => {
                for r in evaluation_result::Entity::find()
                    .filter(evaluation_result::Column::RunId.eq(run_id))
                    .all(&txn)
                    .await?
                {
                    let s = bg.ranks.get(&r.region_code).copied();
                    let mut a = r.into_active_model();
                    a.median_rank = Set(s.map(|s| s.0).and_then(fin));
                    a.p05_rank = Set(s.map(|s| s.1).and_then(fin));
                    a.p95_rank = Set(s.map(|s| s.2).and_then(fin));
                    a.update(&txn).await?;
                }
                m.status = Set(DONE.into());
                m.done = Set(total);
                m.sensitivity = Set(bg
                    .sensitivity
                    .map(|s| serde_json::to_string(&s).unwrap_or_default()));
            }
            Err(e) => {
                m.status = Set(FAILED.into());
                m.error = Set(Some(e));
            }
        }
        m.finished_at = Set(Some(crate::now()));
        m.heartbeat_at = Set(Some(crate::now()));
        m.update(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Marks `running` runs whose background job has been silent for [`STALE_AFTER`] (or
    /// `stale_after`) as `interrupted`, each with the reason and an audit event in the same
    /// transaction. Called when the server starts and before runs are read; answers the
    /// number of runs marked.
    pub async fn recover_interrupted_evaluations(&self) -> Result<usize> {
        self.recover_interrupted_after(STALE_AFTER).await
    }

    async fn recover_interrupted_after(&self, stale_after: std::time::Duration) -> Result<usize> {
        let now = crate::now();
        let limit = now - chrono::Duration::from_std(stale_after).unwrap_or_default();
        let stale: Vec<evaluation_run::Model> = evaluation_run::Entity::find()
            .filter(evaluation_run::Column::Status.eq(RUNNING))
            .all(&self.conn)
            .await?
            .into_iter()
            .filter(|r| r.heartbeat_at.unwrap_or(r.created_at) < limit)
            .collect();
        let mut n = 0;
        for r in stale {
            let txn = self.conn.begin().await?;
            // Only if still running and stale (another instance may have got there first).
            let res = evaluation_run::Entity::update_many()
                .col_expr(
                    evaluation_run::Column::Status,
                    sea_orm::sea_query::Expr::value(INTERRUPTED),
                )
                .col_expr(
                    evaluation_run::Column::Error,
                    sea_orm::sea_query::Expr::value(format!(
                        "运行中断:不确定性分析在后台进行到 {}/{} 时停止(服务重启或异常退出,最后心跳 {}),结果不完整;可重新运行",
                        r.done,
                        r.total,
                        r.heartbeat_at
                            .unwrap_or(r.created_at)
                            .format("%Y-%m-%d %H:%M:%S UTC")
                    )),
                )
                .col_expr(
                    evaluation_run::Column::FinishedAt,
                    sea_orm::sea_query::Expr::value(now),
                )
                .filter(evaluation_run::Column::Id.eq(r.id))
                .filter(evaluation_run::Column::Status.eq(RUNNING))
                .exec(&txn)
                .await?;
            if res.rows_affected == 1 {
                let after = evaluation_run::Entity::find_by_id(r.id).one(&txn).await?;
                let strip = |m: &evaluation_run::Model| {
                    let mut snap = audit::snap(m);
                    if let Some(serde_json::Value::Object(o)) = snap.as_mut() {
                        o.remove("input_csv");
                    }
                    snap
                };
                audit::record(
                    &txn,
                    &Actor::system(),
                    "interrupt",
                    "evaluation_run",
                    r.id,
                    strip(&r),
                    after.as_ref().and_then(strip),
                )
                .await?;
                n += 1;
            }
            txn.commit().await?;
        }
        if n > 0 {
            tracing::warn!("marked {n} evaluation run(s) interrupted (no heartbeat)");
        }
        Ok(n)
    }

    /// Every stage of run `id` (raw = the stored iData, then imputed, normalised, aggregated,
    /// …, results, effective weights) as CSV files `(name, content)`, recomputed from the
    /// stored input and method version (the input's SHA-256 is checked first). Only for a
    /// caller who sees every participant of the run (the stages hold their data); `None`
    /// otherwise.
    pub async fn evaluation_run_stages(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<Option<Vec<(String, String)>>> {
        let seen = self.evaluation_run(actor, id).await?;
        let Some(data) = seen.input_csv else {
            return Ok(None);
        };
        let method = evaluation_method::Entity::find_by_id(seen.run.method_id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found("评价方法不存在"))?;
        if input_sha(&method.method_toml, &method.structure_csv, &data) != seen.run.input_sha256 {
            return Err(Error::Conflict {
                code: "input_changed",
                message: "运行的输入与其 SHA-256 不符,无法重算各阶段结果".into(),
            });
        }
        let ev =
            prepare(&method.method_toml, &method.structure_csv, &data).map_err(engine_error)?;
        let run = ev.run().map_err(engine_error)?;
        let mut files = ev.outputs(&run, env!("CARGO_PKG_VERSION"));
        files.retain(|(name, _)| name.ends_with(".csv"));
        // The raw stage is the input itself (iData, derived indicators computed).
        files.insert(0, ("stage_Raw.csv".into(), data));
        Ok(Some(files))
    }

    /// Starts a new run with the parameters of run `id` (method version, participants, year,
    /// uncertainty N, seed, sensitivity), e.g. after it was interrupted. The caller must see
    /// the run and have every participant in scope, as for a new run.
    pub async fn rerun_evaluation(&self, actor: &Actor, id: i64) -> Result<RunDetail> {
        may_evaluate(actor)?;
        // Visibility as for reading it (404 when no participant is visible).
        let seen = self.evaluation_run(actor, id).await?;
        if seen.run.status == RUNNING {
            return Err(Error::Conflict {
                code: "running",
                message: "该运行仍在进行中".into(),
            });
        }
        let Some(run) = evaluation_run::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
        else {
            return Err(Error::not_found("评价运行不存在"));
        };
        let input = RunIn {
            method_id: run.method_id,
            participant_ids: serde_json::from_str(&run.participant_ids).unwrap_or_default(),
            year: run.year,
            uncertainty: run.uncertainty_n,
            seed: run.seed,
            sensitivity: run.sensitivity_n,
        };
        self.start_evaluation(actor, &input).await
    }

    fn run_summary(r: &evaluation_run::Model, m: Option<&evaluation_method::Model>) -> RunSummary {
        let ids: Vec<i64> = serde_json::from_str(&r.participant_ids).unwrap_or_default();
        RunSummary {
            id: r.id,
            method_id: r.method_id,
            method_key: m.map(|m| m.key.clone()).unwrap_or_default(),
            method_name: m.map(|m| m.name.clone()).unwrap_or_default(),
            method_version: m.map(|m| m.version).unwrap_or_default(),
            year: r.year,
            participants: ids.len(),
            status: r.status.clone(),
            done: r.done,
            total: r.total,
            uncertainty_n: r.uncertainty_n,
            seed: r.seed,
            input_sha256: r.input_sha256.clone(),
            error: r.error.clone(),
            created_at: r.created_at,
            finished_at: r.finished_at,
            heartbeat_at: r.heartbeat_at,
            sensitivity_n: r.sensitivity_n,
        }
    }

    /// Runs with at least one participant in the caller's scope, newest first.
    pub async fn evaluation_runs(
        &self,
        actor: &Actor,
        method_id: Option<i64>,
    ) -> Result<Vec<RunSummary>> {
        self.recover_interrupted_evaluations().await?;
        let mut q = evaluation_run::Entity::find().order_by_desc(evaluation_run::Column::Id);
        if let Some(m) = method_id {
            q = q.filter(evaluation_run::Column::MethodId.eq(m));
        }
        let runs = q.all(&self.conn).await?;
        let methods: HashMap<i64, evaluation_method::Model> = evaluation_method::Entity::find()
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
        let visible: HashSet<i64> = if actor.scope.regions.is_none() {
            runs.iter().map(|r| r.id).collect()
        } else {
            evaluation_result::Entity::find()
                .all(&self.conn)
                .await?
                .into_iter()
                .filter(|r| actor.scope.allows(&r.region_code))
                .map(|r| r.run_id)
                .collect()
        };
        Ok(runs
            .iter()
            .filter(|r| visible.contains(&r.id))
            .map(|r| Self::run_summary(r, methods.get(&r.method_id)))
            .collect())
    }

    /// One run with its status (progress), aggregates and the visible participants' results.
    pub async fn evaluation_run(&self, actor: &Actor, id: i64) -> Result<RunDetail> {
        self.recover_interrupted_evaluations().await?;
        let run = evaluation_run::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found("评价运行不存在"))?;
        let rows = evaluation_result::Entity::find()
            .filter(evaluation_result::Column::RunId.eq(id))
            .all(&self.conn)
            .await?;
        let all_visible = rows.iter().all(|r| actor.scope.allows(&r.region_code));
        let mut results: Vec<ResultRow> = rows
            .into_iter()
            .filter(|r| actor.scope.allows(&r.region_code))
            .map(|r| ResultRow {
                participant_id: r.participant_id,
                region_code: r.region_code,
                name: r.name,
                score: r.score,
                rank: r.rank,
                scores: serde_json::from_str(&r.scores).unwrap_or_default(),
                ranks: serde_json::from_str(&r.ranks).unwrap_or_default(),
                median_rank: r.median_rank,
                p05_rank: r.p05_rank,
                p95_rank: r.p95_rank,
            })
            .collect();
        if results.is_empty() {
            return Err(Error::not_found("评价运行不存在"));
        }
        results.sort_by(|a, b| {
            a.rank
                .unwrap_or(i32::MAX)
                .cmp(&b.rank.unwrap_or(i32::MAX))
                .then_with(|| a.region_code.cmp(&b.region_code))
        });
        let method = evaluation_method::Entity::find_by_id(run.method_id)
            .one(&self.conn)
            .await?;
        Ok(RunDetail {
            run: Self::run_summary(&run, method.as_ref()),
            aggregates: serde_json::from_str(&run.aggregates).unwrap_or_default(),
            results,
            sensitivity: run
                .sensitivity
                .as_deref()
                .and_then(|s| serde_json::from_str(s).ok())
                .unwrap_or_default(),
            input_csv: all_visible.then_some(run.input_csv),
        })
    }
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
