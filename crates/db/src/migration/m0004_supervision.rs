//! m0004_supervision: task supervision (督查督办): tasks, units, milestones, loop events,
//! urges (催办), notifications, colour history, evidence files, sent reminders, settings.
//!
//! Frozen. `sv_units.added_on` and `removed_on` come with m0006.

use super::*;

migration! {
    "m0004_supervision",
    up(m) {
        create(
            m,
            "sv_tasks",
            Table::create()
                .col(id())
                .cols("participant_id bigint!, region_code string!, plan_id bigint, \
                 plan_task_id bigint, parent_id bigint, number string!, title text!, \
                 description text, joint bool!, due date, status string!, \
                 assigned_on date, signed_on date, close_requested_on date, \
                 closed_on date, progress double, colour string!, \
                 owner_org_id bigint!, created_by bigint, created_at timestamptz!, \
                 updated_at timestamptz!")
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
                .cols("task_id bigint!, org_id bigint!, part string!, person string, \
                 email string, phone string")
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
                .cols("task_id bigint!, seq int!, title string!, due date!, done_on date")
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
                .cols("task_id bigint!, kind string!, at timestamptz!, day date!, \
                 user_id bigint, username string!, org_id bigint, progress double, \
                 text text!")
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
                .cols("task_id bigint!, org_id bigint!, text text!, issued_at timestamptz!, \
                 issued_on date!, issued_by string!, answer_due date!, answer text, \
                 answered_on date, answered_by string")
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
                .cols("org_id bigint!, task_id bigint, kind string!, title string!, \
                 body text!, email string, created_at timestamptz!, \
                 read_at timestamptz, read_by string, emailed_at timestamptz"),
            &["org_id", "task_id"],
        )
        .await?;
        create(
            m,
            "sv_colours",
            Table::create()
                .col(id())
                .cols("task_id bigint!, day date!, colour string!, reasons text!")
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
                .cols("task_id bigint!, event_id bigint, org_id bigint!, name string!, \
                 content_type string!, size bigint!, sha256 string!")
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
                .cols("task_id bigint!, uniq string! unique, key string!, day date!")
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
                .cols("key string! pk, value text!, updated_at timestamptz!"),
            &[],
        )
        .await?;
        Ok(())
    },
    down(m) {
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
