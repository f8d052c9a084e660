//! Browser test of monitoring: a department reporter fills and submits a form, the
//! coordinator returns it with a reason, the reporter fixes and resubmits, the coordinator
//! approves, and the target scorecard changes (the real `innocity serve --demo` binary through
//! headless Chromium). Skipped with a printed reason when chromium/chromedriver are missing
//! (a failure under `CI=true`).

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

async fn login(c: &Client, base: &str, user: &str) -> Result<(), String> {
    if c.find(Locator::Css("[data-test=logout]")).await.is_ok() {
        click(c, "[data-test=logout]").await?;
    }
    c.goto(&format!("{base}/#/login"))
        .await
        .map_err(|e| e.to_string())?;
    el(c, "#login-username").await?;
    typ(c, "#login-username", user).await?;
    typ(c, "#login-password", DEMO_PASSWORD).await?;
    click(c, "#login-submit").await?;
    el(c, "[data-test=logout]").await?;
    Ok(())
}

fn input(test: &str) -> String {
    format!("input[data-test={test}], [data-test={test}] input")
}

async fn status(c: &Client, want: &str) -> Result<(), String> {
    wait_text(c, "[data-test=mon-status]", want, |t| t.trim() == want)
        .await
        .map(|_| ())
}

async fn scorecard_status(c: &Client, base: &str, want: &str) -> Result<(), String> {
    c.goto(&format!("{base}/#/monitoring/scorecard"))
        .await
        .map_err(|e| e.to_string())?;
    wait_text(c, "[data-test=sc-status-major_st_projects]", want, |t| {
        t.trim() == want
    })
    .await
    .map(|_| ())
}

async fn scenario(c: &Client, base: &str) -> Result<(), String> {
    // The reporter of 市财政局 sees what is due and opens its form.
    login(c, base, "dept").await?;
    click(c, "[data-test=nav-monitoring]").await?;
    el(c, "[data-test=mon-completeness]").await?;
    shot(c, "mon-01-due").await;
    click(c, "[data-test^=mon-open-]").await?;
    el(c, "[data-test=mon-entry]").await?;
    let hash = current_hash(c).await;
    let assignment = hash
        .trim_start_matches("/monitoring/assignments/")
        .to_string();
    typ(c, &input("mon-value-fiscal_expenditure"), "5").await?;
    typ(c, &input("mon-value-fiscal_st_expenditure"), "15").await?;
    // Live validation: S&T spending above total spending.
    wait_text(
        c,
        "[data-test=mon-violation]",
        "a consistency violation",
        |t| t.contains("财政科技支出不超过财政支出"),
    )
    .await?;
    shot(c, "mon-02-violation").await;
    // 5 → 560.
    typ(c, &input("mon-value-fiscal_expenditure"), "60").await?;
    typ(c, &input("mon-value-major_st_projects"), "7").await?;
    click(c, "[data-test=mon-submit]").await?;
    status(c, "已提交").await?;

    // The coordinator sees the old scorecard, returns the form with a reason.
    login(c, base, "coordinator").await?;
    scorecard_status(c, base, "已达标").await?;
    shot(c, "mon-03-scorecard-before").await;
    c.goto(&format!("{base}/#/monitoring/assignments/{assignment}"))
        .await
        .map_err(|e| e.to_string())?;
    status(c, "已提交").await?;
    click(c, "[data-test=mon-return]").await?;
    el(c, "#mon-reason-input").await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    typ(c, "#mon-reason-input", "重大项目数请附立项清单").await?;
    click(c, "#mon-reason-confirm").await?;
    status(c, "已退回").await?;

    // The reporter sees the reason, explains and resubmits.
    login(c, base, "dept").await?;
    c.goto(&format!("{base}/#/monitoring/assignments/{assignment}"))
        .await
        .map_err(|e| e.to_string())?;
    wait_text(c, "[data-test=mon-return-reason]", "the reason", |t| {
        t.contains("重大项目数请附立项清单")
    })
    .await?;
    typ(c, &input("mon-comment-major_st_projects"), "立项清单已上传").await?;
    click(c, "[data-test=mon-submit]").await?;
    status(c, "已提交").await?;

    // The coordinator approves; the scorecard changes.
    login(c, base, "coordinator").await?;
    c.goto(&format!("{base}/#/monitoring/assignments/{assignment}"))
        .await
        .map_err(|e| e.to_string())?;
    status(c, "已提交").await?;
    click(c, "[data-test=mon-approve]").await?;
    status(c, "已审核").await?;
    scorecard_status(c, base, "严重滞后").await?;
    el(c, ".echart canvas").await?;
    shot(c, "mon-04-scorecard-after").await;
    Ok(())
}

#[test]
fn reporter_submits_coordinator_returns_then_approves() {
    let under_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"], &[]);
    let driver = find_program(&["chromedriver"], &["/usr/lib/chromium/chromedriver"]);
    let (Some(chromium), Some(driver)) = (chromium, driver) else {
        assert!(!under_ci, "chromium and chromedriver are required under CI");
        eprintln!("skipping: chromium or chromedriver not installed");
        return;
    };
    let dir = TempDir::new();
    let (_server, base) = start_server(&dir.0);
    let (_driver, port) = start_chromedriver(&driver);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let result = rt.block_on(async {
        let profile = dir.0.join("profile");
        let c = connect(port, &chromium, &profile).await;
        let r = scenario(&c, &base).await;
        if r.is_err() {
            shot(&c, "mon-failure").await;
        }
        let _ = c.close().await;
        r
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
