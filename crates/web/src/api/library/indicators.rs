//! Reading and writing indicators.

use crate::api::{ListQ, Page};
use innocity_db::library::IndicatorView;
use schemars::JsonSchema;
use serde::Serialize;

handler!(indicators(st, _s, q: Q<ListQ>) -> Page<IndicatorView> =
    st.db.library().indicators(q.q.as_deref(), q.page()).await?);

/// One indicator.
#[derive(Serialize, JsonSchema)]
pub struct IndicatorOut {
    indicator: IndicatorView,
}

handler!(indicator(st, _s, id: Id) -> IndicatorOut = IndicatorOut {
    indicator: st.db.library().indicator(id).await?,
});

pass_through!(create_indicator(IndicatorView) -> Created<IndicatorView> = library.create_indicator);
pass_through!(update_indicator(id, IndicatorView) -> IndicatorView = library.update_indicator);
