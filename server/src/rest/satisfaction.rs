//! `/api/v1/survey-periods`, `/surveys/{token}`, `/corrective-actions`,
//! `/satisfaction-targets` and `/dashboards/satisfaction` (API.md "Satisfaction").

use super::orders::StepBody;
use super::{id, json, ApiErr, ApiJson, ApiResult, Caller, OptionalJson};
use app::backend::{satisfaction, AppState, ClientIp};
use app::domain::satisfaction::{CorrectiveActionInput, PeriodInput, ScoresInput, Targets};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Extension;

pub async fn open(State(state): State<AppState>, Caller(user): Caller, body: ApiJson<PeriodInput>) -> ApiResult {
    Ok(json(StatusCode::CREATED, &satisfaction::open(&state, &user, &body.value).await?))
}

pub async fn get(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &satisfaction::get(&state, &user, id(&raw)?).await?))
}

pub async fn close(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: OptionalJson<StepBody>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &satisfaction::close(&state, &user, id(&raw)?, body.0.version).await?))
}

/// The customer's answer, no account: rate limited per address.
pub async fn answer(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    Path(token): Path<String>,
    body: ApiJson<ScoresInput>,
) -> ApiResult {
    crate::survey::throttle(&ip.0).map_err(ApiErr)?;
    if let Err(e) = satisfaction::answer(&state, &token, &body.value).await {
        if e == app::error::AppError::NotFound {
            crate::survey::miss(&ip.0);
        }
        return Err(ApiErr(e));
    }
    Ok(json(StatusCode::CREATED, &serde_json::json!({"answered": true})))
}

pub async fn actions(State(state): State<AppState>, Caller(user): Caller) -> ApiResult {
    let items = satisfaction::actions(&state, &user).await?;
    Ok(json(StatusCode::OK, &serde_json::json!({"items": items, "next_cursor": null})))
}

pub async fn update_action(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: ApiJson<CorrectiveActionInput>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &satisfaction::update_action(&state, &user, id(&raw)?, &body.value).await?))
}

pub async fn set_targets(State(state): State<AppState>, Caller(user): Caller, body: ApiJson<Targets>) -> ApiResult {
    Ok(json(StatusCode::OK, &satisfaction::set_targets(&state, &user, &body.value).await?))
}

pub async fn dashboard(State(state): State<AppState>, Caller(user): Caller) -> ApiResult {
    Ok(json(StatusCode::OK, &satisfaction::dashboard(&state, &user).await?))
}
