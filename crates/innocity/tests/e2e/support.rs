//! Shared harness of the browser tests: the real binary, chromedriver and Debian Chromium.
#![allow(dead_code)]

pub use std::io::{BufRead, BufReader};
pub use std::net::{TcpListener, TcpStream};
pub use std::path::{Path, PathBuf};
pub use std::process::{Child, Command, Stdio};
pub use std::sync::mpsc;
pub use std::time::{Duration, Instant};

pub use fantoccini::{elements::Element, Client, ClientBuilder, Locator};

pub const DEMO_PASSWORD: &str = "Demo-pass-2026";
pub const WAIT: Duration = Duration::from_secs(30);

/// Kills (and reaps) a child process when dropped, so nothing outlives the test.
pub struct KillOnDrop(pub Child, pub &'static str);
impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
        eprintln!("[browser] stopped {} (pid {})", self.1, self.0.id());
    }
}

/// A temporary directory removed when dropped (no tempfile crate in this test's dependencies).
pub struct TempDir(pub PathBuf);
impl TempDir {
    pub fn new() -> TempDir {
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

pub fn find_program(names: &[&str], extra: &[&str]) -> Option<PathBuf> {
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

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/browser-screenshots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Starts the server binary and returns it with its base URL, read from its
/// `listening on http://127.0.0.1:PORT` line.
pub fn start_server(dir: &Path) -> (KillOnDrop, String) {
    let db = format!("sqlite://{}/t.db", dir.display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_innocity"))
        .args(["serve", "--demo", "--bind", "127.0.0.1:0", "--db", &db])
        .env("INNOCITY_DEMO_PASSWORD", DEMO_PASSWORD)
        // The day the server takes as today when the file exists (debug builds only).
        .env("INNOCITY_CLOCK_FILE", dir.join("clock"))
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

pub fn start_chromedriver(bin: &Path) -> (KillOnDrop, u16) {
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

pub async fn connect(port: u16, chromium: &Path, profile: &Path) -> Client {
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

pub async fn el(c: &Client, css: &str) -> Result<Element, String> {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .map_err(|e| format!("element `{css}` not found: {e}"))
}

pub async fn click(c: &Client, css: &str) -> Result<(), String> {
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

pub async fn typ(c: &Client, css: &str, text: &str) -> Result<(), String> {
    el(c, css)
        .await?
        .send_keys(text)
        .await
        .map_err(|e| format!("type into `{css}`: {e}"))
}

/// Types `text` into `css`, then clicks `button`.
pub async fn fill_and_click(c: &Client, css: &str, text: &str, button: &str) -> Result<(), String> {
    typ(c, css, text).await?;
    click(c, button).await
}

/// Waits until the text of `css` satisfies `pred`, returning the last text seen.
pub async fn wait_text(
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

/// Waits until the text of `css` contains `needle`, returning that text.
pub async fn wait_contains(
    c: &Client,
    css: &str,
    what: &str,
    needle: &str,
) -> Result<String, String> {
    wait_text(c, css, what, |t| t.contains(needle)).await
}

/// Waits until the trimmed text of `css` is `expected`.
pub async fn wait_trimmed(
    c: &Client,
    css: &str,
    what: &str,
    expected: &str,
) -> Result<String, String> {
    wait_text(c, css, what, |t| t.trim() == expected).await
}

pub async fn shot(c: &Client, name: &str) {
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

pub async fn current_hash(c: &Client) -> String {
    c.current_url()
        .await
        .map(|u| u.fragment().unwrap_or("").to_string())
        .unwrap_or_default()
}

// ---------------------------------------------------------------- scenario

/// Server + chromedriver + browser session for one test. Fields drop in order: chromedriver
/// and the server are killed before the temporary directory is removed.
pub struct Harness {
    pub client: Client,
    pub base: String,
    _driver: KillOnDrop,
    _server: KillOnDrop,
    /// The server's working directory (its database and its clock file).
    pub dir: TempDir,
}

/// Starts everything, or returns None (after printing why) when the browser is missing outside
/// CI. Under `CI=true` a missing chromium/chromedriver fails the test.
pub async fn start() -> Option<Harness> {
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
        dir,
    })
}

/// Closes the browser; on failure saves `<name>-failure.png` and prints the page text first.
pub async fn finish(h: Harness, name: &str, result: Result<(), String>) {
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

/// Logs in as a demo user (logging out first when someone is logged in).
pub async fn login(c: &Client, base: &str, user: &str) -> Result<(), String> {
    if c.find(Locator::Css("[data-test=logout]")).await.is_ok() {
        click(c, "[data-test=logout]").await?;
    }
    c.goto(&format!("{base}/#/login"))
        .await
        .map_err(|e| e.to_string())?;
    el(c, "#login-username").await?;
    submit_login(c, user).await?;
    el(c, "[data-test=logout]").await?;
    Ok(())
}

/// Fills in the login form shown for a demo user and submits it.
pub async fn submit_login(c: &Client, user: &str) -> Result<(), String> {
    typ(c, "#login-username", user).await?;
    typ(c, "#login-password", DEMO_PASSWORD).await?;
    click(c, "#login-submit").await
}

/// The input element of a `data-test` field (on the input or on its wrapper).
pub fn input(test: &str) -> String {
    format!("input[data-test={test}], [data-test={test}] input")
}

/// The command line as scripts run it: the real binary in a directory, with no database, SMTP
/// or clock settings from the environment.
pub mod cli {
    use std::path::Path;
    use std::process::{Command, Output};

    pub fn run(dir: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_innocity"))
            .args(args)
            .current_dir(dir)
            .env_remove("INNOCITY_DB")
            .env_remove("INNOCITY_SMTP")
            .env_remove("INNOCITY_SMTP_HOST")
            .env_remove("INNOCITY_CLOCK_FILE")
            .env("INNOCITY_DEMO_PASSWORD", super::DEMO_PASSWORD)
            .output()
            .expect("run innocity")
    }

    /// Runs a command line whose words are separated by spaces (none holds one).
    pub fn run_line(dir: &Path, line: &str) -> Output {
        run(dir, &line.split(' ').collect::<Vec<_>>())
    }

    /// Asserts success and returns standard output.
    pub fn ok(o: &Output) -> String {
        let out = String::from_utf8_lossy(&o.stdout).to_string();
        assert!(
            o.status.success(),
            "exit {:?}\nstdout: {out}\nstderr: {}",
            o.status,
            String::from_utf8_lossy(&o.stderr)
        );
        out
    }

    /// Asserts failure and returns standard error.
    pub fn err(o: &Output) -> String {
        assert!(
            !o.status.success(),
            "expected failure, got: {}",
            String::from_utf8_lossy(&o.stdout)
        );
        String::from_utf8_lossy(&o.stderr).to_string()
    }
}
