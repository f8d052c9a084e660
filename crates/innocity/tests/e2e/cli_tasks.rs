//! `innocity tasks list|remind` as cron and scripts run them: the real binary on a SQLite file
//! holding 德州's plan taken over for supervision.

use crate::support::cli::{ok, run, run_line};

/// The demo data set with 德州's plan taken over and assigned on 2026-03-02 (sign by 03-05).
fn assigned_demo(p: &std::path::Path) {
    ok(&run(p, &["demo", "load"]));
    let url = format!("sqlite://{}/innocity.db", p.display());
    let assigned = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let db = innocity_db::Db::connect(&url).await.unwrap();
        let actor = innocity_db::Actor::system();
        let plans = db.plans().list(&actor, None, false).await.unwrap();
        let out = db
            .supervision()
            .from_plan(
                &actor,
                assigned,
                &innocity_db::supervision::FromPlanIn {
                    plan_id: plans[0].id,
                    task_ids: None,
                    due: Some("2026-06-30".into()),
                    assign: true,
                },
            )
            .await
            .unwrap();
        assert_eq!(out.created.len(), 22);
    });
}

#[test]
fn tasks_list_and_remind() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    assigned_demo(p);

    // JSON list of the participant's tasks.
    let out = ok(&run_line(
        p,
        "tasks list --participant 371400 --format json",
    ));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 22);
    assert_eq!(items[0]["status"], "assigned");
    assert_eq!(items[0]["units"][0]["org_name"], "市科技局");
    // Another participant has none.
    let out = ok(&run_line(
        p,
        "tasks list --participant 220500 --format json",
    ));
    assert_eq!(out.matches("\"id\"").count(), 0);
    // The text table names the tasks.
    assert!(
        ok(&run(p, &["tasks", "list", "--participant", "371400"])).contains("高标准建设实验室体系")
    );

    // Reminders: the day before the sign deadline, then again (nothing), then after it.
    let first = ok(&run(p, &["tasks", "remind", "--today", "2026-03-04"]));
    assert!(first.contains("22 项在办任务"), "{first}");
    assert!(!first.contains("发送提醒 0 条"), "{first}");
    let again = ok(&run(p, &["tasks", "remind", "--today", "2026-03-04"]));
    assert!(again.contains("发送提醒 0 条"), "never twice: {again}");
    let later = ok(&run(p, &["tasks", "remind", "--today", "2026-03-06"]));
    assert!(!later.contains("发送提醒 0 条"), "{later}");
    assert!(
        !later.contains("0 项颜色变化"),
        "unsigned tasks turn yellow: {later}"
    );
    // A bad date names the option and changes nothing.
    let o = run(p, &["tasks", "remind", "--today", "2026-02-30"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--today"));
}

/// The server runs the reminder job itself shortly after start; cron running `tasks remind`
/// the same day afterwards sends nothing again.
#[test]
fn server_runs_the_reminder_job() {
    use std::io::BufRead;
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    assigned_demo(p);
    let clock = p.join("clock");
    std::fs::write(&clock, "2026-03-04").unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_innocity"))
        .args(["serve", "--bind", "127.0.0.1:0", "--reminders-delay", "0"])
        .current_dir(p)
        .env_remove("INNOCITY_DB")
        .env_remove("INNOCITY_SMTP")
        .env_remove("INNOCITY_SMTP_HOST")
        .env_remove("INNOCITY_REMINDERS")
        .env("INNOCITY_CLOCK_FILE", &clock)
        .env("INNOCITY_LOG", "info")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start the server");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let ran = loop {
        match rx.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(l) if l.contains("reminders 2026-03-04") => break Some(l),
            Ok(l) => seen.push(l),
            Err(_) => break None,
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    let ran = ran.unwrap_or_else(|| panic!("the job never ran; server said:\n{}", seen.join("\n")));
    assert!(ran.contains("22 tasks"), "{ran}");
    assert!(!ran.contains(" 0 reminders"), "{ran}");
    let again = ok(&run(p, &["tasks", "remind", "--today", "2026-03-04"]));
    assert!(again.contains("发送提醒 0 条"), "never twice: {again}");
}
