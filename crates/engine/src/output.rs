//! Output files as in-memory strings (the CLI writes them; the web app can store them).

use crate::method::Step;
use crate::pipeline::{agg_scores, ranks_by_period, Prepared, RunResult, Stage};
use crate::stats::fmt17_into;
use serde_json::json;

/// A CSV cell.
pub enum Cell {
    Text(String),
    Num(f64),
    Int(i64),
    Bool(Option<bool>),
    Empty,
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Render rows of cells as CSV (text quoted, numbers with 17 significant digits).
pub fn csv(header: &[String], rows: &[Vec<Cell>]) -> String {
    let mut out = String::with_capacity(rows.len() * header.len() * 12 + 64);
    out.push_str(
        &header
            .iter()
            .map(|h| quote(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push('\n');
    for r in rows {
        let mut first = true;
        for c in r {
            if !first {
                out.push(',');
            }
            first = false;
            match c {
                Cell::Text(s) => out.push_str(&quote(s)),
                Cell::Num(v) => fmt17_into(&mut out, *v),
                Cell::Int(v) => out.push_str(&v.to_string()),
                Cell::Bool(Some(b)) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
                Cell::Bool(None) | Cell::Empty => {}
            }
        }
        out.push('\n');
    }
    out
}

fn keep_row(p: &Prepared, row: usize) -> bool {
    p.output_time.map(|t| p.data.time[row] == t).unwrap_or(true)
}

fn lead(p: &Prepared, row: usize) -> Vec<Cell> {
    let mut v = Vec::new();
    if p.data.has_time {
        v.push(Cell::Int(p.data.time[row]));
    }
    v.push(Cell::Text(p.data.ucode[row].clone()));
    v
}

fn lead_header(p: &Prepared) -> Vec<String> {
    let mut h = Vec::new();
    if p.data.has_time {
        h.push("Time".to_string());
    }
    h.push("uCode".to_string());
    h
}

/// `stage_<Name>.csv`.
pub fn stage_csv(p: &Prepared, s: &Stage) -> String {
    let mut header = lead_header(p);
    header.extend(s.nodes.iter().map(|&n| p.st.codes[n].clone()));
    let mut out = csv(&header, &[]);
    out.reserve(s.rows.len() * (s.cols.len() * 20 + 16));
    for (k, &r) in s.rows.iter().enumerate() {
        if !keep_row(p, r) {
            continue;
        }
        if p.data.has_time {
            out.push_str(&p.data.time[r].to_string());
            out.push(',');
        }
        out.push_str(&quote(&p.data.ucode[r]));
        for c in &s.cols {
            out.push(',');
            fmt17_into(&mut out, c[k]);
        }
        out.push('\n');
    }
    out
}

/// `results_scores_ranks.csv`.
pub fn results_csv(p: &Prepared, r: &RunResult) -> String {
    let st = &p.st;
    let state = &r.state;
    let order = st.results_order();
    let mut header = lead_header(p);
    header.push("uName".into());
    let mut scores = Vec::new();
    let mut ranks = Vec::new();
    for &a in &order {
        header.push(st.codes[a].clone());
        header.push(format!("{}_rank", st.codes[a]));
        let s = agg_scores(p, state, a);
        ranks.push(ranks_by_period(p, &state.rows, &s));
        scores.push(s);
    }
    // grades
    let mut grades: Vec<(usize, Vec<String>)> = Vec::new();
    for step in &p.method.steps {
        if let Step::Grade { code, bands, below } = step {
            let node = code.as_ref().and_then(|c| st.node(c)).or(st.top());
            if let Some(node) = node {
                header.push(format!("{}_grade", st.codes[node]));
                let s = agg_scores(p, state, node);
                let g = s
                    .iter()
                    .map(|&v| {
                        if v.is_nan() {
                            String::new()
                        } else {
                            bands
                                .iter()
                                .find(|(_, m)| v >= *m)
                                .map(|(n, _)| n.clone())
                                .unwrap_or_else(|| below.clone())
                        }
                    })
                    .collect();
                grades.push((node, g));
            }
        }
    }
    let mut idx: Vec<usize> = (0..state.rows.len())
        .filter(|&k| keep_row(p, state.rows[k]))
        .collect();
    let top_rank = |k: usize| -> u32 {
        match ranks.first() {
            Some(r) if r[k] > 0 => r[k],
            _ => u32::MAX,
        }
    };
    idx.sort_by(|&a, &b| {
        p.data.time[state.rows[a]]
            .cmp(&p.data.time[state.rows[b]])
            .then(top_rank(a).cmp(&top_rank(b)))
            .then(crate::model::collate(
                &p.data.ucode[state.rows[a]],
                &p.data.ucode[state.rows[b]],
            ))
    });
    let rows: Vec<Vec<Cell>> = idx
        .iter()
        .map(|&k| {
            let r = state.rows[k];
            let mut row = lead(p, r);
            row.push(Cell::Text(p.data.uname[r].clone()));
            for (s, rk) in scores.iter().zip(&ranks) {
                row.push(Cell::Num(s[k]));
                row.push(if rk[k] == 0 {
                    Cell::Empty
                } else {
                    Cell::Int(rk[k] as i64)
                });
            }
            for (_, g) in &grades {
                row.push(Cell::Text(g[k].clone()));
            }
            row
        })
        .collect();
    csv(&header, &rows)
}

/// `treat_log_indicators.csv`.
pub fn treat_log_csv(p: &Prepared, r: &RunResult) -> String {
    let mut header: Vec<String> = Vec::new();
    if p.data.has_time {
        header.push("Time".into());
    }
    for h in [
        "iCode",
        "skew_before",
        "kurt_before",
        "pass_before",
        "winsorised",
        "n_winsorised",
        "winsorised_side",
        "skew_after_winsorising",
        "kurt_after_winsorising",
        "pass_after_winsorising",
        "log_transformed",
        "final_treatment",
        "skew_after_log",
        "kurt_after_log",
        "pass_after_log",
    ] {
        header.push(h.into());
    }
    let rows: Vec<Vec<Cell>> = r
        .logs
        .treat
        .iter()
        .filter(|(t, _, _)| p.output_time.map(|o| o == *t).unwrap_or(true))
        .map(|(t, j, l)| {
            let mut row = Vec::new();
            if p.data.has_time {
                row.push(Cell::Int(*t));
            }
            row.push(Cell::Text(p.st.codes[*j].clone()));
            row.push(Cell::Num(l.skew_before));
            row.push(Cell::Num(l.kurt_before));
            row.push(Cell::Bool(l.pass_before));
            row.push(Cell::Bool(Some(l.winsorised)));
            row.push(Cell::Int(l.n_winsorised as i64));
            row.push(Cell::Text(l.side.clone()));
            row.push(Cell::Num(l.skew_after_win));
            row.push(Cell::Num(l.kurt_after_win));
            row.push(if l.winsorised {
                Cell::Bool(l.pass_after_win)
            } else {
                Cell::Empty
            });
            row.push(Cell::Bool(Some(l.log_transformed)));
            row.push(Cell::Text(l.final_treatment.clone()));
            row.push(Cell::Num(l.skew_after_log));
            row.push(Cell::Num(l.kurt_after_log));
            row.push(if l.log_transformed {
                Cell::Bool(l.pass_after_log)
            } else {
                Cell::Empty
            });
            row
        })
        .collect();
    csv(&header, &rows)
}

/// `treat_log_points.csv`.
pub fn treat_points_csv(p: &Prepared, r: &RunResult) -> String {
    let mut header = Vec::new();
    if p.data.has_time {
        header.push("Time".to_string());
    }
    header.extend(["iCode", "uCode", "label", "value_before", "value_after"].map(String::from));
    let rows: Vec<Vec<Cell>> = r
        .logs
        .points
        .iter()
        .filter(|x| keep_row(p, x.0))
        .map(|(row, j, lab, b, a)| {
            let mut v = Vec::new();
            if p.data.has_time {
                v.push(Cell::Int(p.data.time[*row]));
            }
            v.push(Cell::Text(p.st.codes[*j].clone()));
            v.push(Cell::Text(p.data.ucode[*row].clone()));
            v.push(Cell::Text(lab.to_string()));
            v.push(Cell::Num(*b));
            v.push(Cell::Num(*a));
            v
        })
        .collect();
    csv(&header, &rows)
}

/// `impute_log_cells.csv`.
pub fn impute_log_csv(p: &Prepared, r: &RunResult) -> String {
    let mut header = lead_header(p);
    header.extend(["iCode", "imputed_value", "group"].map(String::from));
    let rows: Vec<Vec<Cell>> = r
        .logs
        .impute
        .iter()
        .filter(|c| keep_row(p, c.row))
        .map(|c| {
            let mut v = lead(p, c.row);
            v.push(Cell::Text(p.st.codes[c.node].clone()));
            v.push(Cell::Num(c.value));
            v.push(Cell::Text(c.group.clone()));
            v
        })
        .collect();
    csv(&header, &rows)
}

/// `screen_summary.csv`.
pub fn screen_csv(p: &Prepared, r: &RunResult) -> String {
    let mut header = lead_header(p);
    header.extend(
        [
            "N_missing",
            "N_zero",
            "N_miss_or_zero",
            "Dat_Avail",
            "Non_Zero",
            "LowData",
            "LowNonZero",
            "LowDatOrZeroFlag",
            "Included",
        ]
        .map(String::from),
    );
    let rows: Vec<Vec<Cell>> = r
        .logs
        .screen
        .iter()
        .filter(|s| keep_row(p, s.row))
        .map(|s| {
            let mut v = lead(p, s.row);
            v.push(Cell::Int(s.n_missing as i64));
            v.push(Cell::Int(s.n_zero as i64));
            v.push(Cell::Int((s.n_missing + s.n_zero) as i64));
            v.push(Cell::Num(s.dat_avail));
            v.push(Cell::Num(s.non_zero));
            v.push(Cell::Bool(Some(s.low_data)));
            v.push(Cell::Bool(Some(s.low_nonzero)));
            v.push(Cell::Bool(Some(s.low_data || s.low_nonzero)));
            v.push(Cell::Bool(Some(s.included)));
            v
        })
        .collect();
    csv(&header, &rows)
}

/// Weights used (normalised within each parent) for the period output (`--time`) or else the
/// first period evaluated, and the
/// effective weights multiplied down the tree.
pub fn weights_used(p: &Prepared, r: &RunResult) -> (Vec<f64>, Vec<f64>) {
    let st = &p.st;
    let mut w = r.state.weights.clone();
    if r.state.wstep.is_none() {
        return (w.clone(), st.effective_weights(&w));
    }
    if let Some(first) = p.output_time.or(r.logs.weights.first().map(|x| x.time)) {
        for u in r.logs.weights.iter().filter(|u| u.time == first) {
            w[u.child] = u.weight;
        }
    }
    let eff = st.effective_weights(&w);
    (w, eff)
}

/// `weights_effective.csv`.
pub fn weights_csv(p: &Prepared, r: &RunResult) -> String {
    let st = &p.st;
    let (w, eff) = weights_used(p, r);
    let header: Vec<String> = ["iCode", "Level", "Weight", "EffWeight"]
        .map(String::from)
        .to_vec();
    let rows: Vec<Vec<Cell>> = (0..st.n_nodes())
        .map(|n| {
            vec![
                Cell::Text(st.codes[n].clone()),
                Cell::Int(st.level[n] as i64),
                Cell::Num(w[n]),
                Cell::Num(eff[n]),
            ]
        })
        .collect();
    csv(&header, &rows)
}

/// `method.json`: the method with defaults filled, input hashes and program version.
pub fn method_json(p: &Prepared, program_version: &str, extra: serde_json::Value) -> String {
    let mut v = p.method.to_json();
    v["inputs"] = json!(p
        .input_sha
        .iter()
        .map(|(l, h)| json!({"file": l, "sha256": h}))
        .collect::<Vec<_>>());
    v["program"] = json!({"name": "innocity", "version": program_version, "engine": env!("CARGO_PKG_VERSION")});
    v["run"] = extra;
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

/// Every output file of a nominal run: (file name, content).
pub fn all_outputs(
    p: &Prepared,
    r: &RunResult,
    program_version: &str,
    extra: serde_json::Value,
) -> Vec<(String, String)> {
    use rayon::prelude::*;
    let render = |s: &Stage| (format!("stage_{}.csv", s.name), stage_csv(p, s));
    let cells: usize = r.stages.iter().map(|s| s.rows.len() * s.cols.len()).sum();
    // small outputs are rendered on this thread (no thread pool is started for them)
    let mut out: Vec<(String, String)> = if cells > 200_000 {
        r.stages.par_iter().map(render).collect()
    } else {
        r.stages.iter().map(render).collect()
    };
    out.push(("results_scores_ranks.csv".into(), results_csv(p, r)));
    if p.method.steps.iter().any(|s| matches!(s, Step::Treat(_))) {
        out.push(("treat_log_indicators.csv".into(), treat_log_csv(p, r)));
        out.push(("treat_log_points.csv".into(), treat_points_csv(p, r)));
    }
    if p.method
        .steps
        .iter()
        .any(|s| matches!(s, Step::Impute { .. }))
    {
        out.push(("impute_log_cells.csv".into(), impute_log_csv(p, r)));
    }
    if p.method
        .steps
        .iter()
        .any(|s| matches!(s, Step::Screen { .. }))
    {
        out.push(("screen_summary.csv".into(), screen_csv(p, r)));
    }
    out.push(("weights_effective.csv".into(), weights_csv(p, r)));
    out.push(("method.json".into(), method_json(p, program_version, extra)));
    out
}
