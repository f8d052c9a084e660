//! Column normalisation and row aggregation functions (COINr `n_*` and `a_*` semantics).

use crate::method::NormMethod;
use crate::stats::{count, max, mean, min, rank_min_asc, sd};

/// Per-indicator parameters taken from iMeta (goalposts, targets).
#[derive(Debug, Clone, Copy, Default)]
pub struct NormParams {
    pub lower: f64,
    pub upper: f64,
    pub target: f64,
}

/// Settings of a normalisation (method-level parameters).
#[derive(Debug, Clone, Copy)]
pub struct NormSettings {
    pub method: NormMethod,
    pub lower: f64,
    pub upper: f64,
    pub mean: f64,
    pub sd: f64,
    pub scale: f64,
    pub clamp: bool,
    pub cap: bool,
    pub cap_ratio: f64,
}

/// Normalise one column `x` (raw orientation) with direction `dir`.
/// Err(message) when the column cannot be normalised (zero variance under zscore).
pub fn normalise(
    x: &[f64],
    dir: f64,
    s: &NormSettings,
    p: &NormParams,
) -> Result<Vec<f64>, String> {
    let xd: Vec<f64> = x.iter().map(|v| v * dir).collect();
    let out = match s.method {
        NormMethod::None => xd,
        NormMethod::MinMax => {
            let (mn, mx) = (min(&xd), max(&xd));
            xd.iter()
                .map(|v| (v - mn) / (mx - mn) * (s.upper - s.lower) + s.lower)
                .collect()
        }
        NormMethod::ZScore => {
            let m = mean(&xd);
            let sdv = sd(&xd);
            if sdv.is_nan() || sdv <= 0.0 {
                return Err(if count(&xd) < 2 {
                    "zscore needs at least two values".into()
                } else {
                    "zero variance: every value is the same, zscore cannot be computed".into()
                });
            }
            xd.iter().map(|v| (v - m) / sdv * s.sd + s.mean).collect()
        }
        NormMethod::Dist2Max => {
            let (mn, mx) = (min(&xd), max(&xd));
            xd.iter().map(|v| 1.0 - (mx - v) / (mx - mn)).collect()
        }
        NormMethod::FracMax => {
            let mx = max(&xd);
            xd.iter().map(|v| v / mx).collect()
        }
        NormMethod::Rank => rank_min_asc(&xd),
        NormMethod::Borda => rank_min_asc(&xd).into_iter().map(|r| r - 1.0).collect(),
        NormMethod::PRank => {
            let n = count(&xd) as f64;
            rank_min_asc(&xd)
                .into_iter()
                .map(|r| (r - 1.0) / (n - 1.0))
                .collect()
        }
        NormMethod::Dist2Targ => {
            // COINr get_iMeta_norm_paras: target multiplied by the direction, direction 1
            let t = p.target * dir;
            let mn = min(&xd);
            xd.iter()
                .map(|v| {
                    let y = (v - mn) / (t - mn);
                    let y = if s.cap && y > 1.0 { 1.0 } else { y };
                    y * s.scale
                })
                .collect()
        }
        NormMethod::Goalposts => {
            // COINr: for direction -1 the posts are (-upper, -lower); then (x - l)/(u - l)
            let (l, u) = if dir < 0.0 {
                (-p.upper, -p.lower)
            } else {
                (p.lower, p.upper)
            };
            xd.iter()
                .map(|v| {
                    let mut y = (v - l) / (u - l);
                    if s.clamp && !y.is_nan() {
                        y = y.clamp(0.0, 1.0);
                    }
                    y * s.scale
                })
                .collect()
        }
        NormMethod::Attainment => x
            .iter()
            .map(|&v| {
                if v.is_nan() {
                    return f64::NAN;
                }
                let r = if dir < 0.0 {
                    if v <= 0.0 {
                        s.cap_ratio
                    } else {
                        p.target / v
                    }
                } else {
                    v / p.target
                };
                let r = if s.cap_ratio > 0.0 {
                    r.min(s.cap_ratio)
                } else {
                    r
                };
                r.max(0.0) * s.scale
            })
            .collect(),
    };
    Ok(out)
}

/// Sum as R's `sum()` does (extended-precision accumulation, one final rounding), emulated by
/// compensated (Neumaier) summation.
pub fn r_sum(xs: impl IntoIterator<Item = f64>) -> f64 {
    let (mut s, mut c) = (0.0f64, 0.0f64);
    for x in xs {
        let t = s + x;
        if s.abs() >= x.abs() {
            c += (s - t) + x;
        } else {
            c += (x - t) + s;
        }
        s = t;
    }
    s + c
}

