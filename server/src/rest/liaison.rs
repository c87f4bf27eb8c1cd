//! `/api/v1/liaison-forms` (API.md "After-sales"): record a customer's complaint, suggestion
//! or expectation and work it through its department; `/api/v1/dashboards/service`.

use super::{
    desk_query, download, export_format, id, idempotent, json, ApiErr, ApiJson, ApiResult, Caller, OptionalJson,
};
use app::backend::registers;
use app::backend::{liaison, service_board, AppState};
use app::domain::liaison::{LiaisonInput, LiaisonStepInput, Step};
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
        None => Ok(json(StatusCode::OK, &liaison::list(&state, &user, &query).await?)),
        Some(format) => {
            download("liaison-forms", format, &registers::liaison_register(&state, &user, &query, locale).await?)
        }
    }
}

pub async fn get(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &liaison::get(&state, &user, id(&raw)?).await?))
}

pub async fn create(
    State(state): State<AppState>,
    Caller(user): Caller,
    headers: HeaderMap,
    body: ApiJson<LiaisonInput>,
) -> ApiResult {
    idempotent(&state, &user, &headers, &body.raw, liaison::create(&state, &user, &body.value)).await
}

/// `POST /api/v1/liaison-forms/{id}/{step}`: `route`, `acknowledge`, `analysis`, `measure`,
/// `verify`, `close`.
pub async fn step(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path((raw, step)): Path<(String, String)>,
    body: OptionalJson<LiaisonStepInput>,
) -> ApiResult {
    let step = Step::parse(&step).ok_or(ApiErr(AppError::NotFound))?;
    Ok(json(StatusCode::OK, &liaison::step(&state, &user, id(&raw)?, step, &body.0).await?))
}

/// `GET /api/v1/dashboards/service`.
pub async fn board(State(state): State<AppState>, Caller(user): Caller) -> ApiResult {
    Ok(json(StatusCode::OK, &service_board::service_board(&state, &user).await?))
}
