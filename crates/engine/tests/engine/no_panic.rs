//! Property tests: arbitrary numeric columns never make the engine panic, and invariants hold.

use innocity_engine::method::{Fallback, NormMethod, TreatSpec};
use innocity_engine::ops::{normalise, NormParams, NormSettings};
use innocity_engine::treat::treat_column;
use innocity_engine::{Evaluation, InputText};
use proptest::prelude::*;

fn cell() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![1 => Just(None), 6 => (-1e6f64..1e6).prop_map(Some), 1 => Just(Some(0.0))]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn minmax_in_range(xs in proptest::collection::vec(cell(), 2..40)) {
        let x: Vec<f64> = xs.iter().map(|v| v.unwrap_or(f64::NAN)).collect();
        let s = NormSettings { method: NormMethod::MinMax, lower: 0.0, upper: 100.0, mean: 0.0, sd: 1.0, scale: 1.0, clamp: true, cap: false, cap_ratio: 1.0 };
        let y = normalise(&x, -1.0, &s, &NormParams::default()).unwrap();
        for v in y.iter().filter(|v| !v.is_nan()) {
            prop_assert!((-1e-9..=100.0 + 1e-9).contains(v));
        }
    }

    #[test]
    fn treatment_keeps_length_and_missing(xs in proptest::collection::vec(cell(), 0..60), winmax in 0usize..8) {
        let x: Vec<f64> = xs.iter().map(|v| v.unwrap_or(f64::NAN)).collect();
        let spec = TreatSpec { winmax, skew: 2.0, kurtosis: 3.5, fallback: Fallback::LogCt, combine: false, skip: vec![], force_win: false, lambda: 0.5 };
        let (y, log, _) = treat_column(&x, &spec, winmax, true);
        prop_assert_eq!(y.len(), x.len());
        for (a, b) in x.iter().zip(&y) {
            prop_assert_eq!(a.is_nan(), b.is_nan());
        }
        if !log.winsorised { prop_assert!(!log.log_transformed); }
    }

    #[test]
    fn whole_pipeline_never_panics(rows in proptest::collection::vec(proptest::collection::vec(cell(), 3), 1..12), method in 0usize..4) {
        let meta = "Level,iCode,Direction,Weight,Parent,Type\n1,A,1,1,P,Indicator\n1,B,-1,2,P,Indicator\n1,C,1,1,Q,Indicator\n2,P,1,1,T,Aggregate\n2,Q,1,1,T,Aggregate\n3,T,1,1,,Aggregate\n";
        let mut data = String::from("uCode,A,B,C\n");
        for (i, r) in rows.iter().enumerate() {
            let cells: Vec<String> = r.iter().map(|v| v.map(|x| x.to_string()).unwrap_or_default()).collect();
            data.push_str(&format!("U{i},{}\n", cells.join(",")));
        }
        let norm = ["minmax", "zscore", "prank", "dist2max"][method];
        let m = format!("[[step]]\nkind = \"impute\"\nmethod = \"median\"\n[[step]]\nkind = \"treat\"\n[[step]]\nkind = \"normalise\"\nmethod = \"{norm}\"\n[[step]]\nkind = \"aggregate\"\nmethod = \"arithmetic\"\n[uncertainty]\naggregate = [\"arithmetic\", \"geometric\"]\nremove_one = true\n");
        if let Ok(ev) = Evaluation::prepare(InputText { label: "m", text: &m }, InputText { label: "meta", text: meta }, InputText { label: "data", text: &data }, None, None) {
            if let Ok(run) = ev.run() {
                let files = ev.outputs(&run, "t");
                prop_assert!(files.iter().any(|(n, _)| n == "results_scores_ranks.csv"));
                let mc = ev.uncertainty(&run, 20, 3, true, &|_, _| {}).unwrap();
                prop_assert!(mc.replications == 20);
            }
        }
    }
}
