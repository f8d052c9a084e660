//! User administration (admins): list, create, read, update, reset a password.

use crate::api::{Done, ListQ, Page};
use innocity_db::auth::{NewUser, UserUpdate, UserView};
use schemars::JsonSchema;
use serde::Deserialize;

handler!(users(st, s, q: Q<ListQ>) -> Page<UserView> = st
    .db
    .auth()
    .users(&s.actor, q.q.as_deref(), q.role.as_deref(), q.org_id, q.page())
    .await?);
pass_through!(create_user(NewUser) -> Created<UserView> = auth.create_user, true);
pass_through!(user(id) -> UserView = auth.user);
pass_through!(update_user(id, UserUpdate) -> UserView = auth.update_user);

/// An admin's reset of a user's password.
#[derive(Deserialize, JsonSchema)]
pub struct ResetIn {
    password: String,
}

handler!(reset_password(st, s, id: Id, b: Body<ResetIn>) -> Done = {
    st.db.auth().reset_password(&s.actor, id, &b.password).await?;
    Done { ok: true }
});
