//! The previous release's backup (`fixtures/prev-backup.json`) restores into a fresh
//! database of this build, and a backup taken afterwards holds the same rows.

use crate::{assert_counts, assert_same_rows, prev_backup, raw, Backend, Fresh};
use innocity_db::Db;

async fn restore(backend: Backend) {
    let Some(fresh) = Fresh::new(backend).await else {
        return;
    };
    let db = Db::connect(&fresh.url).await.unwrap();
    let prev = prev_backup();
    let rows = db.restore(&prev, false).await.unwrap();
    let total: usize = prev["tables"]
        .as_object()
        .unwrap()
        .values()
        .map(|t| t.as_array().unwrap().len())
        .sum();
    assert_eq!(rows, total);
    let c = raw(&fresh.url).await;
    assert_counts(&c, &prev).await;
    let again = db.backup().await.unwrap();
    assert_same_rows(&again, &prev, true);
    // A second restore needs `force`, and then replaces the content again.
    assert!(db.restore(&prev, false).await.is_err());
    assert_eq!(db.restore(&prev, true).await.unwrap(), total);
    assert_counts(&c, &prev).await;
    drop((db, c));
    fresh.remove().await;
}

#[tokio::test]
async fn previous_backup_restores_sqlite() {
    restore(Backend::Sqlite).await;
}

#[tokio::test]
async fn previous_backup_restores_postgres() {
    restore(Backend::Postgres).await;
}
