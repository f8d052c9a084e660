//! m0003_monitoring: data items, forms, assignments, observations and their history.
//!
//! Frozen.

use super::*;

migration! {
    "m0003_monitoring",
    up(m) {
        create(
            m,
            "data_items",
            Table::create()
                .col(id())
                .col(col("code").string().not_null().unique_key())
                .col(col("name_zh").string().not_null())
                .col(col("unit").string())
                .col(col("aggregation").string().not_null())
                .col(col("formula").text().not_null())
                .col(col("min_value").double())
                .col(col("max_value").double())
                .col(col("yoy_band").double())
                .col(col("source_dept").string().not_null()),
            &[],
        )
        .await?;
        create(
            m,
            "data_forms",
            Table::create()
                .col(id())
                .col(col("programme_id").big_integer().not_null())
                .col(col("name").string().not_null())
                .col(col("year").integer().not_null())
                .col(col("items").text().not_null())
                .col(col("due_date").string().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("demo").boolean().not_null())
                .foreign_key(&mut fk("data_forms", "programme_id", "programmes", "id")),
            &["programme_id"],
        )
        .await?;
        create(
            m,
            "form_assignments",
            Table::create()
                .col(id())
                .col(col("form_id").big_integer().not_null())
                .col(col("org_id").big_integer().not_null())
                .col(col("region_code").string().not_null())
                .col(col("items").text().not_null())
                .col(col("due_date").string().not_null())
                .col(col("status").string().not_null())
                .col(col("submitted_at").timestamp_with_time_zone())
                .col(col("submitted_by").big_integer())
                .col(col("decided_at").timestamp_with_time_zone())
                .col(col("decided_by").big_integer())
                .col(col("reason").text())
                .foreign_key(
                    fk("form_assignments", "form_id", "data_forms", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut fk("form_assignments", "org_id", "orgs", "id")),
            &["form_id", "org_id", "region_code"],
        )
        .await?;
        create(
            m,
            "observations",
            Table::create()
                .col(id())
                .col(col("region_code").string().not_null())
                .col(col("item_code").string().not_null())
                .col(col("year").integer().not_null())
                .col(col("value").double())
                .col(col("comment").text())
                .col(col("missing_reason").text())
                .col(col("status").string().not_null())
                .col(col("assignment_id").big_integer())
                .col(col("updated_by").big_integer())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("demo").boolean().not_null()),
            &["region_code", "item_code", "assignment_id"],
        )
        .await?;
        create(
            m,
            "observation_history",
            Table::create()
                .col(id())
                .col(col("observation_id").big_integer().not_null())
                .col(col("at").timestamp_with_time_zone().not_null())
                .col(col("user_id").big_integer())
                .col(col("username").string().not_null())
                .col(col("old_value").double())
                .col(col("new_value").double())
                .col(col("old_status").string())
                .col(col("new_status").string().not_null())
                .col(col("note").text())
                .foreign_key(
                    fk(
                        "observation_history",
                        "observation_id",
                        "observations",
                        "id",
                    )
                    .on_delete(ForeignKeyAction::Cascade),
                ),
            &["observation_id"],
        )
        .await?;
        m.create_index(unique_index(
            "ux_observation_region_item_year",
            "observations",
            &["region_code", "item_code", "year"],
        ))
        .await?;
        Ok(())
    },
    down(m) {
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
