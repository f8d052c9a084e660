//! Authorization matrix: every route of `routes::all()` × every role (and anonymous), asserting
//! allowed or denied; and no out-of-scope participant or organisation in any list or detail.

use crate::common;
use common::*;
use innocity_domain::Role;
use innocity_web::routes::{self, Access};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

/// Well-typed but invalid bodies: allowed roles get 422 (or 404), denied ones 403; nothing changes.
fn body_for(method: &str, path: &str) -> Option<Value> {
    if method == "GET" {
        return None;
    }
    Some(match path {
        "/auth/login" => json!({"username": "nobody", "password": "x"}),
        "/auth/logout" => json!({}),
        "/auth/password" => json!({"old_password": "wrong", "new_password": "x"}),
        "/participants/{id}/transition" => json!({"to": "bogus"}),
        "/regions" => json!({"code": "x", "name": "", "level": "bogus", "parent_code": null}),
        "/regions/{code}" => json!({"name": "", "level": "bogus", "parent_code": null}),
        "/orgs" | "/orgs/{id}" => {
            json!({"name": "", "kind": "bogus", "region_code": "x", "aliases": []})
        }
        "/indicators" | "/indicators/{id}" => {
            json!({"code": "", "name_zh": "", "name_en": "", "unit": null, "direction": "x", "aggregation": "x"})
        }
        "/users" => {
            json!({"username": "", "display_name": "", "role": "x", "org_id": 0, "password": ""})
        }
        "/users/{id}" => json!({"display_name": "", "role": "x", "org_id": 0, "disabled": false}),
        "/users/{id}/password" => json!({"password": "x"}),
        "/plans/extract" => json!({"text": ""}),
        "/plans" => json!({"participant_id": 0, "original_text": "", "title": ""}),
        "/supervision/tasks" => json!({"title": "", "units": []}),
        "/supervision/from-plan" => json!({"plan_id": 0}),
        "/supervision/tasks/{id}" => json!({"title": ""}),
        "/supervision/tasks/{id}/units" => json!({"units": []}),
        "/supervision/tasks/{id}/act" => json!({"action": "report", "progress": 500}),
        "/supervision/tasks/{id}/urges" => json!({"org_id": 0, "text": ""}),
        "/supervision/tasks/{id}/files" => json!({"file_name": "..", "content_base64": ""}),
        "/supervision/urges/{id}/answer" => json!({"text": ""}),
        "/supervision/notifications/read" => json!({"ids": []}),
        "/supervision/rules" => json!({"blue_days": -1}),
        "/monitoring/forms" => {
            json!({"programme_id": 0, "name": "", "year": 0, "items": [], "due_date": ""})
        }
        "/monitoring/assignments/{id}/values" | "/monitoring/assignments/{id}/check" => {
            json!({"values": [{"item": "no_such_item"}]})
        }
        "/monitoring/assignments/{id}/submit" => json!({}),
        "/monitoring/assignments/{id}/review" => json!({"action": "bogus"}),
        "/monitoring/import" => json!({"file_name": "x.txt", "content_base64": ""}),
        "/monitoring/rules" | "/monitoring/rules/{id}" => {
            json!({"code": "", "kind": "bogus", "left": "1 +", "op": "~", "right": ""})
        }
        "/monitoring/rules/{id}/enabled" => json!({"enabled": false}),
        "/monitoring/rules/test" => {
            json!({"rule": {"kind": "bogus"}, "region_code": "", "year": 0})
        }
        "/evaluations/methods" | "/evaluations/methods/{id}/versions" => {
            json!({"name": "", "method_toml": "", "structure_csv": ""})
        }
        "/evaluations/runs" => json!({"method_id": 0, "participant_ids": [], "year": 0}),
        "/evaluations/runs/{id}/rerun" => json!({}),
        other => panic!("no body for {method} {other}: add one to the matrix"),
    })
}

fn username(r: Role) -> &'static str {
    match r {
        Role::Admin => "admin",
        Role::Coordinator => "coordinator",
        Role::DeptReporter => "dept",
        Role::CountyReporter => "county",
        Role::Expert => "expert",
        Role::Reviewer => "reviewer",
        Role::Viewer => "viewer",
    }
}

