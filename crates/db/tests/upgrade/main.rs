//! Migrations against history: a fresh database has the committed schema of each backend
//! (`schema`), a database made by the previous release upgrades with its data intact
//! (`upgrade`), and the previous release's backup restores (`restore`).
//!
//! Every test runs on SQLite and on PostgreSQL. The PostgreSQL variants use the server named
//! by `INNOCITY_TEST_PG` (e.g. `postgres://postgres@127.0.0.1:5432/postgres`), each on a new
//! `innocity_test_<random>` database dropped afterwards; without the variable they are
//! skipped, except under `CI=true`, where they fail.
//!
//! The fixtures (`fixtures/`, see its README) were made by the previous release.

mod restore;
mod schema;
mod upgrade;

use innocity_db::sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use innocity_db::Db;
use serde_json::Value;
use std::io::Read;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server of `INNOCITY_TEST_PG`, if set (panics under CI when not).
fn pg_server() -> Option<String> {
    match std::env::var("INNOCITY_TEST_PG") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            assert!(
                !std::env::var("CI").is_ok_and(|v| v == "true"),
                "INNOCITY_TEST_PG is not set under CI: the PostgreSQL tests must run"
            );
            eprintln!("skipping PostgreSQL variant: INNOCITY_TEST_PG not set");
            None
        }
    }
}

/// A brand-new, empty database; [`Fresh::remove`] deletes it.
pub struct Fresh {
    pub url: String,
    /// PostgreSQL: the server's URL and the database's name.
    pg: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl Fresh {
    /// `None` for PostgreSQL when no server is configured.
    pub async fn new(backend: Backend) -> Option<Fresh> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                Some(Fresh {
                    url: format!("sqlite://{}/t.db", dir.path().display()),
                    pg: None,
                    _dir: Some(dir),
                })
            }
            Backend::Postgres => {
                let server = pg_server()?;
                let name = format!("innocity_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Db::connect_raw(&server).await.expect("PostgreSQL server");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .unwrap();
                let base = server.rsplit_once('/').map_or(server.as_str(), |(b, _)| b);
                Some(Fresh {
                    url: format!("{base}/{name}"),
                    pg: Some((server.clone(), name)),
                    _dir: None,
                })
            }
        }
    }

    /// A file path inside the SQLite database's directory.
    pub fn sqlite_path(&self) -> PathBuf {
        let dir = self._dir.as_ref().expect("a SQLite database");
        dir.path().join("t.db")
    }

    /// Deletes the database (the SQLite directory goes when dropped).
    pub async fn remove(mut self) {
        if let Some((server, name)) = self.pg.take() {
            drop_pg(&server, &name).await;
        }
    }
}

/// A test that fails before [`Fresh::remove`] still drops its PostgreSQL database.
impl Drop for Fresh {
    fn drop(&mut self) {
        if let Some((server, name)) = self.pg.take() {
            let _ = std::thread::spawn(move || {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap()
                    .block_on(drop_pg(&server, &name))
            })
            .join();
        }
    }
}

async fn drop_pg(server: &str, name: &str) {
    let admin = Db::connect_raw(server).await.expect("PostgreSQL server");
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .unwrap();
}

/// A committed fixture, decompressed when its name ends in `.gz`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/upgrade/fixtures");
    if let Ok(bytes) = std::fs::read(path.join(name)) {
        return bytes;
    }
    let gz = std::fs::read(path.join(format!("{name}.gz"))).expect("fixture");
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// The previous release's backup document.
pub fn prev_backup() -> Value {
    serde_json::from_slice(&fixture("prev-backup.json")).unwrap()
}

/// A plain connection (no migrations) for inspection.
pub async fn raw(url: &str) -> DatabaseConnection {
    Database::connect(innocity_db::normalise_url(url))
        .await
        .unwrap()
}

/// The first column of each row of `sql`, as text.
pub async fn lines(c: &DatabaseConnection, sql: &str) -> Vec<String> {
    c.query_all_raw(Statement::from_string(c.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect()
}

/// Rows in `table`.
pub async fn count(c: &DatabaseConnection, table: &str) -> usize {
    let n = c
        .query_one_raw(Statement::from_string(
            c.get_database_backend(),
            format!("SELECT COUNT(*) FROM {table}"),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap();
    n as usize
}

/// The applied migrations, in order.
pub async fn applied(c: &DatabaseConnection) -> Vec<String> {
    lines(c, "SELECT version FROM seaql_migrations ORDER BY version").await
}

/// Every migration this build knows, by name.
pub fn known() -> Vec<String> {
    use innocity_db::migration::Migrator;
    use sea_orm_migration::MigratorTrait;
    Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .collect()
}

/// Checks that every table of a backup document holds as many rows in `c`.
pub async fn assert_counts(c: &DatabaseConnection, doc: &Value) {
    let tables = doc["tables"].as_object().unwrap();
    assert!(tables.len() >= 36, "{} tables", tables.len());
    for (table, rows) in tables {
        let want = rows.as_array().unwrap().len();
        assert_eq!(count(c, table).await, want, "rows in {table}");
    }
}

/// Checks that two backup documents hold the same rows, naming the first difference.
///
/// With `exact` false, fields set when the previous release loaded its demo set are not
/// compared (its PostgreSQL database was loaded apart from the SQLite one the backup was
/// taken of): timestamps (`at`, `*_at`), the random demo password hashes and the audited
/// snapshots (`audit_events.after`) that carry them.
pub fn assert_same_rows(actual: &Value, want: &Value, exact: bool) {
    let (a, w) = (&actual["tables"], &want["tables"]);
    let w = w.as_object().unwrap();
    assert_eq!(
        a.as_object().unwrap().keys().collect::<Vec<_>>(),
        w.keys().collect::<Vec<_>>()
    );
    let volatile = |table: &str, field: &str| {
        !exact
            && (field == "at"
                || field.ends_with("_at")
                || field == "password_hash"
                || (table, field) == ("audit_events", "after"))
    };
    for (table, want_rows) in w {
        let rows = a[table].as_array().unwrap();
        let want_rows = want_rows.as_array().unwrap();
        assert_eq!(rows.len(), want_rows.len(), "rows in {table}");
        for (r, w) in rows.iter().zip(want_rows) {
            let (r, w) = (r.as_object().unwrap(), w.as_object().unwrap());
            assert_eq!(r.keys().collect::<Vec<_>>(), w.keys().collect::<Vec<_>>());
            for (field, v) in w {
                if !volatile(table, field) {
                    assert_eq!(&r[field], v, "{table}.{field} of row {}", w["id"]);
                }
            }
        }
    }
}
