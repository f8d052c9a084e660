//! Parity with COINr 1.1.14 on the ASEM example (shared/reference/coinr-asem/): every stage
//! file, the results, effective weights, treatment logs, screening summary and imputation log,
//! within 1e-12 relative (absolute below 1).

use crate::common;
use common::*;

fn asem() -> std::collections::BTreeMap<String, String> {
    let (ev, run) = evaluate(
        &fixture("asem_standard.toml"),
        &read_ref("input_iMeta.csv"),
        &read_ref("input_iData.csv"),
    );
    outputs(&ev, &run)
}

#[test]
fn every_stage_matches_coinr() {
    let out = asem();
    for stage in [
        "Denominated",
        "Imputed",
        "Screened",
        "Treated",
        "Normalised",
        "Aggregated",
    ] {
        let f = format!("stage_{stage}.csv");
        let n = compare_tables(&f, &read_ref(&f), &out[&f], &["uCode"]);
        assert!(n > 51 * 49, "{f}: only {n} cells compared");
        // same column order and row order as COINr
        let (eh, er) = parse_csv(&read_ref(&f));
        let (ah, ar) = parse_csv(&out[&f]);
        assert_eq!(eh, ah, "{f}: columns");
        let ek: Vec<&String> = er.iter().map(|r| &r[0]).collect();
        let ak: Vec<&String> = ar.iter().map(|r| &r[0]).collect();
        assert_eq!(ek, ak, "{f}: row order");
    }
}

#[test]
fn results_match_coinr() {
    let out = asem();
    let f = "results_scores_ranks.csv";
    compare_tables(f, &read_ref(f), &out[f], &["uCode"]);
    let (eh, er) = parse_csv(&read_ref(f));
    let (ah, ar) = parse_csv(&out[f]);
    assert_eq!(eh, ah, "columns");
    assert_eq!(
        er.iter().map(|r| r[0].clone()).collect::<Vec<_>>(),
        ar.iter().map(|r| r[0].clone()).collect::<Vec<_>>()
    );
}

#[test]
fn logs_match_coinr() {
    let out = asem();
    compare_tables(
        "weights_effective.csv",
        &read_ref("weights_effective.csv"),
        &out["weights_effective.csv"],
        &["iCode"],
    );
    compare_tables(
        "treat_log_indicators.csv",
        &read_ref("treat_log_indicators.csv"),
        &out["treat_log_indicators.csv"],
        &["iCode"],
    );
    compare_tables(
        "treat_log_points.csv",
        &read_ref("treat_log_points.csv"),
        &out["treat_log_points.csv"],
        &["iCode", "uCode"],
    );
    compare_tables(
        "screen_summary.csv",
        &read_ref("screen_summary.csv"),
        &out["screen_summary.csv"],
        &["uCode"],
    );
    compare_tables(
        "impute_log_cells.csv",
        &read_ref("impute_log_cells.csv"),
        &out["impute_log_cells.csv"],
        &["uCode", "iCode"],
    );
}
