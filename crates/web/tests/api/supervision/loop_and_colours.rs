//! The closed loop on 德州's plan tasks, scoping and filters, reminders never sent twice,
//! evidence files and rules.
use super::*;

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
        let (s, b) = act(&dept, t3, json!({"action": "sign", "person": "张三"})).await;
        assert_eq!(s, 403, "{b}");

        // 签收 needs a responsible person (the unit has none yet): refused, nothing written.
        let before = audit_count(&app).await;
        for body in [
            json!({"action": "sign"}),
            json!({"action": "sign", "person": "  "}),
        ] {
            let (s, b) = act(&coord, t1, body).await;
            assert_eq!(
                (s, b["field_codes"]["person"].as_str()),
                (422, Some("required")),
                "{b}"
            );
        }
        assert_eq!(audit_count(&app).await, before);
        // Sign (one audit event), report progress.
        let b = step(&coord, t1, json!({"action": "sign", "person": "张三"})).await;
        // The process record and the owner's notice name the unit and its person.
        let sign = b["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "sign")
            .cloned();
        assert_eq!(sign.unwrap()["who"], "市科技局(张三)", "{b}");
        let notes = coord.get_ok("/api/v1/supervision/notifications").await;
        let signed = notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["kind"] == "sign")
            .cloned();
        assert!(
            signed.unwrap()["body"]
                .as_str()
                .unwrap()
                .starts_with("市科技局(张三)于 "),
            "{notes}"
        );
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
        let b = step(
            &coord,
            t1,
            json!({"action": "report", "progress": 40, "text": "实验室体系建设方案已印发"}),
        )
        .await;
        assert_eq!(b["task"]["progress"], 40.0);
        assert_eq!(b["task"]["latest_report"], "实验室体系建设方案已印发");
        // Out-of-order step: approving a task that is not waiting for review.
        let (s, _) = act(&coord, t1, json!({"action": "approve"})).await;
        assert_eq!(s, 409);

        // Task 3: signed and contributed to by the cooperating unit.
        step(&coord, t3, json!({"action": "sign", "person": "张三"})).await;
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
        let r = remind(&app, "2026-07-01").await;
        assert!(r.colour_changes >= 22, "{r:?}");
        let (_, reds) = coord.get("/api/v1/supervision/tasks?colour=red").await;
        assert!(reds["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == t1));

        // 催办 to 市财政局 on task 3, answered by it.
        let b = coord
            .post_expect(
                &format!("/api/v1/supervision/tasks/{t3}/urges"),
                json!({"org_id": 0, "text": ""}),
                422,
            )
            .await;
        assert!(b["fields"]["org_id"].is_string() && b["fields"]["text"].is_string());
        let dept_org = task(&dept, t3).await["task"]["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["part"] == "coop")
            .unwrap()["org_id"]
            .as_i64()
            .unwrap();
        let b = coord
            .post_expect(
                &format!("/api/v1/supervision/tasks/{t3}/urges"),
                json!({"org_id": dept_org, "text": "请报送资金拨付进度", "answer_days": 2}),
                200,
            )
            .await;
        let urge_id = b["urges"][0]["id"].as_i64().unwrap();
        let answer = format!("/api/v1/supervision/urges/{urge_id}/answer");
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
        coord.post_expect(&answer, json!({"text": "x"}), 403).await;
        let b = dept
            .post_expect(&answer, json!({"text": "已拨付 300 万元"}), 200)
            .await;
        assert_eq!(b["urges"][0]["answered_on"], "2026-07-01");
        dept.post_expect(&answer, json!({"text": "again"}), 409)
            .await;
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
        let score_of =
            |v: &Value, org: &str| item(v, "rows", "org_name", org)["score"].as_f64().unwrap();
        let b = step(
            &coord,
            t1,
            json!({"action": "request_close", "text": "已全面完成"}),
        )
        .await;
        assert_eq!(b["task"]["status"], "closing");
        let (s, b) = act(&coord, t1, json!({"action": "send_back", "text": ""})).await;
        assert_eq!(s, 422);
        assert!(b["fields"]["text"].is_string());
        let b = step(
            &coord,
            t1,
            json!({"action": "send_back", "text": "缺少佐证材料"}),
        )
        .await;
        assert_eq!(b["task"]["status"], "signed");
        clock.set(day("2026-07-03"));
        step(
            &coord,
            t1,
            json!({"action": "request_close", "text": "补充了佐证材料"}),
        )
        .await;
        let (_, sc0) = coord
            .get("/api/v1/supervision/scores?from=2026-01-01&to=2026-12-31")
            .await;
        let kjj0 = score_of(&sc0, "市科技局");
        let b = step(&coord, t1, json!({"action": "approve"})).await;
        assert_eq!(b["task"]["status"], "closed");
        assert_eq!(b["task"]["colour"], "green");
        let kinds = strs(&b["events"], "kind");
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
        let colours = strs(&b["colour_history"], "colour");
        // Assigned today with three days to sign: not "due soon" on day one.
        assert_eq!(colours.first(), Some(&"green"), "the colour on assignment");
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
        step(
            &coord,
            t1,
            json!({"action": "reopen", "text": "复核发现问题"}),
        )
        .await;
        let (_, sc2) = coord
            .get("/api/v1/supervision/scores?from=2026-01-01&to=2026-12-31")
            .await;
        assert!(score_of(&sc2, "市科技局") < kjj1);

        // The bulletin (情况通报) as DOCX: ranking and warned tasks; coordinators only.
        let r = coord
            .download("/api/v1/supervision/bulletin.docx?from=2026-01-01&to=2026-12-31")
            .await;
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
        let r = coord.download("/api/v1/supervision/ledger.xlsx").await;
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
        let r = remind(&app, "2026-03-04").await;
        assert_eq!(r.tasks, 22);
        assert!(!r.reminders.is_empty());
        assert!(
            r.reminders.iter().all(|x| x.key == "sign@before:1"),
            "{:?}",
            r.reminders
        );
        let n = r.reminders.len();
        // Same day again, and the next day: nothing new.
        assert!(remind(&app, "2026-03-04").await.reminders.is_empty());
        assert!(remind(&app, "2026-03-05").await.reminders.is_empty());
        // Sign one task; the day after the deadline only the unsigned get "after 1".
        step(
            &coord,
            ids["1"],
            json!({"action": "sign", "person": "张三"}),
        )
        .await;
        let r = remind(&app, "2026-03-06").await;
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
    |app: TestApp, clock: Arc<ManualClock>| async move {
        let (coord, t1) = coordinator_with_task_1(&app, "2026-12-31").await;
        let url = format!("/api/v1/supervision/tasks/{t1}/files");
        let pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\nstartxref\n9\n%%EOF\n".to_vec();
        // A real DOCX is a ZIP, but not every ZIP is a DOCX.
        let docx = coord
            .download("/api/v1/supervision/bulletin.docx")
            .await
            .bytes()
            .await
            .unwrap()
            .to_vec();
        let f = coord
            .post_expect(
                &url,
                json!({"file_name": "通报\u{202E}\u{200B}.docx", "content_base64": b64(&docx)}),
                201,
            )
            .await;
        assert_eq!(
            f["name"], "通报.docx",
            "bidi and zero-width characters are dropped"
        );
        let f = coord
            .post_expect(
                &url,
                json!({"file_name": "../../etc/证明材料.pdf", "content_base64": b64(&pdf)}),
                201,
            )
            .await;
        assert_eq!(f["name"], "证明材料.pdf", "directories are dropped");
        assert_eq!(f["content_type"], "application/pdf");
        let before = audit_count(&app).await;
        for (name, data, field) in [
            ("a.pdf", b"MZ\x90\x00".to_vec(), "file_name"),
            ("a.pdf", b"%PDF-1.4\nno trailer".to_vec(), "file_name"),
            ("a.xlsx", docx.clone(), "file_name"),
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
        dept.post_expect(
            &url,
            json!({"file_name": "x.txt", "content_base64": b64(b"x")}),
            404,
        )
        .await;

        // Rules: invalid values name their fields; a wider blue window turns tasks blue.
        let (_, r) = coord.get("/api/v1/supervision/rules").await;
        assert_eq!(r["rules"]["blue_days"], 7);
        let mut rules = r["rules"].clone();
        rules["blue_days"] = json!(-1);
        rules["score"]["coop_weight"] = json!(3);
        let b = coord
            .put_expect("/api/v1/supervision/rules", rules.clone(), 422)
            .await;
        assert!(
            b["fields"]["blue_days"].is_string() && b["fields"]["score.coop_weight"].is_string()
        );
        dept.put_expect("/api/v1/supervision/rules", r["rules"].clone(), 403)
            .await;
        step(&coord, t1, json!({"action": "sign", "person": "张三"})).await;
        step(
            &coord,
            t1,
            json!({"action": "report", "progress": 5, "text": "起步"}),
        )
        .await;
        assert_eq!(task(&coord, t1).await["task"]["colour"], "green");
        // The 03-02 report met the 04-05 deadline. Past half the next window (04-06 to
        // 05-05), the deadline 05-05 is 13 days away: outside the 7-day blue window.
        clock.set(day("2026-04-22"));
        assert_eq!(task(&coord, t1).await["task"]["colour"], "green");
        rules["blue_days"] = json!(90);
        rules["score"]["coop_weight"] = json!(0.5);
        coord
            .put_expect("/api/v1/supervision/rules", rules, 200)
            .await;
        // A 90-day blue window takes it in.
        assert_eq!(task(&coord, t1).await["task"]["colour"], "blue");
    }
);
