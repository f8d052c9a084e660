//! Users, passwords (argon2id), login throttling and lockout, and server-side sessions.

use crate::entity::{login_attempt, org, session, user};
use crate::{audit, check_text, map_unique, Actor, Db, Error, Page, PageReq, Result};
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use innocity_domain::Role;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Failures of one account within [`LOCK_WINDOW_MIN`] minutes that lock it.
pub const LOCK_AFTER_FAILURES: u64 = 5;
pub const LOCK_WINDOW_MIN: i64 = 15;
/// Failures from one address within the window that throttle every login from it.
pub const IP_THROTTLE_FAILURES: u64 = 20;

/// Hashes a password with argon2id (default parameters, random salt).
pub fn hash_password(pw: &str) -> Result<String> {
    Argon2::default()
        .hash_password(pw.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| Error::Db(sea_orm::DbErr::Custom(format!("hash: {e}"))))
}

/// Verifies a password against a PHC string.
pub fn verify_password(pw: &str, phc: &str) -> bool {
    Argon2::default()
        .verify_password(pw.as_bytes(), phc)
        .is_ok()
}

/// A random 256-bit token, hex.
pub fn random_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

#[derive(Debug, Clone, Serialize)]
pub struct OrgRef {
    pub id: i64,
    pub name: String,
}

/// A user as the API shows it (never the hash).
#[derive(Debug, Clone, Serialize)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub role_label: String,
    pub org: OrgRef,
    pub region_code: String,
    pub must_change_password: bool,
    pub disabled: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    /// A demo account (演示数据).
    pub demo: bool,
}

async fn view<C: ConnectionTrait>(c: &C, u: user::Model) -> Result<UserView> {
    let o = org::Entity::find_by_id(u.org_id).one(c).await?;
    let (org_name, region) = o.map(|o| (o.name, o.region_code)).unwrap_or_default();
    let role = Role::parse(&u.role).unwrap_or(Role::Viewer);
    Ok(UserView {
        id: u.id,
        username: u.username,
        display_name: u.display_name,
        role: role.as_str().into(),
        role_label: role.label_zh().into(),
        org: OrgRef {
            id: u.org_id,
            name: org_name,
        },
        region_code: region,
        must_change_password: u.must_change_password,
        disabled: u.disabled,
        last_login_at: u.last_login_at,
        demo: u.demo,
    })
}

/// A logged-in session with its user.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub id_hash: String,
    pub csrf_token: String,
    pub user: UserView,
    pub actor: Actor,
}

/// Outcome of a successful login: the cookie token and the session.
pub struct LoginOk {
    pub token: String,
    pub session: SessionInfo,
}

