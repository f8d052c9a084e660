//! Runs the extractor over the development set (`shared/seeds` + `shared/devset/gold`) and
//! asserts metric floors, scoring the way `shared/tools/score_extract.py` does.

use innocity_text::{extract, simplify, Options};
use serde_json::Value;
use std::collections::HashSet;

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/");

fn s(v: &Value, k: &str) -> String {
    v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string()
}
fn f(v: &Value, k: &str) -> Option<f64> {
    v.get(k).and_then(|x| x.as_f64())
}
fn b(v: &Value, k: &str) -> bool {
    v.get(k).and_then(|x| x.as_bool()).unwrap_or(false)
}

fn scaled(value: Option<f64>, unit: &str) -> (Option<f64>, String) {
    let u: String = simplify(unit)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let Some(v) = value else { return (None, u) };
    for (p, m) in [
        ("万亿", 1e12),
        ("亿", 1e8),
        ("千万", 1e7),
        ("百万", 1e6),
        ("万", 1e4),
        ("千", 1e3),
    ] {
        if u.starts_with(p) && u != "万人次" {
            let rest = &u[p.len()..];
            return (
                Some(v * m),
                if rest.is_empty() {
                    "元".into()
                } else {
                    rest.to_string()
                },
            );
        }
    }
    (Some(v), u)
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * b.abs().max(1.0),
        (None, None) => true,
        _ => false,
    }
}

fn chars(x: &str) -> HashSet<char> {
    simplify(x)
        .chars()
        .filter(|c| c.is_alphanumeric() && !c.is_ascii_alphanumeric())
        .collect()
}

fn overlap(a: &str, b: &str) -> f64 {
    let (ca, cb) = (chars(a), chars(b));
    if ca.is_empty() || cb.is_empty() {
        return 0.0;
    }
    ca.intersection(&cb).count() as f64 / ca.len().min(cb.len()) as f64
}

fn target_agrees(g: &Value, p: &Value) -> f64 {
    let (gv, gu) = scaled(f(g, "value"), &s(g, "unit"));
    let (pv, pu) = scaled(f(p, "value"), &s(p, "unit"));
    let (gm, _) = scaled(f(g, "value_max"), &s(g, "unit"));
    let (pm, _) = scaled(f(p, "value_max"), &s(p, "unit"));
    if !(close(pv, gv) && close(pm, gm) && pu == gu) {
        return 0.0;
    }
    if let Some(gy) = g.get("year").and_then(|y| y.as_i64()) {
        if p.get("year").and_then(|y| y.as_i64()) != Some(gy) {
            return 0.0;
        }
    }
    overlap(&s(p, "indicator_text"), &s(g, "indicator_text"))
}

fn norm_num(n: &str) -> String {
    simplify(n)
        .chars()
        .filter(|c| !matches!(c, '.' | '、' | '(' | ')' | ' '))
        .collect()
}

fn task_score(g: &Value, p: &Value) -> f64 {
    let ov = overlap(&s(p, "title"), &s(g, "title"));
    let bonus = if overlap(&s(g, "group"), &s(p, "group")) >= 0.5 && !s(g, "group").is_empty() {
        0.5
    } else {
        0.0
    };
    let gn = norm_num(&s(g, "number"));
    if !gn.is_empty() && norm_num(&s(p, "number")) == gn {
        return if ov >= 0.5 { 1.0 + ov + bonus } else { 0.0 };
    }
    if ov >= 0.8 {
        ov
    } else {
        0.0
    }
}

fn greedy<'a>(
    gold: &'a [Value],
    pred: &'a [Value],
    score: fn(&Value, &Value) -> f64,
) -> Vec<(&'a Value, &'a Value)> {
    let mut c = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (pi, p) in pred.iter().enumerate() {
            let sc = score(g, p);
            if sc >= 0.5 {
                c.push((sc, gi, pi));
            }
        }
    }
    c.sort_by(|a, b| b.partial_cmp(a).unwrap_or(std::cmp::Ordering::Equal));
    let (mut gu, mut pu, mut out) = (HashSet::new(), HashSet::new(), Vec::new());
    for (_, gi, pi) in c {
        if gu.contains(&gi) || pu.contains(&pi) {
            continue;
        }
        gu.insert(gi);
        pu.insert(pi);
        out.push((&gold[gi], &pred[pi]));
    }
    out
}

fn names(v: &Value, k: &str) -> HashSet<String> {
    v.get(k)
        .and_then(|x| x.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str())
                .map(|n| {
                    let mut n: String = simplify(n)
                        .chars()
                        .filter(|c| !matches!(c, ' ' | '(' | ')' | '〔' | '〕' | '[' | ']'))
                        .collect();
                    for p in ["市委", "市", "县", "区", "省"] {
                        if let Some(r) = n.strip_prefix(p) {
                            n = r.to_string();
                            break;
                        }
                    }
                    n
                })
                .collect()
        })
        .unwrap_or_default()
}

