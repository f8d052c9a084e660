//! Evaluation (综合评价): method versions, presets, runs over demo participants from approved
//! data (checked against an independent computation), stored results with the input hash,
//! scoping, bad method files naming where, uncertainty progress, Excel export (with every
//! stage), the city and county presets on the demo values, sensitivity analysis in background
//! runs, and runs interrupted by a restart (marked, audited, re-run).

use crate::common;
use common::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const METHOD: &str = r#"name = "研发投入与规模"

[[step]]
kind = "normalise"
method = "minmax"
lower = 0.0
upper = 100.0

[[step]]
kind = "aggregate"
method = "arithmetic"

[uncertainty]
normalise = ["minmax", "prank"]
weight_noise = 0.25
"#;

const STRUCTURE: &str = "Level,iCode,iName,Direction,Weight,Parent,Type
1,rd_intensity,研发经费投入强度,1,1,input,Indicator
1,rd_expenditure,研发经费支出,1,1,input,Indicator
1,gdp,地区生产总值,1,1,scale,Indicator
2,input,创新投入,1,2,index,Aggregate
2,scale,经济规模,1,1,index,Aggregate
3,index,指数,1,1,,Aggregate
";

/// (region, gdp, R&D expenditure) loaded as approved historical values for 2018.
const VALUES: &[(&str, f64, f64)] = &[
    ("371400", 2900.0, 55.0),
    ("370100", 7800.0, 190.0),
    ("130200", 6900.0, 120.0),
];

/// Loads the 2018 values (an admin's historical import is stored as approved), creates the
/// test method and answers (admin client, method id, participant ids).
async fn setup(app: &TestApp) -> (Client, i64, Vec<i64>) {
    let admin = app.login("admin").await;
    let mut csv = String::from("region_code,item_code,year,value\n");
    for (r, gdp, rd) in VALUES {
        csv.push_str(&format!(
            "{r},gdp,2018,{gdp}\n{r},rd_expenditure,2018,{rd}\n"
        ));
    }
    let r = admin
        .post_expect(
            "/api/v1/monitoring/import",
            json!({"file_name": "y.csv", "content_base64": b64(csv.as_bytes()), "dry_run": false}),
            200,
        )
        .await;
    assert_eq!(r["committed"], true, "{r}");
    let m = admin.post_expect("/api/v1/evaluations/methods",
            json!({"key": "rd_scale", "name": "研发投入与规模", "method_toml": METHOD, "structure_csv": STRUCTURE}), 201).await;
    assert_eq!(m["method"]["version"], 1);
    let mut pids = Vec::new();
    for (r, _, _) in VALUES {
        pids.push(participant_id(&admin, r).await);
    }
    (admin, m["method"]["id"].as_i64().unwrap(), pids)
}

fn minmax(v: &[f64]) -> Vec<f64> {
    let (lo, hi) = v
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    v.iter().map(|x| (x - lo) / (hi - lo) * 100.0).collect()
}

