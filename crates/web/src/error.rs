//! API errors: one JSON shape `{"error", "code", "fields", "field_codes"}` for every failure,
//! in Chinese or, under `Accept-Language: en`, in English where [`crate::i18n`] knows it.

use crate::i18n::{self, Lang};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use innocity_db::Error as DbError;
use serde_json::json;
use std::collections::BTreeMap;

/// An error answered as JSON.
#[derive(Debug, Clone)]
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

impl ApiError {
    /// The JSON body in one language: `fields` carries the messages, `field_codes` their
    /// stable codes (the same in every language).
    pub fn body(&self, lang: Lang) -> serde_json::Value {
        let mut error = i18n::message(&self.message, lang);
        if let (Lang::En, Some(f)) = (lang, &self.fields) {
            if self.code == "invalid" {
                let summary = f
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", i18n::message(v, lang)))
                    .collect::<Vec<_>>()
                    .join("; ");
                error = format!("Invalid input — {summary}");
            }
        }
        let mut body = json!({"error": error, "code": self.code});
        if let Some(f) = &self.fields {
            let fields: BTreeMap<&String, String> =
                f.iter().map(|(k, v)| (k, i18n::message(v, lang))).collect();
            let codes: BTreeMap<&String, &str> =
                f.iter().map(|(k, v)| (k, i18n::classify(v).0)).collect();
            body["fields"] = json!(fields);
            body["field_codes"] = json!(codes);
        }
        body
    }

    fn render(&self, lang: Lang) -> Response {
        let mut res = (self.status, axum::Json(self.body(lang))).into_response();
        res.headers_mut().insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(lang.tag()),
        );
        res
    }
}

impl IntoResponse for ApiError {
    /// Answers in Chinese; [`localize`] answers again in English when the request asks for it.
    fn into_response(self) -> Response {
        let mut res = self.render(Lang::Zh);
        res.extensions_mut().insert(self);
        res
    }
}

/// Middleware: error answers in the language of the request's `Accept-Language`.
pub async fn localize(req: Request, next: Next) -> Response {
    let lang = i18n::lang(req.headers());
    let mut res = next.run(req).await;
    match (lang, res.extensions_mut().remove::<ApiError>()) {
        (Lang::En, Some(e)) => {
            let (mut parts, _) = res.into_parts();
            let fresh = e.render(Lang::En);
            parts.headers.remove(header::CONTENT_LENGTH);
            for (k, v) in fresh.headers() {
                parts.headers.insert(k.clone(), v.clone());
            }
            Response::from_parts(parts, fresh.into_body())
        }
        _ => res,
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
