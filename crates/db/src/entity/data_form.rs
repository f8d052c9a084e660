//! 数据报表: a set of items for a programme and year.
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
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::programme::Entity",
        from = "Column::ProgrammeId",
        to = "super::programme::Column::Id"
    )]
    Programme,
}

impl ActiveModelBehavior for ActiveModel {}
