//! Login with throttling (登录), sessions (会话), logout and changing one's password.

use super::*;
use sea_orm::sea_query::Expr;

/// A recorded password attempt that was not refused.
struct Attempt {
    id: i64,
    /// The system acting under the name that was tried (author of a failure's event).
    actor: Actor,
}

impl Attempt {
    /// Marks the attempt a success (inside the write that acts on it).
    async fn succeeded(&self, txn: &impl ConnectionTrait) -> Result<()> {
        login_attempt::Entity::update_many()
            .col_expr(login_attempt::Column::Success, Expr::value(true))
            .filter(login_attempt::Column::Id.eq(self.id))
            .exec(txn)
            .await?;
        Ok(())
    }
}

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
    ///
    /// The attempt is recorded (as a failure until the password proves otherwise) and the
    /// failures before it are counted in one write, serialised per account and per address
    /// (the single writer on SQLite, advisory locks on PostgreSQL, which also hold across
    /// app servers), so parallel guesses cannot all be checked before any is counted. The
    /// slow password check runs after that write, on a blocking thread, and a success
    /// takes no second connection inside its transaction.
    pub async fn login(&self, username: &str, password: &str, ip: &str) -> Result<LoginOk> {
        let name: String = username.chars().take(64).collect();
        let attempt = self.record_attempt(&name, ip).await?;
        let u = user::Entity::find()
            .filter(user::Column::Username.eq(username))
            .one(&self.conn)
            .await?;
        let hash = u.as_ref().map(|u| u.password_hash.clone());
        let pw = password.to_string();
        // Unknown names do the same work as a real check, so timing reveals nothing.
        let verified = tokio::task::spawn_blocking(move || {
            verify_password(&pw, hash.as_deref().unwrap_or(DUMMY_HASH))
        })
        .await
        .unwrap_or(false);
        let Some(u) = u.filter(|u| verified && !u.disabled) else {
            let mut txn = self.begin_write(&attempt.actor).await?;
            txn.audit("login_failed", "session", ip, None, None);
            txn.commit().await?;
            return Err(Error::Unauthenticated(msg!(
                "unauthenticated",
                "用户名或密码错误",
                "Wrong username or password"
            )));
        };
        let uv = view(&self.conn, u.clone()).await?;
        let actor = self.actor_for(&uv).await?;
        let token = random_token();
        let csrf = random_token();
        let mut txn = self.begin_write(&actor).await?;
        attempt.succeeded(&txn).await?;
        let mut am = u.into_active_model();
        am.last_login_at = Set(Some(crate::now()));
        am.update(&txn).await?;
        let s = session::ActiveModel {
            id_hash: Set(sha256_hex(&token)),
            user_id: Set(uv.id),
            csrf_token: Set(csrf.clone()),
            created_at: Set(crate::now()),
            last_seen_at: Set(crate::now()),
        }
        .insert(&txn)
        .await?;
        txn.audit("login", "session", uv.id, None, None);
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

    /// Records one password attempt for `name` from `ip` as a failure and refuses it when the
    /// failures before it already lock the account or throttle the address. Used by login
    /// and by the password change (a guess at the old password is a guess all the same).
    async fn record_attempt(&self, name: &str, ip: &str) -> Result<Attempt> {
        // A failed attempt is recorded as the system acting under the name that was tried.
        let mut actor = Actor::system();
        actor.username = name.to_string();
        actor.user_id = None;
        let mut txn = self.begin_write(&actor).await?;
        // Account first, then address: one order everywhere, so no deadlock.
        crate::write::key_lock(&txn, &format!("login:user:{name}")).await?;
        crate::write::key_lock(&txn, &format!("login:ip:{ip}")).await?;
        let since = Utc::now() - Duration::minutes(LOCK_WINDOW_MIN);
        let ip_fail = login_attempt::Entity::find()
            .filter(login_attempt::Column::Ip.eq(ip))
            .filter(login_attempt::Column::Success.eq(false))
            .filter(login_attempt::Column::At.gte(since))
            .count(&txn)
            .await?;
        let last_ok = login_attempt::Entity::find()
            .filter(login_attempt::Column::Username.eq(name))
            .filter(login_attempt::Column::Success.eq(true))
            .order_by_desc(login_attempt::Column::At)
            .one(&txn)
            .await?
            .map(|a| a.at);
        let from = last_ok.map_or(since, |t| t.max(since));
        let fails = login_attempt::Entity::find()
            .filter(login_attempt::Column::Username.eq(name))
            .filter(login_attempt::Column::Success.eq(false))
            .filter(login_attempt::Column::At.gt(from))
            .count(&txn)
            .await?;
        let m = login_attempt::ActiveModel {
            username: Set(name.to_string()),
            ip: Set(ip.into()),
            success: Set(false),
            at: Set(crate::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let refusal = if ip_fail >= IP_THROTTLE_FAILURES {
            Some(Error::Throttled(msg!(
                "throttled",
                "登录失败次数过多,请稍后再试",
                "Too many failed sign-ins; please try again later"
            )))
        } else if fails >= LOCK_AFTER_FAILURES {
            Some(Error::Locked(msg!("locked", "账号已锁定:{LOCK_WINDOW_MIN} 分钟内连续 {LOCK_AFTER_FAILURES} 次登录失败,请稍后再试或联系管理员", "The account is locked after {LOCK_AFTER_FAILURES} failed sign-ins within {LOCK_WINDOW_MIN} minutes; try again later or ask an administrator")))
        } else {
            None
        };
        let action = if refusal.is_some() {
            "login_refused"
        } else {
            "login_attempt"
        };
        txn.audit(action, "session", ip, None, None);
        txn.commit().await?;
        match refusal {
            Some(e) => Err(e),
            None => Ok(Attempt { id: m.id, actor }),
        }
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
            session::Entity::delete_by_id(id).exec(&self.writer).await?;
            return Ok(None);
        }
        let Some(u) = user::Entity::find_by_id(s.user_id).one(&self.conn).await? else {
            return Ok(None);
        };
        if u.disabled {
            session::Entity::delete_by_id(id).exec(&self.writer).await?;
            return Ok(None);
        }
        if now - s.last_seen_at > Duration::seconds(30) {
            let mut am = s.clone().into_active_model();
            am.last_seen_at = Set(now);
            am.update(&self.writer).await?;
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

    /// Changes the caller's own password (checks the old one and the policy). Guesses at
    /// the old password count against the account's and the address's limits like failed
    /// sign-ins.
    pub async fn change_password(
        &self,
        s: &SessionInfo,
        old: &str,
        new: &str,
        ip: &str,
    ) -> Result<()> {
        let u = user::Entity::find_by_id(s.user.id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found(crate::common::not_found("用户", "User")))?;
        // The policy first: a weak new password is not a guess at the old one.
        innocity_domain::password::check_policy(new, &u.username, Some(old))
            .map_err(|m| Error::invalid("new_password", m))?;
        let attempt = self.record_attempt(&u.username, ip).await?;
        let (pw, hash) = (old.to_string(), u.password_hash.clone());
        let verified = tokio::task::spawn_blocking(move || verify_password(&pw, &hash))
            .await
            .unwrap_or(false);
        if !verified {
            return Err(Error::invalid(
                "old_password",
                msg!(
                    "wrong_password",
                    "原密码不正确",
                    "The current password is wrong"
                ),
            ));
        }
        let mut txn = self.begin_write(&s.actor).await?;
        let mut am = u.into_active_model();
        am.password_hash = Set(hash_password(new)?);
        am.must_change_password = Set(false);
        am.update(&txn).await?;
        attempt.succeeded(&txn).await?;
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
