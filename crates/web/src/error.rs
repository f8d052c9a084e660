//! API errors: one JSON shape `{"error", "code", "fields", "field_codes"}` for every failure,
//! in Chinese or, under `Accept-Language: en`, in English: each message carries both texts.

use crate::i18n;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use innocity_db::Error as DbError;
use innocity_domain::msg::common;
use innocity_domain::{msg, Lang, Msg};
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

/// A message's text in `lang`, and its code.
fn text_of(m: &Msg, lang: Lang) -> (String, String) {
    (m.text(lang).to_string(), m.code.to_string())
}

impl ApiError {
    /// The JSON body in one language: `fields` carries the messages, `field_codes` their
    /// stable codes (the same in every language).
    pub fn body(&self, lang: Lang) -> serde_json::Value {
        let mut error = text_of(&self.message, lang).0;
        if let Some(f) = &self.fields {
            if self.code() == "invalid" {
                let summary = f
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", text_of(v, lang).0))
                    .collect::<Vec<_>>()
                    .join("; ");
                error = format!("{error} — {summary}");
            }
        }
        let mut body = json!({"error": error, "code": self.code()});
        if let Some(f) = &self.fields {
            let texts: BTreeMap<&String, (String, String)> =
                f.iter().map(|(k, v)| (k, text_of(v, lang))).collect();
            let fields: BTreeMap<&&String, &String> =
                texts.iter().map(|(k, v)| (k, &v.0)).collect();
            let codes: BTreeMap<&&String, &String> = texts.iter().map(|(k, v)| (k, &v.1)).collect();
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