/// The scope a role's user should have, computed independently from the region list.
fn subtree(regions: &[Value], root: &str) -> HashSet<String> {
    let parent: HashMap<String, Option<String>> = regions
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap().to_string(),
                r["parent_code"].as_str().map(str::to_string),
            )
        })
        .collect();
    parent
        .keys()
        .filter(|c| {
            let mut cur = Some((*c).clone());
            while let Some(x) = cur {
                if x == root {
                    return true;
                }
                cur = parent.get(&x).cloned().flatten();
            }
            false
        })
        .cloned()
        .collect()
}

async fn matrix(app: TestApp) {
    let admin = app.login("admin").await;
    let pid = participant_id(&admin, "371400").await;
    let (_, orgs) = admin.get("/api/v1/orgs?q=市科技局").await;
    let org_id = orgs["items"][0]["id"].as_i64().unwrap();
    let (_, users) = admin.get("/api/v1/users?q=viewer").await;
    let user_id = users["items"][0]["id"].as_i64().unwrap();
    let ind_id = admin.first_id("/api/v1/indicators").await;
    let prog_id = admin.first_id("/api/v1/programmes").await;
    let (_, plans) = admin.get("/api/v1/plans").await;
    let plan_id = plans["items"][0]["id"]
        .as_i64()
        .expect("the demo set has a plan");
    let (_, mas) = admin.get("/api/v1/monitoring/assignments").await;
    let mon_assignment_id = mas["items"][0]["id"]
        .as_i64()
        .expect("the demo set has monitoring assignments");
    // Supervised tasks from 德州's plan, assigned (a unit sees only its own).
    let sv = take_over_plan(&admin, plan_id, "2099-12-31").await;
    let sv_task_id = sv["created"][0]["id"].as_i64().unwrap();
    let (_, sv_all) = admin.get("/api/v1/supervision/tasks").await;
    let sv_all = sv_all["items"].as_array().unwrap().clone();
    let fill = |p: &str| -> String {
        let id = if p.starts_with("/participants") {
            pid
        } else if p.starts_with("/orgs") {
            org_id
        } else if p.starts_with("/users") {
            user_id
        } else if p.starts_with("/indicators") {
            ind_id
        } else if p.starts_with("/supervision") {
            sv_task_id
        } else if p.starts_with("/plans") {
            plan_id
        } else if p.starts_with("/monitoring/assignments") {
            mon_assignment_id
        } else if p.starts_with("/monitoring/scorecard") {
            pid
        } else if p.starts_with("/monitoring/rules") {
            // No such rule: allowed roles get 404, so nothing is changed or deleted.
            0
        } else {
            prog_id
        };
        let p = p
            .replace("{id}", &id.to_string())
            .replace("{code}", "371400");
        if p == "/orgs/lookup" {
            "/orgs/lookup?name=市科技局".into()
        } else {
            p
        }
    };
    let before = audit_count(&app).await;

    // Anonymous: every non-public route answers 401.
    let anon = app.anon();
    let all = routes::all();
    for r in &all {
        let (s, b) = anon
            .send(
                r.method,
                &format!("/api/v1{}", fill(r.path)),
                body_for(r.method, r.path),
            )
            .await;
        if r.access == Access::Public {
            assert_ne!(s, 403, "{} {} public: {b}", r.method, r.path);
        } else {
            assert_eq!(s, 401, "anonymous {} {}: {b}", r.method, r.path);
        }
    }

    for role in Role::ALL {
        let c = app.login(username(role)).await;
        for r in all
            .iter()
            .filter(|r| r.path != "/auth/logout" && r.path != "/auth/login")
        {
            let path = format!("/api/v1{}", fill(r.path));
            let (s, b) = c.send(r.method, &path, body_for(r.method, r.path)).await;
            if r.access.allows(role) {
                assert!(
                    ![401, 403, 405].contains(&s),
                    "{role:?} should reach {} {}: {s} {b}",
                    r.method,
                    r.path
                );
                assert!(
                    s != 404
                        || b["error"]
                            .as_str()
                            .is_some_and(|e| !e.contains("没有这个接口")),
                    "route {} {} missing from the router",
                    r.method,
                    r.path
                );
            } else {
                assert_eq!(
                    s, 403,
                    "{role:?} must be denied {} {}: {b}",
                    r.method, r.path
                );
            }
        }
        let (s, _) = c.post("/api/v1/auth/logout", json!({})).await;
        assert_eq!(s, 200, "{role:?} logout");
    }
    // Refused and invalid requests wrote nothing but login/logout events.
    let log = audit_log(&app, None, 200).await;
    let new: Vec<_> = log.iter().filter(|e| e.id as u64 > before).collect();
    assert!(
        new.iter()
            .all(|e| ["login", "logout", "login_failed", "login_attempt"]
                .contains(&e.action.as_str())),
        "unexpected writes: {:?}",
        new.iter()
            .map(|e| (&e.action, &e.entity))
            .collect::<Vec<_>>()
    );

    // Scope: no out-of-scope participant or organisation in any list or detail.
    let (_, regions) = admin.get("/api/v1/regions").await;
    let regions = regions["items"].as_array().unwrap().clone();
    let (_, all) = admin.get("/api/v1/participants?per_page=200").await;
    let all_parts = all["items"].as_array().unwrap().clone();
    for role in Role::ALL {
        let c = app.login(username(role)).await;
        let (_, me) = c.get("/api/v1/auth/me").await;
        let root = me["user"]["region_code"].as_str().unwrap().to_string();
        let scope = if role.sees_all_regions() {
            regions
                .iter()
                .map(|r| r["code"].as_str().unwrap().to_string())
                .collect()
        } else {
            subtree(&regions, &root)
        };
        let (_, list) = c.get("/api/v1/participants?per_page=200").await;
        let seen: HashSet<i64> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect();
        for p in &all_parts {
            let id = p["id"].as_i64().unwrap();
            let inside = scope.contains(p["region"]["code"].as_str().unwrap());
            assert_eq!(
                seen.contains(&id),
                inside,
                "{role:?} list vs scope for participant {id}"
            );
            let (s, _) = c.get(&format!("/api/v1/participants/{id}")).await;
            assert_eq!(s == 200, inside, "{role:?} detail of participant {id}: {s}");
        }
        let (_, dash) = c.get("/api/v1/dashboard").await;
        let n = status_total(&dash);
        assert_eq!(n as usize, seen.len(), "{role:?} dashboard counts");
        for t in dash["recent_transitions"].as_array().unwrap() {
            assert!(
                seen.contains(&t["participant_id"].as_i64().unwrap()),
                "{role:?} recent transition out of scope"
            );
        }
        let (_, progs) = c.get("/api/v1/programmes").await;
        let n: u64 = progs["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["participant_count"].as_u64().unwrap())
            .sum();
        assert_eq!(n as usize, seen.len(), "{role:?} programme counts");
        // Supervised tasks: units see only the tasks they have a part in; coordinators and
        // viewers those of their scope; admins and reviewers all.
        let my_org = me["user"]["org"]["id"].as_i64().unwrap();
        let (_, tasks) = c.get("/api/v1/supervision/tasks").await;
        let seen_tasks: HashSet<i64> = tasks["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect();
        for t in &sv_all {
            let id = t["id"].as_i64().unwrap();
            let has_part = t["units"]
                .as_array()
                .unwrap()
                .iter()
                .any(|u| u["org_id"] == my_org);
            let in_scope = scope.contains(t["region_code"].as_str().unwrap());
            let sees = match role {
                Role::Admin | Role::Reviewer => true,
                Role::Coordinator | Role::Viewer => in_scope,
                _ => in_scope && has_part,
            };
            assert_eq!(
                seen_tasks.contains(&id),
                sees,
                "{role:?} list vs part for task {id}"
            );
            let (s, _) = c.get(&format!("/api/v1/supervision/tasks/{id}")).await;
            assert_eq!(s == 200, sees, "{role:?} detail of task {id}: {s}");
        }
        let (_, orgs) = c.get("/api/v1/orgs?per_page=200").await;
        let mut with_anc = scope.clone();
        let parent: HashMap<&str, Option<&str>> = regions
            .iter()
            .map(|r| (r["code"].as_str().unwrap(), r["parent_code"].as_str()))
            .collect();
        let mut cur = parent.get(root.as_str()).copied().flatten();
        while let Some(x) = cur {
            with_anc.insert(x.to_string());
            cur = parent.get(x).copied().flatten();
        }
        for o in orgs["items"].as_array().unwrap() {
            if !role.sees_all_regions() {
                assert!(
                    with_anc.contains(o["region"]["code"].as_str().unwrap()),
                    "{role:?} sees org {o}"
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorization_matrix_sqlite() {
    matrix(spawn(Backend::Sqlite, Default::default()).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorization_matrix_postgres() {
    if let Some(app) = spawn_pg(Default::default()).await {
        matrix(app).await;
    }
}
