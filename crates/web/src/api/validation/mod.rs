//! Validation rules (校验规则) of monitoring data: list, create, update, enable/disable,
//! delete, and a "test this rule" against a region and year. Scoping, validation and the
//! audit trail live in `innocity_db::validation`.

mod rules;

use rules::*;

use crate::routes::{Access::*, Routes};
use innocity_db::validation::{RuleIn, RuleTest, RuleView};

/// This area's routes (paths relative to `/api/v1`), one route a line.
#[rustfmt::skip]
pub fn routes() -> Routes {
    Routes::new("monitoring")
        .get("/monitoring/rules", Authed, "Validation rules that apply in the caller's scope (kind, importance, enabled, q, region_code)", list).returns::<RuleList>()
        .post("/monitoring/rules", Coordinate, "Create a validation rule: left, op, right, importance, missing strategy (global: admins; a region in scope: coordinators); bad expressions answer 422 naming the field", create).accepts::<RuleIn>().returns::<RuleView>()
        .post("/monitoring/rules/test", Coordinate, "Test a rule against the values of a region and year (rule, region_code, year); saves nothing", test).accepts::<TestIn>().returns::<RuleTest>()
        .put("/monitoring/rules/{id}", Coordinate, "Update a validation rule", update).accepts::<RuleIn>().returns::<RuleView>()
        .put("/monitoring/rules/{id}/enabled", Coordinate, "Enable or disable a validation rule (enabled)", set_enabled).accepts::<EnabledIn>().returns::<RuleView>()
        .delete("/monitoring/rules/{id}", Coordinate, "Delete a validation rule (a deleted default is not seeded again)", delete).returns::<Deleted>()
}
