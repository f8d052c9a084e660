//! 催办: a notice from the coordinator that a unit must answer.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sv_urges")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub task_id: i64,
    #[sea_orm(indexed)]
    pub org_id: i64,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub issued_at: DateTimeUtc,
    pub issued_on: Date,
    pub issued_by: String,
    pub answer_due: Date,
    #[sea_orm(column_type = "Text", nullable)]
    pub answer: Option<String>,
    pub answered_on: Option<Date>,
    pub answered_by: Option<String>,
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
}

impl ActiveModelBehavior for ActiveModel {}
