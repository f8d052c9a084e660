//! Validation rules: listing, reading, creating, updating, enabling and deleting.

use super::*;

impl crate::Validation<'_> {
    pub(super) async fn data_item_map(&self) -> Result<HashMap<String, data_item::Model>> {
        Ok(crate::keyed(
            data_item::Entity::find().all(&self.conn).await?,
            |i| i.code.clone(),
        ))
    }

    pub(super) fn rule_view(
        actor: &Actor,
        m: validation_rule::Model,
        regions: &HashMap<String, String>,
    ) -> RuleView {
        let op_symbol = untag::<Op>(&m.op).map_or("", Op::symbol);
        let editable = may_write(actor, m.region_code.as_deref()).is_ok();
        RuleView {
            id: m.id,
            region_name: m.region_code.as_ref().and_then(|r| regions.get(r).cloned()),
            code: m.code,
            name: m.name,
            kind: m.kind,
            left: m.left_expr,
            op: m.op,
            op_symbol,
            right: m.right_expr,
            importance: m.importance,
            missing: m.missing,
            outlier_basis: m.outlier_basis,
            region_code: m.region_code,
            enabled: m.enabled,
            demo: m.demo,
            created_at: m.created_at,
            updated_at: m.updated_at,
            editable,
        }
    }

    pub(super) async fn region_names(&self) -> Result<HashMap<String, String>> {
        Ok(region::Entity::find()
            .all(&self.conn)
            .await?
            .into_iter()
            .map(|r| (r.code, r.name))
            .collect())
    }

    /// Rules that apply in the caller's scope (global ones and those of regions in or above
    /// it), filtered.
    pub async fn rules(&self, actor: &Actor, f: &RuleFilter) -> Result<Vec<RuleView>> {
        let regions = self.region_names().await?;
        let q =
            f.q.as_deref()
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty());
        Ok(validation_rule::Entity::find()
            .order_by_asc(validation_rule::Column::Code)
            .all(&self.conn)
            .await?
            .into_iter()
            .filter(|m| may_read(actor, m))
            .filter(|m| {
                f.kind
                    .as_deref()
                    .is_none_or(|k| k.is_empty() || m.kind == k)
            })
            .filter(|m| {
                f.importance
                    .as_deref()
                    .is_none_or(|k| k.is_empty() || m.importance == k)
            })
            .filter(|m| f.enabled.is_none_or(|e| m.enabled == e))
            .filter(|m| {
                f.region_code
                    .as_deref()
                    .is_none_or(|r| r.is_empty() || m.region_code.as_deref() == Some(r))
            })
            .filter(|m| {
                q.as_deref().is_none_or(|q| {
                    [&m.code, &m.name, &m.left_expr, &m.right_expr]
                        .iter()
                        .any(|s| s.to_lowercase().contains(q))
                })
            })
            .map(|m| Self::rule_view(actor, m, &regions))
            .collect())
    }

    /// One rule the caller may see.
    pub async fn rule(&self, actor: &Actor, id: i64) -> Result<RuleView> {
        let m = self.visible_rule(actor, id).await?;
        let regions = self.region_names().await?;
        Ok(Self::rule_view(actor, m, &regions))
    }

    pub(super) async fn visible_rule(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<validation_rule::Model> {
        validation_rule::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .filter(|m| may_read(actor, m))
            .ok_or_else(|| {
                Error::not_found(crate::common::not_found("校验规则", "Validation rule"))
            })
    }

    /// Validates a rule for saving: field errors, region scope, unique code.
    pub(super) async fn checked_rule(
        &self,
        actor: &Actor,
        input: &RuleIn,
        id: Option<i64>,
    ) -> Result<Checked> {
        let items = self.data_item_map().await?;
        let checked = validate(input, &items);
        let region = match &checked {
            Ok(c) => c.region_code.clone(),
            Err(_) => input.region_code.clone().filter(|s| !s.trim().is_empty()),
        };
        require_writer(actor)?;
        let mut errs = checked.as_ref().err().cloned().unwrap_or_default();
        let region_ok = match &region {
            None => actor.role == Role::Admin,
            Some(r) => {
                actor.scope.allows(r)
                    && region::Entity::find_by_id(r.clone())
                        .one(&self.conn)
                        .await?
                        .is_some()
            }
        };
        if !region_ok {
            errs.insert(
                "region_code".into(),
                if region.is_none() {
                    msg!(
                        "required",
                        "请选择适用地区:全局规则只有系统管理员可以修改",
                        "Choose a region: only administrators may change global rules"
                    )
                } else {
                    crate::common::not_in_scope("地区", "Region")
                },
            );
        }
        if let Some(other) = validation_rule::Entity::find()
            .filter(validation_rule::Column::Code.eq(input.code.trim()))
            .one(&self.conn)
            .await?
        {
            if Some(other.id) != id {
                errs.insert(
                    "code".into(),
                    msg!(
                        "duplicate",
                        "代码已被其他规则使用",
                        "The code is used by another rule"
                    ),
                );
            }
        }
        match checked {
            Ok(c) if errs.is_empty() => Ok(c),
            _ => Err(Error::Invalid(errs)),
        }
    }

    /// Creates a rule (admins; coordinators for regions in their scope).
    pub async fn create_rule(&self, actor: &Actor, input: &RuleIn) -> Result<RuleView> {
        require_writer(actor)?;
        let c = self.checked_rule(actor, input, None).await?;
        let now = crate::now();
        let mut txn = self.begin_write(actor).await?;
        let m = validation_rule::ActiveModel {
            code: Set(input.code.trim().to_string()),
            name: Set(input.name.trim().to_string()),
            kind: Set(tag(c.kind)),
            left_expr: Set(input.left.trim().to_string()),
            op: Set(tag(c.op)),
            right_expr: Set(input.right.trim().to_string()),
            importance: Set(tag(c.importance)),
            missing: Set(tag(c.missing)),
            outlier_basis: Set(c.outlier_basis),
            region_code: Set(c.region_code),
            enabled: Set(input.enabled.unwrap_or(true)),
            demo: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(code_taken)?;
        txn.added("create", "validation_rule", m.id, &m);
        txn.commit().await?;
        self.rule(actor, m.id).await
    }

    /// Replaces a rule's fields (the caller must be allowed to write it before and after).
    pub async fn update_rule(&self, actor: &Actor, id: i64, input: &RuleIn) -> Result<RuleView> {
        require_writer(actor)?;
        let before = self.visible_rule(actor, id).await?;
        may_write(actor, before.region_code.as_deref())?;
        let c = self.checked_rule(actor, input, Some(id)).await?;
        let mut txn = self.begin_write(actor).await?;
        let mut a = before.clone().into_active_model();
        a.code = Set(input.code.trim().to_string());
        a.name = Set(input.name.trim().to_string());
        a.kind = Set(tag(c.kind));
        a.left_expr = Set(input.left.trim().to_string());
        a.op = Set(tag(c.op));
        a.right_expr = Set(input.right.trim().to_string());
        a.importance = Set(tag(c.importance));
        a.missing = Set(tag(c.missing));
        a.outlier_basis = Set(c.outlier_basis);
        a.region_code = Set(c.region_code);
        if let Some(e) = input.enabled {
            a.enabled = Set(e);
        }
        a.updated_at = Set(crate::now());
        let after = a.update(&txn).await.map_err(code_taken)?;
        txn.changed("update", "validation_rule", id, &before, &after);
        txn.commit().await?;
        self.rule(actor, id).await
    }

    /// Enables or disables a rule.
    pub async fn enable_rule(&self, actor: &Actor, id: i64, enabled: bool) -> Result<RuleView> {
        require_writer(actor)?;
        let before = self.visible_rule(actor, id).await?;
        may_write(actor, before.region_code.as_deref())?;
        if before.enabled != enabled {
            let mut txn = self.begin_write(actor).await?;
            let mut a = before.clone().into_active_model();
            a.enabled = Set(enabled);
            a.updated_at = Set(crate::now());
            let after = a.update(&txn).await?;
            txn.audit(
                if enabled { "enable" } else { "disable" },
                "validation_rule",
                id,
                audit::snap(&before),
                audit::snap(&after),
            );
            txn.commit().await?;
        }
        self.rule(actor, id).await
    }

    /// Deletes a rule (a deleted default is not seeded again).
    pub async fn delete_rule(&self, actor: &Actor, id: i64) -> Result<()> {
        require_writer(actor)?;
        let before = self.visible_rule(actor, id).await?;
        may_write(actor, before.region_code.as_deref())?;
        let mut txn = self.begin_write(actor).await?;
        validation_rule::Entity::delete_by_id(id).exec(&txn).await?;
        txn.removed("delete", "validation_rule", id, &before);
        txn.commit().await?;
        Ok(())
    }
}

/// A rule code another rule already uses.
fn code_taken(e: sea_orm::DbErr) -> Error {
    let m = msg!(
        "duplicate",
        "代码已被其他规则使用",
        "The code is used by another rule"
    );
    crate::map_unique(e, "code", m)
}
