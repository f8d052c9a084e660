//! The audit log: every change, who made it, before and after (scoped).

mod events;

use events::*;

use crate::api::Page;
use crate::routes::{Access::*, Routes};

/// This area's routes (paths relative to `/api/v1`), one route a line.
#[rustfmt::skip]
pub fn routes() -> Routes {
    Routes::new("audit")
        .get("/audit", Audit, "Audit events (scoped)", audit).returns::<Page<innocity_db::audit::AuditView>>()
}
