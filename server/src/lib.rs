#![recursion_limit = "512"]
//! The composition root: configuration, database, the router (Leptos pages and server
//! functions, the `/api/v1` JSON API, Server-Sent Events, static files) and its middleware.
//! `main.rs` adds the command line.

pub mod backup;
pub mod bench;
pub mod bench_desk;
pub mod bench_documents;
pub mod bench_files;
pub mod bench_http;
pub mod bench_service;
pub mod confirm;
pub mod driver;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod pages;
pub mod print;
pub mod rest;
pub mod sds_link;
pub mod survey;

use app::backend::{db::Db, AppState};
use app::{shell, App};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use tower_http::compression::CompressionLayer;

/// The largest request body accepted (signatures and photos arrive as data URLs).
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// Leptos settings with defaults that let `target/release/server serve` run from the
/// repository root with no environment set.
pub fn leptos_options(addr: SocketAddr) -> LeptosOptions {
    let site_root = std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into());
    let pkg_dir = std::env::var("LEPTOS_SITE_PKG_DIR").unwrap_or_else(|_| "pkg".into());
    LeptosOptions::builder()
        .output_name(std::env::var("LEPTOS_OUTPUT_NAME").unwrap_or_else(|_| "sales".into()))
        .site_root(site_root)
        .site_pkg_dir(pkg_dir)
        .site_addr(addr)
        .env(leptos::config::Env::PROD)
        .build()
}

/// Connects, migrates, and builds the shared state.
pub async fn state(database_url: &str, addr: SocketAddr, secure_cookies: bool) -> anyhow::Result<AppState> {
    let db = Db::connect(database_url).await?;
    db.migrate().await?;
    if app::backend::performance::rebuild_if_missing(&db).await.map_err(|e| anyhow::anyhow!("{e}"))? {
        tracing::info!("sales performance figures rebuilt from the ledger");
    }
    let postgres = db.backend == app::backend::db::Backend::Postgres;
    let mut state = AppState::new(db, leptos_options(addr), secure_cookies);
    state.files = app::backend::files::FileStore::new(backup::data_dir(database_url).join("files"));
    state.link_secret = app::backend::links::LinkSecret::load(&backup::data_dir(database_url)).map_err(|e| {
        anyhow::anyhow!("the customers' link secret (LINK_SECRET or the data folder's link-secret): {e}")
    })?;
    let hashed = app::backend::links::hash_legacy_tokens(&state.db)
        .await
        .map_err(|e| anyhow::anyhow!("hashing the customers' link tokens: {e}"))?;
    if hashed > 0 {
        tracing::info!("{hashed} customers' link tokens now stored as hashes");
    }
    let moved = app::backend::files::move_inline_images(&state.db, &state.files)
        .await
        .map_err(|e| anyhow::anyhow!("moving images into the file store: {e}"))?;
    if moved > 0 {
        tracing::info!("{moved} signatures and photos moved from the database into {}", state.files.root().display());
    }
    if postgres {
        app::backend::events::listen(database_url.to_string(), state.events.clone());
    }
    Ok(state)
}

