//! The route table: every API route is written once, in its area's `routes()` list, with who
//! may call it. The same rows build the router, generate the OpenAPI document and drive the
//! authorization-matrix test.

use crate::AppState;
use axum::handler::Handler;
use axum::routing::{self, MethodRouter};
use axum::Router;
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
    /// admin, department and county reporters (monitoring data entry).
    Report,
    /// admin, coordinator, reviewer (monitoring review: approve/return, accept).
    Review,
    /// admin, coordinator, department and county reporters (monitoring data import).
    DataImport,
    /// admin, coordinator (task supervision: create, assign, urge, rules, bulletin;
    /// monitoring validation rules).
    Coordinate,
}

impl Access {
    /// Every access class, in declaration order.
    pub const ALL: [Access; 10] = [
        Access::Public,
        Access::Authed,
        Access::Admin,
        Access::Manage,
        Access::Audit,
        Access::Import,
        Access::Report,
        Access::Review,
        Access::DataImport,
        Access::Coordinate,
    ];

    /// The class's name as the UI's route `meta.access` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Access::Public => "public",
            Access::Authed => "authed",
            Access::Admin => "admin",
            Access::Manage => "manage",
            Access::Audit => "audit",
            Access::Import => "import",
            Access::Report => "report",
            Access::Review => "review",
            Access::DataImport => "data_import",
            Access::Coordinate => "coordinate",
        }
    }

    /// The names of the classes a role satisfies (sent to the UI with `/auth/me`).
    pub fn granted(role: innocity_domain::Role) -> Vec<&'static str> {
        Access::ALL
            .iter()
            .filter(|a| a.allows(role))
            .map(|a| a.name())
            .collect()
    }

    pub fn allows(self, role: innocity_domain::Role) -> bool {
        match self {
            Access::Public | Access::Authed => true,
            Access::Admin => role.is_admin(),
            Access::Manage => role.may_manage_programmes(),
            Access::Audit => role.may_read_audit(),
            Access::Import | Access::Coordinate => matches!(
                role,
                innocity_domain::Role::Admin | innocity_domain::Role::Coordinator
            ),
            Access::Report => matches!(
                role,
                innocity_domain::Role::Admin
                    | innocity_domain::Role::DeptReporter
                    | innocity_domain::Role::CountyReporter
            ),
            Access::Review => matches!(
                role,
                innocity_domain::Role::Admin
                    | innocity_domain::Role::Coordinator
                    | innocity_domain::Role::Reviewer
            ),
            Access::DataImport => !matches!(
                role,
                innocity_domain::Role::Expert
                    | innocity_domain::Role::Reviewer
                    | innocity_domain::Role::Viewer
            ),
        }
    }
}

/// Builds a JSON Schema for a request or response type (see [`Routes::accepts`]).
pub type SchemaFn = fn(&mut schemars::SchemaGenerator) -> schemars::Schema;

fn schema_of<T: schemars::JsonSchema>(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
    g.subschema_for::<T>()
}

/// One API route's documentation row.
#[derive(Debug, Clone, Copy)]
pub struct RouteDoc {
    pub method: &'static str,
    /// Path with `{param}` placeholders.
    pub path: &'static str,
    pub tag: &'static str,
    pub summary: &'static str,
    pub access: Access,
    /// The JSON body's schema, when declared.
    pub request: Option<SchemaFn>,
    /// The JSON answer's schema, when declared.
    pub response: Option<SchemaFn>,
}

