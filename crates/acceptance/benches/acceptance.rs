//! Benchmarks (divan): `cargo bench -p innocity-acceptance --bench acceptance`.
//! Targets: a draw of 52 participants over 300 experts under 50 ms; scoring 1,000
//! participants under 20 ms.

use innocity_acceptance::{draw, parse_draw, parse_score, score, DrawInput, ScoreInput};
use serde_json::{json, Value};
use std::sync::OnceLock;

fn main() {
    divan::main();
}

const CITIES: [&str; 8] = [
    "371400", "370100", "370200", "320500", "330100", "440300", "110108", "510100",
];

/// 52 county participants and 300 experts with jobs, relations and declared conflicts.
fn draw_doc() -> String {
    let ps: Vec<Value> = (0..52)
        .map(|i| {
            let city = CITIES[i % CITIES.len()];
            json!({"id": format!("p{i}"), "region": format!("{}{:02}", &city[..4], 1 + i % 20),
                   "orgs": (0..8).map(|k| format!("o-{i}-{k}")).collect::<Vec<_>>(),
                   "avoid": [{"expert": format!("e{}", (i * 7) % 300), "reason": "曾参与方案编制"}]})
        })
        .collect();
    let es: Vec<Value> = (0..300)
        .map(|j| {
            json!({"id": format!("e{j}"), "org": format!("o-{}-{}", j % 52, j % 11),
                   "org_region": CITIES[j % CITIES.len()], "fields": ["industry"],
                   "employment": [{"org": format!("o-{}-1", (j * 3) % 52), "org_region": CITIES[(j + 3) % CITIES.len()], "until": 2018 + j % 8}],
                   "relations": [{"participant": format!("p{}", j % 52), "kind": "collaborator", "until": 2019 + j % 7}],
                   "declared": [format!("p{}", (j * 5) % 52)]})
        })
        .collect();
    json!({"year": 2025, "panel_size": 5, "max_panels_per_expert": 3,
           "rules": {"same_province": "flag", "employment_years": 3, "relation_years": 3},
           "participants": ps, "experts": es})
    .to_string()
}

/// 1,000 participants, each with 6 targets and 7 sheets over a 4-item rubric.
fn score_doc() -> String {
    let ps: Vec<Value> = (0..1000)
        .map(|i| {
            let f = i as f64;
            let sheets: Vec<Value> = (0..7)
                .map(|k| {
                    let x = ((i * 7 + k * 3) % 10) as f64;
                    json!({"expert": format!("e{k}"), "scores": {"Q1": x / 2.0, "Q2": x, "Q3": 3.0, "Q4": x / 4.0}})
                })
                .collect();
            json!({"id": format!("p{i}"),
                   "targets": [
                       {"id": "t1", "comparator": "ge", "target": 3.3, "actual": 2.5 + f / 1000.0, "weight": 2},
                       {"id": "t2", "comparator": "le", "target": 0.5, "actual": 0.4 + f / 5000.0},
                       {"id": "t3", "comparator": "range", "target": 8, "target_max": 10, "actual": 5.0 + f / 100.0},
                       {"id": "t4", "comparator": "ge", "delta": true, "baseline": 1200, "target": 300, "actual": 1200.0 + f},
                       {"id": "t5", "comparator": "gt", "target": 1500, "actual": if i % 9 == 0 { Value::Null } else { json!(1400.0 + f) }},
                       {"id": "t6", "comparator": "approx", "target": 60, "actual": 55}],
                   "expert_scores": sheets,
                   "veto": if i % 97 == 0 { json!("数据造假") } else { Value::Null }})
        })
        .collect();
    json!({"rubric": {"quantitative_points": 85, "qualitative": [
              {"code": "Q1", "name": "组织保障", "max": 5}, {"code": "Q2", "name": "特色做法", "max": 10},
              {"code": "Q3", "name": "机制创新", "max": 5}, {"code": "Q4", "name": "示范带动", "max": 3}]},
           "rules": {"min_experts": 5, "trim_from": 5, "pass": 80, "round": 2, "stage": "first"},
           "participants": ps})
    .to_string()
}

fn draw_text() -> &'static str {
    static T: OnceLock<String> = OnceLock::new();
    T.get_or_init(draw_doc)
}

fn score_text() -> &'static str {
    static T: OnceLock<String> = OnceLock::new();
    T.get_or_init(score_doc)
}

fn draw_input() -> &'static DrawInput {
    static I: OnceLock<DrawInput> = OnceLock::new();
    I.get_or_init(|| parse_draw(draw_text()).expect("bench draw input"))
}

fn score_input() -> &'static ScoreInput {
    static I: OnceLock<ScoreInput> = OnceLock::new();
    I.get_or_init(|| parse_score(score_text()).expect("bench score input"))
}

/// Recusal for every pair and the panels: 52 participants × 300 experts.
#[divan::bench]
fn draw_52x300() -> innocity_acceptance::DrawOutput {
    draw(divan::black_box(draw_input()), divan::black_box(7))
}

/// Scores, outcomes and ranks of 1,000 participants.
#[divan::bench]
fn score_1000() -> innocity_acceptance::ScoreOutput {
    score(divan::black_box(score_input()))
}

/// What the CLI does for a draw: parse and validate, draw, print.
#[divan::bench]
fn draw_52x300_with_json() -> String {
    let input = parse_draw(divan::black_box(draw_text())).expect("valid");
    serde_json::to_string(&draw(&input, 7)).unwrap_or_default()
}

/// What the CLI does for a scoring: parse and validate, score, print.
#[divan::bench]
fn score_1000_with_json() -> String {
    let input = parse_score(divan::black_box(score_text())).expect("valid");
    serde_json::to_string(&score(&input)).unwrap_or_default()
}
