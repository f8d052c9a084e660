//! JSON API handlers under `/api/v1` (see docs/API.md). Each handler is a thin layer: it
//! parses input, calls one repository function with the caller's `Actor`, and answers JSON.

use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, Body, COOKIE, Q};
use crate::AppState;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use innocity_db::audit::AuditFilter;
use innocity_db::auth::{NewUser, UserUpdate};
use innocity_db::library::IndicatorView;
use innocity_db::registry::{OrgInput, ParticipantFilter, RegionInput, ORG_KINDS};
use innocity_db::PageReq;
use innocity_domain::{ParticipantStatus, RegionLevel, Role};
use serde::Deserialize;
use serde_json::{json, Value};
use std::net::SocketAddr;

pub mod evaluation;
pub mod monitoring;
pub mod plans;
pub mod supervision;
pub mod validation;

fn id(s: &str) -> ApiResult<i64> {
    s.parse::<i64>()
        .map_err(|_| ApiError::not_found(format!("编号 {s} 无效")))
}

fn client_ip(st: &AppState, headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    if st.cfg.trust_proxy {
        if let Some(ip) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next_back())
        {
            return ip.trim().to_string();
        }
    }
    peer.map(|p| p.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn session_cookie(st: &AppState, token: &str, max_age_zero: bool) -> HeaderValue {
    let secure = if st.cfg.secure_cookie { "; Secure" } else { "" };
    let age = if max_age_zero { "; Max-Age=0" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}{age}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

// ---------- auth ----------

/// The login form.
#[derive(Deserialize, schemars::JsonSchema)]
pub struct LoginIn {
    username: String,
    password: String,
}

pub async fn login(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Body(b): Body<LoginIn>,
) -> ApiResult<Response> {
    if b.username.chars().count() > 64 || b.password.chars().count() > 256 {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "用户名或密码错误",
        ));
    }
    let ip = client_ip(&st, &headers, Some(peer));
    let ok = st
        .db
        .auth()
        .login(b.username.trim(), &b.password, &ip)
        .await?;
    let access = crate::routes::Access::granted(ok.session.actor.role);
    let mut resp = Json(json!({
        "user": ok.session.user,
        "csrf_token": ok.session.csrf_token,
        "access": access,
    }))
    .into_response();
    resp.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&st, &ok.token, false));
    Ok(resp)
}

pub async fn logout(State(st): State<AppState>, Authed(s): Authed) -> ApiResult<Response> {
    st.db.auth().logout(&s).await?;
    let mut resp = Json(json!({"ok": true})).into_response();
    resp.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&st, "", true));
    Ok(resp)
}

pub async fn me(Authed(s): Authed) -> Json<Value> {
    let access = crate::routes::Access::granted(s.actor.role);
    Json(json!({"user": s.user, "csrf_token": s.csrf_token, "access": access}))
}

/// A password change: the current password and the new one.
#[derive(Deserialize, schemars::JsonSchema)]
pub struct PasswordIn {
    old_password: String,
    new_password: String,
}

pub async fn change_password(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<PasswordIn>,
) -> ApiResult<Json<Value>> {
    st.db
        .auth()
        .change_password(&s, &b.old_password, &b.new_password)
        .await?;
    Ok(Json(json!({"ok": true})))
}

// ---------- reference data ----------

