//! The reader's language, from `Accept-Language`.
//!
//! Messages carry their own English ([`innocity_domain::Msg`]), written where they arise; the
//! edge only picks the text for the reader.

use axum::http::HeaderMap;

pub use innocity_domain::Lang;

/// The preferred of `zh` and `en` in an `Accept-Language` header (by q-value, then order);
/// Chinese when neither is named.
pub fn lang(headers: &HeaderMap) -> Lang {
    let Some(v) = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    else {
        return Lang::Zh;
    };
    let mut best: Option<(f32, Lang)> = None;
    for part in v.split(',') {
        let mut it = part.split(';');
        let tag = it.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = it
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let l = match tag.split('-').next() {
            Some("en") => Lang::En,
            Some("zh") => Lang::Zh,
            _ => continue,
        };
        if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, l));
        }
    }
    best.map(|(_, l)| l).unwrap_or(Lang::Zh)
}
