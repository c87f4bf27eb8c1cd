//! `/api/v1/users`.

use super::{id, idempotent, json, limit, ApiJson, ApiResult, Caller};
use app::backend::{users, AppState};
use app::domain::user::UserInput;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use std::collections::HashMap;

pub async fn list(
    State(state): State<AppState>,
    Caller(user): Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let page = users::list(&state, &user, q.get("cursor").map(String::as_str), limit(&q)?).await?;
    Ok(json(StatusCode::OK, &page))
}

pub async fn get(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &users::get(&state, &user, id(&raw)?).await?))
}

pub async fn create(
    State(state): State<AppState>,
    Caller(user): Caller,
    headers: HeaderMap,
    body: ApiJson<UserInput>,
) -> ApiResult {
    idempotent(&state, &user, &headers, &body.raw, users::create(&state, &user, &body.value)).await
}

pub async fn update(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: ApiJson<UserInput>,
) -> ApiResult {
    let id = id(&raw)?;
    Ok(json(StatusCode::OK, &users::update(&state, &user, id, &body.value).await?))
}
