//! Listing, writing and testing validation rules.

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

handler!(
    /// Rules that apply in the caller's scope (kind, importance, enabled, q, region_code).
    list(st, s, q: Q<ListQ>) -> RuleList = {
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
        RuleList {
            total: items.len(),
            items,
        }
    }
);

pass_through!(create(RuleIn) -> Created<RuleView> = validation.create_rule);
pass_through!(update(id, RuleIn) -> RuleView = validation.update_rule);

/// Whether a rule is enabled.
#[derive(Deserialize, JsonSchema)]
pub struct EnabledIn {
    enabled: bool,
}

handler!(set_enabled(st, s, id: Id, b: Body<EnabledIn>) -> RuleView =
    st.db.validation().enable_rule(&s.actor, id, b.enabled).await?);

/// `{"deleted": true}`.
#[derive(Serialize, JsonSchema)]
pub struct Deleted {
    deleted: bool,
}

handler!(delete(st, s, id: Id) -> Deleted = {
    st.db.validation().delete_rule(&s.actor, id).await?;
    Deleted { deleted: true }
});

/// A rule (saved or not) to test against the values of a region and year.
#[derive(Deserialize, Default, JsonSchema)]
#[serde(default)]
pub struct TestIn {
    rule: RuleIn,
    region_code: String,
    year: i32,
}

handler!(
    /// Evaluates a rule (saved or not) against a region's values of a year; saves nothing.
    test(st, s, b: Body<TestIn>) -> RuleTest = {
        let (rule, region) = (&b.rule, b.region_code.trim());
        st.db.validation().test_rule(&s.actor, rule, region, b.year).await?
    }
);
