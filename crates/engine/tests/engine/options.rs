//! Options beyond the ASEM standard build, checked against independent calculations.
#![allow(clippy::needless_range_loop)]

use crate::common;
use common::*;
use innocity_engine::uncertainty;

fn col(csv_text: &str, name: &str) -> Vec<f64> {
    let (h, r) = parse_csv(csv_text);
    let i = h
        .iter()
        .position(|x| x == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    r.iter()
        .map(|x| x[i].parse::<f64>().unwrap_or(f64::NAN))
        .collect()
}

/// COINr's purse example: screening the artificial panel per year at 0.9 leaves 46 units in
/// each year (shared/reference/coinr-asem/README.md).
#[test]
fn panel_screen_per_year_keeps_46() {
    let m = "[[step]]\nkind = \"screen\"\nby = \"na\"\nthreshold = 0.9\n";
    let out = asem_outputs(m, "input_iData_panel.csv");
    let (h, rows) = parse_csv(&out["stage_Screened.csv"]);
    assert_eq!(h[0], "Time");
    assert_eq!(h[1], "uCode");
    for y in 2018..=2022 {
        assert_eq!(
            rows.iter().filter(|r| r[0] == y.to_string()).count(),
            46,
            "year {y}"
        );
    }
}

/// Global normalisation pools min and max over all periods; per-period does not.
#[test]
fn panel_global_minmax() {
    let data = "uCode,Time,A,B\nX,2020,1,5\nY,2020,3,6\nX,2021,5,2\nY,2021,7,9\n";
    let meta = "Level,iCode,Direction,Weight,Parent,Type\n1,A,1,1,T,Indicator\n1,B,1,1,T,Indicator\n2,T,1,1,,Aggregate\n";
    let g = "[[step]]\nkind = \"normalise\"\nmethod = \"minmax\"\nglobal = true\n[[step]]\nkind = \"aggregate\"\n";
    let out = evaluate_outputs(g, meta, data);
    // rows: 2020 X, 2020 Y, 2021 X, 2021 Y; A pooled min 1, max 7
    let a = col(&out["stage_Normalised.csv"], "A");
    for (x, y) in a.iter().zip([0.0, 100.0 / 3.0, 200.0 / 3.0, 100.0]) {
        assert!(close(*x, y), "{a:?}");
    }
    let l = g.replace("global = true", "global = false");
    let out = evaluate_outputs(&l, meta, data);
    assert_eq!(
        col(&out["stage_Normalised.csv"], "A"),
        vec![0.0, 100.0, 0.0, 100.0]
    );
    // ranks within each period
    let r = col(&out["results_scores_ranks.csv"], "T_rank");
    assert_eq!(r.iter().filter(|&&x| x == 1.0).count(), 2);
}

#[test]
fn panel_imputation_latest_and_linear() {
    let data =
        "uCode,Time,A,B\nX,2019,1,1\nX,2020,,2\nX,2021,3,\nY,2019,4,4\nY,2020,5,5\nY,2021,6,6\n";
    let meta = "Level,iCode,Direction,Weight,Parent,Type\n1,A,1,1,T,Indicator\n1,B,1,1,T,Indicator\n2,T,1,1,,Aggregate\n";
    let out = evaluate_outputs(
        "[[step]]\nkind = \"impute\"\nmethod = \"panel_latest\"\n",
        meta,
        data,
    );
    // rows: 2019 X, 2019 Y, 2020 X, 2020 Y, 2021 X, 2021 Y
    assert_eq!(col(&out["stage_Imputed.csv"], "A")[2], 1.0);
    assert_eq!(col(&out["stage_Imputed.csv"], "B")[4], 2.0);
    let out = evaluate_outputs(
        "[[step]]\nkind = \"impute\"\nmethod = \"panel_linear\"\n",
        meta,
        data,
    );
    assert_eq!(col(&out["stage_Imputed.csv"], "A")[2], 2.0);
    assert_eq!(col(&out["stage_Imputed.csv"], "B")[4], 2.0);
    // --time with panel imputation keeps the history but outputs one period
    let (ev, run) = prepare_run(
        "[[step]]\nkind = \"impute\"\nmethod = \"panel_latest\"\n",
        meta,
        data,
        Some(2020),
    );
    let out = outputs(&ev, &run);
    assert_eq!(col(&out["stage_Imputed.csv"], "A"), vec![1.0, 5.0]);
}

/// Geometric, harmonic and generalised means recomputed by hand from COINr's normalised stage
/// (shifted by +1 so that every value is positive).
#[test]
fn other_means_by_hand() {
    let meta = read_ref("input_iMeta.csv");
    let base = read_ref("stage_Normalised.csv");
    let (h, rows) = parse_csv(&base);
    let mut shifted = h.join(",") + "\n";
    for r in &rows {
        let mut c = vec![r[0].clone()];
        c.extend(
            r[1..]
                .iter()
                .map(|v| (v.parse::<f64>().unwrap() + 1.0).to_string()),
        );
        shifted += &(c.join(",") + "\n");
    }
    let ci = |name: &str| h.iter().position(|x| x == name).unwrap();
    let physical = [
        "LPI", "Flights", "Ship", "Bord", "Elec", "Gas", "ConSpeed", "Cov4G",
    ];
    for (method, extra) in [
        ("geometric", ""),
        ("harmonic", ""),
        ("generalised", "p = 2.0\n"),
    ] {
        let m = format!("[[step]]\nkind = \"aggregate\"\nmethod = \"{method}\"\n{extra}");
        let out = evaluate_outputs(&m, &meta, &shifted);
        let got = col(&out["stage_Aggregated.csv"], "Physical");
        for (k, r) in rows.iter().enumerate() {
            let xs: Vec<f64> = physical
                .iter()
                .map(|c| r[ci(c)].parse::<f64>().unwrap() + 1.0)
                .collect();
            let n = xs.len() as f64;
            let want = match method {
                "geometric" => (xs.iter().map(|x| x.ln()).sum::<f64>() / n).exp(),
                "harmonic" => n / xs.iter().map(|x| 1.0 / x).sum::<f64>(),
                _ => (xs.iter().map(|x| x * x).sum::<f64>() / n).sqrt(),
            };
            assert!(
                close(got[k], want),
                "{method} row {k}: {} vs {want}",
                got[k]
            );
        }
    }
}

/// Copeland at level 2 only (`by_level`), checked with an independent pairwise count.
#[test]
fn copeland_by_level() {
    let meta = read_ref("input_iMeta.csv");
    let m = "[[step]]\nkind = \"aggregate\"\nmethod = \"arithmetic\"\nby_level = { 2 = \"copeland\" }\n";
    let out = evaluate_outputs(m, &meta, &read_ref("stage_Normalised.csv"));
    let got = col(&out["stage_Aggregated.csv"], "Political");
    let (h, rows) = parse_csv(&read_ref("stage_Normalised.csv"));
    let kids: Vec<usize> = ["Embs", "IGOs", "UNVote"]
        .iter()
        .map(|c| h.iter().position(|x| x == c).unwrap())
        .collect();
    let v = |r: usize, k: usize| rows[r][k].parse::<f64>().unwrap();
    // COINr 1.1.14 a_copeland (rdocumentation.org, COINr 1.1.14, a_copeland): +1 for each unit
    // beaten on a weighted majority of the children, −1 for each it loses to, 0 for a tie.
    // With three equally weighted children a share is a multiple of 1/6, counted exactly here.
    for i in 0..rows.len() {
        let mut s = 0.0;
        for j in 0..rows.len() {
            if i == j {
                continue;
            }
            let mut sixths = 0;
            for &k in &kids {
                if v(i, k) > v(j, k) {
                    sixths += 2;
                } else if v(i, k) == v(j, k) {
                    sixths += 1;
                }
            }
            s += match sixths.cmp(&3) {
                std::cmp::Ordering::Greater => 1.0,
                std::cmp::Ordering::Less => -1.0,
                std::cmp::Ordering::Equal => 0.0,
            };
        }
        assert!((got[i] - s).abs() < 1e-9, "row {i}: {} vs {s}", got[i]);
    }
    // level 3 still arithmetic over the copeland pillars
    let conn = col(&out["stage_Aggregated.csv"], "Conn");
    let pil: Vec<Vec<f64>> = ["Physical", "ConEcFin", "Political", "Instit", "P2P"]
        .iter()
        .map(|p| col(&out["stage_Aggregated.csv"], p))
        .collect();
    assert!(close(conn[0], pil.iter().map(|c| c[0]).sum::<f64>() / 5.0));
}

#[test]
fn availability_threshold() {
    let meta = "Level,iCode,Direction,Weight,Parent,Type\n1,A,1,1,T,Indicator\n1,B,1,3,T,Indicator\n2,T,1,1,,Aggregate\n";
    let data = "uCode,A,B\nX,10,\nY,20,40\n";
    let (ev, run) = evaluate("[[step]]\nkind = \"aggregate\"\n", meta, data);
    assert_eq!(
        col(&outputs(&ev, &run)["stage_Aggregated.csv"], "T"),
        vec![10.0, 35.0]
    );
    let (ev, run) = evaluate(
        "[[step]]\nkind = \"aggregate\"\navailability = { 2 = 0.8 }\n",
        meta,
        data,
    );
    let t = col(&outputs(&ev, &run)["stage_Aggregated.csv"], "T");
    assert!(t[0].is_nan() && t[1] == 35.0);
}

#[test]
fn rank_type_normalisations() {
    let meta =
        "Level,iCode,Direction,Weight,Parent,Type\n1,A,-1,1,T,Indicator\n2,T,1,1,,Aggregate\n";
    let data = "uCode,A\nW,4\nX,1\nY,4\nZ,9\n";
    let get = |m: &str| {
        let (ev, run) = evaluate(
            &format!("[[step]]\nkind = \"normalise\"\nmethod = \"{m}\"\n"),
            meta,
            data,
        );
        col(&outputs(&ev, &run)["stage_Normalised.csv"], "A")
    };
    // direction -1: values -4, -1, -4, -9
    assert_eq!(get("rank"), vec![2.0, 4.0, 2.0, 1.0]);
    assert_eq!(get("borda"), vec![1.0, 3.0, 1.0, 0.0]);
    assert_eq!(get("prank"), vec![1.0 / 3.0, 1.0, 1.0 / 3.0, 0.0]);
    assert_eq!(get("fracmax"), vec![4.0, 1.0, 4.0, 9.0]);
    assert_eq!(get("dist2max"), vec![0.625, 1.0, 0.625, 0.0]);
}

#[test]
fn attainment_points_and_grades() {
    let meta = "Level,iCode,Direction,Weight,Target,Parent,Type\n1,A,1,60,100,T,Indicator\n1,B,-1,40,5,T,Indicator\n2,T,1,1,,,Aggregate\n";
    let data = "uCode,A,B\nX,120,10\nY,50,4\nZ,100,5\n";
    let m = "[[step]]\nkind = \"normalise\"\nmethod = \"attainment\"\nscale = 1.0\n[[step]]\nkind = \"aggregate\"\nmethod = \"sum\"\n[[step]]\nkind = \"grade\"\n";
    let out = evaluate_outputs(m, meta, data);
    // X: min(1.2,1)*60 + 5/10*40 = 80; Y: 0.5*60 + 1*40 = 70; Z: 100
    assert_eq!(
        col(&out["stage_Aggregated.csv"], "T"),
        vec![80.0, 70.0, 100.0]
    );
    let (h, rows) = parse_csv(&out["results_scores_ranks.csv"]);
    let g = h.iter().position(|x| x == "T_grade").unwrap();
    let grades: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[g].as_str()))
        .collect();
    assert_eq!(grades, vec![("Z", "优秀"), ("X", "良好"), ("Y", "良好")]);
    // bonus cap 1.2 lets X score 1.2 on A
    let m2 = m.replace("scale = 1.0", "scale = 1.0\ncap_ratio = 1.2");
    let (ev, run) = evaluate(&m2, meta, data);
    assert!(close(
        col(&outputs(&ev, &run)["stage_Aggregated.csv"], "T")[0],
        92.0
    ));
}

