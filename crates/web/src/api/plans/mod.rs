//! Plan import and plan pages: extract (nothing saved), confirm (one transaction), list,
//! detail with a department filter, responsibility matrix, original text, Excel export.

mod export;
mod import;
mod read;

use export::*;
use import::*;
use read::*;

pub use import::MAX_DOC_BYTES;

use crate::api::List;
use crate::routes::{Access::*, Routes};
use innocity_db::plans::{Matrix, PlanDetail, PlanIn, PlanSummary};

/// This area's routes (paths relative to `/api/v1`), one route a line.
#[rustfmt::skip]
pub fn routes() -> Routes {
    Routes::new("plans")
        .post("/plans/extract", Import, "Repair and extract a pasted or uploaded plan; saves nothing", extract).accepts::<ExtractIn>().returns::<ExtractOut>()
        .post("/plans", Import, "Save a confirmed import (plan, targets, tasks, units, phases)", create).accepts::<PlanIn>().returns::<PlanDetail>()
        .get("/plans", Authed, "Plans in scope (filter by participant_id; all=true adds superseded revisions)", list).returns::<List<PlanSummary>>()
        .get("/plans/{id}", Authed, "One plan with targets, tasks and phases (org_id filters tasks)", detail).returns::<PlanDetail>()
        .get("/plans/{id}/text", Authed, "The plan's original text, verbatim, with highlight spans (targets, tasks, units, phases)", text).returns::<TextOut>()
        .get("/plans/{id}/matrix", Authed, "Responsibility matrix: tasks × organisations", matrix).returns::<Matrix>()
        .get("/plans/{id}/export.xlsx", Authed, "Targets and tasks as an Excel workbook", export)
}
