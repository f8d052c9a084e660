//! The OpenAPI document: every route with a JSON body declares its schema, every JSON
//! answer its type, and the key types are described under `components.schemas`.

use innocity_web::routes;

/// Unsafe routes that take no body.
const NO_BODY: [&str; 3] = [
    "POST /auth/logout",
    "POST /evaluations/runs/{id}/rerun",
    "DELETE /monitoring/rules/{id}",
];

/// Routes that answer a file (or this document), not a declared JSON value.
fn answers_file(path: &str) -> bool {
    path.ends_with(".xlsx")
        || path.ends_with(".docx")
        || path == "/supervision/files/{id}"
        || path == "/openapi.json"
}

#[test]
fn every_json_body_and_answer_declares_its_schema() {
    let rows = routes::all();
    let row = |r: &routes::RouteDoc| format!("{} {}", r.method, r.path);
    let undeclared: Vec<String> = rows
        .iter()
        .filter(|r| r.method != "GET" && !NO_BODY.contains(&row(r).as_str()))
        .filter(|r| r.request.is_none())
        .map(row)
        .collect();
    assert!(
        undeclared.is_empty(),
        "bodies without a schema: {undeclared:?}"
    );
    let unanswered: Vec<String> = rows
        .iter()
        .filter(|r| !answers_file(r.path) && r.response.is_none())
        .map(row)
        .collect();
    assert!(
        unanswered.is_empty(),
        "answers without a schema: {unanswered:?}"
    );
    // The list of body-less routes is not stale.
    for nb in NO_BODY {
        assert!(rows.iter().any(|r| row(r) == nb), "{nb} is not a route");
    }
}

#[test]
fn key_schemas_are_in_the_document() {
    let doc = routes::openapi();
    let schemas = &doc["components"]["schemas"];
    for name in [
        "LoginIn",
        "ProgrammeView",
        "ParticipantDetail",
        "IndicatorView",
        "PlanDetail",
        "AssignmentDetail",
        "RuleView",
        "TaskSummary",
        "TaskIn",
        "ActIn",
        "RunDetail",
        "MethodIn",
    ] {
        assert!(schemas[name].is_object(), "schema {name} missing");
    }
    // Referenced from their routes.
    let op = |path: &str, method: &str| doc["paths"][format!("/api/v1{path}")][method].clone();
    assert_eq!(
        op("/monitoring/assignments/{id}", "get")["responses"]["200"]["content"]
            ["application/json"]["schema"]["$ref"],
        "#/components/schemas/AssignmentDetail"
    );
    // Two storage types are called TaskIn (plans and supervision): follow the reference.
    let task_in = op("/supervision/tasks", "post")["requestBody"]["content"]["application/json"]
        ["schema"]["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .map(str::to_string)
        .expect("a reference");
    let task_in = &schemas[task_in.as_str()];
    for field in ["title", "due", "units", "milestones"] {
        assert!(
            task_in["properties"][field].is_object(),
            "{field}: {task_in}"
        );
    }
    let task = &schemas["TaskSummary"];
    assert!(task["properties"]["title"].is_object(), "{task}");
    let programme = &schemas["ProgrammeView"];
    assert_eq!(programme["type"], "object", "{programme}");
}
