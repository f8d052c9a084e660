//! innocity web server: the JSON API under `/api/v1`, `/healthz`, the OpenAPI document, and
//! the single-page UI embedded in the binary (`static/`).
//!
//! Handlers are thin: parse, call one `innocity_db` function with the caller's `Actor`,
//! answer JSON. Authentication, CSRF and the forced password change live in
//! [`extract::Authed`]; scoping lives in the storage layer.

pub mod api;
pub mod api_evaluation;
pub mod api_monitoring;
pub mod api_plans;
pub mod api_rules;
pub mod api_supervision;
pub mod error;
pub mod extract;
pub mod i18n;
pub mod mail;
pub mod routes;
pub mod scheduler;

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use innocity_db::Db;
use rust_embed::RustEmbed;
use std::net::SocketAddr;
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;

/// Server settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Idle time after which a session ends (30 minutes by default).
    pub idle_timeout: Duration,
    /// Mark the session cookie `Secure` (behind HTTPS).
    pub secure_cookie: bool,
    /// Take the client address from `X-Forwarded-For` (behind a reverse proxy).
    pub trust_proxy: bool,
    /// Where "today" comes from (task supervision deadlines, reminders, scores).
    pub clock: std::sync::Arc<dyn innocity_supervise::Clock>,
    /// SMTP server for notification e-mails (none: in-app notifications only).
    pub smtp: Option<mail::Smtp>,
    /// The in-server reminder job's schedule (none: not run; use `innocity tasks remind`).
    pub reminders: Option<scheduler::Schedule>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            idle_timeout: Duration::from_secs(30 * 60),
            secure_cookie: false,
            trust_proxy: false,
            clock: std::sync::Arc::new(innocity_supervise::SystemClock),
            smtp: None,
            reminders: None,
        }
    }
}

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub cfg: Config,
}

#[derive(RustEmbed)]
#[folder = "static/"]
struct Assets;

async fn healthz(State(st): State<AppState>) -> Response {
    match st.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("database unavailable: {e}"),
        )
            .into_response(),
    }
}

async fn openapi() -> axum::Json<serde_json::Value> {
    axum::Json(routes::openapi())
}

fn asset(path: &str) -> Option<Response> {
    let f = Assets::get(path)?;
    let mime = f.metadata.mimetype().to_string();
    let cache = if path.starts_with("vendor/") {
        "public, max-age=86400"
    } else {
        "no-cache"
    };
    Some(
        (
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, cache.to_string()),
            ],
            f.data.into_owned(),
        )
            .into_response(),
    )
}

async fn static_file(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches("/static/");
    asset(path).unwrap_or_else(|| (StatusCode::NOT_FOUND, "not found").into_response())
}

/// Serves `index.html` for `/` and any non-API path (client-side routing).
async fn index(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return error::ApiError::not_found(format!("没有这个接口: {}", uri.path())).into_response();
    }
    asset("index.html").unwrap_or_else(|| {
        (StatusCode::NOT_FOUND, "index.html missing from the build").into_response()
    })
}

