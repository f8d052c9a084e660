//! The route table: one row per API route, with who may call it. It generates the OpenAPI
//! document and drives the authorization-matrix test, so it must list every route.

use serde_json::{json, Map, Value};

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No login needed.
    Public,
    /// Any logged-in user (results are still scoped).
    Authed,
    /// Only admins.
    Admin,
    /// admin, coordinator, reviewer (programme registry changes).
    Manage,
    /// admin, coordinator (audit log).
    Audit,
    /// admin, coordinator (plan import).
    Import,
}

impl Access {
    pub fn allows(self, role: innocity_domain::Role) -> bool {
        match self {
            Access::Public | Access::Authed => true,
            Access::Admin => role.is_admin(),
            Access::Manage => role.may_manage_programmes(),
            Access::Audit => role.may_read_audit(),
            Access::Import => matches!(
                role,
                innocity_domain::Role::Admin | innocity_domain::Role::Coordinator
            ),
        }
    }
}

/// One API route.
#[derive(Debug, Clone, Copy)]
pub struct RouteDoc {
    pub method: &'static str,
    /// Path with `{param}` placeholders.
    pub path: &'static str,
    pub tag: &'static str,
    pub summary: &'static str,
    pub access: Access,
}

macro_rules! r {
    ($m:literal, $p:literal, $t:literal, $s:literal, $a:ident) => {
        RouteDoc {
            method: $m,
            path: $p,
            tag: $t,
            summary: $s,
            access: Access::$a,
        }
    };
}

/// Every route under `/api/v1` (paths relative to it) plus `/healthz`.
pub const ROUTES: &[RouteDoc] = &[
    r!(
        "POST",
        "/auth/login",
        "auth",
        "Log in; sets the session cookie and returns the CSRF token",
        Public
    ),
    r!("POST", "/auth/logout", "auth", "End the session", Authed),
    r!(
        "GET",
        "/auth/me",
        "auth",
        "The current user and CSRF token",
        Authed
    ),
    r!(
        "POST",
        "/auth/password",
        "auth",
        "Change one's own password",
        Authed
    ),
    r!(
        "GET",
        "/meta",
        "reference",
        "Enumerations with labels",
        Public
    ),
    r!(
        "GET",
        "/dashboard",
        "programmes",
        "Home-page figures",
        Authed
    ),
    r!(
        "GET",
        "/programmes",
        "programmes",
        "Programmes with status counts",
        Authed
    ),
    r!(
        "GET",
        "/programmes/{id}",
        "programmes",
        "One programme with its batches",
        Authed
    ),
    r!(
        "GET",
        "/batches",
        "programmes",
        "Batches (filter by programme_id)",
        Authed
    ),
    r!(
        "GET",
        "/participants",
        "programmes",
        "Participants in scope (filters, paginated)",
        Authed
    ),
    r!(
        "GET",
        "/participants/{id}",
        "programmes",
        "One participant with history and allowed transitions",
        Authed
    ),
    r!(
        "POST",
        "/participants/{id}/transition",
        "programmes",
        "Change a participant's status",
        Manage
    ),
    r!(
        "GET",
        "/regions",
        "regions",
        "All regions (flat; build the tree from parent_code)",
        Authed
    ),
    r!(
        "GET",
        "/regions/{code}",
        "regions",
        "One region with children, organisations, participants",
        Authed
    ),
    r!("POST", "/regions", "regions", "Create a region", Admin),
    r!(
        "PUT",
        "/regions/{code}",
        "regions",
        "Update a region",
        Admin
    ),
    r!(
        "GET",
        "/orgs",
        "orgs",
        "Organisations in scope (q matches names and aliases)",
        Authed
    ),
    r!(
        "GET",
        "/orgs/lookup",
        "orgs",
        "Find an organisation by any of its names",
        Authed
    ),
    r!("GET", "/orgs/{id}", "orgs", "One organisation", Authed),
    r!("POST", "/orgs", "orgs", "Create an organisation", Admin),
    r!(
        "PUT",
        "/orgs/{id}",
        "orgs",
        "Update an organisation and its aliases",
        Admin
    ),
    r!(
        "GET",
        "/indicators",
        "indicators",
        "Indicator library (paginated)",
        Authed
    ),
    r!(
        "GET",
        "/indicators/{id}",
        "indicators",
        "One indicator",
        Authed
    ),
    r!(
        "POST",
        "/indicators",
        "indicators",
        "Create an indicator",
        Admin
    ),
    r!(
        "PUT",
        "/indicators/{id}",
        "indicators",
        "Update an indicator",
        Admin
    ),
    r!("GET", "/users", "users", "Users", Admin),
    r!("POST", "/users", "users", "Create a user", Admin),
    r!("GET", "/users/{id}", "users", "One user", Admin),
    r!("PUT", "/users/{id}", "users", "Update a user", Admin),
    r!(
        "POST",
        "/users/{id}/password",
        "users",
        "Reset a user's password",
        Admin
    ),
    r!("GET", "/audit", "audit", "Audit events (scoped)", Audit),
    r!(
        "POST",
        "/plans/extract",
        "plans",
        "Repair and extract a pasted or uploaded plan; saves nothing",
        Import
    ),
    r!(
        "POST",
        "/plans",
        "plans",
        "Save a confirmed import (plan, targets, tasks, units, phases)",
        Import
    ),
    r!(
        "GET",
        "/plans",
        "plans",
        "Plans in scope (filter by participant_id; all=true adds superseded revisions)",
        Authed
    ),
    r!(
        "GET",
        "/plans/{id}",
        "plans",
        "One plan with targets, tasks and phases (org_id filters tasks)",
        Authed
    ),
    r!(
        "GET",
        "/plans/{id}/text",
        "plans",
        "The plan's original text, verbatim",
        Authed
    ),
    r!(
        "GET",
        "/plans/{id}/matrix",
        "plans",
        "Responsibility matrix: tasks × organisations",
        Authed
    ),
    r!(
        "GET",
        "/plans/{id}/export.xlsx",
        "plans",
        "Targets and tasks as an Excel workbook",
        Authed
    ),
];

