//! Test harness in the zero2prod style: each test starts the app on a random port with a
//! fresh database — a SQLite file in a temporary directory, or a new database on the
//! PostgreSQL server named by `INNOCITY_TEST_PG` (the test script provides one; under CI a
//! missing server fails the PostgreSQL tests instead of skipping them).
#![allow(dead_code)]

use innocity_db::Db;
use innocity_web::{AppState, Config};
use serde_json::Value;
use std::time::Duration;

pub const DEMO_PASSWORD: &str = "Demo-pass-2026";

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub db: Db,
    _dir: Option<tempfile::TempDir>,
}

/// Runs a test body against both databases: `both!(name, |app| async move { … });`, or
/// with a setup that gives the server's configuration and a value for the body:
/// `both!(name, with || (config, clock), |app, clock| async move { … });`
#[macro_export]
macro_rules! both {
    ($name:ident, $body:expr) => {
        $crate::both!($name, with || (Default::default(), ()), |app, ()| ($body)(
            app
        ));
    };
    ($name:ident, with $setup:expr, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let (cfg, extra) = ($setup)();
                let app = common::spawn(common::Backend::Sqlite, cfg).await;
                ($body)(app, extra).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let (cfg, extra) = ($setup)();
                let Some(app) = common::spawn_pg(cfg).await else {
                    return;
                };
                ($body)(app, extra).await;
            }
        }
    };
}

/// The PostgreSQL server URL for tests, or None (skipped outside CI, a failure under CI).
pub fn pg_url() -> Option<String> {
    match std::env::var("INNOCITY_TEST_PG") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("INNOCITY_TEST_PG is not set under CI: the PostgreSQL tests must run (use scripts/test.sh)");
            }
            eprintln!(
                "skipping PostgreSQL variant: INNOCITY_TEST_PG not set (scripts/test.sh sets it)"
            );
            None
        }
    }
}

pub async fn spawn_pg(cfg: Config) -> Option<TestApp> {
    pg_url()?;
    Some(spawn(Backend::Postgres, cfg).await)
}

/// Creates a fresh database and starts the app on 127.0.0.1:0 with the demo set loaded.
pub async fn spawn(backend: Backend, cfg: Config) -> TestApp {
    spawn_with(backend, cfg, true).await
}

pub async fn spawn_with(backend: Backend, cfg: Config, demo: bool) -> TestApp {
    let (url, dir) = fresh_db_url(backend).await;
    let db = Db::connect(&url).await.expect("connect test database");
    if demo {
        db.demo()
            .load(Some(DEMO_PASSWORD))
            .await
            .expect("load demo");
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = AppState {
        db: db.clone(),
        cfg,
    };
    tokio::spawn(innocity_web::serve(listener, state));
    TestApp {
        base: format!("http://{addr}"),
        db,
        _dir: dir,
    }
}

/// A URL for a brand-new, empty database.
pub async fn fresh_db_url(backend: Backend) -> (String, Option<tempfile::TempDir>) {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            (format!("sqlite://{}/t.db", dir.path().display()), Some(dir))
        }
        Backend::Postgres => {
            let server = pg_url().expect("PostgreSQL URL");
            let name = format!("innocity_test_{}", uuid::Uuid::new_v4().simple());
            let admin = Db::connect_raw(&server)
                .await
                .expect("connect PostgreSQL server");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            let base = server
                .rsplit_once('/')
                .map_or(server.as_str(), |(b, _)| b)
                .to_string();
            (format!("{base}/{name}"), None)
        }
    }
}

impl TestApp {
    /// The backend this app runs on.
    pub fn backend(&self) -> Backend {
        if self.db.url.starts_with("postgres") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// A brand-new, empty database on the same backend (keep the directory while it is used).
    pub async fn fresh_db(&self) -> (Db, Option<tempfile::TempDir>) {
        let (url, dir) = fresh_db_url(self.backend()).await;
        (Db::connect(&url).await.unwrap(), dir)
    }
}

/// A logged-in HTTP client with its CSRF token.
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub csrf: String,
}

impl TestApp {
    pub fn anon(&self) -> Client {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        Client {
            http,
            base: self.base.clone(),
            csrf: String::new(),
        }
    }

    /// Logs in as a demo user.
    pub async fn login(&self, username: &str) -> Client {
        self.login_with(username, DEMO_PASSWORD).await
    }

