//! 数据修改记录: every change of an observation (who, when, old, new).
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "observation_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub observation_id: i64,
    pub at: DateTimeUtc,
    pub user_id: Option<i64>,
    pub username: String,
    pub old_value: Option<f64>,
    pub new_value: Option<f64>,
    pub old_status: Option<String>,
    pub new_status: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::observation::Entity",
        from = "Column::ObservationId",
        to = "super::observation::Column::Id",
        on_delete = "Cascade"
    )]
    Observation,
}

impl ActiveModelBehavior for ActiveModel {}
