//! innocity storage: entities, migrations and repositories over SQLite (default) and
//! PostgreSQL.
//!
//! Invariants:
//! - one body of code for both databases (SeaORM + sea-query, no backend-specific SQL except
//!   connection setup and sequence repair after restore);
//! - every user action is one transaction, and every change writes an audit event in that
//!   transaction: the one write path [`Db::begin_write`] ([`write`]);
//! - every read and write takes the caller's [`Actor`] and filters by its [`Scope`];
//! - one area, one handle: `db.supervision().act(..)`, `db.monitoring().submit(..)` — each
//!   area's repository lives in its folder and is reached through its handle ([`areas!`]).

pub mod audit;
pub mod auth;
pub mod backup;
pub mod cache;
pub mod demo;
pub mod entity;
pub mod evaluation;
pub mod library;
pub mod migration;
pub mod monitoring;
#[cfg(test)]
mod msg_tests;
pub mod plans;
pub mod registry;
pub mod supervision;
pub mod validation;
pub mod write;

pub use innocity_domain::msg::common;
pub use innocity_domain::{Lang, Msg};
#[macro_use]
extern crate innocity_domain;
use innocity_domain::Role;
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbBackend, DbErr};
use sea_orm_migration::MigratorTrait;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

pub use sea_orm;
pub use write::Write;

/// Declares the area handles: for each area a `Handle<'a>(&'a Db)` that derefs to [`Db`]
/// (so bodies keep `self.conn`, `self.cache` and reach other areas as `self.registry()`),
/// and the accessor `Db::area()`.
macro_rules! areas {
    ($($(#[$doc:meta])* $accessor:ident => $Handle:ident;)*) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Copy, Debug)]
            pub struct $Handle<'a>(pub(crate) &'a Db);

            impl std::ops::Deref for $Handle<'_> {
                type Target = Db;
                fn deref(&self) -> &Db {
                    self.0
                }
            }
        )*

        impl Db {
            $(
                $(#[$doc])*
                pub fn $accessor(&self) -> $Handle<'_> {
                    $Handle(self)
                }
            )*
        }
    };
}

areas! {
    /// Regions, organisations, programmes, participants and the dashboard (登记).
    registry => Registry;
    /// Login, sessions and user accounts (认证与用户).
    auth => Auth;
    /// The indicator library (指标库).
    library => Library;
    /// Saved plan documents (实施方案).
    plans => Plans;
    /// Yearly monitoring: forms, assignments, values, review, series, import and export (监测).
    monitoring => Monitoring;
    /// Validation rules over monitoring values (校验规则).
    validation => Validation;
    /// Task supervision (督查督办): rules, tasks, the loop, urging, files, notices, scores.
    supervision => Supervision;
    /// Evaluation methods and runs (评价).
    evaluation => Evaluation;
    /// The demo data set and the first administrator (演示数据).
    demo => Demo;
}

/// A storage error, mapped to an HTTP status by the web layer. Every message is a [`Msg`]
/// (code, Chinese, English) made where the error arises.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    NotFound(Msg),
    /// A state conflict; the message's code says which (`transition`, `stale`, `locked`, …).
    #[error("{0}")]
    Conflict(Msg),
    /// A unique value already taken (code `duplicate`): the form field that holds it.
    #[error("{message}")]
    Duplicate { field: String, message: Msg },
    /// Field-level validation failures: field name → message.
    #[error("输入有误")]
    Invalid(BTreeMap<String, Msg>),
    #[error("{0}")]
    Forbidden(Msg),
    #[error("{0}")]
    Unauthenticated(Msg),
    #[error("{0}")]
    Locked(Msg),
    #[error("{0}")]
    Throttled(Msg),
    #[error("数据库错误: {0}")]
    Db(#[from] DbErr),
}

