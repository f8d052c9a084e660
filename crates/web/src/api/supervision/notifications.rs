//! The notification centre of the caller's organisation.

use crate::error::ApiResult;
use crate::extract::{Authed, Body, Q};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use innocity_db::entity::sv_notification;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
pub struct NoteQ {
    #[serde(default)]
    unread: bool,
}

/// Notifications with the number not yet read.
#[derive(Serialize, JsonSchema)]
pub struct NotificationsOut {
    items: Vec<sv_notification::Model>,
    unread: usize,
}

pub async fn notifications(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<NoteQ>,
) -> ApiResult<Json<NotificationsOut>> {
    let items = st
        .db
        .supervision()
        .notifications(&s.actor, q.unread)
        .await?;
    let unread = items.iter().filter(|n| n.read_at.is_none()).count();
    Ok(Json(NotificationsOut { items, unread }))
}

/// The notifications to mark read.
#[derive(Deserialize, JsonSchema)]
pub struct ReadIn {
    ids: Vec<i64>,
}

/// How many notifications were marked read.
#[derive(Serialize, JsonSchema)]
pub struct ReadOut {
    read: usize,
}

pub async fn read(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<ReadIn>,
) -> ApiResult<Json<ReadOut>> {
    let read = st.db.supervision().read(&s.actor, &b.ids).await?;
    Ok(Json(ReadOut { read }))
}