#[test]
fn ahp_weights_step_in_pipeline() {
    let meta = "Level,iCode,Direction,Weight,Parent,Type\n1,A,1,1,T,Indicator\n1,B,1,1,T,Indicator\n1,C,1,1,T,Indicator\n2,T,1,1,,Aggregate\n";
    let data = "uCode,A,B,C\nX,10,0,0\nY,0,10,0\n";
    let m = "[[step]]\nkind = \"weights\"\nmethod = \"ahp\"\n[step.matrices]\nT = [[1, 3, 5], [0.3333333333333333, 1, 3], [0.2, 0.3333333333333333, 1]]\n[[step]]\nkind = \"aggregate\"\n";
    let out = evaluate_outputs(m, meta, data);
    let t = col(&out["stage_Aggregated.csv"], "T");
    assert!((t[0] - 6.369855717447572).abs() < 1e-6, "{t:?}");
    let w = col(&out["weights_effective.csv"], "EffWeight");
    assert!((w[0] - 0.6369855717447572).abs() < 1e-6);
}

#[test]
fn uncertainty_is_thread_independent() {
    let (ev, run) = prepare_run(
        &fixture("asem_standard.toml"),
        &read_ref("input_iMeta.csv"),
        &read_ref("input_iData.csv"),
        None,
    );
    let one = uncertainty::with_threads(Some(1), || {
        ev.uncertainty(&run, 200, 42, true, &|_, _| {}).unwrap()
    });
    let two = uncertainty::with_threads(Some(2), || {
        ev.uncertainty(&run, 200, 42, true, &|_, _| {}).unwrap()
    });
    assert_eq!(ev.uncertainty_csv(&one), ev.uncertainty_csv(&two));
    let other = uncertainty::with_threads(Some(2), || {
        ev.uncertainty(&run, 200, 43, false, &|_, _| {}).unwrap()
    });
    assert_ne!(ev.uncertainty_csv(&one), ev.uncertainty_csv(&other));
    // nominal ranks agree with the results file; intervals bracket the median
    for s in &one.summaries {
        assert!(s.p05 <= s.median && s.median <= s.p95, "{s:?}");
        assert!(s.nominal >= 1);
    }
    let che = one
        .summaries
        .iter()
        .find(|s| {
            ev.prepared.data.ucode[s.row] == "CHE" && s.aggregate == ev.prepared.st.top().unwrap()
        })
        .unwrap();
    assert_eq!(che.nominal, 1);
    let sens = ev.sensitivity(&run, 64, 7).unwrap();
    assert_eq!(sens.len(), 5);
    assert!(sens.iter().all(|s| s.sti.is_finite()));
    // With progress: same indices at any thread count; progress ends at N(d + 2).
    let factors = ev.sensitivity_factors();
    assert_eq!(
        factors,
        sens.iter().map(|s| s.factor.as_str()).collect::<Vec<_>>()
    );
    let seen = std::sync::Mutex::new(Vec::new());
    let with = uncertainty::with_threads(Some(2), || {
        ev.sensitivity_with_progress(&run, 64, 7, &|d, t| seen.lock().unwrap().push((d, t)))
            .unwrap()
    });
    assert_eq!(with, sens);
    let seen = seen.into_inner().unwrap();
    let total = 64 * (factors.len() + 2);
    assert!(seen.iter().all(|&(_, t)| t == total), "{seen:?}");
    assert_eq!(seen.iter().map(|s| s.0).max(), Some(total));
}

