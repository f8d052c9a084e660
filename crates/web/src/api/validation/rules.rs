//! Listing, writing and testing validation rules.

use crate::error::ApiResult;
use crate::extract::{Authed, Body, Id, Q};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use innocity_db::validation::{RuleFilter, RuleIn, RuleTest, RuleView};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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

/// The rules that apply in the caller's scope.
#[derive(Serialize, JsonSchema)]
pub struct RuleList {
    total: usize,
    items: Vec<RuleView>,
}

/// Rules that apply in the caller's scope (kind, importance, enabled, q, region_code).
pub async fn list(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<RuleList>> {
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
    Ok(Json(RuleList {
        total: items.len(),
        items,
    }))
}

pass_through!(create(RuleIn) -> Created<RuleView> = validation.create_rule);
pass_through!(update(id, RuleIn) -> RuleView = validation.update_rule);

/// Whether a rule is enabled.
#[derive(Deserialize, JsonSchema)]
pub struct EnabledIn {
    enabled: bool,
}

pub async fn set_enabled(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(id): Id,
    Body(b): Body<EnabledIn>,
) -> ApiResult<Json<RuleView>> {
    let r = st
        .db
        .validation()
        .enable_rule(&s.actor, id, b.enabled)
        .await?;
    Ok(Json(r))
}

/// `{"deleted": true}`.
#[derive(Serialize, JsonSchema)]
pub struct Deleted {
    deleted: bool,
}

pub async fn delete(
    State(st): State<AppState>,
    Authed(s): Authed,
    Id(id): Id,
) -> ApiResult<Json<Deleted>> {
    st.db.validation().delete_rule(&s.actor, id).await?;
    Ok(Json(Deleted { deleted: true }))
}

/// A rule (saved or not) to test against the values of a region and year.
#[derive(Deserialize, Default, JsonSchema)]
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
) -> ApiResult<Json<RuleTest>> {
    let r = st
        .db
        .validation()
        .test_rule(&s.actor, &b.rule, b.region_code.trim(), b.year)
        .await?;
    Ok(Json(r))
}
