//! User administration (admins): list, create, read, update, reset a password.

use crate::api::{done, Done, ListQ, Page};
use crate::error::ApiResult;
use crate::extract::{Authed, Body, Id, Q};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use innocity_db::auth::{NewUser, UserUpdate, UserView};
use schemars::JsonSchema;
use serde::Deserialize;

pub async fn users(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<Page<UserView>>> {
    let page = q.page();
    Ok(Json(
        st.db
            .auth()
            .users(&s.actor, q.q.as_deref(), q.role.as_deref(), q.org_id, page)
            .await?,
    ))
}

pass_through!(create_user(NewUser) -> Created<UserView> = auth.create_user, true);
pass_through!(user(id) -> UserView = auth.user);
pass_through!(update_user(id, UserUpdate) -> UserView = auth.update_user);

/// An admin's reset of a user's password.
#[derive(Deserialize, JsonSchema)]
pub struct ResetIn {
    password: String,
}

pub async fn reset_password(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(id): Id,
    Body(b): Body<ResetIn>,
) -> ApiResult<Json<Done>> {
    st.db
        .auth()
        .reset_password(&s.actor, id, &b.password)
        .await?;
    Ok(done())
}
