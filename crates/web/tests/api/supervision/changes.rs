//! Changes after assignment: units, milestones; the daily reminder job; evidence attached
//! to a report.
use super::*;

async fn org_id(c: &Client, name: &str) -> i64 {
    let (_, orgs) = c.get(&format!("/api/v1/orgs?q={name}")).await;
    id_of(&orgs, "name", name)
}

fn parts(d: &Value, key: &str) -> Vec<(String, String)> {
    string_pairs(&d["task"][key], "org_name", "part")
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
        step(&coord, t3, json!({"action": "sign", "person": "张三"})).await;
        step(
            &dept,
            t3,
            json!({"action": "report", "progress": 10, "text": "资金已落实"}),
        )
        .await;

        // Bad input names the field; units cannot edit their own responsibility.
        let b = coord
            .put_expect(
                &url,
                json!({"units": [{"org_id": cz, "part": "coop"}, {"org_id": cz, "part": "boss"}]}),
                422,
            )
            .await;
        for f in ["units", "units[1].part", "units[1].org_id"] {
            assert!(b["fields"][f].is_string(), "{f}: {b}");
        }
        dept.put_expect(
            &url,
            json!({"units": [{"org_id": cz, "part": "lead"}]}),
            403,
        )
        .await;

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
        let r = remind(&app, "2026-06-29").await;
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
        let units = json!({"units": [
            {"org_id": fg, "part": "lead", "person": "王五"},
            {"org_id": kj, "part": "coop"},
            {"org_id": cz, "part": "joint"}
        ]});
        let d = coord.put_expect(&url, units.clone(), 200).await;
        assert!(d["task"]["former_units"].as_array().unwrap().is_empty());
        assert_eq!(d["task"]["joint"], true);
        assert_eq!(task(&dept, t3).await["task"]["my_part"], "joint");
        // No change: no audit event.
        let n = audit_count(&app).await;
        coord.put_expect(&url, units, 200).await;
        assert_eq!(audit_count(&app).await, n);

        // A draft task simply loses the unit.
        let pid = participant_id(&coord, "371400").await;
        let b = coord
            .post_expect(
                "/api/v1/supervision/tasks",
                json!({"participant_id": pid, "title": "草稿任务",
                       "units": [{"org_id": kj, "part": "lead"}, {"org_id": cz, "part": "coop"}]}),
                201,
            )
            .await;
        let draft = b["task"]["id"].as_i64().unwrap();
        let d = coord
            .put_expect(
                &format!("/api/v1/supervision/tasks/{draft}/units"),
                json!({"units": [{"org_id": kj, "part": "lead"}]}),
                200,
            )
            .await;
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
        step(&coord, t1, json!({"action": "sign", "person": "张三"})).await;
        step(
            &coord,
            t1,
            json!({"action": "request_close", "text": "完成"}),
        )
        .await;
        step(&coord, t1, json!({"action": "approve"})).await;
        coord
            .put_expect(
                &format!("/api/v1/supervision/tasks/{t1}/units"),
                json!({"units": [{"org_id": cz, "part": "lead"}]}),
                409,
            )
            .await;
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
        let d = coord
            .put_expect(
                &url,
                edit(json!({"add_milestones": [
                    {"title": "方案印发", "due": "2026-03-31"},
                    {"title": "实验室认定", "due": "2026-05-31"}
                ]})),
                200,
            )
            .await;
        let ms = d["milestones"].as_array().unwrap().clone();
        let (a, b) = (ms[0]["id"].as_i64().unwrap(), ms[1]["id"].as_i64().unwrap());
        // The first milestone is done with a report.
        step(&coord, t1, json!({"action": "sign", "person": "张三"})).await;
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
        let e = coord
            .put_expect(
                &url,
                edit(json!({
                    "milestones": [
                        {"id": a, "title": "方案印发", "due": "2026-04-30"},
                        {"id": b, "title": "实验室认定", "due": "2026-07-31"},
                        {"id": 999999, "title": "x", "due": "2026-04-01"}
                    ]
                })),
                422,
            )
            .await;
        for f in ["milestones[0].due", "milestones[1].due", "milestones[2].id"] {
            assert!(e["fields"][f].is_string(), "{f}: {e}");
        }
        let e = coord
            .put_expect(&url, edit(json!({"delete_milestones": [a, 999999]})), 422)
            .await;
        assert_field(&e, "delete_milestones[0]", "已完成");
        assert!(e["fields"]["delete_milestones[1]"].is_string(), "{e}");
        assert_eq!(audit_count(&app).await, before);

        // Renaming a done milestone is fine; moving the open one into the past turns the task
        // red at once (colour recomputed and recorded), one audit event.
        let d = coord
            .put_expect(
                &url,
                edit(json!({"milestones": [
                    {"id": a, "title": "实施方案印发", "due": "2026-03-31"},
                    {"id": b, "title": "重点实验室认定", "due": "2026-03-01"}
                ]})),
                200,
            )
            .await;
        assert_eq!(audit_count(&app).await, before + 1);
        let titles = strs(&d["milestones"], "title");
        assert_eq!(titles, ["实施方案印发", "重点实验室认定"]);
        assert_eq!(d["task"]["colour"], "red", "{d}");
        assert_eq!(
            d["colour_history"].as_array().unwrap().last().unwrap()["colour"],
            "red"
        );

        // Deleting it (one audit event with the deleted milestone) clears the warning.
        clock.set(day("2026-03-03"));
        let d = coord
            .put_expect(&url, edit(json!({"delete_milestones": [b]})), 200)
            .await;
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
        assert!(remind(&app, "2026-03-04").await.reminders.is_empty());
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
        let coord = app.login("coordinator").await; // 市科技局, lead of task 3
        let dept = app.login("dept").await; // 市财政局, cooperating on task 3
        let ids = take_over(&coord, "2026-06-30").await;
        let (t1, t3) = (ids["1"], ids["3"]);
        step(&coord, t3, json!({"action": "sign", "person": "张三"})).await;
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
        let (_, d1) = act(&coord, t1, json!({"action": "sign", "person": "张三"})).await;
        let other_task_event = last_event(&d1);
        let file = |event_id: i64| {
            json!({"file_name": "拨付凭证.txt",
                   "content_base64": b64("拨付 200 万元".as_bytes()),
                   "event_id": event_id})
        };
        let url = format!("/api/v1/supervision/tasks/{t3}/files");
        // Not the unit's own report; not a report of this task.
        assert_eq!(dept.post(&url, file(report)).await.0, 403);
        let b = dept.post_expect(&url, file(other_task_event), 422).await;
        assert!(b["fields"]["event_id"].is_string(), "{b}");
        // Its own contribution: attached to it.
        let f = dept.post_expect(&url, file(contribution), 201).await;
        assert_eq!(f["event_id"], contribution);
        let d = task(&coord, t3).await;
        let files = d["files"].as_array().unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0]["event_id"], contribution);
        // Coordinators may attach to any report of the task.
        let f = coord.post_expect(&url, file(report), 201).await;
        assert_eq!(f["event_id"], report);
    }
);
