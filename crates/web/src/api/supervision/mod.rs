//! Task supervision (督查督办): tasks (from plans, by hand, sub-tasks), the loop, 催办,
//! evidence files, notification centre, rules, unit scores, the ledger (台账) as Excel and
//! the bulletin (情况通报) as DOCX. "Today" comes from the configured clock.

mod files;
mod notifications;
mod reports;
mod rules;
mod steps;
mod tasks;

use files::*;
use notifications::*;
use reports::*;
use rules::*;
use steps::*;
use tasks::*;

pub use innocity_service::clock::FileClock;
pub use reports::{bulletin_blocks, ledger_sheet};

use crate::routes::{Access::*, Routes};
use innocity_db::supervision::{
    ActIn, FileView, FromPlanIn, FromPlanOut, Scores, TaskDetail, TaskEdit, TaskIn, UnitsEdit,
    UrgeIn,
};

/// This area's routes (paths relative to `/api/v1`), one route a line.
#[rustfmt::skip]
pub fn routes() -> Routes {
    Routes::new("supervision")
        .get("/supervision/tasks", Authed, "Supervised tasks the caller may see, with live colour (filters: org_id, status, colour, plan_id, region, mine, person)", list).returns::<TaskList>()
        .post("/supervision/tasks", Coordinate, "Create a task by hand or a sub-task (parent_id), with units and milestones", create).accepts::<TaskIn>().returns::<Dated<TaskDetail>>()
        .post("/supervision/from-plan", Coordinate, "Take over a plan's tasks (optionally assigning them at once)", from_plan).accepts::<FromPlanIn>().returns::<FromPlanOut>()
        .get("/supervision/tasks/{id}", Authed, "One task: units, milestones, loop events, 催办, files, colour history, deadlines, allowed actions", detail).returns::<Dated<TaskDetail>>()
        .put("/supervision/tasks/{id}", Coordinate, "Edit a task: title, description, deadline, milestones (add, change, delete; done ones keep their due date), responsible persons", edit).accepts::<TaskEdit>().returns::<Dated<TaskDetail>>()
        .put("/supervision/tasks/{id}/units", Coordinate, "Change a task's units (lead, cooperating, shared duty, responsible persons); units left out are taken off (kept with their history once assigned)", set_units).accepts::<UnitsEdit>().returns::<Dated<TaskDetail>>()
        .post("/supervision/tasks/{id}/act", Authed, "A loop step: assign, sign, report, request_close, approve, send_back, reopen", act).accepts::<ActIn>().returns::<Dated<TaskDetail>>()
        .post("/supervision/tasks/{id}/urges", Coordinate, "Issue a 催办 to one unit of the task", urge).accepts::<UrgeIn>().returns::<Dated<TaskDetail>>()
        .post("/supervision/tasks/{id}/files", Authed, "Attach an evidence file (base64; type and size checked)", upload).accepts::<FileIn>().returns::<FileView>()
        .post("/supervision/urges/{id}/answer", Authed, "The urged unit answers its 催办", answer).accepts::<AnswerIn>().returns::<Dated<TaskDetail>>()
        .get("/supervision/files/{id}", Authed, "Download an evidence file", download)
        .get("/supervision/notifications", Authed, "Notification centre of the caller's organisation (unread=true filters)", notifications).returns::<NotificationsOut>()
        .post("/supervision/notifications/read", Authed, "Mark notifications of the caller's organisation read (ids)", read).accepts::<ReadIn>().returns::<ReadOut>()
        .get("/supervision/rules", Authed, "Colour, reminder and scoring rules in force for the caller's region", rules).returns::<RulesOut>()
        .put("/supervision/rules", Coordinate, "Change the rules of the caller's region", set_rules).accepts::<RulesDoc>().returns::<RulesOut>()
        .get("/supervision/scores", Authed, "Unit scores and ranking over a period (from, to, region)", scores).returns::<Scores>()
        .get("/supervision/ledger.xlsx", Authed, "The ledger (台账) as an Excel workbook (same filters as the list)", ledger)
        .get("/supervision/bulletin.docx", Coordinate, "The bulletin (情况通报) over a period as DOCX (from, to, region)", bulletin)
}
