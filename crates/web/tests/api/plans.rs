//! Plan import end to end: extract (nothing saved), confirm in one transaction with unit
//! mapping, duplicates offered as revisions, plan pages, matrix, Excel export, scoping.

use crate::common;
use common::*;
use serde_json::{json, Value};

fn seed(name: &str) -> String {
    // shared/seeds beside the repository (or beside a folder of worktrees).
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared/seeds"))
        .find(|d| d.is_dir())
        .expect("shared/seeds beside the repository");
    let f = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with(name))
        .expect("seed file");
    std::fs::read_to_string(f.path()).unwrap()
}

async fn plan_count(app: &TestApp) -> u64 {
    use innocity_db::sea_orm::{EntityTrait, PaginatorTrait};
    innocity_db::entity::plan::Entity::find()
        .count(&app.db.conn)
        .await
        .unwrap()
}

/// Extracts a pasted text for a participant (nothing saved); the answer must be 200.
async fn extract_ok(c: &Client, text: &str, participant_id: i64) -> Value {
    let body = json!({"text": text, "participant_id": participant_id});
    c.post_expect("/api/v1/plans/extract", body, 200).await
}

/// Uploads a file to the extraction (nothing saved); the answer must have `status`.
async fn extract_file(c: &Client, file_name: &str, bytes: &[u8], status: u16) -> Value {
    let body = json!({"file_name": file_name, "content_base64": b64(bytes)});
    c.post_expect("/api/v1/plans/extract", body, status).await
}

/// Turns an extract response into the confirm body.
fn confirm_body(x: &Value, participant_id: i64) -> Value {
    let e = &x["extraction"];
    json!({
        "participant_id": participant_id,
        "original_text": x["original_text"],
        "title": e["document"]["title"],
        "issuer": e["document"]["issuer"],
        "doc_number": e["document"]["doc_number"],
        "warnings": e["document"]["warnings"],
        "targets": e["targets"],
        "tasks": e["tasks"],
        "phases": e["phases"],
        "unit_map": {},
    })
}

