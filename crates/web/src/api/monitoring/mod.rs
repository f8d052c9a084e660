//! Monitoring: data items, forms and assignments, entry with validation, submission and
//! review, completeness, series, the target scorecard (cockpit), Excel templates and
//! import/export by codes. Scoping and workflow rules live in `innocity_db::monitoring`.

mod entry;
mod exchange;
mod forms;
mod scorecard;

use entry::*;
use exchange::*;
use forms::*;
use scorecard::*;

pub use exchange::MAX_UPLOAD_BODY;

use crate::api::Items;
use crate::routes::{Access::*, Routes};
use innocity_db::monitoring::{
    AssignmentDetail, FormIn, FormView, HistoryView, ImportReport, ItemView, PrevValue, ReviewIn,
    Scorecard,
};

/// This area's routes (paths relative to `/api/v1`), one route a line.
#[rustfmt::skip]
pub fn routes() -> Routes {
    Routes::new("monitoring")
        .get("/monitoring/items", Authed, "Data items (raw and derived, with formula and aggregation)", items).returns::<Items<ItemView>>()
        .get("/monitoring/forms", Authed, "Data forms", forms).returns::<Items<FormView>>()
        .post("/monitoring/forms", Import, "Create a form with its assignments (organisation, region, items, due date)", create_form).accepts::<FormIn>().returns::<FormView>()
        .get("/monitoring/assignments", Authed, "What is due and by when: assignments in scope (reporters: their organisation's) with completeness (year, form_id)", assignments).returns::<AssignmentsOut>()
        .get("/monitoring/assignments/{id}", Authed, "One assignment: entry rows with previous years, comments, missing reasons, violations", assignment).returns::<AssignmentDetail>()
        .put("/monitoring/assignments/{id}/values", Report, "Save values as drafts (the reporting organisation; locked once submitted)", save_values).accepts::<ValuesIn>().returns::<AssignmentDetail>()
        .post("/monitoring/assignments/{id}/check", Report, "Validate typed values without saving", check_values).accepts::<ValuesIn>().returns::<CheckOut<serde_json::Value>>()
        .post("/monitoring/assignments/{id}/submit", Report, "Submit (refused with missing values or unexplained high-importance violations)", submit).accepts::<Empty>().returns::<AssignmentDetail>()
        .post("/monitoring/assignments/{id}/review", Review, "approve, return (reason), accept (level above), unapprove (reason)", review).accepts::<ReviewIn>().returns::<AssignmentDetail>()
        .get("/monitoring/assignments/{id}/template.xlsx", Authed, "Pre-filled Excel entry template (codes in hidden columns, number validation)", template)
        .get("/monitoring/history", Authed, "Full history of one value (region, item, year)", history).returns::<Items<HistoryView>>()
        .get("/monitoring/series", Authed, "Yearly series of an item for a region (derived and rolled up; approved_only)", series).returns::<Items<PrevValue>>()
        .get("/monitoring/scorecard/{id}", Authed, "Participant cockpit: every target's tracking and series, data completeness (unapproved=true adds submitted values)", scorecard).returns::<Scorecard>()
        .get("/monitoring/scorecard/{id}/export.xlsx", Authed, "The scorecard as an Excel workbook", scorecard_xlsx)
        .get("/monitoring/export", Authed, "Values of a region by codes (region, year, format=json|csv|xlsx)", export).returns::<ExportOut>()
        .route("POST", "/monitoring/import", DataImport, "Import .xlsx/.csv/.json (base64): dry run with a row-level report, then an all-or-nothing commit", axum::routing::post(import).layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD_BODY))).accepts::<ImportIn>().returns::<ImportReport>()
}
