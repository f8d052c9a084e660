//! Evaluation runs: the list, starting one (in the background with an uncertainty or
//! sensitivity analysis), re-running one, and one run's progress and results.

use crate::api::List;
use crate::error::ApiResult;
use crate::extract::{Authed, Body, Id};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use innocity_db::evaluation::{RunDetail, RunIn, RunSummary};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct RunQ {
    method_id: Option<i64>,
}

handler!(
    /// Runs visible to the caller, newest first.
    runs(st, s, q: Q<RunQ>) -> List<RunSummary> =
        st.db.evaluation().runs(&s.actor, q.method_id).await?.into()
);

/// 202 when a background analysis was started (it may already have finished: poll the run),
/// 201 for a nominal run.
fn started(d: RunDetail) -> (StatusCode, Json<RunDetail>) {
    let status = if d.run.uncertainty_n.is_some() {
        StatusCode::ACCEPTED
    } else {
        StatusCode::CREATED
    };
    (status, Json(d))
}

/// Starts a run; with `uncertainty` it answers 202 and the analysis continues.
pub async fn start(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<RunIn>,
) -> ApiResult<(StatusCode, Json<RunDetail>)> {
    Ok(started(st.db.evaluation().start(&s.actor, &b).await?))
}

/// Starts a new run with the parameters of run `{id}` (e.g. after it was interrupted).
pub async fn rerun(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(id): Id,
) -> ApiResult<(StatusCode, Json<RunDetail>)> {
    Ok(started(st.db.evaluation().rerun(&s.actor, id).await?))
}

pass_through!(
    /// A run: status and progress (done/total), aggregates, ranking with dimension scores
    /// and rank intervals of the caller's visible participants.
    run(id) -> RunDetail = evaluation.run
);
