//! Schema migrations (sea-orm-migration), portable across SQLite and PostgreSQL.
//!
//! A migration that adds tables creates them from their entities (`create`). Once a release
//! has shipped a migration, changing one of its entities needs a new migration with explicit
//! `ALTER` statements, so that old databases upgrade the same way everywhere.

use crate::entity::*;
use sea_orm::{EntityTrait, Schema};
use sea_orm_migration::prelude::*;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(M0001Foundation),
            Box::new(M0002Plans),
            Box::new(M0003Monitoring),
            Box::new(M0004Supervision),
            Box::new(M0005Evaluation),
            Box::new(M0006SupervisionEdit),
            Box::new(M0007ValidationRules),
            Box::new(M0008EvaluationMore),
            Box::new(M0009Polish),
        ]
    }
}

/// Number of migrations this build knows; backups record it.
pub fn schema_version() -> i64 {
    Migrator::migrations().len() as i64
}

struct M0001Foundation;

impl MigrationName for M0001Foundation {
    fn name(&self) -> &str {
        "m0001_foundation"
    }
}

async fn create<E: EntityTrait>(m: &SchemaManager<'_>, e: E) -> Result<(), DbErr> {
    let schema = Schema::new(m.get_database_backend());
    m.create_table(schema.create_table_from_entity(e)).await?;
    for idx in schema.create_index_from_entity(e) {
        m.create_index(idx).await?;
    }
    Ok(())
}

/// Drops tables in the order given (dependents first).
async fn drop_tables(m: &SchemaManager<'_>, tables: &[&str]) -> Result<(), DbErr> {
    for t in tables {
        m.drop_table(Table::drop().table(Alias::new(*t)).to_owned())
            .await?;
    }
    Ok(())
}

/// Adds columns to a table that lacks them, one statement each (SQLite alters one column at
/// a time). Tables created from today's entities have them already, so this is a no-op there.
async fn add_missing_columns(
    m: &SchemaManager<'_>,
    table: &str,
    cols: Vec<ColumnDef>,
) -> Result<(), DbErr> {
    for mut def in cols {
        let name = def.get_column_name();
        if m.has_column(table, &name).await? {
            continue;
        }
        m.alter_table(
            Table::alter()
                .table(Alias::new(table))
                .add_column(&mut def)
                .to_owned(),
        )
        .await?;
    }
    Ok(())
}

