//! Order register server functions: the register, an order, its lifecycle, amendments,
//! price exceptions, date changes, the approvals dashboard, the ledger and the readiness check.

use crate::domain::approval::Approvals;
use crate::domain::ledger::{LedgerFilter, LedgerRow};
use crate::domain::order::{
    Amendment, AmendmentInput, DateChangeInput, Order, OrderFilter, OrderInput, OrderSummary, ReadinessReport,
};
use crate::domain::Page;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;

#[server(input = Postcard, output = Postcard)]
pub async fn list_orders(filter: OrderFilter, cursor: Option<String>) -> Result<Page<OrderSummary>, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::orders::list(&state, &user, &filter, cursor.as_deref(), Some(25)).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn get_order(id: i64) -> Result<Order, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::orders::get(&state, &user, id).await }).await
}

/// Creates (`id` = None) or edits a draft.
#[server(input = Postcard, output = Postcard)]
pub async fn save_order(id: Option<i64>, input: OrderInput) -> Result<Order, AppError> {
    super::ctx::run(|state, user| async move {
        match id {
            None => crate::backend::orders::create(&state, &user, &input).await,
            Some(id) => crate::backend::orders::update_draft(&state, &user, id, &input).await,
        }
    })
    .await
}

/// `step` is one of submit, withdraw, approve, reject, revise, cancel. Like the other decisions
/// below, it answers only whether it was done: the pages that take it show the record through
/// its live update, so the browser carries no decoder for a record it would throw away.
#[server(input = Postcard, output = Postcard)]
pub async fn order_step(id: i64, step: String, reason: Option<String>, version: Option<i64>) -> Result<(), AppError> {
    super::ctx::run(|state, user| async move {
        use crate::backend::orders::{step as run_step, Step};
        let step = match step.as_str() {
            "submit" => Step::Submit,
            "withdraw" => Step::Withdraw,
            "approve" => Step::Approve,
            "reject" => Step::Reject,
            "revise" => Step::Revise,
            "cancel" => Step::Cancel,
            _ => return Err(AppError::validation("step", "validation.status")),
        };
        run_step(&state, &user, id, step, reason.as_deref(), version).await.map(drop)
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn request_amendment(order_id: i64, input: AmendmentInput) -> Result<Amendment, AppError> {
    super::ctx::run(
        |state, user| async move { crate::backend::amendments::request(&state, &user, order_id, &input).await },
    )
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn decide_amendment(id: i64, approve: bool, reason: Option<String>) -> Result<(), AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::amendments::decide(&state, &user, id, approve, reason.as_deref()).await.map(drop)
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn decide_price_exception(id: i64, approve: bool, reason: Option<String>) -> Result<(), AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::amendments::decide_price(&state, &user, id, approve, reason.as_deref()).await.map(drop)
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn change_delivery_date(order_id: i64, input: DateChangeInput) -> Result<Order, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::amendments::change_date(&state, &user, order_id, &input).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn approval_queue() -> Result<Approvals, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::approvals::dashboard(&state, &user).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn list_ledger(filter: LedgerFilter, cursor: Option<String>) -> Result<Page<LedgerRow>, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::ledger::list(&state, &user, &filter, cursor.as_deref(), Some(50)).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn run_readiness() -> Result<ReadinessReport, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::readiness::check_now(&state, &user).await }).await
}

/// A choice in the order form's pickers.
/// Every active customer and product (products with today's list price), for the forms'
/// drop-downs.
#[server(input = Postcard, output = Postcard)]
pub async fn order_choices(
) -> Result<(Vec<crate::domain::order_line::Pick>, Vec<crate::domain::order_line::Pick>), AppError> {
    super::ctx::run(|state, user| async move { crate::backend::picks::all(&state, &user).await }).await
}

/// The order form's pickers: customers or products whose code or name holds `q`, or those with
/// the given ids.
#[server(input = Postcard, output = Postcard)]
pub async fn find_picks(
    kind: crate::domain::order_line::PickKind,
    q: String,
    ids: Vec<i64>,
) -> Result<Vec<crate::domain::order_line::Pick>, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::picks::find(&state, &user, kind, &q, &ids).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn open_escalations() -> Result<Vec<crate::domain::order::Escalation>, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::readiness::escalations(&state, &user).await }).await
}
