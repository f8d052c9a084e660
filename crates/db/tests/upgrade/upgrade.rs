//! A database created by the previous release, with the demo set loaded (`fixtures/prev.db`,
//! `fixtures/prev-pg.sql`), opens with [`Db::connect`]: every current migration is recorded,
//! the schema is the committed one, the data reads back as the previous release's backup of
//! it holds, and a demo user logs in.

use crate::schema::{assert_schema, describe};
use crate::{
    applied, assert_counts, assert_same_rows, fixture, known, prev_backup, raw, Backend, Fresh,
};
use innocity_db::{Actor, Db};

/// Loads the previous release's database into `fresh`.
async fn load_prev(fresh: &Fresh, backend: Backend) {
    match backend {
        Backend::Sqlite => std::fs::write(fresh.sqlite_path(), fixture("prev.db")).unwrap(),
        Backend::Postgres => {
            let dump = String::from_utf8(fixture("prev-pg.sql")).unwrap();
            // The dump empties `search_path` for its session: load it on a connection of its
            // own.
            let c = Db::connect_raw(&fresh.url).await.unwrap();
            c.execute_unprepared(&dump).await.unwrap();
        }
    }
}

async fn upgrade(backend: Backend) {
    let Some(fresh) = Fresh::new(backend).await else {
        return;
    };
    load_prev(&fresh, backend).await;
    let c = raw(&fresh.url).await;
    let before = applied(&c).await;
    assert!(!before.is_empty(), "the fixture records its migrations");
    assert!(
        before.iter().all(|m| known().contains(m)),
        "every migration the previous release ran keeps its name: {before:?}"
    );

    let db = Db::connect(&fresh.url).await.unwrap();
    assert_eq!(applied(&c).await, known());
    assert_schema(&describe(&c, backend).await, backend);
    let prev = prev_backup();
    assert_counts(&c, &prev).await;
    // The rows themselves, as the previous release's backup of its SQLite database holds them
    // (PostgreSQL: but for the moments and passwords of its own demo load).
    let now = db.backup().await.unwrap();
    assert_same_rows(&now, &prev, backend == Backend::Sqlite);

    assert_eq!(db.auth().user_count().await.unwrap(), 7);
    let system = Actor::system();
    db.auth()
        .set_password_by_name(&system, "coordinator", "Upgrade-pass-2026", false)
        .await
        .unwrap();
    let ok = db
        .auth()
        .login("coordinator", "Upgrade-pass-2026", "127.0.0.1")
        .await
        .unwrap();
    assert_eq!(ok.session.user.username, "coordinator");
    assert_eq!(ok.session.user.role, "coordinator");
    assert!(ok.session.user.demo, "the demo flag reads back");
    assert!(db
        .auth()
        .login("coordinator", "wrong-password", "127.0.0.1")
        .await
        .is_err());
    drop((db, c));
    fresh.remove().await;
}

#[tokio::test]
async fn previous_release_upgrades_sqlite() {
    upgrade(Backend::Sqlite).await;
}

#[tokio::test]
async fn previous_release_upgrades_postgres() {
    upgrade(Backend::Postgres).await;
}
