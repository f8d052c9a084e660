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
        "The plan's original text, verbatim, with highlight spans (targets, tasks, units, phases)",
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
    r!(
        "GET",
        "/supervision/tasks",
        "supervision",
        "Supervised tasks the caller may see, with live colour (filters: org_id, status, colour, plan_id, region, mine, person)",
        Authed
    ),
    r!(
        "POST",
        "/supervision/tasks",
        "supervision",
        "Create a task by hand or a sub-task (parent_id), with units and milestones",
        Coordinate
    ),
    r!(
        "POST",
        "/supervision/from-plan",
        "supervision",
        "Take over a plan's tasks (optionally assigning them at once)",
        Coordinate
    ),
    r!(
        "GET",
        "/supervision/tasks/{id}",
        "supervision",
        "One task: units, milestones, loop events, 催办, files, colour history, deadlines, allowed actions",
        Authed
    ),
    r!(
        "PUT",
        "/supervision/tasks/{id}",
        "supervision",
        "Edit a task: title, description, deadline, milestones (add, change, delete; done ones keep their due date), responsible persons",
        Coordinate
    ),
    r!(
        "PUT",
        "/supervision/tasks/{id}/units",
        "supervision",
        "Change a task's units (lead, cooperating, shared duty, responsible persons); units left out are taken off (kept with their history once assigned)",
        Coordinate
    ),
    r!(
        "POST",
        "/supervision/tasks/{id}/act",
        "supervision",
        "A loop step: assign, sign, report, request_close, approve, send_back, reopen",
        Authed
    ),
    r!(
        "POST",
        "/supervision/tasks/{id}/urges",
        "supervision",
        "Issue a 催办 to one unit of the task",
        Coordinate
    ),
    r!(
        "POST",
        "/supervision/tasks/{id}/files",
        "supervision",
        "Attach an evidence file (base64; type and size checked)",
        Authed
    ),
    r!(
        "POST",
        "/supervision/urges/{id}/answer",
        "supervision",
        "The urged unit answers its 催办",
        Authed
    ),
    r!(
        "GET",
        "/supervision/files/{id}",
        "supervision",
        "Download an evidence file",
        Authed
    ),
    r!(
        "GET",
        "/supervision/notifications",
        "supervision",
        "Notification centre of the caller's organisation (unread=true filters)",
        Authed
    ),
    r!(
        "POST",
        "/supervision/notifications/read",
        "supervision",
        "Mark notifications of the caller's organisation read (ids)",
        Authed
    ),
    r!(
        "GET",
        "/supervision/rules",
        "supervision",
        "Colour, reminder and scoring rules in force for the caller's region",
        Authed
    ),
    r!(
        "PUT",
        "/supervision/rules",
        "supervision",
        "Change the rules of the caller's region",
        Coordinate
    ),
    r!(
        "GET",
        "/supervision/scores",
        "supervision",
        "Unit scores and ranking over a period (from, to, region)",
        Authed
    ),
    r!(
        "GET",
        "/supervision/ledger.xlsx",
        "supervision",
        "The ledger (台账) as an Excel workbook (same filters as the list)",
        Authed
    ),
    r!(
        "GET",
        "/supervision/bulletin.docx",
        "supervision",
        "The bulletin (情况通报) over a period as DOCX (from, to, region)",
        Coordinate
    ),
    r!("GET", "/monitoring/items", "monitoring", "Data items (raw and derived, with formula and aggregation)", Authed),
    r!("GET", "/monitoring/forms", "monitoring", "Data forms", Authed),
    r!("POST", "/monitoring/forms", "monitoring", "Create a form with its assignments (organisation, region, items, due date)", Import),
    r!("GET", "/monitoring/assignments", "monitoring", "What is due and by when: assignments in scope (reporters: their organisation's) with completeness (year, form_id)", Authed),
    r!("GET", "/monitoring/assignments/{id}", "monitoring", "One assignment: entry rows with previous years, comments, missing reasons, violations", Authed),
    r!("PUT", "/monitoring/assignments/{id}/values", "monitoring", "Save values as drafts (the reporting organisation; locked once submitted)", Report),
    r!("POST", "/monitoring/assignments/{id}/check", "monitoring", "Validate typed values without saving", Report),
    r!("POST", "/monitoring/assignments/{id}/submit", "monitoring", "Submit (refused with missing values or unexplained high-importance violations)", Report),
    r!("POST", "/monitoring/assignments/{id}/review", "monitoring", "approve, return (reason), accept (level above), unapprove (reason)", Review),
    r!("GET", "/monitoring/assignments/{id}/template.xlsx", "monitoring", "Pre-filled Excel entry template (codes in hidden columns, number validation)", Authed),
    r!("GET", "/monitoring/history", "monitoring", "Full history of one value (region, item, year)", Authed),
    r!("GET", "/monitoring/series", "monitoring", "Yearly series of an item for a region (derived and rolled up; approved_only)", Authed),
    r!("GET", "/monitoring/scorecard/{id}", "monitoring", "Participant cockpit: every target's tracking and series, data completeness (unapproved=true adds submitted values)", Authed),
    r!("GET", "/monitoring/scorecard/{id}/export.xlsx", "monitoring", "The scorecard as an Excel workbook", Authed),
    r!("GET", "/monitoring/export", "monitoring", "Values of a region by codes (region, year, format=json|csv|xlsx)", Authed),
    r!("POST", "/monitoring/import", "monitoring", "Import .xlsx/.csv/.json (base64): dry run with a row-level report, then an all-or-nothing commit", DataImport),
    r!("GET", "/monitoring/rules", "monitoring", "Validation rules that apply in the caller's scope (kind, importance, enabled, q, region_code)", Authed),
    r!("POST", "/monitoring/rules", "monitoring", "Create a validation rule: left, op, right, importance, missing strategy (global: admins; a region in scope: coordinators); bad expressions answer 422 naming the field", Coordinate),
    r!("POST", "/monitoring/rules/test", "monitoring", "Test a rule against the values of a region and year (rule, region_code, year); saves nothing", Coordinate),
    r!("PUT", "/monitoring/rules/{id}", "monitoring", "Update a validation rule", Coordinate),
    r!("PUT", "/monitoring/rules/{id}/enabled", "monitoring", "Enable or disable a validation rule (enabled)", Coordinate),
    r!("DELETE", "/monitoring/rules/{id}", "monitoring", "Delete a validation rule (a deleted default is not seeded again)", Coordinate),
    r!("GET", "/evaluations/methods", "evaluation", "Evaluation methods (newest version of each; presets included)", Authed),
    r!("POST", "/evaluations/methods", "evaluation", "Create a method (method TOML + iMeta structure); bad files answer 422 naming file, row and column", Review),
    r!("GET", "/evaluations/methods/{id}", "evaluation", "One method version: method TOML, structure (unverified indicators marked), version history", Authed),
    r!("POST", "/evaluations/methods/{id}/versions", "evaluation", "Create a new version of the method (old runs keep their version)", Review),
    r!("GET", "/evaluations/runs", "evaluation", "Runs with a participant in the caller's scope (method_id)", Authed),
    r!("POST", "/evaluations/runs", "evaluation", "Run a method over participants and a year from approved data (uncertainty N, seed, sensitivity base sample: 202, continues in the background)", Review),
    r!("GET", "/evaluations/runs/{id}", "evaluation", "A run: progress (done/total), ranking, dimension scores, rank intervals (scoped rows)", Authed),
    r!("GET", "/evaluations/runs/{id}/export.xlsx", "evaluation", "A run's results as an Excel workbook", Authed),
    r!("POST", "/evaluations/runs/{id}/rerun", "evaluation", "Start a new run with the parameters of this one (e.g. after it was interrupted by a restart)", Review),
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
