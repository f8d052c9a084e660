//! 督办任务 (supervised task): from a plan task, by hand, or a sub-task of another.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sv_tasks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub participant_id: i64,
    /// The participant's region (scoping).
    #[sea_orm(indexed)]
    pub region_code: String,
    #[sea_orm(indexed)]
    pub plan_id: Option<i64>,
    pub plan_task_id: Option<i64>,
    #[sea_orm(indexed)]
    pub parent_id: Option<i64>,
    pub number: String,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    /// 按职责分工负责 (shared duty).
    pub joint: bool,
    pub due: Option<Date>,
    /// `innocity_supervise::Status::as_str`.
    #[sea_orm(indexed)]
    pub status: String,
    pub assigned_on: Option<Date>,
    pub signed_on: Option<Date>,
    pub close_requested_on: Option<Date>,
    pub closed_on: Option<Date>,
    pub progress: Option<f64>,
    /// Colour as last recorded (see `sv_colours` for the history).
    pub colour: String,
    /// The coordinating organisation (receives closing requests and answers).
    pub owner_org_id: i64,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::participant::Entity",
        from = "Column::ParticipantId",
        to = "super::participant::Column::Id"
    )]
    Participant,
}

impl ActiveModelBehavior for ActiveModel {}
