//! Migrations going down and up again, and m0009 on a database from before it.

use super::*;

/// How many migrations `down` must revert to undo `name` (it and every later one).
fn steps_back_to(name: &str) -> u32 {
    let all = Migrator::migrations();
    let at = all
        .iter()
        .position(|m| m.name() == name)
        .expect("known migration");
    (all.len() - at) as u32
}

/// m0008 and m0006 go down and up again on SQLite: their columns go and come back.
#[tokio::test]
async fn supervision_edit_down_and_up() {
    let path = std::env::temp_dir().join(format!(
        "innocity-m0006-{}-{}.db",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
    ));
    let db = crate::Db::connect_raw(&path.display().to_string())
        .await
        .unwrap();
    let c = &db.conn;
    Migrator::up(c, None).await.unwrap();
    let m = SchemaManager::new(c);
    assert!(m.has_column("sv_units", "removed_on").await.unwrap());
    for col in m0008_evaluation_more::COLUMNS {
        assert!(m.has_column("evaluation_runs", col).await.unwrap());
    }
    Migrator::down(c, Some(steps_back_to("m0008_evaluation_more")))
        .await
        .unwrap();
    for col in m0008_evaluation_more::COLUMNS {
        assert!(
            !m.has_column("evaluation_runs", col).await.unwrap(),
            "{col}"
        );
    }
    assert!(m.has_column("sv_units", "removed_on").await.unwrap());
    // What is left applied ends at m0007: undo it and m0006.
    let left = steps_back_to("m0006_supervision_edit") - steps_back_to("m0008_evaluation_more");
    Migrator::down(c, Some(left)).await.unwrap();
    assert!(m.has_table("sv_units").await.unwrap(), "m0004 stays");
    assert!(!m.has_column("sv_units", "removed_on").await.unwrap());
    assert!(!m.has_column("sv_units", "added_on").await.unwrap());
    Migrator::up(c, None).await.unwrap();
    assert!(m.has_column("sv_units", "added_on").await.unwrap());
    assert!(m.has_column("sv_units", "removed_on").await.unwrap());
    for col in m0008_evaluation_more::COLUMNS {
        assert!(m.has_column("evaluation_runs", col).await.unwrap(), "{col}");
    }
    drop(db);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
}

/// Where a fresh database lives, to remove it afterwards.
enum Place {
    File(std::path::PathBuf),
    /// The server connection and the database's name.
    Server(crate::Db, String),
}

/// A fresh, unmigrated database: a SQLite file, or a new database on the PostgreSQL
/// server of `INNOCITY_TEST_PG` (`None` when unset outside CI).
async fn fresh(pg: bool) -> Option<(crate::Db, Place)> {
    if !pg {
        let path = std::env::temp_dir().join(format!(
            "innocity-m0009-{}-{}.db",
            std::process::id(),
            chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
        ));
        let db = crate::Db::connect_raw(&path.display().to_string())
            .await
            .unwrap();
        return Some((db, Place::File(path)));
    }
    let server = match std::env::var("INNOCITY_TEST_PG") {
        Ok(u) if !u.is_empty() => u,
        _ => {
            assert!(
                !std::env::var("CI").is_ok_and(|v| v == "true"),
                "INNOCITY_TEST_PG is not set under CI"
            );
            return None;
        }
    };
    let name = format!("innocity_m0009_{}", uuid::Uuid::new_v4().simple());
    let admin = crate::Db::connect_raw(&server).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let base = server.rsplit_once('/').map_or(server.as_str(), |(b, _)| b);
    let db = crate::Db::connect_raw(&format!("{base}/{name}"))
        .await
        .unwrap();
    Some((db, Place::Server(admin, name)))
}

/// Closes `db` and removes its database.
async fn remove(db: crate::Db, place: Place) {
    drop(db);
    match place {
        Place::File(path) => {
            for ext in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
            }
        }
        Place::Server(admin, name) => admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await
            .unwrap(),
    }
}

