//! A unit responsible for a task: 牵头 (lead), 配合 (cooperating) or 共同 (joint duty).
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "task_units")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub task_id: i64,
    #[sea_orm(indexed)]
    pub org_id: i64,
    /// The name as written in the plan.
    pub name: String,
    /// `lead`, `coop` or `joint`.
    pub role: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::plan_task::Entity",
        from = "Column::TaskId",
        to = "super::plan_task::Column::Id",
        on_delete = "Cascade"
    )]
    Task,
    #[sea_orm(
        belongs_to = "super::org::Entity",
        from = "Column::OrgId",
        to = "super::org::Column::Id"
    )]
    Org,
}

impl ActiveModelBehavior for ActiveModel {}