impl Db {
    async fn actor_for(&self, u: &UserView) -> Result<Actor> {
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
            return Err(Error::Throttled("登录失败次数过多,请稍后再试".into()));
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
            return Err(Error::Locked(format!("账号已锁定:{LOCK_WINDOW_MIN} 分钟内连续 {LOCK_AFTER_FAILURES} 次登录失败,请稍后再试或联系管理员")));
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
        let txn = self.conn.begin().await?;
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
            let mut a = Actor::system();
            a.username = username.chars().take(64).collect();
            a.user_id = None;
            audit::record(&txn, &a, "login_failed", "session", ip, None, None).await?;
            txn.commit().await?;
            return Err(Error::Unauthenticated("用户名或密码错误".into()));
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
        audit::record(&txn, &actor, "login", "session", uv.id, None, None).await?;
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
        let txn = self.conn.begin().await?;
        session::Entity::delete_by_id(s.id_hash.clone())
            .exec(&txn)
            .await?;
        audit::record(&txn, &s.actor, "logout", "session", s.user.id, None, None).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Changes the caller's own password (checks the old one and the policy).
    pub async fn change_password(&self, s: &SessionInfo, old: &str, new: &str) -> Result<()> {
        let u = user::Entity::find_by_id(s.user.id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found("用户不存在"))?;
        if !verify_password(old, &u.password_hash) {
            return Err(Error::invalid("old_password", "原密码不正确"));
        }
        innocity_domain::password::check_policy(new, &u.username, Some(old))
            .map_err(|m| Error::invalid("new_password", m))?;
        let txn = self.conn.begin().await?;
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
        audit::record(&txn, &s.actor, "password", "user", s.user.id, None, None).await?;
        txn.commit().await?;
        Ok(())
    }

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
            .ok_or_else(|| Error::not_found("用户不存在"))?;
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
                "只能包含字母、数字、下划线、点和连字符".into(),
            );
        }
        let display = check_text(&mut errs, "display_name", &input.display_name, 64);
        if Role::parse(&input.role).is_none() {
            errs.insert("role".into(), "未知角色".into());
        }
        if let Err(m) = innocity_domain::password::check_policy(&input.password, &username, None) {
            errs.insert("password".into(), m);
        }
        if org::Entity::find_by_id(input.org_id)
            .one(&self.conn)
            .await?
            .is_none()
        {
            errs.insert("org_id".into(), "机构不存在".into());
        }
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        let txn = self.conn.begin().await?;
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
        .map_err(|e| map_unique(e, "username", format!("用户名 {username} 已存在")))?;
        let v = view(&txn, u).await?;
        audit::record(&txn, actor, "create", "user", v.id, None, audit::snap(&v)).await?;
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
            .ok_or_else(|| Error::not_found("用户不存在"))?;
        let mut errs = BTreeMap::new();
        let display = check_text(&mut errs, "display_name", &input.display_name, 64);
        if Role::parse(&input.role).is_none() {
            errs.insert("role".into(), "未知角色".into());
        }
        if org::Entity::find_by_id(input.org_id)
            .one(&self.conn)
            .await?
            .is_none()
        {
            errs.insert("org_id".into(), "机构不存在".into());
        }
        if actor.user_id == Some(id) && (input.disabled || input.role != "admin") {
            errs.insert("role".into(), "不能停用自己或取消自己的管理员角色".into());
        }
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        let txn = self.conn.begin().await?;
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
        audit::record(
            &txn,
            actor,
            "update",
            "user",
            id,
            audit::snap(&before),
            audit::snap(&after),
        )
        .await?;
        txn.commit().await?;
        Ok(after)
    }

    /// Resets a user's password (admin); the user must change it at next login.
    pub async fn reset_password(&self, actor: &Actor, id: i64, password: &str) -> Result<()> {
        actor.require_admin()?;
        let u = user::Entity::find_by_id(id)
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found("用户不存在"))?;
        innocity_domain::password::check_policy(password, &u.username, None)
            .map_err(|m| Error::invalid("password", m))?;
        let txn = self.conn.begin().await?;
        let mut am = u.into_active_model();
        am.password_hash = Set(hash_password(password)?);
        am.must_change_password = Set(true);
        am.update(&txn).await?;
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(id))
            .exec(&txn)
            .await?;
        audit::record(&txn, actor, "password", "user", id, None, None).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Sets a password directly (CLI `user passwd`, demo loader): no policy check for demo.
    pub async fn set_password_by_name(
        &self,
        actor: &Actor,
        username: &str,
        password: &str,
        must_change: bool,
    ) -> Result<()> {
        let u = user::Entity::find()
            .filter(user::Column::Username.eq(username))
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found(format!("用户 {username} 不存在")))?;
        let txn = self.conn.begin().await?;
        let id = u.id;
        let mut am = u.into_active_model();
        am.password_hash = Set(hash_password(password)?);
        am.must_change_password = Set(must_change);
        am.update(&txn).await?;
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(id))
            .exec(&txn)
            .await?;
        audit::record(&txn, actor, "password", "user", id, None, None).await?;
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
        let u = user::Entity::find()
            .filter(user::Column::Username.eq(username))
            .one(&self.conn)
            .await?
            .ok_or_else(|| Error::not_found(format!("用户 {username} 不存在")))?;
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

/// Input of [`Db::create_user`].
#[derive(Debug, Clone, serde::Deserialize)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub org_id: i64,
    pub password: String,
}

/// Input of [`Db::update_user`].
#[derive(Debug, Clone, serde::Deserialize)]
pub struct UserUpdate {
    pub display_name: String,
    pub role: String,
    pub org_id: i64,
    #[serde(default)]
    pub disabled: bool,
}

/// A valid argon2id hash of a random string, used to equalise timing for unknown users.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0oAzsYqTCrh9M8ZkI2Kq8Yy0Qn6iSG0BvC8rXb3b7kA";