/// m0009 on a database from before it: the column is added, the demo accounts (and only
/// they) are marked; down drops the column again.
async fn polish_marks_old_demo_accounts(pg: bool) {
    use sea_orm::{ConnectionTrait, Statement};
    let Some((db, place)) = fresh(pg).await else {
        return;
    };
    let c = &db.conn;
    Migrator::up(c, None).await.unwrap();
    let m = SchemaManager::new(c);
    assert!(m.has_column("users", "demo").await.unwrap());
    Migrator::down(c, Some(steps_back_to("m0009_polish")))
        .await
        .unwrap();
    assert!(!m.has_column("users", "demo").await.unwrap());
    // an old database: the demo coordinator, and a real admin of the same name as the
    // demo admin
    c.execute_unprepared("INSERT INTO regions (code, name, level, parent_code, demo) VALUES ('000000', '全国', 'nation', NULL, false)").await.unwrap();
    c.execute_unprepared("INSERT INTO orgs (id, name, name_key, kind, region_code, demo) VALUES (1, '市科技局', 'k', 'department', '000000', false)").await.unwrap();
    for (name, display) in [("coordinator", "演示协调员"), ("admin", "系统管理员")] {
        c.execute_unprepared(&format!(
            "INSERT INTO users (username, display_name, password_hash, role, org_id, \
             must_change_password, disabled, created_at) VALUES ('{name}', '{display}', 'x', \
             'admin', 1, false, false, '2026-01-01 00:00:00')"
        ))
        .await
        .unwrap();
    }
    Migrator::up(c, None).await.unwrap();
    let rows = c
        .query_all_raw(Statement::from_string(
            c.get_database_backend(),
            "SELECT username, demo FROM users ORDER BY username",
        ))
        .await
        .unwrap();
    let got: Vec<(String, bool)> = rows
        .iter()
        .map(|r| {
            (
                r.try_get("", "username").unwrap(),
                r.try_get("", "demo").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("admin".to_string(), false),
            ("coordinator".to_string(), true)
        ]
    );
    remove(db, place).await;
}

#[tokio::test]
async fn polish_marks_old_demo_accounts_sqlite() {
    polish_marks_old_demo_accounts(false).await;
}

#[tokio::test]
async fn polish_marks_old_demo_accounts_postgres() {
    polish_marks_old_demo_accounts(true).await;
}

/// m0007 on a database with data items seeds exactly the default rules of those items (and
/// the global ones), field by field.
async fn validation_rules_seed_items(pg: bool) {
    use sea_orm::{ConnectionTrait, EntityTrait, Statement};
    let Some((db, place)) = fresh(pg).await else {
        return;
    };
    let c = &db.conn;
    let before = Migrator::migrations().len() as u32 - steps_back_to("m0007_validation_rules");
    Migrator::up(c, Some(before)).await.unwrap();
    let m = SchemaManager::new(c);
    assert!(!m.has_table("validation_rules").await.unwrap());
    for (id, code, min, max, band, formula) in [
        (1, "gdp", "0", "NULL", "0.5", ""),
        (2, "rd_expenditure", "0", "1000", "NULL", ""),
        (
            3,
            "rd_intensity",
            "NULL",
            "NULL",
            "NULL",
            "rd_expenditure / gdp",
        ),
    ] {
        c.execute_unprepared(&format!(
            "INSERT INTO data_items (id, code, name_zh, unit, aggregation, formula, min_value, \
             max_value, yoy_band, source_dept) VALUES ({id}, '{code}', '项{id}', NULL, 'sum', \
             '{formula}', {min}, {max}, {band}, '统计局')"
        ))
        .await
        .unwrap();
    }
    Migrator::up(c, None).await.unwrap();
    let items = crate::entity::data_item::Entity::find()
        .all(c)
        .await
        .unwrap();
    let want: Vec<String> = crate::validation::default_rules(&items, &items, true)
        .into_iter()
        .map(
            |(code, name, kind, left, op, right, importance, missing, basis)| {
                format!(
                    "{code}|{name}|{}|{left}|{}|{right}|{}|{}|{}",
                    m0007_validation_rules::tag(kind),
                    m0007_validation_rules::tag(op),
                    m0007_validation_rules::tag(importance),
                    m0007_validation_rules::tag(missing),
                    basis.unwrap_or("-")
                )
            },
        )
        .collect();
    assert!(want.len() >= 8, "{want:?}");
    let rows = c
        .query_all_raw(Statement::from_string(
            c.get_database_backend(),
            "SELECT code, name, kind, left_expr, op, right_expr, importance, missing, \
             outlier_basis, region_code, enabled, demo FROM validation_rules ORDER BY id",
        ))
        .await
        .unwrap();
    let got: Vec<String> = rows
        .iter()
        .map(|r| {
            let s = |f: &str| r.try_get::<String>("", f).unwrap();
            assert_eq!(
                r.try_get::<Option<String>>("", "region_code").unwrap(),
                None
            );
            assert!(r.try_get::<bool>("", "enabled").unwrap());
            assert!(!r.try_get::<bool>("", "demo").unwrap());
            let basis = r.try_get::<Option<String>>("", "outlier_basis").unwrap();
            format!(
                "{}|{}|{}|{}|{}|{}|{}|{}|{}",
                s("code"),
                s("name"),
                s("kind"),
                s("left_expr"),
                s("op"),
                s("right_expr"),
                s("importance"),
                s("missing"),
                basis.as_deref().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(got, want);
    remove(db, place).await;
}

#[tokio::test]
async fn validation_rules_seed_items_sqlite() {
    validation_rules_seed_items(false).await;
}

#[tokio::test]
async fn validation_rules_seed_items_postgres() {
    validation_rules_seed_items(true).await;
}
