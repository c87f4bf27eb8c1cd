//! `/api/v1/products`.

use super::{id, idempotent, json, limit, ApiJson, ApiResult, Caller};
use app::backend::{products, AppState};
use app::domain::product::ProductInput;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use std::collections::HashMap;

pub async fn list(
    State(state): State<AppState>,
    Caller(user): Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let search = q.get("q").map(String::as_str).unwrap_or("");
    let page = products::list(&state, &user, search, q.get("cursor").map(String::as_str), limit(&q)?).await?;
    Ok(json(StatusCode::OK, &page))
}

pub async fn get(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &products::get(&state, &user, id(&raw)?).await?))
}

pub async fn create(
    State(state): State<AppState>,
    Caller(user): Caller,
    headers: HeaderMap,
    body: ApiJson<ProductInput>,
) -> ApiResult {
    idempotent(&state, &user, &headers, &body.raw, products::create(&state, &user, &body.value)).await
}

pub async fn update(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: ApiJson<ProductInput>,
) -> ApiResult {
    let id = id(&raw)?;
    Ok(json(StatusCode::OK, &products::update(&state, &user, id, &body.value).await?))
}
