//! Reproducible synthetic data sets for benchmarks and tests.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt::Write;

fn unif(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// `(iData, iMeta)` CSV texts: `units` units, `indicators` indicators in pillars of 6
/// (then sub-indices of up to 4 pillars and one index), skewed log-normal values with about
/// 2 % missing cells and 1 in 7 indicators of negative direction. Same seed, same text.
pub fn generate(units: usize, indicators: usize, seed: u64) -> (String, String) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let per_pillar = 6;
    let n_pillars = indicators.div_ceil(per_pillar);
    let n_sub = n_pillars.div_ceil(4);
    let mut meta =
        String::from("Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type\n");
    for j in 0..indicators {
        let dir = if j % 7 == 3 { -1 } else { 1 };
        let _ = writeln!(
            meta,
            "1,I{j:03},Indicator {j},{dir},1,Score,100,,P{:02},Indicator",
            j / per_pillar
        );
    }
    for p in 0..n_pillars {
        let _ = writeln!(
            meta,
            "2,P{p:02},Pillar {p},1,1,Score,,,S{},Aggregate",
            p / 4
        );
    }
    for s in 0..n_sub {
        let _ = writeln!(meta, "3,S{s},Sub-index {s},1,1,Score,,,Index,Aggregate");
    }
    meta.push_str("4,Index,Index,1,1,Score,,,,Aggregate\n");
    meta.push_str(",Region,Region,,,,,,,Group\n");
    let mut data = String::from("uCode,uName,Region");
    for j in 0..indicators {
        let _ = write!(data, ",I{j:03}");
    }
    data.push('\n');
    // per-indicator scale and skew
    let params: Vec<(f64, f64)> = (0..indicators)
        .map(|_| (1.0 + 99.0 * unif(&mut rng), 0.2 + 0.9 * unif(&mut rng)))
        .collect();
    for u in 0..units {
        let _ = write!(data, "U{u:05},Unit {u},R{}", u % 8);
        let latent = unif(&mut rng);
        for &(scale, sig) in &params {
            if unif(&mut rng) < 0.02 {
                data.push(',');
                continue;
            }
            // Box-Muller normal
            let (a, b) = (unif(&mut rng).max(1e-12), unif(&mut rng));
            let z = (-2.0 * a.ln()).sqrt() * (2.0 * std::f64::consts::PI * b).cos();
            let v = scale * (sig * z + latent).exp();
            let _ = write!(data, ",{}", crate::stats::fmt17(v));
        }
        data.push('\n');
    }
    (data, meta)
}

/// A method like COINr's example build for synthetic data (group-mean imputation by Region).
pub const SYNTH_METHOD: &str = r#"name = "synthetic standard"
[[step]]
kind = "impute"
method = "group_mean"
group = "Region"
[[step]]
kind = "screen"
by = "na"
threshold = 0.9
[[step]]
kind = "treat"
winmax = 5
[[step]]
kind = "normalise"
method = "minmax"
[[step]]
kind = "aggregate"
method = "arithmetic"
[uncertainty]
normalise = ["minmax", "zscore", "prank"]
aggregate = ["arithmetic", "geometric"]
winmax = [3, 5, 7]
weight_noise = 0.25
remove_one = true
"#;
