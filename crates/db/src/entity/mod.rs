//! SeaORM entities: one module a table.
pub mod audit_event;
pub mod batch;
pub mod indicator;
pub mod login_attempt;
pub mod org;
pub mod org_alias;
pub mod participant;
pub mod plan;
pub mod plan_phase;
pub mod plan_target;
pub mod plan_task;
pub mod programme;
pub mod region;
pub mod session;
pub mod status_change;
pub mod task_unit;
pub mod user;
