//! Builders shared by the tests.

use innocity_acceptance::{parse_draw, parse_score, DrawInput, DrawOutput, ScoreInput};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

pub fn draw_input(v: Value) -> DrawInput {
    parse_draw(&v.to_string()).unwrap_or_else(|e| panic!("draw input rejected: {e:?}"))
}

pub fn score_input(v: Value) -> ScoreInput {
    parse_score(&v.to_string()).unwrap_or_else(|e| panic!("score input rejected: {e:?}"))
}

/// An expert with no ties to anything, in Beijing.
pub fn free_expert(id: &str) -> Value {
    json!({"id": id, "org": format!("org-{id}"), "org_region": "110108"})
}

/// A draw of `participants` × `experts` (all free of conflicts), rules `flag`/3/3.
pub fn pool(participants: usize, experts: usize, panel: u64, cap: u64) -> Value {
    let ps: Vec<Value> = (0..participants)
        .map(|i| json!({"id": format!("p{i}"), "region": "371400", "orgs": ["o-dz"]}))
        .collect();
    let es: Vec<Value> = (0..experts)
        .map(|j| free_expert(&format!("e{j}")))
        .collect();
    json!({"year": 2025, "panel_size": panel, "max_panels_per_expert": cap,
           "rules": {"same_province": "flag", "employment_years": 3, "relation_years": 3},
           "participants": ps, "experts": es})
}

/// Checks the panel rules on an output: distinct experts, all eligible, under the cap, least
/// loaded at the moment of each panel, `unfilled` exactly when short, `loads` consistent.
pub fn check_panels(input: &DrawInput, out: &DrawOutput) {
    let cap = input.max_panels_per_expert.unwrap_or(u64::MAX);
    let excluded: HashSet<(&str, &str)> = out
        .excluded
        .iter()
        .map(|x| (x.participant.as_str(), x.expert.as_str()))
        .collect();
    let mut loads: HashMap<&str, u64> = input.experts.iter().map(|e| (e.id.as_str(), 0)).collect();
    assert_eq!(out.panels.len(), input.participants.len());
    for (p, panel) in input.participants.iter().zip(&out.panels) {
        assert_eq!(panel.participant, p.id);
        let taken: HashSet<&str> = panel.experts.iter().map(String::as_str).collect();
        assert_eq!(
            taken.len(),
            panel.experts.len(),
            "duplicate expert on {}",
            p.id
        );
        assert!(panel.experts.len() as u64 <= input.panel_size);
        let candidates: Vec<&str> = input
            .experts
            .iter()
            .map(|e| e.id.as_str())
            .filter(|e| !excluded.contains(&(p.id.as_str(), e)) && loads[e] < cap)
            .collect();
        for e in &taken {
            assert!(
                candidates.contains(e),
                "{e} is not a candidate for {}",
                p.id
            );
        }
        let max_taken = taken.iter().map(|e| loads[e]).max();
        let min_left = candidates
            .iter()
            .filter(|e| !taken.contains(*e))
            .map(|e| loads[e])
            .min();
        if let (Some(t), Some(l)) = (max_taken, min_left) {
            assert!(
                l >= t,
                "{}: left out an expert with load {l} < taken {t}",
                p.id
            );
        }
        let short = input.panel_size.saturating_sub(candidates.len() as u64);
        let listed = out
            .unfilled
            .iter()
            .find(|u| u.participant == p.id)
            .map(|u| u.missing);
        if short > 0 {
            assert_eq!(listed, Some(short), "{} short by {short}", p.id);
            assert_eq!(taken.len(), candidates.len());
        } else {
            assert_eq!(listed, None);
            assert_eq!(panel.experts.len() as u64, input.panel_size);
        }
        for e in &taken {
            *loads.get_mut(e).unwrap() += 1;
        }
    }
    let got: Vec<(&str, u64)> = out.loads.0.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let want: Vec<(&str, u64)> = input
        .experts
        .iter()
        .map(|e| (e.id.as_str(), loads[e.id.as_str()]))
        .collect();
    assert_eq!(got, want);
    assert!(got.iter().all(|(_, l)| *l <= cap));
}
