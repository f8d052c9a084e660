//! The colour, reminder and scoring rules of the caller's region.

use super::tasks::coordinator;
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

handler!(rules(st, s) -> RulesOut = RulesOut {
    rules: st.db.supervision().rules(&s.actor.region_code).await?,
    today: Some(st.cfg.clock.today()),
});

handler!(set_rules(st, s, b: Body<Rules>) -> RulesOut = {
    coordinator(&s)?;
    RulesOut {
        rules: st.db.supervision().set_rules(&s.actor, &b).await?,
        today: None,
    }
});