both!(
    methods_are_versioned_and_presets_loaded,
    |app: TestApp| async move {
        let coord = app.login("coordinator").await;
        let list = coord.get_ok("/api/v1/evaluations/methods").await;
        let items = list["items"].as_array().unwrap();
        for key in ["coinr_asem", "innovative_city_5d", "innovative_county_15"] {
            assert!(
                items.iter().any(|m| m["key"] == key && m["preset"] == true),
                "{key}: {list}"
            );
        }
        let city = items
            .iter()
            .find(|m| m["key"] == "innovative_city_5d")
            .unwrap();
        let d = coord
            .get_ok(&format!("/api/v1/evaluations/methods/{}", city["id"]))
            .await;
        let nodes = d["nodes"].as_array().unwrap();
        let dims: Vec<&str> = nodes
            .iter()
            .filter(|n| n["level"] == 2)
            .map(|n| n["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            dims,
            [
                "创新治理力",
                "原始创新力",
                "技术创新力",
                "成果转化力",
                "创新驱动力"
            ]
        );
        let unverified =
            |code: &str| nodes.iter().find(|n| n["code"] == code).unwrap()["unverified"].clone();
        assert_eq!(
            unverified("major_st_projects"),
            true,
            "unverified in the library"
        );
        assert_eq!(unverified("rd_intensity"), false);
        let (_, county) = coord
            .get(&format!(
                "/api/v1/evaluations/methods/{}",
                items
                    .iter()
                    .find(|m| m["key"] == "innovative_county_15")
                    .unwrap()["id"]
            ))
            .await;
        assert_eq!(county["method"]["indicators"], 15);
        let (_, asem) = coord
            .get(&format!(
                "/api/v1/evaluations/methods/{}",
                items.iter().find(|m| m["key"] == "coinr_asem").unwrap()["id"]
            ))
            .await;
        assert_eq!(asem["method"]["indicators"], 49);
        assert!(asem["method_toml"].as_str().unwrap().contains("group_mean"));

        // A new version keeps the key; the list shows the newest; the old one stays readable.
        let audit_before = audit_count(&app).await;
        let edited = d["method_toml"]
            .as_str()
            .unwrap()
            .replace("\"minmax\"\nlower", "\"zscore\"\nlower");
        let v2 = coord
            .post_expect(
                &format!("/api/v1/evaluations/methods/{}/versions", city["id"]),
                json!({"method_toml": edited, "structure_csv": d["structure_csv"]}),
                201,
            )
            .await;
        assert_eq!(v2["method"]["key"], "innovative_city_5d");
        assert_eq!(v2["method"]["version"], 2);
        assert_eq!(v2["method"]["name"], city["name"], "name carried over");
        assert_ne!(v2["method"]["id"], city["id"]);
        assert_eq!(v2["history"].as_array().unwrap().len(), 2);
        assert_eq!(audit_count(&app).await, audit_before + 1, "one audit event");
        let (_, list) = coord.get("/api/v1/evaluations/methods").await;
        let now: Vec<&Value> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["key"] == "innovative_city_5d")
            .collect();
        assert_eq!(now.len(), 1);
        assert_eq!(now[0]["version"], 2);
        let (_, old) = coord
            .get(&format!("/api/v1/evaluations/methods/{}", city["id"]))
            .await;
        assert_eq!(old["method"]["latest"], false);
        assert!(old["method_toml"].as_str().unwrap().contains("\"minmax\""));

        // Readers may read methods but not write them.
        let viewer = app.login("viewer").await;
        viewer.get_ok("/api/v1/evaluations/methods").await;
        post_method(
            &viewer,
            json!({"name": "x", "method_toml": METHOD, "structure_csv": STRUCTURE}),
            403,
        )
        .await;
        // The same key twice is a conflict: edits are versions.
        coord.post_expect("/api/v1/evaluations/methods",
            json!({"key": "innovative_city_5d", "name": "x", "method_toml": METHOD, "structure_csv": STRUCTURE}), 409).await;
    }
);

both!(bad_method_files_name_where, |app: TestApp| async move {
    let coord = app.login("coordinator").await;
    let before = audit_count(&app).await;
    let bad_step = METHOD.replace("kind = \"aggregate\"", "kind = \"aggregat\"");
    let bad_parent = STRUCTURE.replace(
        "1,gdp,地区生产总值,1,1,scale",
        "1,gdp,地区生产总值,1,1,sclae",
    );
    let r = post_method(
        &coord,
        json!({"name": "坏方法", "method_toml": bad_step, "structure_csv": bad_parent}),
        422,
    )
    .await;
    let fields = r["fields"].as_object().unwrap();
    assert!(
        fields
            .iter()
            .any(|(k, v)| k.starts_with("method.toml") && v.as_str().unwrap().contains("aggregat")),
        "names the unknown step: {r}"
    );
    assert!(
        fields
            .iter()
            .any(|(k, v)| k == "iMeta.csv, row 4, column Parent"
                && v.as_str().unwrap().contains("sclae")),
        "names file, row and column of the bad parent: {r}"
    );
    // A cycle in the hierarchy.
    let cycle = STRUCTURE.replace(
        "3,index,指数,1,1,,Aggregate",
        "3,index,指数,1,1,input,Aggregate",
    );
    let r = post_method(
        &coord,
        json!({"name": "环", "method_toml": METHOD, "structure_csv": cycle}),
        422,
    )
    .await;
    assert!(r["fields"].to_string().contains("iMeta.csv"), "{r}");
    assert_eq!(audit_count(&app).await, before, "nothing written");

    // Data problems at run time name the indicator too: the county preset over demo
    // participants whose 2018 values lack most of its indicators.
    let (admin, _, pids) = setup(&app).await;
    let (_, list) = admin.get("/api/v1/evaluations/methods").await;
    let county = item(&list, "items", "key", "innovative_county_15")["id"].clone();
    let r = post_run(
        &admin,
        json!({"method_id": county, "participant_ids": pids, "year": 2018}),
        422,
    )
    .await;
    let err = r["error"].as_str().unwrap();
    assert!(
        [
            "fiscal_st_share",
            "enterprise_rd_intensity",
            "rd_personnel_per_10k_employed",
            "high_tech_enterprises"
        ]
        .iter()
        .any(|c| err.contains(c)),
        "names an indicator without data: {r}"
    );
});

