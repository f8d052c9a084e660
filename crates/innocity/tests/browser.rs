//! Browser test: the real `innocity serve --demo` binary driven through headless Chromium
//! (Debian's `chromium` + `chromedriver`, via fantoccini / WebDriver).
//!
//! Scenario: log in as `coordinator` → home → programme 国家创新型城市 → participant 德州 →
//! change the status 建设中 → 待验收 with a note → the status tag and the history show the
//! change → a transition made stale by a concurrent change is refused with the server's 409
//! message → switch the UI to English and see translated labels → log out.
//!
//! Screenshots go to `target/browser-screenshots/` for inspection.
//! Under `CI=true` a missing chromium/chromedriver fails the test; elsewhere it is skipped with a
//! printed reason.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fantoccini::{elements::Element, Client, ClientBuilder, Locator};

const DEMO_PASSWORD: &str = "Demo-pass-2026";
const WAIT: Duration = Duration::from_secs(30);

/// Kills (and reaps) a child process when dropped, so nothing outlives the test.
struct KillOnDrop(Child, &'static str);
impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
        eprintln!("[browser] stopped {} (pid {})", self.1, self.0.id());
    }
}

/// A temporary directory removed when dropped (no tempfile crate in this test's dependencies).
struct TempDir(PathBuf);
impl TempDir {
    fn new() -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let p =
            std::env::temp_dir().join(format!("innocity-browser-{}-{}", std::process::id(), nanos));
        std::fs::create_dir_all(&p).expect("create temp dir");
        TempDir(p)
    }
}
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn find_program(names: &[&str], extra: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in names {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    extra.iter().map(PathBuf::from).find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/browser-screenshots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Starts the server binary and returns it with its base URL, read from its
/// `listening on http://127.0.0.1:PORT` line.
fn start_server(dir: &Path) -> (KillOnDrop, String) {
    let db = format!("sqlite://{}/t.db", dir.display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_innocity"))
        .args(["serve", "--demo", "--bind", "127.0.0.1:0", "--db", &db])
        .env("INNOCITY_DEMO_PASSWORD", DEMO_PASSWORD)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start innocity serve");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        // Keep draining stdout for the server's whole life so it never blocks on a full pipe.
        let mut sent = false;
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            eprintln!("[server] {line}");
            if !sent {
                if let Some(i) = line.find("listening on http://") {
                    let url = line[i + "listening on ".len()..]
                        .trim()
                        .trim_end_matches('/')
                        .to_string();
                    let _ = tx.send(url);
                    sent = true;
                }
            }
        }
    });
    let guard = KillOnDrop(child, "innocity serve");
    let url = rx
        .recv_timeout(Duration::from_secs(180))
        .expect("the server did not print `listening on http://…` within 180 s");
    (guard, url)
}

fn start_chromedriver(bin: &Path) -> (KillOnDrop, u16) {
    let port = free_port();
    let child = Command::new(bin)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let guard = KillOnDrop(child, "chromedriver");
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not open port {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (guard, port)
}

async fn connect(port: u16, chromium: &Path, profile: &Path) -> Client {
    let args = vec![
        "--headless=new".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--window-size=1400,1000".into(),
        "--lang=zh-CN".into(),
        format!("--user-data-dir={}", profile.display()),
    ];
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({ "args": args, "binary": chromium.to_string_lossy() }),
    );
    ClientBuilder::native()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("connect to chromedriver")
}

// ---------------------------------------------------------------- helpers

async fn el(c: &Client, css: &str) -> Result<Element, String> {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .map_err(|e| format!("element `{css}` not found: {e}"))
}