pub async fn meta() -> Json<Value> {
    let roles: Vec<Value> = Role::ALL
        .iter()
        .map(|r| json!({"code": r.as_str(), "label_zh": r.label_zh(), "label_en": role_en(*r)}))
        .collect();
    let statuses: Vec<Value> = ParticipantStatus::ALL
        .iter()
        .map(|s| json!(innocity_db::registry::status_option(*s)))
        .collect();
    let levels: Vec<Value> = [
        (RegionLevel::Nation, "全国", "Nation"),
        (RegionLevel::Province, "省级", "Province"),
        (RegionLevel::City, "地市级", "City"),
        (RegionLevel::County, "县(市、区)", "County / district"),
        (RegionLevel::Zone, "开发区", "Development zone"),
    ]
    .iter()
    .map(|(l, zh, en)| json!({"code": l.as_str(), "label_zh": zh, "label_en": en}))
    .collect();
    let kinds: Vec<Value> = ORG_KINDS
        .iter()
        .map(|(c, zh, en)| json!({"code": c, "label_zh": zh, "label_en": en}))
        .collect();
    Json(json!({
        "roles": roles,
        "statuses": statuses,
        "region_levels": levels,
        "org_kinds": kinds,
        "aggregations": [
            {"code": "sum", "label_zh": "求和(流量)", "label_en": "Sum (flows)"},
            {"code": "latest", "label_zh": "取最新值(存量)", "label_en": "Latest (stocks)"},
            {"code": "average", "label_zh": "平均", "label_en": "Average"},
            {"code": "none", "label_zh": "不汇总(比率按分子分母重算)", "label_en": "None (ratios recomputed)"}
        ],
        "directions": [
            {"code": "positive", "label_zh": "正向", "label_en": "Higher is better"},
            {"code": "negative", "label_zh": "逆向", "label_en": "Lower is better"}
        ],
        "version": env!("CARGO_PKG_VERSION"),
    }))
}

fn role_en(r: Role) -> &'static str {
    match r {
        Role::Admin => "Administrator",
        Role::Coordinator => "Coordinator",
        Role::DeptReporter => "Department reporter",
        Role::CountyReporter => "County reporter",
        Role::Expert => "Expert",
        Role::Reviewer => "Province/ministry reviewer",
        Role::Viewer => "Viewer",
    }
}

pub async fn dashboard(State(st): State<AppState>, Authed(s): Authed) -> ApiResult<Json<Value>> {
    Ok(Json(json!(st.db.registry().dashboard(&s.actor).await?)))
}

// ---------- programmes, batches, participants ----------

#[derive(Deserialize, Default)]
pub struct ListQ {
    q: Option<String>,
    page: Option<u64>,
    per_page: Option<u64>,
    programme_id: Option<i64>,
    batch_id: Option<i64>,
    status: Option<String>,
    region_code: Option<String>,
    kind: Option<String>,
    level: Option<String>,
    role: Option<String>,
    org_id: Option<i64>,
    name: Option<String>,
    entity: Option<String>,
    action: Option<String>,
    user: Option<String>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
}

impl ListQ {
    fn page(&self) -> PageReq {
        PageReq::new(self.page, self.per_page)
    }
}

pub async fn programmes(State(st): State<AppState>, Authed(s): Authed) -> ApiResult<Json<Value>> {
    let items = st.db.registry().programmes(&s.actor).await?;
    let n = items.len();
    Ok(Json(
        json!({"items": items, "total": n, "page": 1, "per_page": n}),
    ))
}

pub async fn programme(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(pid): Path<String>,
) -> ApiResult<Json<Value>> {
    let (p, batches) = st.db.registry().programme(&s.actor, id(&pid)?).await?;
    let counts = p.status_counts.clone();
    Ok(Json(
        json!({"programme": p, "batches": batches, "status_counts": counts}),
    ))
}

pub async fn batches(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<Value>> {
    let items = st.db.registry().batches(&s.actor, q.programme_id).await?;
    let n = items.len();
    Ok(Json(
        json!({"items": items, "total": n, "page": 1, "per_page": n}),
    ))
}

pub async fn participants(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<Value>> {
    let f = ParticipantFilter {
        programme_id: q.programme_id,
        batch_id: q.batch_id,
        status: q.status.clone(),
        q: q.q.clone(),
        region_code: q.region_code.clone(),
    };
    Ok(Json(json!(
        st.db
            .registry()
            .participants(&s.actor, &f, q.page())
            .await?
    )))
}

pub async fn participant(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(pid): Path<String>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        st.db.registry().participant(&s.actor, id(&pid)?).await?
    )))
}

#[derive(Deserialize)]
pub struct TransitionIn {
    to: String,
    #[serde(default)]
    note: String,
}

pub async fn transition(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(pid): Path<String>,
    Body(b): Body<TransitionIn>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        st.db
            .registry()
            .transition(&s.actor, id(&pid)?, &b.to, &b.note)
            .await?
    )))
}

// ---------- regions ----------

