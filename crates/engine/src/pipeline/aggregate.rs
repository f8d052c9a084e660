//! Aggregation: data-driven weights and the row-wise aggregate of each node's children.

use super::*;

pub(super) fn data_weights(spec: &WeightSpec, cols: &[&[f64]]) -> Vec<f64> {
    match spec.method {
        WeightMethod::Pca => weights::pca(cols),
        WeightMethod::Entropy => weights::entropy(cols),
        WeightMethod::Critic => weights::critic(cols),
        _ => vec![1.0; cols.len()],
    }
}

pub(super) fn aggregate(
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
