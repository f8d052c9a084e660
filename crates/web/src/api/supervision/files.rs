//! Evidence files: attaching one to a task (base64; type and size checked) and downloading.

use crate::api::{created, Created};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Body, Id};
use crate::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use innocity_db::supervision::FileView;
use schemars::JsonSchema;
use serde::Deserialize;

/// An evidence file, base64-encoded.
#[derive(Deserialize, JsonSchema)]
pub struct FileIn {
    file_name: String,
    content_base64: String,
    /// Attach to this progress report of the task (optional).
    #[serde(default)]
    event_id: Option<i64>,
}

pub async fn upload(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(id): Id,
    Body(b): Body<FileIn>,
) -> ApiResult<Created<FileView>> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b.content_base64.as_bytes())
        .map_err(|e| {
            let name = &b.file_name;
            ApiError::invalid(
                "content_base64",
                msg!(
                    "invalid",
                    "{name}: 文件内容不是有效的 base64 ({e})",
                    "{name}: the file content is not valid base64 ({e})"
                ),
            )
        })?;
    let f = st
        .db
        .supervision()
        .add_file(&s.actor, id, &b.file_name, &bytes, b.event_id)
        .await?;
    Ok(created(f))
}

pub async fn download(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(id): Id,
) -> ApiResult<Response> {
    let f = st.db.supervision().file(&s.actor, id).await?;
    // The stored name is already sanitised; percent-encode it for the header.
    let encoded: String = f
        .name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, f.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename*=UTF-8''{encoded}"),
            ),
        ],
        f.data,
    )
        .into_response())
}
