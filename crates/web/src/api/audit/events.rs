//! Listing audit events.

use crate::api::{ListQ, Page};
use crate::error::ApiResult;
use crate::extract::{Authed, Q};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use innocity_db::audit::{AuditFilter, AuditView};

pub async fn audit(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<Page<AuditView>>> {
    let f = AuditFilter {
        entity: q.entity.clone(),
        action: q.action.clone(),
        user: q.user.clone(),
        from: q.from,
        to: q.to,
    };
    Ok(Json(
        innocity_db::audit::list(&st.db.conn, &s.actor, &f, q.page()).await?,
    ))
}
