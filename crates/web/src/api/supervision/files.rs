//! Evidence files: attaching one to a task (base64; type and size checked) and downloading.

use crate::api::base64_file;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Id};
use crate::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
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

handler!(upload(st, s, id: Id, b: Body<FileIn>) -> Created<FileView> = {
    let name = &b.file_name;
    let bytes = base64_file(name, &b.content_base64)
        .map_err(|m| ApiError::invalid("content_base64", m))?;
    st.db.supervision().add_file(&s.actor, id, name, &bytes, b.event_id).await?
});

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
