//! Authentication and users: log in and out, the current user, one's own password, and the
//! user administration (admins).

mod session;
mod users;

use session::*;
use users::*;

use crate::api::{Done, Page};
use crate::routes::{Access::*, Routes};
use innocity_db::auth::{NewUser, UserUpdate, UserView};

/// This area's routes (paths relative to `/api/v1`), one route a line.
#[rustfmt::skip]
pub fn routes() -> Routes {
    Routes::new("auth")
        .post("/auth/login", Public, "Log in; sets the session cookie and returns the CSRF token", login).accepts::<LoginIn>().returns::<SessionOut>()
        .post("/auth/logout", Authed, "End the session", logout).returns::<Done>()
        .get("/auth/me", Authed, "The current user and CSRF token", me).returns::<SessionOut>()
        .post("/auth/password", Authed, "Change one's own password", change_password).accepts::<PasswordIn>().returns::<Done>()
        .tag("users")
        .get("/users", Admin, "Users", users).returns::<Page<UserView>>()
        .post("/users", Admin, "Create a user", create_user).accepts::<NewUser>().returns::<UserView>()
        .get("/users/{id}", Admin, "One user", user).returns::<UserView>()
        .put("/users/{id}", Admin, "Update a user", update_user).accepts::<UserUpdate>().returns::<UserView>()
        .post("/users/{id}/password", Admin, "Reset a user's password", reset_password).accepts::<ResetIn>().returns::<Done>()
}