    /// Logs in as several demo users, one after the other.
    pub async fn logins<const N: usize>(&self, usernames: [&str; N]) -> [Client; N] {
        let mut clients = Vec::with_capacity(N);
        for u in usernames {
            clients.push(self.login(u).await);
        }
        match clients.try_into() {
            Ok(all) => all,
            Err(_) => unreachable!("one client per user"),
        }
    }

    pub async fn login_with(&self, username: &str, password: &str) -> Client {
        let mut c = self.anon();
        let (s, body) = c
            .post(
                "/api/v1/auth/login",
                serde_json::json!({"username": username, "password": password}),
            )
            .await;
        assert_eq!(s, 200, "login {username}: {body}");
        c.csrf = body["csrf_token"].as_str().unwrap().to_string();
        c
    }
}

impl Client {
    pub async fn send(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut rb = self.http.request(m, format!("{}{}", self.base, path));
        if method != "GET" {
            rb = rb.header("x-csrf-token", &self.csrf);
        }
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let r = rb.send().await.expect("request");
        let s = r.status().as_u16();
        let text = r.text().await.unwrap_or_default();
        (
            s,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
    /// Sends and asserts the answer's status; returns the answer's body.
    pub async fn expect(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        status: u16,
    ) -> Value {
        let (s, b) = self.send(method, path, body).await;
        assert_eq!(s, status, "{method} {path}: {b}");
        b
    }
    /// GET that must answer 200.
    pub async fn get_ok(&self, path: &str) -> Value {
        self.expect("GET", path, None, 200).await
    }
    /// GET that must answer `status`.
    pub async fn get_expect(&self, path: &str, status: u16) -> Value {
        self.expect("GET", path, None, status).await
    }
    /// POST that must answer `status`.
    pub async fn post_expect(&self, path: &str, body: Value, status: u16) -> Value {
        self.expect("POST", path, Some(body), status).await
    }
    /// PUT that must answer `status`.
    pub async fn put_expect(&self, path: &str, body: Value, status: u16) -> Value {
        self.expect("PUT", path, Some(body), status).await
    }
    /// A login attempt that must answer `status`; returns the answer's body.
    pub async fn try_login(&self, username: &str, password: &str, status: u16) -> Value {
        let body = serde_json::json!({"username": username, "password": password});
        self.post_expect("/api/v1/auth/login", body, status).await
    }
    /// The id of the first item of a list that must answer 200.
    pub async fn first_id(&self, path: &str) -> i64 {
        let b = self.get_ok(path).await;
        b["items"][0]["id"]
            .as_i64()
            .unwrap_or_else(|| panic!("{path}: no first item: {b}"))
    }
    /// GET of a file (xlsx, docx, text) that must answer 200; returns the response.
    pub async fn download(&self, path: &str) -> reqwest::Response {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request");
        assert_eq!(r.status().as_u16(), 200, "GET {path}");
        r
    }
    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.send("GET", path, None).await
    }
    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send("POST", path, Some(body)).await
    }
    pub async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        self.send("PUT", path, Some(body)).await
    }
}

/// Creates a viewer account and asserts the answer's status; returns the answer's body.
pub async fn add_viewer(
    c: &Client,
    username: &str,
    display_name: &str,
    org_id: i64,
    password: &str,
    status: u16,
) -> Value {
    let body = serde_json::json!({"username": username, "display_name": display_name,
        "role": "viewer", "org_id": org_id, "password": password});
    c.post_expect("/api/v1/users", body, status).await
}

/// The audit log as the system sees it, newest first: the first `n` events, of one entity
/// type or of all.
pub async fn audit_log(
    app: &TestApp,
    entity: Option<&str>,
    n: u64,
) -> Vec<innocity_db::audit::AuditView> {
    let filter = innocity_db::audit::AuditFilter {
        entity: entity.map(String::from),
        ..Default::default()
    };
    let page = innocity_db::PageReq::new(Some(1), Some(n));
    innocity_db::audit::list(&app.db.conn, &innocity_db::Actor::system(), &filter, page)
        .await
        .unwrap()
        .items
}

/// Takes a plan's tasks over for supervision, assigned, due on `due` (must answer 201).
pub async fn take_over_plan(c: &Client, plan_id: i64, due: &str) -> Value {
    let body = serde_json::json!({"plan_id": plan_id, "due": due, "assign": true});
    c.post_expect("/api/v1/supervision/from-plan", body, 201)
        .await
}

