//! JSON API handlers under `/api/v1` (see docs/API.md), one folder per area: the folder's
//! `mod.rs` holds the area's `routes()` list, the other files its use cases. Each handler is a
//! thin layer: it parses input, calls one repository function with the caller's `Actor`, and
//! answers a typed JSON value (whose schema its route declares).

use crate::error::ApiError;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use innocity_db::PageReq;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use innocity_db::Page;

/// Writes a handler from its parameters and the expression of its answer: the state and
/// the caller are always bound (to the two names given first); further parameters are
/// extractors from `crate::extract` (`id: Id`, `b: Body<T>`, `q: Q<T>`, `code: Path<String>`).
/// The answer is JSON, or 201 with JSON for `Created<T>`:
///
/// ```ignore
/// handler!(set_enabled(st, s, id: Id, b: Body<EnabledIn>) -> RuleView =
///     st.db.validation().enable_rule(&s.actor, id, b.enabled).await?);
/// ```
macro_rules! handler {
    ($(#[$a:meta])* $name:ident($st:ident, $s:ident $(, $x:ident: $X:ident $(<$t:ty>)?)*) -> Created<$out:ty> = $e:expr) => {
        $(#[$a])*
        pub async fn $name(
            ::axum::extract::State($st): ::axum::extract::State<$crate::AppState>,
            $crate::extract::Authed($s): $crate::extract::Authed,
            $($crate::extract::$X($x): $crate::extract::$X$(<$t>)?,)*
        ) -> $crate::error::ApiResult<$crate::api::Created<$out>> {
            Ok($crate::api::created($e))
        }
    };
    ($(#[$a:meta])* $name:ident($st:ident, $s:ident $(, $x:ident: $X:ident $(<$t:ty>)?)*) -> $out:ty = $e:expr) => {
        $(#[$a])*
        pub async fn $name(
            ::axum::extract::State($st): ::axum::extract::State<$crate::AppState>,
            $crate::extract::Authed($s): $crate::extract::Authed,
            $($crate::extract::$X($x): $crate::extract::$X$(<$t>)?,)*
        ) -> $crate::error::ApiResult<::axum::Json<$out>> {
            Ok(::axum::Json($e))
        }
    };
}

/// Writes a handler that hands the caller (and the path's id and the JSON body, when the
/// signature names them) straight to one repository call and answers its result:
///
/// ```ignore
/// pass_through!(participant(id) -> ParticipantDetail = registry.participant);
/// pass_through!(update_org(id, OrgInput) -> OrgView = registry.update_org);
/// pass_through!(create_org(OrgInput) -> Created<OrgView> = registry.create_org);
/// pass_through!(create_user(NewUser) -> Created<UserView> = auth.create_user, true);
/// ```
///
/// The answer of a `Created<T>` handler is 201. Extra arguments follow the body.
macro_rules! pass_through {
    ($(#[$a:meta])* $name:ident() -> $t:ty = $area:ident.$verb:ident) => {
        $(#[$a])*
        pub async fn $name(
            ::axum::extract::State(st): ::axum::extract::State<$crate::AppState>,
            $crate::extract::Authed(s): $crate::extract::Authed,
        ) -> $crate::error::ApiResult<::axum::Json<$t>> {
            Ok(::axum::Json(st.db.$area().$verb(&s.actor).await?))
        }
    };
    ($(#[$a:meta])* $name:ident(id) -> $t:ty = $area:ident.$verb:ident) => {
        $(#[$a])*
        pub async fn $name(
            ::axum::extract::State(st): ::axum::extract::State<$crate::AppState>,
            $crate::extract::Authed(s): $crate::extract::Authed,
            $crate::extract::Id(id): $crate::extract::Id,
        ) -> $crate::error::ApiResult<::axum::Json<$t>> {
            Ok(::axum::Json(st.db.$area().$verb(&s.actor, id).await?))
        }
    };
    ($(#[$a:meta])* $name:ident(id, $b:ty) -> $t:ty = $area:ident.$verb:ident) => {
        $(#[$a])*
        pub async fn $name(
            ::axum::extract::State(st): ::axum::extract::State<$crate::AppState>,
            $crate::extract::Authed(s): $crate::extract::Authed,
            $crate::extract::Id(id): $crate::extract::Id,
            $crate::extract::Body(b): $crate::extract::Body<$b>,
        ) -> $crate::error::ApiResult<::axum::Json<$t>> {
            Ok(::axum::Json(st.db.$area().$verb(&s.actor, id, &b).await?))
        }
    };
    ($(#[$a:meta])* $name:ident($b:ty) -> Created<$t:ty> = $area:ident.$verb:ident $(, $extra:expr)*) => {
        $(#[$a])*
        pub async fn $name(
            ::axum::extract::State(st): ::axum::extract::State<$crate::AppState>,
            $crate::extract::Authed(s): $crate::extract::Authed,
            $crate::extract::Body(b): $crate::extract::Body<$b>,
        ) -> $crate::error::ApiResult<$crate::api::Created<$t>> {
            Ok($crate::api::created(st.db.$area().$verb(&s.actor, &b $(, $extra)*).await?))
        }
    };
}

pub mod audit;
pub mod auth;
pub mod evaluation;
pub mod library;
pub mod monitoring;
pub mod plans;
pub mod registry;
pub mod supervision;
pub mod validation;

/// A whole list on one page: `{items, total, page: 1, per_page}`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct List<T> {
    pub items: Vec<T>,
    pub total: usize,
    pub page: u64,
    pub per_page: usize,
}

impl<T> From<Vec<T>> for List<T> {
    fn from(items: Vec<T>) -> List<T> {
        let n = items.len();
        List {
            items,
            total: n,
            page: 1,
            per_page: n,
        }
    }
}

/// A list without paging: `{items}`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Items<T> {
    pub items: Vec<T>,
}

/// `{"ok": true}`: done, nothing else to say.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Done {
    pub ok: bool,
}

/// The answer [`Done`].
pub fn done() -> Json<Done> {
    Json(Done { ok: true })
}

/// A new record, answered with 201.
pub type Created<T> = (StatusCode, Json<T>);

/// `t` as a new record (201).
pub fn created<T>(t: T) -> Created<T> {
    (StatusCode::CREATED, Json(t))
}

/// The usual list filters of the registry, library, user and audit lists (each list reads
/// the ones it needs).
#[derive(Deserialize, Default)]
pub struct ListQ {
    pub q: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
    pub programme_id: Option<i64>,
    pub batch_id: Option<i64>,
    pub status: Option<String>,
    pub region_code: Option<String>,
    pub kind: Option<String>,
    pub level: Option<String>,
    pub role: Option<String>,
    pub org_id: Option<i64>,
    pub name: Option<String>,
    pub entity: Option<String>,
    pub action: Option<String>,
    pub user: Option<String>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
}

impl ListQ {
    pub fn page(&self) -> PageReq {
        PageReq::new(self.page, self.per_page)
    }
}

/// The content type of Excel workbooks.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The content type of Word documents.
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A file to download under an ASCII name.
pub fn attachment(bytes: Vec<u8>, content_type: &str, file_name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The bytes of an uploaded file sent as base64, or the message saying they are not.
pub fn base64_file(name: &str, data: &str) -> Result<Vec<u8>, innocity_domain::Msg> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(data.as_bytes())
        .map_err(|e| {
            msg!(
                "invalid_base64",
                "{name}: 文件内容不是有效的 base64 ({e})",
                "{name}: the file content is not valid base64 ({e})"
            )
        })
}

/// A document (workbook, DOCX) that could not be written: 500.
pub fn write_failed(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        msg!(
            "internal",
            "文件生成失败: {e}",
            "Could not write the file: {e}"
        ),
    )
}

/// A background step (extraction, locating) that did not finish: 500.
pub fn task_failed() -> ApiError {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        msg!("internal", "解析失败", "Processing failed"),
    )
}
