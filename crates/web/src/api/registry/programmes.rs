//! The dashboard, programmes, batches and participants with their status lifecycle.

use crate::api::{List, ListQ, Page};
use crate::error::ApiResult;
use crate::extract::{Authed, Body, Id, Q};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use innocity_db::registry::{
    BatchView, ParticipantDetail, ParticipantFilter, ParticipantView, ProgrammeView,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pass_through!(dashboard() -> innocity_db::registry::Dashboard = registry.dashboard);

pub async fn programmes(
    State(st): State<AppState>,
    Authed(s): Authed,
) -> ApiResult<Json<List<ProgrammeView>>> {
    Ok(Json(st.db.registry().programmes(&s.actor).await?.into()))
}

/// A programme with its batches.
#[derive(Serialize, JsonSchema)]
pub struct ProgrammeOut {
    programme: ProgrammeView,
    batches: Vec<BatchView>,
    status_counts: BTreeMap<String, u64>,
}

pub async fn programme(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(id): Id,
) -> ApiResult<Json<ProgrammeOut>> {
    let (programme, batches) = st.db.registry().programme(&s.actor, id).await?;
    Ok(Json(ProgrammeOut {
        status_counts: programme.status_counts.clone(),
        programme,
        batches,
    }))
}

pub async fn batches(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<List<BatchView>>> {
    let items = st.db.registry().batches(&s.actor, q.programme_id).await?;
    Ok(Json(items.into()))
}

pub async fn participants(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<Page<ParticipantView>>> {
    let f = ParticipantFilter {
        programme_id: q.programme_id,
        batch_id: q.batch_id,
        status: q.status.clone(),
        q: q.q.clone(),
        region_code: q.region_code.clone(),
    };
    let page = st
        .db
        .registry()
        .participants(&s.actor, &f, q.page())
        .await?;
    Ok(Json(page))
}

pass_through!(participant(id) -> ParticipantDetail = registry.participant);

/// A status change: the new status and a note.
#[derive(Deserialize, JsonSchema)]
pub struct TransitionIn {
    to: String,
    #[serde(default)]
    note: String,
}

pub async fn transition(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(id): Id,
    Body(b): Body<TransitionIn>,
) -> ApiResult<Json<ParticipantDetail>> {
    let d = st
        .db
        .registry()
        .transition(&s.actor, id, &b.to, &b.note)
        .await?;
    Ok(Json(d))
}
