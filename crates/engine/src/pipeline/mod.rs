//! The pipeline: prepare (validate everything), then run the steps in the order written.

use crate::error::{EngineError, Problem, Result};
use crate::method::{
    AggMethod, AggSpec, ImputeMethod, Method, NormMethod, NormSpec, ScreenBy, Step, WeightMethod,
    WeightSpec,
};
use crate::model::{parse_num, Data, Structure};
use crate::ops::{self, NormParams, NormSettings};
use crate::stats::{self, mean, median};
use crate::treat::{treat_column, TreatLog};
use crate::weights;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::ops::Range;

mod aggregate;
mod run;

pub use aggregate::*;
pub use run::*;

/// Row count from which columns are processed in parallel.
const PAR_MIN_ROWS: usize = 1000;
/// Input size from which parsing and hashing run in parallel.
const PAR_MIN_BYTES: usize = 1 << 20;

/// SHA-256 of some bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// One input given as text, with the label used in messages (usually the file name).
#[derive(Debug, Clone, Copy)]
pub struct InputText<'a> {
    pub label: &'a str,
    pub text: &'a str,
}

/// Everything validated and ready to run.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub method: Method,
    pub st: Structure,
    pub data: Data,
    /// Period to output when all periods were kept for panel imputation.
    pub output_time: Option<i64>,
    /// Per normalise step index: iMeta parameters per indicator.
    pub norm_params: BTreeMap<usize, Vec<NormParams>>,
    /// AHP weights per (step index, parent node): weights of its children in node order.
    pub ahp: BTreeMap<(usize, usize), weights::Ahp>,
    /// (label, sha256) of each input.
    pub input_sha: Vec<(String, String)>,
}

/// Mutable pipeline state.
#[derive(Debug, Clone)]
pub struct State {
    /// Data rows still included (indices into `Data`), sorted by Time then uCode.
    pub rows: Vec<usize>,
    /// Indicator columns, `cols[j][k]` for row `rows[k]`.
    pub cols: Vec<Vec<f64>>,
    /// Aggregate columns (node `n_ind + a`), empty until aggregated.
    pub aggs: Vec<Vec<f64>>,
    /// Weights per node.
    pub weights: Vec<f64>,
    /// Index of the weights step in effect.
    pub wstep: Option<usize>,
}