pub async fn regions(
    State(st): State<AppState>,
    Authed(_s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<Value>> {
    let items = st
        .db
        .registry()
        .regions(q.q.as_deref(), q.level.as_deref())
        .await?;
    Ok(Json(json!({"items": items})))
}

pub async fn region(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(code): Path<String>,
) -> ApiResult<Json<Value>> {
    let r = st.db.registry().region(&code).await?;
    let children = st.db.registry().region_children(&code).await?;
    let orgs = st
        .db
        .registry()
        .orgs(
            &s.actor,
            None,
            None,
            Some(&code),
            PageReq::new(Some(1), Some(200)),
        )
        .await?
        .items;
    let f = ParticipantFilter {
        region_code: Some(code.clone()),
        ..Default::default()
    };
    let parts = st
        .db
        .registry()
        .participants(&s.actor, &f, PageReq::new(Some(1), Some(200)))
        .await?
        .items;
    Ok(Json(
        json!({"region": r, "children": children, "orgs": orgs, "participants": parts}),
    ))
}

pub async fn create_region(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<RegionInput>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    Ok((
        StatusCode::CREATED,
        Json(json!(st.db.registry().create_region(&s.actor, &b).await?)),
    ))
}

pub async fn update_region(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(code): Path<String>,
    Body(b): Body<RegionInput>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        st.db.registry().update_region(&s.actor, &code, &b).await?
    )))
}

// ---------- organisations ----------

pub async fn orgs(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        st.db
            .registry()
            .orgs(
                &s.actor,
                q.q.as_deref(),
                q.kind.as_deref(),
                q.region_code.as_deref(),
                q.page()
            )
            .await?
    )))
}

pub async fn org_lookup(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<Value>> {
    let name = q.name.unwrap_or_default();
    match st.db.registry().lookup_org(&s.actor, &name).await? {
        Some(o) => Ok(Json(json!(o))),
        None => Err(ApiError::not_found(format!(
            "没有名称或别名为“{name}”的机构"
        ))),
    }
}

pub async fn org(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(oid): Path<String>,
) -> ApiResult<Json<Value>> {
    let o = st.db.registry().org(&s.actor, id(&oid)?).await?;
    let users = st.db.registry().org_users(&s.actor, o.id).await?;
    Ok(Json(json!({"org": o, "users": users})))
}

pub async fn create_org(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<OrgInput>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    Ok((
        StatusCode::CREATED,
        Json(json!(st.db.registry().create_org(&s.actor, &b).await?)),
    ))
}

pub async fn update_org(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(oid): Path<String>,
    Body(b): Body<OrgInput>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        st.db.registry().update_org(&s.actor, id(&oid)?, &b).await?
    )))
}

// ---------- indicators ----------

pub async fn indicators(
    State(st): State<AppState>,
    Authed(_s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        st.db.library().indicators(q.q.as_deref(), q.page()).await?
    )))
}

pub async fn indicator(
    State(st): State<AppState>,
    Authed(_s): Authed,
    Path(iid): Path<String>,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        json!({"indicator": st.db.library().indicator(id(&iid)?).await?}),
    ))
}

pub async fn create_indicator(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<IndicatorView>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    Ok((
        StatusCode::CREATED,
        Json(json!(st.db.library().create_indicator(&s.actor, &b).await?)),
    ))
}

pub async fn update_indicator(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(iid): Path<String>,
    Body(b): Body<IndicatorView>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        st.db
            .library()
            .update_indicator(&s.actor, id(&iid)?, &b)
            .await?
    )))
}

// ---------- users ----------

pub async fn users(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        st.db
            .auth()
            .users(
                &s.actor,
                q.q.as_deref(),
                q.role.as_deref(),
                q.org_id,
                q.page()
            )
            .await?
    )))
}

pub async fn create_user(
    State(st): State<AppState>,
    Authed(s): Authed,
    Body(b): Body<NewUser>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    Ok((
        StatusCode::CREATED,
        Json(json!(st.db.auth().create_user(&s.actor, &b, true).await?)),
    ))
}

pub async fn user(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(uid): Path<String>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(st.db.auth().user(&s.actor, id(&uid)?).await?)))
}

pub async fn update_user(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(uid): Path<String>,
    Body(b): Body<UserUpdate>,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(
        st.db.auth().update_user(&s.actor, id(&uid)?, &b).await?
    )))
}

