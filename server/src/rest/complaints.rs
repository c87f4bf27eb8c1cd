//! `/api/v1/complaints` (API.md "After-sales"): register a complaint and work its 8D steps.

use super::{desk_query, id, idempotent, json, ApiJson, ApiResult, Caller, OptionalJson};
use app::backend::{complaints, AppState};
use app::domain::complaint::{ComplaintInput, Step, StepInput};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use std::collections::HashMap;

pub async fn list(
    State(state): State<AppState>,
    Caller(user): Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let query = desk_query(&q)?;
    Ok(json(StatusCode::OK, &complaints::list(&state, &user, &query).await?))
}

pub async fn get(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &complaints::get(&state, &user, id(&raw)?).await?))
}

pub async fn create(
    State(state): State<AppState>,
    Caller(user): Caller,
    headers: HeaderMap,
    body: ApiJson<ComplaintInput>,
) -> ApiResult {
    idempotent(&state, &user, &headers, &body.raw, complaints::create(&state, &user, &body.value)).await
}

async fn step(state: AppState, user: app::backend::SessionUser, raw: String, step: Step, body: StepInput) -> ApiResult {
    Ok(json(StatusCode::OK, &complaints::step(&state, &user, id(&raw)?, step, &body).await?))
}

pub async fn containment(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: OptionalJson<StepInput>,
) -> ApiResult {
    step(state, user, raw, Step::Containment, body.0).await
}

pub async fn root_cause(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: OptionalJson<StepInput>,
) -> ApiResult {
    step(state, user, raw, Step::RootCause, body.0).await
}

pub async fn action(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: OptionalJson<StepInput>,
) -> ApiResult {
    step(state, user, raw, Step::Action, body.0).await
}

pub async fn verify(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: OptionalJson<StepInput>,
) -> ApiResult {
    step(state, user, raw, Step::Verify, body.0).await
}

pub async fn close(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: OptionalJson<StepInput>,
) -> ApiResult {
    step(state, user, raw, Step::Close, body.0).await
}
