//! User accounts (用户管理): listing, creating, updating, resetting passwords, and the
//! CLI's by-name changes.

use super::*;

impl crate::Auth<'_> {
    /// Lists users (admin).
    pub async fn users(
        &self,
        actor: &Actor,
        q: Option<&str>,
        role: Option<&str>,
        org_id: Option<i64>,
        p: PageReq,
    ) -> Result<Page<UserView>> {
        actor.require_admin()?;
        let mut f = user::Entity::find();
        if let Some(q) = q.filter(|s| !s.is_empty()) {
            f = f.filter(
                Condition::any()
                    .add(user::Column::Username.contains(q))
                    .add(user::Column::DisplayName.contains(q)),
            );
        }
        if let Some(r) = role.filter(|s| !s.is_empty()) {
            f = f.filter(user::Column::Role.eq(r));
        }
        if let Some(o) = org_id {
            f = f.filter(user::Column::OrgId.eq(o));
        }
        let total = f.clone().count(&self.conn).await?;
        let rows = f
            .order_by_asc(user::Column::Id)
            .offset((p.page - 1) * p.per_page)
            .limit(p.per_page)
            .all(&self.conn)
            .await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in rows {
            items.push(view(&self.conn, r).await?);
        }
        Ok(Page {
            items,
            total,
            page: p.page,
            per_page: p.per_page,
        })
    }

    pub async fn user(&self, actor: &Actor, id: i64) -> Result<UserView> {
        actor.require_admin()?;
        let u = user::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found(crate::common::not_found("用户", "User")))?;
        view(&self.conn, u).await
    }

    /// Creates a user. `must_change` forces a password change at first login.
    pub async fn create_user(
        &self,
        actor: &Actor,
        input: &NewUser,
        must_change: bool,
    ) -> Result<UserView> {
        actor.require_admin()?;
        let mut errs = BTreeMap::new();
        let username = check_text(&mut errs, "username", &input.username, 32);
        if !username.is_empty()
            && !username
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
        {
            errs.insert(
                "username".into(),
                msg!(
                    "invalid_chars",
                    "只能包含字母、数字、下划线、点和连字符",
                    "Only letters, digits, _ . and - are allowed"
                ),
            );
        }
        let display = check_text(&mut errs, "display_name", &input.display_name, 64);
        if Role::parse(&input.role).is_none() {
            errs.insert("role".into(), crate::common::unknown("角色", "role"));
        }
        if let Err(m) = innocity_domain::password::check_policy(&input.password, &username, None) {
            errs.insert("password".into(), m);
        }
        self.check_org(&mut errs, input.org_id).await?;
        Error::check(errs)?;
        let mut txn = self.begin_write(actor).await?;
        let u = user::ActiveModel {
            username: Set(username.clone()),
            display_name: Set(display),
            password_hash: Set(hash_password(&input.password)?),
            role: Set(input.role.clone()),
            org_id: Set(input.org_id),
            must_change_password: Set(must_change),
            disabled: Set(false),
            created_at: Set(crate::now()),
            last_login_at: Set(None),
            demo: Set(false),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(crate::taken("username", ("用户名", "Username"), &username))?;
        let v = view(&txn, u).await?;
        txn.added("create", "user", v.id, &v);
        txn.commit().await?;
        Ok(v)
    }

    /// Updates role, organisation, display name and the disabled flag (admin).
    pub async fn update_user(
        &self,
        actor: &Actor,
        id: i64,
        input: &UserUpdate,
    ) -> Result<UserView> {
        actor.require_admin()?;
        let u = user::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found(crate::common::not_found("用户", "User")))?;
        let mut errs = BTreeMap::new();
        let display = check_text(&mut errs, "display_name", &input.display_name, 64);
        if Role::parse(&input.role).is_none() {
            errs.insert("role".into(), crate::common::unknown("角色", "role"));
        }
        self.check_org(&mut errs, input.org_id).await?;
        if actor.user_id == Some(id) && (input.disabled || input.role != "admin") {
            errs.insert(
                "role".into(),
                msg!(
                    "self_lockout",
                    "不能停用自己或取消自己的管理员角色",
                    "You cannot deactivate yourself or remove your own administrator role"
                ),
            );
        }
        Error::check(errs)?;
        let mut txn = self.begin_write(actor).await?;
        let before = view(&txn, u.clone()).await?;
        let mut am = u.into_active_model();
        am.display_name = Set(display);
        am.role = Set(input.role.clone());
        am.org_id = Set(input.org_id);
        am.disabled = Set(input.disabled);
        let u = am.update(&txn).await?;
        if input.disabled {
            session::Entity::delete_many()
                .filter(session::Column::UserId.eq(id))
                .exec(&txn)
                .await?;
        }
        let after = view(&txn, u).await?;
        txn.changed("update", "user", id, &before, &after);
        txn.commit().await?;
        Ok(after)
    }

    /// Resets a user's password (admin); the user must change it at next login.
    pub async fn reset_password(&self, actor: &Actor, id: i64, password: &str) -> Result<()> {
        actor.require_admin()?;
        let u = user::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found(crate::common::not_found("用户", "User")))?;
        innocity_domain::password::check_policy(password, &u.username, None)
            .map_err(|m| Error::invalid("password", m))?;
        self.store_password(actor, u, password, true).await
    }

    /// Sets a password directly (CLI `user passwd`, demo loader): no policy check for demo.
    pub async fn set_password_by_name(
        &self,
        actor: &Actor,
        username: &str,
        password: &str,
        must_change: bool,
    ) -> Result<()> {
        let u = self.user_named(username).await?;
        self.store_password(actor, u, password, must_change).await
    }

    /// Notes on `org_id` when the organisation does not exist.
    async fn check_org(&self, errs: &mut BTreeMap<String, Msg>, org_id: i64) -> Result<()> {
        if org::Entity::find_by_id(org_id)
            .one(&self.conn)
            .await?
            .is_none()
        {
            let m = crate::common::not_found("机构", "Organisation");
            errs.insert("org_id".into(), m);
        }
        Ok(())
    }

    /// The user with this login name.
    async fn user_named(&self, username: &str) -> Result<user::Model> {
        user::Entity::find()
            .filter(user::Column::Username.eq(username))
            .one(&self.conn)
            .await?
            .ok_or_else(|| {
                Error::not_found(crate::common::not_found(
                    &format!("用户 {username} "),
                    &format!("User {username}"),
                ))
            })
    }

    /// Stores a new password hash and ends the user's sessions, in one audited write.
    async fn store_password(
        &self,
        actor: &Actor,
        u: user::Model,
        password: &str,
        must_change: bool,
    ) -> Result<()> {
        let mut txn = self.begin_write(actor).await?;
        let id = u.id;
        let mut am = u.into_active_model();
        am.password_hash = Set(hash_password(password)?);
        am.must_change_password = Set(must_change);
        am.update(&txn).await?;
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(id))
            .exec(&txn)
            .await?;
        txn.audit("password", "user", id, None, None);
        txn.commit().await?;
        Ok(())
    }

    /// Disables or enables a user by name (CLI).
    pub async fn set_disabled_by_name(
        &self,
        actor: &Actor,
        username: &str,
        disabled: bool,
    ) -> Result<()> {
        let u = self.user_named(username).await?;
        let v = UserUpdate {
            display_name: u.display_name.clone(),
            role: u.role.clone(),
            org_id: u.org_id,
            disabled,
        };
        let mut sys = actor.clone();
        sys.user_id = None;
        self.update_user(&sys, u.id, &v).await.map(|_| ())
    }

    /// Number of users (the first `serve` on an empty database creates an admin).
    pub async fn user_count(&self) -> Result<u64> {
        Ok(user::Entity::find().count(&self.conn).await?)
    }
}
