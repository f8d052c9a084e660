//! `innocity targets` and `innocity data import/export` against a demo SQLite database.

use std::process::Command;

fn innocity(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_innocity"))
        .args(args)
        .arg("--db")
        .arg(dir.join("t.db"))
        .current_dir(dir)
        .env("INNOCITY_DEMO_PASSWORD", "Demo-pass-2026")
        .output()
        .expect("run innocity")
}

#[test]
fn targets_and_data_import_export() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(innocity(d, &["demo", "load"]).status.success());

    let out = innocity(
        d,
        &["targets", "--participant", "371400", "--format", "json"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let t = v["targets"].as_array().unwrap();
    assert_eq!(t.len(), 7);
    let rd = t.iter().find(|x| x["indicator"] == "rd_intensity").unwrap();
    for f in [
        "comparator",
        "target_value",
        "unit",
        "target_year",
        "baseline",
        "latest_value",
        "latest_year",
        "progress",
        "forecast",
        "status",
    ] {
        assert!(!rd[f].is_null(), "{f} missing: {rd}");
    }
    assert_eq!(rd["status_label"], "正常");
    let text = innocity(d, &["targets", "--participant", "371400"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("[严重滞后]"));

    // A bad row: exit 1, the report names file, row and column, nothing is written.
    std::fs::write(
        d.join("a.csv"),
        "region_code,item_code,year,value\n371400,gdp,2017,2800\n371400,bogus,2017,1\n",
    )
    .unwrap();
    let out = innocity(d, &["data", "import", "a.csv"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("a.csv: 第 3 行 item_code"), "{err}");
    let export = |d| {
        let o = innocity(
            d,
            &[
                "data", "export", "--region", "371400", "--year", "2017", "--format", "json",
            ],
        );
        assert!(o.status.success());
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["rows"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(export(d), 0);
    // Dry run writes nothing; the real import does.
    std::fs::write(
        d.join("b.csv"),
        "region_code,item_code,year,value\n371400,gdp,2017,2800\n",
    )
    .unwrap();
    assert!(innocity(d, &["data", "import", "b.csv", "--dry-run"])
        .status
        .success());
    assert_eq!(export(d), 0);
    assert!(innocity(d, &["data", "import", "b.csv"]).status.success());
    assert_eq!(export(d), 1);
    let o = innocity(
        d,
        &[
            "data", "export", "--region", "371400", "--year", "2017", "--format", "xlsx", "--out",
            "x.xlsx",
        ],
    );
    assert!(o.status.success());
    assert!(std::fs::read(d.join("x.xlsx")).unwrap().starts_with(b"PK"));
}