both!(
    import_seed_004_with_review_and_revision,
    |app: TestApp| async move {
        let c = app.login("coordinator").await;
        let pid = participant_id(&c, "371400").await;
        let text = seed("004_");
        let plans_before = plan_count(&app).await;
        let audit_before = audit_count(&app).await;
        let x = extract_ok(&c, &text, pid).await;
        assert_eq!(
            plan_count(&app).await,
            plans_before,
            "extract saves nothing"
        );
        assert_eq!(audit_count(&app).await, audit_before);
        assert_eq!(
            x["original_text"].as_str().unwrap(),
            text,
            "the original is kept verbatim"
        );
        let tasks = x["extraction"]["tasks"].as_array().unwrap();
        assert_eq!(tasks.len(), 23);
        assert!(
            x["units"]
                .as_array()
                .unwrap()
                .iter()
                .all(|u| u["org_id"].is_i64()),
            "every 德州 unit resolves to an organisation: {}",
            x["units"]
        );
        // The demo plan is the same document (by number): offered as a revision.
        let dups = x["duplicates"].as_array().unwrap();
        assert_eq!(dups.len(), 1, "{}", x["duplicates"]);
        let demo_plan = dups[0]["plan_id"].as_i64().unwrap();

        // The coordinator corrects one target, adds an unknown unit mapped to a new organisation.
        let mut body = confirm_body(&x, pid);
        body["targets"][0]["value"] = json!(3.5);
        body["tasks"][0]["cooperating"] = json!(["市大数据中心"]);
        let (s, e) = c.post("/api/v1/plans", body.clone()).await;
        assert_eq!(s, 422, "an unmapped unit must be resolved: {e}");
        assert!(e["fields"]["unit_map.市大数据中心"].is_string(), "{e}");
        body["targets"][1]["comparator"] = json!("bigger");
        body["unit_map"] = json!({"市大数据中心": {"create": {"kind": "department"}}});
        let e = c.post_expect("/api/v1/plans", body.clone(), 422).await;
        assert!(e["fields"]["targets[1].comparator"].is_string(), "{e}");
        assert_eq!(
            plan_count(&app).await,
            plans_before,
            "refused confirms write nothing"
        );
        body["targets"][1]["comparator"] = json!("ge");
        body["revision_of"] = json!(demo_plan);
        let d = c.post_expect("/api/v1/plans", body, 201).await;
        let plan_id = d["plan"]["id"].as_i64().unwrap();
        assert_eq!(d["plan"]["revision"], 2);
        assert_eq!(d["revisions"][0]["id"], demo_plan);
        assert_eq!(d["tasks"].as_array().unwrap().len(), 23);
        assert_eq!(d["targets"][0]["value"], 3.5);
        let t1 = &d["tasks"][0];
        assert!(t1["units"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["org_name"] == "市大数据中心" && u["role"] == "coop"));
        let t3 = item(&d, "tasks", "number", "3");
        let roles = string_pairs(&t3["units"], "org_name", "role");
        assert!(
            roles.contains(&("市科技局".into(), "lead".into()))
                && roles.contains(&("市财政局".into(), "coop".into())),
            "{roles:?}"
        );
        let (_, old) = c.get(&format!("/api/v1/plans/{demo_plan}")).await;
        assert_eq!(old["plan"]["status"], "superseded");
        // The cockpit shows how the corrected target changed across the revisions.
        let (s, sc) = c.get(&format!("/api/v1/monitoring/scorecard/{pid}")).await;
        assert_eq!(s, 200, "{sc}");
        assert_eq!(sc["plan_id"], plan_id);
        let first = &sc["rows"][0];
        let hist = first["history"].as_array().unwrap();
        assert_eq!(hist.len(), 2, "{first}");
        assert_eq!(hist[0]["revision"], 1);
        assert_eq!(hist[1]["revision"], 2);
        assert_eq!(hist[1]["target_value"], 3.5);
        assert_ne!(hist[0]["target_value"], 3.5);
        let (_, txt) = c.get(&format!("/api/v1/plans/{plan_id}/text")).await;
        assert_eq!(txt["text"].as_str().unwrap(), text);
        let kinds = |k: &str| {
            txt["spans"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["kind"] == k)
                .count()
        };
        assert_eq!(kinds("task"), 23, "every task heading is highlighted");
        let stored = |role: &str| {
            d["tasks"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|t| t["units"].as_array().unwrap())
                .filter(|u| u["role"] == role)
                .count()
        };
        // every unit written in the text is found; 市大数据中心 was added by hand
        assert_eq!(
            [kinds("lead"), kinds("joint"), kinds("coop") + 1],
            [stored("lead"), stored("joint"), stored("coop")]
        );
        assert_eq!(kinds("target"), d["targets"].as_array().unwrap().len());
        assert_eq!(kinds("phase"), d["phases"].as_array().unwrap().len());

        // Department filter: what is 市财政局 responsible for?
        let (_, orgs) = c.get("/api/v1/orgs/lookup?name=市财政局").await;
        let fin = orgs["id"].as_i64().unwrap();
        let (_, f) = c
            .get(&format!("/api/v1/plans/{plan_id}?org_id={fin}"))
            .await;
        let n = f["tasks"].as_array().unwrap().len();
        assert!((5..23).contains(&n), "{n}");
        assert!(f["tasks"].as_array().unwrap().iter().all(|t| t["units"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["org_id"] == fin)));

        // Responsibility matrix.
        let (_, m) = c.get(&format!("/api/v1/plans/{plan_id}/matrix")).await;
        assert_eq!(m["rows"].as_array().unwrap().len(), 23);
        assert_eq!(
            m["orgs"][0]["name"], "市科技局",
            "the bureau leads most tasks"
        );
        let joint17 = item(&m, "rows", "number", "17");
        assert!(joint17["cells"]
            .as_object()
            .unwrap()
            .values()
            .any(|v| v == "joint"));

        // Excel export reads back with both sheets.
        let r = c
            .download(&format!("/api/v1/plans/{plan_id}/export.xlsx"))
            .await;
        let rows = innocity_office::read_rows(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].0, "任务");
        assert_eq!(rows[1].1.len(), 2 + 23, "title, header and 23 tasks");
        assert_eq!(rows[0].1[2][4], "3.5");

        // Scoping: a county reporter sees no 德州 city plan; a Tonghua-only coordinator would not either.
        let county = app.login("county").await;
        assert_eq!(county.get(&format!("/api/v1/plans/{plan_id}")).await.0, 404);
        let (_, l) = county.get("/api/v1/plans").await;
        assert_eq!(l["total"], 0);
        // Viewers read, but may not import.
        let v = app.login("viewer").await;
        assert_eq!(v.get(&format!("/api/v1/plans/{plan_id}")).await.0, 200);
        assert_eq!(
            v.post("/api/v1/plans/extract", json!({"text": "x"}))
                .await
                .0,
            403
        );
    }
);

