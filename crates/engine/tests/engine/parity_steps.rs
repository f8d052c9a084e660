//! Stage-by-stage parity: each step is run alone on COINr's previous stage file and compared
//! with COINr's next stage file (shared/reference/coinr-asem/README.md: "each step's input is
//! the previous file").

use crate::common;
use common::*;

/// The stage file with uName, groups and denominators of input_iData joined by uCode.
fn with_unit_columns(stage: &str) -> String {
    let (ih, ir) = parse_csv(&read_ref("input_iData.csv"));
    let extra = [
        "uName",
        "EurAsia_group",
        "GDP_group",
        "Area",
        "Energy",
        "GDP",
        "Population",
    ];
    let idx: Vec<usize> = extra
        .iter()
        .map(|e| ih.iter().position(|h| h == e).unwrap())
        .collect();
    let uc = ih.iter().position(|h| h == "uCode").unwrap();
    let (sh, sr) = parse_csv(&read_ref(stage));
    let mut out = String::new();
    out.push_str(
        &sh.iter()
            .chain(
                extra
                    .iter()
                    .copied()
                    .map(String::from)
                    .collect::<Vec<_>>()
                    .iter(),
            )
            .cloned()
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push('\n');
    for r in &sr {
        let src = ir.iter().find(|x| x[uc] == r[0]).unwrap();
        let mut cells: Vec<String> = r.clone();
        cells.extend(idx.iter().map(|&i| format!("\"{}\"", src[i])));
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

fn step_check(method: &str, input_stage: &str, output: &str, expected_stage: &str) {
    let out = evaluate_outputs(
        method,
        &read_ref("input_iMeta.csv"),
        &with_unit_columns(input_stage),
    );
    let n = compare_tables(output, &read_ref(expected_stage), &out[output], &["uCode"]);
    assert!(n >= 51 * 50, "{output}: {n} cells");
}

#[test]
fn denominate_alone() {
    step_check(
        "[[step]]\nkind = \"denominate\"\n",
        "stage_Raw.csv",
        "stage_Denominated.csv",
        "stage_Denominated.csv",
    );
}

#[test]
fn impute_alone() {
    step_check(
        "[[step]]\nkind = \"impute\"\nmethod = \"group_mean\"\ngroup = \"EurAsia_group\"\n",
        "stage_Denominated.csv",
        "stage_Imputed.csv",
        "stage_Imputed.csv",
    );
}

#[test]
fn screen_alone() {
    step_check(
        "[[step]]\nkind = \"screen\"\nby = \"na\"\nthreshold = 0.9\n",
        "stage_Imputed.csv",
        "stage_Screened.csv",
        "stage_Screened.csv",
    );
}

#[test]
fn treat_alone() {
    step_check(
        "[[step]]\nkind = \"treat\"\nwinmax = 5\n",
        "stage_Screened.csv",
        "stage_Treated.csv",
        "stage_Treated.csv",
    );
}

#[test]
fn normalise_alone() {
    step_check(
        "[[step]]\nkind = \"normalise\"\nmethod = \"minmax\"\n",
        "stage_Treated.csv",
        "stage_Normalised.csv",
        "stage_Normalised.csv",
    );
}

#[test]
fn aggregate_alone() {
    step_check(
        "[[step]]\nkind = \"aggregate\"\nmethod = \"arithmetic\"\n",
        "stage_Normalised.csv",
        "stage_Aggregated.csv",
        "stage_Aggregated.csv",
    );
}

/// README note: screening the denominated data at 0.9 (before imputation) removes BGD, BRN,
/// KHM, LAO and MMR.
#[test]
fn screen_before_impute_removes_five_units() {
    let m = "[[step]]\nkind = \"denominate\"\n[[step]]\nkind = \"screen\"\nthreshold = 0.9\n[[step]]\nkind = \"impute\"\nmethod = \"group_mean\"\ngroup = \"EurAsia_group\"\n";
    let out = asem_outputs(m, "input_iData.csv");
    let (_, rows) = parse_csv(&out["stage_Screened.csv"]);
    assert_eq!(rows.len(), 46);
    let (h, s) = parse_csv(&out["screen_summary.csv"]);
    let inc = h.iter().position(|x| x == "Included").unwrap();
    let mut removed: Vec<&str> = s
        .iter()
        .filter(|r| r[inc] == "FALSE")
        .map(|r| r[0].as_str())
        .collect();
    removed.sort();
    assert_eq!(removed, vec!["BGD", "BRN", "KHM", "LAO", "MMR"]);
}
