//! A unit of a supervised task: lead (牵头), cooperating (配合) or shared duty (共同), with its
//! responsible person. Units taken off an assigned task stay as rows with `removed_on` set.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sv_units")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub task_id: i64,
    #[sea_orm(indexed)]
    pub org_id: i64,
    /// `lead`, `coop` or `joint`.
    pub part: String,
    pub person: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Day the unit was added after the task was assigned (None: from the start). Scores
    /// count from this day.
    pub added_on: Option<Date>,
    /// Day the unit was taken off an assigned task (调出). It keeps read access and its
    /// history; scores count up to this day; it no longer acts, signs or gets reminders.
    pub removed_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::sv_task::Entity",
        from = "Column::TaskId",
        to = "super::sv_task::Column::Id",
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
