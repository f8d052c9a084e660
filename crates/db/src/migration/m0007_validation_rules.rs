//! m0007_validation_rules: validation rules (校验规则) stored in a table, seeded with the
//! defaults of the data items present (ranges, year-on-year bands, consistency pairs, robust
//! outliers).
//!
//! Frozen. The seed reads and writes with plain queries over the columns the two tables had
//! at this migration, so later columns cannot break it; which rules are the defaults is
//! [`crate::validation::default_rules`].

use super::*;
use crate::entity::data_item;
use sea_orm::ConnectionTrait;

migration! {
    "m0007_validation_rules",
    up(m) {
        create(
            m,
            "validation_rules",
            Table::create()
                .col(id())
                .cols("code string! unique, name string!, kind string!, left_expr text!, \
                 op string!, right_expr text!, importance string!, missing string!, \
                 outlier_basis string, region_code string, enabled bool!, demo bool!, \
                 created_at timestamptz!, updated_at timestamptz!"),
            &["region_code"],
        )
        .await?;
        seed(m).await
    },
    down(m) {
        drop_tables(m, &["validation_rules"]).await
    }
}

/// The data items present, as the defaults need them.
async fn items(m: &SchemaManager<'_>) -> Result<Vec<data_item::Model>, DbErr> {
    let cols = [
        "id",
        "code",
        "name_zh",
        "unit",
        "aggregation",
        "formula",
        "min_value",
        "max_value",
        "yoy_band",
        "source_dept",
    ];
    let rows = m
        .get_connection()
        .query_all(
            Query::select()
                .columns(cols.map(Alias::new))
                .from(Alias::new("data_items"))
                .order_by(Alias::new("id"), Order::Asc),
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(data_item::Model {
                id: r.try_get("", "id")?,
                code: r.try_get("", "code")?,
                name_zh: r.try_get("", "name_zh")?,
                unit: r.try_get("", "unit")?,
                aggregation: r.try_get("", "aggregation")?,
                formula: r.try_get("", "formula")?,
                min_value: r.try_get("", "min_value")?,
                max_value: r.try_get("", "max_value")?,
                yoy_band: r.try_get("", "yoy_band")?,
                source_dept: r.try_get("", "source_dept")?,
            })
        })
        .collect()
}

/// A rule enum's serde name (`range`, `ge`, `high`, …), as the table stores it.
pub(super) fn tag<T: serde::Serialize>(t: T) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Inserts the default rules of every item present, and the global ones, into the new table.
async fn seed(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let items = items(m).await?;
    let now = crate::now();
    for (code, name, kind, left, op, right, importance, missing, basis) in
        crate::validation::default_rules(&items, &items, true)
    {
        m.exec_stmt(
            Query::insert()
                .into_table(Alias::new("validation_rules"))
                .columns(
                    [
                        "code",
                        "name",
                        "kind",
                        "left_expr",
                        "op",
                        "right_expr",
                        "importance",
                        "missing",
                        "outlier_basis",
                        "region_code",
                        "enabled",
                        "demo",
                        "created_at",
                        "updated_at",
                    ]
                    .map(Alias::new),
                )
                .values_panic([
                    code.into(),
                    name.into(),
                    tag(kind).into(),
                    left.into(),
                    tag(op).into(),
                    right.into(),
                    tag(importance).into(),
                    tag(missing).into(),
                    basis.map(str::to_string).into(),
                    Option::<String>::None.into(),
                    true.into(),
                    false.into(),
                    now.into(),
                    now.into(),
                ])
                .to_owned(),
        )
        .await?;
    }
    Ok(())
}