/// The histogram-based summaries equal a direct computation from every replication's ranks.
#[test]
fn uncertainty_summaries_match_direct_computation() {
    let (ev, run) = prepare_run(
        &fixture("asem_standard.toml"),
        &read_ref("input_iMeta.csv"),
        &read_ref("input_iData.csv"),
        None,
    );
    let n = 101;
    let mc = ev.uncertainty(&run, n, 11, false, &|_, _| {}).unwrap();
    let p = &ev.prepared;
    let u = p.method.uncertainty.clone().unwrap();
    let b = uncertainty::base(p, &run, &u, false).unwrap();
    let draws: Vec<Vec<u32>> = (0..n as u64)
        .map(|d| {
            uncertainty::replicate(p, &b, &uncertainty::draw(p, &u, 11, d)).unwrap()[0].clone()
        })
        .collect();
    for (k, s) in mc.summaries.iter().enumerate() {
        let mut v: Vec<f64> = draws.iter().map(|r| r[k] as f64).collect();
        v.sort_by(|a, b| a.total_cmp(b));
        let q = |pp: f64| innocity_engine::stats::quantile_sorted(&v, pp);
        assert_eq!(s.median, q(0.5));
        assert_eq!(s.p05, q(0.05));
        assert_eq!(s.p95, q(0.95));
        let mas = v.iter().map(|x| (x - s.nominal as f64).abs()).sum::<f64>() / n as f64;
        assert!((s.mean_abs_shift - mas).abs() < 1e-12);
    }
}

