//! Logging in and out, the current user, changing one's own password.

use crate::api::{done, Done};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Body, COOKIE};
use crate::routes::Access;
use crate::AppState;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use innocity_db::auth::{SessionInfo, UserView};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;

/// The login form.
#[derive(Deserialize, JsonSchema)]
pub struct LoginIn {
    username: String,
    password: String,
}

/// A password change: the current password and the new one.
#[derive(Deserialize, JsonSchema)]
pub struct PasswordIn {
    old_password: String,
    new_password: String,
}

/// The logged-in user, the session's CSRF token and the access classes the user's role
/// satisfies.
#[derive(Serialize, JsonSchema)]
pub struct SessionOut {
    user: UserView,
    csrf_token: String,
    access: Vec<&'static str>,
}

impl SessionOut {
    fn of(s: SessionInfo) -> SessionOut {
        SessionOut {
            access: Access::granted(s.actor.role),
            user: s.user,
            csrf_token: s.csrf_token,
        }
    }
}

fn client_ip(st: &AppState, headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    if st.cfg.trust_proxy {
        if let Some(ip) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next_back())
        {
            return ip.trim().to_string();
        }
    }
    peer.map(|p| p.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn session_cookie(st: &AppState, token: &str, max_age_zero: bool) -> HeaderValue {
    let secure = if st.cfg.secure_cookie { "; Secure" } else { "" };
    let age = if max_age_zero { "; Max-Age=0" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}{age}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

/// `answer` with the session cookie set (or cleared).
fn with_cookie(answer: impl IntoResponse, cookie: HeaderValue) -> Response {
    let mut resp = answer.into_response();
    resp.headers_mut().insert(header::SET_COOKIE, cookie);
    resp
}

pub async fn login(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Body(b): Body<LoginIn>,
) -> ApiResult<Response> {
    if b.username.chars().count() > 64 || b.password.chars().count() > 256 {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            msg!(
                "unauthenticated",
                "用户名或密码错误",
                "Wrong username or password"
            ),
        ));
    }
    let ip = client_ip(&st, &headers, Some(peer));
    let ok = st
        .db
        .auth()
        .login(b.username.trim(), &b.password, &ip)
        .await?;
    let cookie = session_cookie(&st, &ok.token, false);
    Ok(with_cookie(Json(SessionOut::of(ok.session)), cookie))
}

pub async fn logout(State(st): State<AppState>, Authed(s): Authed) -> ApiResult<Response> {
    st.db.auth().logout(&s).await?;
    Ok(with_cookie(done(), session_cookie(&st, "", true)))
}

pub async fn me(Authed(s): Authed) -> Json<SessionOut> {
    Json(SessionOut::of(s))
}

/// Changes the caller's password; wrong old passwords are throttled like sign-ins.
pub async fn change_password(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Authed(s): Authed,
    Body(b): Body<PasswordIn>,
) -> ApiResult<Json<Done>> {
    let ip = client_ip(&st, &headers, Some(peer));
    let (old, new) = (&b.old_password, &b.new_password);
    st.db.auth().change_password(&s, old, new, &ip).await?;
    Ok(Json(Done { ok: true }))
}
