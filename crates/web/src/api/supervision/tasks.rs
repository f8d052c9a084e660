//! Supervised tasks: the list, creating one by hand (or a sub-task), taking over a plan's
//! tasks, one task, and the coordinators' changes (task fields, units).

use crate::api::{created, Created};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Body, Id, Q};
use crate::routes::Access;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use innocity_db::auth::SessionInfo;
use innocity_db::supervision::{
    FromPlanIn, FromPlanOut, TaskDetail, TaskEdit, TaskFilter, TaskIn, TaskSummary, UnitsEdit,
};
use schemars::JsonSchema;
use serde::Serialize;

/// Refuses callers who are neither coordinators nor admins.
pub fn coordinator(s: &SessionInfo) -> ApiResult<()> {
    if Access::Coordinate.allows(s.actor.role) {
        Ok(())
    } else {
        Err(ApiError::forbidden(msg!(
            "forbidden",
            "只有协调员或管理员可以执行该操作",
            "Only coordinators and administrators may do this"
        )))
    }
}

/// Lets every caller through (the storage layer decides).
pub fn anyone(_: &SessionInfo) -> ApiResult<()> {
    Ok(())
}

/// A task with the day the server took as today.
#[derive(Serialize, JsonSchema)]
pub struct Dated<T> {
    #[serde(flatten)]
    pub task: T,
    pub today: NaiveDate,
}

/// The tasks the caller may see, with the day the server took as today.
#[derive(Serialize, JsonSchema)]
pub struct TaskList {
    items: Vec<TaskSummary>,
    total: usize,
    page: u64,
    per_page: usize,
    today: NaiveDate,
}

/// Writes a handler for a change to task `{id}` (`$who` may make it): it hands the caller,
/// today, the id and the body to `db.supervision().$verb`, optionally runs `then` (mail),
/// and answers the task with today.
macro_rules! task_change {
    ($(#[$a:meta])* $name:ident($b:ty) = $verb:ident, $who:path $(, then $after:ident)?) => {
        $(#[$a])*
        pub async fn $name(
            State(st): State<AppState>,
            Authed(s): Authed,
            Id(id): Id,
            Body(b): Body<$b>,
        ) -> ApiResult<Json<Dated<TaskDetail>>> {
            $who(&s)?;
            let today = st.cfg.clock.today();
            let task = st.db.supervision().$verb(&s.actor, today, id, &b).await?;
            $(st.$after().await;)?
            Ok(Json(Dated { task, today }))
        }
    };
}
pub(super) use task_change;

pub async fn list(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(f): Q<TaskFilter>,
) -> ApiResult<Json<TaskList>> {
    let today = st.cfg.clock.today();
    let items = st.db.supervision().tasks(&s.actor, today, &f).await?;
    let n = items.len();
    Ok(Json(TaskList {
        items,
        total: n,
        page: 1,
        per_page: n,
        today,
    }))
}

pub async fn create(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<TaskIn>,
) -> ApiResult<Created<Dated<TaskDetail>>> {
    coordinator(&s)?;
    let today = st.cfg.clock.today();
    let task = st.db.supervision().create_task(&s.actor, today, &b).await?;
    Ok(created(Dated { task, today }))
}

pub async fn from_plan(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<FromPlanIn>,
) -> ApiResult<Created<FromPlanOut>> {
    coordinator(&s)?;
    let out = st
        .db
        .supervision()
        .from_plan(&s.actor, st.cfg.clock.today(), &b)
        .await?;
    st.flush_mail().await;
    Ok(created(out))
}

pub async fn detail(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(id): Id,
) -> ApiResult<Json<Dated<TaskDetail>>> {
    let today = st.cfg.clock.today();
    let task = st.db.supervision().task(&s.actor, today, id).await?;
    Ok(Json(Dated { task, today }))
}

task_change!(edit(TaskEdit) = edit_task, coordinator);
task_change!(set_units(UnitsEdit) = set_units, coordinator, then flush_mail);
