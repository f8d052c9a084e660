//! Data entry: what is due, one assignment, saving and checking values, submitting, and
//! the review (approve, return, accept, unapprove); the history and series of a value.

use crate::api::Items;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Body, Id, Q};
use crate::routes::Access;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use innocity_db::monitoring::{
    AssignmentDetail, AssignmentView, Completeness, HistoryView, PrevValue, ReviewIn, ValueIn,
};
use innocity_domain::Role;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct ListQ {
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    form_id: Option<i64>,
}

/// Assignments with the completeness of the year.
#[derive(Serialize, JsonSchema)]
pub struct AssignmentsOut {
    items: Vec<AssignmentView>,
    completeness: Completeness,
}

/// "What is due and by when" (reporters) or every assignment in scope, with completeness.
pub async fn assignments(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<AssignmentsOut>> {
    let items = st
        .db
        .monitoring()
        .assignments(&s.actor, q.year, q.form_id)
        .await?;
    let completeness = st.db.monitoring().completeness(&s.actor, q.year).await?;
    Ok(Json(AssignmentsOut {
        items,
        completeness,
    }))
}

pass_through!(assignment(id) -> AssignmentDetail = monitoring.assignment);

/// Typed values of an assignment.
#[derive(Deserialize, JsonSchema)]
pub struct ValuesIn {
    values: Vec<ValueIn>,
}

fn require_reporter(role: Role) -> ApiResult<()> {
    if Access::Report.allows(role) {
        Ok(())
    } else {
        Err(ApiError::forbidden(msg!(
            "forbidden",
            "只有填报员可以填写数据",
            "Only reporters may enter data"
        )))
    }
}

pub async fn save_values(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(id): Id,
    Body(b): Body<ValuesIn>,
) -> ApiResult<Json<AssignmentDetail>> {
    require_reporter(s.actor.role)?;
    let d = st
        .db
        .monitoring()
        .save_values(&s.actor, id, &b.values)
        .await?;
    Ok(Json(d))
}

/// The rules a set of typed values breaks (`V`: a monitoring rule violation).
#[derive(Serialize, JsonSchema)]
pub struct CheckOut<V> {
    violations: Vec<V>,
}

/// Checks typed values without saving.
pub async fn check_values(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(id): Id,
    Body(b): Body<ValuesIn>,
) -> ApiResult<Json<CheckOut<impl Serialize>>> {
    require_reporter(s.actor.role)?;
    let violations = st
        .db
        .monitoring()
        .check_values(&s.actor, id, &b.values)
        .await?;
    Ok(Json(CheckOut { violations }))
}

/// An empty JSON object.
#[derive(Deserialize, JsonSchema)]
pub struct Empty {}

pub async fn submit(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(id): Id,
    Body(_b): Body<Empty>,
) -> ApiResult<Json<AssignmentDetail>> {
    require_reporter(s.actor.role)?;
    Ok(Json(st.db.monitoring().submit(&s.actor, id).await?))
}

pub async fn review(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(id): Id,
    Body(b): Body<ReviewIn>,
) -> ApiResult<Json<AssignmentDetail>> {
    if !Access::Review.allows(s.actor.role) {
        return Err(ApiError::forbidden(msg!(
            "forbidden",
            "无权审核数据",
            "You may not review data"
        )));
    }
    Ok(Json(st.db.monitoring().review(&s.actor, id, &b).await?))
}

#[derive(Deserialize)]
pub struct ValueQ {
    region: String,
    item: String,
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    approved_only: bool,
}

pub async fn history(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ValueQ>,
) -> ApiResult<Json<Items<HistoryView>>> {
    let Some(year) = q.year else {
        return Err(ApiError::bad_request(msg!(
            "bad_request",
            "查询参数无效: 缺少 year",
            "Invalid query parameters: year is missing"
        )));
    };
    let items = st
        .db
        .monitoring()
        .observation_history(&s.actor, &q.region, &q.item, year)
        .await?;
    Ok(Json(Items { items }))
}

pub async fn series(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ValueQ>,
) -> ApiResult<Json<Items<PrevValue>>> {
    let items = st
        .db
        .monitoring()
        .series(&s.actor, &q.region, &q.item, q.approved_only)
        .await?;
    Ok(Json(Items { items }))
}
