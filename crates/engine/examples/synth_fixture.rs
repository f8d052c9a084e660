//! Writes the synthetic data set used by the benchmarks, and times its phases.
//!
//! `cargo run --release -p innocity-engine --example synth_fixture -- OUTDIR [UNITS] [INDICATORS] [SEED]`
//! writes OUTDIR/iData.csv, OUTDIR/iMeta.csv and OUTDIR/method.toml (default 3000 × 60, seed 2026).

use innocity_engine::{synth, Evaluation, InputText};
use std::time::Instant;

/// Prepares the synthetic data set with the synthetic method.
fn prepare(meta: &str, data: &str) -> Evaluation {
    let input = |label, text| InputText { label, text };
    let method = input("method.toml", synth::SYNTH_METHOD);
    let (meta, data) = (input("iMeta.csv", meta), input("iData.csv", data));
    Evaluation::prepare(method, meta, data, None, None).expect("valid synthetic inputs")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let out = args.get(1).cloned().unwrap_or_else(|| "synth".into());
    let units: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3000);
    let inds: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(2026);
    let (data, meta) = synth::generate(units, inds, seed);
    std::fs::create_dir_all(&out).expect("create output directory");
    std::fs::write(format!("{out}/iData.csv"), &data).expect("write iData");
    std::fs::write(format!("{out}/iMeta.csv"), &meta).expect("write iMeta");
    std::fs::write(format!("{out}/method.toml"), synth::SYNTH_METHOD).expect("write method");
    if let Some(n) = std::env::var("SYNTH_MC")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        let ev = prepare(&meta, &data);
        let run = ev.run().expect("run");
        let t0 = Instant::now();
        let mc = ev
            .uncertainty(&run, n, 1, false, &|_, _| {})
            .expect("uncertainty");
        eprintln!(
            "uncertainty N={n}: {:.2} s, failed {}",
            t0.elapsed().as_secs_f64(),
            mc.failed
        );
        return;
    }
    if std::env::var_os("SYNTH_PROFILE_PREP").is_some() {
        for _ in 0..30 {
            let _ = prepare(&meta, &data);
        }
        return;
    }
    if std::env::var_os("SYNTH_PROFILE_RUN").is_some() {
        let ev = prepare(&meta, &data);
        for _ in 0..30 {
            let _ = ev.run().expect("run");
        }
        return;
    }
    for _ in 0..3 {
        let t0 = Instant::now();
        let ev = prepare(&meta, &data);
        let t1 = Instant::now();
        let run = ev.run().expect("run");
        let t2 = Instant::now();
        let files = ev.outputs(&run, "synth");
        let t3 = Instant::now();
        eprintln!(
            "{units}x{inds}: prepare {:.1} ms, run {:.1} ms, outputs {:.1} ms ({} files)",
            (t1 - t0).as_secs_f64() * 1e3,
            (t2 - t1).as_secs_f64() * 1e3,
            (t3 - t2).as_secs_f64() * 1e3,
            files.len()
        );
    }
}
