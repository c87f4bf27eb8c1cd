//! `/api/v1/orders`, amendments, price exceptions, delivery-date changes, the readiness
//! check and the approvals dashboard.

use super::{id, idempotent, json, limit, ApiJson, ApiResult, Caller, OptionalJson};
use app::backend::orders::Step;
use app::backend::{amendments, approvals, orders, readiness, AppState};
use app::domain::order::{AmendmentInput, DateChangeInput, OrderFilter, OrderInput};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use std::collections::HashMap;

pub async fn list(
    State(state): State<AppState>,
    Caller(user): Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let filter = OrderFilter {
        status: q.get("status").cloned().filter(|s| !s.is_empty()),
        customer_id: match q.get("customer_id").filter(|s| !s.is_empty()) {
            Some(c) => Some(
                c.parse()
                    .map_err(|_| super::ApiErr(app::error::AppError::validation("customer_id", "validation.id")))?,
            ),
            None => None,
        },
        sales_rep: q.get("sales_rep").cloned().filter(|s| !s.is_empty()),
        from: q.get("from").cloned().filter(|s| !s.is_empty()),
        to: q.get("to").cloned().filter(|s| !s.is_empty()),
    };
    let page = orders::list(&state, &user, &filter, q.get("cursor").map(String::as_str), limit(&q)?).await?;
    Ok(json(StatusCode::OK, &page))
}

pub async fn get(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &orders::get(&state, &user, id(&raw)?).await?))
}

pub async fn create(
    State(state): State<AppState>,
    Caller(user): Caller,
    headers: HeaderMap,
    body: ApiJson<OrderInput>,
) -> ApiResult {
    idempotent(&state, &user, &headers, &body.raw, orders::create(&state, &user, &body.value)).await
}

pub async fn update(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: ApiJson<OrderInput>,
) -> ApiResult {
    let id = id(&raw)?;
    Ok(json(StatusCode::OK, &orders::update_draft(&state, &user, id, &body.value).await?))
}

/// The optional body of a status change: the version the caller read, and a reason.
#[derive(Debug, Default, Deserialize)]
pub struct StepBody {
    #[serde(default)]
    pub version: Option<i64>,
    #[serde(default)]
    pub reason: Option<String>,
}

async fn step(state: AppState, user: app::backend::SessionUser, raw: String, step: Step, body: StepBody) -> ApiResult {
    let order = orders::step(&state, &user, id(&raw)?, step, body.reason.as_deref(), body.version).await?;
    Ok(json(StatusCode::OK, &order))
}

pub async fn submit(
    State(s): State<AppState>,
    Caller(u): Caller,
    Path(raw): Path<String>,
    b: OptionalJson<StepBody>,
) -> ApiResult {
    step(s, u, raw, Step::Submit, b.0).await
}
pub async fn approve(
    State(s): State<AppState>,
    Caller(u): Caller,
    Path(raw): Path<String>,
    b: OptionalJson<StepBody>,
) -> ApiResult {
    step(s, u, raw, Step::Approve, b.0).await
}
pub async fn reject(
    State(s): State<AppState>,
    Caller(u): Caller,
    Path(raw): Path<String>,
    b: OptionalJson<StepBody>,
) -> ApiResult {
    step(s, u, raw, Step::Reject, b.0).await
}
pub async fn withdraw(
    State(s): State<AppState>,
    Caller(u): Caller,
    Path(raw): Path<String>,
    b: OptionalJson<StepBody>,
) -> ApiResult {
    step(s, u, raw, Step::Withdraw, b.0).await
}
pub async fn revise(
    State(s): State<AppState>,
    Caller(u): Caller,
    Path(raw): Path<String>,
    b: OptionalJson<StepBody>,
) -> ApiResult {
    step(s, u, raw, Step::Revise, b.0).await
}
pub async fn cancel(
    State(s): State<AppState>,
    Caller(u): Caller,
    Path(raw): Path<String>,
    b: OptionalJson<StepBody>,
) -> ApiResult {
    step(s, u, raw, Step::Cancel, b.0).await
}

pub async fn amend(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: ApiJson<AmendmentInput>,
) -> ApiResult {
    let order_id = id(&raw)?;
    Ok(json(StatusCode::CREATED, &amendments::request(&state, &user, order_id, &body.value).await?))
}

pub async fn approve_amendment(
    State(s): State<AppState>,
    Caller(u): Caller,
    Path(raw): Path<String>,
    b: OptionalJson<StepBody>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &amendments::decide(&s, &u, id(&raw)?, true, b.0.reason.as_deref()).await?))
}
pub async fn reject_amendment(
    State(s): State<AppState>,
    Caller(u): Caller,
    Path(raw): Path<String>,
    b: OptionalJson<StepBody>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &amendments::decide(&s, &u, id(&raw)?, false, b.0.reason.as_deref()).await?))
}
pub async fn approve_price(
    State(s): State<AppState>,
    Caller(u): Caller,
    Path(raw): Path<String>,
    b: OptionalJson<StepBody>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &amendments::decide_price(&s, &u, id(&raw)?, true, b.0.reason.as_deref()).await?))
}
pub async fn reject_price(
    State(s): State<AppState>,
    Caller(u): Caller,
    Path(raw): Path<String>,
    b: OptionalJson<StepBody>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &amendments::decide_price(&s, &u, id(&raw)?, false, b.0.reason.as_deref()).await?))
}

pub async fn change_date(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: ApiJson<DateChangeInput>,
) -> ApiResult {
    let order_id = id(&raw)?;
    Ok(json(StatusCode::CREATED, &amendments::change_date(&state, &user, order_id, &body.value).await?))
}

pub async fn check_readiness(State(state): State<AppState>, Caller(user): Caller) -> ApiResult {
    Ok(json(StatusCode::OK, &readiness::check_now(&state, &user).await?))
}

pub async fn approvals(State(state): State<AppState>, Caller(user): Caller) -> ApiResult {
    Ok(json(StatusCode::OK, &approvals::dashboard(&state, &user).await?))
}

pub async fn escalations(State(state): State<AppState>, Caller(user): Caller) -> ApiResult {
    Ok(json(StatusCode::OK, &readiness::escalations(&state, &user).await?))
}
