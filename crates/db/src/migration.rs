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
        vec![Box::new(M0001Foundation), Box::new(M0002Plans)]
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
        for t in [
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
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
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
        for t in [
            "plan_phases",
            "task_units",
            "plan_tasks",
            "plan_targets",
            "plans",
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