fn f1(tp: usize, ng: usize, np: usize) -> f64 {
    let p = if np == 0 {
        if ng == 0 {
            1.0
        } else {
            0.0
        }
    } else {
        tp as f64 / np as f64
    };
    let r = if ng == 0 { 1.0 } else { tp as f64 / ng as f64 };
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

#[test]
fn devset_metric_floors() {
    let Ok(rd) = std::fs::read_dir(format!("{SHARED}devset/gold")) else {
        eprintln!("shared/devset not found next to the repository: skipped");
        return;
    };
    let mut files: Vec<_> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "gold files");
    let (mut t_tp, mut t_gold, mut t_pred, mut pairs, mut cmp_ok) = (0, 0, 0, 0, 0);
    let (mut k_tp, mut k_gold, mut k_pred, mut r_gold, mut r_ok) = (0, 0, 0, 0, 0);
    for gp in files {
        let gold: Value =
            serde_json::from_str(&std::fs::read_to_string(&gp).expect("gold")).expect("gold json");
        let stem = gp
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let text = std::fs::read(format!("{SHARED}seeds/{stem}.txt")).expect("seed");
        let text = innocity_text::decode(&text).expect("decodes");
        let pred = serde_json::to_value(extract(&text, &Options::default())).expect("json");
        let gt = gold["targets"].as_array().cloned().unwrap_or_default();
        let mut pt = pred["targets"].as_array().cloned().unwrap_or_default();
        // dedupe like the scorer
        let mut seen = HashSet::new();
        pt.retain(|p| {
            let (v, u) = scaled(f(p, "value"), &s(p, "unit"));
            seen.insert((
                v.map(|v| (v * 1e6).round() as i64),
                u,
                p.get("year").and_then(|y| y.as_i64()),
                simplify(&s(p, "indicator_text")),
            ))
        });
        let gk = gold["tasks"].as_array().cloned().unwrap_or_default();
        let pk = pred["tasks"].as_array().cloned().unwrap_or_default();
        let tpairs = greedy(&gt, &pt, target_agrees);
        let kpairs = greedy(&gk, &pk, task_score);
        let opt_t = tpairs.iter().filter(|(g, _)| b(g, "optional")).count();
        let opt_k = kpairs
            .iter()
            .filter(|(g, _)| b(g, "truncated") || b(g, "optional"))
            .count();
        t_tp += tpairs.len() - opt_t;
        t_gold += gt.iter().filter(|g| !b(g, "optional")).count();
        t_pred += pt.len() - opt_t;
        pairs += tpairs.len();
        cmp_ok += tpairs
            .iter()
            .filter(|(g, p)| {
                let (a, c) = (s(g, "comparator"), s(p, "comparator"));
                a == c || (["eq", "ge"].contains(&a.as_str()) && ["eq", "ge"].contains(&c.as_str()))
            })
            .count();
        let firm_k: Vec<&Value> = gk
            .iter()
            .filter(|g| !(b(g, "truncated") || b(g, "optional")))
            .collect();
        k_tp += kpairs.len() - opt_k;
        k_gold += firm_k.len();
        k_pred += pk.len() - opt_k;
        let resp_req =
            |g: &Value| !names(g, "lead").is_empty() || !names(g, "cooperating").is_empty();
        r_gold += firm_k.iter().filter(|g| resp_req(g)).count();
        r_ok += kpairs
            .iter()
            .filter(|(g, _)| !(b(g, "truncated") || b(g, "optional")) && resp_req(g))
            .filter(|(g, p)| {
                let (gl, gc, pl, pc) = (
                    names(g, "lead"),
                    names(g, "cooperating"),
                    names(p, "lead"),
                    names(p, "cooperating"),
                );
                if s(g, "resp_marker") == "bare_list" {
                    gl.union(&gc).collect::<HashSet<_>>() == pl.union(&pc).collect::<HashSet<_>>()
                } else {
                    gl == pl && gc == pc && b(g, "joint") == b(p, "joint")
                }
            })
            .count();
    }
    let tf1 = f1(t_tp, t_gold, t_pred);
    let kf1 = f1(k_tp, k_gold, k_pred);
    let cmp = cmp_ok as f64 / pairs.max(1) as f64;
    let resp = if r_gold == 0 {
        1.0
    } else {
        r_ok as f64 / r_gold as f64
    };
    eprintln!("targets_f1={tf1:.3} comparator_acc={cmp:.3} tasks_f1={kf1:.3} resp_acc={resp:.3}");
    assert!(tf1 >= 0.95, "targets_f1 {tf1:.3}");
    assert!(cmp >= 0.97, "comparator_acc {cmp:.3}");
    assert!(kf1 >= 0.97, "tasks_f1 {kf1:.3}");
    assert!(resp >= 0.97, "resp_acc {resp:.3}");
}
