//! SeaORM entities, one file per area and one inline module per table.
//!
//! Entities declare no relations: nothing joins through them, and the foreign keys live in
//! the frozen migrations (`crate::migration`), which are the schema's source of truth.
mod auth;
pub use auth::{audit_event, login_attempt, session, user};
mod registry;
pub use registry::{batch, org, org_alias, participant, programme, region, status_change};
mod library;
pub use library::indicator;
mod plans;
pub use plans::{plan, plan_phase, plan_target, plan_task, task_unit};
mod monitoring;
pub use monitoring::{data_form, data_item, form_assignment, observation, observation_history};
mod validation;
pub use validation::validation_rule;
mod supervision;
pub use supervision::{
    sv_colour, sv_event, sv_file, sv_milestone, sv_notification, sv_reminder, sv_setting, sv_task,
    sv_unit, sv_urge,
};
mod evaluation;
pub use evaluation::{evaluation_method, evaluation_result, evaluation_run};
