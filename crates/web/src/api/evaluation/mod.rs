//! Evaluation (综合评价): versioned methods, runs over participants from approved data (long
//! uncertainty runs continue in the background; poll the run for done/total), results and
//! their Excel export. Bad method files and data answer 422 with one field per problem,
//! named by file, row and column.

mod export;
mod methods;
mod runs;

use export::*;
use methods::*;
use runs::*;

use crate::api::List;
use crate::routes::{Access::*, Routes};
use innocity_db::evaluation::{
    MethodDetail, MethodIn, MethodSummary, RunDetail, RunIn, RunSummary,
};

/// This area's routes (paths relative to `/api/v1`), one route a line.
#[rustfmt::skip]
pub fn routes() -> Routes {
    Routes::new("evaluation")
        .get("/evaluations/methods", Authed, "Evaluation methods (newest version of each; presets included)", methods).returns::<List<MethodSummary>>()
        .post("/evaluations/methods", Review, "Create a method (method TOML + iMeta structure); bad files answer 422 naming file, row and column", create_method).accepts::<MethodIn>().returns::<MethodDetail>()
        .get("/evaluations/methods/{id}", Authed, "One method version: method TOML, structure (unverified indicators marked), version history", method).returns::<MethodDetail>()
        .post("/evaluations/methods/{id}/versions", Review, "Create a new version of the method (old runs keep their version)", create_version).accepts::<MethodIn>().returns::<MethodDetail>()
        .get("/evaluations/runs", Authed, "Runs with a participant in the caller's scope (method_id)", runs).returns::<List<RunSummary>>()
        .post("/evaluations/runs", Review, "Run a method over participants and a year from approved data (uncertainty N, seed, sensitivity base sample: 202, continues in the background)", start).accepts::<RunIn>().returns::<RunDetail>()
        .get("/evaluations/runs/{id}", Authed, "A run: progress (done/total), ranking, dimension scores, rank intervals (scoped rows)", run).returns::<RunDetail>()
        .get("/evaluations/runs/{id}/export.xlsx", Authed, "A run's results as an Excel workbook", export)
        .post("/evaluations/runs/{id}/rerun", Review, "Start a new run with the parameters of this one (e.g. after it was interrupted by a restart)", rerun).returns::<RunDetail>()
}
