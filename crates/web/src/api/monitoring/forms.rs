//! Data items and data forms.

use crate::api::Items;
use crate::error::ApiResult;
use crate::extract::{Authed, Body};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use innocity_db::monitoring::{FormIn, FormView, ItemView};

pub async fn items(
    State(st): State<AppState>,
    Authed(_s): Authed,
) -> ApiResult<Json<Items<ItemView>>> {
    st.db.monitoring().seed_data_items().await?;
    let items = st.db.monitoring().data_items().await?;
    Ok(Json(Items { items }))
}

pub async fn forms(
    State(st): State<AppState>,
    Authed(s): Authed,
) -> ApiResult<Json<Items<FormView>>> {
    let items = st.db.monitoring().forms(&s.actor).await?;
    Ok(Json(Items { items }))
}

pub async fn create_form(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<FormIn>,
) -> ApiResult<Json<FormView>> {
    Ok(Json(st.db.monitoring().create_form(&s.actor, &b).await?))
}