/// Print views: plain A4 HTML pages; errors in the API's shape.
fn print_router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/batches/{id}/certificate", get(print::certificate))
        .route("/batches/{id}/report", get(print::report))
        .route("/batches/{id}/label", get(print::label))
        .route("/survey-periods/{id}/links", get(print::survey_links))
        .route("/survey-periods/{id}/report", get(print::survey_report))
        .route("/complaints/{id}/8d", get(print::report_8d))
        .route("/feedback-reports/{year}/{quarter}", get(print::feedback_report))
        .layer(axum::middleware::from_fn(rest::render_errors))
        .with_state(state)
}

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let context = || leptos::nonce::provide_nonce();
    let fallback_state = state.clone();
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics::guarded))
        .route("/lang/{tag}", get(middleware::set_language))
        .route("/i18n/{file}", get(middleware::texts))
        .route("/favicon.svg", get(favicon))
        .route("/favicon.ico", get(favicon))
        .nest("/api/v1", rest::router(state.clone()))
        .nest("/print", print_router(state.clone()))
        .route("/driver", get(driver::home))
        .route("/driver/notes/{id}", get(driver::note))
        .route("/driver.js", get(driver::script))
        .route("/pages.css", get(pages::stylesheet))
        .route("/sw.js", get(driver::service_worker))
        .route("/survey/{token}", get(survey::show).post(survey::submit))
        .route("/confirm/{token}", get(confirm::show).post(confirm::submit))
        .route("/sds/{token}", get(sds_link::show).post(sds_link::submit))
        .route("/sds/{token}/file", get(sds_link::file))
        .route("/files/{hash}", get(rest::files::get))
        .leptos_routes_with_context(&state, routes, context, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            move || provide_context(fallback_state.clone()),
            shell,
        ))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::session))
        .layer(axum::middleware::from_fn(middleware::csrf))
        .layer(axum::middleware::from_fn(middleware::security_headers))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::track))
        .with_state(state)
}

async fn readyz(State(state): State<AppState>) -> StatusCode {
    if state.db.ping().await {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    }
}

async fn favicon() -> impl axum::response::IntoResponse {
    (
        [
            (axum::http::header::CONTENT_TYPE, "image/svg+xml"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../style/favicon.svg"),
    )
}

/// Housekeeping every hour: ended sessions and old throttle events are removed (they are
/// not business records).
pub fn spawn_housekeeping(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let result = app::backend::auth::housekeeping(&state.db, state.session_idle_ms).await;
            state.metrics.job_ran("housekeeping", result.is_ok());
            if let Err(e) = result {
                tracing::warn!("housekeeping failed: {e}");
            }
        }
    });
}

/// The readiness check (§4.1.2) at start and every ten minutes, for today in the company's
/// time zone; the same logic runs on demand from the order register.
pub fn spawn_readiness_job(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            let result = app::backend::readiness::check(&state, app::backend::db::today(), "system").await;
            state.metrics.job_ran("readiness", result.is_ok());
            match result {
                Ok(r) if r.escalations_opened > 0 => tracing::info!("readiness: {r:?}"),
                Ok(_) => {}
                Err(e) => tracing::warn!("readiness check failed: {e}"),
            }
        }
    });
}

/// The file store's collector an hour after start, then weekly: files no row refers to,
/// older than a day, are removed.
pub fn spawn_file_gc(state: AppState) {
    tokio::spawn(async move {
        let (hour, week) = (std::time::Duration::from_secs(3600), std::time::Duration::from_secs(7 * 24 * 3600));
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + hour, week);
        loop {
            tick.tick().await;
            let grace = app::backend::files_gc::GRACE;
            let result = app::backend::files_gc::collect(&state.db, &state.files, grace).await;
            state.metrics.job_ran("files_gc", result.is_ok());
            match result {
                Ok(c) => tracing::info!("file store: removed {} files ({} bytes), kept {}", c.removed, c.bytes, c.kept),
                Err(e) => tracing::warn!("file store collector failed: {e}"),
            }
        }
    });
}

/// Serves until Ctrl-C / SIGTERM; `/metrics` also on `metrics_addr` (no token) when given.
pub async fn serve(state: AppState, addr: SocketAddr, metrics_addr: Option<SocketAddr>) -> anyhow::Result<()> {
    spawn_housekeeping(state.clone());
    spawn_readiness_job(state.clone());
    spawn_file_gc(state.clone());
    if let Some(maddr) = metrics_addr {
        let listener = tokio::net::TcpListener::bind(maddr).await?;
        tracing::info!("metrics on http://{}/metrics", listener.local_addr()?);
        let metrics = Router::new().route("/metrics", get(metrics::open)).with_state(state.clone());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, metrics).await {
                tracing::error!("metrics listener stopped: {e}");
            }
        });
    }
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
