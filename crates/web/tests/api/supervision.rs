//! Task supervision (督查督办): tasks from 德州's plan, the closed loop with its audit events,
//! colours as the clock moves, 催办 and answers, reminders never sent twice, evidence files,
//! scoping (a unit never sees a task it has no part in), the ledger export, scores and e-mail
//! to a local SMTP sink.

use crate::common;
use chrono::NaiveDate;
use common::*;
use innocity_supervise::ManualClock;
use innocity_web::Config;
use serde_json::{json, Value};
use std::sync::Arc;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cfg_at(d: &str) -> (Config, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(day(d)));
    (
        Config {
            clock: clock.clone(),
            ..Default::default()
        },
        clock,
    )
}

macro_rules! both_clock {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let (cfg, clock) = cfg_at("2026-03-02");
                let app = common::spawn(common::Backend::Sqlite, cfg).await;
                ($body)(app, clock).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let (cfg, clock) = cfg_at("2026-03-02");
                let Some(app) = common::spawn_pg(cfg).await else {
                    return;
                };
                ($body)(app, clock).await;
            }
        }
    };
}

async fn plan_id(c: &Client) -> i64 {
    let (s, b) = c.get("/api/v1/plans").await;
    assert_eq!(s, 200, "{b}");
    b["items"][0]["id"]
        .as_i64()
        .expect("the demo set has 德州's plan")
}

/// Takes over 德州's plan, assigned at once with a final deadline; returns number → task id.
async fn take_over(c: &Client, due: &str) -> std::collections::HashMap<String, i64> {
    let pid = plan_id(c).await;
    let (s, b) = c
        .post(
            "/api/v1/supervision/from-plan",
            json!({"plan_id": pid, "due": due, "assign": true}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(b["created"].as_array().unwrap().len(), 22, "{b}");
    assert_eq!(
        b["skipped"].as_object().unwrap().len(),
        1,
        "task 23 has no unit: {b}"
    );
    // Idempotent: a second take-over creates nothing.
    let (s, again) = c
        .post(
            "/api/v1/supervision/from-plan",
            json!({"plan_id": pid, "due": due}),
        )
        .await;
    assert_eq!(s, 201);
    assert_eq!(again["created"].as_array().unwrap().len(), 0);
    b["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["number"].as_str().unwrap().to_string(),
                t["id"].as_i64().unwrap(),
            )
        })
        .collect()
}

async fn task(c: &Client, id: i64) -> Value {
    let (s, b) = c.get(&format!("/api/v1/supervision/tasks/{id}")).await;
    assert_eq!(s, 200, "{b}");
    b
}

async fn act(c: &Client, id: i64, body: Value) -> (u16, Value) {
    c.post(&format!("/api/v1/supervision/tasks/{id}/act"), body)
        .await
}

