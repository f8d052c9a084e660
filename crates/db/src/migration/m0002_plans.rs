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
                .col(col("participant_id").big_integer().not_null())
                .col(col("title").string().not_null())
                .col(col("issuer").string())
                .col(col("doc_number").string())
                .col(col("doc_date").string())
                .col(col("file_name").string())
                .col(col("original_text").text().not_null())
                .col(col("content_hash").string().not_null())
                .col(col("revision").integer().not_null())
                .col(col("previous_plan_id").big_integer())
                .col(col("status").string().not_null())
                .col(col("warnings").text().not_null())
                .col(col("demo").boolean().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("created_by").big_integer())
                .foreign_key(&mut fk("plans", "participant_id", "participants", "id")),
            &["participant_id", "content_hash"],
        )
        .await?;
        create(
            m,
            "plan_targets",
            Table::create()
                .col(id())
                .col(col("plan_id").big_integer().not_null())
                .col(col("seq").integer().not_null())
                .col(col("indicator_text").string().not_null())
                .col(col("indicator_code").string())
                .col(col("comparator").string().not_null())
                .col(col("value").double())
                .col(col("value_max").double())
                .col(col("unit").string())
                .col(col("year").integer())
                .col(col("delta").boolean().not_null())
                .col(col("source_text").text().not_null())
                .col(col("text_offset").big_integer())
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
                .col(col("plan_id").big_integer().not_null())
                .col(col("seq").integer().not_null())
                .col(col("number").string().not_null())
                .col(col("title").text().not_null())
                .col(col("group_text").string())
                .col(col("joint").boolean().not_null())
                .col(col("resp_text").text())
                .col(col("deadline").string())
                .col(col("truncated").boolean().not_null())
                .col(col("text_offset").big_integer())
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
                .col(col("task_id").big_integer().not_null())
                .col(col("org_id").big_integer().not_null())
                .col(col("name").string().not_null())
                .col(col("role").string().not_null())
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
                .col(col("plan_id").big_integer().not_null())
                .col(col("seq").integer().not_null())
                .col(col("text").string().not_null())
                .col(col("kind").string().not_null())
                .col(col("start_year").integer())
                .col(col("end_year").integer())
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