/// COINr `impute_panel(max_time = 1)`: look back one period only.
#[test]
fn panel_latest_max_time() {
    let meta = "Level,iCode,Direction,Weight,Parent,Type\n1,A,1,1,T,Indicator\n1,B,1,1,T,Indicator\n2,T,1,1,,Aggregate\n";
    let data = "uCode,Time,A,B\nX,2019,1,1\nX,2020,,2\nX,2021,,3\n";
    let m = "[[step]]\nkind = \"impute\"\nmethod = \"panel_latest\"\nmax_time = 1\n";
    let (ev, run) = evaluate(m, meta, data);
    let a = col(&outputs(&ev, &run)["stage_Imputed.csv"], "A");
    assert_eq!(a[1], 1.0);
    assert!(a[2].is_nan());
    let (ev, run) = evaluate(&m.replace("max_time = 1\n", ""), meta, data);
    assert_eq!(
        col(&outputs(&ev, &run)["stage_Imputed.csv"], "A"),
        vec![1.0, 1.0, 1.0]
    );
}

/// `skip` leaves an indicator untreated; every other column still matches COINr's Treated set.
#[test]
fn treat_skip_list() {
    let m = "[[step]]\nkind = \"treat\"\nwinmax = 5\nskip = [\"Bord\", \"Gas\"]\n";
    let out = asem_outputs(m, "stage_Screened.csv");
    let got = &out["stage_Treated.csv"];
    assert_eq!(
        col(got, "Bord"),
        col(&read_ref("stage_Screened.csv"), "Bord")
    );
    assert_eq!(col(got, "Gas"), col(&read_ref("stage_Screened.csv"), "Gas"));
    for c in ["Flights", "Services", "FemLab", "LPI"] {
        let (a, e) = (col(got, c), col(&read_ref("stage_Treated.csv"), c));
        assert!(a.iter().zip(&e).all(|(x, y)| close(*x, *y)), "{c}");
    }
    assert!(
        out["treat_log_indicators.csv"].contains("\"Bord\"")
            && out["treat_log_indicators.csv"].contains("\"skipped\"")
    );
}

