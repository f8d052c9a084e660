//! Validation rules stored in a table, on SQLite and PostgreSQL: the defaults are seeded,
//! CRUD is audited, bad expressions answer 422 naming the field, reporters cannot write and
//! coordinators write only rules of their region, and an edited or added rule changes what
//! data entry shows and what submission accepts.

use crate::common;
use common::*;
use serde_json::{json, Value};

async fn rule(c: &Client, code: &str) -> Value {
    let b = c
        .get_ok(&format!("/api/v1/monitoring/rules?q={code}"))
        .await;
    item(&b, "items", "code", code).clone()
}

/// Creates a rule; the answer must have `status`.
async fn post_rule(c: &Client, rule: Value, status: u16) -> Value {
    c.post_expect("/api/v1/monitoring/rules", rule, status)
        .await
}

/// Tests `rule` against a region's values of a year; the answer must have `status`.
async fn test_rule(c: &Client, rule: &Value, region: &str, year: i32, status: u16) -> Value {
    let body = json!({"rule": rule, "region_code": region, "year": year});
    c.post_expect("/api/v1/monitoring/rules/test", body, status)
        .await
}

fn codes(b: &Value) -> Vec<String> {
    b["violations"]
        .as_array()
        .unwrap_or_else(|| panic!("no violations in {b}"))
        .iter()
        .map(|v| v["rule"].as_str().unwrap().to_string())
        .collect()
}

fn new_rule(code: &str, left: &str, op: &str, right: &str) -> Value {
    json!({
        "code": code, "name": "重大项目数不超过5项(测试)", "kind": "range",
        "left": left, "op": op, "right": right,
        "importance": "high", "missing": "skip_if_any_missing"
    })
}

both!(defaults_are_seeded_and_listed, |app: TestApp| async move {
    let viewer = app.login("viewer").await;
    let b = viewer.get_ok("/api/v1/monitoring/rules").await;
    let all = b["items"].as_array().unwrap();
    assert!(all.len() > 20, "{}", all.len());
    let c = rule(
        &viewer,
        "consistency.fiscal_st_expenditure.fiscal_expenditure",
    )
    .await;
    assert_eq!(c["left"], "fiscal_st_expenditure");
    assert_eq!(c["op"], "le");
    assert_eq!(c["importance"], "high");
    assert_eq!(c["enabled"], true);
    assert_eq!(c["editable"], false, "viewers cannot change rules");
    let y = rule(&viewer, "yoy.gdp.up").await;
    assert_eq!(y["kind"], "year_on_year");
    assert_eq!(y["left"], "gdp / gdp[-1] - 1");
    let o = rule(&viewer, "outlier.peers").await;
    assert_eq!(o["outlier_basis"], "peers");
    assert_eq!(o["right"], "3.5");
    // Filters.
    let (_, b) = viewer
        .get("/api/v1/monitoring/rules?kind=consistency&importance=high")
        .await;
    let items = b["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items
        .iter()
        .all(|r| r["kind"] == "consistency" && r["importance"] == "high"));
    let admin = app.login("admin").await;
    assert_eq!(
        rule(&admin, "yoy.gdp.up").await["editable"],
        true,
        "admins change global rules"
    );
});