both!(
    run_over_participants_from_approved_data,
    |app: TestApp| async move {
        let (admin, method_id, pids) = setup(&app).await;
        let before = audit_count(&app).await;
        let r = post_run(
            &admin,
            json!({"method_id": method_id, "participant_ids": pids, "year": 2018}),
            201,
        )
        .await;
        assert_eq!(audit_count(&app).await, before + 1);
        assert_eq!(r["run"]["status"], "done");
        assert_eq!(r["run"]["method_version"], 1);
        let aggs = strs(&r["aggregates"], "code");
        assert_eq!(aggs[0], "index");
        assert_eq!(aggs.len(), 3);

        // Independent computation: rd_intensity is derived (rd / gdp × 100); min-max per
        // indicator; input = mean of its two; index = (2·input + 1·scale) / 3.
        let gdp: Vec<f64> = VALUES.iter().map(|v| v.1).collect();
        let rd: Vec<f64> = VALUES.iter().map(|v| v.2).collect();
        let inten: Vec<f64> = VALUES.iter().map(|v| v.2 / v.1 * 100.0).collect();
        let (ng, nr, ni) = (minmax(&gdp), minmax(&rd), minmax(&inten));
        let results = r["results"].as_array().unwrap();
        assert_eq!(results.len(), 3);
        for (k, (region, _, _)) in VALUES.iter().enumerate() {
            let row = results
                .iter()
                .find(|x| x["region_code"] == *region)
                .unwrap();
            let input = (nr[k] + ni[k]) / 2.0;
            let want = (2.0 * input + ng[k]) / 3.0;
            let got = row["score"].as_f64().unwrap();
            assert!((got - want).abs() < 1e-9, "{region}: {got} vs {want}");
            let pos = |code: &str| aggs.iter().position(|a| *a == code).unwrap();
            assert!((row["scores"][pos("input")].as_f64().unwrap() - input).abs() < 1e-9);
            assert!((row["scores"][pos("scale")].as_f64().unwrap() - ng[k]).abs() < 1e-9);
        }
        let ranks: Vec<i64> = results
            .iter()
            .map(|x| x["rank"].as_i64().unwrap())
            .collect();
        assert_eq!(ranks, [1, 2, 3], "sorted by rank");
        assert_eq!(results[0]["region_code"], "370100");

        // The stored input and its hash reproduce the run.
        let input = r["input_csv"].as_str().unwrap();
        assert!(
            input.starts_with("uCode,uName,rd_intensity,rd_expenditure,gdp\n"),
            "{input}"
        );
        assert!(
            input.contains("370100,济南市,") && input.contains(",190,7800"),
            "{input}"
        );
        let mut h = Sha256::new();
        for part in [METHOD, STRUCTURE, input] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        assert_eq!(r["run"]["input_sha256"], hex::encode(h.finalize()));
        let run_id = r["run"]["id"].as_i64().unwrap();

        // A new method version leaves the run pointing at version 1.
        let (s, _) = admin
        .post(
            &format!("/api/v1/evaluations/methods/{method_id}/versions"),
            json!({"method_toml": METHOD.replace("\"minmax\"\nlower", "\"zscore\"\nlower"), "structure_csv": STRUCTURE}),
        )
        .await;
        assert_eq!(s, 201);
        let (_, again) = admin
            .get(&format!("/api/v1/evaluations/runs/{run_id}"))
            .await;
        assert_eq!(again["run"]["method_id"], method_id);
        assert_eq!(again["run"]["method_version"], 1);
        assert_eq!(again["results"], r["results"]);

        // Scoping: 德州's coordinator sees only 德州's row and cannot run over 济南.
        let coord = app.login("coordinator").await;
        let mine = coord
            .get_ok(&format!("/api/v1/evaluations/runs/{run_id}"))
            .await;
        let rows = mine["results"].as_array().unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["region_code"], "371400");
        assert_eq!(rows[0]["rank"], 3, "rank among all participants");
        assert!(mine["input_csv"].is_null(), "others' data is not shown");
        let r = post_run(
            &coord,
            json!({"method_id": method_id, "participant_ids": pids, "year": 2018}),
            422,
        )
        .await;
        assert_field(&r, "participant_ids", "范围");
        // A county user sees no participant of the run: not found, and not listed.
        let county = app.login("county").await;
        county
            .get_expect(&format!("/api/v1/evaluations/runs/{run_id}"), 404)
            .await;
        let (_, l) = county.get("/api/v1/evaluations/runs").await;
        assert_eq!(l["total"], 0);
        // Readers cannot start runs.
        let viewer = app.login("viewer").await;
        post_run(
            &viewer,
            json!({"method_id": method_id, "participant_ids": pids, "year": 2018}),
            403,
        )
        .await;

        // Excel export.
        let resp = admin
            .download(&format!("/api/v1/evaluations/runs/{run_id}/export.xlsx"))
            .await;
        let bytes = resp.bytes().await.unwrap();
        assert_eq!(&bytes[..2], b"PK", "an xlsx (zip) file");
        assert!(bytes.len() > 1000);
    }
);

