//! Benchmarks (divan): `cargo bench -p innocity-engine --bench pipeline`.

use innocity_engine::{synth, uncertainty, Evaluation, InputText};
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn refdir() -> String {
    format!(
        "{}/../../../shared/reference/coinr-asem/",
        env!("CARGO_MANIFEST_DIR")
    )
}

struct Inputs {
    method: String,
    meta: String,
    data: String,
}

fn asem() -> &'static Inputs {
    static I: OnceLock<Inputs> = OnceLock::new();
    I.get_or_init(|| Inputs {
        method: std::fs::read_to_string(format!(
            "{}/fixtures/asem_standard.toml",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
        meta: std::fs::read_to_string(format!("{}input_iMeta.csv", refdir())).unwrap(),
        data: std::fs::read_to_string(format!("{}input_iData.csv", refdir())).unwrap(),
    })
}

fn synthetic() -> &'static Inputs {
    static I: OnceLock<Inputs> = OnceLock::new();
    I.get_or_init(|| {
        let (data, meta) = synth::generate(3000, 60, 2026);
        Inputs {
            method: synth::SYNTH_METHOD.to_string(),
            meta,
            data,
        }
    })
}

fn prepare(i: &Inputs) -> Evaluation {
    Evaluation::prepare(
        InputText {
            label: "method.toml",
            text: &i.method,
        },
        InputText {
            label: "iMeta.csv",
            text: &i.meta,
        },
        InputText {
            label: "iData.csv",
            text: &i.data,
        },
        None,
        None,
    )
    .unwrap()
}

/// ASEM standard pipeline: parse + validate + run + render every output file.
#[divan::bench]
fn asem_full_in_process() -> usize {
    let ev = prepare(asem());
    let run = ev.run().unwrap();
    ev.outputs(&run, "bench").iter().map(|(_, c)| c.len()).sum()
}

/// Synthetic 3,000 × 60: parse + validate + run (all stages and logs recorded).
#[divan::bench(sample_count = 20)]
fn synth_3000x60_parse_and_run() -> usize {
    let ev = prepare(synthetic());
    ev.run().unwrap().state.rows.len()
}

/// Synthetic 3,000 × 60: run only (inputs already parsed).
#[divan::bench(sample_count = 20)]
fn synth_3000x60_run(b: divan::Bencher) {
    let ev = prepare(synthetic());
    b.bench(|| ev.run().unwrap().state.rows.len());
}

/// Synthetic 3,000 × 60: parse + run + render every output file.
#[divan::bench(sample_count = 10)]
fn synth_3000x60_full(b: divan::Bencher) {
    b.bench(|| {
        let ev = prepare(synthetic());
        let run = ev.run().unwrap();
        ev.outputs(&run, "bench")
            .iter()
            .map(|(_, c)| c.len())
            .sum::<usize>()
    });
}

/// Uncertainty, N = 1,000 on ASEM, on all cores.
#[divan::bench(sample_count = 5)]
fn asem_uncertainty_1000(b: divan::Bencher) {
    let ev = prepare(asem());
    let run = ev.run().unwrap();
    b.bench(|| {
        uncertainty::with_threads(None, || {
            ev.uncertainty(&run, 1000, 1, false, &|_, _| {})
                .unwrap()
                .replications
        })
    });
}