#[derive(Deserialize)]
pub struct ResetIn {
    password: String,
}

pub async fn reset_password(
    State(st): State<AppState>,
    Authed(s): Authed,
    Path(uid): Path<String>,
    Body(b): Body<ResetIn>,
) -> ApiResult<Json<Value>> {
    st.db
        .auth()
        .reset_password(&s.actor, id(&uid)?, &b.password)
        .await?;
    Ok(Json(json!({"ok": true})))
}

// ---------- audit ----------

pub async fn audit(
    State(st): State<AppState>,
    Authed(s): Authed,
    Q(q): Q<ListQ>,
) -> ApiResult<Json<Value>> {
    let f = AuditFilter {
        entity: q.entity.clone(),
        action: q.action.clone(),
        user: q.user.clone(),
        from: q.from,
        to: q.to,
    };
    Ok(Json(json!(
        innocity_db::audit::list(&st.db.conn, &s.actor, &f, q.page()).await?
    )))
}

/// This area's routes (paths relative to `/api/v1`).
pub fn routes() -> crate::routes::Routes {
    use crate::routes::{Access::*, Routes};
    Routes::new("auth")
        .post(
            "/auth/login",
            Public,
            "Log in; sets the session cookie and returns the CSRF token",
            login,
        )
        .accepts::<LoginIn>()
        .post("/auth/logout", Authed, "End the session", logout)
        .get("/auth/me", Authed, "The current user and CSRF token", me)
        .post(
            "/auth/password",
            Authed,
            "Change one's own password",
            change_password,
        )
        .accepts::<PasswordIn>()
        .tag("reference")
        .get("/meta", Public, "Enumerations with labels", meta)
        .tag("programmes")
        .get("/dashboard", Authed, "Home-page figures", dashboard)
        .get(
            "/programmes",
            Authed,
            "Programmes with status counts",
            programmes,
        )
        .get(
            "/programmes/{id}",
            Authed,
            "One programme with its batches",
            programme,
        )
        .get(
            "/batches",
            Authed,
            "Batches (filter by programme_id)",
            batches,
        )
        .get(
            "/participants",
            Authed,
            "Participants in scope (filters, paginated)",
            participants,
        )
        .get(
            "/participants/{id}",
            Authed,
            "One participant with history and allowed transitions",
            participant,
        )
        .post(
            "/participants/{id}/transition",
            Manage,
            "Change a participant's status",
            transition,
        )
        .tag("regions")
        .get(
            "/regions",
            Authed,
            "All regions (flat; build the tree from parent_code)",
            regions,
        )
        .get(
            "/regions/{code}",
            Authed,
            "One region with children, organisations, participants",
            region,
        )
        .post("/regions", Admin, "Create a region", create_region)
        .put("/regions/{code}", Admin, "Update a region", update_region)
        .tag("orgs")
        .get(
            "/orgs",
            Authed,
            "Organisations in scope (q matches names and aliases)",
            orgs,
        )
        .get(
            "/orgs/lookup",
            Authed,
            "Find an organisation by any of its names",
            org_lookup,
        )
        .get("/orgs/{id}", Authed, "One organisation", org)
        .post("/orgs", Admin, "Create an organisation", create_org)
        .put(
            "/orgs/{id}",
            Admin,
            "Update an organisation and its aliases",
            update_org,
        )
        .tag("indicators")
        .get(
            "/indicators",
            Authed,
            "Indicator library (paginated)",
            indicators,
        )
        .get("/indicators/{id}", Authed, "One indicator", indicator)
        .post(
            "/indicators",
            Admin,
            "Create an indicator",
            create_indicator,
        )
        .put(
            "/indicators/{id}",
            Admin,
            "Update an indicator",
            update_indicator,
        )
        .tag("users")
        .get("/users", Admin, "Users", users)
        .post("/users", Admin, "Create a user", create_user)
        .get("/users/{id}", Admin, "One user", user)
        .put("/users/{id}", Admin, "Update a user", update_user)
        .post(
            "/users/{id}/password",
            Admin,
            "Reset a user's password",
            reset_password,
        )
        .tag("audit")
        .get("/audit", Audit, "Audit events (scoped)", audit)
}
