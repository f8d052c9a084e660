//! The registry: reference data, the dashboard, programmes, batches and participants
//! (with their status lifecycle), regions and organisations.

mod meta;
mod orgs;
mod programmes;
mod regions;

use meta::*;
use orgs::*;
use programmes::*;
use regions::*;

use crate::api::{List, Page};
use crate::routes::{Access::*, Routes};
use innocity_db::entity::region;
use innocity_db::registry::{
    BatchView, Dashboard, OrgInput, OrgView, ParticipantDetail, ParticipantView, RegionInput,
};

/// This area's routes (paths relative to `/api/v1`), one route a line.
#[rustfmt::skip]
pub fn routes() -> Routes {
    Routes::new("reference")
        .get("/meta", Public, "Enumerations with labels", meta).returns::<Meta>()
        .tag("programmes")
        .get("/dashboard", Authed, "Home-page figures", dashboard).returns::<Dashboard>()
        .get("/programmes", Authed, "Programmes with status counts", programmes).returns::<List<innocity_db::registry::ProgrammeView>>()
        .get("/programmes/{id}", Authed, "One programme with its batches", programme).returns::<ProgrammeOut>()
        .get("/batches", Authed, "Batches (filter by programme_id)", batches).returns::<List<BatchView>>()
        .get("/participants", Authed, "Participants in scope (filters, paginated)", participants).returns::<Page<ParticipantView>>()
        .get("/participants/{id}", Authed, "One participant with history and allowed transitions", participant).returns::<ParticipantDetail>()
        .post("/participants/{id}/transition", Manage, "Change a participant's status", transition).accepts::<TransitionIn>().returns::<ParticipantDetail>()
        .tag("regions")
        .get("/regions", Authed, "All regions (flat; build the tree from parent_code)", regions).returns::<crate::api::Items<region::Model>>()
        .get("/regions/{code}", Authed, "One region with children, organisations, participants", region).returns::<RegionOut>()
        .post("/regions", Admin, "Create a region", create_region).accepts::<RegionInput>().returns::<region::Model>()
        .put("/regions/{code}", Admin, "Update a region", update_region).accepts::<RegionInput>().returns::<region::Model>()
        .tag("orgs")
        .get("/orgs", Authed, "Organisations in scope (q matches names and aliases)", orgs).returns::<Page<OrgView>>()
        .get("/orgs/lookup", Authed, "Find an organisation by any of its names", org_lookup).returns::<OrgView>()
        .get("/orgs/{id}", Authed, "One organisation", org).returns::<OrgOut>()
        .post("/orgs", Admin, "Create an organisation", create_org).accepts::<OrgInput>().returns::<OrgView>()
        .put("/orgs/{id}", Admin, "Update an organisation and its aliases", update_org).accepts::<OrgInput>().returns::<OrgView>()
}