/// Builds the application router.
pub fn app(state: AppState) -> Router {
    use api::*;
    let v1 = Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
        .route("/auth/password", post(change_password))
        .route("/meta", get(meta))
        .route("/dashboard", get(dashboard))
        .route("/programmes", get(programmes))
        .route("/programmes/{id}", get(programme))
        .route("/batches", get(batches))
        .route("/participants", get(participants))
        .route("/participants/{id}", get(participant))
        .route("/participants/{id}/transition", post(transition))
        .route("/regions", get(regions).post(create_region))
        .route("/regions/{code}", get(region).put(update_region))
        .route("/orgs", get(orgs).post(create_org))
        .route("/orgs/lookup", get(org_lookup))
        .route("/orgs/{id}", get(org).put(update_org))
        .route("/indicators", get(indicators).post(create_indicator))
        .route("/indicators/{id}", get(indicator).put(update_indicator))
        .route("/users", get(users).post(create_user))
        .route("/users/{id}", get(user).put(update_user))
        .route("/users/{id}/password", post(reset_password))
        .route("/audit", get(audit))
        .route("/plans", get(api_plans::list).post(api_plans::create))
        .route("/plans/extract", post(api_plans::extract))
        .route("/plans/{id}", get(api_plans::detail))
        .route("/plans/{id}/text", get(api_plans::text))
        .route("/plans/{id}/matrix", get(api_plans::matrix))
        .route("/plans/{id}/export.xlsx", get(api_plans::export))
        .route("/monitoring/items", get(api_monitoring::items))
        .route(
            "/monitoring/forms",
            get(api_monitoring::forms).post(api_monitoring::create_form),
        )
        .route("/monitoring/assignments", get(api_monitoring::assignments))
        .route(
            "/monitoring/assignments/{id}",
            get(api_monitoring::assignment),
        )
        .route(
            "/monitoring/assignments/{id}/values",
            axum::routing::put(api_monitoring::save_values),
        )
        .route(
            "/monitoring/assignments/{id}/check",
            post(api_monitoring::check_values),
        )
        .route(
            "/monitoring/assignments/{id}/submit",
            post(api_monitoring::submit),
        )
        .route(
            "/monitoring/assignments/{id}/review",
            post(api_monitoring::review),
        )
        .route(
            "/monitoring/assignments/{id}/template.xlsx",
            get(api_monitoring::template),
        )
        .route("/monitoring/history", get(api_monitoring::history))
        .route("/monitoring/series", get(api_monitoring::series))
        .route("/monitoring/scorecard/{id}", get(api_monitoring::scorecard))
        .route(
            "/monitoring/scorecard/{id}/export.xlsx",
            get(api_monitoring::scorecard_xlsx),
        )
        .route(
            "/monitoring/rules",
            get(api_rules::list).post(api_rules::create),
        )
        .route("/monitoring/rules/test", post(api_rules::test))
        .route(
            "/monitoring/rules/{id}",
            axum::routing::put(api_rules::update).delete(api_rules::delete),
        )
        .route(
            "/monitoring/rules/{id}/enabled",
            axum::routing::put(api_rules::set_enabled),
        )
        .route("/monitoring/export", get(api_monitoring::export))
        .route(
            "/monitoring/import",
            post(api_monitoring::import).layer(axum::extract::DefaultBodyLimit::max(
                api_monitoring::MAX_UPLOAD_BODY,
            )),
        )
        .route(
            "/supervision/tasks",
            get(api_supervision::list).post(api_supervision::create),
        )
        .route("/supervision/from-plan", post(api_supervision::from_plan))
        .route(
            "/supervision/tasks/{id}",
            get(api_supervision::detail).put(api_supervision::edit),
        )
        .route(
            "/supervision/tasks/{id}/units",
            axum::routing::put(api_supervision::set_units),
        )
        .route("/supervision/tasks/{id}/act", post(api_supervision::act))
        .route("/supervision/tasks/{id}/urges", post(api_supervision::urge))
        .route(
            "/supervision/tasks/{id}/files",
            post(api_supervision::upload),
        )
        .route(
            "/supervision/urges/{id}/answer",
            post(api_supervision::answer),
        )
        .route("/supervision/files/{id}", get(api_supervision::download))
        .route(
            "/supervision/notifications",
            get(api_supervision::notifications),
        )
        .route(
            "/supervision/notifications/read",
            post(api_supervision::read),
        )
        .route(
            "/supervision/rules",
            get(api_supervision::rules).put(api_supervision::set_rules),
        )
        .route("/supervision/scores", get(api_supervision::scores))
        .route("/supervision/ledger.xlsx", get(api_supervision::ledger))
        .route("/supervision/bulletin.docx", get(api_supervision::bulletin))
        .route(
            "/evaluations/methods",
            get(api_evaluation::methods).post(api_evaluation::create_method),
        )
        .route("/evaluations/methods/{id}", get(api_evaluation::method))
        .route(
            "/evaluations/methods/{id}/versions",
            post(api_evaluation::create_version),
        )
        .route(
            "/evaluations/runs",
            get(api_evaluation::runs).post(api_evaluation::start),
        )
        .route("/evaluations/runs/{id}", get(api_evaluation::run))
        .route(
            "/evaluations/runs/{id}/export.xlsx",
            get(api_evaluation::export),
        )
        .route("/evaluations/runs/{id}/rerun", post(api_evaluation::rerun))
        .route("/openapi.json", get(openapi));
    Router::new()
        .route("/healthz", get(healthz))
        .nest("/api/v1", v1)
        .route("/static/{*path}", get(static_file))
        .fallback(index)
        .layer(axum::middleware::from_fn(error::localize))
        .layer(axum::extract::DefaultBodyLimit::max(8 * 1024 * 1024))
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"),
        ))
        .with_state(state)
}

/// Serves until the process ends.
/// Serves the application; starts the reminder job first when it is configured.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    // Evaluation runs left `running` by a previous process: interrupted now if their
    // heartbeat is already stale, otherwise once it is (checked again after the threshold;
    // reads check too).
    let db = state.db.clone();
    tokio::spawn(async move {
        for wait in [
            std::time::Duration::ZERO,
            innocity_db::evaluation::STALE_AFTER,
        ] {
            tokio::time::sleep(wait).await;
            if let Err(e) = db.evaluation().recover_interrupted().await {
                tracing::error!("could not check for interrupted evaluation runs: {e}");
            }
        }
    });
    if let Some(schedule) = state.cfg.reminders {
        let job = scheduler::Reminders::new(
            state.db.clone(),
            state.cfg.clock.clone(),
            state.cfg.smtp.clone(),
        );
        tokio::spawn(job.run(schedule));
    }
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}