both!(
    uncertainty_run_reports_progress_until_done,
    |app: TestApp| async move {
        let (admin, method_id, pids) = setup(&app).await;
        let n = 4000;
        let r = admin.post_expect("/api/v1/evaluations/runs",
            json!({"method_id": method_id, "participant_ids": pids, "year": 2018, "uncertainty": n, "seed": 7}), 202).await;
        assert_eq!(r["run"]["status"], "running");
        assert_eq!(r["run"]["total"], n);
        assert!(
            r["results"][0]["score"].is_number(),
            "nominal results at once"
        );
        let id = r["run"]["id"].as_i64().unwrap();
        let mut seen = Vec::new();
        let done = loop {
            let (s, d) = admin.get(&format!("/api/v1/evaluations/runs/{id}")).await;
            assert_eq!(s, 200);
            seen.push(d["run"]["done"].as_i64().unwrap());
            if d["run"]["status"] != "running" {
                break d;
            }
            assert!(seen.len() < 600, "still running after 60 s: {d}");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        };
        assert_eq!(done["run"]["status"], "done", "{done}");
        assert_eq!(done["run"]["done"], n);
        assert!(
            seen.windows(2).all(|w| w[0] <= w[1]),
            "progress never goes back: {seen:?}"
        );
        for row in done["results"].as_array().unwrap() {
            let (p05, med, p95) = (
                row["p05_rank"].as_f64().unwrap(),
                row["median_rank"].as_f64().unwrap(),
                row["p95_rank"].as_f64().unwrap(),
            );
            assert!(
                (1.0..=3.0).contains(&p05) && p05 <= med && med <= p95 && p95 <= 3.0,
                "{row}"
            );
        }
        // Same seed, same intervals.
        let (_, r2) = admin
        .post(
            "/api/v1/evaluations/runs",
            json!({"method_id": method_id, "participant_ids": pids, "year": 2018, "uncertainty": n, "seed": 7}),
        )
        .await;
        let id2 = r2["run"]["id"].as_i64().unwrap();
        let again = loop {
            let (_, d) = admin.get(&format!("/api/v1/evaluations/runs/{id2}")).await;
            if d["run"]["status"] != "running" {
                break d;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        };
        assert_eq!(again["results"], done["results"]);
        // Out-of-range N is refused before anything runs.
        let r = admin.post_expect("/api/v1/evaluations/runs",
            json!({"method_id": method_id, "participant_ids": pids, "year": 2018, "uncertainty": 10_000_000}), 422).await;
        assert!(r["fields"]["uncertainty"].is_string());
    }
);

const DEMO_CITIES: [&str; 4] = ["370100", "130200", "371400", "630100"];
const DEMO_COUNTIES: [&str; 8] = [
    "130123", "350582", "330523", "360881", "220521", "990121", "990122", "990123",
];

/// Creates a method; the answer must have `status`.
async fn post_method(c: &Client, method: Value, status: u16) -> Value {
    c.post_expect("/api/v1/evaluations/methods", method, status)
        .await
}

/// Starts a run; the answer must have `status`.
async fn post_run(c: &Client, run: Value, status: u16) -> Value {
    c.post_expect("/api/v1/evaluations/runs", run, status).await
}

async fn preset_id(c: &Client, key: &str) -> i64 {
    let (_, list) = c.get("/api/v1/evaluations/methods").await;
    id_of(&list, "key", key)
}

/// Polls a run until it is no longer running (at most 120 s).
async fn wait_run(c: &Client, id: i64) -> Value {
    for _ in 0..1200 {
        let (s, d) = c.get(&format!("/api/v1/evaluations/runs/{id}")).await;
        assert_eq!(s, 200, "{d}");
        if d["run"]["status"] != "running" {
            return d;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("run {id} still running after 120 s");
}

both!(presets_run_on_the_demo_data, |app: TestApp| async move {
    let admin = app.login("admin").await;
    for (key, regions, dims) in [
        ("innovative_city_5d", &DEMO_CITIES[..], 5),
        ("innovative_county_15", &DEMO_COUNTIES[..], 4),
    ] {
        let method = preset_id(&admin, key).await;
        let mut pids = Vec::new();
        for r in regions {
            pids.push(participant_id(&admin, r).await);
        }
        let mut tops = Vec::new();
        for year in [2024, 2023, 2019] {
            let (s, r) = admin
                .post(
                    "/api/v1/evaluations/runs",
                    json!({"method_id": method, "participant_ids": pids, "year": year}),
                )
                .await;
            assert_eq!(s, 201, "{key} {year}: {r}");
            let results = r["results"].as_array().unwrap();
            assert_eq!(results.len(), regions.len(), "{key} {year}: {r}");
            let mut ranks: Vec<i64> = results
                .iter()
                .map(|x| {
                    assert!(x["score"].as_f64().is_some(), "{key} {year}: {x}");
                    x["rank"].as_i64().unwrap()
                })
                .collect();
            ranks.sort_unstable();
            assert_eq!(ranks[0], 1);
            assert!(ranks.windows(2).all(|w| w[0] < w[1]), "no ties: {ranks:?}");
            // Every dimension of every participant has a score.
            let aggs = r["aggregates"].as_array().unwrap();
            assert_eq!(aggs.len(), 1 + dims, "{key}");
            for x in results {
                assert!(
                    x["scores"].as_array().unwrap().iter().all(Value::is_number),
                    "{key} {year}: {x}"
                );
            }
            // Every indicator of every participant came from stored data (no imputed gap).
            let input = r["input_csv"].as_str().unwrap();
            let lines: Vec<&str> = input.lines().collect();
            assert_eq!(lines.len(), 1 + regions.len());
            let n_ind = if dims == 5 { 20 } else { 15 };
            assert_eq!(lines[0].split(',').count(), 2 + n_ind, "{}", lines[0]);
            for l in &lines[1..] {
                assert!(!l.split(',').any(str::is_empty), "a gap: {l}");
            }
            tops.push(results[0]["region_code"].clone());
        }
        // The profiles make the strongest participant lead in every year.
        let lead = if dims == 5 { "370100" } else { "350582" };
        assert!(tops.iter().all(|t| t == lead), "{key}: {tops:?}");
    }
    // Years without demo values still name what is missing.
    let method = preset_id(&admin, "innovative_county_15").await;
    let mut pids = Vec::new();
    for r in &DEMO_COUNTIES[..3] {
        pids.push(participant_id(&admin, r).await);
    }
    post_run(
        &admin,
        json!({"method_id": method, "participant_ids": pids, "year": 2017}),
        422,
    )
    .await;
});

both!(
    sensitivity_runs_in_the_background_and_is_exported,
    |app: TestApp| async move {
        let admin = app.login("admin").await;
        let method = preset_id(&admin, "innovative_city_5d").await;
        let mut pids = Vec::new();
        for r in DEMO_CITIES {
            pids.push(participant_id(&admin, r).await);
        }
        // Bad input names the field; nothing is written.
        let before = audit_count(&app).await;
        for (body, field) in [
            (
                json!({"method_id": method, "participant_ids": pids, "year": 2024, "sensitivity": 64}),
                "sensitivity",
            ),
            (
                json!({"method_id": method, "participant_ids": pids, "year": 2024, "uncertainty": 10, "sensitivity": 1}),
                "sensitivity",
            ),
            (
                json!({"method_id": method, "participant_ids": pids, "year": 2024, "uncertainty": 10, "sensitivity": 100_000}),
                "sensitivity",
            ),
        ] {
            let r = admin
                .post_expect("/api/v1/evaluations/runs", body, 422)
                .await;
            assert!(r["fields"][field].is_string(), "{r}");
        }
        assert_eq!(audit_count(&app).await, before);

        let (n, ns) = (200, 64);
        let body = json!({"method_id": method, "participant_ids": pids, "year": 2024,
            "uncertainty": n, "seed": 3, "sensitivity": ns});
        let r = admin
            .post_expect("/api/v1/evaluations/runs", body.clone(), 202)
            .await;
        assert_eq!(r["run"]["sensitivity_n"], ns);
        // City preset: normalise, aggregate, weights, remove_one → d = 4, N_s(d + 2) runs.
        assert_eq!(r["run"]["total"], n + ns * 6, "{r}");
        assert_eq!(r["sensitivity"], json!([]), "nothing before the analysis");
        let id = r["run"]["id"].as_i64().unwrap();
        let d = wait_run(&admin, id).await;
        assert_eq!(d["run"]["status"], "done", "{d}");
        assert_eq!(d["run"]["done"], d["run"]["total"]);
        let sens = d["sensitivity"].as_array().unwrap();
        let factors: Vec<&str> = sens.iter().map(|x| x["factor"].as_str().unwrap()).collect();
        assert_eq!(factors, ["normalise", "aggregate", "weights", "remove_one"]);
        for x in sens {
            let (si, sti) = (x["si"].as_f64().unwrap(), x["sti"].as_f64().unwrap());
            assert!(sti >= 0.0 && si.is_finite(), "{x}");
        }
        assert!(
            sens.iter().any(|x| x["sti"].as_f64().unwrap() > 0.0),
            "some factor moves the ranks: {d}"
        );
        // Same seed, same indices.
        let (_, r2) = admin.post("/api/v1/evaluations/runs", body).await;
        let d2 = wait_run(&admin, r2["run"]["id"].as_i64().unwrap()).await;
        assert_eq!(d2["sensitivity"], d["sensitivity"]);
        // A reader of the run sees them; the Excel export has a sheet of them.
        let viewer = app.login("viewer").await;
        let (s, v) = viewer.get(&format!("/api/v1/evaluations/runs/{id}")).await;
        assert_eq!(s, 200);
        assert_eq!(v["sensitivity"], d["sensitivity"]);
        let resp = admin
            .download(&format!("/api/v1/evaluations/runs/{id}/export.xlsx"))
            .await;
        let sheets = innocity_office::read_rows(&resp.bytes().await.unwrap()).unwrap();
        let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names[..3], ["排名", "灵敏度", "运行信息"]);
        // Every stage, recomputed from the stored input: raw values, imputed, normalised,
        // aggregated, results and effective weights.
        assert_eq!(
            names[3..],
            [
                "阶段-原始数据",
                "阶段-插补",
                "阶段-归一化",
                "阶段-聚合",
                "结果-得分与排名",
                "日志-插补单元格",
                "有效权重"
            ]
        );
        let stage = |name: &str| &sheets.iter().find(|(n, _)| n == name).unwrap().1;
        let raw = stage("阶段-原始数据");
        assert_eq!(raw.len(), 1 + 4, "header and 4 cities");
        assert!(raw[0].contains(&"rd_intensity".to_string()), "{:?}", raw[0]);
        let agg = stage("阶段-聚合");
        let col = agg[0].iter().position(|h| h == "index").unwrap();
        for x in d["results"].as_array().unwrap() {
            let row = agg
                .iter()
                .find(|r| r.first().map(String::as_str) == x["region_code"].as_str())
                .unwrap();
            let v: f64 = row[col].parse().unwrap();
            assert!(
                (v - x["score"].as_f64().unwrap()).abs() < 1e-9,
                "{row:?} {x}"
            );
        }
        // A caller who sees only some participants gets no stages (they hold others' data).
        let coord = app.login("coordinator").await;
        let resp = coord
            .download(&format!("/api/v1/evaluations/runs/{id}/export.xlsx"))
            .await;
        let mine = innocity_office::read_rows(&resp.bytes().await.unwrap()).unwrap();
        let names: Vec<&str> = mine.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["排名", "灵敏度", "运行信息"]);
        assert_eq!(mine[0].1.len(), 2 + 1, "德州's row only");
        let rows = &sheets[1].1;
        assert_eq!(rows.len(), 2 + 4, "title, header, 4 factors: {rows:?}");
        assert_eq!(rows[2][0], "归一化方法");
        let si: f64 = rows[2][2].parse().unwrap();
        assert!((si - sens[0]["si"].as_f64().unwrap()).abs() < 1e-9);
    }
);

both!(
    interrupted_runs_are_marked_and_can_be_rerun,
    |app: TestApp| async move {
        use innocity_db::entity::evaluation_run;
        use innocity_db::sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
        let (admin, method_id, pids) = setup(&app).await;
        let body = json!({"method_id": method_id, "participant_ids": pids, "year": 2018,
            "uncertainty": 300, "seed": 9});
        let (s, r) = admin.post("/api/v1/evaluations/runs", body).await;
        assert_eq!(s, 202, "{r}");
        let done = wait_run(&admin, r["run"]["id"].as_i64().unwrap()).await;
        assert_eq!(done["run"]["status"], "done");
        // Two runs left `running` by a dead process: one silent for 10 minutes, one whose
        // job wrote a heartbeat just now (it may still be alive elsewhere).
        let orphan = |minutes: i64| {
            let done = done.clone();
            let app = &app;
            async move {
                let id = done["run"]["id"].as_i64().unwrap();
                let m = evaluation_run::Entity::find_by_id(id)
                    .one(&app.db.conn)
                    .await
                    .unwrap()
                    .unwrap();
                let mut a = m.into_active_model();
                a.id = innocity_db::sea_orm::ActiveValue::NotSet;
                a.status = Set("running".into());
                a.done = Set(120);
                a.finished_at = Set(None);
                a.heartbeat_at = Set(Some(
                    chrono::Utc::now() - chrono::Duration::minutes(minutes),
                ));
                a.insert(&app.db.conn).await.unwrap().id
            }
        };
        let stale = orphan(10).await;
        let fresh = orphan(0).await;
        // Results rows of the copies: the original's participants, so they are visible.
        for rid in [stale, fresh] {
            for row in innocity_db::entity::evaluation_result::Entity::find()
                .all(&app.db.conn)
                .await
                .unwrap()
                .into_iter()
                .filter(|x| x.run_id == done["run"]["id"].as_i64().unwrap())
            {
                let mut a = row.into_active_model();
                a.id = innocity_db::sea_orm::ActiveValue::NotSet;
                a.run_id = Set(rid);
                a.insert(&app.db.conn).await.unwrap();
            }
        }
        // What the server does when it starts: the stale run is interrupted, with an audit
        // event; the fresh one is left running.
        let before = audit_count(&app).await;
        assert_eq!(app.db.evaluation().recover_interrupted().await.unwrap(), 1);
        assert_eq!(audit_count(&app).await, before + 1);
        assert_eq!(app.db.evaluation().recover_interrupted().await.unwrap(), 0);
        let (_, d) = admin
            .get(&format!("/api/v1/evaluations/runs/{stale}"))
            .await;
        assert_eq!(d["run"]["status"], "interrupted", "{d}");
        let why = d["run"]["error"].as_str().unwrap();
        assert!(why.contains("中断") && why.contains("120/300"), "{why}");
        assert!(d["run"]["finished_at"].is_string());
        let (_, f) = admin
            .get(&format!("/api/v1/evaluations/runs/{fresh}"))
            .await;
        assert_eq!(f["run"]["status"], "running");
        let (_, l) = admin.get("/api/v1/evaluations/runs").await;
        let listed = l["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == stale)
            .unwrap()
            .clone();
        assert_eq!(listed["status"], "interrupted");

        // Reading finds a run that went silent too (no restart needed).
        {
            let m = evaluation_run::Entity::find_by_id(fresh)
                .one(&app.db.conn)
                .await
                .unwrap()
                .unwrap();
            let mut a = m.into_active_model();
            a.heartbeat_at = Set(Some(chrono::Utc::now() - chrono::Duration::minutes(5)));
            a.update(&app.db.conn).await.unwrap();
        }
        let (_, f) = admin
            .get(&format!("/api/v1/evaluations/runs/{fresh}"))
            .await;
        assert_eq!(f["run"]["status"], "interrupted", "{f}");

        // Re-run: same method version, participants, year, N and seed; a new run that
        // finishes with the intervals of the original.
        let viewer = app.login("viewer").await;
        viewer
            .post_expect(
                &format!("/api/v1/evaluations/runs/{stale}/rerun"),
                json!({}),
                403,
            )
            .await;
        let county = app.login("county").await;
        let (s, _) = county
            .post(
                &format!("/api/v1/evaluations/runs/{stale}/rerun"),
                json!({}),
            )
            .await;
        assert_eq!(s, 403, "county reporters may not evaluate");
        let coord = app.login("coordinator").await;
        let (s, r) = coord
            .post(
                &format!("/api/v1/evaluations/runs/{stale}/rerun"),
                json!({}),
            )
            .await;
        assert_eq!(s, 422, "participants outside the coordinator's scope: {r}");
        let before = audit_count(&app).await;
        let r = admin
            .post_expect(
                &format!("/api/v1/evaluations/runs/{stale}/rerun"),
                json!({}),
                202,
            )
            .await;
        assert_eq!(audit_count(&app).await, before + 1);
        let new_id = r["run"]["id"].as_i64().unwrap();
        assert_ne!(new_id, stale);
        assert_eq!(r["run"]["method_id"], method_id);
        assert_eq!(r["run"]["uncertainty_n"], 300);
        assert_eq!(r["run"]["seed"], 9);
        let again = wait_run(&admin, new_id).await;
        assert_eq!(again["run"]["status"], "done");
        assert_eq!(again["results"], done["results"]);
        admin
            .post_expect("/api/v1/evaluations/runs/999999/rerun", json!({}), 404)
            .await;

        // A server starting on the database marks a stale run without anyone reading it.
        let restarted = orphan(10).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        tokio::spawn(innocity_web::serve(
            listener,
            innocity_web::AppState {
                db: app.db.clone(),
                cfg: innocity_web::Config::default(),
            },
        ));
        let mut status = String::new();
        for _ in 0..100 {
            status = evaluation_run::Entity::find_by_id(restarted)
                .one(&app.db.conn)
                .await
                .unwrap()
                .unwrap()
                .status;
            if status != "running" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(status, "interrupted");
    }
);
