//! Regions: the flat list, one region with what lies in it, creating and changing regions.

use crate::api::{Items, ListQ};
use crate::error::ApiResult;
use crate::extract::{Authed, Body, Q};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use innocity_db::entity::region;
use innocity_db::registry::{OrgView, ParticipantFilter, ParticipantView, RegionInput};
use innocity_db::PageReq;
use schemars::JsonSchema;
use serde::Serialize;

pub async fn regions(
    State(st): State<AppState>,
    Authed(_s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<Items<region::Model>>> {
    let items = st
        .db
        .registry()
        .regions(q.q.as_deref(), q.level.as_deref())
        .await?;
    Ok(Json(Items { items }))
}

/// A region with its child regions, organisations and participants (200 of each at most).
#[derive(Serialize, JsonSchema)]
pub struct RegionOut {
    region: region::Model,
    children: Vec<region::Model>,
    orgs: Vec<OrgView>,
    participants: Vec<ParticipantView>,
}

pub async fn region(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(code): Path<String>,
) -> ApiResult<Json<RegionOut>> {
    let first = || PageReq::new(Some(1), Some(200));
    let registry = st.db.registry();
    let region = registry.region(&code).await?;
    let children = registry.region_children(&code).await?;
    let orgs = registry
        .orgs(&s.actor, None, None, Some(&code), first())
        .await?
        .items;
    let f = ParticipantFilter {
        region_code: Some(code.clone()),
        ..Default::default()
    };
    let participants = registry.participants(&s.actor, &f, first()).await?.items;
    Ok(Json(RegionOut {
        region,
        children,
        orgs,
        participants,
    }))
}

pass_through!(create_region(RegionInput) -> Created<region::Model> = registry.create_region);

pub async fn update_region(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(code): Path<String>,
    Body(b): Body<RegionInput>,
) -> ApiResult<Json<region::Model>> {
    Ok(Json(
        st.db.registry().update_region(&s.actor, &code, &b).await?,
    ))
}
