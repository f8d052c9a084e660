//! 参与城市/县 (participant): a region in a programme batch, with its status.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "participants")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub region_code: String,
    #[sea_orm(indexed)]
    pub programme_id: i64,
    #[sea_orm(indexed)]
    pub batch_id: i64,
    pub theme: Option<String>,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub acceptance_year: Option<i32>,
    /// `ParticipantStatus::as_str`.
    #[sea_orm(indexed)]
    pub status: String,
    pub demo: bool,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::region::Entity",
        from = "Column::RegionCode",
        to = "super::region::Column::Code"
    )]
    Region,
    #[sea_orm(
        belongs_to = "super::programme::Entity",
        from = "Column::ProgrammeId",
        to = "super::programme::Column::Id"
    )]
    Programme,
    #[sea_orm(
        belongs_to = "super::batch::Entity",
        from = "Column::BatchId",
        to = "super::batch::Column::Id"
    )]
    Batch,
}

impl ActiveModelBehavior for ActiveModel {}
