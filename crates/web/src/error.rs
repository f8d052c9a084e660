//! API errors: one JSON shape `{"error", "code", "fields"}` for every failure.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use innocity_db::Error as DbError;
use serde_json::json;
use std::collections::BTreeMap;

/// An error answered as JSON.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: Option<BTreeMap<String, String>>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            fields: None,
        }
    }
    pub fn unauthenticated() -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", "请先登录")
    }
    pub fn forbidden(msg: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", msg)
    }
    pub fn bad_request(msg: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", msg)
    }
    pub fn not_found(msg: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", msg)
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> ApiError {
        match e {
            DbError::NotFound(m) => ApiError::not_found(m),
            DbError::Conflict { code, message } => {
                ApiError::new(StatusCode::CONFLICT, code, message)
            }
            DbError::Duplicate { field, message } => ApiError {
                fields: Some(BTreeMap::from([(field, message.clone())])),
                ..ApiError::new(StatusCode::CONFLICT, "duplicate", message)
            },
            DbError::Invalid(fields) => {
                let summary = fields
                    .iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect::<Vec<_>>()
                    .join("; ");
                ApiError {
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                    code: "invalid",
                    message: format!("输入有误 — {summary}"),
                    fields: Some(fields),
                }
            }
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
                    "服务器内部错误,请稍后再试",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({"error": self.message, "code": self.code});
        if let Some(f) = self.fields {
            body["fields"] = json!(f);
        }
        (self.status, axum::Json(body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
