//! 重点任务 (key task) of a plan.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "plan_tasks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub plan_id: i64,
    pub seq: i32,
    pub number: String,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    pub group_text: Option<String>,
    /// 按职责分工负责 (shared duty).
    pub joint: bool,
    #[sea_orm(column_type = "Text", nullable)]
    pub resp_text: Option<String>,
    pub deadline: Option<String>,
    pub truncated: bool,
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