both!(crud_is_audited_and_validated, |app: TestApp| async move {
    let admin = app.login("admin").await;
    let before = audit_count(&app).await;

    // Bad expressions and enumerations: 422 naming each field, nothing written.
    let b = post_rule(
        &admin,
        json!({"code": "bad code!", "name": "", "kind": "bogus", "left": "gdp +",
                   "op": "~", "right": "no_such_item", "importance": "urgent", "missing": "x"}),
        422,
    )
    .await;
    for f in ["code", "name", "kind", "op", "importance", "missing"] {
        assert!(b["fields"][f].is_string(), "{f}: {b}");
    }
    // Kind is invalid, so the sides are checked as plain expressions.
    assert_field(&b, "left", "公式");
    assert_field(&b, "right", "no_such_item");
    let b = post_rule(
        &admin,
        new_rule("t.derived", "rd_intensity", "le", "10"),
        422,
    )
    .await;
    assert_field(&b, "left", "计算指标");
    let b = post_rule(
        &admin,
        json!({"code": "t.out", "name": "x", "kind": "outlier", "left": "gdp / 2",
                   "right": "0", "importance": "low", "missing": "never_skip"}),
        422,
    )
    .await;
    for f in ["left", "right", "outlier_basis"] {
        assert!(b["fields"][f].is_string(), "{f}: {b}");
    }
    assert_eq!(
        audit_count(&app).await,
        before,
        "invalid input writes nothing"
    );

    // Create, duplicate code, update, disable, delete: each audited.
    let r = post_rule(
        &admin,
        new_rule("t.major", "major_st_projects", "le", "5"),
        201,
    )
    .await;
    let id = r["id"].as_i64().unwrap();
    assert_eq!(r["enabled"], true);
    assert_eq!(r["op_symbol"], "≤");
    let b = post_rule(
        &admin,
        new_rule("t.major", "major_st_projects", "le", "6"),
        422,
    )
    .await;
    assert!(b["fields"]["code"].is_string(), "{b}");
    let r = admin
        .put_expect(
            &format!("/api/v1/monitoring/rules/{id}"),
            new_rule(
                "t.major",
                "major_st_projects[-1] * 2",
                "ge",
                "major_st_projects",
            ),
            200,
        )
        .await;
    assert_eq!(r["left"], "major_st_projects[-1] * 2");
    assert_eq!(r["op"], "ge");
    let r = admin
        .put_expect(
            &format!("/api/v1/monitoring/rules/{id}/enabled"),
            json!({"enabled": false}),
            200,
        )
        .await;
    assert_eq!(r["enabled"], false);
    let (_, b) = admin
        .get("/api/v1/monitoring/rules?enabled=false&q=t.major")
        .await;
    assert_eq!(b["items"].as_array().unwrap().len(), 1, "{b}");
    let (s, _) = admin
        .send("DELETE", &format!("/api/v1/monitoring/rules/{id}"), None)
        .await;
    assert_eq!(s, 200);
    let (s, _) = admin
        .send("DELETE", &format!("/api/v1/monitoring/rules/{id}"), None)
        .await;
    assert_eq!(s, 404);
    let log = audit_log(&app, Some("validation_rule"), 50).await;
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for a in ["create", "update", "disable", "delete"] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    assert!(log
        .iter()
        .all(|e| e.entity_id == id.to_string() && e.user.is_some()));

    // A deleted default is not seeded again when items are seeded.
    let d = rule(&admin, "yoy.gdp.up").await;
    let (s, _) = admin
        .send(
            "DELETE",
            &format!("/api/v1/monitoring/rules/{}", d["id"]),
            None,
        )
        .await;
    assert_eq!(s, 200);
    admin.get_ok("/api/v1/monitoring/items").await;
    let (_, b) = admin.get("/api/v1/monitoring/rules?q=yoy.gdp.up").await;
    assert_eq!(b["items"].as_array().unwrap().len(), 0, "{b}");
});

both!(
    reporters_cannot_write_and_coordinators_only_their_region,
    |app: TestApp| async move {
        let [dept, coord, admin] = app.logins(["dept", "coordinator", "admin"]).await;
        let before = audit_count(&app).await;
        post_rule(&dept, new_rule("t.dept", "gdp", "ge", "0"), 403).await;
        let g = rule(&dept, "consistency.rd_expenditure.gdp").await;
        let gid = g["id"].as_i64().unwrap();
        for (m, p, b) in [
            (
                "PUT",
                format!("/api/v1/monitoring/rules/{gid}"),
                Some(new_rule("x", "gdp", "ge", "0")),
            ),
            (
                "PUT",
                format!("/api/v1/monitoring/rules/{gid}/enabled"),
                Some(json!({"enabled": false})),
            ),
            ("DELETE", format!("/api/v1/monitoring/rules/{gid}"), None),
        ] {
            let (s, res) = dept.send(m, &p, b.clone()).await;
            assert_eq!(s, 403, "reporter {m} {p}: {res}");
            // Coordinators do not change global rules either.
            let (s, res) = coord.send(m, &p, b.clone()).await;
            assert_eq!(s, 403, "coordinator {m} {p}: {res}");
        }
        assert_eq!(
            audit_count(&app).await,
            before,
            "refused writes write nothing"
        );

        // A coordinator adds a rule for 德州 (in scope), not for a region outside it, nor a
        // global one.
        let mut r = new_rule("t.dz", "major_st_projects", "le", "5");
        let b = coord
            .post_expect("/api/v1/monitoring/rules", r.clone(), 422)
            .await;
        assert!(b["fields"]["region_code"].is_string(), "{b}");
        r["region_code"] = json!("370100");
        let b = coord
            .post_expect("/api/v1/monitoring/rules", r.clone(), 422)
            .await;
        assert!(b["fields"]["region_code"].is_string(), "{b}");
        r["region_code"] = json!("371400");
        let (s, b) = coord.post("/api/v1/monitoring/rules", r.clone()).await;
        assert_eq!(s, 201, "{b}");
        assert_eq!(b["editable"], true);
        assert_eq!(b["region_name"], "德州市");
        // 德州's reporters see it; the admin sees it too.
        assert_eq!(rule(&dept, "t.dz").await["region_code"], "371400");
        assert_eq!(rule(&admin, "t.dz").await["editable"], true);
    }
);