/// The OpenAPI 3.1 document generated from [`ROUTES`].
pub fn openapi() -> Value {
    let mut paths = Map::new();
    for r in ROUTES {
        let entry = paths
            .entry(format!("/api/v1{}", r.path))
            .or_insert_with(|| json!({}));
        let params: Vec<Value> = r
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|p| json!({"name": p, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        let mut op = json!({
            "tags": [r.tag],
            "summary": r.summary,
            "parameters": params,
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {}}},
                "401": {"$ref": "#/components/responses/Error"},
                "403": {"$ref": "#/components/responses/Error"},
                "404": {"$ref": "#/components/responses/Error"},
                "422": {"$ref": "#/components/responses/Error"}
            },
            "x-access": format!("{:?}", r.access).to_lowercase(),
        });
        if r.method != "GET" {
            op["requestBody"] =
                json!({"content": {"application/json": {"schema": {"type": "object"}}}});
            if r.path != "/auth/login" {
                if let Some(a) = op["parameters"].as_array_mut() {
                    a.push(json!({"name": "X-CSRF-Token", "in": "header", "required": true, "schema": {"type": "string"}}));
                }
            }
        }
        entry[r.method.to_lowercase()] = op;
    }
    paths.insert(
        "/healthz".into(),
        json!({"get": {"summary": "Liveness: 200 ok once the database answers", "responses": {"200": {"description": "ok"}}}}),
    );
    json!({
        "openapi": "3.1.0",
        "info": {"title": "innocity API", "version": env!("CARGO_PKG_VERSION"), "description": "创新型城市建设监测评价平台 JSON API. See docs/API.md."},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": crate::extract::COOKIE}},
            "responses": {"Error": {"description": "Error", "content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"error": {"type": "string"}, "code": {"type": "string"}, "fields": {"type": "object", "additionalProperties": {"type": "string"}}},
                "required": ["error", "code"]
            }}}}}
        },
        "security": [{"session": []}]
    })
}
