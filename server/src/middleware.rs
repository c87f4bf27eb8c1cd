//! Request middleware: who is calling (session cookie → user), in which language, from
//! where; the CSRF origin check; security headers; and the language switch.

use app::backend::auth::{self, cookie_value};
use app::backend::{AppState, ClientIp};
use app::error::AppError;
use app::i18n::Locale;
use axum::body::Body;
use axum::extract::{ConnectInfo, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use std::net::SocketAddr;

pub const LANG_COOKIE: &str = "lang";

/// The request's language: the `lang` cookie, else `Accept-Language`.
pub fn locale_of(headers: &HeaderMap) -> Locale {
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if let Some(l) = cookie_value(cookies, LANG_COOKIE).and_then(Locale::parse) {
        return l;
    }
    headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(Locale::negotiate).unwrap_or_default()
}

/// Attaches the locale, the client address and (for a live session) the user to the request.
pub async fn session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let is_static = path.starts_with("/pkg/")
        || path.starts_with("/i18n/")
        || path.starts_with("/favicon")
        || path == "/healthz"
        || path == "/pages.css";
    let locale = locale_of(req.headers());
    req.extensions_mut().insert(locale);
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let ip = state.client_ip(peer, forwarded);
    req.extensions_mut().insert(ClientIp(ip.clone()));
    let mut signed_in: Option<String> = None;
    if !is_static {
        let cookies = req.headers().get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        if let Some(token) = cookie_value(&cookies, auth::session_cookie_name(state.secure_cookies)) {
            match auth::resolve(&state.db, token, state.session_idle_ms).await {
                Ok(Some(user)) => {
                    signed_in = Some(user.me.username.clone());
                    req.extensions_mut().insert(user);
                }
                Ok(None) => {}
                Err(_) => return error_response(AppError::Internal, locale),
            }
        }
    }
    if req.method() == Method::GET {
        if signed_in.is_none() && needs_sign_in(req.uri().path()) {
            return Redirect::to("/signin").into_response();
        }
        if signed_in.is_some() && req.uri().path() == "/signin" {
            return Redirect::to("/").into_response();
        }
    }
    // logged without the token of a customer's link
    let (method, path) = (req.method().clone(), app::backend::links::redact_path(req.uri().path()));
    let res = next.run(req).await;
    let status = res.status();
    if matches!(status, StatusCode::FORBIDDEN | StatusCode::TOO_MANY_REQUESTS) {
        // Security events: who (or which address) was refused what. Times are UTC.
        let user = signed_in.as_deref().unwrap_or("-");
        tracing::warn!(target: "security", status = status.as_u16(), user, ip = %ip, %method, path, "refused");
    }
    res
}

/// Pages (not the API, assets or public links) that only a signed-in user may open.
fn needs_sign_in(path: &str) -> bool {
    const PUBLIC: [&str; 15] = [
        "/signin",
        "/i18n/",
        "/api/",
        "/pkg/",
        "/lang/",
        "/favicon",
        "/healthz",
        "/readyz",
        "/metrics",
        "/driver.js",
        "/pages.css",
        "/sw.js",
        "/survey/",
        "/confirm/",
        "/sds/",
    ];
    !PUBLIC.iter().any(|p| path.starts_with(p))
}

/// CSRF: a state-changing request whose `Origin` names another origin than ours is refused
/// (403). Requests without `Origin` (scripts, not browsers) are judged by their session alone.
pub async fn csrf(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        if let Some(origin) = req.headers().get(header::ORIGIN) {
            let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
            let origin = origin.to_str().unwrap_or("");
            let same = origin
                .split_once("://")
                .is_some_and(|(scheme, rest)| matches!(scheme, "http" | "https") && rest.eq_ignore_ascii_case(host));
            if !same {
                let locale = locale_of(req.headers());
                return error_response(AppError::Forbidden, locale);
            }
        }
    }
    next.run(req).await
}

pub async fn security_headers(req: Request, next: Next) -> Response {
    let https =
        req.headers().get("x-forwarded-proto").is_some_and(|v| v == "https") || req.uri().scheme_str() == Some("https");
    // Pages and API answers may hold someone's records: no browser or proxy keeps a copy
    // (ASVS 5.0 14.3.2). The versioned assets under /pkg/ are public and cacheable.
    let path = req.uri().path();
    let public_asset =
        path.starts_with("/pkg/") || path.starts_with("/favicon") || path == "/driver.js" || path == "/pages.css";
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if !public_asset && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(v) = HeaderValue::from_str(&app::backend::security::content_security_policy(None)) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(self), geolocation=(self), microphone=()"));
    if https {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    res
}

/// `GET /lang/{tag}?return=/path`: remembers the language in a cookie and goes back.
pub async fn set_language(Path(tag): Path<String>, Query(q): Query<HashMap<String, String>>) -> Response {
    let Some(locale) = Locale::parse(&tag) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let back = app::backend::security::local_return(q.get("return").map(String::as_str));
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", locale.tag());
    let mut res = Redirect::to(back).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

/// One language's texts for the browser's code (`app::i18n::catalogue`), at the name the
/// page's head gives: `/i18n/<tag>.<version>.txt`. The current version is cached for good; an
/// older name (a page rendered before an upgrade) gets today's texts, not cached.
pub async fn texts(Path(file): Path<String>) -> Response {
    let Some(locale) = file.split('.').next().and_then(Locale::parse) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(name) = file.strip_suffix(".txt") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let current = app::i18n::catalogue_path(locale);
    let cache = if current.strip_prefix("/i18n/").and_then(|c| c.strip_suffix(".txt")) == Some(name) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, cache)],
        app::i18n::catalogue(locale),
    )
        .into_response()
}

/// The API error shape: `{"error": {"code", "message", "field"?}}`, message translated.
pub fn error_response(err: AppError, locale: Locale) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut error = serde_json::json!({
        "code": err.code(),
        "message": app::i18n::render(locale, &err.msg()),
    });
    if let Some(field) = err.field() {
        error["field"] = serde_json::Value::String(field.to_string());
    }
    let body = serde_json::json!({ "error": error }).to_string();
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = status;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res
}