both!(
    edited_and_added_rules_change_entry_and_submission,
    |app: TestApp| async move {
        let [dept, admin] = app.logins(["dept", "admin"]).await;
        let aid = my_assignment(&dept, "371400").await;
        let path = format!("/api/v1/monitoring/assignments/{aid}");
        let good = json!({"values": [
            {"item": "fiscal_expenditure", "value": 560.0},
            {"item": "fiscal_st_expenditure", "value": 15.0},
            {"item": "major_st_projects", "value": 7.0}
        ]});
        let chk = dept
            .post_expect(&format!("{path}/check"), good.clone(), 200)
            .await;
        let consistency = "consistency.fiscal_st_expenditure.fiscal_expenditure";
        assert!(!codes(&chk).contains(&consistency.to_string()), "{chk}");

        // Editing the default consistency rule (S&T spending at most 1 % of spending) makes
        // the same values violate it.
        let c = rule(&admin, consistency).await;
        let mut body = json!({
            "code": consistency, "name": c["name"], "kind": "consistency",
            "left": "fiscal_st_expenditure", "op": "le", "right": "fiscal_expenditure * 0.01",
            "importance": "medium", "missing": "skip_if_any_missing"
        });
        admin
            .put_expect(
                &format!("/api/v1/monitoring/rules/{}", c["id"]),
                body.clone(),
                200,
            )
            .await;
        let (_, chk) = dept.post(&format!("{path}/check"), good.clone()).await;
        let v = chk["violations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["rule"] == consistency)
            .unwrap_or_else(|| panic!("edited rule not applied: {chk}"));
        assert_eq!(v["importance"], "medium");
        assert!(v["message"].as_str().unwrap().contains("5.6"), "{v}");

        // A new high-importance rule refuses submission until explained or fixed.
        let r = post_rule(
            &admin,
            new_rule("t.major", "major_st_projects", "le", "5"),
            201,
        )
        .await;
        let d = dept
            .put_expect(&format!("{path}/values"), good.clone(), 200)
            .await;
        assert!(
            codes(&d).contains(&"t.major".to_string()),
            "shown on the entry page: {d}"
        );
        let b = dept
            .post_expect(&format!("{path}/submit"), json!({}), 422)
            .await;
        let msg = b["fields"]["values.major_st_projects"]
            .as_str()
            .unwrap_or_default();
        assert!(msg.contains("重大项目数不超过5项"), "{b}");

        // Disabled, it no longer blocks; the medium consistency violation never did.
        admin
            .put_expect(
                &format!("/api/v1/monitoring/rules/{}/enabled", r["id"]),
                json!({"enabled": false}),
                200,
            )
            .await;
        let (_, d) = dept.get(&path).await;
        assert!(!codes(&d).contains(&"t.major".to_string()), "{d}");
        let (s, d) = dept.post(&format!("{path}/submit"), json!({})).await;
        assert_eq!(s, 200, "{d}");
        assert_eq!(d["assignment"]["status"], "submitted");

        // A region rule applies in its region only: 德城区's form is unaffected by a 济南 rule.
        body["code"] = json!("t.other_region");
        body["region_code"] = json!("370100");
        body["right"] = json!("0");
        body["left"] = json!("gdp");
        body["importance"] = json!("high");
        admin
            .post_expect("/api/v1/monitoring/rules", body, 201)
            .await;
        let county = app.login("county").await;
        let cid = my_assignment(&county, "371402").await;
        let chk = county
            .post_expect(
                &format!("/api/v1/monitoring/assignments/{cid}/check"),
                json!({"values": [{"item": "gdp", "value": 100.0}]}),
                200,
            )
            .await;
        assert!(
            !codes(&chk).contains(&"t.other_region".to_string()),
            "{chk}"
        );
    }
);

both!(
    testing_a_rule_evaluates_without_saving,
    |app: TestApp| async move {
        let coord = app.login("coordinator").await;
        let before = audit_count(&app).await;
        // R&D spending of 德州 in 2024 against GDP: passes; against 1 % of GDP: violated.
        let mut r = json!({"name": "试算", "kind": "consistency", "left": "rd_expenditure",
            "op": "le", "right": "gdp", "importance": "high", "missing": "skip_if_any_missing"});
        let b = test_rule(&coord, &r, "371402", 2024, 200).await;
        assert_eq!(b["outcome"], "passed", "{b}");
        let vals = b["values"].as_array().unwrap();
        assert_eq!(vals.len(), 2, "{b}");
        assert!(vals.iter().all(|v| v["value"].is_number()), "{b}");
        r["right"] = json!("gdp * 0.001");
        let b = test_rule(&coord, &r, "371402", 2024, 200).await;
        assert_eq!(b["outcome"], "violated", "{b}");
        assert_eq!(b["violations"].as_array().unwrap().len(), 1);
        // A year without data is skipped; a region outside the scope and a bad rule are 422.
        let b = test_rule(&coord, &r, "371402", 2001, 200).await;
        assert_eq!(b["outcome"], "skipped", "{b}");
        let b = test_rule(&coord, &r, "370100", 2024, 422).await;
        assert!(b["fields"]["region_code"].is_string(), "{b}");
        r["left"] = json!("rd_expenditure ) ");
        let b = test_rule(&coord, &r, "371402", 2024, 422).await;
        assert!(b["fields"]["left"].is_string(), "{b}");
        assert_eq!(audit_count(&app).await, before, "testing writes nothing");
        let dept = app.login("dept").await;
        test_rule(&dept, &r, "371400", 2024, 403).await;
    }
);
