//! Supervised tasks: the list, creating one by hand (or a sub-task), taking over a plan's
//! tasks, one task, and the coordinators' changes (task fields, units).

use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Body, Id};
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

handler!(list(st, s, f: Q<TaskFilter>) -> TaskList = {
    let today = st.cfg.clock.today();
    let items = st.db.supervision().tasks(&s.actor, today, &f).await?;
    let n = items.len();
    TaskList {
        items,
        total: n,
        page: 1,
        per_page: n,
        today,
    }
});

handler!(create(st, s, b: Body<TaskIn>) -> Created<Dated<TaskDetail>> = {
    coordinator(&s)?;
    let today = st.cfg.clock.today();
    let task = st.db.supervision().create_task(&s.actor, today, &b).await?;
    Dated { task, today }
});

handler!(from_plan(st, s, b: Body<FromPlanIn>) -> Created<FromPlanOut> = {
    coordinator(&s)?;
    let today = st.cfg.clock.today();
    let out = st.db.supervision().from_plan(&s.actor, today, &b).await?;
    st.flush_mail().await;
    out
});

handler!(detail(st, s, id: Id) -> Dated<TaskDetail> = {
    let today = st.cfg.clock.today();
    let task = st.db.supervision().task(&s.actor, today, id).await?;
    Dated { task, today }
});

task_change!(edit(TaskEdit) = edit_task, coordinator);
task_change!(set_units(UnitsEdit) = set_units, coordinator, then flush_mail);