async fn click(c: &Client, css: &str) -> Result<(), String> {
    let start = Instant::now();
    loop {
        let e = el(c, css).await?;
        match e.click().await {
            Ok(()) => return Ok(()),
            // a toast or a closing dialog may briefly cover the element
            Err(err) if start.elapsed() < WAIT => {
                eprintln!("[browser] retrying click on `{css}`: {err}");
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            Err(err) => return Err(format!("click `{css}`: {err}")),
        }
    }
}

async fn typ(c: &Client, css: &str, text: &str) -> Result<(), String> {
    el(c, css)
        .await?
        .send_keys(text)
        .await
        .map_err(|e| format!("type into `{css}`: {e}"))
}

/// Waits until the text of `css` satisfies `pred`, returning the last text seen.
async fn wait_text(
    c: &Client,
    css: &str,
    what: &str,
    pred: impl Fn(&str) -> bool,
) -> Result<String, String> {
    let start = Instant::now();
    let mut last = String::new();
    while start.elapsed() < WAIT {
        if let Ok(elems) = c.find_all(Locator::Css(css)).await {
            for e in elems {
                if let Ok(t) = e.text().await {
                    if pred(&t) {
                        return Ok(t);
                    }
                    last = t;
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Err(format!("`{css}` never showed {what}; last text: {last:?}"))
}

async fn shot(c: &Client, name: &str) {
    match c.screenshot().await {
        Ok(png) => {
            let p = screenshot_dir().join(format!("{name}.png"));
            if std::fs::write(&p, png).is_ok() {
                eprintln!("[browser] screenshot {}", p.display());
            }
        }
        Err(e) => eprintln!("[browser] screenshot {name} failed: {e}"),
    }
}

async fn current_hash(c: &Client) -> String {
    c.current_url()
        .await
        .map(|u| u.fragment().unwrap_or("").to_string())
        .unwrap_or_default()
}

// ---------------------------------------------------------------- scenario

async fn scenario(c: &Client, base: &str) -> Result<(), String> {
    // Login page, in Chinese by default.
    c.goto(&format!("{base}/"))
        .await
        .map_err(|e| e.to_string())?;
    el(c, "#login-username").await?;
    wait_text(c, ".login-page", "the product name", |t| {
        t.contains("创新型城市建设监测评价平台")
    })
    .await?;
    shot(c, "01-login").await;
    typ(c, "#login-username", "coordinator").await?;
    typ(c, "#login-password", DEMO_PASSWORD).await?;
    click(c, "#login-submit").await?;

    // Home: the header shows who is logged in; the programme cards link to the programmes.
    wait_text(c, "[data-test=user-role]", "the role 协调员", |t| {
        t.contains("协调员")
    })
    .await?;
    wait_text(c, "[data-test=nav-home]", "首页", |t| t.contains("首页")).await?;
    el(c, ".prog-card").await?;
    shot(c, "02-home").await;
    // the users page is admin-only: no navigation entry for a coordinator
    let users_nav = c
        .find_all(Locator::Css("[data-test=nav-users]"))
        .await
        .map_err(|e| e.to_string())?;
    if !users_nav.is_empty() {
        return Err("a coordinator sees the 用户管理 navigation entry".into());
    }

    // Home → programme 国家创新型城市.
    let link = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//div[contains(@class,'prog-name')]/a[normalize-space(.)='国家创新型城市']",
        ))
        .await
        .map_err(|e| format!("programme link 国家创新型城市 not on the home page: {e}"))?;
    link.click().await.map_err(|e| e.to_string())?;
    wait_text(c, "[data-test=breadcrumbs]", "the programme crumb", |t| {
        t.contains("国家创新型城市")
    })
    .await?;

    // Programme → participant 德州 (filter by name first, so paging cannot hide it).
    typ(
        c,
        "input[data-test=filter-q], [data-test=filter-q] input",
        "德州",
    )
    .await?;
    click(c, "[data-test=filter-search]").await?;
    click(c, "[data-test=participant-link-371400]").await?;
    let hash = current_hash(c).await;
    if !hash.starts_with("/participants/") {
        return Err(format!("expected a participant page, got #{hash}"));
    }
    wait_text(c, "[data-test=participant-name]", "德州", |t| {
        t.contains("德州")
    })
    .await?;
    wait_text(c, "[data-test=participant-status]", "建设中", |t| {
        t.trim() == "建设中"
    })
    .await?;
    shot(c, "03-participant-before").await;

    // 建设中 → 待验收, with a note.
    let note = "浏览器测试:已报送总结材料和指标完成情况";
    click(c, "[data-test=transition-pending_acceptance]").await?;
    el(c, "#transition-note").await?;
    tokio::time::sleep(Duration::from_millis(400)).await; // dialog opening animation
    typ(c, "#transition-note", note).await?;
    shot(c, "04-transition-dialog").await;
    click(c, "#transition-confirm").await?;

    wait_text(c, "[data-test=participant-status]", "待验收", |t| {
        t.trim() == "待验收"
    })
    .await?;
    // (WebDriver text skips elements still fading in, so wait for the whole row)
    wait_text(
        c,
        "[data-test=status-history]",
        "a history row 建设中 → 待验收 with the note",
        |t| t.contains(note) && t.contains("建设中") && t.contains("待验收"),
    )
    .await?;
    el(c, "[data-test=history-pending_acceptance]").await?;
    // the next allowed transitions replace the old one
    el(c, "[data-test=transition-passed]").await?;
    if !c
        .find_all(Locator::Css("[data-test=transition-pending_acceptance]"))
        .await
        .map_err(|e| e.to_string())?
        .is_empty()
    {
        return Err("the 待验收 button is still offered after the change".into());
    }
    shot(c, "05-participant-after").await;

    // The change survives a reload (it came from the server, not from local state).
    c.refresh().await.map_err(|e| e.to_string())?;
    wait_text(
        c,
        "[data-test=participant-status]",
        "待验收 after reload",
        |t| t.trim() == "待验收",
    )
    .await?;
    wait_text(
        c,
        "[data-test=status-history]",
        "the note after reload",
        |t| t.contains(note),
    )
    .await?;

    // A refused transition shows the server's 409 message: open the dialog for 待验收 → 整改中,
    // let "another user" (a direct API call from the page) decide 通过 first, then confirm.
    let pid = current_hash(c)
        .await
        .trim_start_matches("/participants/")
        .to_string();
    click(c, "[data-test=transition-rectifying]").await?;
    el(c, "#transition-note").await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let status = c
        .execute_async(
            r#"const [pid, done] = arguments;
               fetch('/api/v1/auth/me').then(r => r.json()).then(me =>
                 fetch('/api/v1/participants/' + pid + '/transition', {
                   method: 'POST',
                   headers: {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token},
                   body: JSON.stringify({to: 'passed', note: '并发操作'})
                 })).then(r => done(r.status), e => done(String(e)));"#,
            vec![serde_json::json!(pid)],
        )
        .await
        .map_err(|e| format!("direct API call: {e}"))?;
    if status != serde_json::json!(200) {
        return Err(format!("direct transition to 通过 answered {status}"));
    }
    click(c, "#transition-confirm").await?;
    let refused = wait_text(c, "[data-test=transition-error]", "the 409 message", |t| {
        t.contains("不允许")
    })
    .await?;
    eprintln!("[browser] refused transition shows: {refused}");
    shot(c, "06-transition-refused").await;
    click(c, "[data-test=transition-cancel]").await?;
    wait_text(
        c,
        "[data-test=participant-status]",
        "通过 after the refusal",
        |t| t.trim() == "通过",
    )
    .await?;

    // English.
    click(c, "[data-test=lang-en]").await?;
    wait_text(
        c,
        "[data-test=participant-status]",
        "the English status label",
        |t| t.trim() == "Passed",
    )
    .await?;
    wait_text(
        c,
        "[data-test=status-history]",
        "English history labels",
        |t| t.contains("Awaiting acceptance"),
    )
    .await?;
    wait_text(
        c,
        "[data-test=nav-participants]",
        "the English nav label",
        |t| t.contains("Participants"),
    )
    .await?;
    wait_text(c, "[data-test=logout]", "Log out", |t| {
        t.contains("Log out")
    })
    .await?;
    shot(c, "07-participant-english").await;

    // The choice is remembered across a reload.
    c.refresh().await.map_err(|e| e.to_string())?;
    wait_text(c, "[data-test=nav-home]", "Home after reload", |t| {
        t.contains("Home")
    })
    .await?;

    // Log out → login page; the session is gone (home sends us back to login).
    click(c, "[data-test=logout]").await?;
    el(c, "#login-username").await?;
    wait_text(c, "#login-submit", "the English sign-in button", |t| {
        t.contains("Sign in")
    })
    .await?;
    c.goto(&format!("{base}/#/participants"))
        .await
        .map_err(|e| e.to_string())?;
    el(c, "#login-username").await?;
    let hash = current_hash(c).await;
    if !hash.starts_with("/login") {
        return Err(format!(
            "after logout a protected page did not lead to login: #{hash}"
        ));
    }
    shot(c, "08-logged-out").await;
    Ok(())
}

/// Server + chromedriver + browser session for one test. Fields drop in order: chromedriver
/// and the server are killed before the temporary directory is removed.
struct Harness {
    client: Client,
    base: String,
    _driver: KillOnDrop,
    _server: KillOnDrop,
    _dir: TempDir,
}

/// Starts everything, or returns None (after printing why) when the browser is missing outside
/// CI. Under `CI=true` a missing chromium/chromedriver fails the test.
async fn start() -> Option<Harness> {
    let ci = matches!(std::env::var("CI").as_deref(), Ok("true") | Ok("1"));
    let chromium = find_program(
        &["chromium", "chromium-browser", "google-chrome"],
        &["/usr/lib/chromium/chromium"],
    );
    let driver = find_program(&["chromedriver"], &["/usr/lib/chromium/chromedriver"]);
    let (chromium, driver) = match (chromium, driver) {
        (Some(c), Some(d)) => (c, d),
        (c, d) => {
            let msg = format!(
                "browser test needs chromium and chromedriver (apt-get install chromium chromium-driver fonts-noto-cjk); found chromium={c:?} chromedriver={d:?}"
            );
            if ci {
                panic!("{msg}");
            }
            eprintln!("SKIPPED: {msg}");
            return None;
        }
    };
    let dir = TempDir::new();
    let (server, base) = start_server(&dir.0);
    eprintln!("[browser] server at {base}");
    let (driver, port) = start_chromedriver(&driver);
    let profile = dir.0.join("chromium-profile");
    std::fs::create_dir_all(&profile).unwrap();
    let client = connect(port, &chromium, &profile).await;
    Some(Harness {
        client,
        base,
        _driver: driver,
        _server: server,
        _dir: dir,
    })
}

/// Closes the browser; on failure saves `<name>-failure.png` and prints the page text first.
async fn finish(h: Harness, name: &str, result: Result<(), String>) {
    let client = &h.client;
    if result.is_err() {
        shot(client, &format!("{name}-failure")).await;
        if let Ok(body) = client.find(Locator::Css("body")).await {
            if let Ok(t) = body.text().await {
                eprintln!("[browser] page text at failure:\n{t}");
            }
        }
        eprintln!(
            "[browser] url at failure: {:?}",
            client.current_url().await.map(|u| u.to_string())
        );
    }
    let _ = h.client.clone().close().await;
    drop(h);
    if let Err(e) = result {
        panic!("browser scenario {name} failed: {e}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordinator_changes_participant_status_in_browser() {
    let Some(h) = start().await else { return };
    let result = scenario(&h.client, &h.base).await;
    finish(h, "coordinator", result).await;
}

/// Admin pages: role-based navigation, inline validation (client rules and the server's 422
/// `fields`), and the audit log's before/after rows.
async fn admin_scenario(c: &Client, base: &str) -> Result<(), String> {
    c.goto(&format!("{base}/#/login"))
        .await
        .map_err(|e| e.to_string())?;
    typ(c, "#login-username", "admin").await?;
    typ(c, "#login-password", DEMO_PASSWORD).await?;
    click(c, "#login-submit").await?;
    wait_text(c, "[data-test=user-role]", "系统管理员", |t| {
        t.contains("系统管理员")
    })
    .await?;
    el(c, "[data-test=nav-users]").await?;
    el(c, "[data-test=nav-audit]").await?;

    // Organisations: the alias lookup resolves a short name to its organisation.
    click(c, "[data-test=nav-orgs]").await?;
    typ(c, "input[data-test=org-lookup]", "市工信局").await?;
    click(c, "[data-test=org-lookup-go]").await?;
    wait_text(
        c,
        ".page-card .card-title",
        "市工业和信息化局 found by its alias 市工信局",
        |t| t.contains("工业和信息化局"),
    )
    .await?;
    shot(c, "10-admin-org-lookup").await;

    // Search by name, open one, try to rename it to another organisation's name.
    click(c, "[data-test=nav-orgs]").await?;
    typ(c, "input[data-test=org-q]", "教育").await?;
    click(c, "[data-test=org-search]").await?;
    let link = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//table//a[contains(@href,'#/orgs/') and contains(normalize-space(.),'教育')]",
        ))
        .await
        .map_err(|e| format!("no 教育 organisation in the list: {e}"))?;
    link.click().await.map_err(|e| e.to_string())?;
    click(c, "[data-test=org-edit]").await?;
    el(c, "#org-name").await?;
    tokio::time::sleep(Duration::from_millis(400)).await; // dialog opening animation
                                                          // select all, delete (the NULL key releases Control), type the duplicate name
    typ(c, "#org-name", "\u{e009}a\u{e000}\u{e017}市科技局").await?;
    click(c, "[data-test=org-save]").await?;
    wait_text(
        c,
        ".el-dialog .el-form-item__error",
        "the server's duplicate-name message next to the name",
        |t| t.contains("市科技局"),
    )
    .await?;
    shot(c, "11-admin-org-duplicate").await;
    click(c, "[data-test=org-cancel]").await?;

    // Users: saving an empty form shows the required-field messages without a request.
    click(c, "[data-test=nav-users]").await?;
    el(c, "[data-test=users-table]").await?;
    click(c, "[data-test=user-create]").await?;
    el(c, "#user-username").await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    click(c, "[data-test=user-save]").await?;
    wait_text(
        c,
        ".el-dialog .el-form-item__error",
        "此项为必填项",
        |t| t.contains("此项为必填项"),
    )
    .await?;
    shot(c, "12-admin-user-required").await;
    click(c, "[data-test=user-cancel]").await?;

    // Audit log: the logins and the demo load are there; a row expands to its before/after JSON.
    click(c, "[data-test=nav-audit]").await?;
    wait_text(c, "[data-test=audit-table]", "admin's login", |t| {
        t.contains("admin") && t.contains("登录")
    })
    .await?;
    click(c, "[data-test=audit-table] .el-table__expand-icon").await?;
    el(c, "[data-test=audit-table] .json-view").await?;
    shot(c, "13-admin-audit").await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_forms_validate_and_audit_shows_changes_in_browser() {
    let Some(h) = start().await else { return };
    let result = admin_scenario(&h.client, &h.base).await;
    finish(h, "admin", result).await;
}
