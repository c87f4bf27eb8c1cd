//! `/api/v1/inquiries` (API.md "After-sales"): record a customer's question, answer it once.

use super::{desk_query, download, export_format, id, idempotent, json, ApiJson, ApiResult, Caller};
use app::backend::inquiries;
use app::backend::registers;
use app::backend::AppState;
use app::domain::inquiry::{AnswerInput, InquiryInput};
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
        None => Ok(json(StatusCode::OK, &inquiries::list(&state, &user, &query).await?)),
        Some(format) => {
            download("inquiries", format, &registers::inquiry_register(&state, &user, &query, locale).await?)
        }
    }
}

pub async fn get(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &inquiries::get(&state, &user, id(&raw)?).await?))
}

pub async fn create(
    State(state): State<AppState>,
    Caller(user): Caller,
    headers: HeaderMap,
    body: ApiJson<InquiryInput>,
) -> ApiResult {
    idempotent(&state, &user, &headers, &body.raw, inquiries::create(&state, &user, &body.value)).await
}

pub async fn answer(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: ApiJson<AnswerInput>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &inquiries::answer(&state, &user, id(&raw)?, &body.value).await?))
}
