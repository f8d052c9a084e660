//! Scoring: the contract's example, attainment, sheets, trimming, rounding, outcomes, ranks.

use crate::common::*;
use innocity_acceptance::{score, Outcome, ScoreOutput};
use serde_json::{json, Value};

pub fn contract_example() -> Value {
    json!({
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
    })
}

fn run(v: Value) -> ScoreOutput {
    score(&score_input(v))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn contract_example_exactly() {
    let out = run(contract_example());
    let s = serde_json::to_string(&out).unwrap();
    assert_eq!(
        s,
        concat!(
            r#"{"results":[{"participant":"p1","quantitative":57.48,"qualitative":12.0,"total":69.48,"#,
            r#""experts_used":4,"trimmed":[],"invalid":["e5"],"#,
            r#""attainment":{"t1":1.0,"t2":0.8064516129032259,"t3":0.875,"t4":0.7,"t5":0.0},"#,
            r#""missing":["t5"],"outcome":"rectify","rank":1}]}"#
        )
    );
    assert!(close(
        out.results[0].exact_total,
        85.0 * (1.0 + 0.5 / 0.62 + 0.875 + 0.7) / 5.0 + 12.0
    ));
}

/// One participant with these targets and no sheets; rubric 100 points, no rounding issues.
fn attainment_of(target: Value) -> f64 {
    let out = run(json!({
        "rubric": {"quantitative_points": 100, "qualitative": []},
        "rules": {"min_experts": 0, "trim_from": 5, "pass": 60, "round": 2},
        "participants": [{"id": "p", "targets": [target]}]
    }));
    out.results[0].attainment.0[0].1
}

#[test]
fn attainment_by_comparator() {
    let t = |c: &str, target: f64, actual: f64| {
        attainment_of(json!({"id": "t", "comparator": c, "target": target, "actual": actual}))
    };
    for c in ["ge", "gt", "eq", "approx"] {
        assert!(close(t(c, 4.0, 3.0), 0.75), "{c}");
        assert_eq!(t(c, 4.0, 5.0), 1.0, "{c} is capped at 1");
        assert_eq!(t(c, 4.0, -1.0), 0.0, "{c} is never below 0");
        assert_eq!(t(c, 0.0, 0.0), 1.0, "{c}: target 0 reached");
        assert_eq!(t(c, -2.0, -1.0), 1.0, "{c}: negative target reached");
        assert_eq!(t(c, -2.0, -3.0), 0.0, "{c}: negative target missed");
        assert_eq!(t(c, 0.0, -0.5), 0.0, "{c}: target 0 missed");
    }
    for c in ["le", "lt"] {
        assert_eq!(t(c, 0.5, 0.4), 1.0, "{c}");
        assert_eq!(t(c, 0.5, 0.5), 1.0, "{c}: equal counts as reached");
        assert!(close(t(c, 0.5, 0.62), 0.5 / 0.62), "{c}");
        assert_eq!(t(c, 0.0, 0.2), 0.0, "{c}: target 0 exceeded");
        assert_eq!(t(c, -1.0, 0.2), 0.0, "{c}: negative target exceeded");
        assert_eq!(t(c, -1.0, -2.0), 1.0, "{c}: negative target reached");
    }
    let r = |min: f64, max: f64, actual: f64| {
        attainment_of(
            json!({"id": "t", "comparator": "range", "target": min, "target_max": max, "actual": actual}),
        )
    };
    assert_eq!(r(8.0, 10.0, 8.0), 1.0);
    assert_eq!(r(8.0, 10.0, 10.0), 1.0);
    assert_eq!(r(8.0, 10.0, 7.0), 0.875);
    assert_eq!(r(8.0, 10.0, 12.5), 0.8);
    assert_eq!(r(8.0, 10.0, -3.0), 0.0);
    let d = |baseline: f64, target: f64, actual: f64, c: &str| {
        attainment_of(
            json!({"id": "t", "comparator": c, "delta": true, "baseline": baseline, "target": target, "actual": actual}),
        )
    };
    assert!(close(d(1200.0, 300.0, 1410.0, "ge"), 0.7));
    assert_eq!(d(1200.0, 300.0, 1600.0, "ge"), 1.0);
    assert_eq!(d(1200.0, 300.0, 1100.0, "ge"), 0.0, "a fall is no change");
    assert!(
        close(d(1200.0, 300.0, 1410.0, "le"), 0.7),
        "delta applies to any comparator"
    );
    assert!(
        close(d(10.0, 4.0, 13.0, "range"), 0.75),
        "delta needs no target_max"
    );
    assert_eq!(
        d(10.0, 0.0, 10.0, "ge"),
        1.0,
        "a zero change is reached by any value"
    );
}

#[test]
fn missing_actual_counts_zero_and_weights_apply() {
    let out = run(json!({
        "rubric": {"quantitative_points": 90, "qualitative": []},
        "rules": {"min_experts": 0, "trim_from": 5, "pass": 60, "round": 4},
        "participants": [{"id": "p", "targets": [
            {"id": "a", "comparator": "ge", "target": 10, "actual": 10, "weight": 2},
            {"id": "b", "comparator": "ge", "target": 10, "actual": 5},
            {"id": "c", "comparator": "ge", "target": 10},
            {"id": "d", "comparator": "ge", "target": 10, "actual": 0, "weight": 0}
        ]}]
    }));
    let r = &out.results[0];
    // (2×1 + 1×0.5 + 1×0 + 0×0) / 4 × 90 = 56.25
    assert_eq!(r.quantitative, 56.25);
    assert_eq!(r.missing, ["c"]);
    assert_eq!(r.attainment.0[2], ("c".to_string(), 0.0));
    assert_eq!(r.outcome, Outcome::Rectify);
}

#[test]
fn no_targets_give_zero_quantitative() {
    let mut v = contract_example();
    v["participants"][0]["targets"] = json!([]);
    let r = &run(v).results[0];
    assert_eq!(r.quantitative, 0.0);
    assert_eq!(r.total, 12.0);
    assert_eq!(serde_json::to_string(&r.attainment).unwrap(), "{}");
}

/// A participant with sheets giving these (Q1, Q2) pairs; rubric Q1 ≤ 5, Q2 ≤ 10, no targets.
fn sheets(pairs: &[(f64, f64)], rules: Value) -> Value {
    let s: Vec<Value> = pairs
        .iter()
        .enumerate()
        .map(|(i, (a, b))| json!({"expert": format!("e{}", i + 1), "scores": {"Q1": a, "Q2": b}}))
        .collect();
    json!({
        "rubric": {"quantitative_points": 85, "qualitative": [
            {"code": "Q1", "name": "组织保障", "max": 5}, {"code": "Q2", "name": "特色做法", "max": 10}]},
        "rules": rules,
        "participants": [{"id": "p", "targets": [], "expert_scores": s}]
    })
}

fn std_rules() -> Value {
    json!({"min_experts": 3, "trim_from": 5, "pass": 10, "round": 2, "stage": "first"})
}

#[test]
fn trimming_all_equal_drops_first_two() {
    let r = &run(sheets(&[(4.0, 6.0); 6], std_rules())).results[0];
    assert_eq!(r.trimmed, ["e1", "e2"]);
    assert_eq!(r.qualitative, 10.0);
    assert_eq!(r.experts_used, 6);
}

#[test]
fn trimming_equal_highest_and_equal_lowest() {
    // totals 14, 9, 14, 9, 12: highest = e1 (first of the 14s), lowest = e2 (first of the 9s)
    let r = &run(sheets(
        &[(4.0, 10.0), (3.0, 6.0), (5.0, 9.0), (4.0, 5.0), (4.0, 8.0)],
        std_rules(),
    ))
    .results[0];
    assert_eq!(r.trimmed, ["e1", "e2"]);
    assert_eq!(r.qualitative, 11.67, "(14 + 9 + 12) / 3");
    // totals 10, 14, 3, 14, 3: highest e2, lowest e3; listed in input order
    let r = &run(sheets(
        &[(4.0, 6.0), (5.0, 9.0), (1.0, 2.0), (4.0, 10.0), (2.0, 1.0)],
        std_rules(),
    ))
    .results[0];
    assert_eq!(r.trimmed, ["e2", "e3"]);
    assert_eq!(r.qualitative, 9.0);
    // lowest before highest in input order
    let r = &run(sheets(
        &[(1.0, 1.0), (3.0, 3.0), (5.0, 10.0), (3.0, 3.0), (3.0, 3.0)],
        std_rules(),
    ))
    .results[0];
    assert_eq!(r.trimmed, ["e1", "e3"]);
    assert_eq!(r.qualitative, 6.0);
}

#[test]
fn trimming_ties_tolerate_float_noise() {
    // 0.1 + 0.2 and 0.3 are the same total: the first sheet is the lowest
    let r = &run(sheets(
        &[(0.1, 0.2), (0.3, 0.0), (1.0, 1.0), (1.0, 1.0), (1.0, 1.0)],
        std_rules(),
    ))
    .results[0];
    assert_eq!(r.trimmed, ["e1", "e3"]);
}

#[test]
fn invalid_sheets_are_listed_and_not_used() {
    let mut v = sheets(
        &[
            (4.0, 8.0),
            (-0.5, 8.0),
            (5.0, 10.5),
            (5.0, 10.0),
            (0.0, 0.0),
        ],
        std_rules(),
    );
    let s = &mut v["participants"][0]["expert_scores"];
    s.as_array_mut().unwrap().extend([
        json!({"expert": "e-missing", "scores": {"Q1": 4}}),
        json!({"expert": "e-null", "scores": {"Q1": 4, "Q2": null}}),
        json!({"expert": "e-extra", "scores": {"Q1": 4, "Q2": 5, "Q3": 1}}),
    ]);
    let r = &run(v).results[0];
    assert_eq!(r.invalid, ["e2", "e3", "e-missing", "e-null", "e-extra"]);
    assert_eq!(r.experts_used, 3);
    assert_eq!(r.trimmed, Vec::<String>::new());
    assert_eq!(
        r.qualitative, 9.0,
        "(12 + 15 + 0) / 3; bounds 0 and max are valid"
    );
}

#[test]
fn too_few_valid_sheets_is_incomplete() {
    let r = &run(sheets(&[(5.0, 10.0), (5.0, 10.0), (9.0, 9.0)], std_rules())).results[0];
    assert_eq!(r.outcome, Outcome::Incomplete);
    assert_eq!(r.rank, None);
    assert_eq!(r.experts_used, 2);
    let v = serde_json::to_value(run(sheets(&[(5.0, 10.0)], std_rules()))).unwrap();
    assert_eq!(v["results"][0]["rank"], Value::Null);
    assert_eq!(v["results"][0]["outcome"], "incomplete");
    // exactly min_experts is enough
    let r = &run(sheets(&[(5.0, 10.0); 3], std_rules())).results[0];
    assert_eq!(r.outcome, Outcome::Pass);
    assert_eq!(r.rank, Some(1));
}

#[test]
fn veto_disqualifies_at_both_stages_first_in_precedence() {
    for stage in ["first", "reinspection"] {
        let mut v = sheets(
            &[(5.0, 10.0); 3],
            json!({"min_experts": 3, "trim_from": 5, "pass": 10, "round": 2, "stage": stage}),
        );
        v["participants"][0]["veto"] = json!("数据造假");
        let r = &run(v.clone()).results[0];
        assert_eq!(r.total, 15.0);
        assert_eq!(r.outcome, Outcome::Disqualify, "{stage}");
        // veto comes before incomplete
        v["participants"][0]["expert_scores"] = json!([]);
        assert_eq!(run(v).results[0].outcome, Outcome::Disqualify, "{stage}");
    }
}

#[test]
fn outcomes_by_stage() {
    let at = |pairs: &[(f64, f64)], stage: &str| {
        run(sheets(
            pairs,
            json!({"min_experts": 1, "trim_from": 5, "pass": 12, "round": 2, "stage": stage}),
        ))
        .results[0]
            .outcome
    };
    assert_eq!(
        at(&[(4.0, 8.0)], "first"),
        Outcome::Pass,
        "total = pass passes"
    );
    assert_eq!(at(&[(4.0, 7.99)], "first"), Outcome::Rectify);
    assert_eq!(at(&[(4.0, 8.0)], "reinspection"), Outcome::Pass);
    assert_eq!(at(&[(4.0, 7.99)], "reinspection"), Outcome::Disqualify);
    // the rounded total is compared: 11.995 → 12.0 passes at 2 decimals, not at 3
    assert_eq!(at(&[(4.0, 7.995)], "first"), Outcome::Pass);
    let r = run(sheets(
        &[(4.0, 7.995)],
        json!({"min_experts": 1, "trim_from": 5, "pass": 12, "round": 3, "stage": "reinspection"}),
    ));
    assert_eq!(r.results[0].outcome, Outcome::Disqualify);
    assert_eq!(r.results[0].total, 11.995);
}

#[test]
fn rounding_half_away_from_zero_only_at_the_end() {
    // a total of 2.675 (stored as 2.67499999…) rounds to 2.68
    let out = run(sheets(
        &[(0.0, 2.675)],
        json!({"min_experts": 1, "trim_from": 5, "pass": 10, "round": 2}),
    ));
    assert_eq!(out.results[0].total, 2.68);
    // 0.125 rounds up (not to even)
    let out = run(sheets(
        &[(0.0, 0.125)],
        json!({"min_experts": 1, "trim_from": 5, "pass": 10, "round": 2}),
    ));
    assert_eq!(out.results[0].total, 0.13);
    // round 0: 2.5 → 3
    let out = run(sheets(
        &[(1.0, 1.5)],
        json!({"min_experts": 1, "trim_from": 5, "pass": 10, "round": 0}),
    ));
    assert_eq!(out.results[0].total, 3.0);
    // intermediates are not rounded: 1.004 + 1.004 = 2.008 → 2.01 (rounding each first: 2.0)
    let mut v = sheets(
        &[(1.004, 0.0)],
        json!({"min_experts": 1, "trim_from": 5, "pass": 10, "round": 2}),
    );
    v["rubric"]["quantitative_points"] = json!(1.004);
    v["participants"][0]["targets"] =
        json!([{"id": "t", "comparator": "ge", "target": 1, "actual": 1}]);
    let r = &run(v).results[0];
    assert_eq!(r.quantitative, 1.0);
    assert_eq!(r.qualitative, 1.0);
    assert_eq!(r.total, 2.01);
}

#[test]
fn competition_ranking_by_unrounded_total() {
    let p = |id: &str, q2: f64, n: usize| {
        let s: Vec<Value> = (0..n)
            .map(|i| json!({"expert": format!("e{i}"), "scores": {"Q1": 5, "Q2": q2}}))
            .collect();
        json!({"id": id, "expert_scores": s})
    };
    let v = json!({
        "rubric": {"quantitative_points": 0, "qualitative": [{"code": "Q1", "max": 5}, {"code": "Q2", "max": 10}]},
        "rules": {"min_experts": 3, "trim_from": 5, "pass": 0, "round": 0, "stage": "first"},
        "participants": [p("a", 6.0, 3), p("b", 9.0, 3), p("c", 6.0, 3), p("d", 9.9, 1), p("e", 6.2, 3), p("f", 6.4, 3)]
    });
    let out = run(v);
    let ranks: Vec<Option<u64>> = out.results.iter().map(|r| r.rank).collect();
    // totals 11, 14, 11, (incomplete), 11.2, 11.4: rounded to 0 places e and f show 11 too,
    // but the rank uses the unrounded totals
    assert_eq!(ranks, [Some(4), Some(1), Some(4), None, Some(3), Some(2)]);
    assert_eq!(out.results[4].total, 11.0);
    let ids: Vec<&str> = out.results.iter().map(|r| r.participant.as_str()).collect();
    assert_eq!(
        ids,
        ["a", "b", "c", "d", "e", "f"],
        "results stay in input order"
    );
}

#[test]
fn many_participants_all_ranked() {
    let ps: Vec<Value> = (0..40)
        .map(|i| json!({"id": format!("p{i}"), "expert_scores": [{"expert": "e", "scores": {"Q1": (i % 6) as f64}}]}))
        .collect();
    let out = run(json!({
        "rubric": {"quantitative_points": 0, "qualitative": [{"code": "Q1", "max": 5}]},
        "rules": {"min_experts": 1, "trim_from": 5, "pass": 3},
        "participants": ps
    }));
    for r in &out.results {
        let higher = out
            .results
            .iter()
            .filter(|o| o.exact_total > r.exact_total)
            .count() as u64;
        assert_eq!(r.rank, Some(higher + 1));
        assert_eq!(
            r.outcome,
            if r.total >= 3.0 {
                Outcome::Pass
            } else {
                Outcome::Rectify
            }
        );
    }
}
