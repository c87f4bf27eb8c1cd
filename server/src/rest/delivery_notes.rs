//! `/api/v1/delivery-notes` (API.md "Delivery notes"): issue, edit, approve, assign, load,
//! the driver's receipt (exactly once per `Idempotency-Key`) and cancel.

use super::orders::StepBody;
use super::{id, idempotent, json, limit, ApiErr, ApiJson, ApiResult, Caller, OptionalJson};
use app::backend::{delivery_notes as notes, AppState};
use app::domain::delivery::{AssignInput, LoadInput, NoteFilter, NoteInput, ReceiptInput};
use app::error::AppError;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use std::collections::HashMap;

pub async fn list(
    State(state): State<AppState>,
    Caller(user): Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let filter = NoteFilter {
        status: q.get("status").cloned().filter(|s| !s.is_empty()),
        order_id: match q.get("order_id").filter(|s| !s.is_empty()) {
            Some(c) => Some(c.parse().map_err(|_| ApiErr(AppError::validation("order_id", "validation.id")))?),
            None => None,
        },
    };
    let page = notes::list(&state, &user, &filter, q.get("cursor").map(String::as_str), limit(&q)?).await?;
    Ok(json(StatusCode::OK, &page))
}

pub async fn get(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &notes::get(&state, &user, id(&raw)?).await?))
}

pub async fn create(
    State(state): State<AppState>,
    Caller(user): Caller,
    headers: HeaderMap,
    body: ApiJson<NoteInput>,
) -> ApiResult {
    idempotent(&state, &user, &headers, &body.raw, notes::create(&state, &user, &body.value)).await
}

pub async fn update(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: ApiJson<NoteInput>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &notes::update(&state, &user, id(&raw)?, &body.value).await?))
}

pub async fn approve(
    State(s): State<AppState>,
    Caller(u): Caller,
    Path(raw): Path<String>,
    b: OptionalJson<StepBody>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &notes::approve(&s, &u, id(&raw)?, b.0.version).await?))
}

pub async fn cancel(
    State(s): State<AppState>,
    Caller(u): Caller,
    Path(raw): Path<String>,
    b: OptionalJson<StepBody>,
) -> ApiResult {
    let reason = b.0.reason.unwrap_or_default();
    Ok(json(StatusCode::OK, &notes::cancel(&s, &u, id(&raw)?, &reason, b.0.version).await?))
}

pub async fn assign(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: ApiJson<AssignInput>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &notes::assign(&state, &user, id(&raw)?, &body.value).await?))
}

pub async fn load(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: ApiJson<LoadInput>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &notes::load_goods(&state, &user, id(&raw)?, &body.value).await?))
}

/// The receipt: a retry with the same `Idempotency-Key` gets the first answer; another
/// receipt for the same note is refused (409).
pub async fn receipt(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: ApiJson<ReceiptInput>,
) -> ApiResult {
    let note_id = id(&raw)?;
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::trim).filter(|k| !k.is_empty());
    let run = notes::receive(&state, &user, note_id, &body.value, key);
    idempotent(&state, &user, &headers, &body.raw, run).await
}

pub async fn drivers(State(state): State<AppState>, Caller(user): Caller) -> ApiResult {
    let list: Vec<_> = notes::drivers(&state, &user)
        .await?
        .into_iter()
        .map(|(username, display_name)| serde_json::json!({"username": username, "display_name": display_name}))
        .collect();
    Ok(json(StatusCode::OK, &list))
}

/// `GET /api/v1/dashboards/deliveries?days=14`.
pub async fn board(
    State(state): State<AppState>,
    Caller(user): Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let days = match q.get("days").filter(|d| !d.is_empty()) {
        Some(d) => Some(d.parse::<i64>().map_err(|_| ApiErr(AppError::validation("days", "validation.days")))?),
        None => None,
    };
    Ok(json(StatusCode::OK, &app::backend::deliveries::dashboard(&state, &user, days).await?))
}
