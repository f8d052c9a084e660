//! A fresh database, migrated, has exactly the committed schema of its backend
//! (`fixtures/schema-sqlite.txt`, `fixtures/schema-postgres.txt`, taken from databases the
//! previous release created), so the frozen migrations build what the entity-built ones did.

use crate::{applied, fixture, known, lines, raw, Backend, Fresh};
use innocity_db::sea_orm::DatabaseConnection;
use innocity_db::Db;

/// The schema as comparable lines: SQLite's `sqlite_master` (whitespace normalised);
/// PostgreSQL's columns (type, nullability, default, identity), constraints (primary keys,
/// unique, foreign keys with their actions) and indexes.
pub async fn describe(c: &DatabaseConnection, backend: Backend) -> Vec<String> {
    let queries: &[&str] = match backend {
        Backend::Sqlite => &["SELECT type || '|' || name || '|' || tbl_name || '|' || \
             COALESCE(sql, '') FROM sqlite_master ORDER BY type, name"],
        Backend::Postgres => &[
            "SELECT concat_ws('|', 'column', table_name, \
             row_number() OVER (PARTITION BY table_name ORDER BY ordinal_position), \
             column_name, data_type, is_nullable, COALESCE(column_default, ''), is_identity, \
             COALESCE(identity_generation, '')) FROM information_schema.columns \
             WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
            "SELECT concat_ws('|', 'constraint', conrelid::regclass::text, conname, \
             pg_get_constraintdef(oid)) FROM pg_constraint \
             WHERE connamespace = current_schema()::regnamespace \
             ORDER BY conrelid::regclass::text, conname",
            "SELECT concat_ws('|', 'index', tablename, indexname, indexdef) FROM pg_indexes \
             WHERE schemaname = current_schema() ORDER BY tablename, indexname",
            "SELECT concat_ws('|', 'sequence', sequence_name, data_type, start_value, \
             increment) FROM information_schema.sequences \
             WHERE sequence_schema = current_schema() ORDER BY sequence_name",
        ],
    };
    let mut out = Vec::new();
    for q in queries {
        for l in lines(c, q).await {
            out.push(l.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    out
}

/// The committed schema of a backend.
pub fn expected(backend: Backend) -> Vec<String> {
    let name = match backend {
        Backend::Sqlite => "schema-sqlite.txt",
        Backend::Postgres => "schema-postgres.txt",
    };
    String::from_utf8(fixture(name))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Fails with the lines only one side has, writing the full actual schema to the test
/// temporary directory.
pub fn assert_schema(actual: &[String], backend: Backend) {
    let want = expected(backend);
    if actual == want.as_slice() {
        return;
    }
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("schema-{backend:?}.actual.txt").to_lowercase());
    std::fs::write(&out, actual.join("\n") + "\n").unwrap();
    let missing: Vec<_> = want.iter().filter(|l| !actual.contains(l)).collect();
    let extra: Vec<_> = actual.iter().filter(|l| !want.contains(l)).collect();
    panic!(
        "{backend:?} schema differs from the committed one (actual: {})\nmissing: {missing:#?}\nextra: {extra:#?}",
        out.display()
    );
}

async fn fresh_schema(backend: Backend) {
    let Some(fresh) = Fresh::new(backend).await else {
        return;
    };
    let db = Db::connect(&fresh.url).await.unwrap();
    let c = raw(&fresh.url).await;
    assert_eq!(applied(&c).await, known());
    let schema = describe(&c, backend).await;
    assert!(schema.len() > 100, "{} lines", schema.len());
    assert_schema(&schema, backend);
    // Running the migrations again changes nothing.
    db.migrate().await.unwrap();
    assert_eq!(describe(&c, backend).await, schema);
    drop((db, c));
    fresh.remove().await;
}

#[tokio::test]
async fn fresh_schema_sqlite() {
    fresh_schema(Backend::Sqlite).await;
}

#[tokio::test]
async fn fresh_schema_postgres() {
    fresh_schema(Backend::Postgres).await;
}
