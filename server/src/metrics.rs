//! `GET /metrics` in Prometheus' text format: requests and their latency per route and
//! status, the database pools, open live streams, background jobs and the audit head. Every
//! request gets an id (the `x-request-id` answer header, and a field of every log line it
//! writes). The endpoint is served on the main address only to a caller with the token
//! (`--metrics-token`), or without one on a separate address (`--metrics-addr`).

use app::backend::metrics::{method_label, BUCKETS, UNMATCHED_ROUTE};
use app::backend::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::fmt::Write;
use std::time::Instant;

/// Times every request by its route pattern and status, and gives it an id for the logs.
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let began = Instant::now();
    let id = state.metrics.request_id();
    // Labels only from fixed sets: a made-up method is `OTHER`, a path no route matched is
    // `unmatched` (the raw path never becomes a label).
    let method = method_label(req.method().as_str());
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| UNMATCHED_ROUTE.to_string());
    let span = tracing::info_span!("request", id = %id, method = %method, route = %route);
    let mut res = tracing::Instrument::instrument(next.run(req), span.clone()).await;
    let status = res.status().as_u16();
    let elapsed = began.elapsed().as_secs_f64();
    state.metrics.observe(method, route, status, elapsed);
    span.in_scope(|| {
        if status >= 500 {
            tracing::error!(status, ms = elapsed * 1000.0, "request failed");
        } else {
            tracing::debug!(status, ms = elapsed * 1000.0, "request");
        }
    });
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

/// `GET /metrics` on the main address: 404 without a configured token, 401 with a wrong one.
pub async fn guarded(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    let Some(expected) = state.metrics_token.clone().filter(|t| !t.is_empty()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let same = given.is_some_and(|g| {
        use sha2::{Digest, Sha256};
        Sha256::digest(g.as_bytes()) == Sha256::digest(expected.as_bytes())
    });
    if !same {
        tracing::warn!(target: "security", "metrics: missing or wrong token");
        return StatusCode::UNAUTHORIZED.into_response();
    }
    exposition(&state).await
}

/// `GET /metrics` on the separate metrics address (no token: bind it where only the
/// monitoring system reaches).
pub async fn open(State(state): State<AppState>) -> Response {
    exposition(&state).await
}

async fn exposition(state: &AppState) -> Response {
    let body = render(state).await;
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body).into_response()
}

fn label(v: &str) -> String {
    v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// The whole exposition, as text.
pub async fn render(state: &AppState) -> String {
    let mut out = String::new();
    {
        let requests = state.metrics.requests.lock().unwrap_or_else(|e| e.into_inner());
        out.push_str("# HELP http_requests_total Requests answered, by route pattern and status.\n");
        out.push_str("# TYPE http_requests_total counter\n");
        for ((method, route, status), s) in requests.iter() {
            let _ = writeln!(
                out,
                "http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {}",
                label(route),
                s.count
            );
        }
        out.push_str("# HELP http_request_duration_seconds Time to the answer's head, by route pattern and status.\n");
        out.push_str("# TYPE http_request_duration_seconds histogram\n");
        for ((method, route, status), s) in requests.iter() {
            let labels = format!("method=\"{method}\",route=\"{}\",status=\"{status}\"", label(route));
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(s.buckets.iter()) {
                cumulative += n;
                let _ = writeln!(out, "http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}");
            }
            let _ = writeln!(out, "http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}", s.count);
            let _ = writeln!(out, "http_request_duration_seconds_sum{{{labels}}} {}", s.sum_seconds);
            let _ = writeln!(out, "http_request_duration_seconds_count{{{labels}}} {}", s.count);
        }
    }
    out.push_str("# HELP db_pool_connections Database connections by pool and state.\n");
    out.push_str("# TYPE db_pool_connections gauge\n");
    let pools: &[(&str, &sqlx::AnyPool)] = if state.db.backend == app::backend::db::Backend::Sqlite {
        &[("read", &state.db.read), ("write", &state.db.write)]
    } else {
        &[("shared", &state.db.read)]
    };
    for (name, pool) in pools {
        let (size, idle) = (pool.size() as usize, pool.num_idle());
        let _ = writeln!(out, "db_pool_connections{{pool=\"{name}\",state=\"idle\"}} {idle}");
        let _ = writeln!(out, "db_pool_connections{{pool=\"{name}\",state=\"in_use\"}} {}", size.saturating_sub(idle));
        let _ = writeln!(
            out,
            "db_pool_connections{{pool=\"{name}\",state=\"max\"}} {}",
            pool.options().get_max_connections()
        );
    }
    out.push_str("# HELP password_checks_total Passwords checked against their hash at sign-in.\n");
    out.push_str("# TYPE password_checks_total counter\n");
    let _ = writeln!(out, "password_checks_total {}", state.metrics.password_checks());
    out.push_str("# HELP sse_streams_open Live-update streams (Server-Sent Events) open now.\n");
    out.push_str("# TYPE sse_streams_open gauge\n");
    let _ = writeln!(out, "sse_streams_open {}", state.metrics.sse_open());
    {
        let jobs = state.metrics.jobs.lock().unwrap_or_else(|e| e.into_inner());
        out.push_str("# HELP background_job_runs_total Background job runs by result.\n");
        out.push_str("# TYPE background_job_runs_total counter\n");
        for (job, j) in jobs.iter() {
            let _ = writeln!(out, "background_job_runs_total{{job=\"{job}\",result=\"ok\"}} {}", j.ok);
            let _ = writeln!(out, "background_job_runs_total{{job=\"{job}\",result=\"error\"}} {}", j.failed);
        }
        out.push_str("# HELP background_job_last_success_timestamp_seconds When the job last succeeded (unix time).\n");
        out.push_str("# TYPE background_job_last_success_timestamp_seconds gauge\n");
        for (job, j) in jobs.iter() {
            if let Some(t) = j.last_success_unix {
                let _ = writeln!(out, "background_job_last_success_timestamp_seconds{{job=\"{job}\"}} {t}");
            }
        }
    }
    out.push_str("# HELP audit_head_sequence Sequence number of the newest audit-trail entry.\n");
    out.push_str("# TYPE audit_head_sequence gauge\n");
    match app::backend::audit::head(&state.db).await {
        Ok((seq, _)) => {
            let _ = writeln!(out, "audit_head_sequence {seq}");
        }
        Err(e) => tracing::warn!("metrics: audit head unreadable: {e}"),
    }
    out.push_str("# HELP process_uptime_seconds Seconds since the server started.\n");
    out.push_str("# TYPE process_uptime_seconds gauge\n");
    let _ = writeln!(out, "process_uptime_seconds {:.0}", state.metrics.uptime_seconds());
    out
}
