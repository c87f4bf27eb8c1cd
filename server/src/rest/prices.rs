//! `/api/v1/prices`.

use super::{id, idempotent, json, limit, ApiErr, ApiJson, ApiResult, Caller};
use app::backend::{prices, AppState};
use app::domain::price::PriceInput;
use app::error::AppError;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use std::collections::HashMap;

pub async fn list(
    State(state): State<AppState>,
    Caller(user): Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let product = match q.get("product_id") {
        None => None,
        Some(p) => Some(p.parse::<i64>().map_err(|_| ApiErr(AppError::validation("product_id", "validation.id")))?),
    };
    let page = prices::list(&state, &user, product, q.get("cursor").map(String::as_str), limit(&q)?).await?;
    Ok(json(StatusCode::OK, &page))
}

pub async fn get(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &prices::get(&state, &user, id(&raw)?).await?))
}

pub async fn create(
    State(state): State<AppState>,
    Caller(user): Caller,
    headers: HeaderMap,
    body: ApiJson<PriceInput>,
) -> ApiResult {
    idempotent(&state, &user, &headers, &body.raw, prices::create(&state, &user, &body.value)).await
}
