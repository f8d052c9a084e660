//! Entities of the indicator library: one inline module a table, so every path stays
//! `crate::entity::<table>`.

/// 指标库: canonical indicators.
pub mod indicator {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "indicators")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(unique)]
        pub code: String,
        pub name_zh: String,
        pub name_en: String,
        /// JSON array of strings.
        #[sea_orm(column_type = "Text")]
        pub synonyms: String,
        pub unit: Option<String>,
        pub direction: String,
        #[sea_orm(column_type = "Text")]
        pub definition: String,
        pub source_dept: String,
        #[sea_orm(column_type = "Text")]
        pub formula: String,
        pub aggregation: String,
        pub unverified: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
