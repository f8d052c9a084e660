//! The colour, reminder and scoring rules of the caller's region.

use super::tasks::coordinator;
use crate::error::ApiResult;
use crate::extract::{Authed, Body};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use innocity_supervise::Rules;
use schemars::JsonSchema;
use serde::Serialize;

/// The rules in force (see `innocity_supervise::Rules`).
#[derive(Serialize, JsonSchema)]
pub struct RulesOut {
    #[schemars(with = "RulesDoc")]
    rules: Rules,
    #[serde(skip_serializing_if = "Option::is_none")]
    today: Option<NaiveDate>,
}

/// The schema of `innocity_supervise::Rules` (colours, reminders, scoring), described as an
/// object.
#[derive(JsonSchema)]
#[schemars(title = "Rules")]
#[allow(dead_code)] // a schema only
pub struct RulesDoc(serde_json::Map<String, serde_json::Value>);

pub async fn rules(State(st): State<AppState>, Authed(s): Authed) -> ApiResult<Json<RulesOut>> {
    let rules = st.db.supervision().rules(&s.actor.region_code).await?;
    let today = Some(st.cfg.clock.today());
    Ok(Json(RulesOut { rules, today }))
}

pub async fn set_rules(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<Rules>,
) -> ApiResult<Json<RulesOut>> {
    coordinator(&s)?;
    let rules = st.db.supervision().set_rules(&s.actor, &b).await?;
    Ok(Json(RulesOut { rules, today: None }))
}
