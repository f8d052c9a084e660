//! Error answers the forms rely on: duplicates name their field (409 with `fields`), and
//! field errors carry stable codes and an English message under `Accept-Language: en`.

use crate::common;
use common::*;
use serde_json::{json, Value};

both!(duplicates_name_their_field, |app: TestApp| async move {
    let c = app.login("admin").await;
    let before = audit_count(&app).await;
    // a username already taken
    let (_, users) = c.get("/api/v1/users?q=coordinator").await;
    let org_id = users["items"][0]["org"]["id"].as_i64().unwrap();
    let e = add_viewer(&c, "coordinator", "重名", org_id, "Another-pass-2026", 409).await;
    assert_eq!(e["code"], "duplicate");
    assert_field(&e, "username", "coordinator");
    assert_eq!(e["fields"].as_object().unwrap().len(), 1, "{e}");

    // an indicator code already taken, on create and on update
    let (_, list) = c.get("/api/v1/indicators?per_page=2").await;
    let first = &list["items"][0];
    let second = &list["items"][1];
    let code = first["code"].as_str().unwrap();
    let body = |code: &str| {
        json!({"code": code, "name_zh": "重复指标", "name_en": "Duplicate", "direction": "positive",
               "aggregation": "sum"})
    };
    let e = c.post_expect("/api/v1/indicators", body(code), 409).await;
    assert_eq!(e["code"], "duplicate");
    assert_field(&e, "code", code);
    let e = c
        .put_expect(
            &format!("/api/v1/indicators/{}", second["id"]),
            body(code),
            409,
        )
        .await;
    assert!(e["fields"]["code"].is_string(), "{e}");
    // an organisation name already taken is caught by validation (names and aliases share
    // one key space): 422, at the field as well
    let e = c
        .post_expect(
            "/api/v1/orgs",
            json!({"name": "市科技局", "kind": "department", "region_code": "371400"}),
            422,
        )
        .await;
    assert!(e["fields"]["name"].is_string(), "{e}");
    assert_eq!(audit_count(&app).await, before, "nothing written");
});

/// Sends a request with an `Accept-Language` header.
async fn send_in(
    c: &Client,
    lang: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value, String) {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut rb = c
        .http
        .request(m, format!("{}{}", c.base, path))
        .header("accept-language", lang)
        .header("x-csrf-token", &c.csrf);
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let r = rb.send().await.unwrap();
    let s = r.status().as_u16();
    let content_lang = r
        .headers()
        .get("content-language")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (s, r.json().await.unwrap_or(Value::Null), content_lang)
}