/// One string field of every element of a JSON array.
pub fn strs<'a>(list: &'a Value, key: &str) -> Vec<&'a str> {
    let all = list.as_array().unwrap().iter();
    all.map(|v| v[key].as_str().unwrap()).collect()
}

/// Base64 of a file's bytes, as the upload forms send it.
pub fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Two string fields of every element of a JSON array, as pairs.
pub fn string_pairs(list: &Value, a: &str, b: &str) -> Vec<(String, String)> {
    let field = |v: &Value, k: &str| v[k].as_str().unwrap().to_string();
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| (field(v, a), field(v, b)))
        .collect()
}

/// Asserts that an error answer names `field` with a message containing `needle`.
#[track_caller]
pub fn assert_field(e: &Value, field: &str, needle: &str) {
    assert!(
        e["fields"][field]
            .as_str()
            .is_some_and(|m| m.contains(needle)),
        "{e}"
    );
}

/// The id of the participant whose region has this code.
pub async fn participant_id(c: &Client, region: &str) -> i64 {
    let (s, b) = c
        .get(&format!("/api/v1/participants?region_code={region}"))
        .await;
    assert_eq!(s, 200, "{b}");
    b["items"][0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("participant {region} not visible: {b}"))
}

/// Counts audit events straight from the database.
pub async fn audit_count(app: &TestApp) -> u64 {
    use innocity_db::sea_orm::{EntityTrait, PaginatorTrait};
    innocity_db::entity::audit_event::Entity::find()
        .count(&app.db.conn)
        .await
        .unwrap()
}

/// The element of the array `list[field]` whose `key` is `value` (a panic names them).
pub fn item<'a>(list: &'a Value, field: &str, key: &str, value: &str) -> &'a Value {
    list[field]
        .as_array()
        .unwrap_or_else(|| panic!("no array {field}: {list}"))
        .iter()
        .find(|x| x[key] == value)
        .unwrap_or_else(|| panic!("no {field} with {key} = {value}: {list}"))
}

/// The id of the element of `list["items"]` whose `key` is `value`.
pub fn id_of(list: &Value, key: &str, value: &str) -> i64 {
    item(list, "items", key, value)["id"].as_i64().unwrap()
}

/// The caller's assignment for this region (`/monitoring/assignments`).
pub async fn my_assignment(c: &Client, region: &str) -> i64 {
    let list = c.get_ok("/api/v1/monitoring/assignments").await;
    id_of(&list, "region_code", region)
}

/// The sum of a dashboard's participant status counts.
pub fn status_total(dash: &Value) -> u64 {
    dash["status_counts"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum()
}

/// A local SMTP server on 127.0.0.1 that records what it receives: one transcript a
/// connection. With a password it offers AUTH PLAIN/LOGIN and accepts only `innocity` with
/// that password. Returns its port and the transcripts.
pub async fn smtp_sink(
    password: Option<&'static str>,
) -> (u16, tokio::sync::mpsc::UnboundedReceiver<String>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let sink = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = sink.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let good = password.map(|p| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(format!("\0innocity\0{p}"))
    });
    tokio::spawn(async move {
        while let Ok((s, _)) = sink.accept().await {
            let (tx, good) = (tx.clone(), good.clone());
            tokio::spawn(async move {
                let (r, mut w) = s.into_split();
                let mut r = BufReader::new(r);
                let mut all = String::new();
                w.write_all(b"220 sink ESMTP\r\n").await.unwrap();
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
                    let cmd = line.trim_end().to_string();
                    let up = cmd.to_uppercase();
                    let answer: &[u8] = if up.starts_with("EHLO") {
                        if good.is_some() {
                            b"250-sink\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n"
                        } else {
                            b"250-sink\r\n250 8BITMIME\r\n"
                        }
                    } else if up.starts_with("AUTH PLAIN") {
                        if good.as_ref().is_some_and(|g| cmd.ends_with(g.as_str())) {
                            b"235 2.7.0 accepted\r\n"
                        } else {
                            b"535 5.7.8 bad credentials\r\n"
                        }
                    } else if up.starts_with("DATA") {
                        data = true;
                        b"354 go\r\n"
                    } else if up.starts_with("QUIT") {
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
    (port, rx)
}

/// The next transcript of an SMTP sink (waits 10 s at most).
pub async fn next_mail(rx: &mut tokio::sync::mpsc::UnboundedReceiver<String>) -> String {
    tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("a mail within 10 s")
        .expect("the sink is running")
}
