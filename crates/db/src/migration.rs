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

#[cfg(test)]
mod tests {
    use super::*;

    /// m0006 goes down (with m0007 after it) and up again on SQLite, and is a no-op on a schema that already has
    /// the columns (created by m0004 from today's entity).
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
        Migrator::down(c, Some(2)).await.unwrap();
        assert!(!m.has_column("sv_units", "removed_on").await.unwrap());
        assert!(!m.has_column("sv_units", "added_on").await.unwrap());
        Migrator::up(c, None).await.unwrap();
        assert!(m.has_column("sv_units", "added_on").await.unwrap());
        assert!(m.has_column("sv_units", "removed_on").await.unwrap());
        drop(db);
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
        }
    }
}