/// `--weights` replaces iMeta weights for the codes it lists (here Conn counts double).
#[test]
fn weights_csv_overrides_imeta() {
    let ev = prepare(
        "[[step]]\nkind = \"aggregate\"\n",
        &read_ref("input_iMeta.csv"),
        &read_ref("stage_Normalised.csv"),
        Some("iCode,Weight\nConn,2\n"),
        None,
    )
    .unwrap();
    let run = ev.run().unwrap();
    let out = outputs(&ev, &run);
    let agg = read_ref("stage_Aggregated.csv");
    let (conn, sust) = (col(&agg, "Conn"), col(&agg, "Sust"));
    let idx = col(&out["stage_Aggregated.csv"], "Index");
    for k in 0..idx.len() {
        assert!(close(idx[k], (2.0 * conn[k] + sust[k]) / 3.0));
    }
    let bad = prepare(
        "[[step]]\nkind = \"aggregate\"\n",
        &read_ref("input_iMeta.csv"),
        &read_ref("stage_Normalised.csv"),
        Some("iCode,Weight\nNope,2\nConn,x\n"),
        None,
    );
    match bad {
        Err(innocity_engine::EngineError::Invalid(ps)) => {
            assert_eq!(ps.len(), 2);
            assert!(ps[0].to_string().starts_with("w.csv, row 2, column iCode"));
        }
        _ => panic!("expected invalid weights"),
    }
}

/// `--time` with a global normalisation gives the full-panel numbers for that period.
#[test]
fn time_filter_with_global_normalisation() {
    let data = "uCode,Time,A,B\nX,2020,1,5\nY,2020,3,6\nX,2021,5,2\nY,2021,7,9\n";
    let meta = "Level,iCode,Direction,Weight,Parent,Type\n1,A,1,1,T,Indicator\n1,B,1,1,T,Indicator\n2,T,1,1,,Aggregate\n";
    let m = "[[step]]\nkind = \"normalise\"\nmethod = \"minmax\"\nglobal = true\n[[step]]\nkind = \"aggregate\"\n";
    let (ev, run) = prepare_run(m, meta, data, Some(2021));
    let out = outputs(&ev, &run);
    let a = col(&out["stage_Normalised.csv"], "A");
    assert_eq!(a.len(), 2);
    assert!(close(a[0], 200.0 / 3.0) && close(a[1], 100.0), "{a:?}");
}