/// Copeland scores of the rows of `cols` (children columns restricted to one period) with
/// weights `w` (COINr 1.1.14 `a_copeland`/`outrankMatrix`): for i < j the outranking entry is
/// `sum(w[x_i > x_j]) + sum(w[x_i == x_j]) / 2` with weights scaled to sum 1 (missing
/// comparisons skipped), the entry for j > i is `1 −` that; entries above / below / at 0.5 count
/// +1 / −1 / 0 and a unit's score is its row sum (diagonal 0).
pub fn copeland(cols: &[&[f64]], w: &[f64]) -> Vec<f64> {
    let n = cols.first().map(|c| c.len()).unwrap_or(0);
    let ws = r_sum(w.iter().copied());
    let w: Vec<f64> = w.iter().map(|v| v / ws).collect();
    let mut orm = vec![0.0f64; n * n];
    for i in 0..n {
        for j in (i + 1)..n {
            let gt = r_sum(
                cols.iter()
                    .enumerate()
                    .filter(|(_, c)| c[i] > c[j])
                    .map(|(k, _)| w[k]),
            );
            let eq = r_sum(
                cols.iter()
                    .enumerate()
                    .filter(|(_, c)| c[i] == c[j])
                    .map(|(k, _)| w[k]),
            );
            let s = gt + eq / 2.0;
            orm[i * n + j] = s;
            orm[j * n + i] = 1.0 - s;
        }
    }
    (0..n)
        .map(|i| {
            (0..n)
                .filter(|&j| j != i)
                .map(|j| {
                    let v = orm[i * n + j];
                    if v > 0.5 {
                        1.0
                    } else if v < 0.5 {
                        -1.0
                    } else {
                        0.0
                    }
                })
                .sum()
        })
        .collect()
}

/// TOPSIS closeness of each row to the ideal (column max) vs. the anti-ideal (column min),
/// weighted Euclidean distances over non-missing children, weights normalised to sum 1.
pub fn topsis(cols: &[&[f64]], w: &[f64]) -> Vec<f64> {
    let n = cols.first().map(|c| c.len()).unwrap_or(0);
    let ws: f64 = w.iter().sum();
    let ideal: Vec<f64> = cols.iter().map(|c| max(c)).collect();
    let anti: Vec<f64> = cols.iter().map(|c| min(c)).collect();
    (0..n)
        .map(|i| {
            let (mut dp, mut dm, mut any) = (0.0, 0.0, false);
            for (k, c) in cols.iter().enumerate() {
                let v = c[i];
                if v.is_nan() {
                    continue;
                }
                any = true;
                let wk = w[k] / ws;
                dp += wk * (v - ideal[k]).powi(2);
                dm += wk * (v - anti[k]).powi(2);
            }
            if !any {
                return f64::NAN;
            }
            let (dp, dm) = (dp.sqrt(), dm.sqrt());
            if dp + dm == 0.0 {
                1.0
            } else {
                dm / (dp + dm)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(method: NormMethod) -> NormSettings {
        NormSettings {
            method,
            lower: 0.0,
            upper: 100.0,
            mean: 0.0,
            sd: 1.0,
            scale: 1.0,
            clamp: true,
            cap: false,
            cap_ratio: 1.0,
        }
    }

    #[test]
    fn minmax_direction() {
        let y = normalise(
            &[1.0, 2.0, 3.0, f64::NAN],
            -1.0,
            &st(NormMethod::MinMax),
            &NormParams::default(),
        )
        .unwrap();
        assert_eq!(&y[..3], &[100.0, 50.0, 0.0]);
        assert!(y[3].is_nan());
    }

    #[test]
    fn zscore_zero_variance_fails() {
        assert!(normalise(
            &[2.0, 2.0, 2.0],
            1.0,
            &st(NormMethod::ZScore),
            &NormParams::default()
        )
        .is_err());
    }

    #[test]
    fn goalposts_negative_direction() {
        // COINr n_goalposts with iMeta posts and direction -1: (U - x)/(U - L)
        let p = NormParams {
            lower: 0.0,
            upper: 10.0,
            target: f64::NAN,
        };
        let y = normalise(&[1.0, 12.0], -1.0, &st(NormMethod::Goalposts), &p).unwrap();
        assert!((y[0] - 0.9).abs() < 1e-15);
        assert_eq!(y[1], 0.0);
    }

    #[test]
    fn dist2targ_negative() {
        let mut s = st(NormMethod::Dist2Targ);
        s.cap = true;
        let p = NormParams {
            lower: 0.0,
            upper: 0.0,
            target: 2.0,
        };
        // direction -1: (max - x)/(max - targ)
        let y = normalise(&[1.0, 4.0, 10.0], -1.0, &s, &p).unwrap();
        assert_eq!(y, vec![1.0, 0.75, 0.0]);
    }

    #[test]
    fn copeland_simple() {
        let a = [3.0, 2.0, 1.0];
        let b = [1.0, 2.0, 3.0];
        let s = copeland(&[&a, &b], &[1.0, 1.0]);
        assert_eq!(s, vec![0.0, 0.0, 0.0]);
        let s = copeland(&[&a, &a], &[1.0, 1.0]);
        assert_eq!(s, vec![2.0, 0.0, -2.0]);
        let s = copeland(&[&a, &a, &b], &[1.0, 1.0, 1.0]);
        assert_eq!(s, vec![2.0, 0.0, -2.0]);
    }
}
