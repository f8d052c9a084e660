//! Organisations: the list, finding one by any of its names, one with its users, creating
//! and changing them (with their aliases).

use crate::api::{ListQ, Page};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Id, Q};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use innocity_db::auth::UserView;
use innocity_db::registry::{OrgInput, OrgView};
use schemars::JsonSchema;
use serde::Serialize;

pub async fn orgs(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<Page<OrgView>>> {
    let (text, kind, region) = (q.q.as_deref(), q.kind.as_deref(), q.region_code.as_deref());
    Ok(Json(
        st.db
            .registry()
            .orgs(&s.actor, text, kind, region, q.page())
            .await?,
    ))
}

pub async fn org_lookup(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<OrgView>> {
    let name = q.name.unwrap_or_default();
    match st.db.registry().lookup_org(&s.actor, &name).await? {
        Some(o) => Ok(Json(o)),
        None => Err(ApiError::not_found(msg!(
            "not_found",
            "没有名称或别名为“{name}”的机构",
            "No organisation has the name or alias “{name}”"
        ))),
    }
}

/// An organisation with its users.
#[derive(Serialize, JsonSchema)]
pub struct OrgOut {
    org: OrgView,
    users: Vec<UserView>,
}

pub async fn org(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(id): Id,
) -> ApiResult<Json<OrgOut>> {
    let org = st.db.registry().org(&s.actor, id).await?;
    let users = st.db.registry().org_users(&s.actor, org.id).await?;
    Ok(Json(OrgOut { org, users }))
}

pass_through!(create_org(OrgInput) -> Created<OrgView> = registry.create_org);
pass_through!(update_org(id, OrgInput) -> OrgView = registry.update_org);
