//! End-to-end API tests, each against SQLite and PostgreSQL.

use crate::common;
use common::*;
use serde_json::json;

both!(
    health_openapi_and_ui_are_served,
    |app: TestApp| async move {
        let c = app.anon();
        let r = c.download("/healthz").await;
        assert_eq!(r.text().await.unwrap(), "ok");
        let doc = c.get_ok("/api/v1/openapi.json").await;
        assert_eq!(doc["openapi"], "3.1.0");
        assert!(doc["paths"]["/api/v1/participants/{id}/transition"]["post"].is_object());
        // Declared request types appear as schemas, referenced from their route.
        assert_eq!(
            doc["paths"]["/api/v1/auth/login"]["post"]["requestBody"]["content"]
                ["application/json"]["schema"]["$ref"],
            "#/components/schemas/LoginIn"
        );
        let login = &doc["components"]["schemas"]["LoginIn"];
        assert_eq!(login["type"], "object", "{login}");
        assert!(login["properties"]["username"].is_object(), "{login}");
        assert!(login["required"]
            .as_array()
            .is_some_and(|r| r.contains(&serde_json::json!("password"))));
        let r = c.download("/").await;
        assert!(r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'"));
        assert!(
            r.text().await.unwrap().contains("/static/"),
            "index.html references the embedded assets"
        );
        c.get_expect("/api/v1/nope", 404).await;
    }
);

both!(login_session_and_lockout, |app: TestApp| async move {
    let c = app.anon();
    let (s, b) = c.get("/api/v1/dashboard").await;
    assert_eq!((s, b["code"].as_str()), (401, Some("unauthenticated")));
    c.try_login("viewer", "wrong-password-1", 401).await;
    // Cookie attributes.
    let r = c
        .http
        .post(format!("{}/api/v1/auth/login", app.base))
        .json(&json!({"username": "viewer", "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let me = c.get_ok("/api/v1/auth/me").await;
    assert_eq!(me["user"]["username"], "viewer");
    assert!(me["user"].get("password_hash").is_none());
    // Five failures lock the account, even for the right password afterwards.
    for _ in 0..5 {
        c.try_login("dept", "bad-password-9", 401).await;
    }
    let b = c.try_login("dept", DEMO_PASSWORD, 423).await;
    assert!(b["error"].as_str().unwrap().contains("锁定"));
    // Logout ends the session.
    let v = app.login("viewer").await;
    v.post_expect("/api/v1/auth/logout", json!({}), 200).await;
    v.get_expect("/api/v1/auth/me", 401).await;
});

both!(
    csrf_is_required_and_nothing_is_written,
    |app: TestApp| async move {
        let mut c = app.login("coordinator").await;
        let pid = participant_id(&c, "371400").await;
        let before = audit_count(&app).await;
        let good = c.csrf.clone();
        for bad in ["", "tampered-token"] {
            c.csrf = bad.to_string();
            let (s, b) = c
                .post(
                    &format!("/api/v1/participants/{pid}/transition"),
                    json!({"to": "pending_acceptance"}),
                )
                .await;
            assert_eq!((s, b["code"].as_str()), (403, Some("csrf")), "{b}");
        }
        c.csrf = good;
        // A cross-origin request with the right token is refused too.
        let r = c
            .http
            .post(format!("{}/api/v1/participants/{pid}/transition", app.base))
            .header("x-csrf-token", &c.csrf)
            .header("origin", "http://evil.example")
            .json(&json!({"to": "pending_acceptance"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        assert_eq!(
            audit_count(&app).await,
            before,
            "refused requests write nothing"
        );
        let (_, d) = c.get(&format!("/api/v1/participants/{pid}")).await;
        assert_eq!(d["participant"]["status"], "building");
    }
);

both!(
    status_lifecycle_with_history_and_audit,
    |app: TestApp| async move {
        let c = app.login("coordinator").await;
        let pid = participant_id(&c, "371400").await;
        let transition = format!("/api/v1/participants/{pid}/transition");
        let d = c.get_ok(&format!("/api/v1/participants/{pid}")).await;
        assert_eq!(d["allowed_transitions"][0]["code"], "pending_acceptance");
        // Illegal: 建设中 → 通过.
        let before = audit_count(&app).await;
        let (s, b) = c
            .post(&transition, json!({"to": "passed", "note": "x"}))
            .await;
        assert_eq!((s, b["code"].as_str()), (409, Some("transition")), "{b}");
        assert!(
            b["error"].as_str().unwrap().contains("建设中 → 通过"),
            "{b}"
        );
        assert_eq!(audit_count(&app).await, before);
        // Unknown status, over-long note.
        let b = c
            .post_expect(&transition, json!({"to": "bogus"}), 422)
            .await;
        assert!(b["fields"]["to"].is_string());
        c.post_expect(
            &transition,
            json!({"to": "pending_acceptance", "note": "长".repeat(501)}),
            422,
        )
        .await;
        // Legal.
        let d = c
            .post_expect(
                &transition,
                json!({"to": "pending_acceptance", "note": "提交验收申请"}),
                200,
            )
            .await;
        assert_eq!(d["participant"]["status"], "pending_acceptance");
        let last = d["history"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["from_status"], "building");
        assert_eq!(last["note"], "提交验收申请");
        assert!(last["changed_by"]["display_name"].is_string());
        assert_eq!(audit_count(&app).await, before + 1);
        let (_, a) = c
            .get("/api/v1/audit?entity=participant&action=transition")
            .await;
        assert_eq!(a["items"][0]["before"]["status"], "building");
        assert_eq!(a["items"][0]["after"]["status"], "pending_acceptance");
        // Unknown and malformed ids.
        c.post_expect(
            "/api/v1/participants/999999/transition",
            json!({"to": "passed"}),
            404,
        )
        .await;
        c.get_expect("/api/v1/participants/abc", 404).await;
        // Viewers may not change status.
        let v = app.login("viewer").await;
        v.post_expect(&transition, json!({"to": "passed"}), 403)
            .await;
    }
);

both!(
    bad_input_is_refused_and_nothing_is_written,
    |app: TestApp| async move {
        let c = app.login("admin").await;
        let before = audit_count(&app).await;
        let b = c
            .post_expect(
                "/api/v1/orgs",
                json!({"name": "", "kind": "nope", "region_code": "999999"}),
                422,
            )
            .await;
        for f in ["name", "kind", "region_code"] {
            assert!(b["fields"][f].is_string(), "field {f} named: {b}");
        }
        let b = c
            .post_expect(
                "/api/v1/orgs",
                json!({"name": "名".repeat(65), "kind": "department", "region_code": "371400"}),
                422,
            )
            .await;
        assert!(b["fields"]["name"].as_str().unwrap().contains("64"));
        let (s, b) = c
            .post("/api/v1/orgs", json!({"name": 12, "kind": "department"}))
            .await;
        assert_eq!(s, 400, "wrong types: {b}");
        let r = c
            .http
            .post(format!("{}/api/v1/orgs", app.base))
            .header("x-csrf-token", &c.csrf)
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        let (s, b) = c.post("/api/v1/orgs", json!({"name": "市发展和改革委员会", "kind": "department", "region_code": "371400"})).await;
        assert_eq!(
            s, 422,
            "an alias of an existing org is refused as a new name: {b}"
        );
        c.post_expect(
            "/api/v1/regions",
            json!({"code": "12ab", "name": "x", "level": "city"}),
            422,
        )
        .await;
        let (s, b) = c
            .put(
                "/api/v1/regions/371400",
                json!({"name": "德州市", "level": "city", "parent_code": "371402"}),
            )
            .await;
        assert_eq!(s, 422, "a cycle in the region tree is refused: {b}");
        c.post_expect("/api/v1/indicators", json!({"code": "Bad Code", "name_zh": "", "name_en": "x", "direction": "up", "aggregation": "sum"}), 422).await;
        c.put_expect("/api/v1/indicators/99999", json!({"code": "x", "name_zh": "x", "name_en": "x", "direction": "positive", "aggregation": "sum"}), 404).await;
        c.post_expect("/api/v1/users", json!({"username": "a b", "display_name": "x", "role": "root", "org_id": 99999, "password": "short"}), 422).await;
        c.get_expect("/api/v1/participants?page=abc", 400).await;
        assert_eq!(
            audit_count(&app).await,
            before,
            "nothing written by refused input"
        );
        // And a good create works and is audited.
        c.post_expect("/api/v1/orgs", json!({"name": "市大数据局", "kind": "department", "region_code": "371400", "aliases": ["德州市大数据局"]}), 201).await;
        assert_eq!(audit_count(&app).await, before + 1);
        let (s, dup) = c
            .post(
                "/api/v1/orgs",
                json!({"name": "市大数据局", "kind": "department", "region_code": "371400"}),
            )
            .await;
        assert!(s == 422 || s == 409, "{dup}");
    }
);

both!(
    alias_lookup_finds_one_department,
    |app: TestApp| async move {
        let c = app.login("coordinator").await;
        let mut ids = vec![];
        for n in [
            "市发改委",
            "市发展改革委",
            "市发展和改革委员会",
            "德州市发展和改革委员会",
        ] {
            let (s, o) = c.get(&format!("/api/v1/orgs/lookup?name={n}")).await;
            assert_eq!(s, 200, "{n}: {o}");
            ids.push(o["id"].as_i64().unwrap());
        }
        ids.dedup();
        assert_eq!(ids.len(), 1, "all forms find the same org");
        let (s, a) = c.get("/api/v1/orgs/lookup?name=市工信局").await;
        let (_, b) = c.get("/api/v1/orgs/lookup?name=市工业和信息化局").await;
        assert_eq!(s, 200);
        assert_eq!(a["id"], b["id"]);
        c.get_expect("/api/v1/orgs/lookup?name=不存在的局", 404)
            .await;
    }
);

both!(
    forced_password_change_for_new_users,
    |app: TestApp| async move {
        let admin = app.login("admin").await;
        let org_id = admin.first_id("/api/v1/orgs?q=市科技局").await;
        let u = admin.post_expect("/api/v1/users", json!({"username": "zhang.san", "display_name": "张三", "role": "dept_reporter", "org_id": org_id, "password": "First-pass-001"}), 201).await;
        assert_eq!(u["must_change_password"], true);
        let c = app.login_with("zhang.san", "First-pass-001").await;
        let (s, b) = c.get("/api/v1/dashboard").await;
        assert_eq!(
            (s, b["code"].as_str()),
            (403, Some("password_change_required"))
        );
        let b = c
            .post_expect(
                "/api/v1/auth/password",
                json!({"old_password": "First-pass-001", "new_password": "short"}),
                422,
            )
            .await;
        assert!(b["fields"]["new_password"].is_string());
        c.post_expect(
            "/api/v1/auth/password",
            json!({"old_password": "First-pass-001", "new_password": "Second-pass-002"}),
            200,
        )
        .await;
        c.get_ok("/api/v1/dashboard").await;
        // Disabling ends the session.
        admin.put_expect(&format!("/api/v1/users/{}", u["id"]), json!({"display_name": "张三", "role": "dept_reporter", "org_id": org_id, "disabled": true}), 200).await;
        c.get_expect("/api/v1/dashboard", 401).await;
    }
);

both!(
    scoping_hides_out_of_scope_records,
    |app: TestApp| async move {
        let admin = app.login("admin").await;
        let (_, all) = admin.get("/api/v1/participants?per_page=200").await;
        let total = all["total"].as_u64().unwrap();
        assert!(total >= 5);
        let dezhou = participant_id(&admin, "371400").await;
        let other = all["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["region"]["code"] != "371400")
            .unwrap()["id"]
            .as_i64()
            .unwrap();

        let coord = app.login("coordinator").await;
        let (_, mine) = coord.get("/api/v1/participants?per_page=200").await;
        for p in mine["items"].as_array().unwrap() {
            assert!(
                p["region"]["code"].as_str().unwrap().starts_with("3714"),
                "coordinator sees only 德州: {p}"
            );
        }
        assert_eq!(
            coord.get(&format!("/api/v1/participants/{other}")).await.0,
            404
        );
        assert_eq!(
            coord.get(&format!("/api/v1/participants/{dezhou}")).await.0,
            200
        );
        let (_, dash) = coord.get("/api/v1/dashboard").await;
        let n = status_total(&dash);
        assert_eq!(
            n,
            mine["total"].as_u64().unwrap(),
            "dashboard counts are scoped too"
        );

        let county = app.login("county").await;
        let (_, theirs) = county.get("/api/v1/participants?per_page=200").await;
        assert_eq!(
            theirs["total"], 0,
            "a county reporter sees no other region's participant"
        );
        assert_eq!(
            county
                .get(&format!("/api/v1/participants/{dezhou}"))
                .await
                .0,
            404
        );
        let (_, orgs) = county.get("/api/v1/orgs?per_page=200").await;
        for o in orgs["items"].as_array().unwrap() {
            let code = o["region"]["code"].as_str().unwrap();
            assert!(
                ["371402", "371400", "370000", "000000"].contains(&code),
                "county sees its own and parent orgs only: {o}"
            );
        }
        // The audit log of a coordinator holds only events by actors of its region.
        let rev = app.login("reviewer").await;
        let (_, _) = rev.get("/api/v1/auth/me").await;
        let log = coord.get_ok("/api/v1/audit?per_page=200").await;
        assert!(
            log["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|e| e["user"]["username"] != "reviewer"),
            "{log}"
        );
        let (_, log) = admin.get("/api/v1/audit?user=reviewer&action=login").await;
        assert!(log["total"].as_u64().unwrap() >= 1);
    }
);

both!(
    backup_restores_into_a_fresh_database,
    |app: TestApp| async move {
        let c = app.login("coordinator").await;
        let pid = participant_id(&c, "371400").await;
        c.post(
            &format!("/api/v1/participants/{pid}/transition"),
            json!({"to": "pending_acceptance"}),
        )
        .await;
        let doc = app.db.backup().await.unwrap();
        let (fresh, _dir) = app.fresh_db().await;
        // Refusals: not a backup, another schema version.
        assert!(fresh.restore(&json!({"hello": 1}), false).await.is_err());
        let mut wrong = doc.clone();
        wrong["schema_version"] = json!(999);
        match fresh.restore(&wrong, false).await {
            Err(innocity_db::Error::Invalid(f)) => assert!(f["file"].zh.contains("999"), "{f:?}"),
            other => panic!("a backup of another schema version must be refused: {other:?}"),
        }
        let n = fresh.restore(&doc, false).await.unwrap();
        assert!(n > 100);
        let again = fresh.backup().await.unwrap();
        assert_eq!(
            again["tables"], doc["tables"],
            "restored content equals the backup"
        );
        // The restored database accepts new rows (sequences repaired).
        fresh
            .library()
            .seed_indicators(&innocity_db::Actor::system())
            .await
            .unwrap();
        assert!(
            fresh.restore(&doc, false).await.is_err(),
            "a non-empty target needs --force"
        );
        assert!(fresh.restore(&doc, true).await.is_ok());
    }
);

#[tokio::test]
async fn idle_sessions_expire() {
    let cfg = innocity_web::Config {
        idle_timeout: std::time::Duration::from_millis(1200),
        ..Default::default()
    };
    let app = spawn(Backend::Sqlite, cfg).await;
    let c = app.login("viewer").await;
    assert_eq!(c.get("/api/v1/dashboard").await.0, 200);
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(c.get("/api/v1/dashboard").await.0, 401);
}
