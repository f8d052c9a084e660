//! Helpers shared by the integration tests.
#![allow(dead_code)]

use innocity_engine::{EngineError, Evaluation, InputText, RunResult};
use std::collections::BTreeMap;

pub fn refdir() -> String {
    format!(
        "{}/../../../shared/reference/coinr-asem/",
        env!("CARGO_MANIFEST_DIR")
    )
}

pub fn read_ref(name: &str) -> String {
    std::fs::read_to_string(format!("{}{name}", refdir()))
        .unwrap_or_else(|e| panic!("reading {name}: {e}"))
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// CSV as (header, rows of strings).
pub fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let h: Vec<String> = r.headers().unwrap().iter().map(|s| s.to_string()).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(|s| s.to_string()).collect())
        .collect();
    (h, rows)
}

/// Relative agreement 1e-12 (absolute below 1).
pub fn close(a: f64, b: f64) -> bool {
    let d = (a - b).abs();
    d <= 1e-12 * b.abs().max(1.0)
}

/// Compare two CSV tables keyed by the given key columns. Every column of `expected` must be
/// present in `actual`; numbers within 1e-12, other cells equal. Returns the number of cells
/// compared.
pub fn compare_tables(name: &str, expected: &str, actual: &str, keys: &[&str]) -> usize {
    let (eh, er) = parse_csv(expected);
    let (ah, ar) = parse_csv(actual);
    let ki: Vec<usize> = keys
        .iter()
        .map(|k| eh.iter().position(|h| h == k).unwrap())
        .collect();
    let kia: Vec<usize> = keys
        .iter()
        .map(|k| {
            ah.iter()
                .position(|h| h == k)
                .unwrap_or_else(|| panic!("{name}: no key column {k}"))
        })
        .collect();
    let amap: BTreeMap<Vec<String>, &Vec<String>> = ar
        .iter()
        .map(|r| (kia.iter().map(|&i| r[i].clone()).collect(), r))
        .collect();
    assert_eq!(er.len(), ar.len(), "{name}: row count");
    let mut n = 0;
    for r in &er {
        let key: Vec<String> = ki.iter().map(|&i| r[i].clone()).collect();
        let a = amap
            .get(&key)
            .unwrap_or_else(|| panic!("{name}: missing row {key:?}"));
        for (c, h) in eh.iter().enumerate() {
            let ac = ah
                .iter()
                .position(|x| x == h)
                .unwrap_or_else(|| panic!("{name}: missing column {h}"));
            let (ev, av) = (&r[c], &a[ac]);
            match (ev.parse::<f64>(), av.parse::<f64>()) {
                (Ok(x), Ok(y)) => assert!(
                    close(y, x),
                    "{name} row {key:?} column {h}: expected {x}, got {y}"
                ),
                _ => assert_eq!(ev, av, "{name} row {key:?} column {h}"),
            }
            n += 1;
        }
    }
    n
}

/// Prepares an evaluation from the method, iMeta and iData texts (labelled `m.toml`,
/// `iMeta.csv` and `iData.csv`), an optional weights CSV (`w.csv`) and an optional period.
pub fn prepare(
    method: &str,
    meta: &str,
    data: &str,
    weights: Option<&str>,
    time: Option<i64>,
) -> Result<Evaluation, EngineError> {
    let input = |label, text| InputText { label, text };
    Evaluation::prepare(
        input("m.toml", method),
        input("iMeta.csv", meta),
        input("iData.csv", data),
        weights.map(|w| input("w.csv", w)),
        time,
    )
}

/// Prepares and runs, panicking on any error.
pub fn prepare_run(
    method: &str,
    meta: &str,
    data: &str,
    time: Option<i64>,
) -> (Evaluation, RunResult) {
    let ev = prepare(method, meta, data, None, time).unwrap_or_else(|e| panic!("prepare: {e}"));
    let run = ev.run().unwrap_or_else(|e| panic!("run: {e}"));
    (ev, run)
}

pub fn evaluate(method: &str, meta: &str, data: &str) -> (Evaluation, RunResult) {
    prepare_run(method, meta, data, None)
}

/// Evaluates and returns the output files by name.
pub fn evaluate_outputs(method: &str, meta: &str, data: &str) -> BTreeMap<String, String> {
    let (ev, run) = evaluate(method, meta, data);
    outputs(&ev, &run)
}

/// Evaluates COINr's reference iMeta with one of its data stages (`input_iData.csv`, …).
pub fn asem_outputs(method: &str, data_file: &str) -> BTreeMap<String, String> {
    evaluate_outputs(method, &read_ref("input_iMeta.csv"), &read_ref(data_file))
}

pub fn outputs(ev: &Evaluation, run: &RunResult) -> BTreeMap<String, String> {
    ev.outputs(run, "test").into_iter().collect()
}
