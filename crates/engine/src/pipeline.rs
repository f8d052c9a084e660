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
                            problems.push(Problem::new(
                                data.label,
                                Some(1),
                                Some(g),
                                format!("group column '{g}' named by {lab} is missing"),
                            ));
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
                            ));
                        }
                    }
                }
                Step::Treat(t) => {
                    for c in &t.skip {
                        if st.node(c).map(|n| n >= st.n_ind).unwrap_or(true) {
                            problems.push(Problem::new(
                                mfile,
                                None,
                                Some(&format!("{lab}.skip")),
                                format!("unknown indicator '{c}'"),
                            ));
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
                                        problems.push(Problem::new(
                                            meta.label,
                                            Some(1),
                                            Some(col),
                                            format!("column needed by {lab} is missing"),
                                        ));
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
                                _ => problems.push(Problem::new(
                                    meta.label,
                                    Some(row.line),
                                    Some(col),
                                    format!(
                                        "indicator '{}' needs a number here for {lab}, found '{v}'",
                                        st.codes[j]
                                    ),
                                )),
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
                                problems.push(Problem::new(
                                    mfile,
                                    None,
                                    Some(&format!("{lab}.matrices.{code}")),
                                    format!("'{code}' is not an aggregate"),
                                ));
                                continue;
                            }
                        };
                        let nch = st.children[node].len();
                        if m.len() != nch {
                            problems.push(Problem::new(
                                mfile,
                                None,
                                Some(&format!("{lab}.matrices.{code}")),
                                format!(
                                    "matrix is {}×{} but '{code}' has {nch} children",
                                    m.len(),
                                    m.len()
                                ),
                            ));
                            continue;
                        }
                        match weights::ahp(m) {
                            Ok(a) => {
                                if a.cr >= w.max_cr {
                                    problems.push(Problem::new(
                                        mfile,
                                        None,
                                        Some(&format!("{lab}.matrices.{code}")),
                                        format!(
                                            "consistency ratio {:.4} is not below max_cr = {}",
                                            a.cr, w.max_cr
                                        ),
                                    ));
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
                            problems.push(Problem::new(
                                mfile,
                                None,
                                Some(&lab),
                                format!(
                                    "level {l} does not exist (the highest level is {})",
                                    st.max_level
                                ),
                            ));
                        }
                    }
                }
                Step::Grade { code: Some(c), .. }
                    if st.node(c).map(|n| n < st.n_ind).unwrap_or(true) =>
                {
                    problems.push(Problem::new(
                        mfile,
                        None,
                        Some(&format!("{lab}.code")),
                        format!("'{c}' is not an aggregate"),
                    ));
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

/// Periods of the current rows: (time, range of positions in `rows`).
pub fn periods(data: &Data, rows: &[usize]) -> Vec<(i64, Range<usize>)> {
    let mut out: Vec<(i64, Range<usize>)> = Vec::new();
    for (k, &r) in rows.iter().enumerate() {
        let t = data.time[r];
        match out.last_mut() {
            Some((lt, rg)) if *lt == t => rg.end = k + 1,
            _ => out.push((t, k..k + 1)),
        }
    }
    out
}

/// Run steps `from..` on `state`. With `logs`/`stages` the run records its logs and data sets.
pub fn run_steps(
    p: &Prepared,
    state: State,
    from: usize,
    ov: &Overrides,
    logs: Option<&mut Logs>,
    stages: Option<&mut Vec<Stage>>,
    snapshot: Option<(usize, &mut Option<State>)>,
) -> Result<State> {
    run_steps_until(
        p,
        state,
        from,
        p.method.steps.len(),
        ov,
        logs,
        stages,
        snapshot,
    )
}

/// Run steps `from..until` only (no logs).
pub fn run_span(
    p: &Prepared,
    state: State,
    from: usize,
    until: usize,
    ov: &Overrides,
) -> Result<State> {
    run_steps_until(p, state, from, until, ov, None, None, None)
}

#[allow(clippy::too_many_arguments)]
fn run_steps_until(
    p: &Prepared,
    mut state: State,
    from: usize,
    until: usize,
    ov: &Overrides,
    mut logs: Option<&mut Logs>,
    mut stages: Option<&mut Vec<Stage>>,
    mut snapshot: Option<(usize, &mut Option<State>)>,
) -> Result<State> {
    let st = &p.st;
    let data = &p.data;
    for (i, step) in p.method.steps.iter().enumerate().take(until).skip(from) {
        if let Some((at, slot)) = snapshot.as_mut() {
            if *at == i {
                **slot = Some(state.clone());
            }
        }
        let lab = step_label(i, step);
        match step {
            Step::Denominate { scale } => {
                for j in 0..st.n_ind {
                    if let Some(d) = &st.denominator[j] {
                        let den = &data.denoms[d];
                        for (k, &r) in state.rows.iter().enumerate() {
                            let x = state.cols[j][k];
                            let dv = den[r];
                            if !x.is_nan() && dv == 0.0 {
                                return Err(EngineError::compute(
                                    &lab,
                                    Some(&st.codes[j]),
                                    Some(&p.unit_label(r)),
                                    format!("denominator '{d}' is zero"),
                                ));
                            }
                            // COINr: x / (d / ScaleFactor)
                            state.cols[j][k] = x / (dv / scale);
                        }
                    }
                }
            }
            Step::Impute {
                method,
                group,
                max_time,
            } => impute(
                p,
                &mut state,
                *method,
                group.as_deref(),
                *max_time,
                logs.as_deref_mut(),
            ),
            Step::Screen {
                by,
                threshold,
                nonzero_threshold,
            } => {
                let nr = state.rows.len();
                let (mut nmiss, mut nzero) = (vec![0usize; nr], vec![0usize; nr]);
                for c in &state.cols {
                    for (k, &v) in c.iter().enumerate() {
                        if v.is_nan() {
                            nmiss[k] += 1;
                        } else if v == 0.0 {
                            nzero[k] += 1;
                        }
                    }
                }
                let mut keep = Vec::with_capacity(nr);
                let n_ind = st.n_ind as f64;
                for (k, &r) in state.rows.iter().enumerate() {
                    let (nm, nz) = (nmiss[k], nzero[k]);
                    let dat_avail = 1.0 - nm as f64 / n_ind;
                    let non_zero = 1.0 - nz as f64 / (n_ind - nm as f64);
                    let low_data = dat_avail < *threshold;
                    let low_nonzero = non_zero < *nonzero_threshold;
                    let excluded = match by {
                        ScreenBy::Na => low_data,
                        ScreenBy::Zeros => low_nonzero,
                        ScreenBy::NaAndZeros => low_data || low_nonzero,
                    };
                    keep.push(!excluded);
                    if let Some(l) = logs.as_deref_mut() {
                        l.screen.push(ScreenRow {
                            row: r,
                            n_missing: nm,
                            n_zero: nz,
                            dat_avail,
                            non_zero,
                            low_data,
                            low_nonzero,
                            included: !excluded,
                        });
                    }
                }
                let before = periods(data, &state.rows);
                state.rows = state
                    .rows
                    .iter()
                    .zip(&keep)
                    .filter(|(_, &k)| k)
                    .map(|(&r, _)| r)
                    .collect();
                for c in state.cols.iter_mut() {
                    *c = c
                        .iter()
                        .zip(&keep)
                        .filter(|(_, &k)| k)
                        .map(|(&v, _)| v)
                        .collect();
                }
                let after = periods(data, &state.rows);
                if after.len() < before.len() || state.rows.is_empty() {
                    let t = before
                        .iter()
                        .find(|(t, _)| !after.iter().any(|(a, _)| a == t))
                        .map(|x| x.0);
                    return Err(EngineError::compute(
                        &lab,
                        None,
                        t.filter(|_| data.has_time)
                            .map(|t| format!("every unit of Time {t}"))
                            .as_deref()
                            .or(Some("every unit")),
                        "screening removed every unit",
                    ));
                }
            }
            Step::Treat(spec) => {
                let pers = periods(data, &state.rows);
                let winmax = ov.winmax.unwrap_or(spec.winmax);
                let want = logs.is_some();
                let skip: Vec<bool> = (0..st.n_ind)
                    .map(|j| spec.skip.iter().any(|c| c == &st.codes[j]))
                    .collect();
                // columns are independent: treat them in parallel, apply in order
                let treat_one = |j: usize| -> Vec<(Vec<f64>, TreatLog, crate::treat::Points)> {
                    if skip[j] {
                        return Vec::new();
                    }
                    pers.iter()
                        .map(|(_, rg)| treat_column(&state.cols[j][rg.clone()], spec, winmax, want))
                        .collect()
                };
                let treated: Vec<Vec<(Vec<f64>, TreatLog, crate::treat::Points)>> =
                    if state.rows.len() >= PAR_MIN_ROWS {
                        (0..st.n_ind).into_par_iter().map(treat_one).collect()
                    } else {
                        (0..st.n_ind).map(treat_one).collect()
                    };
                for j in 0..st.n_ind {
                    if skip[j] {
                        if let Some(l) = logs.as_deref_mut() {
                            for (t, rg) in &pers {
                                let x = &state.cols[j][rg.clone()];
                                let (pp, s, kk) =
                                    crate::treat::pass_test(x, spec.skew, spec.kurtosis);
                                let mut tl = TreatLog::new(s, kk, pp);
                                tl.final_treatment = "skipped".into();
                                l.treat.push((*t, j, tl));
                            }
                        }
                        continue;
                    }
                    for (pi, (t, rg)) in pers.iter().enumerate() {
                        let (y, tl, pts) = &treated[j][pi];
                        if let Some(l) = logs.as_deref_mut() {
                            for (k, label, b, a) in pts {
                                l.points.push((state.rows[rg.start + k], j, *label, *b, *a));
                            }
                            l.treat.push((*t, j, tl.clone()));
                        }
                        state.cols[j][rg.clone()].copy_from_slice(y);
                    }
                }
            }
            Step::Normalise(spec) => {
                let method = ov.norm.unwrap_or(spec.method);
                let set = settings(spec, method);
                let params = &p.norm_params[&i];
                let pers = if spec.global {
                    vec![(0, 0..state.rows.len())]
                } else {
                    periods(data, &state.rows)
                };
                for j in 0..st.n_ind {
                    for (_, rg) in &pers {
                        let x = &state.cols[j][rg.clone()];
                        match ops::normalise(x, st.direction[j], &set, &params[j]) {
                            Ok(y) => state.cols[j][rg.clone()].copy_from_slice(&y),
                            Err(msg) => {
                                let unit = if data.has_time && !spec.global {
                                    Some(format!(
                                        "all units of Time {}",
                                        data.time[state.rows[rg.start]]
                                    ))
                                } else {
                                    Some("all units".to_string())
                                };
                                return Err(EngineError::compute(
                                    &lab,
                                    Some(&st.codes[j]),
                                    unit.as_deref(),
                                    msg,
                                ));
                            }
                        }
                    }
                }
            }
            Step::Weights(_) => {
                state.wstep = Some(i);
            }
            Step::Aggregate(spec) => {
                aggregate(p, &mut state, spec, &lab, ov, logs.as_deref_mut())?;
            }
            Step::Grade { .. } => {}
        }
        if let (Some(name), Some(sv)) = (step.stage_name(), stages.as_deref_mut()) {
            let mut nodes: Vec<usize> = (0..st.n_ind).collect();
            let mut cols = state.cols.clone();
            if matches!(step, Step::Aggregate(_)) {
                nodes.extend(st.n_ind..st.n_nodes());
                cols.extend(state.aggs.iter().cloned());
            }
            let mut nm = name.to_string();
            let dup = sv
                .iter()
                .filter(|s| s.name == nm || s.name.starts_with(&format!("{nm}_")))
                .count();
            if dup > 0 {
                nm = format!("{nm}_{}", dup + 1);
            }
            sv.push(Stage {
                name: nm,
                rows: state.rows.clone(),
                nodes,
                cols,
            });
        }
    }
    Ok(state)
}

fn settings(spec: &NormSpec, method: NormMethod) -> NormSettings {
    NormSettings {
        method,
        lower: spec.lower,
        upper: spec.upper,
        mean: spec.mean,
        sd: spec.sd,
        scale: spec.scale.unwrap_or(if method == NormMethod::Attainment {
            100.0
        } else {
            1.0
        }),
        clamp: spec.clamp,
        cap: spec.cap,
        cap_ratio: spec.cap_ratio,
    }
}

fn impute(
    p: &Prepared,
    state: &mut State,
    method: ImputeMethod,
    group: Option<&str>,
    max_time: Option<usize>,
    mut logs: Option<&mut Logs>,
) {
    let st = &p.st;
    let data = &p.data;
    match method {
        ImputeMethod::None => {}
        ImputeMethod::Mean
        | ImputeMethod::Median
        | ImputeMethod::GroupMean
        | ImputeMethod::GroupMedian => {
            let pers = periods(data, &state.rows);
            let gcol = group.and_then(|g| data.text.get(g));
            // group id of each row (None = no group), computed once
            let mut names: Vec<&str> = Vec::new();
            let gid: Vec<Option<usize>> = state
                .rows
                .iter()
                .map(|&r| {
                    let g = gcol?.get(r)?.as_str();
                    if g.is_empty() || g == "NA" {
                        return None;
                    }
                    Some(match names.iter().position(|n| *n == g) {
                        Some(i) => i,
                        None => {
                            names.push(g);
                            names.len() - 1
                        }
                    })
                })
                .collect();
            let grouped = matches!(method, ImputeMethod::GroupMean | ImputeMethod::GroupMedian);
            for j in 0..st.n_ind {
                for (_, rg) in &pers {
                    let x = &state.cols[j][rg.clone()];
                    if !x.iter().any(|v| v.is_nan()) {
                        continue;
                    }
                    let mut fill = vec![f64::NAN; x.len()];
                    if !grouped {
                        let v = if method == ImputeMethod::Mean {
                            mean(x)
                        } else {
                            median(x)
                        };
                        fill.iter_mut().for_each(|f| *f = v);
                    } else {
                        let mut members: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
                        for (k, &v) in x.iter().enumerate() {
                            if let Some(g) = gid[rg.start + k] {
                                members[g].push(v);
                            }
                        }
                        let stat: Vec<f64> = members
                            .iter()
                            .map(|m| {
                                if method == ImputeMethod::GroupMean {
                                    mean(m)
                                } else {
                                    median(m)
                                }
                            })
                            .collect();
                        for (k, f) in fill.iter_mut().enumerate() {
                            if let Some(g) = gid[rg.start + k] {
                                *f = stat[g];
                            }
                        }
                    }
                    for (k, &fv) in fill.iter().enumerate() {
                        if state.cols[j][rg.start + k].is_nan() && !fv.is_nan() {
                            state.cols[j][rg.start + k] = fv;
                            if let Some(l) = logs.as_deref_mut() {
                                let group = gid[rg.start + k]
                                    .map(|g| names[g].to_string())
                                    .unwrap_or_default();
                                l.impute.push(ImputeCell {
                                    row: state.rows[rg.start + k],
                                    node: j,
                                    value: fv,
                                    group,
                                });
                            }
                        }
                    }
                }
            }
        }
        ImputeMethod::PanelLatest | ImputeMethod::PanelLinear => {
            // periods of the panel (COINr counts max_time in panel periods)
            let mut all_t: Vec<i64> = state.rows.iter().map(|&r| data.time[r]).collect();
            all_t.sort_unstable();
            all_t.dedup();
            let period_index = |t: i64| all_t.binary_search(&t).unwrap_or(0);
            // rows of each unit in time order
            let mut by_unit: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for (k, &r) in state.rows.iter().enumerate() {
                by_unit.entry(data.ucode[r].as_str()).or_default().push(k);
            }
            for j in 0..st.n_ind {
                let orig = state.cols[j].clone();
                for ks in by_unit.values() {
                    for (pos, &k) in ks.iter().enumerate() {
                        if !orig[k].is_nan() {
                            continue;
                        }
                        let t = data.time[state.rows[k]] as f64;
                        let prev = ks[..pos]
                            .iter()
                            .rev()
                            .find(|&&q| !orig[q].is_nan())
                            .copied();
                        let next = ks[pos + 1..].iter().find(|&&q| !orig[q].is_nan()).copied();
                        let v = match (method, prev, next) {
                            (ImputeMethod::PanelLatest, Some(q), _)
                                if max_time.is_none_or(|m| {
                                    period_index(data.time[state.rows[k]])
                                        - period_index(data.time[state.rows[q]])
                                        <= m
                                }) =>
                            {
                                orig[q]
                            }
                            (ImputeMethod::PanelLinear, Some(a), Some(b)) => {
                                let (ta, tb) = (
                                    data.time[state.rows[a]] as f64,
                                    data.time[state.rows[b]] as f64,
                                );
                                orig[a] + (orig[b] - orig[a]) * (t - ta) / (tb - ta)
                            }
                            (ImputeMethod::PanelLinear, Some(a), None) => orig[a],
                            (ImputeMethod::PanelLinear, None, Some(b)) => orig[b],
                            _ => f64::NAN,
                        };
                        if !v.is_nan() {
                            state.cols[j][k] = v;
                            if let Some(l) = logs.as_deref_mut() {
                                l.impute.push(ImputeCell {
                                    row: state.rows[k],
                                    node: j,
                                    value: v,
                                    group: String::new(),
                                });
                            }
                        }
                    }
                }
            }
        }
    }
}

fn data_weights(spec: &WeightSpec, cols: &[&[f64]]) -> Vec<f64> {
    match spec.method {
        WeightMethod::Pca => weights::pca(cols),
        WeightMethod::Entropy => weights::entropy(cols),
        WeightMethod::Critic => weights::critic(cols),
        _ => vec![1.0; cols.len()],
    }
}

fn aggregate(
    p: &Prepared,
    state: &mut State,
    spec: &AggSpec,
    lab: &str,
    ov: &Overrides,
    logs: Option<&mut Logs>,
) -> Result<()> {
    state.aggs = compute_aggs(p, state, spec, lab, ov, logs)?;
    Ok(())
}

/// Aggregate scores of every aggregate node (read-only on the state).
pub fn compute_aggs(
    p: &Prepared,
    state: &State,
    spec: &AggSpec,
    lab: &str,
    ov: &Overrides,
    mut logs: Option<&mut Logs>,
) -> Result<Vec<Vec<f64>>> {
    let st = &p.st;
    let data = &p.data;
    let n = state.rows.len();
    let n_agg = st.n_nodes() - st.n_ind;
    let mut aggs = vec![vec![f64::NAN; n]; n_agg];
    let pers = periods(data, &state.rows);
    let wspec: Option<(usize, &WeightSpec)> = state.wstep.and_then(|i| match &p.method.steps[i] {
        Step::Weights(w) => Some((i, w)),
        _ => None,
    });
    for lev in 2..=st.max_level {
        let method = ov.agg.unwrap_or(spec.method_at(lev));
        let avail = spec.availability.get(&lev).copied();
        for a in st.aggs_at(lev) {
            let children: Vec<usize> = st.children[a]
                .iter()
                .copied()
                .filter(|&c| Some(c) != ov.removed)
                .collect();
            if children.is_empty() {
                continue;
            }
            for (t, rg) in &pers {
                let slices: Vec<&[f64]> = children
                    .iter()
                    .map(|&c| {
                        if c < st.n_ind {
                            &state.cols[c][rg.clone()]
                        } else {
                            &aggs[c - st.n_ind][rg.clone()]
                        }
                    })
                    .collect();
                // weights
                let mut w: Vec<f64> = children.iter().map(|&c| state.weights[c]).collect();
                if let Some((wi, ws)) = wspec {
                    let applies = ws.levels.as_ref().map(|l| l.contains(&lev)).unwrap_or(true);
                    if applies {
                        match ws.method {
                            WeightMethod::Manual => {}
                            WeightMethod::Equal => w.iter_mut().for_each(|v| *v = 1.0),
                            WeightMethod::Ahp => {
                                if let Some(ah) = p.ahp.get(&(wi, a)) {
                                    w = st.children[a]
                                        .iter()
                                        .zip(&ah.weights)
                                        .filter(|(c, _)| Some(**c) != ov.removed)
                                        .map(|(_, &x)| x)
                                        .collect();
                                }
                            }
                            _ => w = data_weights(ws, &slices),
                        }
                    }
                }
                if let Some(m) = &ov.weight_mult {
                    for (k, &c) in children.iter().enumerate() {
                        w[k] *= m[c];
                    }
                }
                if let Some(l) = logs.as_deref_mut() {
                    let s: f64 = w.iter().sum();
                    for (k, &c) in children.iter().enumerate() {
                        l.weights.push(WeightUse {
                            time: *t,
                            parent: a,
                            child: c,
                            weight: w[k] / s,
                        });
                    }
                }
                let shifted: Vec<Vec<f64>>;
                let refs: Vec<&[f64]> = if ov.shift_positive
                    && matches!(method, AggMethod::Geometric | AggMethod::Harmonic)
                    && slices.iter().any(|c| stats::min(c) <= 0.0)
                {
                    shifted = slices
                        .iter()
                        .map(|c| {
                            let mn = stats::min(c);
                            if mn <= 0.0 {
                                c.iter().map(|v| v + 1.0 - mn).collect()
                            } else {
                                c.to_vec()
                            }
                        })
                        .collect();
                    shifted.iter().map(|c| c.as_slice()).collect()
                } else {
                    slices
                };
                let y = match method {
                    AggMethod::Copeland => ops::copeland(&refs, &w),
                    AggMethod::Topsis => ops::topsis(&refs, &w),
                    _ => match rowwise(method, spec.p, &refs, &w, avail) {
                        Ok(y) => y,
                        Err((k, row, msg)) => {
                            return Err(EngineError::compute(
                                lab,
                                Some(&format!(
                                    "{} (child {})",
                                    st.codes[a], st.codes[children[k]]
                                )),
                                Some(&p.unit_label(state.rows[rg.start + row])),
                                msg,
                            ));
                        }
                    },
                };
                aggs[a - st.n_ind][rg.clone()].copy_from_slice(&y);
            }
        }
    }
    Ok(aggs)
}

/// Row-wise aggregation of children columns. Err((child, row, message)).
pub fn rowwise(
    method: AggMethod,
    p: f64,
    cols: &[&[f64]],
    w: &[f64],
    avail: Option<f64>,
) -> std::result::Result<Vec<f64>, (usize, usize, String)> {
    let n = cols.first().map(|c| c.len()).unwrap_or(0);
    let k = cols.len() as f64;
    let mut out = vec![f64::NAN; n];
    for (i, o) in out.iter_mut().enumerate() {
        let present = cols.iter().filter(|c| !c[i].is_nan()).count();
        if present == 0 {
            continue;
        }
        if let Some(th) = avail {
            if (present as f64) / k < th {
                continue;
            }
        }
        let (mut sw, mut acc) = (0.0, 0.0);
        match method {
            AggMethod::Arithmetic | AggMethod::Sum => {
                for (c, &wk) in cols.iter().zip(w) {
                    let v = c[i];
                    if !v.is_nan() {
                        sw += wk;
                        acc += wk * v;
                    }
                }
                *o = if method == AggMethod::Sum {
                    acc
                } else {
                    acc / sw
                };
            }
            AggMethod::Geometric => {
                for (j, (c, &wk)) in cols.iter().zip(w).enumerate() {
                    let v = c[i];
                    if !v.is_nan() {
                        if v <= 0.0 {
                            return Err((j, i, format!("geometric mean over a value ≤ 0 ({v})")));
                        }
                        sw += wk;
                        acc += wk * v.ln();
                    }
                }
                *o = (acc / sw).exp();
            }
            AggMethod::Harmonic => {
                for (j, (c, &wk)) in cols.iter().zip(w).enumerate() {
                    let v = c[i];
                    if !v.is_nan() {
                        if v <= 0.0 {
                            return Err((j, i, format!("harmonic mean over a value ≤ 0 ({v})")));
                        }
                        sw += wk;
                        acc += wk / v;
                    }
                }
                *o = sw / acc;
            }
            AggMethod::Generalised => {
                // COINr a_genmean: NA if any child is missing (sum without na.rm)
                if present < cols.len() {
                    continue;
                }
                for (j, (c, &wk)) in cols.iter().zip(w).enumerate() {
                    let v = c[i];
                    if v <= 0.0 && p < 0.0 {
                        return Err((
                            j,
                            i,
                            format!("generalised mean with p = {p} over a value ≤ 0 ({v})"),
                        ));
                    }
                    sw += wk;
                    acc += wk * v.powf(p);
                }
                *o = (acc / sw).powf(1.0 / p);
            }
            AggMethod::Copeland | AggMethod::Topsis => {}
        }
    }
    Ok(out)
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
