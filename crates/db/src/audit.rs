//! Audit events (审计日志), written in the same transaction as the change they record.

use crate::entity::audit_event;
use crate::{Actor, Page, PageReq, Result};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;

/// One audit event, ready to insert. `before`/`after` are the record's JSON (None for
/// create/delete sides). Writes queue these on their [`crate::write::Write`].
pub fn event(
    actor: &Actor,
    action: &str,
    entity: &str,
    entity_id: impl ToString,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> audit_event::ActiveModel {
    audit_event::ActiveModel {
        at: Set(crate::now()),
        user_id: Set(actor.user_id),
        username: Set(Some(actor.username.clone())),
        actor_region: Set(Some(actor.region_code.clone())),
        action: Set(action.into()),
        entity: Set(entity.into()),
        entity_id: Set(entity_id.to_string()),
        before: Set(before.map(|v| v.to_string())),
        after: Set(after.map(|v| v.to_string())),
        ..Default::default()
    }
}

/// Serialises a model for the audit log.
pub fn snap<T: Serialize>(m: &T) -> Option<serde_json::Value> {
    serde_json::to_value(m).ok()
}

/// Filters of the audit page.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub action: Option<String>,
    pub user: Option<String>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct AuditUser {
    pub id: Option<i64>,
    pub username: String,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct AuditView {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub user: Option<AuditUser>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Lists events: admins see all, coordinators events by actors of their region subtree.
pub async fn list<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    f: &AuditFilter,
    p: PageReq,
) -> Result<Page<AuditView>> {
    if !actor.role.may_read_audit() {
        return Err(crate::Error::Forbidden(msg!(
            "forbidden",
            "无权查看审计日志",
            "You may not read the audit log"
        )));
    }
    let mut q = audit_event::Entity::find();
    if let Some(regions) = &actor.scope.regions {
        q = q.filter(audit_event::Column::ActorRegion.is_in(regions.iter().cloned()));
    }
    if let Some(e) = f.entity.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(audit_event::Column::Entity.eq(e));
    }
    if let Some(a) = f.action.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(audit_event::Column::Action.eq(a));
    }
    if let Some(u) = f.user.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(Condition::any().add(audit_event::Column::Username.contains(u)));
    }
    if let Some(d) = f.from {
        q = q.filter(
            audit_event::Column::At.gte(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()),
        );
    }
    if let Some(d) = f.to {
        let end = d
            .succ_opt()
            .unwrap_or(d)
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc();
        q = q.filter(audit_event::Column::At.lt(end));
    }
    let total = q.clone().count(c).await?;
    let rows = q
        .order_by_desc(audit_event::Column::Id)
        .offset((p.page - 1) * p.per_page)
        .limit(p.per_page)
        .all(c)
        .await?;
    let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    let items = rows
        .into_iter()
        .map(|r| AuditView {
            id: r.id,
            at: r.at,
            user: r.username.map(|u| AuditUser {
                id: r.user_id,
                username: u,
            }),
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            before: parse(r.before),
            after: parse(r.after),
        })
        .collect();
    Ok(Page {
        items,
        total,
        page: p.page,
        per_page: p.per_page,
    })
}
