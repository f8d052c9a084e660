//! Error answers the forms rely on: duplicates name their field (409 with `fields`), and
//! field errors carry stable codes and an English message under `Accept-Language: en`.

mod common;
use common::*;
use serde_json::json;

both!(duplicates_name_their_field, |app: TestApp| async move {
    let c = app.login("admin").await;
    let before = audit_count(&app).await;
    // a username already taken
    let (_, users) = c.get("/api/v1/users?q=coordinator").await;
    let org_id = users["items"][0]["org"]["id"].as_i64().unwrap();
    let (s, e) = c
        .post(
            "/api/v1/users",
            json!({"username": "coordinator", "display_name": "重名", "role": "viewer",
                   "org_id": org_id, "password": "Another-pass-2026"}),
        )
        .await;
    assert_eq!(s, 409, "{e}");
    assert_eq!(e["code"], "duplicate");
    assert!(
        e["fields"]["username"]
            .as_str()
            .is_some_and(|m| m.contains("coordinator")),
        "{e}"
    );
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
    let (s, e) = c.post("/api/v1/indicators", body(code)).await;
    assert_eq!(s, 409, "{e}");
    assert_eq!(e["code"], "duplicate");
    assert!(
        e["fields"]["code"]
            .as_str()
            .is_some_and(|m| m.contains(code)),
        "{e}"
    );
    let (s, e) = c
        .put(&format!("/api/v1/indicators/{}", second["id"]), body(code))
        .await;
    assert_eq!(s, 409, "{e}");
    assert!(e["fields"]["code"].is_string(), "{e}");
    // an organisation name already taken is caught by validation (names and aliases share
    // one key space): 422, at the field as well
    let (s, e) = c
        .post(
            "/api/v1/orgs",
            json!({"name": "市科技局", "kind": "department", "region_code": "371400"}),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    assert!(e["fields"]["name"].is_string(), "{e}");
    assert_eq!(audit_count(&app).await, before, "nothing written");
});
