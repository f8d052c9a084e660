//! m0004_supervision: task supervision (督查督办): tasks, units, milestones, loop events,
//! urges (催办), notifications, colour history, evidence files, sent reminders, settings.
//!
//! Frozen. `sv_units.added_on` and `removed_on` come with m0006.

use super::*;

pub(super) struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0004_supervision"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(
            m,
            "sv_tasks",
            Table::create()
                .col(id())
                .col(col("participant_id").big_integer().not_null())
                .col(col("region_code").string().not_null())
                .col(col("plan_id").big_integer())
                .col(col("plan_task_id").big_integer())
                .col(col("parent_id").big_integer())
                .col(col("number").string().not_null())
                .col(col("title").text().not_null())
                .col(col("description").text())
                .col(col("joint").boolean().not_null())
                .col(col("due").date())
                .col(col("status").string().not_null())
                .col(col("assigned_on").date())
                .col(col("signed_on").date())
                .col(col("close_requested_on").date())
                .col(col("closed_on").date())
                .col(col("progress").double())
                .col(col("colour").string().not_null())
                .col(col("owner_org_id").big_integer().not_null())
                .col(col("created_by").big_integer())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("sv_tasks", "participant_id", "participants", "id")),
            &[
                "participant_id",
                "region_code",
                "plan_id",
                "parent_id",
                "status",
            ],
        )
        .await?;
        create(
            m,
            "sv_units",
            Table::create()
                .col(id())
                .col(col("task_id").big_integer().not_null())
                .col(col("org_id").big_integer().not_null())
                .col(col("part").string().not_null())
                .col(col("person").string())
                .col(col("email").string())
                .col(col("phone").string())
                .foreign_key(
                    fk("sv_units", "task_id", "sv_tasks", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut fk("sv_units", "org_id", "orgs", "id")),
            &["task_id", "org_id"],
        )
        .await?;
        create(
            m,
            "sv_milestones",
            Table::create()
                .col(id())
                .col(col("task_id").big_integer().not_null())
                .col(col("seq").integer().not_null())
                .col(col("title").string().not_null())
                .col(col("due").date().not_null())
                .col(col("done_on").date())
                .foreign_key(
                    fk("sv_milestones", "task_id", "sv_tasks", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
            &["task_id"],
        )
        .await?;
        create(
            m,
            "sv_events",
            Table::create()
                .col(id())
                .col(col("task_id").big_integer().not_null())
                .col(col("kind").string().not_null())
                .col(col("at").timestamp_with_time_zone().not_null())
                .col(col("day").date().not_null())
                .col(col("user_id").big_integer())
                .col(col("username").string().not_null())
                .col(col("org_id").big_integer())
                .col(col("progress").double())
                .col(col("text").text().not_null())
                .foreign_key(
                    fk("sv_events", "task_id", "sv_tasks", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
            &["task_id"],
        )
        .await?;
        create(
            m,
            "sv_urges",
            Table::create()
                .col(id())
                .col(col("task_id").big_integer().not_null())
                .col(col("org_id").big_integer().not_null())
                .col(col("text").text().not_null())
                .col(col("issued_at").timestamp_with_time_zone().not_null())
                .col(col("issued_on").date().not_null())
                .col(col("issued_by").string().not_null())
                .col(col("answer_due").date().not_null())
                .col(col("answer").text())
                .col(col("answered_on").date())
                .col(col("answered_by").string())
                .foreign_key(
                    fk("sv_urges", "task_id", "sv_tasks", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
            &["task_id", "org_id"],
        )
        .await?;
        create(
            m,
            "sv_notifications",
            Table::create()
                .col(id())
                .col(col("org_id").big_integer().not_null())
                .col(col("task_id").big_integer())
                .col(col("kind").string().not_null())
                .col(col("title").string().not_null())
                .col(col("body").text().not_null())
                .col(col("email").string())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("read_at").timestamp_with_time_zone())
                .col(col("read_by").string())
                .col(col("emailed_at").timestamp_with_time_zone()),
            &["org_id", "task_id"],
        )
        .await?;
        create(
            m,
            "sv_colours",
            Table::create()
                .col(id())
                .col(col("task_id").big_integer().not_null())
                .col(col("day").date().not_null())
                .col(col("colour").string().not_null())
                .col(col("reasons").text().not_null())
                .foreign_key(
                    fk("sv_colours", "task_id", "sv_tasks", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
            &["task_id"],
        )
        .await?;
        create(
            m,
            "sv_files",
            Table::create()
                .col(id())
                .col(col("task_id").big_integer().not_null())
                .col(col("event_id").big_integer())
                .col(col("org_id").big_integer().not_null())
                .col(col("name").string().not_null())
                .col(col("content_type").string().not_null())
                .col(col("size").big_integer().not_null())
                .col(col("sha256").string().not_null())
                .col(
                    ColumnDef::new_with_type(
                        Alias::new("data"),
                        ColumnType::VarBinary(StringLen::None),
                    )
                    .not_null(),
                )
                .col(col("uploaded_by").string().not_null())
                .col(col("uploaded_at").timestamp_with_time_zone().not_null())
                .foreign_key(
                    fk("sv_files", "task_id", "sv_tasks", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
            &["task_id"],
        )
        .await?;
        create(
            m,
            "sv_reminders",
            Table::create()
                .col(id())
                .col(col("task_id").big_integer().not_null())
                .col(col("uniq").string().not_null().unique_key())
                .col(col("key").string().not_null())
                .col(col("day").date().not_null())
                .foreign_key(
                    fk("sv_reminders", "task_id", "sv_tasks", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
            &["task_id"],
        )
        .await?;
        create(
            m,
            "sv_settings",
            Table::create()
                .col(col("key").string().not_null().primary_key())
                .col(col("value").text().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null()),
            &[],
        )
        .await?;
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
