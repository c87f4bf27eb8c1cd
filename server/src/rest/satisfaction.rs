//! `/api/v1/survey-periods`, `/surveys/{token}`, `/corrective-actions`,
//! `/satisfaction-targets` and `/dashboards/satisfaction` (API.md "Satisfaction"), and the
//! sales performance report with its targets (`/dashboards/performance`, `/sales-targets`).

use super::orders::StepBody;
use super::{id, json, ApiErr, ApiJson, ApiResult, Caller, OptionalJson};
use app::backend::{performance, satisfaction, AppState, ClientIp};
use app::domain::performance::SalesTargetInput;
use app::domain::satisfaction::{CorrectiveActionInput, PeriodInput, ScoresInput, Targets};
use app::error::AppError;
use app::i18n::Locale;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::Extension;
use std::collections::HashMap;

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
    crate::survey::guarded(&state, &ip.0, satisfaction::answer(&state, &token, &body.value)).await?;
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

pub async fn action(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &satisfaction::action(&state, &user, id(&raw)?).await?))
}

/// `GET /survey-periods/{id}/report.xlsx`: the results for top management.
pub async fn report_xlsx(
    State(state): State<AppState>,
    Caller(user): Caller,
    Extension(locale): Extension<Locale>,
    Path(raw): Path<String>,
) -> ApiResult {
    let id = id(&raw)?;
    let body = satisfaction::report_xlsx(&state, &user, id, locale).await?;
    let mut res = (StatusCode::OK, body).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"satisfaction-{id}.xlsx\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

/// `GET /dashboards/performance?year=&half=`: the sales performance of a half year (the
/// current one by default).
pub async fn performance(
    State(state): State<AppState>,
    Caller(user): Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let year = match q.get("year").filter(|s| !s.is_empty()) {
        Some(y) => Some(y.parse().map_err(|_| ApiErr(AppError::validation("year", "validation.year")))?),
        None => None,
    };
    let half = match q.get("half").filter(|s| !s.is_empty()) {
        Some(h) => Some(h.parse().map_err(|_| ApiErr(AppError::validation("half", "validation.half")))?),
        None => None,
    };
    let period = performance::period_or_current(year, half)?;
    Ok(json(StatusCode::OK, &performance::report(&state, &user, period).await?))
}

/// `PUT /sales-targets {sales_rep, year, half, amount_fen}`: answers with the half year's report.
pub async fn set_sales_target(
    State(state): State<AppState>,
    Caller(user): Caller,
    body: ApiJson<SalesTargetInput>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &performance::set_target(&state, &user, &body.value).await?))
}
