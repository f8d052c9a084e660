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
                .cols("code string! unique, name_zh string!, unit string, \
                 aggregation string!, formula text!, min_value double, \
                 max_value double, yoy_band double, source_dept string!"),
            &[],
        )
        .await?;
        create(
            m,
            "data_forms",
            Table::create()
                .col(id())
                .cols("programme_id bigint!, name string!, year int!, items text!, \
                 due_date string!, created_at timestamptz!, demo bool!")
                .foreign_key(&mut fk("data_forms", "programme_id", "programmes", "id")),
            &["programme_id"],
        )
        .await?;
        create(
            m,
            "form_assignments",
            Table::create()
                .col(id())
                .cols("form_id bigint!, org_id bigint!, region_code string!, items text!, \
                 due_date string!, status string!, submitted_at timestamptz, \
                 submitted_by bigint, decided_at timestamptz, decided_by bigint, \
                 reason text")
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
                .cols("region_code string!, item_code string!, year int!, value double, \
                 comment text, missing_reason text, status string!, \
                 assignment_id bigint, updated_by bigint, updated_at timestamptz!, \
                 demo bool!"),
            &["region_code", "item_code", "assignment_id"],
        )
        .await?;
        create(
            m,
            "observation_history",
            Table::create()
                .col(id())
                .cols("observation_id bigint!, at timestamptz!, user_id bigint, \
                 username string!, old_value double, new_value double, \
                 old_status string, new_status string!, note text")
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
