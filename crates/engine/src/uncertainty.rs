//! Monte Carlo uncertainty analysis and variance-based sensitivity analysis.
//!
//! **Reproducibility.** Replication `d` draws its choices from `ChaCha8Rng::seed_from_u64(seed)`
//! with `set_stream(d)`, so a replication's draws never depend on which thread runs it. Ranks
//! are accumulated as integer counts (a histogram of ranks per unit) and integer sums of
//! absolute rank shifts, so results are identical for any `--threads`.
//!
//! **Draw order per replication** (each only if its key is present): normalisation method,
//! aggregation method, winmax, one multiplier `U(1 − x, 1 + x)` per node weight (all nodes, in
//! node order), then the removed indicator (uniform over the indicators and "none").
//!
//! **Re-run.** Each replication starts from the state before the first step any drawn choice
//! affects (treat for winmax, normalise, or weights/aggregate), copied from the nominal run.
//!
//! **Geometric / harmonic draws** on data that is not strictly positive (e.g. z-scores): inside
//! replications, each child column of an aggregation group whose minimum is ≤ 0 is shifted by
//! `1 − min` (within the period) before the mean is taken.
//!
//! **Sensitivity** ([`sensitivity`]): as COINr `get_sensitivity(SA_type = "SA")` with
//! `SA_sample`/`SA_estimate`: a Saltelli design with matrices A and B (N × d uniform numbers,
//! d = number of uncertain factors present), N(d + 2) runs, output per run = mean absolute rank
//! shift of the top aggregate versus the nominal ranks (over units), and the estimators
//! Sᵢ = mean(y_B (y_ABᵢ − y_A)) / V and STᵢ = Σ (y_A − y_ABᵢ)² / (2 N V), with V the sample
//! variance of (y_A, y_B). A factor's uniform number picks its discrete choice as
//! `floor(u · k)`; for weights it seeds the generator of the weight multipliers.

use crate::error::Result;
use crate::method::{NormMethod, Step, UncertaintySpec};
use crate::pipeline::{
    agg_scores, compute_aggs, ranks_by_period, run_span, run_steps, Overrides, Prepared, RunResult,
    State,
};
use crate::stats::quantile_sorted;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::collections::HashMap;

/// Summary for one unit and aggregate.
#[derive(Debug, Clone, PartialEq)]
pub struct RankSummary {
    /// Data row of the unit.
    pub row: usize,
    pub aggregate: usize,
    pub nominal: u32,
    pub median: f64,
    pub p05: f64,
    pub p95: f64,
    pub mean_abs_shift: f64,
    /// Replications in which the unit had a rank.
    pub n: u64,
}

#[derive(Debug, Clone)]
pub struct McResult {
    pub summaries: Vec<RankSummary>,
    pub replications: usize,
    pub failed: usize,
}

