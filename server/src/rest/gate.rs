//! `/api/v1/batches`, inspections, stock-in, nonconformities, emergency releases, the batch
//! trace and recalls (API.md "Release gate").

use super::orders::StepBody;
use super::{id, idempotent, json, limit, ApiErr, ApiJson, ApiResult, Caller, OptionalJson};
use app::backend::{batches, recalls, releases, AppState};
use app::domain::batch::{
    BatchFilter, BatchInput, EmergencyReleaseInput, InspectionInput, NonconformityInput, ReturnInput,
};
use app::error::AppError;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use std::collections::HashMap;

pub async fn list(
    State(state): State<AppState>,
    Caller(user): Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let filter = BatchFilter {
        status: q.get("status").cloned().filter(|s| !s.is_empty()),
        product_id: match q.get("product_id").filter(|s| !s.is_empty()) {
            Some(c) => Some(c.parse().map_err(|_| ApiErr(AppError::validation("product_id", "validation.id")))?),
            None => None,
        },
        q: q.get("q").cloned(),
    };
    let page = batches::list(&state, &user, &filter, q.get("cursor").map(String::as_str), limit(&q)?).await?;
    Ok(json(StatusCode::OK, &page))
}

pub async fn get(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &batches::get(&state, &user, id(&raw)?).await?))
}

pub async fn create(
    State(state): State<AppState>,
    Caller(user): Caller,
    headers: HeaderMap,
    body: ApiJson<BatchInput>,
) -> ApiResult {
    idempotent(&state, &user, &headers, &body.raw, batches::create(&state, &user, &body.value)).await
}

pub async fn inspect(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: ApiJson<InspectionInput>,
) -> ApiResult {
    Ok(json(StatusCode::CREATED, &batches::inspect(&state, &user, id(&raw)?, &body.value).await?))
}

#[derive(Debug, Default, Deserialize)]
pub struct AcceptBody {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    version: Option<i64>,
}

pub async fn accept(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: OptionalJson<AcceptBody>,
) -> ApiResult {
    let b = body.0;
    Ok(json(StatusCode::OK, &batches::accept_out_of_spec(&state, &user, id(&raw)?, &b.reason, b.version).await?))
}

#[derive(Debug, Default, Deserialize)]
pub struct StockInBody {
    #[serde(default)]
    certificate_no: Option<String>,
    #[serde(default)]
    version: Option<i64>,
}

pub async fn stock_in(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: OptionalJson<StockInBody>,
) -> ApiResult {
    let b = body.0;
    let batch = batches::stock_in(&state, &user, id(&raw)?, b.certificate_no.as_deref(), b.version).await?;
    Ok(json(StatusCode::OK, &batch))
}

pub async fn nonconformity(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: ApiJson<NonconformityInput>,
) -> ApiResult {
    Ok(json(StatusCode::CREATED, &batches::record_nonconformity(&state, &user, id(&raw)?, &body.value).await?))
}

pub async fn nonconformities(State(state): State<AppState>, Caller(user): Caller) -> ApiResult {
    Ok(json(
        StatusCode::OK,
        &serde_json::json!({"items": batches::nonconformities(&state, &user).await?, "next_cursor": null}),
    ))
}

#[derive(Debug, Default, Deserialize)]
pub struct CloseBody {
    #[serde(default)]
    result: String,
    #[serde(default)]
    version: Option<i64>,
}

pub async fn close_nonconformity(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: OptionalJson<CloseBody>,
) -> ApiResult {
    let b = body.0;
    Ok(json(StatusCode::OK, &batches::close_nonconformity(&state, &user, id(&raw)?, &b.result, b.version).await?))
}

pub async fn trace(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &batches::trace(&state, &user, id(&raw)?).await?))
}

pub async fn request_release(
    State(state): State<AppState>,
    Caller(user): Caller,
    headers: HeaderMap,
    body: ApiJson<EmergencyReleaseInput>,
) -> ApiResult {
    idempotent(&state, &user, &headers, &body.raw, releases::request(&state, &user, &body.value)).await
}

pub async fn releases(
    State(state): State<AppState>,
    Caller(user): Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let status = q.get("status").map(String::as_str).unwrap_or("");
    Ok(json(
        StatusCode::OK,
        &serde_json::json!({"items": releases::list(&state, &user, status).await?, "next_cursor": null}),
    ))
}

pub async fn release(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &releases::get(&state, &user, id(&raw)?).await?))
}

pub async fn approve_release(
    State(s): State<AppState>,
    Caller(u): Caller,
    Path(raw): Path<String>,
    b: OptionalJson<StepBody>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &releases::decide(&s, &u, id(&raw)?, true, b.0.reason.as_deref()).await?))
}

pub async fn reject_release(
    State(s): State<AppState>,
    Caller(u): Caller,
    Path(raw): Path<String>,
    b: OptionalJson<StepBody>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &releases::decide(&s, &u, id(&raw)?, false, b.0.reason.as_deref()).await?))
}

pub async fn recalls(
    State(state): State<AppState>,
    Caller(user): Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let only_open = q.get("status").is_some_and(|s| s == "open");
    Ok(json(
        StatusCode::OK,
        &serde_json::json!({"items": recalls::list(&state, &user, only_open).await?, "next_cursor": null}),
    ))
}

pub async fn recall(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &recalls::get(&state, &user, id(&raw)?).await?))
}

pub async fn recall_return(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: ApiJson<ReturnInput>,
) -> ApiResult {
    Ok(json(StatusCode::CREATED, &recalls::record_return(&state, &user, id(&raw)?, &body.value).await?))
}