impl Error {
    /// `Invalid` with the collected field failures, if any.
    pub fn check(errs: BTreeMap<String, Msg>) -> Result<()> {
        if errs.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(errs))
        }
    }
    /// One invalid field.
    pub fn invalid(field: &str, msg: impl Into<Msg>) -> Error {
        Error::Invalid(BTreeMap::from([(field.to_string(), msg.into())]))
    }
    pub fn not_found(what: impl Into<Msg>) -> Error {
        Error::NotFound(what.into())
    }
    /// A conflict with its code (the message keeps its texts).
    pub fn conflict(code: &'static str, message: impl Into<Msg>) -> Error {
        Error::Conflict(message.into().with_code(code))
    }
    pub fn forbidden(message: impl Into<Msg>) -> Error {
        Error::Forbidden(message.into())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// One page of a list.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// Page request: 1-based page, `per_page` clamped to 1..=200.
#[derive(Debug, Clone, Copy)]
pub struct PageReq {
    pub page: u64,
    pub per_page: u64,
}

impl PageReq {
    pub fn new(page: Option<u64>, per_page: Option<u64>) -> PageReq {
        PageReq {
            page: page.unwrap_or(1).max(1),
            per_page: per_page.unwrap_or(20).clamp(1, 200),
        }
    }
}

/// Which regions a user may see: `None` means all.
#[derive(Debug, Clone)]
pub struct Scope {
    pub regions: Option<HashSet<String>>,
    /// The subtree root plus its ancestors, for reference lookups such as organisations.
    pub regions_with_ancestors: Option<HashSet<String>>,
}

impl Scope {
    pub fn all() -> Scope {
        Scope {
            regions: None,
            regions_with_ancestors: None,
        }
    }
    pub fn allows(&self, region: &str) -> bool {
        self.regions.as_ref().is_none_or(|s| s.contains(region))
    }
    pub fn allows_ref(&self, region: &str) -> bool {
        self.regions_with_ancestors
            .as_ref()
            .is_none_or(|s| s.contains(region))
    }
}

/// The user on whose behalf a repository call runs.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub username: String,
    pub role: Role,
    pub org_id: i64,
    pub region_code: String,
    pub scope: Scope,
}

impl Actor {
    /// The system itself (CLI, demo loader): sees everything.
    pub fn system() -> Actor {
        Actor {
            user_id: None,
            username: "system".into(),
            role: Role::Admin,
            org_id: 0,
            region_code: "000000".into(),
            scope: Scope::all(),
        }
    }

    pub fn require_admin(&self) -> Result<()> {
        if self.role.is_admin() {
            Ok(())
        } else {
            Err(Error::Forbidden(msg!(
                "forbidden",
                "需要系统管理员权限",
                "Administrator rights are required"
            )))
        }
    }
}

/// The database handle shared by the app.
#[derive(Clone, Debug)]
pub struct Db {
    /// Reads (and, on PostgreSQL, writes too: it is the same pool as [`Db::writer`]).
    pub conn: DatabaseConnection,
    /// Writes. On SQLite a pool of exactly one connection whose transactions begin
    /// IMMEDIATE, so writers queue in the process instead of failing with "database is
    /// locked", and no write holds the lock while it waits for a second connection; readers
    /// use [`Db::conn`] and never block it (WAL). On PostgreSQL a clone of `conn`.
    pub writer: DatabaseConnection,
    pub url: String,
    /// Computed read views, valid until the next audited change ([`cache`]).
    pub cache: cache::ViewCache,
}

/// Normalises a `--db` value: a bare path becomes `sqlite://PATH?mode=rwc`.
pub fn normalise_url(url: &str) -> String {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return url.to_string();
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    if path.contains('?') {
        format!("sqlite://{path}")
    } else {
        format!("sqlite://{path}?mode=rwc")
    }
}