/// Drops the columns a table has, in the order given.
async fn drop_present_columns(
    m: &SchemaManager<'_>,
    table: &str,
    cols: &[&str],
) -> Result<(), DbErr> {
    for col in cols {
        if !m.has_column(table, col).await? {
            continue;
        }
        m.alter_table(
            Table::alter()
                .table(Alias::new(table))
                .drop_column(Alias::new(*col))
                .to_owned(),
        )
        .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for M0001Foundation {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(m, region::Entity).await?;
        create(m, org::Entity).await?;
        create(m, org_alias::Entity).await?;
        create(m, programme::Entity).await?;
        create(m, batch::Entity).await?;
        create(m, participant::Entity).await?;
        create(m, status_change::Entity).await?;
        create(m, indicator::Entity).await?;
        create(m, user::Entity).await?;
        create(m, session::Entity).await?;
        create(m, login_attempt::Entity).await?;
        create(m, audit_event::Entity).await?;
        m.create_index(
            Index::create()
                .name("ux_participant_region_programme")
                .table(participant::Entity)
                .col(participant::Column::RegionCode)
                .col(participant::Column::ProgrammeId)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            m,
            &[
                "audit_events",
                "login_attempts",
                "sessions",
                "users",
                "indicators",
                "status_changes",
                "participants",
                "batches",
                "programmes",
                "org_aliases",
                "orgs",
                "regions",
            ],
        )
        .await
    }
}

/// Plans with their targets, tasks, responsible units and phases.
struct M0002Plans;

impl MigrationName for M0002Plans {
    fn name(&self) -> &str {
        "m0002_plans"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0002Plans {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(m, plan::Entity).await?;
        create(m, plan_target::Entity).await?;
        create(m, plan_task::Entity).await?;
        create(m, task_unit::Entity).await?;
        create(m, plan_phase::Entity).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            m,
            &[
                "plan_phases",
                "task_units",
                "plan_tasks",
                "plan_targets",
                "plans",
            ],
        )
        .await
    }
}

/// Monitoring: data items, forms, assignments, observations and their history.
struct M0003Monitoring;

impl MigrationName for M0003Monitoring {
    fn name(&self) -> &str {
        "m0003_monitoring"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0003Monitoring {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(m, data_item::Entity).await?;
        create(m, data_form::Entity).await?;
        create(m, form_assignment::Entity).await?;
        create(m, observation::Entity).await?;
        create(m, observation_history::Entity).await?;
        m.create_index(
            Index::create()
                .name("ux_observation_region_item_year")
                .table(observation::Entity)
                .col(observation::Column::RegionCode)
                .col(observation::Column::ItemCode)
                .col(observation::Column::Year)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            m,
            &[
                "observation_history",
                "observations",
                "form_assignments",
                "data_forms",
                "data_items",
            ],
        )
        .await
    }
}

/// Task supervision (督查督办): tasks, units, milestones, loop events, 催办, notifications,
/// colour history, evidence files, sent reminders, settings.
struct M0004Supervision;

impl MigrationName for M0004Supervision {
    fn name(&self) -> &str {
        "m0004_supervision"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0004Supervision {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(m, sv_task::Entity).await?;
        create(m, sv_unit::Entity).await?;
        create(m, sv_milestone::Entity).await?;
        create(m, sv_event::Entity).await?;
        create(m, sv_urge::Entity).await?;
        create(m, sv_notification::Entity).await?;
        create(m, sv_colour::Entity).await?;
        create(m, sv_file::Entity).await?;
        create(m, sv_reminder::Entity).await?;
        create(m, sv_setting::Entity).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            m,
            &[
                "sv_settings",
                "sv_reminders",
                "sv_files",
                "sv_colours",
                "sv_notifications",
                "sv_urges",
                "sv_events",
                "sv_milestones",
                "sv_units",
                "sv_tasks",
            ],
        )
        .await
    }
}

/// Evaluation (综合评价): versioned methods, runs and their results.
struct M0005Evaluation;

impl MigrationName for M0005Evaluation {
    fn name(&self) -> &str {
        "m0005_evaluation"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0005Evaluation {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(m, evaluation_method::Entity).await?;
        create(m, evaluation_run::Entity).await?;
        create(m, evaluation_result::Entity).await?;
        m.create_index(
            Index::create()
                .name("ux_evaluation_method_key_version")
                .table(evaluation_method::Entity)
                .col(evaluation_method::Column::Key)
                .col(evaluation_method::Column::Version)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            m,
            &[
                "evaluation_results",
                "evaluation_runs",
                "evaluation_methods",
            ],
        )
        .await
    }
}

/// Task supervision edits: units added to or taken off an assigned task keep the days
/// (`sv_units.added_on`, `sv_units.removed_on`).
struct M0006SupervisionEdit;

impl MigrationName for M0006SupervisionEdit {
    fn name(&self) -> &str {
        "m0006_supervision_edit"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0006SupervisionEdit {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // m0004 creates `sv_units` from today's entity; older databases get the columns here.
        let date = |c: &str| ColumnDef::new(Alias::new(c)).date().null().to_owned();
        add_missing_columns(m, "sv_units", vec![date("added_on"), date("removed_on")]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_present_columns(m, "sv_units", &["removed_on", "added_on"]).await
    }
}

/// Validation rules stored in a table, seeded from the defaults of the data items present
/// (ranges, year-on-year bands, consistency pairs, robust outliers).
struct M0007ValidationRules;

impl MigrationName for M0007ValidationRules {
    fn name(&self) -> &str {
        "m0007_validation_rules"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0007ValidationRules {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(m, validation_rule::Entity).await?;
        let items = data_item::Entity::find().all(m.get_connection()).await?;
        crate::validation::seed_default_rules(m.get_connection(), &items, &items, true)
            .await
            .map_err(|e| DbErr::Migration(e.to_string()))?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(m, &["validation_rules"]).await
    }
}

/// Evaluation runs: a heartbeat of the background job (runs left `running` by a restart are
/// marked `interrupted`) and the sensitivity analysis (`sensitivity_n`, `sensitivity`).
struct M0008EvaluationMore;

impl MigrationName for M0008EvaluationMore {
    fn name(&self) -> &str {
        "m0008_evaluation_more"
    }
}

const M0008_COLUMNS: [&str; 3] = ["heartbeat_at", "sensitivity_n", "sensitivity"];

#[async_trait::async_trait]
impl MigrationTrait for M0008EvaluationMore {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // m0005 creates `evaluation_runs` from today's entity; older databases get the columns
        // here.
        let [mut beat, mut n, mut sens] = M0008_COLUMNS.map(|c| ColumnDef::new(Alias::new(c)));
        add_missing_columns(
            m,
            "evaluation_runs",
            vec![
                beat.timestamp_with_time_zone().null().to_owned(),
                n.integer().null().to_owned(),
                sens.text().null().to_owned(),
            ],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut cols = M0008_COLUMNS;
        cols.reverse();
        drop_present_columns(m, "evaluation_runs", &cols).await
    }
}

/// Users carry a demo flag (`users.demo`). m0001 creates `users` from today's entity, so a
/// database created by this build has the column already; older ones get it here, and the
/// demo accounts they hold (by username and demo display name, as `demo load` wrote them)
/// are marked.
struct M0009Polish;

impl MigrationName for M0009Polish {
    fn name(&self) -> &str {
        "m0009_polish"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0009Polish {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.has_column("users", "demo").await? {
            return Ok(());
        }
        let demo = ColumnDef::new(Alias::new("demo"))
            .boolean()
            .not_null()
            .default(false)
            .to_owned();
        add_missing_columns(m, "users", vec![demo]).await?;
        let mut demo_accounts = Condition::any();
        for u in &innocity_domain::demo::demo_set().users {
            demo_accounts = demo_accounts.add(
                Expr::col(Alias::new("username"))
                    .eq(u.username.as_str())
                    .and(Expr::col(Alias::new("display_name")).eq(u.display_name.as_str())),
            );
        }
        m.exec_stmt(
            Query::update()
                .table(Alias::new("users"))
                .value(Alias::new("demo"), true)
                .cond_where(demo_accounts)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_present_columns(m, "users", &["demo"]).await
    }
}

#[cfg(test)]
mod tests {
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

    /// m0008 and m0006 go down and up again on SQLite, and are no-ops on a schema that
    /// already has the columns (created by m0004 and m0005 from today's entities).
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
        for col in M0008_COLUMNS {
            assert!(m.has_column("evaluation_runs", col).await.unwrap());
        }
        Migrator::down(c, Some(steps_back_to("m0008_evaluation_more")))
            .await
            .unwrap();
        for col in M0008_COLUMNS {
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
        for col in M0008_COLUMNS {
            assert!(m.has_column("evaluation_runs", col).await.unwrap(), "{col}");
        }
        drop(db);
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
        }
    }

    /// A fresh, unmigrated database: a SQLite file, or a new database on the PostgreSQL
    /// server of `INNOCITY_TEST_PG` (`None` when unset outside CI).
    async fn fresh(pg: bool) -> Option<(crate::Db, Option<std::path::PathBuf>)> {
        if !pg {
            let path = std::env::temp_dir().join(format!(
                "innocity-m0009-{}-{}.db",
                std::process::id(),
                chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
            ));
            let db = crate::Db::connect_raw(&path.display().to_string())
                .await
                .unwrap();
            return Some((db, Some(path)));
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
        Some((db, None))
    }

    /// m0009 on a database from before it: the column is added, the demo accounts (and only
    /// they) are marked; down drops the column again.
    async fn polish_marks_old_demo_accounts(pg: bool) {
        use sea_orm::{ConnectionTrait, Statement};
        let Some((db, path)) = fresh(pg).await else {
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
        drop(db);
        if let Some(path) = path {
            for ext in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
            }
        }
    }

    #[tokio::test]
    async fn polish_marks_old_demo_accounts_sqlite() {
        polish_marks_old_demo_accounts(false).await;
    }

    #[tokio::test]
    async fn polish_marks_old_demo_accounts_postgres() {
        polish_marks_old_demo_accounts(true).await;
    }
}
