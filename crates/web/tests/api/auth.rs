//! User accounts as admin data: the demo accounts are marked as demo data (演示数据), new and
//! edited accounts keep their own flag.

use crate::common;
use common::*;
use serde_json::json;

both!(demo_accounts_are_marked, |app: TestApp| async move {
    let c = app.login("admin").await;
    let (s, l) = c.get("/api/v1/users?per_page=200").await;
    assert_eq!(s, 200, "{l}");
    let items = l["items"].as_array().unwrap();
    let demo: Vec<&str> = items
        .iter()
        .filter(|u| u["demo"] == true)
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    for name in [
        "admin",
        "coordinator",
        "dept",
        "county",
        "expert",
        "reviewer",
        "viewer",
    ] {
        assert!(demo.contains(&name), "{name} is a demo account: {l}");
    }
    // a new account is not demo data, and an edit keeps each account's flag
    let org_id = items[0]["org"]["id"].as_i64().unwrap();
    let u = add_viewer(&c, "zhao.liu", "赵六", org_id, "Zhao-pass-2026", 201).await;
    assert_eq!(u["demo"], false);
    let coord = items
        .iter()
        .find(|u| u["username"] == "coordinator")
        .unwrap();
    let e = c
        .put_expect(
            &format!("/api/v1/users/{}", coord["id"]),
            json!({"display_name": "协调员(改名)", "role": "coordinator",
                   "org_id": coord["org"]["id"], "disabled": false}),
            200,
        )
        .await;
    assert_eq!(e["demo"], true, "an edit does not clear the flag: {e}");
    // the flag is in the audit record of the change
    let (_, audit) = c.get("/api/v1/audit?entity=user&per_page=5").await;
    assert!(
        audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["after"]["username"] == "coordinator" && a["after"]["demo"] == true),
        "{audit}"
    );
});