both!(uploads_are_checked, |app: TestApp| async move {
    let c = app.login("coordinator").await;
    // A GBK text file is decoded.
    let (gbk, _, _) =
        encoding_rs::GBK.encode("一、发展目标\n到2027年,全市高新技术企业突破1200家。\n");
    let x = extract_file(&c, "方案.txt", &gbk, 200).await;
    assert!(x["original_text"]
        .as_str()
        .unwrap()
        .contains("高新技术企业"));
    // Wrong type, fake docx, bad base64, nothing at all.
    let e = extract_file(&c, "a.pdf", b"%PDF", 422).await;
    assert!(e["error"].as_str().unwrap().contains("a.pdf"));
    let e = extract_file(&c, "b.docx", b"not a zip", 422).await;
    assert!(e["error"].as_str().unwrap().contains("b.docx"));
    assert_eq!(
        c.post(
            "/api/v1/plans/extract",
            json!({"file_name": "c.txt", "content_base64": "!!!"})
        )
        .await
        .0,
        400
    );
    assert_eq!(c.post("/api/v1/plans/extract", json!({})).await.0, 422);
    let (s, _) = c.post("/api/v1/plans/extract", json!({"file_name": "bin.txt", "content_base64": b64(&[0u8, 159, 146, 150, 0, 0, 1, 2])})).await;
    assert_eq!(s, 422, "binary data is refused");
});

both!(
    original_text_spans_point_at_items,
    |app: TestApp| async move {
        let c = app.login("coordinator").await;
        let pid = participant_id(&c, "371400").await;
        // full-width digits are repaired before extraction: the spans still index the original
        let text = "德州市科技创新行动方案\n一、主要目标\n到２０２７年,全社会研发经费投入强度达到3.3%以上。\n二、重点任务\n1.建设重点实验室。(市科技局牵头,市财政局配合)\n2.培育科技型企业。(市财政局牵头)\n";
        let x = extract_ok(&c, text, pid).await;
        let d = c
            .post_expect("/api/v1/plans", confirm_body(&x, pid), 201)
            .await;
        let plan_id = d["plan"]["id"].as_i64().unwrap();
        let (s, r) = c.get(&format!("/api/v1/plans/{plan_id}/text")).await;
        assert_eq!(s, 200, "{r}");
        assert_eq!(r["text"].as_str().unwrap(), text, "the original, verbatim");
        let chars: Vec<char> = text.chars().collect();
        let spans = r["spans"].as_array().unwrap();
        let of = |kind: &str| -> Vec<(String, String)> {
            spans
                .iter()
                .filter(|s| s["kind"] == kind)
                .map(|s| {
                    let (a, b) = (
                        s["start"].as_u64().unwrap() as usize,
                        s["end"].as_u64().unwrap() as usize,
                    );
                    (
                        s["key"].as_str().unwrap().to_string(),
                        chars[a..b].iter().collect(),
                    )
                })
                .collect()
        };
        let targets = of("target");
        assert_eq!(targets.len(), 1, "{r}");
        assert_eq!(targets[0].0, format!("target-{}", d["targets"][0]["id"]));
        assert!(targets[0].1.contains("3.3%"), "{targets:?}");
        let tasks = of("task");
        assert_eq!(
            tasks,
            vec![
                (
                    format!("task-{}", d["tasks"][0]["id"]),
                    "1.建设重点实验室".to_string()
                ),
                (
                    format!("task-{}", d["tasks"][1]["id"]),
                    "2.培育科技型企业".to_string()
                ),
            ]
        );
        let names = |v: Vec<(String, String)>| v.into_iter().map(|x| x.1).collect::<Vec<_>>();
        assert_eq!(names(of("lead")), vec!["市科技局", "市财政局"]);
        assert_eq!(names(of("coop")), vec!["市财政局"]);
        assert!(
            names(of("phase")).iter().any(|p| p.contains("２０２７")),
            "the phase in its original full-width digits: {r}"
        );
        // the text is scoped like the plan
        let county = app.login("county").await;
        assert_eq!(
            county.get(&format!("/api/v1/plans/{plan_id}/text")).await.0,
            404
        );
    }
);
