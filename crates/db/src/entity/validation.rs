//! Entities of validation rules: one inline module a table, so every path stays
//! `crate::entity::<table>`.

/// 校验规则: a validation rule in DHIS2's manner (left side, operator, right side, importance,
/// missing-value strategy), stored so coordinators can change them without a release.
pub mod validation_rule {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "validation_rules")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(unique)]
        pub code: String,
        pub name: String,
        /// range consistency year_on_year outlier (`innocity_monitor::rules::RuleKind`).
        pub kind: String,
        /// An `innocity_monitor::Expr`; for outliers the item checked (empty: every item).
        #[sea_orm(column_type = "Text")]
        pub left_expr: String,
        /// le lt ge gt eq ne.
        pub op: String,
        /// An `innocity_monitor::Expr`; for outliers the robust-score threshold.
        #[sea_orm(column_type = "Text")]
        pub right_expr: String,
        /// high medium low.
        pub importance: String,
        /// skip_if_any_missing skip_if_all_missing never_skip.
        pub missing: String,
        /// Outliers only: peers (other units, same year) or history (the unit's own changes).
        pub outlier_basis: Option<String>,
        /// None: everywhere; else the region and the regions below it.
        #[sea_orm(indexed)]
        pub region_code: Option<String>,
        pub enabled: bool,
        pub demo: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