both_clock!(
    closed_loop,
    |app: TestApp, clock: Arc<ManualClock>| async move {
        let coord = app.login("coordinator").await; // 市科技局
        let dept = app.login("dept").await; // 市财政局
        let ids = take_over(&coord, "2026-06-30").await;
        let t1 = ids["1"]; // 市科技局 leads alone
        let t3 = ids["3"]; // 市科技局 leads, 市财政局 cooperates

        let d = task(&coord, t1).await;
        assert_eq!(d["task"]["status"], "assigned");
        assert_eq!(d["task"]["my_part"], "lead");
        assert!(d["allowed"]["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("sign")));
        assert_eq!(d["colour_history"].as_array().unwrap().len(), 1);

        // 市财政局 has no part in task 1: not found; it cooperates on task 3.
        assert_eq!(
            dept.get(&format!("/api/v1/supervision/tasks/{t1}")).await.0,
            404
        );
        assert_eq!(task(&dept, t3).await["task"]["my_part"], "coop");
        // A cooperating unit cannot sign.
        let (s, b) = act(&dept, t3, json!({"action": "sign"})).await;
        assert_eq!(s, 403, "{b}");

        // Sign (one audit event), report progress.
        let before = audit_count(&app).await;
        let (s, b) = act(&coord, t1, json!({"action": "sign", "person": "张三"})).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["task"]["status"], "signed");
        assert_eq!(b["task"]["signed_on"], "2026-03-02");
        assert_eq!(audit_count(&app).await, before + 1);
        // Bad input names the field and writes nothing.
        let (s, b) = act(
            &coord,
            t1,
            json!({"action": "report", "progress": 150, "text": ""}),
        )
        .await;
        assert_eq!(s, 422);
        assert!(
            b["fields"]["progress"].is_string() && b["fields"]["text"].is_string(),
            "{b}"
        );
        assert_eq!(audit_count(&app).await, before + 1);
        let (s, b) = act(
            &coord,
            t1,
            json!({"action": "report", "progress": 40, "text": "实验室体系建设方案已印发"}),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["task"]["progress"], 40.0);
        assert_eq!(b["task"]["latest_report"], "实验室体系建设方案已印发");
        // Out-of-order step: approving a task that is not waiting for review.
        let (s, _) = act(&coord, t1, json!({"action": "approve"})).await;
        assert_eq!(s, 409);

        // Task 3: signed and contributed to by the cooperating unit.
        assert_eq!(act(&coord, t3, json!({"action": "sign"})).await.0, 200);
        let (s, b) = act(
            &dept,
            t3,
            json!({"action": "report", "progress": 90, "text": "市财政局:资金已拨付"}),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            b["task"]["progress"],
            Value::Null,
            "a contribution is not the lead's progress"
        );
        assert!(b["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "contribution"));

        // Task 5 is never signed: yellow once the sign deadline (03-05) has passed.
        let t5 = ids["5"];
        clock.set(day("2026-03-06"));
        let d = task(&coord, t5).await;
        assert_eq!(d["task"]["colour"], "yellow", "{}", d["task"]);
        // The deadline passes: red, recorded by the daily job.
        clock.set(day("2026-07-01"));
        let d = task(&coord, t1).await;
        assert_eq!(d["task"]["colour"], "red", "{}", d["task"]);
        let r = app
            .db
            .supervision()
            .remind(day("2026-07-01"))
            .await
            .unwrap();
        assert!(r.colour_changes >= 22, "{r:?}");
        let (_, reds) = coord.get("/api/v1/supervision/tasks?colour=red").await;
        assert!(reds["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == t1));

        // 催办 to 市财政局 on task 3, answered by it.
        let (s, b) = coord
            .post(
                &format!("/api/v1/supervision/tasks/{t3}/urges"),
                json!({"org_id": 0, "text": ""}),
            )
            .await;
        assert_eq!(s, 422);
        assert!(b["fields"]["org_id"].is_string() && b["fields"]["text"].is_string());
        let dept_org = task(&dept, t3).await["task"]["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["part"] == "coop")
            .unwrap()["org_id"]
            .as_i64()
            .unwrap();
        let (s, b) = coord
            .post(
                &format!("/api/v1/supervision/tasks/{t3}/urges"),
                json!({"org_id": dept_org, "text": "请报送资金拨付进度", "answer_days": 2}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        let urge_id = b["urges"][0]["id"].as_i64().unwrap();
        assert_eq!(b["urges"][0]["answer_due"], "2026-07-03");
        let (_, notes) = dept
            .get("/api/v1/supervision/notifications?unread=true")
            .await;
        let note = notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["kind"] == "urge")
            .expect("the urged unit is notified");
        // The coordinator (another unit) cannot answer it.
        let (s, _) = coord
            .post(
                &format!("/api/v1/supervision/urges/{urge_id}/answer"),
                json!({"text": "x"}),
            )
            .await;
        assert_eq!(s, 403);
        let (s, b) = dept
            .post(
                &format!("/api/v1/supervision/urges/{urge_id}/answer"),
                json!({"text": "已拨付 300 万元"}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["urges"][0]["answered_on"], "2026-07-01");
        let (s, _) = dept
            .post(
                &format!("/api/v1/supervision/urges/{urge_id}/answer"),
                json!({"text": "again"}),
            )
            .await;
        assert_eq!(s, 409);
        let nid = note["id"].as_i64().unwrap();
        let (s, b) = dept
            .post(
                "/api/v1/supervision/notifications/read",
                json!({"ids": [nid]}),
            )
            .await;
        assert_eq!((s, &b["read"]), (200, &json!(1)), "{b}");
        let (_, notes) = dept
            .get("/api/v1/supervision/notifications?unread=true")
            .await;
        assert!(!notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["id"] == nid));
        // Another unit's notification is not found.
        assert_eq!(
            coord
                .post(
                    "/api/v1/supervision/notifications/read",
                    json!({"ids": [nid]})
                )
                .await
                .0,
            404
        );

        // Closing: request, send back with a reason, request again, approve.
        let score_of = |v: &Value, org: &str| {
            v["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["org_name"] == org)
                .map(|r| r["score"].as_f64().unwrap())
                .unwrap()
        };
        let (s, b) = act(
            &coord,
            t1,
            json!({"action": "request_close", "text": "已全面完成"}),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["task"]["status"], "closing");
        let (s, b) = act(&coord, t1, json!({"action": "send_back", "text": ""})).await;
        assert_eq!(s, 422);
        assert!(b["fields"]["text"].is_string());
        let (s, b) = act(
            &coord,
            t1,
            json!({"action": "send_back", "text": "缺少佐证材料"}),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["task"]["status"], "signed");
        clock.set(day("2026-07-03"));
        assert_eq!(
            act(
                &coord,
                t1,
                json!({"action": "request_close", "text": "补充了佐证材料"})
            )
            .await
            .0,
            200
        );
        let (_, sc0) = coord
            .get("/api/v1/supervision/scores?from=2026-01-01&to=2026-12-31")
            .await;
        let kjj0 = score_of(&sc0, "市科技局");
        let (s, b) = act(&coord, t1, json!({"action": "approve"})).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["task"]["status"], "closed");
        assert_eq!(b["task"]["colour"], "green");
        let kinds: Vec<&str> = b["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "assign",
                "sign",
                "report",
                "request_close",
                "send_back",
                "request_close",
                "approve"
            ]
        );
        let colours: Vec<&str> = b["colour_history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["colour"].as_str().unwrap())
            .collect();
        assert_eq!(
            colours.first(),
            Some(&"blue"),
            "sign deadline within 7 days"
        );
        assert_eq!(colours.last(), Some(&"green"));
        assert!(colours.contains(&"red"), "{colours:?}");
        let (_, sc1) = coord
            .get("/api/v1/supervision/scores?from=2026-01-01&to=2026-12-31")
            .await;
        let kjj1 = score_of(&sc1, "市科技局");
        assert!(
            kjj1 > kjj0,
            "closing adds completion points: {kjj0} → {kjj1}"
        );
        // A late completion adds 5 points (the deadline was 06-30, the request came 07-03).
        assert!((kjj1 - kjj0 - 5.0).abs() < 1e-9, "{kjj0} → {kjj1}");

        // Re-opened by the coordinator: completion withdrawn.
        let (s, b) = act(
            &coord,
            t1,
            json!({"action": "reopen", "text": "复核发现问题"}),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let (_, sc2) = coord
            .get("/api/v1/supervision/scores?from=2026-01-01&to=2026-12-31")
            .await;
        assert!(score_of(&sc2, "市科技局") < kjj1);

        // The bulletin (情况通报) as DOCX: ranking and warned tasks; coordinators only.
        let r = coord
            .http
            .get(format!(
                "{}/api/v1/supervision/bulletin.docx?from=2026-01-01&to=2026-12-31",
                coord.base
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let text = innocity_office::docx::read_text(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(text[0], "重点任务督查督办情况通报");
        assert_eq!(text[1], "(2026-01-01 至 2026-12-31)");
        assert!(
            text.iter()
                .any(|p| p.starts_with("截至 2026-07-03,共督办重点任务 22 项")),
            "{text:?}"
        );
        assert!(text.contains(&"市科技局".to_string()));
        assert!(
            text.iter().any(|p| p.contains("高标准建设实验室体系")),
            "task 1 is red again"
        );
        assert_eq!(dept.get("/api/v1/supervision/bulletin.docx").await.0, 403);
    }
);

both_clock!(
    scope_and_filters,
    |app: TestApp, _clock: Arc<ManualClock>| async move {
        let coord = app.login("coordinator").await;
        take_over(&coord, "2026-12-31").await;
        let (_, all) = coord.get("/api/v1/supervision/tasks").await;
        assert_eq!(all["total"], 22);
        let dept = app.login("dept").await;
        let (_, me) = dept.get("/api/v1/auth/me").await;
        let org = me["user"]["org"]["id"]
            .as_i64()
            .expect("org id in /auth/me");
        let (_, mine) = dept.get("/api/v1/supervision/tasks").await;
        let mine = mine["items"].as_array().unwrap().clone();
        assert!(!mine.is_empty());
        for t in &mine {
            assert!(
                t["units"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|u| u["org_id"] == org),
                "市财政局 sees a task it has no part in: {}",
                t["title"]
            );
        }
        let expected = all["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| {
                t["units"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|u| u["org_id"] == org)
            })
            .count();
        assert_eq!(mine.len(), expected);
        // The department filter of the coordinator gives the same set.
        let (_, f) = coord
            .get(&format!("/api/v1/supervision/tasks?org_id={org}"))
            .await;
        assert_eq!(f["total"].as_u64().unwrap() as usize, expected);
        // Other filters.
        let (_, st) = coord.get("/api/v1/supervision/tasks?status=assigned").await;
        assert_eq!(st["total"], 22);
        let (_, st) = coord.get("/api/v1/supervision/tasks?status=closed").await;
        assert_eq!(st["total"], 0);
        let (s, b) = coord.get("/api/v1/supervision/tasks?colour=purple").await;
        assert_eq!(s, 422, "{b}");
        let (_, r) = coord.get("/api/v1/supervision/tasks?region=220500").await;
        assert_eq!(r["total"], 0, "no task in 通化");
        // A county reporter (德城区人民政府) has no part in any: sees none, details 404.
        let county = app.login("county").await;
        let (_, l) = county.get("/api/v1/supervision/tasks").await;
        assert_eq!(l["total"], 0);
        let some = all["items"][0]["id"].as_i64().unwrap();
        assert_eq!(
            county
                .get(&format!("/api/v1/supervision/tasks/{some}"))
                .await
                .0,
            404
        );
        // The ledger (台账) export reads back with the usual columns.
        let r = coord
            .http
            .get(format!("{}/api/v1/supervision/ledger.xlsx", coord.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let rows = innocity_office::read_rows(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(rows[0].0, "督办台账");
        assert_eq!(
            rows[0].1[1],
            [
                "序号",
                "任务",
                "牵头单位",
                "配合单位",
                "时限",
                "进展",
                "状态"
            ]
        );
        assert_eq!(rows[0].1.len(), 2 + 22);
        assert_eq!(rows[0].1[2][0], "1");
        assert!(rows[0].1[2][1].contains("高标准建设实验室体系"));
        assert_eq!(rows[0].1[2][2], "市科技局");
        assert_eq!(rows[0].1[2][4], "2026-12-31");
        assert!(rows[0].1[2][6].starts_with("待签收"));
        // The department's own ledger holds only its tasks.
        let r = dept
            .http
            .get(format!("{}/api/v1/supervision/ledger.xlsx", dept.base))
            .send()
            .await
            .unwrap();
        let rows = innocity_office::read_rows(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(rows[0].1.len(), 2 + expected);
    }
);

both_clock!(
    reminders_never_twice,
    |app: TestApp, clock: Arc<ManualClock>| async move {
        let coord = app.login("coordinator").await;
        let ids = take_over(&coord, "2026-04-30").await;
        // 03-02 assigned, sign deadline 03-05: "before 1" reminder on 03-04.
        let r = app
            .db
            .supervision()
            .remind(day("2026-03-04"))
            .await
            .unwrap();
        assert_eq!(r.tasks, 22);
        assert!(!r.reminders.is_empty());
        assert!(
            r.reminders.iter().all(|x| x.key == "sign@before:1"),
            "{:?}",
            r.reminders
        );
        let n = r.reminders.len();
        // Same day again, and the next day: nothing new.
        assert!(app
            .db
            .supervision()
            .remind(day("2026-03-04"))
            .await
            .unwrap()
            .reminders
            .is_empty());
        assert!(app
            .db
            .supervision()
            .remind(day("2026-03-05"))
            .await
            .unwrap()
            .reminders
            .is_empty());
        // Sign one task; the day after the deadline only the unsigned get "after 1".
        assert_eq!(
            act(&coord, ids["1"], json!({"action": "sign"})).await.0,
            200
        );
        let r = app
            .db
            .supervision()
            .remind(day("2026-03-06"))
            .await
            .unwrap();
        assert!(r.reminders.iter().all(|x| x.key == "sign@after:1"));
        assert!(!r.reminders.iter().any(|x| x.task_id == ids["1"]));
        assert!(r.reminders.len() < n);
        assert!(r.colour_changes > 0, "unsigned tasks turn yellow");
        // In the notification centre of 市科技局.
        let (_, notes) = coord.get("/api/v1/supervision/notifications").await;
        assert!(notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "remind"));
        assert!(notes["unread"].as_u64().unwrap() > 0);
        // The colour history records the change with its day.
        clock.set(day("2026-03-06"));
        let d = task(&coord, ids["5"]).await;
        let h = d["colour_history"].as_array().unwrap();
        assert_eq!(h.last().unwrap()["colour"], "yellow");
        assert_eq!(h.last().unwrap()["day"], "2026-03-06");
    }
);

both_clock!(
    evidence_files_and_rules,
    |app: TestApp, _clock: Arc<ManualClock>| async move {
        use base64::Engine;
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        let coord = app.login("coordinator").await;
        let ids = take_over(&coord, "2026-12-31").await;
        let t1 = ids["1"];
        let url = format!("/api/v1/supervision/tasks/{t1}/files");
        let pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".to_vec();
        let (s, f) = coord
            .post(
                &url,
                json!({"file_name": "../../etc/证明材料.pdf", "content_base64": b64(&pdf)}),
            )
            .await;
        assert_eq!(s, 201, "{f}");
        assert_eq!(f["name"], "证明材料.pdf", "directories are dropped");
        assert_eq!(f["content_type"], "application/pdf");
        let before = audit_count(&app).await;
        for (name, data, field) in [
            ("a.pdf", b"MZ\x90\x00".to_vec(), "file_name"),
            ("a.exe", b"MZ\x90\x00".to_vec(), "file_name"),
            ("..", pdf.clone(), "file_name"),
            ("a.pdf", vec![], "content_base64"),
            (
                "big.pdf",
                [b"%PDF-".to_vec(), vec![0u8; 5 * 1024 * 1024]].concat(),
                "content_base64",
            ),
        ] {
            let (s, b) = coord
                .post(
                    &url,
                    json!({"file_name": name, "content_base64": b64(&data)}),
                )
                .await;
            assert_eq!(s, 422, "{name}: {b}");
            assert!(b["fields"][field].is_string(), "{name}: {b}");
        }
        assert_eq!(
            audit_count(&app).await,
            before,
            "refused files write nothing"
        );
        let fid = f["id"].as_i64().unwrap();
        let r = coord
            .http
            .get(format!("{}/api/v1/supervision/files/{fid}", coord.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["content-type"], "application/pdf");
        assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);
        // 市财政局 has no part in task 1: neither the task nor its file.
        let dept = app.login("dept").await;
        assert_eq!(
            dept.get(&format!("/api/v1/supervision/files/{fid}"))
                .await
                .0,
            404
        );
        let (s, _) = dept
            .post(
                &url,
                json!({"file_name": "x.txt", "content_base64": b64(b"x")}),
            )
            .await;
        assert_eq!(s, 404);

        // Rules: invalid values name their fields; a wider blue window turns tasks blue.
        let (_, r) = coord.get("/api/v1/supervision/rules").await;
        assert_eq!(r["rules"]["blue_days"], 7);
        let mut rules = r["rules"].clone();
        rules["blue_days"] = json!(-1);
        rules["score"]["coop_weight"] = json!(3);
        let (s, b) = coord.put("/api/v1/supervision/rules", rules.clone()).await;
        assert_eq!(s, 422);
        assert!(
            b["fields"]["blue_days"].is_string() && b["fields"]["score.coop_weight"].is_string()
        );
        let (s, _) = dept
            .put("/api/v1/supervision/rules", r["rules"].clone())
            .await;
        assert_eq!(s, 403);
        assert_eq!(act(&coord, t1, json!({"action": "sign"})).await.0, 200);
        assert_eq!(
            act(
                &coord,
                t1,
                json!({"action": "report", "progress": 5, "text": "起步"})
            )
            .await
            .0,
            200
        );
        assert_eq!(task(&coord, t1).await["task"]["colour"], "green");
        rules["blue_days"] = json!(90);
        rules["score"]["coop_weight"] = json!(0.5);
        let (s, b) = coord.put("/api/v1/supervision/rules", rules).await;
        assert_eq!(s, 200, "{b}");
        // Next report deadline 04-05 is within 90 days.
        assert_eq!(task(&coord, t1).await["task"]["colour"], "blue");
    }
);

both!(hand_made_tasks_and_mail, |app: TestApp| async move {
    // A local SMTP sink on 127.0.0.1 records what it receives.
    let sink = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let smtp_addr = sink.local_addr().unwrap().to_string();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    tokio::spawn(async move {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        while let Ok((s, _)) = sink.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let (r, mut w) = s.into_split();
                let mut r = BufReader::new(r);
                let mut all = String::new();
                w.write_all(b"220 sink\r\n").await.unwrap();
                let mut data = false;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                        break;
                    }
                    all.push_str(&line);
                    if data {
                        if line == ".\r\n" {
                            data = false;
                            w.write_all(b"250 queued\r\n").await.unwrap();
                        }
                        continue;
                    }
                    let cmd = line.to_uppercase();
                    let answer: &[u8] = if cmd.starts_with("EHLO") {
                        b"250-sink\r\n250 8BITMIME\r\n"
                    } else if cmd.starts_with("DATA") {
                        data = true;
                        b"354 go\r\n"
                    } else if cmd.starts_with("QUIT") {
                        w.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    w.write_all(answer).await.unwrap();
                }
                let _ = tx.send(all);
            });
        }
    });
    let coord = app.login("coordinator").await;
    let pid = participant_id(&coord, "371400").await;
    let (_, orgs) = coord.get("/api/v1/orgs?q=市财政局").await;
    let cz = orgs["items"][0]["id"].as_i64().unwrap();
    // Bad input names the field.
    let (s, b) = coord
        .post(
            "/api/v1/supervision/tasks",
            json!({"participant_id": pid, "title": "", "due": "2026-13-01",
                   "units": [{"org_id": cz, "part": "boss", "email": "no-at"}],
                   "milestones": [{"title": "x", "due": "bad"}]}),
        )
        .await;
    assert_eq!(s, 422);
    for f in [
        "title",
        "due",
        "units[0].part",
        "units[0].email",
        "milestones[0].due",
        "units",
    ] {
        assert!(b["fields"][f].is_string(), "{f}: {b}");
    }
    let (s, b) = coord
        .post(
            "/api/v1/supervision/tasks",
            json!({"participant_id": pid, "title": "科技金融专项督查", "due": "2099-12-31",
                   "units": [{"org_id": cz, "part": "lead", "person": "李四", "email": "lisi@example.org"}],
                   "milestones": [{"title": "方案印发", "due": "2099-06-30"}]}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let tid = b["task"]["id"].as_i64().unwrap();
    assert_eq!(b["task"]["status"], "draft");
    assert_eq!(b["milestones"].as_array().unwrap().len(), 1);
    // A sub-task inherits the participant.
    let (s, sub) = coord
        .post(
            "/api/v1/supervision/tasks",
            json!({"parent_id": tid, "title": "子任务:摸底调查", "units": [{"org_id": cz, "part": "lead"}]}),
        )
        .await;
    assert_eq!(s, 201, "{sub}");
    assert_eq!(
        task(&coord, tid).await["subtasks"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Assigning with SMTP configured would mail the responsible person: send the pending
    // notification e-mails to the sink.
    let (s, _) = act(&coord, tid, json!({"action": "assign"})).await;
    assert_eq!(s, 200);
    let port = smtp_addr.rsplit_once(':').unwrap().1.parse().unwrap();
    let smtp = innocity_service::mail::Smtp::plain("127.0.0.1", port, "innocity@example.org");
    assert_eq!(
        innocity_service::mail::flush_with(&app.db, Some(&smtp)).await,
        1
    );
    let got = tokio::time::timeout(std::time::Duration::from_secs(10), rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(got.contains("RCPT TO:<lisi@example.org>"), "{got}");
    assert!(
        got.to_lowercase().contains("subject: =?utf-8?b?"),
        "the Chinese subject is encoded: {got}"
    );
    // Sent once: nothing pending any more.
    assert_eq!(
        innocity_service::mail::flush_with(&app.db, Some(&smtp)).await,
        0
    );
    // The department (市财政局) now sees the task and may sign it.
    let dept = app.login("dept").await;
    let d = task(&dept, tid).await;
    assert_eq!(d["task"]["my_part"], "lead");
    assert_eq!(act(&dept, tid, json!({"action": "sign"})).await.0, 200);
});

both_clock!(
    backup_round_trip,
    |app: TestApp, _clock: Arc<ManualClock>| async move {
        use base64::Engine;
        let coord = app.login("coordinator").await;
        let ids = take_over(&coord, "2026-06-30").await;
        let t1 = ids["1"];
        assert_eq!(act(&coord, t1, json!({"action": "sign"})).await.0, 200);
        let (s, _) = coord
            .post(
                &format!("/api/v1/supervision/tasks/{t1}/files"),
                json!({"file_name": "说明.txt",
                       "content_base64": base64::engine::general_purpose::STANDARD.encode("进展说明".as_bytes())}),
            )
            .await;
        assert_eq!(s, 201);
        app.db
            .supervision()
            .remind(day("2026-03-04"))
            .await
            .unwrap();
        let doc = app.db.backup().await.unwrap();
        for t in [
            "sv_tasks",
            "sv_units",
            "sv_events",
            "sv_files",
            "sv_notifications",
            "sv_colours",
            "sv_reminders",
        ] {
            assert!(
                !doc["tables"][t].as_array().unwrap().is_empty(),
                "{t} is in the backup"
            );
        }
        let backend = if app.db.url.starts_with("postgres") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        let (url, _dir) = fresh_db_url(backend).await;
        let fresh = innocity_db::Db::connect(&url).await.unwrap();
        fresh.restore(&doc, false).await.unwrap();
        let again = fresh.backup().await.unwrap();
        assert_eq!(
            again["tables"], doc["tables"],
            "restored content equals the backup"
        );
        // New rows after the restore (sequences repaired): a task by hand and the daily job.
        let actor = innocity_db::Actor::system();
        let part = fresh
            .supervision()
            .task(&actor, day("2026-03-05"), t1)
            .await
            .unwrap();
        let org = part.task.units[0].org_id;
        let d = fresh
            .supervision()
            .create_task(
                &actor,
                day("2026-03-05"),
                &innocity_db::supervision::TaskIn {
                    participant_id: Some(part.task.participant_id),
                    parent_id: Some(t1),
                    number: None,
                    title: "恢复后新建".into(),
                    description: None,
                    due: Some("2026-05-31".into()),
                    units: vec![innocity_db::supervision::UnitIn {
                        org_id: org,
                        part: "lead".into(),
                        person: None,
                        email: None,
                        phone: None,
                    }],
                    milestones: vec![innocity_db::supervision::MilestoneIn {
                        title: "节点".into(),
                        due: "2026-04-30".into(),
                    }],
                },
            )
            .await
            .unwrap();
        assert!(d.task.id > t1);
        let r = fresh.supervision().remind(day("2026-03-06")).await.unwrap();
        assert!(!r.reminders.is_empty());
        // The restored file has the same bytes.
        let f = fresh
            .supervision()
            .file(&actor, part.files[0].id)
            .await
            .unwrap();
        assert_eq!(f.data, "进展说明".as_bytes());
    }
);

both_clock!(
    edit_task,
    |app: TestApp, clock: Arc<ManualClock>| async move {
        let coord = app.login("coordinator").await;
        let ids = take_over(&coord, "2026-12-31").await;
        let t1 = ids["1"];
        assert_eq!(act(&coord, t1, json!({"action": "sign"})).await.0, 200);
        clock.set(day("2026-03-10"));
        assert_eq!(task(&coord, t1).await["task"]["colour"], "green");
        let url = format!("/api/v1/supervision/tasks/{t1}");
        let dept = app.login("dept").await;
        let before = audit_count(&app).await;
        let (s, b) = coord
            .put(
                &url,
                json!({"title": "", "due": "2026-12-31",
                       "add_milestones": [{"title": "中期评估", "due": "2027-03-01"}],
                       "persons": [{"org_id": 0, "email": "bad"}]}),
            )
            .await;
        assert_eq!(s, 422);
        for f in [
            "title",
            "add_milestones[0].due",
            "persons[0].org_id",
            "persons[0].email",
        ] {
            assert!(b["fields"][f].is_string(), "{f}: {b}");
        }
        assert_eq!(dept.put(&url, json!({"title": "x"})).await.0, 403);
        assert_eq!(audit_count(&app).await, before);
        let org = task(&coord, t1).await["task"]["units"][0]["org_id"].clone();
        let (s, b) = coord
            .put(
                &url,
                json!({"title": "高标准建设实验室体系(调整)", "due": "2026-12-31",
                       "add_milestones": [{"title": "中期评估", "due": "2026-03-15"}],
                       "persons": [{"org_id": org, "person": "王五", "email": "wangwu@example.org"}]}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(audit_count(&app).await, before + 1);
        assert_eq!(b["task"]["title"], "高标准建设实验室体系(调整)");
        assert_eq!(b["milestones"][0]["title"], "中期评估");
        assert_eq!(b["task"]["units"][0]["person"], "王五");
        // The new milestone is five days away: blue, recorded in the history.
        assert_eq!(b["task"]["colour"], "blue");
        assert_eq!(
            b["colour_history"].as_array().unwrap().last().unwrap()["colour"],
            "blue"
        );
        // Reported done with the progress report: green again.
        let mid = b["milestones"][0]["id"].as_i64().unwrap();
        let (s, b) = act(
            &coord,
            t1,
            json!({"action": "report", "progress": 30, "text": "中期评估完成", "milestones_done": [mid]}),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["milestones"][0]["done_on"], "2026-03-10");
        assert_eq!(b["task"]["colour"], "green");
    }
);

async fn org_id(c: &Client, name: &str) -> i64 {
    let (_, orgs) = c.get(&format!("/api/v1/orgs?q={name}")).await;
    orgs["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == name)
        .unwrap_or_else(|| panic!("no org {name}: {orgs}"))["id"]
        .as_i64()
        .unwrap()
}

fn parts(d: &Value, key: &str) -> Vec<(String, String)> {
    d["task"][key]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["org_name"].as_str().unwrap().to_string(),
                u["part"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

both_clock!(
    units_change_after_assignment,
    |app: TestApp, clock: Arc<ManualClock>| async move {
        let coord = app.login("coordinator").await; // 市科技局
        let dept = app.login("dept").await; // 市财政局
        let ids = take_over(&coord, "2026-06-30").await;
        let t3 = ids["3"]; // 市科技局 leads, 市财政局 cooperates
        let kj = org_id(&coord, "市科技局").await;
        let cz = org_id(&coord, "市财政局").await;
        let fg = org_id(&coord, "市发展改革委").await;
        let url = format!("/api/v1/supervision/tasks/{t3}/units");
        // 市财政局 reports its contribution before the change.
        assert_eq!(act(&coord, t3, json!({"action": "sign"})).await.0, 200);
        let (s, b) = act(
            &dept,
            t3,
            json!({"action": "report", "progress": 10, "text": "资金已落实"}),
        )
        .await;
        assert_eq!(s, 200, "{b}");

        // Bad input names the field; units cannot edit their own responsibility.
        let (s, b) = coord
            .put(
                &url,
                json!({"units": [{"org_id": cz, "part": "coop"}, {"org_id": cz, "part": "boss"}]}),
            )
            .await;
        assert_eq!(s, 422, "{b}");
        for f in ["units", "units[1].part", "units[1].org_id"] {
            assert!(b["fields"][f].is_string(), "{f}: {b}");
        }
        let (s, b) = dept
            .put(&url, json!({"units": [{"org_id": cz, "part": "lead"}]}))
            .await;
        assert_eq!(s, 403, "{b}");

        // New lead 市发展改革委 (with its responsible person), 市科技局 becomes cooperating,
        // 市财政局 (which already reported) is taken off: one audit event, one history event.
        clock.set(day("2026-03-10"));
        let before = audit_count(&app).await;
        let (s, d) = coord
            .put(
                &url,
                json!({"units": [
                    {"org_id": fg, "part": "lead", "person": "王五", "email": "wangwu@example.org"},
                    {"org_id": kj, "part": "coop"}
                ], "reason": "市政府常务会议调整分工"}),
            )
            .await;
        assert_eq!(s, 200, "{d}");
        assert_eq!(audit_count(&app).await, before + 1);
        assert_eq!(
            parts(&d, "units"),
            vec![
                ("市科技局".to_string(), "coop".to_string()),
                ("市发展改革委".to_string(), "lead".to_string())
            ]
        );
        let lead = &d["task"]["units"][1];
        assert_eq!(lead["person"], "王五");
        assert_eq!(lead["added_on"], "2026-03-10");
        let former = d["task"]["former_units"].as_array().unwrap();
        assert_eq!(former.len(), 1, "{d}");
        assert_eq!(former[0]["org_name"], "市财政局");
        assert_eq!(former[0]["removed_on"], "2026-03-10");
        let ev = d["events"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(ev["kind"], "units");
        let text = ev["text"].as_str().unwrap();
        assert!(
            text.contains("调出配合市财政局") && text.contains("市政府常务会议调整分工"),
            "{text}"
        );
        // The coordinator's unit is no longer the lead: it may not sign or report as lead.
        assert_eq!(d["task"]["my_part"], "coop");
        // The taken-off unit keeps its history (read only): its report is still there, it
        // may no longer act, and the task left its "mine" list.
        let dd = task(&dept, t3).await;
        assert!(dd["task"]["my_part"].is_null(), "{dd}");
        assert!(dd["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "contribution" && e["text"] == "资金已落实"));
        let (s, _) = act(
            &dept,
            t3,
            json!({"action": "report", "progress": 20, "text": "再次报送"}),
        )
        .await;
        assert_eq!(s, 403);
        let (_, mine) = dept.get("/api/v1/supervision/tasks?mine=true").await;
        assert!(!mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == t3));
        // The new lead was told (with an e-mail address for the mail job).
        let mail = app.db.supervision().pending_mail().await.unwrap();
        assert!(
            mail.iter()
                .any(|m| m.to == "wangwu@example.org" && m.subject.contains("交办")),
            "{mail:?}"
        );
        // Reminders go to the current lead only, not to the unit taken off.
        let r = app
            .db
            .supervision()
            .remind(day("2026-06-29"))
            .await
            .unwrap();
        let for_t3: Vec<i64> = r
            .reminders
            .iter()
            .filter(|x| x.task_id == t3)
            .map(|x| x.org_id)
            .collect();
        assert!(
            !for_t3.is_empty() && for_t3.iter().all(|o| *o == fg),
            "{for_t3:?}"
        );
        // Scores: the unit taken off still counts for the days it was responsible.
        let (_, sc) = coord
            .get("/api/v1/supervision/scores?from=2026-01-01&to=2026-12-31")
            .await;
        assert!(sc["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["org_name"] == "市发展改革委"));

        // Listing 市财政局 again brings it back (same row, history intact).
        let (s, d) = coord
            .put(
                &url,
                json!({"units": [
                    {"org_id": fg, "part": "lead", "person": "王五"},
                    {"org_id": kj, "part": "coop"},
                    {"org_id": cz, "part": "joint"}
                ]}),
            )
            .await;
        assert_eq!(s, 200, "{d}");
        assert!(d["task"]["former_units"].as_array().unwrap().is_empty());
        assert_eq!(d["task"]["joint"], true);
        assert_eq!(task(&dept, t3).await["task"]["my_part"], "joint");
        // No change: no audit event.
        let n = audit_count(&app).await;
        let (s, _) = coord
            .put(
                &url,
                json!({"units": [
                    {"org_id": fg, "part": "lead", "person": "王五"},
                    {"org_id": kj, "part": "coop"},
                    {"org_id": cz, "part": "joint"}
                ]}),
            )
            .await;
        assert_eq!(s, 200);
        assert_eq!(audit_count(&app).await, n);

        // A draft task simply loses the unit.
        let pid = participant_id(&coord, "371400").await;
        let (s, b) = coord
            .post(
                "/api/v1/supervision/tasks",
                json!({"participant_id": pid, "title": "草稿任务",
                       "units": [{"org_id": kj, "part": "lead"}, {"org_id": cz, "part": "coop"}]}),
            )
            .await;
        assert_eq!(s, 201, "{b}");
        let draft = b["task"]["id"].as_i64().unwrap();
        let (s, d) = coord
            .put(
                &format!("/api/v1/supervision/tasks/{draft}/units"),
                json!({"units": [{"org_id": kj, "part": "lead"}]}),
            )
            .await;
        assert_eq!(s, 200, "{d}");
        assert_eq!(d["task"]["units"].as_array().unwrap().len(), 1);
        assert!(d["task"]["former_units"].as_array().unwrap().is_empty());
        assert_eq!(
            dept.get(&format!("/api/v1/supervision/tasks/{draft}"))
                .await
                .0,
            404,
            "a unit removed from a draft has no part in it"
        );

        // Closed tasks cannot be changed.
        let t1 = ids["1"];
        assert_eq!(act(&coord, t1, json!({"action": "sign"})).await.0, 200);
        assert_eq!(
            act(
                &coord,
                t1,
                json!({"action": "request_close", "text": "完成"})
            )
            .await
            .0,
            200
        );
        assert_eq!(act(&coord, t1, json!({"action": "approve"})).await.0, 200);
        let (s, b) = coord
            .put(
                &format!("/api/v1/supervision/tasks/{t1}/units"),
                json!({"units": [{"org_id": cz, "part": "lead"}]}),
            )
            .await;
        assert_eq!(s, 409, "{b}");
    }
);

both_clock!(
    milestones_change_and_delete,
    |app: TestApp, clock: Arc<ManualClock>| async move {
        let coord = app.login("coordinator").await;
        let ids = take_over(&coord, "2026-06-30").await;
        let t1 = ids["1"];
        let url = format!("/api/v1/supervision/tasks/{t1}");
        let edit = |extra: Value| {
            let mut b = json!({"title": "高标准建设实验室体系", "due": "2026-06-30"});
            for (k, v) in extra.as_object().unwrap() {
                b[k] = v.clone();
            }
            b
        };
        let (s, d) = coord
            .put(
                &url,
                edit(json!({"add_milestones": [
                    {"title": "方案印发", "due": "2026-03-31"},
                    {"title": "实验室认定", "due": "2026-05-31"}
                ]})),
            )
            .await;
        assert_eq!(s, 200, "{d}");
        let ms = d["milestones"].as_array().unwrap().clone();
        let (a, b) = (ms[0]["id"].as_i64().unwrap(), ms[1]["id"].as_i64().unwrap());
        // The first milestone is done with a report.
        assert_eq!(act(&coord, t1, json!({"action": "sign"})).await.0, 200);
        let (s, r) = act(
            &coord,
            t1,
            json!({"action": "report", "progress": 30, "text": "方案已印发", "milestones_done": [a]}),
        )
        .await;
        assert_eq!(s, 200, "{r}");

        // A done milestone keeps its due date and cannot be deleted; unknown ids and dates
        // after the task's deadline are refused; nothing is written.
        let before = audit_count(&app).await;
        let (s, e) = coord
            .put(
                &url,
                edit(json!({
                    "milestones": [
                        {"id": a, "title": "方案印发", "due": "2026-04-30"},
                        {"id": b, "title": "实验室认定", "due": "2026-07-31"},
                        {"id": 999999, "title": "x", "due": "2026-04-01"}
                    ]
                })),
            )
            .await;
        assert_eq!(s, 422, "{e}");
        for f in ["milestones[0].due", "milestones[1].due", "milestones[2].id"] {
            assert!(e["fields"][f].is_string(), "{f}: {e}");
        }
        let (s, e) = coord
            .put(&url, edit(json!({"delete_milestones": [a, 999999]})))
            .await;
        assert_eq!(s, 422, "{e}");
        assert!(
            e["fields"]["delete_milestones[0]"]
                .as_str()
                .is_some_and(|m| m.contains("已完成")),
            "{e}"
        );
        assert!(e["fields"]["delete_milestones[1]"].is_string(), "{e}");
        assert_eq!(audit_count(&app).await, before);

        // Renaming a done milestone is fine; moving the open one into the past turns the task
        // red at once (colour recomputed and recorded), one audit event.
        let (s, d) = coord
            .put(
                &url,
                edit(json!({"milestones": [
                    {"id": a, "title": "实施方案印发", "due": "2026-03-31"},
                    {"id": b, "title": "重点实验室认定", "due": "2026-03-01"}
                ]})),
            )
            .await;
        assert_eq!(s, 200, "{d}");
        assert_eq!(audit_count(&app).await, before + 1);
        let titles: Vec<&str> = d["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles, ["实施方案印发", "重点实验室认定"]);
        assert_eq!(d["task"]["colour"], "red", "{d}");
        assert_eq!(
            d["colour_history"].as_array().unwrap().last().unwrap()["colour"],
            "red"
        );

        // Deleting it (one audit event with the deleted milestone) clears the warning.
        clock.set(day("2026-03-03"));
        let (s, d) = coord
            .put(&url, edit(json!({"delete_milestones": [b]})))
            .await;
        assert_eq!(s, 200, "{d}");
        assert_eq!(d["milestones"].as_array().unwrap().len(), 1);
        assert_ne!(d["task"]["colour"], "red", "{d}");
        let last = d["colour_history"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_ne!(last["colour"], "red");
        assert_eq!(last["day"], "2026-03-03");
        let (_, audit) = coord
            .get("/api/v1/audit?entity=sv_task&action=update")
            .await;
        assert!(
            audit.to_string().contains("重点实验室认定"),
            "the deleted milestone is in the audit log: {audit}"
        );
    }
);

both_clock!(
    reminder_job_runs_once_a_day,
    |app: TestApp, clock: Arc<ManualClock>| async move {
        use innocity_service::scheduler::Reminders;
        let coord = app.login("coordinator").await;
        take_over(&coord, "2026-04-30").await;
        // 03-02 assigned, sign deadline 03-05.
        let mut job = Reminders::new(app.db.clone(), clock.clone(), None);
        let first = job.tick().await.unwrap().expect("runs on its first tick");
        // The sign deadline is within 7 days of the assignment: the "before 7" reminder.
        assert!(!first.report.reminders.is_empty());
        assert!(
            first
                .report
                .reminders
                .iter()
                .all(|x| x.key == "sign@before:7"),
            "{:?}",
            first.report.reminders
        );
        assert!(job.tick().await.unwrap().is_none(), "once a day");
        clock.set(day("2026-03-04"));
        let r = job.tick().await.unwrap().expect("a new day");
        assert!(!r.report.reminders.is_empty());
        assert!(r.report.reminders.iter().all(|x| x.key == "sign@before:1"));
        assert!(job.tick().await.unwrap().is_none());
        // A restarted server runs again the same day but sends nothing twice, and neither
        // does the cron job beside it.
        let mut restarted = Reminders::new(app.db.clone(), clock.clone(), None);
        let again = restarted
            .tick()
            .await
            .unwrap()
            .expect("runs after a restart");
        assert!(again.report.reminders.is_empty(), "{:?}", again.report);
        assert!(app
            .db
            .supervision()
            .remind(day("2026-03-04"))
            .await
            .unwrap()
            .reminders
            .is_empty());
        // Two days later the overdue reminders come, once.
        clock.set(day("2026-03-06"));
        let r = job.tick().await.unwrap().expect("a new day");
        assert!(!r.report.reminders.is_empty());
        assert!(r.report.reminders.iter().all(|x| x.key == "sign@after:1"));
        assert!(r.report.colour_changes > 0);
        let again = restarted.tick().await.unwrap().expect("a new day");
        assert!(again.report.reminders.is_empty());
    }
);

both_clock!(
    evidence_for_a_report,
    |app: TestApp, _clock: Arc<ManualClock>| async move {
        use base64::Engine;
        let coord = app.login("coordinator").await; // 市科技局, lead of task 3
        let dept = app.login("dept").await; // 市财政局, cooperating on task 3
        let ids = take_over(&coord, "2026-06-30").await;
        let (t1, t3) = (ids["1"], ids["3"]);
        assert_eq!(act(&coord, t3, json!({"action": "sign"})).await.0, 200);
        let last_event = |d: &Value| {
            d["events"].as_array().unwrap().last().unwrap()["id"]
                .as_i64()
                .unwrap()
        };
        let (_, d) = act(
            &coord,
            t3,
            json!({"action": "report", "progress": 20, "text": "方案已印发"}),
        )
        .await;
        let report = last_event(&d);
        let (s, d) = act(
            &dept,
            t3,
            json!({"action": "report", "progress": 20, "text": "资金已拨付"}),
        )
        .await;
        assert_eq!(s, 200, "{d}");
        let contribution = last_event(&d);
        let (_, d1) = act(&coord, t1, json!({"action": "sign"})).await;
        let other_task_event = last_event(&d1);
        let file = |event_id: i64| {
            json!({"file_name": "拨付凭证.txt",
                   "content_base64": base64::engine::general_purpose::STANDARD.encode("拨付 200 万元".as_bytes()),
                   "event_id": event_id})
        };
        let url = format!("/api/v1/supervision/tasks/{t3}/files");
        // Not the unit's own report; not a report of this task.
        assert_eq!(dept.post(&url, file(report)).await.0, 403);
        let (s, b) = dept.post(&url, file(other_task_event)).await;
        assert_eq!(s, 422, "{b}");
        assert!(b["fields"]["event_id"].is_string(), "{b}");
        // Its own contribution: attached to it.
        let (s, f) = dept.post(&url, file(contribution)).await;
        assert_eq!(s, 201, "{f}");
        assert_eq!(f["event_id"], contribution);
        let d = task(&coord, t3).await;
        let files = d["files"].as_array().unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0]["event_id"], contribution);
        // Coordinators may attach to any report of the task.
        let (s, f) = coord.post(&url, file(report)).await;
        assert_eq!(s, 201, "{f}");
        assert_eq!(f["event_id"], report);
    }
);
