//! 阶段 (phase, milestone or deadline) of a plan.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "plan_phases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub plan_id: i64,
    pub seq: i32,
    pub text: String,
    /// milestone, plan_period, relative, deadline.
    pub kind: String,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
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
