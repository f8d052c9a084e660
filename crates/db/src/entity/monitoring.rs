//! Entities of data forms, assignments and observed values: one inline module a table, so every path stays
//! `crate::entity::<table>`.

/// 数据报表: a set of items for a programme and year.
pub mod data_form {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "data_forms")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(indexed)]
        pub programme_id: i64,
        pub name: String,
        /// The reporting year (values are for this year).
        pub year: i32,
        /// JSON array of item codes.
        #[sea_orm(column_type = "Text")]
        pub items: String,
        pub due_date: String,
        pub created_at: DateTimeUtc,
        pub demo: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// 监测数据项: a raw item reported yearly, or a derived indicator computed by a formula.
pub mod data_item {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "data_items")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// The indicator library's code.
        #[sea_orm(unique)]
        pub code: String,
        pub name_zh: String,
        pub unit: Option<String>,
        /// sum latest average none (see `innocity_monitor::rollup`).
        pub aggregation: String,
        /// Empty for raw items; an `innocity_monitor::Expr` for derived indicators.
        #[sea_orm(column_type = "Text")]
        pub formula: String,
        /// Range rule bounds.
        pub min_value: Option<f64>,
        pub max_value: Option<f64>,
        /// Year-on-year band (0.5 = ±50 %), checked with medium importance.
        pub yoy_band: Option<f64>,
        pub source_dept: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// 报表分配: which organisation reports which items of a form for which region, by when;
/// carries the approval workflow (draft → submitted → approved | returned → accepted).
pub mod form_assignment {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "form_assignments")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(indexed)]
        pub form_id: i64,
        #[sea_orm(indexed)]
        pub org_id: i64,
        #[sea_orm(indexed)]
        pub region_code: String,
        /// JSON array of item codes (a subset of the form's).
        #[sea_orm(column_type = "Text")]
        pub items: String,
        pub due_date: String,
        /// draft submitted approved returned accepted.
        pub status: String,
        pub submitted_at: Option<DateTimeUtc>,
        pub submitted_by: Option<i64>,
        pub decided_at: Option<DateTimeUtc>,
        pub decided_by: Option<i64>,
        /// Reason of the last return or unapproval.
        #[sea_orm(column_type = "Text", nullable)]
        pub reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// 监测数据: one value of one item for one region and year.
pub mod observation {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "observations")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(indexed)]
        pub region_code: String,
        #[sea_orm(indexed)]
        pub item_code: String,
        pub year: i32,
        pub value: Option<f64>,
        #[sea_orm(column_type = "Text", nullable)]
        pub comment: Option<String>,
        /// Why the value is missing (required when `value` is empty).
        #[sea_orm(column_type = "Text", nullable)]
        pub missing_reason: Option<String>,
        /// draft submitted approved returned accepted.
        pub status: String,
        /// The assignment it was reported under.
        #[sea_orm(indexed)]
        pub assignment_id: Option<i64>,
        pub updated_by: Option<i64>,
        pub updated_at: DateTimeUtc,
        pub demo: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// 数据修改记录: every change of an observation (who, when, old, new).
pub mod observation_history {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "observation_history")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(indexed)]
        pub observation_id: i64,
        pub at: DateTimeUtc,
        pub user_id: Option<i64>,
        pub username: String,
        pub old_value: Option<f64>,
        pub new_value: Option<f64>,
        pub old_status: Option<String>,
        pub new_status: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub note: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
