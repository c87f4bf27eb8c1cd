//! `/api/v1/calendar`.

use super::{json, ApiJson, ApiResult, Caller};
use app::backend::{calendar, AppState};
use app::domain::calendar::CalendarInput;
use axum::extract::State;
use axum::http::StatusCode;

pub async fn get(State(state): State<AppState>, Caller(user): Caller) -> ApiResult {
    Ok(json(StatusCode::OK, &calendar::get(&state, &user).await?))
}

pub async fn put(State(state): State<AppState>, Caller(user): Caller, body: ApiJson<CalendarInput>) -> ApiResult {
    Ok(json(StatusCode::OK, &calendar::put(&state, &user, &body.value).await?))
}
