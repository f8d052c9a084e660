//! Organisations (机构) and their name aliases (别名).

use super::*;

/// The label of an organisation kind (an unknown code stands for itself).
pub(super) fn kind_label(k: &str) -> Msg {
    ORG_KINDS.iter().find(|(c, _, _)| *c == k).map_or_else(
        || Msg::new(k.to_string(), k, k),
        |(c, zh, en)| Msg::new(*c, *zh, *en),
    )
}

/// The organisation whose name or one of whose aliases has the same key as `name`
/// (see [`org_key`]).
pub async fn org_named<C: ConnectionTrait>(c: &C, name: &str) -> Result<Option<org::Model>> {
    let key = org_key(name);
    let by_name = org::Entity::find().filter(org::Column::NameKey.eq(&key));
    if let Some(o) = by_name.one(c).await? {
        return Ok(Some(o));
    }
    let alias = org_alias::Entity::find().filter(org_alias::Column::AliasKey.eq(&key));
    match alias.one(c).await? {
        Some(a) => Ok(org::Entity::find_by_id(a.org_id).one(c).await?),
        None => Ok(None),
    }
}

impl crate::Registry<'_> {
    pub(super) async fn org_view<C: ConnectionTrait>(c: &C, o: org::Model) -> Result<OrgView> {
        let aliases = org_alias::Entity::find()
            .filter(org_alias::Column::OrgId.eq(o.id))
            .order_by_asc(org_alias::Column::Id)
            .all(c)
            .await?;
        let r = region::Entity::find_by_id(o.region_code.clone())
            .one(c)
            .await?;
        Ok(OrgView {
            id: o.id,
            kind_label: kind_label(&o.kind),
            name: o.name,
            kind: o.kind,
            region: r.map_or(
                RegionRef {
                    code: o.region_code,
                    name: String::new(),
                    level: String::new(),
                },
                |r| RegionRef {
                    code: r.code,
                    name: r.name,
                    level: r.level,
                },
            ),
            aliases: aliases.into_iter().map(|a| a.alias).collect(),
            demo: o.demo,
        })
    }

    /// Organisations visible to the actor (its region subtree and ancestors).
    pub async fn orgs(
        &self,
        actor: &Actor,
        q: Option<&str>,
        kind: Option<&str>,
        region_code: Option<&str>,
        p: PageReq,
    ) -> Result<Page<OrgView>> {
        let mut f = org::Entity::find();
        if let Some(s) = &actor.scope.regions_with_ancestors {
            f = f.filter(org::Column::RegionCode.is_in(s.iter().cloned()));
        }
        if let Some(q) = q.filter(|s| !s.is_empty()) {
            let key = org_key(q);
            let ids: Vec<i64> = org_alias::Entity::find()
                .select_only()
                .column(org_alias::Column::OrgId)
                .filter(
                    Condition::any()
                        .add(org_alias::Column::Alias.contains(q))
                        .add(org_alias::Column::AliasKey.contains(&key)),
                )
                .into_tuple()
                .all(&self.conn)
                .await?;
            f = f.filter(
                Condition::any()
                    .add(org::Column::Name.contains(q))
                    .add(org::Column::NameKey.contains(&key))
                    .add(org::Column::Id.is_in(ids)),
            );
        }
        if let Some(k) = kind.filter(|s| !s.is_empty()) {
            f = f.filter(org::Column::Kind.eq(k));
        }
        if let Some(r) = region_code.filter(|s| !s.is_empty()) {
            f = f.filter(org::Column::RegionCode.eq(r));
        }
        let total = f.clone().count(&self.conn).await?;
        let rows = f
            .order_by_asc(org::Column::RegionCode)
            .order_by_asc(org::Column::Id)
            .offset((p.page - 1) * p.per_page)
            .limit(p.per_page)
            .all(&self.conn)
            .await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in rows {
            items.push(Self::org_view(&self.conn, r).await?);
        }
        Ok(Page {
            items,
            total,
            page: p.page,
            per_page: p.per_page,
        })
    }

    pub async fn org(&self, actor: &Actor, id: i64) -> Result<OrgView> {
        let o = org::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .filter(|o| actor.scope.allows_ref(&o.region_code))
            .ok_or_else(|| Error::not_found(crate::common::not_found("机构", "Organisation")))?;
        Self::org_view(&self.conn, o).await
    }

    /// Finds the organisation whose name or alias has the same key as `name`.
    pub async fn lookup_org(&self, actor: &Actor, name: &str) -> Result<Option<OrgView>> {
        let o = org_named(&self.conn, name).await?;
        match o.filter(|o| actor.scope.allows_ref(&o.region_code)) {
            Some(o) => Ok(Some(Self::org_view(&self.conn, o).await?)),
            None => Ok(None),
        }
    }

    pub(super) async fn check_org(
        &self,
        input: &OrgInput,
        self_id: Option<i64>,
    ) -> Result<(String, Vec<String>)> {
        let mut errs = BTreeMap::new();
        let name = check_text(&mut errs, "name", &input.name, 64);
        if !ORG_KINDS.iter().any(|(k, _, _)| *k == input.kind) {
            errs.insert(
                "kind".into(),
                crate::common::unknown("机构类型", "kind of organisation"),
            );
        }
        if region::Entity::find_by_id(input.region_code.clone())
            .one(&self.conn)
            .await?
            .is_none()
        {
            errs.insert(
                "region_code".into(),
                crate::common::not_found(
                    &format!("行政区划 {} ", input.region_code),
                    &format!("Region {}", input.region_code),
                ),
            );
        }
        let mut aliases: Vec<String> = Vec::new();
        for a in &input.aliases {
            let a = a.trim();
            if a.is_empty() || a == name || aliases.iter().any(|x| x == a) {
                continue;
            }
            if a.chars().count() > 64 {
                errs.insert(
                    "aliases".into(),
                    msg!(
                        "too_long",
                        "别名不能超过 64 个字符",
                        "An alias may have at most 64 characters"
                    ),
                );
            }
            aliases.push(a.to_string());
        }
        if aliases.len() > 50 {
            errs.insert(
                "aliases".into(),
                msg!("too_many", "别名不能超过 50 个", "At most 50 aliases"),
            );
        }
        // A name or alias must not already denote another organisation.
        for n in std::iter::once(&name).chain(aliases.iter()) {
            let key = org_key(n);
            let by_name = org::Entity::find()
                .filter(org::Column::NameKey.eq(&key))
                .one(&self.conn)
                .await?;
            let by_alias = org_alias::Entity::find()
                .filter(org_alias::Column::AliasKey.eq(&key))
                .one(&self.conn)
                .await?
                .map(|a| a.org_id);
            let other = by_name
                .map(|o| o.id)
                .or(by_alias)
                .filter(|id| Some(*id) != self_id);
            if other.is_some() && !name.is_empty() {
                let field = if n == &name { "name" } else { "aliases" };
                errs.insert(
                    field.into(),
                    msg!(
                        "duplicate",
                        "“{n}”已是其他机构的名称或别名",
                        "“{n}” is already the name or alias of another organisation"
                    ),
                );
            }
        }
        Error::check(errs)?;
        Ok((name, aliases))
    }

    pub(super) async fn write_aliases<C: ConnectionTrait>(
        c: &C,
        org_id: i64,
        aliases: &[String],
    ) -> Result<()> {
        org_alias::Entity::delete_many()
            .filter(org_alias::Column::OrgId.eq(org_id))
            .exec(c)
            .await?;
        for a in aliases {
            org_alias::ActiveModel {
                org_id: Set(org_id),
                alias: Set(a.clone()),
                alias_key: Set(org_key(a)),
                ..Default::default()
            }
            .insert(c)
            .await?;
        }
        Ok(())
    }

    pub async fn create_org(&self, actor: &Actor, input: &OrgInput) -> Result<OrgView> {
        actor.require_admin()?;
        self.create_org_unchecked(actor, input, false).await
    }

    /// Creates an organisation without the admin check (demo loader, plan import).
    pub async fn create_org_unchecked(
        &self,
        actor: &Actor,
        input: &OrgInput,
        demo: bool,
    ) -> Result<OrgView> {
        let (name, aliases) = self.check_org(input, None).await?;
        let mut txn = self.begin_write(actor).await?;
        let o = org::ActiveModel {
            name_key: Set(org_key(&name)),
            name: Set(name.clone()),
            kind: Set(input.kind.clone()),
            region_code: Set(input.region_code.clone()),
            demo: Set(demo),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(crate::taken("name", ("机构", "Organisation"), &name))?;
        Self::write_aliases(&txn, o.id, &aliases).await?;
        let v = Self::org_view(&txn, o).await?;
        txn.added("create", "org", v.id, &v);
        txn.commit().await?;
        Ok(v)
    }

    pub async fn update_org(&self, actor: &Actor, id: i64, input: &OrgInput) -> Result<OrgView> {
        actor.require_admin()?;
        let o = org::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found(crate::common::not_found("机构", "Organisation")))?;
        let (name, aliases) = self.check_org(input, Some(id)).await?;
        let mut txn = self.begin_write(actor).await?;
        let before = Self::org_view(&txn, o.clone()).await?;
        let mut am = o.into_active_model();
        am.name_key = Set(org_key(&name));
        am.name = Set(name.clone());
        am.kind = Set(input.kind.clone());
        am.region_code = Set(input.region_code.clone());
        let o =
            am.update(&txn)
                .await
                .map_err(crate::taken("name", ("机构", "Organisation"), &name))?;
        Self::write_aliases(&txn, id, &aliases).await?;
        let after = Self::org_view(&txn, o).await?;
        txn.changed("update", "org", id, &before, &after);
        txn.commit().await?;
        Ok(after)
    }

    /// Users of an organisation (admin).
    pub async fn org_users(
        &self,
        actor: &Actor,
        org_id: i64,
    ) -> Result<Vec<crate::auth::UserView>> {
        if !actor.role.is_admin() {
            return Ok(vec![]);
        }
        let p = self
            .auth()
            .users(
                actor,
                None,
                None,
                Some(org_id),
                PageReq::new(Some(1), Some(200)),
            )
            .await?;
        Ok(p.items)
    }
}