impl Db {
    /// Connects (creating a SQLite file when needed) and runs pending migrations.
    pub async fn connect(url: &str) -> Result<Db> {
        let url = normalise_url(url);
        let sqlite_opts = |o: sea_orm::sqlx::sqlite::SqliteConnectOptions| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .create_if_missing(true)
        };
        let (conn, writer) = if url.starts_with("sqlite:") {
            // The writer first: it creates the file and switches it to WAL.
            let mut w = ConnectOptions::new(url.clone());
            w.sqlx_logging(false)
                .acquire_timeout(Duration::from_secs(30))
                .max_connections(1)
                .min_connections(1)
                .map_sqlx_sqlite_opts(sqlite_opts);
            let writer = Database::connect(w).await?;
            let mut r = ConnectOptions::new(url.clone());
            r.sqlx_logging(false)
                .acquire_timeout(Duration::from_secs(10))
                .max_connections(8)
                .min_connections(1)
                .map_sqlx_sqlite_opts(sqlite_opts);
            (Database::connect(r).await?, writer)
        } else {
            let mut opt = ConnectOptions::new(url.clone());
            opt.sqlx_logging(false)
                .acquire_timeout(Duration::from_secs(10))
                .max_connections(16)
                .min_connections(1);
            let conn = Database::connect(opt).await?;
            (conn.clone(), conn)
        };
        let db = Db {
            conn,
            writer,
            url,
            cache: Default::default(),
        };
        db.migrate().await?;
        Ok(db)
    }

    /// Connects without migrating (administrative connections, e.g. to create databases).
    pub async fn connect_raw(url: &str) -> Result<Db> {
        let url = normalise_url(url);
        let mut opt = ConnectOptions::new(url.clone());
        opt.sqlx_logging(false).max_connections(1);
        let conn = Database::connect(opt).await?;
        Ok(Db {
            writer: conn.clone(),
            conn,
            url,
            cache: Default::default(),
        })
    }

    /// Runs one statement as written (administration and tests).
    pub async fn execute_unprepared(&self, sql: &str) -> Result<()> {
        use sea_orm::ConnectionTrait;
        self.writer.execute_unprepared(sql).await?;
        Ok(())
    }

    pub async fn migrate(&self) -> Result<()> {
        migration::Migrator::up(&self.writer, None).await?;
        Ok(())
    }

    pub fn backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    /// Answers once the database responds.
    pub async fn ping(&self) -> Result<()> {
        self.conn.ping().await?;
        Ok(())
    }

    /// Computes a user's scope from the region tree.
    pub async fn scope_for(&self, role: Role, region_code: &str) -> Result<Scope> {
        if role.sees_all_regions() {
            return Ok(Scope::all());
        }
        // Every request computes its caller's scope: reuse the subtree while no audited
        // change (a new region, say) has happened.
        let version = self.data_version().await?;
        let scope = self
            .cache
            .get_or_compute(&format!("scope:{region_code}"), version, || {
                self.compute_scope(region_code)
            })
            .await?;
        Ok(Scope::clone(&scope))
    }

    async fn compute_scope(&self, region_code: &str) -> Result<Scope> {
        let parents = registry::region_parents(&self.conn).await?;
        let mut sub = HashSet::new();
        for code in parents.keys() {
            if innocity_domain::region::within(code, region_code, |c| {
                parents.get(c).and_then(|p| p.as_deref())
            }) {
                sub.insert(code.clone());
            }
        }
        sub.insert(region_code.to_string());
        let mut with_anc = sub.clone();
        let mut cur = parents.get(region_code).cloned().flatten();
        let mut steps = 0;
        while let Some(c) = cur {
            steps += 1;
            if steps > 16 || !with_anc.insert(c.clone()) {
                break;
            }
            cur = parents.get(&c).cloned().flatten();
        }
        Ok(Scope {
            regions: Some(sub),
            regions_with_ancestors: Some(with_anc),
        })
    }
}

/// Current time, truncated to milliseconds so both databases store the same value.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    let n = chrono::Utc::now();
    chrono::DateTime::from_timestamp_millis(n.timestamp_millis()).unwrap_or(n)
}

/// Rows keyed by `key` (an id or code).
pub(crate) fn keyed<K: Eq + std::hash::Hash, M>(
    rows: Vec<M>,
    key: impl Fn(&M) -> K,
) -> std::collections::HashMap<K, M> {
    rows.into_iter().map(|m| (key(&m), m)).collect()
}

/// Checks a required text field: trimmed, non-empty, at most `max` characters.
pub fn check_text(
    errs: &mut BTreeMap<String, Msg>,
    field: &str,
    value: &str,
    max: usize,
) -> String {
    let v = value.trim();
    if v.is_empty() {
        errs.insert(field.into(), common::required());
    } else if v.chars().count() > max {
        errs.insert(field.into(), common::too_long(max));
    }
    v.to_string()
}

/// Maps a unique-constraint violation on `field` to "<noun> <value> already exists" (名词 in
/// Chinese and English); for `.map_err(taken(…))`.
pub fn taken<'a>(
    field: &'a str,
    noun: (&'a str, &'a str),
    value: &'a str,
) -> impl FnOnce(DbErr) -> Error + 'a {
    move |e| {
        let (zh, en) = (format!("{} {value}", noun.0), format!("{} {value}", noun.1));
        map_unique(e, field, common::already_exists(&zh, &en))
    }
}

/// Maps a unique-constraint violation to [`Error::Duplicate`] on `field`, with the message.
pub fn map_unique(e: DbErr, field: &str, message: Msg) -> Error {
    let s = e.to_string().to_lowercase();
    if s.contains("unique") || s.contains("duplicate") {
        Error::Duplicate {
            field: field.to_string(),
            message: message.with_code("duplicate"),
        }
    } else {
        Error::Db(e)
    }
}
