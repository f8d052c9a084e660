//! API errors: one JSON shape `{"error", "code", "fields", "field_codes"}` for every failure,
//! in Chinese or, under `Accept-Language: en`, in English: each message carries both texts.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use innocity_db::Error as DbError;
use innocity_domain::msg::common;
use innocity_domain::{msg, Msg};
use serde_json::json;
use std::collections::BTreeMap;

/// An error answered as JSON: the message's code is the error's `code`.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: Msg,
    pub fields: Option<BTreeMap<String, Msg>>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<Msg>) -> ApiError {
        ApiError {
            status,
            message: message.into().with_code(code),
            fields: None,
        }
    }
    /// The error's stable code.
    pub fn code(&self) -> &str {
        &self.message.code
    }
    pub fn unauthenticated() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            msg!("unauthenticated", "请先登录", "Please sign in"),
        )
    }
    pub fn forbidden(msg: impl Into<Msg>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", msg)
    }
    pub fn bad_request(msg: impl Into<Msg>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", msg)
    }
    pub fn not_found(msg: impl Into<Msg>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", msg)
    }
    /// One invalid field (422).
    pub fn invalid(field: &str, msg: impl Into<Msg>) -> ApiError {
        DbError::invalid(field, msg).into()
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> ApiError {
        match e {
            DbError::NotFound(m) => ApiError::not_found(m),
            DbError::Conflict(message) => ApiError {
                status: StatusCode::CONFLICT,
                message,
                fields: None,
            },
            DbError::Duplicate { field, message } => ApiError {
                fields: Some(BTreeMap::from([(field, message.clone())])),
                ..ApiError::new(StatusCode::CONFLICT, "duplicate", message)
            },
            DbError::Invalid(fields) => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                message: common::invalid_input(),
                fields: Some(fields),
            },
            DbError::Forbidden(m) => ApiError::forbidden(m),
            DbError::Unauthenticated(m) => {
                ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", m)
            }
            DbError::Locked(m) => ApiError::new(StatusCode::LOCKED, "locked", m),
            DbError::Throttled(m) => ApiError::new(StatusCode::TOO_MANY_REQUESTS, "throttled", m),
            DbError::Db(e) => {
                tracing::error!("database error: {e}");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    common::internal(),
                )
            }
        }
    }
}

impl ApiError {
    /// The JSON body: `error` and each of `fields` as messages (the edge,
    /// [`crate::localize::messages`], renders them in the reader's language), `field_codes`
    /// their stable codes (the same in every language).
    pub fn body(&self) -> serde_json::Value {
        let mut error = self.message.clone();
        if let (Some(f), "invalid") = (&self.fields, self.code()) {
            let line = |text: fn(&Msg) -> &str| {
                let parts: Vec<String> =
                    f.iter().map(|(k, v)| format!("{k}: {}", text(v))).collect();
                parts.join("; ")
            };
            error.zh = format!("{} — {}", error.zh, line(|m| &m.zh));
            error.en = format!("{} — {}", error.en, line(|m| &m.en));
        }
        let mut body = json!({"error": error, "code": self.code()});
        if let Some(f) = &self.fields {
            let codes: BTreeMap<&String, &str> = f.iter().map(|(k, v)| (k, &*v.code)).collect();
            body["fields"] = json!(f);
            body["field_codes"] = json!(codes);
        }
        body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body())).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
