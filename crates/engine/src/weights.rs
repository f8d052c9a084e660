//! Data-driven and expert weights: first principal component, entropy (熵权法), CRITIC and
//! AHP (principal eigenvector with Saaty's consistency ratio).
//!
//! All functions take the children columns of one aggregation group (`cols[k][unit]`) and
//! return one weight per column, normalised to sum to 1.

use nalgebra::{DMatrix, SymmetricEigen};

fn complete_rows(cols: &[&[f64]]) -> Vec<usize> {
    let n = cols.first().map(|c| c.len()).unwrap_or(0);
    (0..n)
        .filter(|&i| cols.iter().all(|c| !c[i].is_nan()))
        .collect()
}

fn normalise_sum(w: Vec<f64>) -> Vec<f64> {
    let s: f64 = w.iter().sum();
    if s.is_finite() && s != 0.0 {
        w.into_iter().map(|v| v / s).collect()
    } else {
        let k = w.len() as f64;
        vec![1.0 / k; w.len()]
    }
}

/// Pearson correlation matrix over complete rows.
fn correlation(cols: &[&[f64]], rows: &[usize]) -> (DMatrix<f64>, Vec<f64>) {
    let k = cols.len();
    let n = rows.len() as f64;
    let means: Vec<f64> = cols
        .iter()
        .map(|c| rows.iter().map(|&i| c[i]).sum::<f64>() / n)
        .collect();
    let sds: Vec<f64> = cols
        .iter()
        .zip(&means)
        .map(|(c, m)| (rows.iter().map(|&i| (c[i] - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt())
        .collect();
    let mut r = DMatrix::<f64>::identity(k, k);
    for a in 0..k {
        for b in (a + 1)..k {
            let cov = rows
                .iter()
                .map(|&i| (cols[a][i] - means[a]) * (cols[b][i] - means[b]))
                .sum::<f64>()
                / (n - 1.0);
            let v = if sds[a] > 0.0 && sds[b] > 0.0 {
                cov / (sds[a] * sds[b])
            } else {
                0.0
            };
            r[(a, b)] = v;
            r[(b, a)] = v;
        }
    }
    (r, sds)
}

/// First principal component loadings of the standardised children (COINr `get_PCA` on the
/// correlation matrix, complete cases), sign chosen so that the loadings sum to a positive
/// number, normalised to sum to 1. Loadings can be negative.
pub fn pca(cols: &[&[f64]]) -> Vec<f64> {
    let k = cols.len();
    if k == 1 {
        return vec![1.0];
    }
    let rows = complete_rows(cols);
    if rows.len() < 2 {
        return vec![1.0 / k as f64; k];
    }
    let (r, _) = correlation(cols, &rows);
    let eig = SymmetricEigen::new(r);
    let mut best = 0;
    for i in 1..k {
        if eig.eigenvalues[i] > eig.eigenvalues[best] {
            best = i;
        }
    }
    let v: Vec<f64> = eig.eigenvectors.column(best).iter().copied().collect();
    let s: f64 = v.iter().sum();
    let v = if s < 0.0 {
        v.into_iter().map(|x| -x).collect()
    } else {
        v
    };
    normalise_sum(v)
}

/// Entropy weights (熵权法): pᵢⱼ = xᵢⱼ / Σᵢ xᵢⱼ, eⱼ = −Σᵢ pᵢⱼ ln pᵢⱼ / ln n, dⱼ = 1 − eⱼ,
/// wⱼ = dⱼ / Σ d. Complete rows only; a column with negative values is first shifted by its
/// minimum so that it is non-negative.
pub fn entropy(cols: &[&[f64]]) -> Vec<f64> {
    let k = cols.len();
    let rows = complete_rows(cols);
    let n = rows.len();
    if n < 2 {
        return vec![1.0 / k as f64; k];
    }
    let ln_n = (n as f64).ln();
    let d: Vec<f64> = cols
        .iter()
        .map(|c| {
            let mn = rows.iter().map(|&i| c[i]).fold(f64::INFINITY, f64::min);
            let shift = if mn < 0.0 { -mn } else { 0.0 };
            let tot: f64 = rows.iter().map(|&i| c[i] + shift).sum();
            if tot <= 0.0 {
                return 0.0;
            }
            let e: f64 = -rows
                .iter()
                .map(|&i| {
                    let p = (c[i] + shift) / tot;
                    if p > 0.0 {
                        p * p.ln()
                    } else {
                        0.0
                    }
                })
                .sum::<f64>()
                / ln_n;
            1.0 - e
        })
        .collect();
    normalise_sum(d)
}

/// CRITIC weights (Diakoulaki et al. 1995): Cⱼ = σⱼ Σₖ (1 − rⱼₖ), wⱼ = Cⱼ / Σ C, with σ the
/// sample standard deviation and r the Pearson correlation of the (normalised) children over
/// complete rows.
pub fn critic(cols: &[&[f64]]) -> Vec<f64> {
    let k = cols.len();
    let rows = complete_rows(cols);
    if rows.len() < 2 || k == 1 {
        return vec![1.0 / k as f64; k];
    }
    let (r, sds) = correlation(cols, &rows);
    let c: Vec<f64> = (0..k)
        .map(|j| sds[j] * (0..k).map(|m| 1.0 - r[(j, m)]).sum::<f64>())
        .collect();
    normalise_sum(c)
}

/// Saaty's random consistency index for n = 1..15.
pub const RANDOM_INDEX: [f64; 16] = [
    0.0, 0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
];

/// AHP result: principal eigenvector (sum 1), λmax, consistency index and ratio.
#[derive(Debug, Clone, PartialEq)]
pub struct Ahp {
    pub weights: Vec<f64>,
    pub lambda_max: f64,
    pub ci: f64,
    pub cr: f64,
}

/// AHP by the principal right eigenvector (power iteration). Err if the matrix is not square,
/// not positive or not reciprocal.
pub fn ahp(a: &[Vec<f64>]) -> Result<Ahp, String> {
    let n = a.len();
    if n == 0 || a.iter().any(|r| r.len() != n) {
        return Err("the comparison matrix must be square".into());
    }
    for i in 0..n {
        for j in 0..n {
            if a[i][j].is_nan() || a[i][j] <= 0.0 || !a[i][j].is_finite() {
                return Err(format!(
                    "entry ({}, {}) must be a positive number",
                    i + 1,
                    j + 1
                ));
            }
            if (a[i][j] * a[j][i] - 1.0).abs() > 1e-3 {
                return Err(format!(
                    "entry ({}, {}) is not the reciprocal of ({}, {})",
                    j + 1,
                    i + 1,
                    i + 1,
                    j + 1
                ));
            }
        }
    }
    if n > 15 {
        return Err("AHP supports at most 15 criteria per group".into());
    }
    let mut w = vec![1.0 / n as f64; n];
    for _ in 0..1000 {
        let mut nw: Vec<f64> = (0..n)
            .map(|i| (0..n).map(|j| a[i][j] * w[j]).sum())
            .collect();
        let s: f64 = nw.iter().sum();
        nw.iter_mut().for_each(|v| *v /= s);
        let diff: f64 = nw.iter().zip(&w).map(|(x, y)| (x - y).abs()).sum();
        w = nw;
        if diff < 1e-15 {
            break;
        }
    }
    let aw: Vec<f64> = (0..n)
        .map(|i| (0..n).map(|j| a[i][j] * w[j]).sum())
        .collect();
    let lambda_max = (0..n).map(|i| aw[i] / w[i]).sum::<f64>() / n as f64;
    let ci = if n > 1 {
        (lambda_max - n as f64) / (n as f64 - 1.0)
    } else {
        0.0
    };
    let cr = if RANDOM_INDEX[n] > 0.0 {
        ci / RANDOM_INDEX[n]
    } else {
        0.0
    };
    Ok(Ahp {
        weights: w,
        lambda_max,
        ci,
        cr,
    })
}
