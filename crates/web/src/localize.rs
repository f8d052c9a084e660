//! Language at the edge: every [`Msg`](innocity_domain::Msg) inside a JSON answer becomes its
//! text in the reader's language (`Accept-Language`, Chinese by default) before it leaves the
//! server. Views carry messages, never pre-rendered text, so one place decides the language.

use crate::i18n;
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use innocity_domain::msg::{localize_json, MARK};

/// JSON answers larger than this are passed through untouched (none is near it).
const MAX_JSON: usize = 64 * 1024 * 1024;

/// Middleware: renders the messages of a JSON answer in the request's language.
pub async fn messages(req: Request, next: Next) -> Response {
    let lang = i18n::lang(req.headers());
    let res = next.run(req).await;
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_JSON).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let mark = format!("\"{MARK}\"");
    if !bytes.windows(mark.len()).any(|w| w == mark.as_bytes()) {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let Ok(mut v) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    localize_json(&mut v, lang);
    let out = serde_json::to_vec(&v).unwrap_or_else(|_| bytes.to_vec());
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.tag()),
    );
    Response::from_parts(parts, Body::from(out))
}
