//! `innocity acceptance draw|score` through the real binary (contracts/acceptance.md): one JSON
//! object on stdout, exit 2 with path-naming lines on stderr for unusable input.

use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn innocity(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_innocity"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run innocity");
    {
        let mut input = child.stdin.take().expect("stdin");
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).expect("write stdin");
        }
    }
    child.wait_with_output().expect("wait for innocity")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Exactly one JSON object and a newline on stdout.
fn one_object(out: &Output) -> Value {
    let s = text(&out.stdout);
    assert!(
        s.ends_with('\n') && s.matches('\n').count() == 1,
        "stdout: {s:?}"
    );
    let v: Value = serde_json::from_str(&s).expect("stdout is JSON");
    assert!(v.is_object());
    v
}

const SCORE_EXAMPLE: &str = r#"{
  "rubric": {"quantitative_points": 85, "qualitative": [
      {"code": "Q1", "name": "组织保障", "max": 5},
      {"code": "Q2", "name": "特色做法", "max": 10}]},
  "rules": {"min_experts": 3, "trim_from": 5, "pass": 80, "round": 2, "stage": "first"},
  "participants": [
    {"id": "p1",
     "targets": [
       {"id": "t1", "comparator": "ge", "target": 3.3, "actual": 3.41, "weight": 1},
       {"id": "t2", "comparator": "le", "target": 0.5, "actual": 0.62, "weight": 1},
       {"id": "t3", "comparator": "range", "target": 8, "target_max": 10, "actual": 7},
       {"id": "t4", "comparator": "ge", "delta": true, "baseline": 1200, "target": 300, "actual": 1410},
       {"id": "t5", "comparator": "gt", "target": 1500, "actual": null}
     ],
     "expert_scores": [
       {"expert": "e1", "scores": {"Q1": 4, "Q2": 8.5}},
       {"expert": "e2", "scores": {"Q1": 5, "Q2": 9}},
       {"expert": "e3", "scores": {"Q1": 3, "Q2": 6}},
       {"expert": "e4", "scores": {"Q1": 4.5, "Q2": 8}},
       {"expert": "e5", "scores": {"Q1": 4, "Q2": 12}}],
     "veto": null}
  ]
}"#;

fn draw_doc(experts: usize) -> Value {
    let es: Vec<Value> = (0..experts)
        .map(|j| json!({"id": format!("e{j}"), "org": format!("o{j}"), "org_region": "110108"}))
        .collect();
    json!({"year": 2025, "panel_size": 3, "max_panels_per_expert": 3,
           "rules": {"same_province": "flag", "employment_years": 3, "relation_years": 3},
           "participants": [{"id": "p1", "region": "371400", "orgs": ["o-dz"]},
                            {"id": "p2", "region": "371402", "orgs": ["o-dz"]}],
           "experts": es})
}

#[test]
fn acceptance_score_contract_example_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("score.json");
    std::fs::write(&f, SCORE_EXAMPLE).unwrap();
    let out = innocity(
        &["acceptance", "score", "--input", f.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    one_object(&out);
    assert_eq!(
        text(&out.stdout),
        concat!(
            r#"{"results":[{"participant":"p1","quantitative":57.48,"qualitative":12.0,"total":69.48,"#,
            r#""experts_used":4,"trimmed":[],"invalid":["e5"],"#,
            r#""attainment":{"t1":1.0,"t2":0.8064516129032259,"t3":0.875,"t4":0.7,"t5":0.0},"#,
            r#""missing":["t5"],"outcome":"rectify","rank":1}]}"#,
            "\n"
        )
    );
}

#[test]
fn acceptance_draw_from_stdin_is_reproducible() {
    let doc = draw_doc(8).to_string();
    let a = innocity(
        &["acceptance", "draw", "--input", "-", "--seed", "11"],
        Some(&doc),
    );
    assert_eq!(a.status.code(), Some(0), "{}", text(&a.stderr));
    assert!(a.stderr.is_empty());
    let v = one_object(&a);
    assert_eq!(v["seed"], 11);
    assert_eq!(v["panels"].as_array().unwrap().len(), 2);
    assert_eq!(v["panels"][0]["experts"].as_array().unwrap().len(), 3);
    assert_eq!(v["unfilled"], json!([]));
    assert_eq!(v["loads"].as_object().unwrap().len(), 8);
    let b = innocity(
        &["acceptance", "draw", "--input", "-", "--seed", "11"],
        Some(&doc),
    );
    assert_eq!(a.stdout, b.stdout, "same input and seed, same bytes");
    // the seed defaults to 0
    let c = innocity(&["acceptance", "draw", "--input", "-"], Some(&doc));
    assert_eq!(one_object(&c)["seed"], 0);
}

#[test]
fn acceptance_infeasible_draw_exits_0_with_unfilled() {
    let mut doc = draw_doc(4);
    doc["experts"][0]["declared"] = json!(["p1"]);
    let out = innocity(
        &["acceptance", "draw", "--input", "-"],
        Some(&doc.to_string()),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v = one_object(&out);
    // p1 has 3 eligible experts; p2 gets the 4 below the cap but wants 3: filled
    assert_eq!(v["unfilled"], json!([]));
    doc["panel_size"] = json!(5);
    let out = innocity(
        &["acceptance", "draw", "--input", "-"],
        Some(&doc.to_string()),
    );
    assert_eq!(out.status.code(), Some(0));
    let v = one_object(&out);
    assert_eq!(
        v["unfilled"],
        json!([{"participant": "p1", "missing": 2}, {"participant": "p2", "missing": 1}])
    );
    assert_eq!(
        v["excluded"],
        json!([{"participant": "p1", "expert": "e0", "reasons": ["declared"]}])
    );
}

#[test]
fn acceptance_unusable_input_exits_2_naming_json_paths() {
    let mut doc = draw_doc(4);
    doc["experts"][3]["employment"] =
        json!([{"org": "o-dz", "org_region": "371400", "until": "2021"}]);
    doc["panel_size"] = json!("five");
    let out = innocity(
        &["acceptance", "draw", "--input", "-"],
        Some(&doc.to_string()),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "stdout: {}", text(&out.stdout));
    let err = text(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "panel_size: not a non-negative integer",
            "experts[3].employment[0].until: not a year"
        ]
    );

    let out = innocity(
        &["acceptance", "score", "--input", "-"],
        Some("{\"rubric\": "),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).starts_with("$: not JSON"),
        "{}",
        text(&out.stderr)
    );

    let out = innocity(
        &["acceptance", "score", "--input", "/nonexistent/score.json"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).starts_with("/nonexistent/score.json: cannot read"));
    assert_eq!(text(&out.stderr).lines().count(), 1);
}

#[test]
fn acceptance_usage_errors_print_nothing_on_stdout() {
    for args in [
        &["acceptance", "draw"][..],
        &["acceptance", "draw", "--input", "-", "--seed", "-1"],
        &["acceptance", "score", "--input", "-", "--bogus"],
        &["acceptance"],
    ] {
        let out = innocity(args, Some("{}"));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}: {}", text(&out.stdout));
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}
