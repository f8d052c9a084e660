//! Backup and restore: a consistent JSON copy of every table, taken in one read transaction
//! (so it can run while the server runs), and a restore that refuses files that are not
//! innocity backups of this schema version.

use crate::entity::*;
use crate::migration::schema_version;

/// The oldest backup schema version this build restores. A migration that changes what rows
/// look like (not only adds nullable columns or tables) raises it to its own version.
pub const OLDEST_RESTORABLE: i64 = 9;
use crate::{Db, Error, Result};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel, PaginatorTrait,
    TransactionTrait,
};
use serde_json::{Map, Value};

/// Format marker of backup files.
pub const FORMAT: &str = "innocity-backup";

macro_rules! tables {
    ($m:ident) => {
        $m!(
            "regions" => region,
            "orgs" => org,
            "org_aliases" => org_alias,
            "programmes" => programme,
            "batches" => batch,
            "participants" => participant,
            "status_changes" => status_change,
            "indicators" => indicator,
            "users" => user,
            "sessions" => session,
            "login_attempts" => login_attempt,
            "audit_events" => audit_event,
            "plans" => plan,
            "plan_targets" => plan_target,
            "plan_tasks" => plan_task,
            "task_units" => task_unit,
            "plan_phases" => plan_phase,
            "data_items" => data_item,
            "data_forms" => data_form,
            "form_assignments" => form_assignment,
            "observations" => observation,
            "observation_history" => observation_history,
            "sv_tasks" => sv_task,
            "sv_units" => sv_unit,
            "sv_milestones" => sv_milestone,
            "sv_events" => sv_event,
            "sv_urges" => sv_urge,
            "sv_notifications" => sv_notification,
            "sv_colours" => sv_colour,
            "sv_files" => sv_file,
            "sv_reminders" => sv_reminder,
            "sv_settings" => sv_setting,
            "evaluation_methods" => evaluation_method,
            "evaluation_runs" => evaluation_run,
            "evaluation_results" => evaluation_result,
            "validation_rules" => validation_rule
        )
    };
}

/// Tables whose primary key is an auto-increment `id` (PostgreSQL sequences to repair).
const SERIAL_TABLES: &[&str] = &[
    "orgs",
    "org_aliases",
    "programmes",
    "batches",
    "participants",
    "status_changes",
    "indicators",
    "users",
    "login_attempts",
    "audit_events",
    "data_items",
    "data_forms",
    "form_assignments",
    "observations",
    "observation_history",
    "sv_tasks",
    "sv_units",
    "sv_milestones",
    "sv_events",
    "sv_urges",
    "sv_notifications",
    "sv_colours",
    "sv_files",
    "sv_reminders",
    "evaluation_methods",
    "evaluation_runs",
    "evaluation_results",
    "validation_rules",
];

impl Db {
    /// Dumps every table as one JSON document.
    pub async fn backup(&self) -> Result<Value> {
        // A read transaction: one consistent snapshot that does not hold up writers.
        let txn = self.conn.begin().await?;
        let mut tables = Map::new();
        macro_rules! dump {
            ($($name:literal => $m:ident),*) => {
                $(
                    // In primary-key order: PostgreSQL returns rows in no set order.
                    let mut q = $m::Entity::find();
                    for k in <$m::PrimaryKey as sea_orm::Iterable>::iter() {
                        q = sea_orm::QueryOrder::order_by_asc(q, sea_orm::PrimaryKeyToColumn::into_column(k));
                    }
                    let rows = q.all(&txn).await?;
                    tables.insert($name.into(), serde_json::to_value(rows).map_err(|e| Error::Db(sea_orm::DbErr::Custom(e.to_string())))?);
                )*
            };
        }
        tables!(dump);
        txn.commit().await?;
        Ok(serde_json::json!({
            "format": FORMAT,
            "schema_version": schema_version(),
            "app_version": env!("CARGO_PKG_VERSION"),
            "created_at": crate::now(),
            "tables": tables,
        }))
    }

    /// Replaces the database's content with a backup's, in one transaction. Backups of schema
    /// versions [`OLDEST_RESTORABLE`] up to this build's restore: the migrations since only
    /// added nullable columns, which rows of older backups leave empty.
    ///
    /// Refuses a document that is not an innocity backup or was written by another schema
    /// version, and a non-empty target unless `force`.
    pub async fn restore(&self, doc: &Value, force: bool) -> Result<usize> {
        if doc.get("format").and_then(Value::as_str) != Some(FORMAT) {
            return Err(Error::invalid(
                "file",
                msg!(
                    "invalid_backup",
                    "不是 innocity 备份文件 (format 字段不符)",
                    "Not an innocity backup file (the format field does not match)"
                ),
            ));
        }
        let v = doc.get("schema_version").and_then(Value::as_i64);
        if !v.is_some_and(|v| (OLDEST_RESTORABLE..=schema_version()).contains(&v)) {
            let (v, now) = (
                v.map_or("?".to_string(), |v| v.to_string()),
                schema_version(),
            );
            return Err(Error::invalid(
                "file",
                msg!(
                    "incompatible",
                    "备份的结构版本 {v} 与本程序的 {now} 不兼容(可恢复 {OLDEST_RESTORABLE}–{now})",
                    "The backup's schema version {v} does not fit this program's {now} (restorable: {OLDEST_RESTORABLE}–{now})"
                ),
            ));
        }
        let Some(tables) = doc.get("tables").and_then(Value::as_object) else {
            return Err(Error::invalid(
                "file",
                msg!(
                    "invalid_backup",
                    "备份缺少 tables",
                    "The backup has no tables"
                ),
            ));
        };
        if !force && user::Entity::find().count(&self.conn).await? > 0 {
            return Err(Error::conflict(
                "not_empty",
                msg!(
                    "not_empty",
                    "目标数据库不为空;确认覆盖请加 --force",
                    "The target database is not empty; add --force to overwrite it"
                ),
            ));
        }
        let txn = self.begin_plain().await?;
        let mut n = 0usize;
        macro_rules! wipe {
            ($($name:literal => $m:ident),*) => {
                let mut names = vec![$($name),*];
                names.reverse();
                for t in names {
                    txn.execute_unprepared(&format!("DELETE FROM {t}")).await?;
                }
            };
        }
        tables!(wipe);
        macro_rules! load {
            ($($name:literal => $m:ident),*) => {
                $(
                    let rows: Vec<$m::Model> = serde_json::from_value(tables.get($name).cloned().unwrap_or(Value::Array(vec![])))
                        .map_err(|e| Error::invalid("file", msg!("invalid_backup", "表 {}: {}", "Table {}: {}", $name, e)))?;
                    for r in rows {
                        r.into_active_model().reset_all().insert(&txn).await?;
                        n += 1;
                    }
                )*
            };
        }
        tables!(load);
        if self.backend() == DbBackend::Postgres {
            for t in SERIAL_TABLES {
                txn.execute_unprepared(&format!(
                    "SELECT setval(pg_get_serial_sequence('{t}', 'id'), COALESCE((SELECT MAX(id) FROM {t}), 0) + 1, false)"
                ))
                .await?;
            }
        }
        txn.commit().await?;
        Ok(n)
    }
}