both!(
    field_errors_in_chinese_and_english,
    |app: TestApp| async move {
        let c = app.login("admin").await;
        let bad = json!({"code": "", "name_zh": "长".repeat(201), "name_en": "x",
                     "direction": "up", "aggregation": "sum"});
        let (s, zh, lang_zh) = send_in(
            &c,
            "zh-CN,zh;q=0.9",
            "POST",
            "/api/v1/indicators",
            Some(bad.clone()),
        )
        .await;
        let (s_en, en, lang_en) = send_in(
            &c,
            "en-GB,en;q=0.9",
            "POST",
            "/api/v1/indicators",
            Some(bad),
        )
        .await;
        assert_eq!((s, s_en), (422, 422), "{zh} {en}");
        assert_eq!((lang_zh.as_str(), lang_en.as_str()), ("zh-CN", "en"));
        // the codes are the same in both languages
        assert_eq!(zh["field_codes"], en["field_codes"]);
        assert_eq!(zh["field_codes"]["code"], "required");
        assert_eq!(zh["field_codes"]["name_zh"], "too_long");
        assert_eq!(zh["field_codes"]["direction"], "invalid_choice");
        // Chinese stays canonical; English where the table knows the message
        assert_eq!(zh["fields"]["code"], "必填");
        assert_eq!(en["fields"]["code"], "Required");
        assert_eq!(zh["fields"]["name_zh"], "不能超过 100 个字符");
        assert_eq!(en["fields"]["name_zh"], "At most 100 characters");
        assert_eq!(en["fields"]["direction"], "Must be positive or negative");
        assert!(
            en["error"].as_str().unwrap().starts_with("Invalid input"),
            "{en}"
        );
        assert!(
            zh["error"].as_str().unwrap().starts_with("输入有误"),
            "{zh}"
        );

        // a duplicate, a bad date, a missing record, a refused role — in English
        let (_, users) = c.get("/api/v1/users?q=coordinator").await;
        let org_id = users["items"][0]["org"]["id"].as_i64().unwrap();
        let (s, e, _) = send_in(
            &c,
            "en",
            "POST",
            "/api/v1/users",
            Some(json!({"username": "coordinator",
        "display_name": "x", "role": "viewer", "org_id": org_id, "password": "Another-pass-2026"})),
        )
        .await;
        assert_eq!(s, 409);
        assert_eq!(
            e["fields"]["username"], "Username coordinator already exists",
            "{e}"
        );
        assert_eq!(e["field_codes"]["username"], "duplicate");
        let (s, e, _) = send_in(
            &c,
            "en",
            "POST",
            "/api/v1/plans/extract",
            Some(json!({"text": "x", "published": "2024-13-01"})),
        )
        .await;
        assert_eq!(s, 422);
        assert_eq!(e["field_codes"]["published"], "invalid_date", "{e}");
        assert_eq!(
            e["fields"]["published"],
            "Use a date of the form YYYY-MM-DD"
        );
        let (s, e, _) = send_in(&c, "en", "GET", "/api/v1/orgs/999999", None).await;
        assert_eq!(s, 404);
        assert!(
            !e["error"]
                .as_str()
                .unwrap()
                .chars()
                .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
            "{e}"
        );
        let viewer = app.login("viewer").await;
        let (s, zh, _) = send_in(&viewer, "zh", "GET", "/api/v1/users", None).await;
        let (_, en, _) = send_in(&viewer, "en", "GET", "/api/v1/users", None).await;
        assert_eq!(s, 403);
        assert_eq!(zh["error"], "需要系统管理员权限");
        assert_eq!(en["error"], "Administrator rights are required");
        // a message the table does not know keeps its Chinese text, with a code
        let (s, e, _) = send_in(
            &c,
            "en",
            "POST",
            "/api/v1/regions",
            Some(json!({"code": "12ab", "name": "x", "level": "city"})),
        )
        .await;
        assert_eq!(s, 422);
        assert_eq!(e["field_codes"]["code"], "invalid_format", "{e}");
        assert_eq!(e["fields"]["code"], "Must be 6 digits");
    }
);

both!(
    web_messages_come_in_both_languages,
    |app: TestApp| async move {
        let [c, dept] = app.logins(["coordinator", "dept"]).await;
        // (caller, method, path, body, status, code, Chinese, English)
        let cases = [
            (
                &c,
                "GET",
                "/api/v1/nope",
                None,
                404,
                "not_found",
                "没有这个接口: /api/v1/nope",
                "No such endpoint: /api/v1/nope",
            ),
            (
                &c,
                "GET",
                "/api/v1/orgs/abc",
                None,
                404,
                "not_found",
                "编号 abc 无效",
                "Invalid id abc",
            ),
            (
                &dept,
                "POST",
                "/api/v1/plans/extract",
                Some(json!({"text": "x"})),
                403,
                "forbidden",
                "只有协调员或管理员可以导入实施方案",
                "Only coordinators and administrators may import plans",
            ),
            (
                &c,
                "GET",
                "/api/v1/monitoring/history?region=371400&item=gdp",
                None,
                400,
                "bad_request",
                "查询参数无效: 缺少 year",
                "Invalid query parameters: year is missing",
            ),
            (
                &c,
                "GET",
                "/api/v1/monitoring/export?region=371400&format=pdf",
                None,
                400,
                "bad_request",
                "查询参数无效: format 须为 json/csv/xlsx,不是 pdf",
                "Invalid query parameters: format must be json, csv or xlsx, not pdf",
            ),
        ];
        for (who, method, path, body, status, code, zh, en) in cases {
            let (s, z, _) = send_in(who, "zh", method, path, body.clone()).await;
            let (_, e, lang) = send_in(who, "en", method, path, body).await;
            assert_eq!((s, z["code"].as_str()), (status, Some(code)), "{path}: {z}");
            assert_eq!(z["error"], zh, "{path}");
            assert_eq!(e["error"], en, "{path}");
            assert_eq!(lang, "en");
        }
    }
);

