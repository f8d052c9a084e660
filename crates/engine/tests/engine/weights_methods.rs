//! Weighting methods cross-checked against published worked examples and an independent
//! implementation.

use innocity_engine::weights;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

/// Weights of the 4 × 3 hand example (columns (2, 4, 6, 9), (8, 6, 1, 3), (5, 9, 4, 7)) by
/// `method`, asserted equal to `hand` within 1e-12; returns them.
fn example_weights(method: fn(&[&[f64]]) -> Vec<f64>, hand: [f64; 3]) -> Vec<f64> {
    let w = method(&[
        &[2.0, 4.0, 6.0, 9.0],
        &[8.0, 6.0, 1.0, 3.0],
        &[5.0, 9.0, 4.0, 7.0],
    ]);
    for i in 0..3 {
        assert!(close(w[i], hand[i], 1e-12), "w{i} = {}", w[i]);
    }
    w
}

/// Saaty's classic 3-criterion example (Saaty 1980; also in most AHP textbooks): the matrix
/// [[1,3,5],[1/3,1,3],[1/5,1/3,1]] has principal eigenvector (0.637, 0.258, 0.105),
/// λmax = 3.039 and CR = 0.033 (RI(3) = 0.58). The 12-digit values below come from an
/// independent power iteration written in Python (2,000 iterations, float64).
#[test]
fn ahp_saaty_example() {
    let a = vec![
        vec![1.0, 3.0, 5.0],
        vec![1.0 / 3.0, 1.0, 3.0],
        vec![0.2, 1.0 / 3.0, 1.0],
    ];
    let r = weights::ahp(&a).unwrap();
    let published = [0.637, 0.258, 0.105];
    let independent = [0.6369855717447572, 0.25828499437449504, 0.10472943388074787];
    for i in 0..3 {
        assert!(
            close(r.weights[i], published[i], 5e-4),
            "w{i} = {}",
            r.weights[i]
        );
        assert!(
            close(r.weights[i], independent[i], 1e-12),
            "w{i} = {}",
            r.weights[i]
        );
    }
    assert!(
        close(r.lambda_max, 3.0385110905581705, 1e-10),
        "λmax {}",
        r.lambda_max
    );
    assert!(close(r.cr, 0.03319921599842283, 1e-10), "CR {}", r.cr);
    assert!(r.cr < 0.1);
}

#[test]
fn ahp_rejects_inconsistent_and_non_reciprocal() {
    // A > B, B > C, C > A strongly: inconsistent
    let a = vec![
        vec![1.0, 9.0, 1.0 / 9.0],
        vec![1.0 / 9.0, 1.0, 9.0],
        vec![9.0, 1.0 / 9.0, 1.0],
    ];
    let r = weights::ahp(&a).unwrap();
    assert!(r.cr > 0.1, "CR {}", r.cr);
    let bad = vec![vec![1.0, 3.0], vec![3.0, 1.0]];
    assert!(weights::ahp(&bad).is_err());
    let neg = vec![vec![1.0, -3.0], vec![-1.0 / 3.0, 1.0]];
    assert!(weights::ahp(&neg).is_err());
}

/// Entropy weights (熵权法) of a 4 × 3 example, computed by hand in Python:
/// p = x / colsum, e = −Σ p ln p / ln 4, d = 1 − e, w = d / Σd.
#[test]
fn entropy_hand_example() {
    let w = example_weights(
        weights::entropy,
        [0.3364075429920572, 0.537631255767513, 0.12596120124042975],
    );
    assert!(close(w.iter().sum::<f64>(), 1.0, 1e-15));
}

/// CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995) on the same example:
/// C_j = s_j Σ_k (1 − r_jk), w = C / ΣC, sample s.d. and Pearson r computed by hand in Python.
#[test]
fn critic_hand_example() {
    example_weights(
        weights::critic,
        [0.41745118904089057, 0.3980226288617944, 0.18452618209731506],
    );
}

/// First principal component of the correlation matrix, cross-checked against an independent
/// Jacobi eigen-decomposition written in Python.
#[test]
fn pca_independent_jacobi() {
    let c1 = [1.0, 2.0, 3.0, 4.0, 5.0];
    let c2 = [2.0, 3.0, 3.5, 6.0, 5.5];
    let c3 = [1.5, 2.5, 2.0, 5.0, 4.0];
    let w = weights::pca(&[&c1, &c2, &c3]);
    let jacobi = [0.3261737716098549, 0.3439281116430972, 0.3298981167470479];
    for i in 0..3 {
        assert!(close(w[i], jacobi[i], 1e-10), "w{i} = {}", w[i]);
    }
}
