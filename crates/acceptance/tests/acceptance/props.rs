//! Property tests: the panel invariants on random pools, and no panic on any JSON document.

use crate::common::*;
use crate::scores::contract_example;
use innocity_acceptance::{draw, parse_draw, parse_score, score};
use proptest::prelude::*;
use serde_json::{json, Value};

/// A random pool: regions from a few codes (so recusal and same-province both happen),
/// random orgs, declared conflicts and past jobs.
fn random_draw() -> impl Strategy<Value = Value> {
    let region = prop::sample::select(vec![
        "370000", "371400", "371402", "370100", "110000", "110108", "120000",
    ]);
    let org = prop::sample::select(vec!["o1", "o2", "o3", "o4", "o5", "o6"]);
    let participant = (
        region.clone(),
        prop::collection::vec(org.clone(), 0..3),
        prop::collection::vec(0usize..12, 0..2),
    );
    let expert = (
        region.clone(),
        org.clone(),
        prop::collection::vec((org, region, 2015i64..2026), 0..2),
        prop::collection::vec(0usize..6, 0..2),
    );
    (
        prop::collection::vec(participant, 0..8),
        prop::collection::vec(expert, 0..12),
        0u64..5,
        prop::option::of(0u64..4),
        prop::sample::select(vec!["flag", "exclude", "ignore"]),
    )
        .prop_map(|(ps, es, size, cap, mode)| {
            let ps: Vec<Value> = ps
                .into_iter()
                .enumerate()
                .map(|(i, (region, orgs, avoid))| {
                    let avoid: Vec<Value> = avoid.iter().map(|a| json!({"expert": format!("e{a}")})).collect();
                    json!({"id": format!("p{i}"), "region": region, "orgs": orgs, "avoid": avoid})
                })
                .collect();
            let es: Vec<Value> = es
                .into_iter()
                .enumerate()
                .map(|(j, (region, org, jobs, declared))| {
                    let jobs: Vec<Value> = jobs.iter().map(|(o, r, u)| json!({"org": o, "org_region": r, "until": u})).collect();
                    let declared: Vec<String> = declared.iter().map(|d| format!("p{d}")).collect();
                    json!({"id": format!("e{j}"), "org": org, "org_region": region, "employment": jobs, "declared": declared})
                })
                .collect();
            json!({"year": 2025, "panel_size": size, "max_panels_per_expert": cap,
                   "rules": {"same_province": mode}, "participants": ps, "experts": es})
        })
}

/// Any JSON value, nested a few levels, with keys the parsers look for.
fn any_json() -> impl Strategy<Value = Value> {
    let key = prop::sample::select(vec![
        "year",
        "panel_size",
        "max_panels_per_expert",
        "rules",
        "participants",
        "experts",
        "id",
        "region",
        "orgs",
        "avoid",
        "expert",
        "org",
        "org_region",
        "employment",
        "until",
        "relations",
        "participant",
        "declared",
        "rubric",
        "quantitative_points",
        "qualitative",
        "code",
        "max",
        "min_experts",
        "trim_from",
        "pass",
        "round",
        "stage",
        "targets",
        "comparator",
        "target",
        "target_max",
        "actual",
        "weight",
        "delta",
        "baseline",
        "expert_scores",
        "scores",
        "veto",
        "Q1",
        "same_province",
        "x",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        (-3i64..3000).prop_map(Value::from),
        prop::sample::select(vec![
            "",
            "371400",
            "370000",
            "ge",
            "le",
            "range",
            "flag",
            "first",
            "reinspection",
            "p1",
            "e1",
            "数据造假"
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8).prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

/// Replaces the value at a random place of `doc` (found by walking `steps`) with `new`.
fn mutate(doc: &mut Value, steps: &[usize], new: Value) {
    let Some((s, rest)) = steps.split_first() else {
        *doc = new;
        return;
    };
    match doc {
        Value::Array(a) if !a.is_empty() => {
            let i = s % a.len();
            mutate(&mut a[i], rest, new)
        }
        Value::Object(m) if !m.is_empty() => {
            let i = s % m.len();
            let v = m.values_mut().nth(i).unwrap();
            mutate(v, rest, new)
        }
        _ => *doc = new,
    }
}

fn check_problem_lines(lines: &[String]) {
    assert!(!lines.is_empty());
    for l in lines {
        assert!(l.contains(": "), "problem line without a path: {l}");
        assert!(!l.contains('\n'), "problem spans lines: {l}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn panels_keep_the_least_loaded_invariant(doc in random_draw(), seed in any::<u64>()) {
        let input = draw_input(doc);
        let out = draw(&input, seed);
        check_panels(&input, &out);
        let again = draw(&input, seed);
        prop_assert_eq!(serde_json::to_string(&out).unwrap(), serde_json::to_string(&again).unwrap());
    }

    #[test]
    fn arbitrary_json_never_panics(doc in any_json(), seed in any::<u64>()) {
        let text = doc.to_string();
        match parse_draw(&text) {
            Ok(i) => { let _ = serde_json::to_string(&draw(&i, seed)).unwrap(); }
            Err(e) => check_problem_lines(&e),
        }
        match parse_score(&text) {
            Ok(i) => { let _ = serde_json::to_string(&score(&i)).unwrap(); }
            Err(e) => check_problem_lines(&e),
        }
    }

    #[test]
    fn mutated_valid_documents_never_panic(
        steps in prop::collection::vec(any::<usize>(), 0..6),
        new in any_json(),
        cut in any::<usize>(),
        seed in any::<u64>(),
    ) {
        let mut s = contract_example();
        mutate(&mut s, &steps, new.clone());
        match parse_score(&s.to_string()) {
            Ok(i) => {
                let out = score(&i);
                for r in &out.results {
                    prop_assert!(r.total.is_finite() && r.quantitative.is_finite() && r.qualitative.is_finite());
                    prop_assert!(r.attainment.0.iter().all(|(_, a)| (0.0..=1.0).contains(a)));
                }
            }
            Err(e) => check_problem_lines(&e),
        }
        let mut d = pool(3, 6, 2, 2);
        mutate(&mut d, &steps, new);
        match parse_draw(&d.to_string()) {
            Ok(i) => { let _ = draw(&i, seed); }
            Err(e) => check_problem_lines(&e),
        }
        // truncated text is never a panic either
        let text = contract_example().to_string();
        let mut end = cut % (text.len() + 1);
        while !text.is_char_boundary(end) { end -= 1; }
        if let Err(e) = parse_score(&text[..end]) { check_problem_lines(&e); }
    }
}
