//! Bad method files and data: one clear error per problem, naming where (exit status 2), and
//! steps that cannot be computed (exit status 1).

use crate::common;
use innocity_engine::{EngineError, Evaluation};

const META: &str = "Level,iCode,iName,Direction,Weight,Parent,Type
1,A,Alpha,1,1,P,Indicator
1,B,Beta,-1,1,P,Indicator
1,C,Gamma,1,1,Q,Indicator
2,P,Pillar P,1,1,Top,Aggregate
2,Q,Pillar Q,1,1,Top,Aggregate
3,Top,Index,1,1,,Aggregate
";
const DATA: &str = "uCode,uName,Grp,A,B,C
U1,One,x,1,5,3
U2,Two,x,2,4,8
U3,Three,y,3,,1
U4,Four,y,10,1,2
";
const METHOD: &str =
    "[[step]]\nkind = \"normalise\"\nmethod = \"minmax\"\n[[step]]\nkind = \"aggregate\"\n";

fn prep(method: &str, meta: &str, data: &str) -> Result<Evaluation, EngineError> {
    common::prepare(method, meta, data, None, None)
}

fn invalid(method: &str, meta: &str, data: &str) -> Vec<String> {
    match prep(method, meta, data) {
        Err(e @ EngineError::Invalid(_)) => {
            assert_eq!(e.exit_code(), 2);
            match e {
                EngineError::Invalid(ps) => ps.iter().map(|p| p.to_string()).collect(),
                _ => unreachable!(),
            }
        }
        Err(e) => panic!("expected invalid input, got {e}"),
        Ok(_) => panic!("expected invalid input, got Ok"),
    }
}

fn compute_error(method: &str, meta: &str, data: &str) -> String {
    let ev = prep(method, meta, data).unwrap_or_else(|e| panic!("prepare: {e}"));
    match ev.run() {
        Err(e @ EngineError::Compute(_)) => {
            assert_eq!(e.exit_code(), 1);
            e.to_string()
        }
        Err(e) => panic!("expected a compute error, got {e}"),
        Ok(_) => panic!("expected a compute error, got Ok"),
    }
}

#[test]
fn valid_inputs_run() {
    let ev = prep(METHOD, META, DATA).unwrap();
    let run = ev.run().unwrap();
    let files = ev.outputs(&run, "t");
    assert!(files.iter().any(|(n, _)| n == "results_scores_ranks.csv"));
}

#[test]
fn unknown_step() {
    let e = invalid("[[step]]\nkind = \"normalize_all\"\n", META, DATA);
    assert_eq!(e.len(), 1);
    assert!(
        e[0].contains("m.toml")
            && e[0].contains("step 1")
            && e[0].contains("unknown step 'normalize_all'"),
        "{e:?}"
    );
}

#[test]
fn unknown_method_and_key() {
    let e = invalid(
        "[[step]]\nkind = \"normalise\"\nmethod = \"minmaxx\"\nlowr = 1\n",
        META,
        DATA,
    );
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e
        .iter()
        .any(|m| m.contains("step 1 (normalise).method") && m.contains("minmaxx")));
    assert!(e
        .iter()
        .any(|m| m.contains("step 1 (normalise).lowr") && m.contains("unknown key")));
}

#[test]
fn missing_column() {
    let data = DATA.replace(",C\n", ",D\n");
    let e = invalid(METHOD, META, &data);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("iMeta.csv, row 4, column iCode")
            && e[0].contains("'C' has no column in iData.csv"),
        "{e:?}"
    );
}

#[test]
fn unknown_parent() {
    let meta = META.replace("1,C,Gamma,1,1,Q,Indicator", "1,C,Gamma,1,1,Nope,Indicator");
    let e = invalid(METHOD, &meta, DATA);
    assert!(
        e.iter()
            .any(|m| m.contains("iMeta.csv, row 4, column Parent")
                && m.contains("'Nope' does not exist")),
        "{e:?}"
    );
}

