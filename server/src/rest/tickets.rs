//! `/api/v1/service-tickets` (API.md "After-sales"): record a service request and work it to
//! the customer's confirmation; `/api/v1/ticket-limits` (the urgencies' limits, settings);
//! `/api/v1/confirmations/{token}` (the customer's single-use link, no account).

use super::{
    desk_query, download, export_format, id, idempotent, json, ApiErr, ApiJson, ApiResult, Caller, OptionalJson,
};
use app::backend::registers;
use app::backend::{tickets, AppState, ClientIp, SessionUser};
use app::domain::ticket::{ConfirmationInput, Step, TicketInput, TicketLimits, TicketStepInput};
use app::error::AppError;
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
        None => Ok(json(StatusCode::OK, &tickets::list(&state, &user, &query).await?)),
        Some(format) => {
            download("service-tickets", format, &registers::ticket_register(&state, &user, &query, locale).await?)
        }
    }
}

pub async fn get(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &tickets::get(&state, &user, id(&raw)?).await?))
}

pub async fn create(
    State(state): State<AppState>,
    Caller(user): Caller,
    headers: HeaderMap,
    body: ApiJson<TicketInput>,
) -> ApiResult {
    idempotent(&state, &user, &headers, &body.raw, tickets::create(&state, &user, &body.value)).await
}

/// `POST /api/v1/service-tickets/{id}/{step}`: `respond`, `wait`, `resume`, `resolve`, `confirm`.
pub async fn step(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path((raw, step)): Path<(String, String)>,
    body: OptionalJson<TicketStepInput>,
) -> ApiResult {
    let step = Step::parse(&step).ok_or(ApiErr(AppError::NotFound))?;
    let user: SessionUser = user;
    Ok(json(StatusCode::OK, &tickets::step(&state, &user, id(&raw)?, step, &body.0).await?))
}

pub async fn get_limits(State(state): State<AppState>, Caller(user): Caller) -> ApiResult {
    Ok(json(StatusCode::OK, &tickets::get_limits(&state, &user).await?))
}

pub async fn put_limits(State(state): State<AppState>, Caller(user): Caller, body: ApiJson<TicketLimits>) -> ApiResult {
    Ok(json(StatusCode::OK, &tickets::put_limits(&state, &user, &body.value).await?))
}

/// `POST /api/v1/confirmations/{token}` `{satisfied, comment?}`: used 409, unknown 404 (and
/// counted: guessing is throttled with 429, like survey links).
pub async fn confirm_by_link(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    Path(token): Path<String>,
    body: ApiJson<ConfirmationInput>,
) -> ApiResult {
    let t = crate::survey::guarded(&state, &ip.0, tickets::confirm_by_link(&state, &token, &body.value)).await?;
    Ok(json(StatusCode::OK, &serde_json::json!({"confirmed": true, "number": t.number, "satisfied": t.satisfied})))
}
