//! `POST/DELETE /api/v1/session`, `GET /api/v1/me`.

use super::{json, ApiErr, ApiJson, ApiResult, Caller};
use app::backend::auth;
use app::backend::{AppState, ClientIp};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::Extension;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Credentials {
    username: String,
    password: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    body: ApiJson<Credentials>,
) -> ApiResult {
    let (user, token) = auth::sign_in(&state, &body.value.username, &body.value.password, &ip.0).await?;
    let mut res = json(StatusCode::OK, &user.me);
    let cookie = HeaderValue::from_str(&auth::session_cookie(&token, state.secure_cookies))
        .map_err(|_| ApiErr(app::error::AppError::Internal))?;
    res.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(res)
}

pub async fn sign_out(State(state): State<AppState>, _caller: Caller, headers: HeaderMap) -> ApiResult {
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if let Some(token) = auth::cookie_value(cookies, auth::session_cookie_name(state.secure_cookies)) {
        auth::sign_out(&state.db, token).await?;
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    if let Ok(v) = HeaderValue::from_str(&auth::clear_cookie(state.secure_cookies)) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    // The driver's phone signs out here (the desk app through its server function): a shared
    // phone forgets the cached note pages, the queue and the service worker of whoever signed
    // out. The page has already asked before dropping an unsent receipt (`driver.js`).
    res.headers_mut().insert("clear-site-data", HeaderValue::from_static(r#""cache", "storage""#));
    Ok(res)
}

pub async fn me(Caller(user): Caller) -> ApiResult {
    Ok(json(StatusCode::OK, &user.me))
}
