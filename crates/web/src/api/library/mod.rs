//! The indicator library: the list, one indicator, creating and changing them (admins).

mod indicators;

use indicators::*;

use crate::api::Page;
use crate::routes::{Access::*, Routes};
use innocity_db::library::IndicatorView;

/// This area's routes (paths relative to `/api/v1`), one route a line.
#[rustfmt::skip]
pub fn routes() -> Routes {
    Routes::new("indicators")
        .get("/indicators", Authed, "Indicator library (paginated)", indicators).returns::<Page<IndicatorView>>()
        .get("/indicators/{id}", Authed, "One indicator", indicator).returns::<IndicatorOut>()
        .post("/indicators", Admin, "Create an indicator", create_indicator).accepts::<IndicatorView>().returns::<IndicatorView>()
        .put("/indicators/{id}", Admin, "Update an indicator", update_indicator).accepts::<IndicatorView>().returns::<IndicatorView>()
}
