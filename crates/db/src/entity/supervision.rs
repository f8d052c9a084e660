//! Entities of task supervision (督查督办): one inline module a table, so every path stays
//! `crate::entity::<table>`.

/// A task's colour history: one row each time its warning colour changes.
pub mod sv_colour {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "sv_colours")]
    #[derive(schemars::JsonSchema)]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(indexed)]
        pub task_id: i64,
        pub day: Date,
        pub colour: String,
        #[sea_orm(column_type = "Text")]
        pub reasons: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One step of a task's loop (交办, 签收, 进展报告, 配合情况, 办结申请, 审核, 重新打开), time-stamped.
pub mod sv_event {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "sv_events")]
    #[derive(schemars::JsonSchema)]
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
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An evidence file (佐证材料) of a task, stored in the database (no file system paths).
pub mod sv_file {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "sv_files")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(indexed)]
        pub task_id: i64,
        pub event_id: Option<i64>,
        pub org_id: i64,
        /// Sanitised display name (no directories).
        pub name: String,
        pub content_type: String,
        pub size: i64,
        pub sha256: String,
        pub data: Vec<u8>,
        pub uploaded_by: String,
        pub uploaded_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A milestone (节点) of a supervised task with its due date.
pub mod sv_milestone {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "sv_milestones")]
    #[derive(schemars::JsonSchema)]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(indexed)]
        pub task_id: i64,
        pub seq: i32,
        pub title: String,
        pub due: Date,
        pub done_on: Option<Date>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An in-app notification to the users of one organisation (and its responsible person by
/// e-mail when SMTP is configured).
pub mod sv_notification {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "sv_notifications")]
    #[derive(schemars::JsonSchema)]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(indexed)]
        pub org_id: i64,
        #[sea_orm(indexed)]
        pub task_id: Option<i64>,
        /// assign, remind, urge, answer, request_close, approve, send_back, reopen.
        pub kind: String,
        pub title: String,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        /// English title (None on rows written before m0010: Chinese only).
        pub title_en: Option<String>,
        #[sea_orm(column_type = "Text", nullable)]
        pub body_en: Option<String>,
        pub email: Option<String>,
        pub created_at: DateTimeUtc,
        pub read_at: Option<DateTimeUtc>,
        pub read_by: Option<String>,
        pub emailed_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A reminder already sent (task + reminder key, unique): the job never sends one twice.
pub mod sv_reminder {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "sv_reminders")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(indexed)]
        pub task_id: i64,
        /// `TASK_ID|KEY`.
        #[sea_orm(unique)]
        pub uniq: String,
        pub key: String,
        pub day: Date,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Supervision settings: the rules (JSON) per region, editable by its coordinator.
pub mod sv_setting {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "sv_settings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        #[sea_orm(column_type = "Text")]
        pub value: String,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// 督办任务 (supervised task): from a plan task, by hand, or a sub-task of another.
pub mod sv_task {
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
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A unit of a supervised task: lead (牵头), cooperating (配合) or shared duty (共同), with its
/// responsible person. Units taken off an assigned task stay as rows with `removed_on` set.
pub mod sv_unit {
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
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// 催办: a notice from the coordinator that a unit must answer.
pub mod sv_urge {
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
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
