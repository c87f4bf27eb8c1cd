//! `/api/v1/complaints` (API.md "After-sales"): register a complaint and work its 8D steps.

use super::{desk_query, download, export_format, id, idempotent, json, ApiJson, ApiResult, Caller, OptionalJson};
use app::backend::registers;
use app::backend::{complaints, AppState};
use app::domain::batch::NonconformityInput;
use app::domain::complaint::{ComplaintInput, RecallInput, Step, StepInput};
use app::i18n::Locale;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Extension;
use std::collections::HashMap;

pub async fn list(
    State(state): State<AppState>,
    Caller(user): Caller,
    Extension(locale): Extension<Locale>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let query = desk_query(&q)?;
    match export_format(&q)? {
        None => Ok(json(StatusCode::OK, &complaints::list(&state, &user, &query).await?)),
        Some(format) => {
            download("complaints", format, &registers::complaint_register(&state, &user, &query, locale).await?)
        }
    }
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

/// Quality records the complaint's batch as nonconforming.
pub async fn nonconformity(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: ApiJson<NonconformityInput>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &complaints::open_nonconformity(&state, &user, id(&raw)?, &body.value).await?))
}

/// Quality starts the recall of the complaint's batch.
pub async fn recall(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: OptionalJson<RecallInput>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &complaints::start_recall(&state, &user, id(&raw)?, &body.0).await?))
}
