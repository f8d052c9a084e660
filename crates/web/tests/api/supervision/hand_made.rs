//! Hand-made tasks with e-mail to a local SMTP sink, backup round trip of supervision data,
//! task edits.
use super::*;

both!(hand_made_tasks_and_mail, |app: TestApp| async move {
    // A local SMTP sink on 127.0.0.1 records what it receives.
    let (port, mut rx) = smtp_sink(None).await;
    let coord = app.login("coordinator").await;
    let pid = participant_id(&coord, "371400").await;
    let cz = coord.first_id("/api/v1/orgs?q=市财政局").await;
    // Bad input names the field.
    let b = coord
        .post_expect(
            "/api/v1/supervision/tasks",
            json!({"participant_id": pid, "title": "", "due": "2026-13-01",
                   "units": [{"org_id": cz, "part": "boss", "email": "no-at"}],
                   "milestones": [{"title": "x", "due": "bad"}]}),
            422,
        )
        .await;
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
    let b = coord.post_expect("/api/v1/supervision/tasks",
            json!({"participant_id": pid, "title": "科技金融专项督查", "due": "2099-12-31",
                   "units": [{"org_id": cz, "part": "lead", "person": "李四", "email": "lisi@example.org"}],
                   "milestones": [{"title": "方案印发", "due": "2099-06-30"}]}), 201).await;
    let tid = b["task"]["id"].as_i64().unwrap();
    assert_eq!(b["task"]["status"], "draft");
    assert_eq!(b["milestones"].as_array().unwrap().len(), 1);
    // A sub-task inherits the participant.
    coord.post_expect("/api/v1/supervision/tasks",
            json!({"parent_id": tid, "title": "子任务:摸底调查", "units": [{"org_id": cz, "part": "lead"}]}), 201).await;
    assert_eq!(
        task(&coord, tid).await["subtasks"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Assigning with SMTP configured would mail the responsible person: send the pending
    // notification e-mails to the sink.
    step(&coord, tid, json!({"action": "assign"})).await;
    let smtp = innocity_service::mail::Smtp::plain("127.0.0.1", port, "innocity@example.org");
    assert_eq!(
        innocity_service::mail::flush_with(&app.db, Some(&smtp)).await,
        1
    );
    let got = next_mail(&mut rx).await;
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
    step(&dept, tid, json!({"action": "sign", "person": "张三"})).await;
});

both_clock!(
    backup_round_trip,
    |app: TestApp, _clock: Arc<ManualClock>| async move {
        let (coord, t1) = coordinator_with_task_1(&app, "2026-06-30").await;
        step(&coord, t1, json!({"action": "sign", "person": "张三"})).await;
        let files = format!("/api/v1/supervision/tasks/{t1}/files");
        let body = json!({"file_name": "说明.txt", "content_base64": b64("进展说明".as_bytes())});
        coord.post_expect(&files, body, 201).await;
        remind(&app, "2026-03-04").await;
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
        let (fresh, _dir) = app.fresh_db().await;
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
        let (coord, t1) = coordinator_with_task_1(&app, "2026-12-31").await;
        step(&coord, t1, json!({"action": "sign", "person": "张三"})).await;
        clock.set(day("2026-03-10"));
        assert_eq!(task(&coord, t1).await["task"]["colour"], "green");
        let url = format!("/api/v1/supervision/tasks/{t1}");
        let dept = app.login("dept").await;
        let before = audit_count(&app).await;
        let b = coord
            .put_expect(
                &url,
                json!({"title": "", "due": "2026-12-31",
                       "add_milestones": [{"title": "中期评估", "due": "2027-03-01"}],
                       "persons": [{"org_id": 0, "email": "bad"}]}),
                422,
            )
            .await;
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
        let b = coord.put_expect(&url,
                json!({"title": "高标准建设实验室体系(调整)", "due": "2026-12-31",
                       "add_milestones": [{"title": "中期评估", "due": "2026-03-15"}],
                       "persons": [{"org_id": org, "person": "王五", "email": "wangwu@example.org"}]}), 200).await;
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
        let b = step(&coord,
            t1,
            json!({"action": "report", "progress": 30, "text": "中期评估完成", "milestones_done": [mid]})).await;
        assert_eq!(b["milestones"][0]["done_on"], "2026-03-10");
        assert_eq!(b["task"]["colour"], "green");
    }
);
