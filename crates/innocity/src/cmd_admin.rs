//! `serve`, `db migrate`, `demo load`, `user …`, `backup` and `restore`.

use crate::DbArg;
use anyhow::{anyhow, Context, Result};
use innocity_db::auth::NewUser;
use innocity_db::{Actor, Db};
use std::time::Duration;

/// Runs an async command on a fresh runtime and turns its error into exit status 1.
pub fn block_on(f: impl std::future::Future<Output = Result<()>>) -> i32 {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("innocity: cannot start the runtime: {e}");
            return 1;
        }
    };
    match rt.block_on(f) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("innocity: {e:#}");
            1
        }
    }
}

fn db_error(e: innocity_db::Error) -> anyhow::Error {
    match e {
        innocity_db::Error::Invalid(f) => anyhow!(f
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join("; ")),
        other => anyhow!("{other}"),
    }
}

async fn open(db: &DbArg) -> Result<Db> {
    Db::connect(&db.db)
        .await
        .map_err(db_error)
        .with_context(|| format!("cannot open database {}", db.db))
}

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Load the demo data set first (演示数据) and print the demo accounts.
    #[arg(long)]
    pub demo: bool,
    /// Address to listen on (`127.0.0.1:0` picks a free port).
    #[arg(long, env = "INNOCITY_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Session idle timeout in minutes.
    #[arg(long, env = "INNOCITY_IDLE_MINUTES", default_value_t = 30)]
    pub idle_minutes: u64,
    /// Mark the session cookie Secure (set when served over HTTPS).
    #[arg(long, env = "INNOCITY_SECURE_COOKIE")]
    pub secure_cookie: bool,
    /// Trust X-Forwarded-For from a reverse proxy for the client address.
    #[arg(long, env = "INNOCITY_TRUST_PROXY")]
    pub trust_proxy: bool,
    /// Run the daily reminder job inside the server (`off` when cron runs `tasks remind`;
    /// running both is harmless: no reminder is ever sent twice).
    #[arg(long, env = "INNOCITY_REMINDERS", default_value = "on", value_parser = ["on", "off"])]
    pub reminders: String,
    /// Seconds after start before the reminder job's first run.
    #[arg(long, env = "INNOCITY_REMINDERS_DELAY", default_value_t = 60)]
    pub reminders_delay: u64,
    /// Seconds between looks at the clock; the job runs once for every new day.
    #[arg(long, env = "INNOCITY_REMINDERS_CHECK", default_value_t = 3600)]
    pub reminders_check: u64,
    #[command(flatten)]
    pub db: DbArg,
}

pub async fn serve(a: ServeArgs) -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("INNOCITY_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let listener = tokio::net::TcpListener::bind(&a.bind)
        .await
        .with_context(|| format!("cannot listen on {}", a.bind))?;
    let db = open(&a.db).await?;
    if a.demo {
        print_demo(&db).await?;
    }
    if let Some(pw) = db.auth().bootstrap().await.map_err(db_error)? {
        println!("首次启动:已创建管理员账号 admin,一次性密码 {pw}(首次登录须修改)");
        println!("First start: created user admin with one-time password {pw} (must be changed at first login)");
    }
    let addr = listener.local_addr()?;
    println!("listening on http://{addr}");
    let mut cfg = innocity_web::Config {
        idle_timeout: Duration::from_secs(a.idle_minutes.max(1) * 60),
        secure_cookie: a.secure_cookie,
        trust_proxy: a.trust_proxy,
        reminders: (a.reminders == "on").then_some(innocity_service::scheduler::Schedule {
            first_delay: Duration::from_secs(a.reminders_delay),
            check_every: Duration::from_secs(a.reminders_check.max(1)),
        }),
        ..Default::default()
    };
    crate::cmd_tasks::configure(&mut cfg)?;
    innocity_web::serve(listener, innocity_web::AppState { db, cfg }).await?;
    Ok(())
}

