//! Input validation: one line per problem, each naming its JSON path.

use crate::scores::contract_example;
use innocity_acceptance::{parse_draw, parse_score, Comparator, SameProvince, Stage};
use serde_json::{json, Value};

fn draw_doc() -> Value {
    json!({
      "year": 2025, "panel_size": 5, "max_panels_per_expert": 3,
      "rules": {"same_province": "flag", "employment_years": 3, "relation_years": 3},
      "participants": [
        {"id": "p1", "region": "371400", "orgs": ["o-dz-kjj", "o-dz-fgw"],
         "avoid": [{"expert": "e7", "reason": "曾参与方案编制"}]}
      ],
      "experts": [
        {"id": "e0", "org": "o-a", "org_region": "110000"},
        {"id": "e1", "org": "o-sd-univ", "org_region": "370100", "fields": ["industry"],
         "employment": [{"org": "o-dz-kjj", "org_region": "371400", "until": 2021}],
         "relations": [{"participant": "p1", "kind": "collaborator", "until": 2024}],
         "declared": ["p3"]},
        {"id": "e2", "org": "o-b", "org_region": "120000"},
        {"id": "e3", "org": "o-c", "org_region": "130000",
         "employment": [{"org": "o-x", "org_region": "371400", "until": 2021}]}
      ]
    })
}

fn draw_errors(v: Value) -> Vec<String> {
    parse_draw(&v.to_string()).expect_err("input accepted")
}

fn score_errors(v: Value) -> Vec<String> {
    parse_score(&v.to_string()).expect_err("input accepted")
}

#[test]
fn contract_examples_parse() {
    let d = parse_draw(&draw_doc().to_string()).unwrap();
    assert_eq!(d.year, 2025);
    assert_eq!(d.max_panels_per_expert, Some(3));
    assert_eq!(d.rules.same_province, SameProvince::Flag);
    assert_eq!(d.experts[1].employment[0].until, 2021);
    assert_eq!(
        d.participants[0].avoid[0].reason.as_deref(),
        Some("曾参与方案编制")
    );
    let s = parse_score(&contract_example().to_string()).unwrap();
    assert_eq!(s.rules.stage, Stage::First);
    assert_eq!(s.participants[0].targets[3].comparator, Comparator::Ge);
    assert!(s.participants[0].targets[3].delta);
    assert_eq!(s.participants[0].targets[2].weight, 1.0);
    assert_eq!(s.participants[0].targets[4].actual, None);
}

#[test]
fn the_contract_error_line() {
    let mut v = draw_doc();
    v["experts"][3]["employment"][0]["until"] = json!("2021");
    assert_eq!(
        draw_errors(v),
        ["experts[3].employment[0].until: not a year"]
    );
    for bad in [
        json!(2021.5),
        json!(null),
        json!(true),
        json!(-2021),
        json!(20210),
    ] {
        let mut v = draw_doc();
        v["experts"][3]["employment"][0]["until"] = bad.clone();
        assert_eq!(
            draw_errors(v),
            ["experts[3].employment[0].until: not a year"],
            "{bad}"
        );
    }
    let mut v = draw_doc();
    v["experts"][3]["employment"][0]["until"] = json!(2021.0);
    assert!(
        parse_draw(&v.to_string()).is_ok(),
        "2021.0 is the year 2021"
    );
}

#[test]
fn every_problem_is_reported() {
    let mut v = draw_doc();
    v["year"] = json!("2025");
    v["panel_size"] = json!(-1);
    v["rules"]["same_province"] = json!("maybe");
    v["participants"][0]["region"] = json!(371400);
    v["participants"][0]["orgs"][1] = json!(5);
    v["participants"][0]["avoid"][0]
        .as_object_mut()
        .unwrap()
        .remove("expert");
    v["experts"][0]["org_region"] = json!("37140");
    v["experts"][1]["relations"][0]["until"] = json!("last year");
    v["experts"][2]["id"] = json!("e0");
    v["experts"][3]["declared"] = json!("p1");
    let errs = draw_errors(v);
    assert_eq!(
        errs,
        [
            "year: not a year",
            "panel_size: not a non-negative integer",
            "rules.same_province: not \"flag\", \"exclude\" or \"ignore\"",
            "participants[0].region: not a six-digit region code",
            "participants[0].orgs[1]: not a string",
            "participants[0].avoid[0].expert: missing",
            "experts[0].org_region: not a six-digit region code",
            "experts[1].relations[0].until: not a year",
            "experts[3].declared: not an array",
            "experts[2].id: duplicate expert id \"e0\" (also experts[0].id)",
        ]
    );
}