/// Writes the builder's method for each HTTP verb: `get(path, access, summary, handler)`.
macro_rules! verbs {
    ($($(#[$doc:meta])* $name:ident => $method:literal, $router:path;)*) => {
        $(
            $(#[$doc])*
            pub fn $name<H, T>(
                self,
                path: &'static str,
                access: Access,
                summary: &'static str,
                h: H,
            ) -> Routes
            where
                H: Handler<T, AppState>,
                T: 'static,
            {
                self.route($method, path, access, summary, $router(h))
            }
        )*
    };
}

/// One area's routes, each written once: the row yields both the router entry and its
/// documentation (OpenAPI, the authorization matrix, the UI's capabilities).
///
/// ```ignore
/// Routes::new("supervision")
///     .get("/supervision/tasks", Authed, "Tasks visible to the caller", list)
///     .returns::<Page<TaskSummary>>()
/// ```
pub struct Routes {
    tag: &'static str,
    docs: Vec<RouteDoc>,
    router: Router<AppState>,
}

impl Routes {
    /// An empty list whose rows carry the OpenAPI tag `tag`.
    pub fn new(tag: &'static str) -> Routes {
        Routes {
            tag,
            docs: Vec::new(),
            router: Router::new(),
        }
    }

    /// Later rows carry the OpenAPI tag `tag`.
    pub fn tag(mut self, tag: &'static str) -> Routes {
        self.tag = tag;
        self
    }

    /// A route with any method router (for layers such as a body limit).
    pub fn route(
        mut self,
        method: &'static str,
        path: &'static str,
        access: Access,
        summary: &'static str,
        handler: MethodRouter<AppState>,
    ) -> Routes {
        self.docs.push(RouteDoc {
            method,
            path,
            tag: self.tag,
            summary,
            access,
            request: None,
            response: None,
        });
        self.router = self.router.route(path, handler);
        self
    }

    verbs! {
        /// A GET route.
        get => "GET", routing::get;
        /// A POST route.
        post => "POST", routing::post;
        /// A PUT route.
        put => "PUT", routing::put;
        /// A DELETE route.
        delete => "DELETE", routing::delete;
    }

    /// Declares the JSON body of the route added last.
    pub fn accepts<T: schemars::JsonSchema>(mut self) -> Routes {
        if let Some(d) = self.docs.last_mut() {
            d.request = Some(schema_of::<T>);
        }
        self
    }

    /// Declares the JSON answer of the route added last.
    pub fn returns<T: schemars::JsonSchema>(mut self) -> Routes {
        if let Some(d) = self.docs.last_mut() {
            d.response = Some(schema_of::<T>);
        }
        self
    }

    /// Appends another area's routes.
    pub fn merge(mut self, other: Routes) -> Routes {
        self.docs.extend(other.docs);
        self.router = self.router.merge(other.router);
        self
    }

    pub fn docs(&self) -> &[RouteDoc] {
        &self.docs
    }

    pub fn into_parts(self) -> (Router<AppState>, Vec<RouteDoc>) {
        (self.router, self.docs)
    }
}

/// Every API route of every area (paths relative to `/api/v1`).
pub fn api() -> Routes {
    Routes::new("auth")
        .merge(crate::api::auth::routes())
        .merge(crate::api::registry::routes())
        .merge(crate::api::library::routes())
        .merge(crate::api::audit::routes())
        .merge(crate::api::plans::routes())
        .merge(crate::api::monitoring::routes())
        .merge(crate::api::validation::routes())
        .merge(crate::api::supervision::routes())
        .merge(crate::api::evaluation::routes())
        .get(
            "/openapi.json",
            Access::Public,
            "This document",
            openapi_json,
        )
}

/// Every route's documentation row.
pub fn all() -> Vec<RouteDoc> {
    api().into_parts().1
}

async fn openapi_json() -> axum::Json<Value> {
    axum::Json(openapi())
}

/// The OpenAPI 3.1 document generated from the route rows ([`all`]), with the JSON Schemas
/// of the declared request and response types under `components.schemas`.
pub fn openapi() -> Value {
    let mut paths = Map::new();
    let mut settings = schemars::generate::SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    let mut generator = settings.into_generator();
    for r in all() {
        if r.path == "/openapi.json" {
            continue;
        }
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
                "200": {"description": "OK", "content": {"application/json": match r.response {
                    Some(f) => json!({"schema": f(&mut generator)}),
                    None => json!({}),
                }}},
                "401": {"$ref": "#/components/responses/Error"},
                "403": {"$ref": "#/components/responses/Error"},
                "404": {"$ref": "#/components/responses/Error"},
                "422": {"$ref": "#/components/responses/Error"}
            },
            "x-access": format!("{:?}", r.access).to_lowercase(),
        });
        if r.method != "GET" {
            let schema = match r.request {
                Some(f) => json!(f(&mut generator)),
                None => json!({"type": "object"}),
            };
            op["requestBody"] = json!({"content": {"application/json": {"schema": schema}}});
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
            "schemas": generator.take_definitions(true),
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