fn unif(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

fn pick(rng: &mut ChaCha8Rng, k: usize) -> usize {
    ((unif(rng) * k as f64) as usize).min(k.saturating_sub(1))
}

/// Overrides for replication `d`.
pub fn draw(p: &Prepared, u: &UncertaintySpec, seed: u64, d: u64) -> Overrides {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(d);
    let mut ov = Overrides {
        shift_positive: true,
        ..Default::default()
    };
    if !u.normalise.is_empty() {
        ov.norm = Some(u.normalise[pick(&mut rng, u.normalise.len())]);
    }
    if !u.aggregate.is_empty() {
        ov.agg = Some(u.aggregate[pick(&mut rng, u.aggregate.len())]);
    }
    if !u.winmax.is_empty() {
        ov.winmax = Some(u.winmax[pick(&mut rng, u.winmax.len())]);
    }
    if u.weight_noise > 0.0 {
        ov.weight_mult = Some(weight_mults(&mut rng, p.st.n_nodes(), u.weight_noise));
    }
    if u.remove_one {
        let k = pick(&mut rng, p.st.n_ind + 1);
        ov.removed = if k < p.st.n_ind { Some(k) } else { None };
    }
    ov
}

fn weight_mults(rng: &mut ChaCha8Rng, n: usize, x: f64) -> Vec<f64> {
    (0..n).map(|_| 1.0 - x + 2.0 * x * unif(rng)).collect()
}

/// Template with every factor present, to find the first affected step.
fn template(u: &UncertaintySpec) -> Overrides {
    Overrides {
        norm: u.normalise.first().copied(),
        agg: u.aggregate.first().copied(),
        winmax: u.winmax.first().copied(),
        weight_mult: if u.weight_noise > 0.0 {
            Some(Vec::new())
        } else {
            None
        },
        removed: if u.remove_one { Some(0) } else { None },
        shift_positive: true,
    }
}

/// Prepared starting point for replications.
///
/// The steps between the first affected step and the aggregate step depend only on the drawn
/// winmax and normalisation, so their results are computed once per (winmax, normalisation)
/// pair and shared by the replications that draw that pair.
pub struct Base {
    pub from: usize,
    pub start: State,
    /// First step affected by aggregation, weight or removal draws.
    pub agg_from: usize,
    /// States before `agg_from` per (winmax, normalisation) pair (None = that draw failed).
    pub cache: Vec<((Option<usize>, Option<NormMethod>), Option<State>)>,
    /// Nominal rows and, per aggregate of interest, the nominal ranks.
    pub rows: Vec<usize>,
    pub aggs: Vec<usize>,
    pub nominal: Vec<Vec<u32>>,
}

/// Build the replication base from the nominal run.
pub fn base(
    p: &Prepared,
    nominal: &RunResult,
    u: &UncertaintySpec,
    all_aggs: bool,
) -> Result<Base> {
    let from = p.first_affected(&template(u));
    let mut slot = None;
    run_steps(
        p,
        p.initial_state(),
        0,
        &Overrides::default(),
        None,
        None,
        Some((from, &mut slot)),
    )?;
    let start = slot.unwrap_or_else(|| nominal.state.clone());
    let agg_ov = Overrides {
        agg: u.aggregate.first().copied(),
        weight_mult: if u.weight_noise > 0.0 {
            Some(Vec::new())
        } else {
            None
        },
        removed: if u.remove_one { Some(0) } else { None },
        ..Default::default()
    };
    let mut agg_from = p.first_affected(&agg_ov);
    let mut cache = Vec::new();
    if agg_from >= from {
        let wm: Vec<Option<usize>> = if u.winmax.is_empty() {
            vec![None]
        } else {
            u.winmax.iter().map(|&w| Some(w)).collect()
        };
        let nm: Vec<Option<NormMethod>> = if u.normalise.is_empty() {
            vec![None]
        } else {
            u.normalise.iter().map(|&m| Some(m)).collect()
        };
        let keys: Vec<(Option<usize>, Option<NormMethod>)> = wm
            .iter()
            .flat_map(|&w| nm.iter().map(move |&m| (w, m)))
            .collect();
        cache = keys
            .par_iter()
            .map(|&(w, m)| {
                let ov = Overrides {
                    winmax: w,
                    norm: m,
                    shift_positive: true,
                    ..Default::default()
                };
                ((w, m), run_span(p, start.clone(), from, agg_from, &ov).ok())
            })
            .collect();
    } else {
        agg_from = from;
    }
    let aggs: Vec<usize> = if all_aggs {
        p.st.results_order()
    } else {
        p.st.top().into_iter().collect()
    };
    let rows = nominal.state.rows.clone();
    let nominal_ranks = aggs
        .iter()
        .map(|&a| ranks_by_period(p, &rows, &agg_scores(p, &nominal.state, a)))
        .collect();
    Ok(Base {
        from,
        start,
        agg_from,
        cache,
        rows,
        aggs,
        nominal: nominal_ranks,
    })
}

/// Run one replication; ranks aligned with `base.rows` (0 = no rank), per aggregate.
pub fn replicate(p: &Prepared, b: &Base, ov: &Overrides) -> Option<Vec<Vec<u32>>> {
    let st = if b.cache.is_empty() {
        run_steps(p, b.start.clone(), b.from, ov, None, None, None).ok()?
    } else {
        let key = (ov.winmax, ov.norm);
        let cached = b
            .cache
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, s)| s.as_ref())?;
        let ov2 = Overrides {
            winmax: None,
            norm: None,
            ..ov.clone()
        };
        // fast path: only the aggregate step (and steps without data effect) remain
        let rest = &p.method.steps[b.agg_from.min(p.method.steps.len())..];
        let only_agg = matches!(rest.first(), Some(Step::Aggregate(_)))
            && rest[1..].iter().all(|s| matches!(s, Step::Grade { .. }));
        if only_agg {
            let spec = match &rest[0] {
                Step::Aggregate(a) => a,
                _ => return None,
            };
            let aggs = compute_aggs(p, cached, spec, "aggregate", &ov2, None).ok()?;
            return Some(
                b.aggs
                    .iter()
                    .map(|&a| {
                        let sc = if a >= p.st.n_ind {
                            &aggs[a - p.st.n_ind]
                        } else {
                            &cached.cols[a]
                        };
                        let r = ranks_by_period(p, &cached.rows, sc);
                        if cached.rows == b.rows {
                            r
                        } else {
                            let pos: HashMap<usize, usize> = cached
                                .rows
                                .iter()
                                .enumerate()
                                .map(|(k, &r)| (r, k))
                                .collect();
                            b.rows
                                .iter()
                                .map(|row| pos.get(row).map(|&k| r[k]).unwrap_or(0))
                                .collect()
                        }
                    })
                    .collect(),
            );
        }
        run_steps(p, cached.clone(), b.agg_from, &ov2, None, None, None).ok()?
    };
    let pos: HashMap<usize, usize> = st.rows.iter().enumerate().map(|(k, &r)| (r, k)).collect();
    let same = st.rows == b.rows;
    Some(
        b.aggs
            .iter()
            .map(|&a| {
                let r = ranks_by_period(p, &st.rows, &agg_scores(p, &st, a));
                if same {
                    r
                } else {
                    b.rows
                        .iter()
                        .map(|row| pos.get(row).map(|&k| r[k]).unwrap_or(0))
                        .collect()
                }
            })
            .collect(),
    )
}

