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
    let r = c
        .http
        .get(format!("{}{}", c.base, path))
        .header("accept-language", lang)
        .send()
        .await
        .expect("request");
    assert_eq!(r.status().as_u16(), 200, "{path}");
    r.json().await.expect("json")
}

both!(
    server_made_text_answers_in_the_readers_language,
    |app: TestApp| async move {
        let c = app.login("coordinator").await;
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
