//! 评价运行: one evaluation of chosen participants for one year with one method version,
//! from stored approved data. The input (iData CSV built from the observations) and its
//! SHA-256 are kept so that the run can be reproduced with `innocity evaluate`.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "evaluation_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The method version used.
    #[sea_orm(indexed)]
    pub method_id: i64,
    pub year: i32,
    /// JSON array of participant ids.
    #[sea_orm(column_type = "Text")]
    pub participant_ids: String,
    /// `running` (uncertainty in progress), `done`, `failed`, or `interrupted` (the
    /// background job stopped writing its heartbeat: the server was restarted or crashed).
    pub status: String,
    /// Monte Carlo replications done / requested (0 / 0 without uncertainty).
    pub done: i64,
    pub total: i64,
    pub uncertainty_n: Option<i32>,
    pub seed: Option<i64>,
    /// SHA-256 of method TOML, iMeta and iData, each followed by a NUL byte.
    pub input_sha256: String,
    /// The iData CSV the engine read.
    #[sea_orm(column_type = "Text")]
    pub input_csv: String,
    /// JSON array of the aggregates in results order: `{code, name, level}`.
    #[sea_orm(column_type = "Text")]
    pub aggregates: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub error: Option<String>,
    pub created_at: DateTimeUtc,
    pub created_by: Option<i64>,
    pub finished_at: Option<DateTimeUtc>,
    /// Last sign of life of the background job (written with the progress, at least every
    /// few seconds while `running`).
    pub heartbeat_at: Option<DateTimeUtc>,
    /// Saltelli base sample N of the sensitivity analysis (N(d + 2) model runs), if asked.
    pub sensitivity_n: Option<i32>,
    /// JSON array of `{factor, si, sti}` once the sensitivity analysis is done.
    #[sea_orm(column_type = "Text", nullable)]
    pub sensitivity: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::evaluation_method::Entity",
        from = "Column::MethodId",
        to = "super::evaluation_method::Column::Id"
    )]
    Method,
}

impl ActiveModelBehavior for ActiveModel {}
