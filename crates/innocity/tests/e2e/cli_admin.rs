//! The admin subcommands as a user runs them: the real binary on a fresh SQLite file.

use crate::support::cli::{err, ok, run, run_line};
use std::process::Command;

#[test]
fn admin_commands_round_trip() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    assert!(ok(&run(p, &["db", "migrate"])).contains("schema is at version"));
    assert!(
        p.join("innocity.db").exists(),
        "the default database is innocity.db in the working directory"
    );
    let out = ok(&run(p, &["demo", "load"]));
    assert!(
        out.contains("coordinator") && out.contains("Demo-pass-2026"),
        "{out}"
    );
    assert!(
        ok(&run(p, &["demo", "load"])).contains("already loaded"),
        "idempotent"
    );

    // Users.
    let out = ok(&run_line(
        p,
        "user add li.si --role dept_reporter --org 市发展和改革委员会",
    ));
    assert!(out.contains("one-time password"), "{out}");
    assert!(
        out.contains("市发展改革委"),
        "the org is found by its alias: {out}"
    );
    let e = err(&run_line(p, "user add li.si --role viewer --org 市科技局"));
    assert!(e.contains("已存在"), "{e}");
    let e = err(&run_line(
        p,
        "user add wang --role root --org 市科技局 --password Strong-pass-123",
    ));
    assert!(e.contains("role"), "{e}");
    let e = err(&run(p, &["user", "add", "x", "--org", "不存在的局"]));
    assert!(e.contains("not found"), "{e}");
    let out = ok(&run_line(
        p,
        "user add root2 --admin --password Admin-pass-2026",
    ));
    assert!(out.contains("role admin"), "{out}");
    let list = ok(&run(p, &["user", "list"]));
    assert!(
        list.contains("li.si") && list.contains("root2") && list.contains("viewer"),
        "{list}"
    );
    // the demo column: the demo accounts are demo data, the new ones are not
    assert!(list.lines().next().unwrap().contains("demo"), "{list}");
    let cols = |name: &str| -> Vec<String> {
        let line = list
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(name))
            .unwrap_or_else(|| panic!("{name} in {list}"));
        line.split_whitespace().map(str::to_string).collect()
    };
    assert_eq!(cols("coordinator")[4], "true", "{list}");
    assert_eq!(cols("li.si")[4], "false", "{list}");
    assert_eq!(cols("root2")[4], "false", "{list}");
    let e = err(&run(p, &["user", "passwd", "li.si", "--password", "short"]));
    assert!(e.contains("10"), "policy message: {e}");
    ok(&run(
        p,
        &["user", "passwd", "li.si", "--password", "Better-pass-2026"],
    ));
    assert!(ok(&run(p, &["user", "disable", "li.si"])).contains("disabled"));
    let list = ok(&run(p, &["user", "list"]));
    let line = list.lines().find(|l| l.contains("li.si")).unwrap();
    assert!(line.contains("true"), "{line}");
    err(&run(p, &["user", "disable", "nobody"]));

    // Backup and restore.
    let out = ok(&run(p, &["backup", "--out", "b.json"]));
    assert!(out.contains("b.json"));
    std::fs::write(p.join("junk.json"), "{\"format\": \"something-else\"}").unwrap();
    let e = err(&run(p, &["restore", "junk.json", "--db", "fresh.db"]));
    assert!(e.contains("junk.json") && e.contains("备份"), "{e}");
    std::fs::write(p.join("notjson.json"), "hello").unwrap();
    assert!(err(&run(p, &["restore", "notjson.json", "--db", "fresh.db"])).contains("not JSON"));
    let e = err(&run(p, &["restore", "b.json"]));
    assert!(
        e.contains("--force"),
        "a non-empty database needs --force: {e}"
    );
    let out = ok(&run(p, &["restore", "b.json", "--db", "fresh.db"]));
    assert!(out.contains("restored"), "{out}");
    let list = ok(&run(p, &["user", "list", "--db", "fresh.db"]));
    assert!(list.contains("li.si"), "{list}");
}

#[test]
fn first_serve_prints_a_one_time_admin_password() {
    use std::io::{BufRead, BufReader};
    let d = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_innocity"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .current_dir(d.path())
        .env_remove("INNOCITY_DB")
        .env("INNOCITY_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut seen_pw = false;
    let mut listening = false;
    for _ in 0..10 {
        let Some(Ok(l)) = lines.next() else { break };
        seen_pw |= l.contains("one-time password");
        if l.starts_with("listening on http://127.0.0.1:") {
            listening = true;
            break;
        }
    }
    child.kill().ok();
    child.wait().ok();
    assert!(
        seen_pw,
        "an empty database gets an admin with a printed one-time password"
    );
    assert!(listening);
}
