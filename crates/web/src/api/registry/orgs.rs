//! Organisations: the list, finding one by any of its names, one with its users, creating
//! and changing them (with their aliases).

use crate::api::{ListQ, Page};
use crate::error::ApiError;
use innocity_db::auth::UserView;
use innocity_db::registry::{OrgInput, OrgView};
use schemars::JsonSchema;
use serde::Serialize;

handler!(orgs(st, s, q: Q<ListQ>) -> Page<OrgView> = {
    let (text, kind, region) = (q.q.as_deref(), q.kind.as_deref(), q.region_code.as_deref());
    st.db.registry().orgs(&s.actor, text, kind, region, q.page()).await?
});

handler!(org_lookup(st, s, q: Q<ListQ>) -> OrgView = {
    let name = q.name.unwrap_or_default();
    let Some(o) = st.db.registry().lookup_org(&s.actor, &name).await? else {
        return Err(ApiError::not_found(msg!(
            "not_found",
            "没有名称或别名为“{name}”的机构",
            "No organisation has the name or alias “{name}”"
        )));
    };
    o
});

/// An organisation with its users.
#[derive(Serialize, JsonSchema)]
pub struct OrgOut {
    org: OrgView,
    users: Vec<UserView>,
}

handler!(org(st, s, id: Id) -> OrgOut = {
    let org = st.db.registry().org(&s.actor, id).await?;
    let users = st.db.registry().org_users(&s.actor, org.id).await?;
    OrgOut { org, users }
});

pass_through!(create_org(OrgInput) -> Created<OrgView> = registry.create_org);
pass_through!(update_org(id, OrgInput) -> OrgView = registry.update_org);