#[test]
fn document_level_problems() {
    let e = parse_draw("{\"year\": ").unwrap_err();
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("$: not JSON: "), "{e:?}");
    assert_eq!(parse_draw("[1, 2]").unwrap_err(), ["$: not an object"]);
    assert_eq!(parse_score("\"x\"").unwrap_err(), ["$: not an object"]);
    assert_eq!(
        parse_draw("{}").unwrap_err(),
        [
            "year: missing",
            "panel_size: missing",
            "participants: missing",
            "experts: missing"
        ]
    );
    assert_eq!(
        parse_score("{}").unwrap_err(),
        ["rubric: missing", "rules: missing", "participants: missing"]
    );
}

#[test]
fn duplicate_participants_and_bad_counts() {
    let mut v = draw_doc();
    let p = v["participants"][0].clone();
    v["participants"].as_array_mut().unwrap().push(p);
    v["max_panels_per_expert"] = json!(1.5);
    v["rules"]["employment_years"] = json!(-3);
    assert_eq!(
        draw_errors(v),
        [
            "max_panels_per_expert: not a non-negative integer",
            "rules.employment_years: not a non-negative integer",
            "participants[1].id: duplicate participant id \"p1\" (also participants[0].id)",
        ]
    );
}

#[test]
fn optional_draw_fields_have_defaults() {
    let d = parse_draw(
        r#"{"year": 2025, "panel_size": 0, "participants": [], "experts": [],
        "max_panels_per_expert": null}"#,
    )
    .unwrap();
    assert_eq!(d.max_panels_per_expert, None);
    assert_eq!(d.rules.same_province, SameProvince::Flag);
    assert_eq!((d.rules.employment_years, d.rules.relation_years), (3, 3));
}

#[test]
fn score_problems() {
    let mut v = contract_example();
    v["rubric"]["quantitative_points"] = json!("85");
    v["rubric"]["qualitative"][1]["code"] = json!("Q1");
    v["rules"]["round"] = json!(2.5);
    v["rules"]["stage"] = json!("final");
    let t = &mut v["participants"][0]["targets"];
    t[0]["comparator"] = json!("gte");
    t[1]["actual"] = json!("0.62");
    t[2].as_object_mut().unwrap().remove("target_max");
    t[3].as_object_mut().unwrap().remove("baseline");
    t[4]["weight"] = json!(-1);
    t[4]["id"] = json!("t1");
    let s = &mut v["participants"][0]["expert_scores"];
    s[0]["scores"]["Q2"] = json!("8.5");
    s[1]["expert"] = json!("e1");
    v["participants"][0]["veto"] = json!(false);
    assert_eq!(
        score_errors(v),
        [
            "rubric.quantitative_points: not a number",
            "rubric.qualitative[1].code: duplicate item code \"Q1\" (also rubric.qualitative[0].code)",
            "rules.round: not an integer from 0 to 9",
            "rules.stage: not \"first\" or \"reinspection\"",
            "participants[0].targets[0].comparator: unknown comparator \"gte\" (ge, gt, eq, approx, le, lt, range)",
            "participants[0].targets[1].actual: not a number",
            "participants[0].targets[2].target_max: missing",
            "participants[0].targets[3].baseline: missing",
            "participants[0].targets[4].weight: must be between 0 and 1000000000",
            "participants[0].targets[4].id: duplicate target id \"t1\" (also participants[0].targets[0].id)",
            "participants[0].expert_scores[0].scores.Q2: not a number",
            "participants[0].expert_scores[1].expert: duplicate sheet of expert \"e1\" (also participants[0].expert_scores[0].expert)",
            "participants[0].veto: not a string or null",
        ]
    );
}

#[test]
fn range_bounds_and_required_rules() {
    let mut v = contract_example();
    v["participants"][0]["targets"][2]["target_max"] = json!(7);
    v["rules"].as_object_mut().unwrap().remove("pass");
    v["rubric"]["qualitative"][0]["max"] = json!(-5);
    assert_eq!(
        score_errors(v),
        [
            "rubric.qualitative[0].max: must be between 0 and 1000000000",
            "rules.pass: missing",
            "participants[0].targets[2].target_max: below target",
        ]
    );
    // defaults: round 2, stage first, weight 1
    let mut v = contract_example();
    v["rules"] = json!({"min_experts": 3, "trim_from": 5, "pass": 80});
    let s = parse_score(&v.to_string()).unwrap();
    assert_eq!((s.rules.round, s.rules.stage), (2, Stage::First));
}

#[test]
fn odd_item_codes_are_quoted_in_paths() {
    let mut v = contract_example();
    v["participants"][0]["expert_scores"][0]["scores"]["Q.9"] = json!([1]);
    assert_eq!(
        score_errors(v),
        ["participants[0].expert_scores[0].scores[\"Q.9\"]: not a number"]
    );
}
