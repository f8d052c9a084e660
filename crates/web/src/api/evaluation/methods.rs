//! Evaluation methods: the newest version of each, one version, a new method or version.

use crate::api::{created, Created, List};
use crate::error::ApiResult;
use crate::extract::{Authed, Body, Id};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use innocity_db::evaluation::{MethodDetail, MethodIn, MethodSummary};

/// Newest version of every method.
pub async fn methods(
    State(st): State<AppState>,
    Authed(s): Authed,
) -> ApiResult<Json<List<MethodSummary>>> {
    Ok(Json(st.db.evaluation().methods(&s.actor).await?.into()))
}

pass_through!(
    /// One method version: method file, structure, versions of the same method.
    method(id) -> MethodDetail = evaluation.method
);

/// A new method (version 1).
pub async fn create_method(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<MethodIn>,
) -> ApiResult<Created<MethodDetail>> {
    let d = st.db.evaluation().create_method(&s.actor, None, &b).await?;
    Ok(created(d))
}

/// A new version of the method `{id}` belongs to.
pub async fn create_version(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(of): Id,
    Body(b): Body<MethodIn>,
) -> ApiResult<Created<MethodDetail>> {
    let d = st
        .db
        .evaluation()
        .create_method(&s.actor, Some(of), &b)
        .await?;
    Ok(created(d))
}
