//! 评价结果: one participant's scores and ranks in one run, with its rank interval when the
//! run had an uncertainty analysis.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "evaluation_results")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub run_id: i64,
    pub participant_id: i64,
    pub region_code: String,
    pub name: String,
    /// Score and competition rank of the top aggregate (None when it could not be computed).
    pub score: Option<f64>,
    pub rank: Option<i32>,
    /// JSON arrays aligned with the run's `aggregates` (null = missing).
    #[sea_orm(column_type = "Text")]
    pub scores: String,
    #[sea_orm(column_type = "Text")]
    pub ranks: String,
    /// Monte Carlo rank summary of the top aggregate.
    pub median_rank: Option<f64>,
    pub p05_rank: Option<f64>,
    pub p95_rank: Option<f64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::evaluation_run::Entity",
        from = "Column::RunId",
        to = "super::evaluation_run::Column::Id"
    )]
    Run,
}

impl ActiveModelBehavior for ActiveModel {}