fn has_cjk(s: &str) -> bool {
    s.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))
}

/// The texts of an error answer: `error` and every `fields` value.
fn texts(e: &Value) -> Vec<String> {
    let mut t = vec![e["error"].as_str().unwrap_or_default().to_string()];
    if let Some(f) = e["fields"].as_object() {
        t.extend(
            f.values()
                .map(|v| v.as_str().unwrap_or_default().to_string()),
        );
    }
    t
}

both!(
    representative_failures_are_all_english_or_all_chinese,
    |app: TestApp| async move {
        let [admin, coord] = app.logins(["admin", "coordinator"]).await;
        // a task waiting to be signed: approving it is out of order (409)
        let pid = coord.first_id("/api/v1/plans").await;
        let (s, b) = coord
            .post(
                "/api/v1/supervision/from-plan",
                json!({"plan_id": pid, "due": "2030-12-31", "assign": true}),
            )
            .await;
        assert_eq!(s, 201, "{b}");
        let task = b["created"][0]["id"].as_i64().unwrap();
        let (_, users) = admin.get("/api/v1/users?q=coordinator").await;
        let org_id = users["items"][0]["org"]["id"].as_i64().unwrap();
        let anon = app.anon();

        let cases: Vec<(&Client, &str, String, Option<Value>, u16)> = vec![
            (
                &admin,
                "POST",
                "/api/v1/users".into(),
                Some(
                    json!({"username": "a b", "display_name": "", "role": "king",
                            "org_id": 999_999, "password": "short"}),
                ),
                422,
            ),
            (
                &admin,
                "POST",
                "/api/v1/users".into(),
                Some(
                    json!({"username": "newbie", "display_name": "新人", "role": "viewer",
                            "org_id": org_id, "password": "newbie-pass-2026"}),
                ),
                422,
            ),
            (
                &coord,
                "POST",
                format!("/api/v1/supervision/tasks/{task}/act"),
                Some(json!({"action": "approve"})),
                409,
            ),
            (&admin, "GET", "/api/v1/orgs/999999".into(), None, 404),
            (
                &coord,
                "GET",
                "/api/v1/supervision/tasks/999999".into(),
                None,
                404,
            ),
            (
                &anon,
                "POST",
                "/api/v1/auth/login".into(),
                Some(json!({"username": "nobody", "password": "Wrong-pass-2026"})),
                401,
            ),
        ];
        for (c, method, path, body, status) in cases {
            let (s_zh, zh, _) = send_in(c, "zh-CN", method, &path, body.clone()).await;
            let (s_en, en, lang) = send_in(c, "en", method, &path, body.clone()).await;
            assert_eq!((s_zh, s_en), (status, status), "{path}: {zh} {en}");
            assert_eq!(lang, "en");
            assert_eq!(zh["code"], en["code"], "{path}");
            assert_eq!(zh["field_codes"], en["field_codes"], "{path}");
            if let Some(codes) = en["field_codes"].as_object() {
                for (f, code) in codes {
                    let code = code.as_str().unwrap();
                    assert!(
                        !code.is_empty()
                            && code.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'),
                        "{path} {f}: code {code}"
                    );
                }
            }
            for t in texts(&en) {
                assert!(
                    !t.is_empty() && !has_cjk(&t),
                    "{path}: English {t:?} in {en}"
                );
            }
            // Chinese stays the canonical answer, unchanged without a header
            assert!(has_cjk(zh["error"].as_str().unwrap()), "{path}: {zh}");
            let (_, plain, _) = send_in(c, "", method, &path, body).await;
            assert_eq!(plain, zh, "{path}");
        }
    }
);
