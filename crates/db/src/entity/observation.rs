//! 监测数据: one value of one item for one region and year.
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
