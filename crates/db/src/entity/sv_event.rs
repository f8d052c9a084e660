//! One step of a task's loop (交办, 签收, 进展报告, 配合情况, 办结申请, 审核, 重新打开), time-stamped.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sv_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub task_id: i64,
    /// assign, sign, report, contribution, request_close, approve, send_back, reopen.
    pub kind: String,
    pub at: DateTimeUtc,
    /// The business day (from the application clock).
    pub day: Date,
    pub user_id: Option<i64>,
    pub username: String,
    pub org_id: Option<i64>,
    pub progress: Option<f64>,
    #[sea_orm(column_type = "Text")]
    pub text: String,
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
