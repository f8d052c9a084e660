//! Entities of evaluation methods, runs and results: one inline module a table, so every path stays
//! `crate::entity::<table>`.

/// 评价方法: one version of an evaluation method — the method file (TOML) and the indicator
/// structure (iMeta CSV) are data. Editing creates a new version with the same `key`; runs keep
/// pointing at the version they used.
pub mod evaluation_method {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "evaluation_methods")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// Groups the versions of one method.
        #[sea_orm(indexed)]
        pub key: String,
        /// 1, 2, … within `key`.
        pub version: i32,
        pub name: String,
        #[sea_orm(column_type = "Text")]
        pub description: String,
        /// The method file (`innocity evaluate --method`).
        #[sea_orm(column_type = "Text")]
        pub method_toml: String,
        /// The indicator structure (`--meta`, COINr iMeta layout).
        #[sea_orm(column_type = "Text")]
        pub structure_csv: String,
        /// Loaded from `crates/db/presets/`.
        pub preset: bool,
        pub created_at: DateTimeUtc,
        pub created_by: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// 评价结果: one participant's scores and ranks in one run, with its rank interval when the
/// run had an uncertainty analysis.
pub mod evaluation_result {
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
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// 评价运行: one evaluation of chosen participants for one year with one method version,
/// from stored approved data. The input (iData CSV built from the observations) and its
/// SHA-256 are kept so that the run can be reproduced with `innocity evaluate`.
pub mod evaluation_run {
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
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
