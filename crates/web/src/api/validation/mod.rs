//! Validation rules API (校验规则): list, create, update, enable/disable, delete, and a
//! "test this rule" against a region and year. Scoping, validation and the audit trail live
//! in `innocity_db::validation`.

use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Body, Q};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use innocity_db::validation::{RuleFilter, RuleIn};
use serde::Deserialize;
use serde_json::{json, Value};

fn id(s: &str) -> ApiResult<i64> {
    s.parse().map_err(|_| ApiError::not_found("校验规则不存在"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQ {
    kind: Option<String>,
    importance: Option<String>,
    /// true or false; anything else: both.
    enabled: Option<String>,
    q: Option<String>,
    region_code: Option<String>,
}

/// Rules that apply in the caller's scope (kind, importance, enabled, q, region_code).
pub async fn list(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<Value>> {
    let f = RuleFilter {
        kind: q.kind,
        importance: q.importance,
        enabled: match q.enabled.as_deref() {
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => None,
        },
        q: q.q,
        region_code: q.region_code,
    };
    let items = st.db.validation().rules(&s.actor, &f).await?;
    Ok(Json(json!({"total": items.len(), "items": items})))
}

pub async fn create(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<RuleIn>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let r = st.db.validation().create_rule(&s.actor, &b).await?;
    Ok((StatusCode::CREATED, Json(json!(r))))
}

pub async fn update(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(rid): Path<String>,
    Body(b): Body<RuleIn>,
) -> ApiResult<Json<Value>> {
    let r = st
        .db
        .validation()
        .update_rule(&s.actor, id(&rid)?, &b)
        .await?;
    Ok(Json(json!(r)))
}

#[derive(Deserialize)]
pub struct EnabledIn {
    enabled: bool,
}

pub async fn set_enabled(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(rid): Path<String>,
    Body(b): Body<EnabledIn>,
) -> ApiResult<Json<Value>> {
    let r = st
        .db
        .validation()
        .enable_rule(&s.actor, id(&rid)?, b.enabled)
        .await?;
    Ok(Json(json!(r)))
}

pub async fn delete(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(rid): Path<String>,
) -> ApiResult<Json<Value>> {
    st.db.validation().delete_rule(&s.actor, id(&rid)?).await?;
    Ok(Json(json!({"deleted": true})))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TestIn {
    rule: RuleIn,
    region_code: String,
    year: i32,
}

/// Evaluates a rule (saved or not) against a region's values of a year; saves nothing.
pub async fn test(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<TestIn>,
) -> ApiResult<Json<Value>> {
    let r = st
        .db
        .validation()
        .test_rule(&s.actor, &b.rule, b.region_code.trim(), b.year)
        .await?;
    Ok(Json(json!(r)))
}

/// This area's routes (paths relative to `/api/v1`).
pub fn routes() -> crate::routes::Routes {
    use crate::routes::{Access::*, Routes};
    Routes::new("monitoring")
        .get("/monitoring/rules", Authed, "Validation rules that apply in the caller's scope (kind, importance, enabled, q, region_code)", list)
        .post("/monitoring/rules", Coordinate, "Create a validation rule: left, op, right, importance, missing strategy (global: admins; a region in scope: coordinators); bad expressions answer 422 naming the field", create)
        .post("/monitoring/rules/test", Coordinate, "Test a rule against the values of a region and year (rule, region_code, year); saves nothing", test)
        .put("/monitoring/rules/{id}", Coordinate, "Update a validation rule", update)
        .put("/monitoring/rules/{id}/enabled", Coordinate, "Enable or disable a validation rule (enabled)", set_enabled)
        .delete("/monitoring/rules/{id}", Coordinate, "Delete a validation rule (a deleted default is not seeded again)", delete)
}
