//! Regions (行政区划): the tree, creating and renaming.

use super::*;
use crate::Msg;

impl crate::Registry<'_> {
    /// All regions (reference data, visible to every logged-in user), optionally filtered.
    pub async fn regions(
        &self,
        q: Option<&str>,
        level: Option<&str>,
    ) -> Result<Vec<region::Model>> {
        let mut f = region::Entity::find();
        if let Some(q) = q.filter(|s| !s.is_empty()) {
            f = f.filter(
                Condition::any()
                    .add(region::Column::Name.contains(q))
                    .add(region::Column::Code.starts_with(q)),
            );
        }
        if let Some(l) = level.filter(|s| !s.is_empty()) {
            f = f.filter(region::Column::Level.eq(l));
        }
        Ok(f.order_by_asc(region::Column::Code).all(&self.conn).await?)
    }

    pub async fn region(&self, code: &str) -> Result<region::Model> {
        region::Entity::find_by_id(code.to_string())
            .one(&self.conn)
            .await?
            .ok_or_else(|| {
                Error::not_found(crate::common::not_found(
                    &format!("行政区划 {code} "),
                    &format!("Region {code}"),
                ))
            })
    }

    pub async fn region_children(&self, code: &str) -> Result<Vec<region::Model>> {
        Ok(region::Entity::find()
            .filter(region::Column::ParentCode.eq(code))
            .order_by_asc(region::Column::Code)
            .all(&self.conn)
            .await?)
    }

    pub(super) async fn check_region(
        &self,
        input: &RegionInput,
        code: &str,
        errs: &mut BTreeMap<String, Msg>,
    ) -> Result<String> {
        let name = check_text(errs, "name", &input.name, 64);
        if RegionLevel::parse(&input.level).is_none() {
            errs.insert("level".into(), crate::common::unknown("级别", "level"));
        }
        if let Some(p) = input.parent_code.as_deref().filter(|p| !p.is_empty()) {
            if p == code {
                errs.insert(
                    "parent_code".into(),
                    msg!(
                        "invalid_parent",
                        "上级不能是自身",
                        "A region cannot be its own parent"
                    ),
                );
            } else if region::Entity::find_by_id(p.to_string())
                .one(&self.conn)
                .await?
                .is_none()
            {
                errs.insert(
                    "parent_code".into(),
                    crate::common::not_found(
                        &format!("上级区划 {p} "),
                        &format!("Parent region {p}"),
                    ),
                );
            } else {
                // Refuse cycles: the parent must not lie below this region.
                let parents = region_parents(&self.conn).await?;
                if innocity_domain::region::within(p, code, |c| {
                    parents.get(c).and_then(|x| x.as_deref())
                }) {
                    errs.insert(
                        "parent_code".into(),
                        msg!(
                            "invalid_parent",
                            "上级不能是自身的下级",
                            "The parent cannot lie below the region itself"
                        ),
                    );
                }
            }
        }
        Ok(name)
    }

    pub async fn create_region(&self, actor: &Actor, input: &RegionInput) -> Result<region::Model> {
        actor.require_admin()?;
        let mut errs = BTreeMap::new();
        let code = input.code.trim().to_string();
        if !innocity_domain::region::valid_code(&code) {
            errs.insert(
                "code".into(),
                msg!(
                    "invalid_format",
                    "区划代码须为 6 位数字",
                    "Must be 6 digits"
                ),
            );
        }
        let name = self.check_region(input, &code, &mut errs).await?;
        Error::check(errs)?;
        let mut txn = self.begin_write(actor).await?;
        let m = region::ActiveModel {
            code: Set(code.clone()),
            name: Set(name),
            level: Set(input.level.clone()),
            parent_code: Set(input.parent_code.clone().filter(|p| !p.is_empty())),
            demo: Set(false),
        }
        .insert(&txn)
        .await
        .map_err(crate::taken("code", ("区划代码", "Region code"), &code))?;
        txn.added("create", "region", &code, &m);
        txn.commit().await?;
        Ok(m)
    }

    pub async fn update_region(
        &self,
        actor: &Actor,
        code: &str,
        input: &RegionInput,
    ) -> Result<region::Model> {
        actor.require_admin()?;
        let before = self.region(code).await?;
        let mut errs = BTreeMap::new();
        let name = self.check_region(input, code, &mut errs).await?;
        Error::check(errs)?;
        let mut txn = self.begin_write(actor).await?;
        let mut am = before.clone().into_active_model();
        am.name = Set(name);
        am.level = Set(input.level.clone());
        am.parent_code = Set(input.parent_code.clone().filter(|p| !p.is_empty()));
        let m = am.update(&txn).await?;
        txn.changed("update", "region", code, &before, &m);
        txn.commit().await?;
        Ok(m)
    }
}