#[test]
fn cycle_in_hierarchy() {
    let meta = META.replace("3,Top,Index,1,1,,Aggregate", "3,Top,Index,1,1,P,Aggregate");
    let e = invalid(METHOD, &meta, DATA);
    assert!(
        e.iter()
            .any(|m| m.contains("cycle in the hierarchy") && m.contains("Top") && m.contains("P")),
        "{e:?}"
    );
}

#[test]
fn non_numeric_cell() {
    let data = DATA.replace("U2,Two,x,2,4,8", "U2,Two,x,2,four,8");
    let e = invalid(METHOD, META, &data);
    assert_eq!(
        e,
        vec!["iData.csv, row 3, column B: 'four' is not a number".to_string()]
    );
}

#[test]
fn direction_not_pm1() {
    let meta = META.replace("1,B,Beta,-1,1,P,Indicator", "1,B,Beta,2,1,P,Indicator");
    let e = invalid(METHOD, &meta, DATA);
    assert_eq!(
        e,
        vec!["iMeta.csv, row 3, column Direction: direction 2 is not 1 or -1".to_string()]
    );
}

#[test]
fn all_missing_column() {
    let data = "uCode,A,B,C\nU1,1,,3\nU2,2,,8\nU3,3,,1\n";
    let e = invalid(METHOD, META, data);
    assert_eq!(e.len(), 1);
    assert!(
        e[0].contains("column B") && e[0].contains("all missing"),
        "{e:?}"
    );
}

#[test]
fn several_problems_reported_together() {
    let data = DATA
        .replace("U2,Two,x,2,4,8", "U2,Two,x,abc,4,8")
        .replace("U4,Four,y,10,1,2", "U4,Four,y,10,1,?");
    let e = invalid(METHOD, META, &data);
    assert_eq!(e.len(), 2, "{e:?}");
}

#[test]
fn zero_variance_under_zscore() {
    let data = "uCode,A,B,C\nU1,1,5,3\nU2,2,5,8\nU3,3,5,1\n";
    let m = "[[step]]\nkind = \"normalise\"\nmethod = \"zscore\"\n[[step]]\nkind = \"aggregate\"\n";
    let e = compute_error(m, META, data);
    assert!(
        e.contains("normalise (step 1)")
            && e.contains("indicator B")
            && e.contains("zero variance"),
        "{e}"
    );
}

#[test]
fn non_positive_before_geometric_mean() {
    // minmax gives 0 to the lowest unit
    let m = "[[step]]\nkind = \"normalise\"\nmethod = \"minmax\"\n[[step]]\nkind = \"aggregate\"\nmethod = \"geometric\"\n";
    let e = compute_error(m, META, DATA);
    assert!(
        e.contains("aggregate (step 2)") && e.contains("unit U") && e.contains("≤ 0"),
        "{e}"
    );
    let m = m.replace("geometric", "harmonic");
    let e = compute_error(&m, META, DATA);
    assert!(e.contains("harmonic"), "{e}");
}

#[test]
fn goalposts_need_imeta_columns() {
    let m = "[[step]]\nkind = \"normalise\"\nmethod = \"goalposts\"\nlower_col = \"GL\"\nupper_col = \"GU\"\n";
    let e = invalid(m, META, DATA);
    assert!(
        e.iter()
            .any(|x| x.contains("column GL") && x.contains("missing")),
        "{e:?}"
    );
}

#[test]
fn bad_group_and_skip() {
    let m = "[[step]]\nkind = \"impute\"\nmethod = \"group_mean\"\ngroup = \"Region\"\n[[step]]\nkind = \"treat\"\nskip = [\"Z\"]\n";
    let e = invalid(m, META, DATA);
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e.iter().any(|x| x.contains("Region")));
    assert!(e.iter().any(|x| x.contains("unknown indicator 'Z'")));
}

#[test]
fn toml_syntax_error_names_line() {
    let e = invalid("[[step]]\nkind = \"normalise\nmethod = 1\n", META, DATA);
    assert!(e[0].starts_with("m.toml, row 2"), "{e:?}");
}
