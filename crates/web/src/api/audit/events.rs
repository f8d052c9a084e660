//! Listing audit events.

use crate::api::{ListQ, Page};
use innocity_db::audit::{AuditFilter, AuditView};

handler!(audit(st, s, q: Q<ListQ>) -> Page<AuditView> = {
    let f = AuditFilter {
        entity: q.entity.clone(),
        action: q.action.clone(),
        user: q.user.clone(),
        from: q.from,
        to: q.to,
    };
    innocity_db::audit::list(&st.db.conn, &s.actor, &f, q.page()).await?
});
