//! `/api/v1/products`.

use super::{id, idempotent, json, limit, ApiJson, ApiResult, Caller};
use app::backend::{products, status, AppState};
use app::domain::fields::StatusChange;
use app::domain::product::Product;
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

pub async fn deactivate(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: ApiJson<StatusChange>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &status::set_active::<Product>(&state, &user, id(&raw)?, false, &body.value).await?))
}

pub async fn reactivate(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: ApiJson<StatusChange>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &status::set_active::<Product>(&state, &user, id(&raw)?, true, &body.value).await?))
}
