//! Reading and writing indicators.

use crate::api::{ListQ, Page};
use crate::error::ApiResult;
use crate::extract::{Authed, Id, Q};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use innocity_db::library::IndicatorView;
use schemars::JsonSchema;
use serde::Serialize;

pub async fn indicators(
    State(st): State<AppState>,
    Authed(_s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<Page<IndicatorView>>> {
    let page = q.page();
    Ok(Json(
        st.db.library().indicators(q.q.as_deref(), page).await?,
    ))
}

/// One indicator.
#[derive(Serialize, JsonSchema)]
pub struct IndicatorOut {
    indicator: IndicatorView,
}

pub async fn indicator(
    State(st): State<AppState>,
    Authed(_s): Authed,
    Id(id): Id,
) -> ApiResult<Json<IndicatorOut>> {
    let indicator = st.db.library().indicator(id).await?;
    Ok(Json(IndicatorOut { indicator }))
}

pass_through!(create_indicator(IndicatorView) -> Created<IndicatorView> = library.create_indicator);
pass_through!(update_indicator(id, IndicatorView) -> IndicatorView = library.update_indicator);
