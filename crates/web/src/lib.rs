//! innocity web server: the JSON API under `/api/v1`, `/healthz`, the OpenAPI document, and
//! the single-page UI embedded in the binary (`static/`).
//!
//! Handlers are thin: parse, call one `innocity_db` function with the caller's `Actor`,
//! answer JSON. Authentication, CSRF and the forced password change live in
//! [`extract::Authed`]; scoping lives in the storage layer.

pub mod api;
pub mod error;
pub mod extract;
pub mod i18n;
pub mod localize;
pub mod routes;

#[macro_use]
extern crate innocity_domain;

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
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
    pub smtp: Option<innocity_service::mail::Smtp>,
    /// The in-server reminder job's schedule (none: not run; use `innocity tasks remind`).
    pub reminders: Option<innocity_service::scheduler::Schedule>,
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

impl AppState {
    /// Sends the pending notification e-mails when SMTP is configured (never fails a request).
    pub async fn flush_mail(&self) -> usize {
        innocity_service::mail::flush_with(&self.db, self.cfg.smtp.as_ref()).await
    }
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
        let path = uri.path();
        return error::ApiError::not_found(msg!(
            "not_found",
            "没有这个接口: {path}",
            "No such endpoint: {path}"
        ))
        .into_response();
    }
    asset("index.html").unwrap_or_else(|| {
        (StatusCode::NOT_FOUND, "index.html missing from the build").into_response()
    })
}

/// Builds the application router.
pub fn app(state: AppState) -> Router {
    let (v1, _) = routes::api().into_parts();
    Router::new()
        .route("/healthz", get(healthz))
        // API answers are per user and change with every write: never stored by a cache.
        .nest(
            "/api/v1",
            v1.layer(SetResponseHeaderLayer::if_not_present(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-store"),
            )),
        )
        .route("/static/{*path}", get(static_file))
        .fallback(index)
        .layer(axum::middleware::from_fn(localize::messages))
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
        let job = innocity_service::scheduler::Reminders::new(
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
