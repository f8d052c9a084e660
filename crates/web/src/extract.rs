//! Request extractors: JSON bodies and queries with our error format, and the logged-in
//! session with CSRF and forced-password-change checks.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, Method, StatusCode};
use innocity_db::auth::SessionInfo;
use serde::de::DeserializeOwned;

/// The path's parameters (re-exported so that handlers name every extractor from here).
pub use axum::extract::Path;

/// Name of the session cookie.
pub const COOKIE: &str = "innocity_session";

/// A JSON body; malformed JSON or wrong types answer 400 with the serde message.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Body(v)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                msg!(
                    "too_large",
                    "请求体过大: {}",
                    "The request body is too large: {}",
                    e.body_text()
                ),
            )),
            Err(e) => Err(ApiError::new(
                if e.status() == StatusCode::UNSUPPORTED_MEDIA_TYPE {
                    StatusCode::UNSUPPORTED_MEDIA_TYPE
                } else {
                    StatusCode::BAD_REQUEST
                },
                "bad_request",
                msg!(
                    "bad_request",
                    "请求体无效: {}",
                    "Invalid request body: {}",
                    e.body_text()
                ),
            )),
        }
    }
}

/// Query parameters; bad values answer 400 naming the parameter.
pub struct Q<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Q<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Q(v)),
            Err(e) => Err(ApiError::bad_request(msg!(
                "bad_request",
                "查询参数无效: {}",
                "Invalid query parameters: {}",
                e.body_text()
            ))),
        }
    }
}

/// Reads the session token from the Cookie header.
pub fn cookie_token(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == COOKIE && !v.is_empty()).then(|| v.to_string())
        })
}

fn same_origin(parts: &Parts) -> bool {
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    let origin = parts
        .headers
        .get(header::ORIGIN)
        .or_else(|| parts.headers.get(header::REFERER))
        .and_then(|h| h.to_str().ok());
    match (origin, host) {
        (None, _) => true, // non-browser clients send neither; the CSRF token still applies
        (Some(o), Some(h)) => {
            let rest = o.split_once("://").map_or(o, |(_, r)| r);
            let o_host = rest.split('/').next().unwrap_or("");
            o_host.eq_ignore_ascii_case(h)
        }
        (Some(_), None) => false,
    }
}

fn ct_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A logged-in user. Unsafe methods must carry the session's CSRF token in
/// `X-CSRF-Token` and come from the same origin; users who must change their password reach
/// only `/api/v1/auth/*`.
pub struct Authed(pub SessionInfo);

impl FromRequestParts<AppState> for Authed {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, ApiError> {
        let token = cookie_token(parts).ok_or_else(ApiError::unauthenticated)?;
        let s = st
            .db
            .auth()
            .session(&token, st.cfg.idle_timeout)
            .await?
            .ok_or_else(ApiError::unauthenticated)?;
        let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if unsafe_method {
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !ct_eq(sent, &s.csrf_token) || !same_origin(parts) {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "csrf",
                    msg!(
                        "csrf",
                        "CSRF 令牌缺失或无效,请刷新页面后重试",
                        "Security token missing or invalid; reload the page and try again"
                    ),
                ));
            }
        }
        let path = parts
            .extensions
            .get::<axum::extract::OriginalUri>()
            .map_or(parts.uri.path(), |u| u.0.path());
        if s.user.must_change_password && !path.starts_with("/api/v1/auth/") {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "password_change_required",
                msg!(
                    "password_change_required",
                    "首次登录请先修改密码",
                    "Change your password first"
                ),
            ));
        }
        Ok(Authed(s))
    }
}

/// A numeric record id from the path (`/tasks/{id}`): anything that is not one answers 404
/// ("编号 … 无效"), the same as an id the caller may not see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|e| {
                    let text = e.body_text();
                    ApiError::not_found(msg!("not_found", "{text}", "{text}"))
                })?;
        raw.parse::<i64>().map(Id).map_err(|_| {
            ApiError::not_found(msg!("not_found", "编号 {raw} 无效", "Invalid id {raw}"))
        })
    }
}
