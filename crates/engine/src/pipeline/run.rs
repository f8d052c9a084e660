//! Running the steps: trimming, imputation, normalisation, weighting and aggregation in the
//! order the method writes them.

use super::*;

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
pub(super) fn run_steps_until(
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

pub(super) fn settings(spec: &NormSpec, method: NormMethod) -> NormSettings {
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

pub(super) fn impute(
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
