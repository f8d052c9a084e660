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
            Box::new(M0008EvaluationMore),
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
        // m0004 creates `sv_units` from today's entity, so a database created by this build
        // has the columns already; older ones get them here. One column per statement:
        // SQLite alters one column at a time.
        for col in ["added_on", "removed_on"] {
            if m.has_column("sv_units", col).await? {
                continue;
            }
            m.alter_table(
                Table::alter()
                    .table(Alias::new("sv_units"))
                    .add_column(ColumnDef::new(Alias::new(col)).date().null())
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in ["removed_on", "added_on"] {
            if !m.has_column("sv_units", col).await? {
                continue;
            }
            m.alter_table(
                Table::alter()
                    .table(Alias::new("sv_units"))
                    .drop_column(Alias::new(col))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

/// Evaluation runs: a heartbeat of the background job (runs left `running` by a restart are
/// marked `interrupted`) and the sensitivity analysis (`sensitivity_n`, `sensitivity`).
/// (m0007 is reserved for another change.)
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
        // m0005 creates `evaluation_runs` from today's entity, so a new database has the
        // columns already; older ones get them here, one per statement (SQLite).
        for col in M0008_COLUMNS {
            if m.has_column("evaluation_runs", col).await? {
                continue;
            }
            let mut def = ColumnDef::new(Alias::new(col));
            match col {
                "heartbeat_at" => def.timestamp_with_time_zone(),
                "sensitivity_n" => def.integer(),
                _ => def.text(),
            };
            m.alter_table(
                Table::alter()
                    .table(Alias::new("evaluation_runs"))
                    .add_column(def.null())
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in M0008_COLUMNS.iter().rev() {
            if !m.has_column("evaluation_runs", col).await? {
                continue;
            }
            m.alter_table(
                Table::alter()
                    .table(Alias::new("evaluation_runs"))
                    .drop_column(Alias::new(*col))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // m0008 first, then m0006.
        Migrator::down(c, Some(1)).await.unwrap();
        for col in M0008_COLUMNS {
            assert!(
                !m.has_column("evaluation_runs", col).await.unwrap(),
                "{col}"
            );
        }
        assert!(m.has_column("sv_units", "removed_on").await.unwrap());
        Migrator::down(c, Some(1)).await.unwrap();
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
}