async fn print_demo(db: &Db) -> Result<()> {
    let pw = std::env::var("INNOCITY_DEMO_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty());
    let r = db.demo().load(pw.as_deref()).await.map_err(db_error)?;
    if r.already_loaded {
        println!("演示数据已加载 (demo data already loaded; passwords unchanged — reset one with `innocity user passwd NAME`)");
    } else {
        println!("已加载演示数据 (demo data loaded). 演示账号 / demo accounts:");
        for c in &r.credentials {
            println!(
                "  {:<12} {:<16} {:<24} {}",
                c.username, c.role, c.org, c.password
            );
        }
    }
    Ok(())
}

pub async fn migrate(db: DbArg) -> Result<()> {
    open(&db).await?;
    println!(
        "schema is at version {}",
        innocity_db::migration::schema_version()
    );
    Ok(())
}

pub async fn demo_load(db: DbArg) -> Result<()> {
    let d = open(&db).await?;
    print_demo(&d).await
}

#[derive(clap::Subcommand)]
pub enum UserCmd {
    /// Create a user. Without --password a random one is printed (to be changed at first login).
    Add {
        username: String,
        /// Role: admin, coordinator, dept_reporter, county_reporter, expert, reviewer, viewer.
        #[arg(long, default_value = "viewer")]
        role: String,
        /// Organisation name (or alias) or numeric id.
        #[arg(long)]
        org: Option<String>,
        /// Shorthand for --role admin in the platform operator organisation.
        #[arg(long)]
        admin: bool,
        #[arg(long)]
        display_name: Option<String>,
        #[arg(long, env = "INNOCITY_NEW_PASSWORD")]
        password: Option<String>,
    },
    /// List users.
    List,
    /// Set a user's password (random and printed when --password is absent).
    Passwd {
        username: String,
        #[arg(long, env = "INNOCITY_NEW_PASSWORD")]
        password: Option<String>,
    },
    /// Disable (or with --enable, re-enable) a user; their sessions end.
    Disable {
        username: String,
        #[arg(long)]
        enable: bool,
    },
}

fn random_password() -> String {
    let t = innocity_db::auth::random_token();
    format!("Pw-{}-{}", &t[..8], &t[8..14])
}

pub async fn user(cmd: UserCmd, dba: DbArg) -> Result<()> {
    let db = open(&dba).await?;
    let sys = Actor::system();
    match cmd {
        UserCmd::Add {
            username,
            role,
            org,
            admin,
            display_name,
            password,
        } => {
            let role = if admin { "admin".to_string() } else { role };
            let org_id = match (org, admin) {
                (Some(o), _) => match o.parse::<i64>() {
                    Ok(id) => id,
                    Err(_) => {
                        db.registry()
                            .lookup_org(&sys, &o)
                            .await
                            .map_err(db_error)?
                            .ok_or_else(|| anyhow!("organisation {o} not found"))?
                            .id
                    }
                },
                (None, true) => db.auth().ensure_operator_org().await.map_err(db_error)?,
                (None, false) => return Err(anyhow!("--org is required (or --admin)")),
            };
            let generated = password.is_none();
            let pw = password.unwrap_or_else(random_password);
            let u = db
                .auth()
                .create_user(
                    &sys,
                    &NewUser {
                        display_name: display_name.unwrap_or_else(|| username.clone()),
                        username,
                        role,
                        org_id,
                        password: pw.clone(),
                    },
                    generated,
                )
                .await
                .map_err(db_error)?;
            println!(
                "created user {} (id {}, role {}, org {})",
                u.username, u.id, u.role, u.org.name
            );
            if generated {
                println!("one-time password: {pw} (must be changed at first login)");
            }
        }
        UserCmd::List => {
            let p = db
                .auth()
                .users(
                    &sys,
                    None,
                    None,
                    None,
                    innocity_db::PageReq::new(Some(1), Some(200)),
                )
                .await
                .map_err(db_error)?;
            println!(
                "{:<6} {:<16} {:<16} {:<9} {:<6} org",
                "id", "username", "role", "disabled", "demo"
            );
            for u in p.items {
                println!(
                    "{:<6} {:<16} {:<16} {:<9} {:<6} {}",
                    u.id, u.username, u.role, u.disabled, u.demo, u.org.name
                );
            }
        }
        UserCmd::Passwd { username, password } => {
            let generated = password.is_none();
            let pw = password.unwrap_or_else(random_password);
            if !generated {
                innocity_domain::password::check_policy(&pw, &username, None)
                    .map_err(|m| anyhow!(m))?;
            }
            db.auth()
                .set_password_by_name(&sys, &username, &pw, generated)
                .await
                .map_err(db_error)?;
            if generated {
                println!(
                    "new one-time password for {username}: {pw} (must be changed at next login)"
                );
            } else {
                println!("password of {username} changed");
            }
        }
        UserCmd::Disable { username, enable } => {
            db.auth()
                .set_disabled_by_name(&sys, &username, !enable)
                .await
                .map_err(db_error)?;
            println!("{username} {}", if enable { "enabled" } else { "disabled" });
        }
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct BackupArgs {
    /// Output file (default: innocity-backup-<timestamp>.json).
    #[arg(long)]
    pub out: Option<String>,
    #[command(flatten)]
    pub db: DbArg,
}

pub async fn backup(a: BackupArgs) -> Result<()> {
    let db = open(&a.db).await?;
    let doc = db.backup().await.map_err(db_error)?;
    let out = a.out.unwrap_or_else(|| {
        format!(
            "innocity-backup-{}.json",
            chrono::Utc::now().format("%Y%m%d-%H%M%S")
        )
    });
    let tmp = format!("{out}.part");
    std::fs::write(&tmp, serde_json::to_vec(&doc)?)
        .with_context(|| format!("cannot write {tmp}"))?;
    std::fs::rename(&tmp, &out).with_context(|| format!("cannot write {out}"))?;
    println!("backup written to {out}");
    Ok(())
}

#[derive(clap::Args)]
pub struct RestoreArgs {
    /// A file written by `innocity backup`.
    pub file: String,
    /// Overwrite a database that already has data.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub db: DbArg,
}

pub async fn restore(a: RestoreArgs) -> Result<()> {
    let bytes = std::fs::read(&a.file).with_context(|| format!("cannot read {}", a.file))?;
    let doc: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| anyhow!("{}: not an innocity backup (not JSON: {e})", a.file))?;
    let db = open(&a.db).await?;
    let n = db
        .restore(&doc, a.force)
        .await
        .map_err(|e| anyhow!("{}: {}", a.file, db_error(e)))?;
    println!("restored {n} rows from {}", a.file);
    Ok(())
}