/// Run `f` on a rayon pool with `threads` threads (None = rayon's default).
pub fn with_threads<T: Send>(threads: Option<usize>, f: impl FnOnce() -> T + Send) -> T {
    match rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
    {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

/// Monte Carlo uncertainty analysis: `n` replications. `progress(done, total)` is called after
/// each chunk (from the calling thread).
pub fn monte_carlo(
    p: &Prepared,
    nominal: &RunResult,
    n: usize,
    seed: u64,
    all_aggs: bool,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<McResult> {
    let u = p.method.uncertainty.clone().unwrap_or_default();
    let b = base(p, nominal, &u, all_aggs)?;
    // 16-bit rank counts suffice up to 65,535 replications (halves the histogram)
    if n <= u16::MAX as usize {
        Ok(accumulate::<u16>(p, &b, &u, n, seed, progress))
    } else {
        Ok(accumulate::<u32>(p, &b, &u, n, seed, progress))
    }
}

/// Histogram counter type.
trait Count: Copy + Default + Send + Sync {
    fn inc(&mut self);
    fn get(self) -> u64;
}

impl Count for u16 {
    fn inc(&mut self) {
        *self = self.saturating_add(1);
    }
    fn get(self) -> u64 {
        self as u64
    }
}

impl Count for u32 {
    fn inc(&mut self) {
        *self = self.saturating_add(1);
    }
    fn get(self) -> u64 {
        self as u64
    }
}

fn accumulate<C: Count>(
    p: &Prepared,
    b: &Base,
    u: &UncertaintySpec,
    n: usize,
    seed: u64,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> McResult {
    let nrows = b.rows.len();
    let pers = crate::pipeline::periods(&p.data, &b.rows);
    let maxr = pers.iter().map(|(_, r)| r.len()).max().unwrap_or(0) + 1;
    let naggs = b.aggs.len();
    // histogram[a][k * maxr + rank]
    let mut hist: Vec<Vec<C>> = vec![vec![C::default(); nrows * maxr]; naggs];
    let mut abs_shift: Vec<Vec<u64>> = vec![vec![0u64; nrows]; naggs];
    let mut failed = 0usize;
    let chunk = (rayon::current_num_threads() * 16).max(16);
    let mut done = 0usize;
    while done < n {
        let hi = (done + chunk).min(n);
        let res: Vec<Option<Vec<Vec<u32>>>> = (done..hi)
            .into_par_iter()
            .map(|d| replicate(p, b, &draw(p, u, seed, d as u64)))
            .collect();
        for r in res {
            match r {
                None => failed += 1,
                Some(ranks) => {
                    for (a, rk) in ranks.iter().enumerate() {
                        for (k, &v) in rk.iter().enumerate() {
                            if v > 0 && (v as usize) < maxr {
                                hist[a][k * maxr + v as usize].inc();
                                let nom = b.nominal[a][k];
                                if nom > 0 {
                                    abs_shift[a][k] += (v as i64 - nom as i64).unsigned_abs();
                                }
                            }
                        }
                    }
                }
            }
        }
        done = hi;
        progress(done, n);
    }
    let mut summaries = Vec::with_capacity(naggs * nrows);
    for (a, &agg) in b.aggs.iter().enumerate() {
        for k in 0..nrows {
            let h = &hist[a][k * maxr..(k + 1) * maxr];
            let m: u64 = h.iter().map(|&c| c.get()).sum();
            let order_stat = |i: u64| -> f64 {
                let mut cum = 0u64;
                for (rank, &c) in h.iter().enumerate() {
                    cum += c.get();
                    if cum > i {
                        return rank as f64;
                    }
                }
                f64::NAN
            };
            let q = |pr: f64| -> f64 {
                if m == 0 {
                    return f64::NAN;
                }
                let hh = (m - 1) as f64 * pr;
                let lo = hh.floor() as u64;
                let vlo = order_stat(lo);
                let vhi = order_stat((lo + 1).min(m - 1));
                vlo + (hh - lo as f64) * (vhi - vlo)
            };
            summaries.push(RankSummary {
                row: b.rows[k],
                aggregate: agg,
                nominal: b.nominal[a][k],
                median: q(0.5),
                p05: q(0.05),
                p95: q(0.95),
                mean_abs_shift: if m == 0 {
                    f64::NAN
                } else {
                    abs_shift[a][k] as f64 / m as f64
                },
                n: m,
            });
        }
    }
    McResult {
        summaries,
        replications: n,
        failed,
    }
}

/// `uncertainty.csv`.
pub fn uncertainty_csv(p: &Prepared, r: &McResult) -> String {
    use crate::output::{csv, Cell};
    let mut header = Vec::new();
    if p.data.has_time {
        header.push("Time".to_string());
    }
    header.extend(
        [
            "uCode",
            "aggregate",
            "nominal_rank",
            "median_rank",
            "p05_rank",
            "p95_rank",
            "mean_abs_rank_shift",
        ]
        .map(String::from),
    );
    let mut s: Vec<&RankSummary> = r
        .summaries
        .iter()
        .filter(|x| {
            p.output_time
                .map(|t| p.data.time[x.row] == t)
                .unwrap_or(true)
        })
        .collect();
    let order = p.st.results_order();
    let apos = |a: usize| order.iter().position(|&x| x == a).unwrap_or(usize::MAX);
    s.sort_by(|x, y| {
        apos(x.aggregate)
            .cmp(&apos(y.aggregate))
            .then(p.data.time[x.row].cmp(&p.data.time[y.row]))
            .then(
                (if x.nominal == 0 { u32::MAX } else { x.nominal })
                    .cmp(&(if y.nominal == 0 { u32::MAX } else { y.nominal })),
            )
            .then(crate::model::collate(
                &p.data.ucode[x.row],
                &p.data.ucode[y.row],
            ))
    });
    let rows: Vec<Vec<Cell>> = s
        .iter()
        .map(|x| {
            let mut v = Vec::new();
            if p.data.has_time {
                v.push(Cell::Int(p.data.time[x.row]));
            }
            v.push(Cell::Text(p.data.ucode[x.row].clone()));
            v.push(Cell::Text(p.st.codes[x.aggregate].clone()));
            v.push(if x.nominal == 0 {
                Cell::Empty
            } else {
                Cell::Int(x.nominal as i64)
            });
            v.push(Cell::Num(x.median));
            v.push(Cell::Num(x.p05));
            v.push(Cell::Num(x.p95));
            v.push(Cell::Num(x.mean_abs_shift));
            v
        })
        .collect();
    csv(&header, &rows)
}

/// Sensitivity indices of one factor.
#[derive(Debug, Clone, PartialEq)]
pub struct SensIndex {
    pub factor: String,
    pub si: f64,
    pub sti: f64,
}

/// COINr `SA_estimate`: `yy` holds N(d + 2) outputs: y_A, y_B, then y_AB₁ … y_AB_d.
pub fn sa_estimate(yy: &[f64], n: usize, d: usize) -> Vec<(f64, f64)> {
    let ya = &yy[..n];
    let yb = &yy[n..2 * n];
    let all: Vec<f64> = ya.iter().chain(yb).copied().collect();
    let m = all.iter().sum::<f64>() / all.len() as f64;
    let var = all.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (all.len() as f64 - 1.0);
    (0..d)
        .map(|i| {
            let yab = &yy[(2 + i) * n..(3 + i) * n];
            let si = (0..n).map(|k| yb[k] * (yab[k] - ya[k])).sum::<f64>() / n as f64 / var;
            let sti =
                (0..n).map(|k| (ya[k] - yab[k]).powi(2)).sum::<f64>() / (2.0 * n as f64 * var);
            (si, sti)
        })
        .collect()
}

/// Saltelli design (COINr `SA_sample`): rows of A, B, then AB₁ … AB_d (N × d each).
pub fn sa_sample(n: usize, d: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(u64::MAX);
    let a: Vec<Vec<f64>> = (0..n)
        .map(|_| (0..d).map(|_| unif(&mut rng)).collect())
        .collect();
    let b: Vec<Vec<f64>> = (0..n)
        .map(|_| (0..d).map(|_| unif(&mut rng)).collect())
        .collect();
    let mut out = a.clone();
    out.extend(b.iter().cloned());
    for i in 0..d {
        for k in 0..n {
            let mut r = a[k].clone();
            r[i] = b[k][i];
            out.push(r);
        }
    }
    out
}

/// The uncertain factors of `[uncertainty]` that sensitivity analysis varies, in design
/// order: `normalise`, `aggregate`, `winmax`, `weights`, `remove_one` (those present).
pub fn sensitivity_factors(u: &UncertaintySpec) -> Vec<&'static str> {
    let mut factors: Vec<&'static str> = Vec::new();
    if !u.normalise.is_empty() {
        factors.push("normalise");
    }
    if !u.aggregate.is_empty() {
        factors.push("aggregate");
    }
    if !u.winmax.is_empty() {
        factors.push("winmax");
    }
    if u.weight_noise > 0.0 {
        factors.push("weights");
    }
    if u.remove_one {
        factors.push("remove_one");
    }
    factors
}

/// Variance-based sensitivity of the mean absolute rank shift of the top aggregate to each
/// uncertain factor present in `[uncertainty]`. `n` = base sample size (N(d + 2) runs).
pub fn sensitivity(
    p: &Prepared,
    nominal: &RunResult,
    n: usize,
    seed: u64,
) -> Result<Vec<SensIndex>> {
    sensitivity_with_progress(p, nominal, n, seed, &|_, _| {})
}

/// [`sensitivity`] that calls `progress(done, total)` as the N(d + 2) model runs complete
/// (from worker threads; `done` only grows). The results do not depend on it.
pub fn sensitivity_with_progress(
    p: &Prepared,
    nominal: &RunResult,
    n: usize,
    seed: u64,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<SensIndex>> {
    let u = p.method.uncertainty.clone().unwrap_or_default();
    let b = base(p, nominal, &u, false)?;
    let factors = sensitivity_factors(&u);
    let d = factors.len();
    if d == 0 || n < 2 || b.aggs.is_empty() {
        return Ok(Vec::new());
    }
    let total = n * (d + 2);
    let counter = std::sync::atomic::AtomicUsize::new(0);
    let x = sa_sample(n, d, seed);
    let y: Vec<f64> = x
        .par_iter()
        .map(|row| {
            let mut ov = Overrides {
                shift_positive: true,
                ..Default::default()
            };
            for (f, &uu) in factors.iter().zip(row) {
                let idx = |k: usize| ((uu * k as f64) as usize).min(k - 1);
                match *f {
                    "normalise" => ov.norm = Some(u.normalise[idx(u.normalise.len())]),
                    "aggregate" => ov.agg = Some(u.aggregate[idx(u.aggregate.len())]),
                    "winmax" => ov.winmax = Some(u.winmax[idx(u.winmax.len())]),
                    "weights" => {
                        let mut rng = ChaCha8Rng::seed_from_u64((uu * (1u64 << 53) as f64) as u64);
                        ov.weight_mult =
                            Some(weight_mults(&mut rng, p.st.n_nodes(), u.weight_noise));
                    }
                    _ => {
                        let k = idx(p.st.n_ind + 1);
                        ov.removed = if k < p.st.n_ind { Some(k) } else { None };
                    }
                }
            }
            let y = match replicate(p, &b, &ov) {
                None => f64::NAN,
                Some(r) => {
                    let (mut s, mut c) = (0.0, 0.0);
                    for (k, &v) in r[0].iter().enumerate() {
                        let nom = b.nominal[0][k];
                        if v > 0 && nom > 0 {
                            s += (v as f64 - nom as f64).abs();
                            c += 1.0;
                        }
                    }
                    if c > 0.0 {
                        s / c
                    } else {
                        f64::NAN
                    }
                }
            };
            let done = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if done.is_multiple_of(64) || done == total {
                progress(done, total);
            }
            y
        })
        .collect();
    let est = sa_estimate(&y, n, d);
    Ok(factors
        .iter()
        .zip(est)
        .map(|(f, (si, sti))| SensIndex {
            factor: f.to_string(),
            si,
            sti,
        })
        .collect())
}

/// Quantiles of a plain vector (helper for callers).
pub fn quantiles(mut v: Vec<f64>, ps: &[f64]) -> Vec<f64> {
    v.retain(|x| !x.is_nan());
    v.sort_by(|a, b| a.total_cmp(b));
    ps.iter().map(|&p| quantile_sorted(&v, p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sa_estimate_linear_model() {
        // y = x1 + 2 x2 + 3 x3 with uniform inputs: S_i = i² / 14 analytically.
        let n = 20000;
        let x = sa_sample(n, 3, 7);
        let y: Vec<f64> = x.iter().map(|r| r[0] + 2.0 * r[1] + 3.0 * r[2]).collect();
        let s = sa_estimate(&y, n, 3);
        for (i, (si, sti)) in s.iter().enumerate() {
            let exact = ((i + 1) * (i + 1)) as f64 / 14.0;
            assert!(
                (si - exact).abs() < 0.06,
                "S{} = {si}, exact {exact}",
                i + 1
            );
            assert!(
                (sti - exact).abs() < 0.03,
                "ST{} = {sti}, exact {exact}",
                i + 1
            );
        }
    }
}
