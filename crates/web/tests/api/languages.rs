//! Language at the edge: what the server makes for people — statuses, colours, deadlines,
//! warning reasons, notices, target tracking — answers in the request's language, while data
//! (task titles, names) stays as written.

use crate::common;
use common::*;
use serde_json::{json, Value};

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{3400}'..='\u{9fff}').contains(&c))
}

/// GET with an `Accept-Language` header.
async fn get_in(c: &Client, path: &str, lang: &str) -> Value {
    send_in(c, "GET", path, lang, None, 200).await
}

/// A request with an `Accept-Language` header, expecting `status`.
async fn send_in(
    c: &Client,
    method: &str,
    path: &str,
    lang: &str,
    body: Option<Value>,
    status: u16,
) -> Value {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut rb = c.http.request(m, format!("{}{}", c.base, path));
    rb = rb
        .header("accept-language", lang)
        .header("x-csrf-token", &c.csrf);
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let r = rb.send().await.expect("request");
    assert_eq!(r.status().as_u16(), status, "{method} {path}");
    r.json().await.expect("json")
}

both!(
    server_made_text_answers_in_the_readers_language,
    |app: TestApp| async move {
        let c = app.login("coordinator").await;
        // Signing due the day of assignment: every task has a warning, with its reason.
        let (_, r) = c.get("/api/v1/supervision/rules").await;
        let mut rules = r["rules"].clone();
        rules["sign_days"] = json!(0);
        c.put_expect("/api/v1/supervision/rules", rules, 200).await;
        let (s, plans) = c.get("/api/v1/plans").await;
        assert_eq!(s, 200, "{plans}");
        let plan = plans["items"][0]["id"].as_i64().unwrap();
        let (s, r) = c
            .post(
                "/api/v1/supervision/from-plan",
                json!({"plan_id": plan, "assign": true}),
            )
            .await;
        assert_eq!(s, 201, "{r}");
        assert!(r["created"].as_array().unwrap().len() > 10, "{r}");

        let zh = get_in(&c, "/api/v1/supervision/tasks", "zh-CN").await;
        let en = get_in(&c, "/api/v1/supervision/tasks", "en").await;
        let (tz, te) = (&zh["items"][0], &en["items"][0]);
        // Data is the same in both; the labels are each in their language.
        assert_eq!(tz["title"], te["title"]);
        assert_eq!(tz["status_label"], "待签收", "{tz}");
        assert_eq!(tz["next_deadline"]["label"], "签收时限");
        for key in ["status_label", "colour_label"] {
            let v = te[key].as_str().unwrap_or_else(|| panic!("{key}: {te}"));
            assert!(!v.is_empty() && !has_cjk(v), "{key}: {v}");
        }
        assert_eq!(te["next_deadline"]["label"], "Sign by");
        let reasons = te["reasons"].as_array().unwrap();
        assert!(!reasons.is_empty(), "{te}");
        for r in reasons {
            assert!(!has_cjk(r.as_str().unwrap()), "{r}");
        }
        let id = te["id"].as_i64().unwrap();
        let detail = get_in(&c, &format!("/api/v1/supervision/tasks/{id}"), "en").await;
        let hist = detail["colour_history"].as_array().unwrap();
        assert!(!hist.is_empty(), "{detail}");
        assert!(!has_cjk(hist[0]["reasons"].as_str().unwrap()), "{hist:?}");

        // Notices: made in both languages when sent; the task title inside stays as written.
        let d = app.login("dept").await;
        let nz = get_in(&d, "/api/v1/supervision/notifications", "zh-CN").await;
        let ne = get_in(&d, "/api/v1/supervision/notifications", "en").await;
        let (a, b) = (&nz["items"][0], &ne["items"][0]);
        assert!(a["title"].as_str().unwrap().starts_with("交办:"), "{a}");
        let title_en = b["title"].as_str().unwrap();
        assert!(title_en.starts_with("Assigned: "), "{b}");
        assert!(!has_cjk(b["body"].as_str().unwrap()), "{b}");

        // Target tracking on the scorecard.
        let pid = participant_id(&c, "371400").await;
        let sc = get_in(&c, &format!("/api/v1/monitoring/scorecard/{pid}"), "en").await;
        for row in sc["rows"].as_array().unwrap() {
            let l = row["tracking"]["status_label"].as_str().unwrap();
            assert!(!has_cjk(l), "{l}");
        }
        let sc = get_in(&c, &format!("/api/v1/monitoring/scorecard/{pid}"), "zh-CN").await;
        assert!(sc["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["tracking"]["status_label"] == "滞后"));
    }
);

both!(
    rule_violations_and_import_rows_answer_in_the_readers_language,
    |app: TestApp| async move {
        // A consistency violation while entering data.
        let dept = app.login("dept").await;
        let (s, list) = dept.get("/api/v1/monitoring/assignments").await;
        assert_eq!(s, 200, "{list}");
        let id = list["items"][0]["id"]
            .as_i64()
            .unwrap_or_else(|| list[0]["id"].as_i64().unwrap());
        let bad = json!({"values": [
            {"item": "fiscal_expenditure", "value": 560.0},
            {"item": "fiscal_st_expenditure", "value": 600.0}
        ]});
        let path = format!("/api/v1/monitoring/assignments/{id}/check");
        let en = send_in(&dept, "POST", &path, "en", Some(bad.clone()), 200).await;
        let zh = send_in(&dept, "POST", &path, "zh-CN", Some(bad), 200).await;
        let (ve, vz) = (&en["violations"][0], &zh["violations"][0]);
        assert!(has_cjk(vz["message"].as_str().unwrap()), "{vz}");
        // The rule's name is data (as the rules page holds it); the rest is in English.
        let name = ve["name"].as_str().unwrap();
        let text = ve["message"].as_str().unwrap().replace(name, "");
        assert!(!has_cjk(&text), "{ve}");

        // A refused import row names file, row and column, its reason in English.
        let coord = app.login("coordinator").await;
        let csv = "region_code,item_code,year,value\n371400,gdp,abc,1\n";
        let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, csv);
        let body = json!({"file_name": "d.csv", "content_base64": b64, "dry_run": true});
        let r = send_in(
            &coord,
            "POST",
            "/api/v1/monitoring/import",
            "en",
            Some(body),
            422,
        )
        .await;
        let row = &r["errors"][0];
        assert_eq!(
            (row["row"].as_u64(), row["column"].as_str()),
            (Some(2), Some("C (year)")),
            "{r}"
        );
        assert!(!has_cjk(row["reason"].as_str().unwrap()), "{row}");
        assert!(!has_cjk(r["error"].as_str().unwrap_or("")), "{r}");
    }
);
