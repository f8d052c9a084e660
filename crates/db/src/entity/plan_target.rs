//! 目标 (quantitative target) of a plan.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "plan_targets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub plan_id: i64,
    pub seq: i32,
    pub indicator_text: String,
    /// Code in the indicator library, when mapped.
    pub indicator_code: Option<String>,
    /// ge gt le lt eq approx range.
    pub comparator: String,
    pub value: Option<f64>,
    pub value_max: Option<f64>,
    pub unit: Option<String>,
    pub year: Option<i32>,
    pub delta: bool,
    #[sea_orm(column_type = "Text")]
    pub source_text: String,
    /// Character offset in the normalised text (None for targets added by hand).
    pub text_offset: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::plan::Entity",
        from = "Column::PlanId",
        to = "super::plan::Column::Id",
        on_delete = "Cascade"
    )]
    Plan,
}

impl ActiveModelBehavior for ActiveModel {}
