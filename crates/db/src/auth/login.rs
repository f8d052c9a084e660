//! Login with throttling (登录), sessions (会话), logout and changing one's password.

use super::*;

impl crate::Auth<'_> {
    pub(super) async fn actor_for(&self, u: &UserView) -> Result<Actor> {
        let role = Role::parse(&u.role).unwrap_or(Role::Viewer);
        Ok(Actor {
            user_id: Some(u.id),
            username: u.username.clone(),
            role,
            org_id: u.org.id,
            region_code: u.region_code.clone(),
            scope: self.scope_for(role, &u.region_code).await?,
        })
    }

    /// Logs in with throttling: 5 failures of one account in 15 minutes lock it; 20
    /// failures from one address throttle that address.
    pub async fn login(&self, username: &str, password: &str, ip: &str) -> Result<LoginOk> {
        let since = Utc::now() - Duration::minutes(LOCK_WINDOW_MIN);
        let ip_fail = login_attempt::Entity::find()
            .filter(login_attempt::Column::Ip.eq(ip))
            .filter(login_attempt::Column::Success.eq(false))
            .filter(login_attempt::Column::At.gte(since))
            .count(&self.conn)
            .await?;
        if ip_fail >= IP_THROTTLE_FAILURES {
            return Err(Error::Throttled(msg!(
                "throttled",
                "登录失败次数过多,请稍后再试",
                "Too many failed sign-ins; please try again later"
            )));
        }
        let last_ok = login_attempt::Entity::find()
            .filter(login_attempt::Column::Username.eq(username))
            .filter(login_attempt::Column::Success.eq(true))
            .order_by_desc(login_attempt::Column::At)
            .one(&self.conn)
            .await?
            .map(|a| a.at);
        let from = last_ok.map_or(since, |t| t.max(since));
        let fails = login_attempt::Entity::find()
            .filter(login_attempt::Column::Username.eq(username))
            .filter(login_attempt::Column::Success.eq(false))
            .filter(login_attempt::Column::At.gt(from))
            .count(&self.conn)
            .await?;
        if fails >= LOCK_AFTER_FAILURES {
            return Err(Error::Locked(msg!("locked", "账号已锁定:{LOCK_WINDOW_MIN} 分钟内连续 {LOCK_AFTER_FAILURES} 次登录失败,请稍后再试或联系管理员", "The account is locked after {LOCK_AFTER_FAILURES} failed sign-ins within {LOCK_WINDOW_MIN} minutes; try again later or ask an administrator")));
        }
        let u = user::Entity::find()
            .filter(user::Column::Username.eq(username))
            .one(&self.conn)
            .await?;
        let ok = match &u {
            Some(u) => verify_password(password, &u.password_hash) && !u.disabled,
            None => {
                // Same work as a real check, so timing does not reveal unknown names.
                let _ = verify_password(password, DUMMY_HASH);
                false
            }
        };
        // A failed attempt is recorded as the system acting under the name that was tried.
        let mut anonymous = Actor::system();
        anonymous.username = username.chars().take(64).collect();
        anonymous.user_id = None;
        let mut txn = self.begin_write(&anonymous).await?;
        login_attempt::ActiveModel {
            username: Set(username.chars().take(64).collect()),
            ip: Set(ip.into()),
            success: Set(ok),
            at: Set(crate::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let Some(u) = u.filter(|_| ok) else {
            txn.audit("login_failed", "session", ip, None, None);
            txn.commit().await?;
            return Err(Error::Unauthenticated(msg!(
                "unauthenticated",
                "用户名或密码错误",
                "Wrong username or password"
            )));
        };
        let mut am = u.clone().into_active_model();
        am.last_login_at = Set(Some(crate::now()));
        let u = am.update(&txn).await?;
        let token = random_token();
        let csrf = random_token();
        let s = session::ActiveModel {
            id_hash: Set(sha256_hex(&token)),
            user_id: Set(u.id),
            csrf_token: Set(csrf.clone()),
            created_at: Set(crate::now()),
            last_seen_at: Set(crate::now()),
        }
        .insert(&txn)
        .await?;
        let uv = view(&txn, u).await?;
        let actor = self.actor_for(&uv).await?;
        txn.audit_as(&actor, "login", "session", uv.id, None, None);
        txn.commit().await?;
        Ok(LoginOk {
            token,
            session: SessionInfo {
                id_hash: s.id_hash,
                csrf_token: csrf,
                user: uv,
                actor,
            },
        })
    }

    /// Loads a session by cookie token; expired (idle longer than `idle`) sessions are deleted.
    pub async fn session(
        &self,
        token: &str,
        idle: std::time::Duration,
    ) -> Result<Option<SessionInfo>> {
        let id = sha256_hex(token);
        let Some(s) = session::Entity::find_by_id(id.clone())
            .one(&self.conn)
            .await?
        else {
            return Ok(None);
        };
        let now = crate::now();
        let idle = Duration::from_std(idle).unwrap_or(Duration::minutes(30));
        if now - s.last_seen_at > idle {
            session::Entity::delete_by_id(id).exec(&self.conn).await?;
            return Ok(None);
        }
        let Some(u) = user::Entity::find_by_id(s.user_id).one(&self.conn).await? else {
            return Ok(None);
        };
        if u.disabled {
            session::Entity::delete_by_id(id).exec(&self.conn).await?;
            return Ok(None);
        }
        if now - s.last_seen_at > Duration::seconds(30) {
            let mut am = s.clone().into_active_model();
            am.last_seen_at = Set(now);
            am.update(&self.conn).await?;
        }
        let uv = view(&self.conn, u).await?;
        let actor = self.actor_for(&uv).await?;
        Ok(Some(SessionInfo {
            id_hash: s.id_hash,
            csrf_token: s.csrf_token,
            user: uv,
            actor,
        }))
    }

    /// Ends a session.
    pub async fn logout(&self, s: &SessionInfo) -> Result<()> {
        let mut txn = self.begin_write(&s.actor).await?;
        session::Entity::delete_by_id(s.id_hash.clone())
            .exec(&txn)
            .await?;
        txn.audit("logout", "session", s.user.id, None, None);
        txn.commit().await?;
        Ok(())
    }

    /// Changes the caller's own password (checks the old one and the policy).
    pub async fn change_password(&self, s: &SessionInfo, old: &str, new: &str) -> Result<()> {
        let u = user::Entity::find_by_id(s.user.id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found(crate::common::not_found("用户", "User")))?;
        if !verify_password(old, &u.password_hash) {
            return Err(Error::invalid(
                "old_password",
                msg!(
                    "wrong_password",
                    "原密码不正确",
                    "The current password is wrong"
                ),
            ));
        }
        innocity_domain::password::check_policy(new, &u.username, Some(old))
            .map_err(|m| Error::invalid("new_password", m))?;
        let mut txn = self.begin_write(&s.actor).await?;
        let mut am = u.into_active_model();
        am.password_hash = Set(hash_password(new)?);
        am.must_change_password = Set(false);
        am.update(&txn).await?;
        // Other sessions of this user end; this one stays.
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(s.user.id))
            .filter(session::Column::IdHash.ne(s.id_hash.clone()))
            .exec(&txn)
            .await?;
        txn.audit("password", "user", s.user.id, None, None);
        txn.commit().await?;
        Ok(())
    }
}
