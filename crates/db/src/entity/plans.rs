//! Entities of plans with their targets, tasks and phases: one inline module a table, so every path stays
//! `crate::entity::<table>`.

/// 实施方案 (implementation plan) of a participant, with the original text kept verbatim.
pub mod plan {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "plans")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(indexed)]
        pub participant_id: i64,
        pub title: String,
        pub issuer: Option<String>,
        pub doc_number: Option<String>,
        pub doc_date: Option<String>,
        pub file_name: Option<String>,
        /// The document as uploaded (after decoding), verbatim.
        #[sea_orm(column_type = "Text")]
        pub original_text: String,
        /// SHA-256 of the original text, for duplicate detection.
        #[sea_orm(indexed)]
        pub content_hash: String,
        /// 1 for the first import; a re-import of the same plan is the next revision.
        pub revision: i32,
        pub previous_plan_id: Option<i64>,
        /// `current` or `superseded`.
        pub status: String,
        /// JSON array of the importer's warnings.
        #[sea_orm(column_type = "Text")]
        pub warnings: String,
        pub demo: bool,
        pub created_at: DateTimeUtc,
        pub created_by: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// 阶段 (phase, milestone or deadline) of a plan.
pub mod plan_phase {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "plan_phases")]
    #[derive(schemars::JsonSchema)]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(indexed)]
        pub plan_id: i64,
        pub seq: i32,
        pub text: String,
        /// milestone, plan_period, relative, deadline.
        pub kind: String,
        pub start_year: Option<i32>,
        pub end_year: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// 目标 (quantitative target) of a plan.
pub mod plan_target {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "plan_targets")]
    #[derive(schemars::JsonSchema)]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(indexed)]
        pub plan_id: i64,
        pub seq: i32,
        pub indicator_text: String,
        /// Code in the indicator library, when mapped.
        pub indicator_code: Option<String>,
        /// ge gt le lt eq approx range.
        pub comparator: String,
        pub value: Option<f64>,
        pub value_max: Option<f64>,
        pub unit: Option<String>,
        pub year: Option<i32>,
        pub delta: bool,
        #[sea_orm(column_type = "Text")]
        pub source_text: String,
        /// Character offset in the normalised text (None for targets added by hand).
        pub text_offset: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// 重点任务 (key task) of a plan.
pub mod plan_task {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "plan_tasks")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(indexed)]
        pub plan_id: i64,
        pub seq: i32,
        pub number: String,
        #[sea_orm(column_type = "Text")]
        pub title: String,
        pub group_text: Option<String>,
        /// 按职责分工负责 (shared duty).
        pub joint: bool,
        #[sea_orm(column_type = "Text", nullable)]
        pub resp_text: Option<String>,
        pub deadline: Option<String>,
        pub truncated: bool,
        pub text_offset: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A unit responsible for a task: 牵头 (lead), 配合 (cooperating) or 共同 (joint duty).
pub mod task_unit {
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
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
