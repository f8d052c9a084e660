//! Users, passwords (argon2id), login throttling and lockout, and server-side sessions.

use crate::entity::{login_attempt, org, session, user};
use crate::Msg;
use crate::{check_text, Actor, Error, Page, PageReq, Result};
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use innocity_domain::Role;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

mod bootstrap;
mod login;
mod users;

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

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OrgRef {
    pub id: i64,
    pub name: String,
}

/// A user as the API shows it (never the hash).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub role_label: Msg,
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
        role_label: role.label(),
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

/// Input of [`crate::Auth::create_user`].
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub org_id: i64,
    pub password: String,
}

/// Input of [`crate::Auth::update_user`].
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
pub struct UserUpdate {
    pub display_name: String,
    pub role: String,
    pub org_id: i64,
    #[serde(default)]
    pub disabled: bool,
}

/// A valid argon2id hash of a random string, used to equalise timing for unknown users.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0oAzsYqTCrh9M8ZkI2Kq8Yy0Qn6iSG0BvC8rXb3b7kA";
