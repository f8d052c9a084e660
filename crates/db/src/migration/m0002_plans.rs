//! m0002_plans: plans (实施方案) with their targets, tasks, responsible units and phases.
//!
//! Frozen.

use super::*;

migration! {
    "m0002_plans",
    up(m) {
        create(
            m,
            "plans",
            Table::create()
                .col(id())
                .cols("participant_id bigint!, title string!, issuer string, \
                 doc_number string, doc_date string, file_name string, \
                 original_text text!, content_hash string!, revision int!, \
                 previous_plan_id bigint, status string!, warnings text!, demo bool!, \
                 created_at timestamptz!, created_by bigint")
                .foreign_key(&mut fk("plans", "participant_id", "participants", "id")),
            &["participant_id", "content_hash"],
        )
        .await?;
        create(
            m,
            "plan_targets",
            Table::create()
                .col(id())
                .cols("plan_id bigint!, seq int!, indicator_text string!, \
                 indicator_code string, comparator string!, value double, \
                 value_max double, unit string, year int, delta bool!, \
                 source_text text!, text_offset bigint")
                .foreign_key(
                    fk("plan_targets", "plan_id", "plans", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
            &["plan_id"],
        )
        .await?;
        create(
            m,
            "plan_tasks",
            Table::create()
                .col(id())
                .cols("plan_id bigint!, seq int!, number string!, title text!, \
                 group_text string, joint bool!, resp_text text, deadline string, \
                 truncated bool!, text_offset bigint")
                .foreign_key(
                    fk("plan_tasks", "plan_id", "plans", "id").on_delete(ForeignKeyAction::Cascade),
                ),
            &["plan_id"],
        )
        .await?;
        create(
            m,
            "task_units",
            Table::create()
                .col(id())
                .cols("task_id bigint!, org_id bigint!, name string!, role string!")
                .foreign_key(
                    fk("task_units", "task_id", "plan_tasks", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut fk("task_units", "org_id", "orgs", "id")),
            &["task_id", "org_id"],
        )
        .await?;
        create(
            m,
            "plan_phases",
            Table::create()
                .col(id())
                .cols("plan_id bigint!, seq int!, text string!, kind string!, \
                 start_year int, end_year int")
                .foreign_key(
                    fk("plan_phases", "plan_id", "plans", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
            &["plan_id"],
        )
        .await?;
        Ok(())
    },
    down(m) {
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