/// Changes applied by an uncertainty replication.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub norm: Option<NormMethod>,
    pub agg: Option<AggMethod>,
    pub winmax: Option<usize>,
    pub weight_mult: Option<Vec<f64>>,
    pub removed: Option<usize>,
    /// Shift non-positive children before geometric/harmonic means (uncertainty runs).
    pub shift_positive: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImputeCell {
    pub row: usize,
    pub node: usize,
    pub value: f64,
    pub group: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScreenRow {
    pub row: usize,
    pub n_missing: usize,
    pub n_zero: usize,
    pub dat_avail: f64,
    pub non_zero: f64,
    pub low_data: bool,
    pub low_nonzero: bool,
    pub included: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WeightUse {
    pub time: i64,
    pub parent: usize,
    pub child: usize,
    pub weight: f64,
}

/// Logs of a nominal run.
#[derive(Debug, Clone, Default)]
pub struct Logs {
    pub impute: Vec<ImputeCell>,
    pub screen: Vec<ScreenRow>,
    pub treat: Vec<(i64, usize, TreatLog)>,
    /// (data row, node, label, before, after)
    pub points: Vec<(usize, usize, &'static str, f64, f64)>,
    pub weights: Vec<WeightUse>,
}

/// A data set after a step.
#[derive(Debug, Clone)]
pub struct Stage {
    pub name: String,
    pub rows: Vec<usize>,
    /// Node ids of the columns (indicators, then aggregates for Aggregated).
    pub nodes: Vec<usize>,
    pub cols: Vec<Vec<f64>>,
}

fn step_label(i: usize, s: &Step) -> String {
    format!("{} (step {})", s.kind(), i + 1)
}

impl Prepared {
    /// Validate the method against the metadata and data, and build everything needed to run.
    pub fn new(
        method: Method,
        meta: InputText,
        data: InputText,
        weights_csv: Option<InputText>,
        time: Option<i64>,
    ) -> Result<Prepared> {
        let mut st = Structure::parse(meta.text, meta.label)?;
        if let Some(w) = weights_csv {
            st.apply_weights_csv(w.text, w.label)?;
        }
        let panel_impute = method.steps.iter().any(|s| {
            matches!(
                s,
                Step::Impute {
                    method: ImputeMethod::PanelLatest | ImputeMethod::PanelLinear,
                    ..
                }
            )
        });
        // methods that look across periods (panel imputation, global normalisation) run on the
        // whole panel; --time then selects the period in the outputs
        let global_norm = method
            .steps
            .iter()
            .any(|s| matches!(s, Step::Normalise(n) if n.global));
        let keep_all = (panel_impute || global_norm) && time.is_some();
        // hash the inputs while parsing the data (two cores) when the data is large; small
        // inputs stay on this thread (no thread pool is started for them)
        let parse = || {
            Data::parse(
                data.text,
                data.label,
                &st,
                if keep_all { None } else { time },
                method
                    .steps
                    .iter()
                    .any(|s| matches!(s, Step::Denominate { .. })),
            )
        };
        let (data_parsed, data_sha) = if data.text.len() > PAR_MIN_BYTES {
            rayon::join(parse, || sha256_hex(data.text.as_bytes()))
        } else {
            (parse(), sha256_hex(data.text.as_bytes()))
        };
        let data_parsed = data_parsed?;
        let mut problems: Vec<Problem> = Vec::new();
        let mfile = "method";
        let mut norm_params = BTreeMap::new();
        let mut ahp = BTreeMap::new();
        let unc = method.uncertainty.clone().unwrap_or_default();
        for (i, s) in method.steps.iter().enumerate() {
            let lab = step_label(i, s);
            match s {
                Step::Impute {
                    method: m, group, ..
                } => {
                    if let Some(g) = group {
                        if matches!(m, ImputeMethod::GroupMean | ImputeMethod::GroupMedian)
                            && !data_parsed.text.contains_key(g)
                        {
                            problems.push(
                                Problem::new(
                                    data.label,
                                    Some(1),
                                    Some(g),
                                    format!("group column '{g}' named by {lab} is missing"),
                                )
                                .zh(format!("{lab} 指定的分组列“{g}”不存在")),
                            );
                        }
                    }
                    if matches!(m, ImputeMethod::PanelLatest | ImputeMethod::PanelLinear) {
                        let mut ts: Vec<i64> = data_parsed.time.clone();
                        ts.dedup();
                        if !data_parsed.has_time || ts.len() < 2 {
                            problems.push(Problem::new(
                                data.label,
                                Some(1),
                                Some("Time"),
                                format!("{lab}: panel imputation needs a Time column with at least two periods"),
                            ).zh(format!("{lab}: 面板插补须有至少两个期次的 Time 列")));
                        }
                    }
                }
                Step::Treat(t) => {
                    for c in &t.skip {
                        if st.node(c).map(|n| n >= st.n_ind).unwrap_or(true) {
                            problems.push(
                                Problem::new(
                                    mfile,
                                    None,
                                    Some(&format!("{lab}.skip")),
                                    format!("unknown indicator '{c}'"),
                                )
                                .zh(format!("未知的指标“{c}”")),
                            );
                        }
                    }
                }
                Step::Normalise(n) => {
                    let mut methods = vec![n.method];
                    methods.extend(unc.normalise.iter().copied());
                    let mut params = vec![
                        NormParams {
                            lower: f64::NAN,
                            upper: f64::NAN,
                            target: f64::NAN
                        };
                        st.n_ind
                    ];
                    let need = |col: &str,
                                which: u8,
                                problems: &mut Vec<Problem>,
                                params: &mut Vec<NormParams>| {
                        for j in 0..st.n_ind {
                            let row = &st.rows[st.meta_row[j]];
                            let v = match row.cells.get(col) {
                                None => {
                                    if j == 0 {
                                        problems.push(
                                            Problem::new(
                                                meta.label,
                                                Some(1),
                                                Some(col),
                                                format!("column needed by {lab} is missing"),
                                            )
                                            .zh(format!("缺少 {lab} 所需的列")),
                                        );
                                    }
                                    continue;
                                }
                                Some(s) => s,
                            };
                            match parse_num(v) {
                                Ok(x) if !x.is_nan() => match which {
                                    0 => params[j].lower = x,
                                    1 => params[j].upper = x,
                                    _ => params[j].target = x,
                                },
                                _ => problems.push(
                                    Problem::new(
                                        meta.label,
                                        Some(row.line),
                                        Some(col),
                                        format!(
                                        "indicator '{}' needs a number here for {lab}, found '{v}'",
                                        st.codes[j]
                                    ),
                                    )
                                    .zh(format!(
                                        "指标“{}”在此处须为数字({lab} 需要),实为“{v}”",
                                        st.codes[j]
                                    )),
                                ),
                            }
                        }
                    };
                    if methods.contains(&NormMethod::Goalposts) {
                        need(&n.lower_col, 0, &mut problems, &mut params);
                        need(&n.upper_col, 1, &mut problems, &mut params);
                    }
                    if methods.contains(&NormMethod::Dist2Targ)
                        || methods.contains(&NormMethod::Attainment)
                    {
                        need(&n.target_col, 2, &mut problems, &mut params);
                    }
                    norm_params.insert(i, params);
                }
                Step::Weights(w) => {
                    for (code, m) in &w.matrices {
                        let node = match st.node(code) {
                            Some(nd) if nd >= st.n_ind => nd,
                            _ => {
                                problems.push(
                                    Problem::new(
                                        mfile,
                                        None,
                                        Some(&format!("{lab}.matrices.{code}")),
                                        format!("'{code}' is not an aggregate"),
                                    )
                                    .zh(format!("“{code}”不是汇总项")),
                                );
                                continue;
                            }
                        };
                        let nch = st.children[node].len();
                        if m.len() != nch {
                            problems.push(
                                Problem::new(
                                    mfile,
                                    None,
                                    Some(&format!("{lab}.matrices.{code}")),
                                    format!(
                                        "matrix is {}×{} but '{code}' has {nch} children",
                                        m.len(),
                                        m.len()
                                    ),
                                )
                                .zh(format!(
                                    "矩阵为 {}×{},但“{code}”有 {nch} 个下级",
                                    m.len(),
                                    m.len()
                                )),
                            );
                            continue;
                        }
                        match weights::ahp(m) {
                            Ok(a) => {
                                if a.cr >= w.max_cr {
                                    problems.push(
                                        Problem::new(
                                            mfile,
                                            None,
                                            Some(&format!("{lab}.matrices.{code}")),
                                            format!(
                                                "consistency ratio {:.4} is not below max_cr = {}",
                                                a.cr, w.max_cr
                                            ),
                                        )
                                        .zh(format!(
                                            "一致性比率 {:.4} 未低于 max_cr = {}",
                                            a.cr, w.max_cr
                                        )),
                                    );
                                }
                                ahp.insert((i, node), a);
                            }
                            Err(e) => problems.push(Problem::new(
                                mfile,
                                None,
                                Some(&format!("{lab}.matrices.{code}")),
                                e,
                            )),
                        }
                    }
                }
                Step::Aggregate(a) => {
                    for l in a.by_level.keys().chain(a.availability.keys()) {
                        if *l > st.max_level {
                            problems.push(
                                Problem::new(
                                    mfile,
                                    None,
                                    Some(&lab),
                                    format!(
                                        "level {l} does not exist (the highest level is {})",
                                        st.max_level
                                    ),
                                )
                                .zh(format!("层级 {l} 不存在(最高层级为 {})", st.max_level)),
                            );
                        }
                    }
                }
                Step::Grade { code: Some(c), .. }
                    if st.node(c).map(|n| n < st.n_ind).unwrap_or(true) =>
                {
                    problems.push(
                        Problem::new(
                            mfile,
                            None,
                            Some(&format!("{lab}.code")),
                            format!("'{c}' is not an aggregate"),
                        )
                        .zh(format!("“{c}”不是汇总项")),
                    );
                }
                _ => {}
            }
        }
        if !problems.is_empty() {
            return Err(EngineError::Invalid(problems));
        }
        let mut input_sha = vec![
            (meta.label.to_string(), sha256_hex(meta.text.as_bytes())),
            (data.label.to_string(), data_sha),
        ];
        if let Some(w) = weights_csv {
            input_sha.push((w.label.to_string(), sha256_hex(w.text.as_bytes())));
        }
        Ok(Prepared {
            method,
            st,
            data: data_parsed,
            output_time: if keep_all { time } else { None },
            norm_params,
            ahp,
            input_sha,
        })
    }

    /// Initial state (all rows, raw indicator values, iMeta weights).
    pub fn initial_state(&self) -> State {
        State {
            rows: (0..self.data.n_rows()).collect(),
            cols: self.data.cols.clone(),
            aggs: Vec::new(),
            weights: self.st.weight.clone(),
            wstep: None,
        }
    }

    pub fn unit_label(&self, row: usize) -> String {
        if self.data.has_time {
            format!("{} (Time {})", self.data.ucode[row], self.data.time[row])
        } else {
            self.data.ucode[row].clone()
        }
    }

    /// Index of the first step an override touches.
    pub fn first_affected(&self, ov: &Overrides) -> usize {
        let mut first = self.method.steps.len();
        for (i, s) in self.method.steps.iter().enumerate() {
            let hit = match s {
                Step::Treat(_) => ov.winmax.is_some(),
                Step::Normalise(_) => ov.norm.is_some(),
                Step::Aggregate(_) | Step::Weights(_) => {
                    ov.agg.is_some() || ov.weight_mult.is_some() || ov.removed.is_some()
                }
                _ => false,
            };
            if hit {
                first = first.min(i);
            }
        }
        first
    }
}

/// The result of a nominal run.
#[derive(Debug, Clone)]
pub struct RunResult {
    pub stages: Vec<Stage>,
    pub logs: Logs,
    pub state: State,
}

/// Run the whole method once, recording stages and logs.
pub fn run(p: &Prepared) -> Result<RunResult> {
    let mut logs = Logs::default();
    let mut stages = Vec::new();
    let state = run_steps(
        p,
        p.initial_state(),
        0,
        &Overrides::default(),
        Some(&mut logs),
        Some(&mut stages),
        None,
    )?;
    Ok(RunResult {
        stages,
        logs,
        state,
    })
}

/// Scores of the given aggregate nodes per row of `state` (NaN if not aggregated).
pub fn agg_scores(p: &Prepared, state: &State, node: usize) -> Vec<f64> {
    if node >= p.st.n_ind && !state.aggs.is_empty() {
        state.aggs[node - p.st.n_ind].clone()
    } else if node < p.st.n_ind {
        state.cols[node].clone()
    } else {
        vec![f64::NAN; state.rows.len()]
    }
}

/// Competition ranks within each period.
pub fn ranks_by_period(p: &Prepared, rows: &[usize], scores: &[f64]) -> Vec<u32> {
    let mut out = vec![0u32; scores.len()];
    for (_, rg) in periods(&p.data, rows) {
        let r = stats::rank_desc_u32(&scores[rg.clone()]);
        out[rg].copy_from_slice(&r);
    }
    out
}
