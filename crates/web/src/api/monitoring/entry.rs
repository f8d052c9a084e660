//! Data entry: what is due, one assignment, saving and checking values, submitting, and
//! the review (approve, return, accept, unapprove); the history and series of a value.

use crate::api::Items;
use crate::error::{ApiError, ApiResult};
use crate::routes::Access;
use innocity_db::monitoring::{
    AssignmentDetail, AssignmentView, Completeness, HistoryView, PrevValue, ReviewIn, ValueIn,
};
use innocity_domain::Role;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct ListQ {
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    form_id: Option<i64>,
}

/// Assignments with the completeness of the year.
#[derive(Serialize, JsonSchema)]
pub struct AssignmentsOut {
    items: Vec<AssignmentView>,
    completeness: Completeness,
}

handler!(
    /// "What is due and by when" (reporters) or every assignment in scope, with completeness.
    assignments(st, s, q: Q<ListQ>) -> AssignmentsOut = AssignmentsOut {
        items: st.db.monitoring().assignments(&s.actor, q.year, q.form_id).await?,
        completeness: st.db.monitoring().completeness(&s.actor, q.year).await?,
    }
);

pass_through!(assignment(id) -> AssignmentDetail = monitoring.assignment);

/// Typed values of an assignment.
#[derive(Deserialize, JsonSchema)]
pub struct ValuesIn {
    values: Vec<ValueIn>,
}

/// Refuses callers who may not enter data.
fn require_reporter(role: Role) -> ApiResult<()> {
    if Access::Report.allows(role) {
        Ok(())
    } else {
        Err(ApiError::forbidden(msg!(
            "forbidden",
            "只有填报员可以填写数据",
            "Only reporters may enter data"
        )))
    }
}

handler!(save_values(st, s, id: Id, b: Body<ValuesIn>) -> AssignmentDetail = {
    require_reporter(s.actor.role)?;
    st.db.monitoring().save_values(&s.actor, id, &b.values).await?
});

/// The rules a set of typed values breaks (`V`: a monitoring rule violation).
#[derive(Serialize, JsonSchema)]
pub struct CheckOut<V> {
    violations: Vec<V>,
}

handler!(
    /// Checks typed values without saving.
    check_values(st, s, id: Id, b: Body<ValuesIn>) -> CheckOut<impl Serialize> = {
        require_reporter(s.actor.role)?;
        CheckOut {
            violations: st.db.monitoring().check_values(&s.actor, id, &b.values).await?,
        }
    }
);

/// An empty JSON object.
#[derive(Deserialize, JsonSchema)]
pub struct Empty {}

handler!(submit(st, s, id: Id, _b: Body<Empty>) -> AssignmentDetail = {
    require_reporter(s.actor.role)?;
    st.db.monitoring().submit(&s.actor, id).await?
});

handler!(review(st, s, id: Id, b: Body<ReviewIn>) -> AssignmentDetail = {
    if !Access::Review.allows(s.actor.role) {
        return Err(ApiError::forbidden(msg!(
            "forbidden",
            "无权审核数据",
            "You may not review data"
        )));
    }
    st.db.monitoring().review(&s.actor, id, &b).await?
});

#[derive(Deserialize)]
pub struct ValueQ {
    region: String,
    item: String,
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    approved_only: bool,
}

handler!(history(st, s, q: Q<ValueQ>) -> Items<HistoryView> = {
    let Some(year) = q.year else {
        return Err(ApiError::bad_request(msg!(
            "bad_request",
            "查询参数无效: 缺少 year",
            "Invalid query parameters: year is missing"
        )));
    };
    let (region, item) = (&q.region, &q.item);
    Items {
        items: st.db.monitoring().observation_history(&s.actor, region, item, year).await?,
    }
});

handler!(series(st, s, q: Q<ValueQ>) -> Items<PrevValue> = {
    let (region, item) = (&q.region, &q.item);
    Items {
        items: st.db.monitoring().series(&s.actor, region, item, q.approved_only).await?,
    }
});
