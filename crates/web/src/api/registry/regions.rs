//! Regions: the flat list, one region with what lies in it, creating and changing regions.

use crate::api::{Items, ListQ};
use innocity_db::entity::region;
use innocity_db::registry::{OrgView, ParticipantFilter, ParticipantView, RegionInput};
use innocity_db::PageReq;
use schemars::JsonSchema;
use serde::Serialize;

handler!(regions(st, _s, q: Q<ListQ>) -> Items<region::Model> = Items {
    items: st.db.registry().regions(q.q.as_deref(), q.level.as_deref()).await?,
});

/// A region with its child regions, organisations and participants (200 of each at most).
#[derive(Serialize, JsonSchema)]
pub struct RegionOut {
    region: region::Model,
    children: Vec<region::Model>,
    orgs: Vec<OrgView>,
    participants: Vec<ParticipantView>,
}

handler!(region(st, s, code: Path<String>) -> RegionOut = {
    let first = || PageReq::new(Some(1), Some(200));
    let registry = st.db.registry();
    let inside = Some(code.as_str());
    let f = ParticipantFilter {
        region_code: Some(code.clone()),
        ..Default::default()
    };
    RegionOut {
        region: registry.region(&code).await?,
        children: registry.region_children(&code).await?,
        orgs: registry.orgs(&s.actor, None, None, inside, first()).await?.items,
        participants: registry.participants(&s.actor, &f, first()).await?.items,
    }
});

pass_through!(create_region(RegionInput) -> Created<region::Model> = registry.create_region);

handler!(update_region(st, s, code: Path<String>, b: Body<RegionInput>) -> region::Model =
    st.db.registry().update_region(&s.actor, &code, &b).await?);
