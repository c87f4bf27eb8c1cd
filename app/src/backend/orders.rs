//! The order service (合同/订单登记表): create and edit drafts at list price, submit,
//! approve (deputy GM, never the creator), reject, withdraw, revise and cancel. Every change
//! is one transaction with its audit entry, then an event for live pages.

use super::audit::{self, snapshot, Change};
use super::db::{now_ms, today, Tx};
use super::store::orders::{self as store, NewLine, NewOrder};
use super::store::{customers, prices, products, Page};
use super::{page_limit, AppState, SessionUser};
use crate::domain::customer::PermitStatus;
use crate::domain::order::{
    self as rules, Order, OrderCommand, OrderFilter, OrderInput, OrderStatus, OrderSummary, ValidLine,
};
use crate::domain::role::{can_change_order, may_change_orders, OrderChange};
use crate::domain::{fields, Action};
use crate::error::{AppError, Msg};
use chrono::{Datelike, NaiveDate};

pub async fn list(
    state: &AppState,
    user: &SessionUser,
    filter: &OrderFilter,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<OrderSummary>, AppError> {
    user.require(Action::ReadOrders)?;
    filter.validate()?;
    let limit = page_limit(limit)?;
    let cursor = match cursor.filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => {
            let (date, id) = c.split_once('_').ok_or_else(|| AppError::validation("cursor", "validation.cursor"))?;
            Some((
                date.to_string(),
                id.parse::<i64>().map_err(|_| AppError::validation("cursor", "validation.cursor"))?,
            ))
        }
    };
    let mut conn = state.db.read.acquire().await?;
    let rows = store::list(&mut conn, filter, cursor, limit + 1).await?;
    Ok(Page::from_rows(rows, limit, |o| format!("{}_{}", o.order_date, o.id)))
}

pub async fn get(state: &AppState, user: &SessionUser, id: i64) -> Result<Order, AppError> {
    user.require(Action::ReadOrders)?;
    let mut conn = state.db.read.acquire().await?;
    store::get(&mut conn, id).await?.ok_or(AppError::NotFound)
}

/// Loads an order for a change inside the transaction, checking the version the caller read.
async fn load(tx: &mut Tx, id: i64, version: Option<i64>) -> Result<Order, AppError> {
    let order = store::get(tx, id).await?.ok_or(AppError::NotFound)?;
    if version.is_some_and(|v| v != order.version) {
        return Err(AppError::conflict("conflict.stale"));
    }
    Ok(order)
}

/// Refuses (403) a caller who may not make `change` to any order, before anything is read.
pub(crate) fn require_change(user: &SessionUser, change: OrderChange) -> Result<(), AppError> {
    if may_change_orders(&user.me.roles, change) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Refuses (403) a caller who may not make `change` to this order: another rep's order is
/// theirs (`domain::role::can_change_order`).
pub(crate) fn require_owner(user: &SessionUser, order: &Order, change: OrderChange) -> Result<(), AppError> {
    if can_change_order(&user.me.roles, user.username(), &order.sales_rep, change) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Loads an order the caller wants to change: theirs to change (else 403), then at the
/// version they read (else 409).
async fn load_to_change(
    tx: &mut Tx,
    user: &SessionUser,
    id: i64,
    version: Option<i64>,
    change: OrderChange,
) -> Result<Order, AppError> {
    let order = load(tx, id, None).await?;
    require_owner(user, &order, change)?;
    if version.is_some_and(|v| v != order.version) {
        return Err(AppError::conflict("conflict.stale"));
    }
    Ok(order)
}

/// Prices and checks the lines: active products, a list price valid on `priced_on`, and
/// hazardous products only for a customer whose permit is valid on the delivery date.
pub(crate) async fn price_lines(
    tx: &mut Tx,
    customer_id: i64,
    delivery_date: NaiveDate,
    priced_on: &str,
    lines: &[ValidLine],
) -> Result<Vec<NewLine>, AppError> {
    let customer = customers::get(tx, customer_id)
        .await?
        .ok_or_else(|| AppError::validation("customer_id", "validation.customer_unknown"))?;
    if !customer.active {
        return Err(AppError::validation("customer_id", "validation.customer_inactive"));
    }
    let mut out = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let field = format!("lines[{i}].product_id");
        let product = products::get(tx, line.product_id)
            .await?
            .ok_or_else(|| AppError::validation(&field, "validation.product_unknown"))?;
        if !product.active {
            return Err(AppError::validation(&field, "validation.product_inactive"));
        }
        let permit = customer.permit_status_on(delivery_date);
        if !rules::hazardous_allowed(product.hazardous, permit) {
            let msg = match (permit, customer.permit()) {
                (PermitStatus::Expired, Some(p)) => Msg::new("order.rule.permit_expired")
                    .arg("customer", &customer.name)
                    .arg("permit", &p.number)
                    .arg("expiry", p.valid_until)
                    .arg("product", &product.name)
                    .arg("date", delivery_date),
                _ => {
                    Msg::new("order.rule.permit_missing").arg("customer", &customer.name).arg("product", &product.name)
                }
            };
            return Err(AppError::Conflict(msg));
        }
        let list = prices::valid_on(tx, product.id, priced_on).await?.ok_or_else(|| AppError::Validation {
            field: field.clone(),
            msg: Msg::new("validation.no_list_price").arg("date", priced_on),
        })?;
        out.push(NewLine {
            product_id: product.id,
            quantity_milli: line.quantity,
            unit_price_fen: line.unit_price_fen.unwrap_or(list.unit_price_fen),
            list_price_fen: list.unit_price_fen,
        });
    }
    Ok(out)
}

pub(crate) fn total(lines: &[NewLine]) -> i64 {
    lines.iter().map(|l| store::line_amount(l.quantity_milli, l.unit_price_fen)).sum()
}

/// Opens a pending price exception for every line priced off the list that has none yet.
pub(crate) async fn request_price_exceptions(
    tx: &mut Tx,
    order_id: i64,
    lines: &[NewLine],
    by: &str,
    now: i64,
) -> Result<usize, AppError> {
    let mut opened = 0;
    for l in lines.iter().filter(|l| rules::needs_price_exception(l.unit_price_fen, l.list_price_fen)) {
        if !store::has_live_exception(tx, order_id, l.product_id, l.unit_price_fen).await? {
            store::insert_price_exception(tx, order_id, l.product_id, l.list_price_fen, l.unit_price_fen, by, now)
                .await?;
            opened += 1;
        }
    }
    Ok(opened)
}

fn change<'a>(
    user: &'a SessionUser,
    action: &'a str,
    id: i64,
    before: Option<&Order>,
    after: Option<&Order>,
) -> Change<'a> {
    Change {
        actor: user.username(),
        action,
        entity: "order",
        entity_id: Some(id),
        before: before.and_then(snapshot),
        after: after.and_then(snapshot),
    }
}

pub async fn create(state: &AppState, user: &SessionUser, input: &OrderInput) -> Result<Order, AppError> {
    user.require(Action::WriteOrders)?;
    let valid = input.validate()?;
    let now = now_ms();
    let day = today();
    if valid.requested_delivery_date < day {
        return Err(AppError::validation("requested_delivery_date", "validation.date_past"));
    }
    let order_date = day.format("%Y-%m-%d").to_string();
    let mut tx = state.db.begin().await?;
    let lines =
        price_lines(&mut tx, valid.customer_id, valid.requested_delivery_date, &order_date, &valid.lines).await?;
    let seq = store::next_number(&mut tx, "order", day.year()).await?;
    let number = format!("SO-{}-{seq:06}", day.year());
    let delivery = valid.requested_delivery_date.format("%Y-%m-%d").to_string();
    let new = NewOrder {
        number: &number,
        customer_id: valid.customer_id,
        sales_rep: user.username(),
        order_date: &order_date,
        requested_delivery_date: &delivery,
        contract_ref: valid.contract_ref.as_deref(),
        total_fen: total(&lines),
        now,
    };
    let id = store::insert(&mut tx, &new).await?;
    store::replace_lines(&mut tx, id, &lines).await?;
    request_price_exceptions(&mut tx, id, &lines, user.username(), now).await?;
    let created = load(&mut tx, id, None).await?;
    audit::append(&mut tx, change(user, "create", id, None, Some(&created))).await?;
    tx.commit().await?;
    state.publish("order", id);
    Ok(created)
}

/// Edits a draft (only its own rep may): lines are repriced and price exceptions re-requested.
pub async fn update_draft(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    input: &OrderInput,
) -> Result<Order, AppError> {
    user.require(Action::WriteOrders)?;
    let version = input.version.ok_or_else(|| AppError::validation("version", "validation.required"))?;
    let valid = input.validate()?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = load_to_change(&mut tx, user, id, Some(version), OrderChange::Edit).await?;
    if before.status != OrderStatus::Draft {
        return Err(AppError::Conflict(Msg::new("order.rule.edit_draft_only").arg("status", before.status.key())));
    }
    let lines =
        price_lines(&mut tx, valid.customer_id, valid.requested_delivery_date, &before.order_date, &valid.lines)
            .await?;
    let delivery = valid.requested_delivery_date.format("%Y-%m-%d").to_string();
    if !store::update_header(
        &mut tx,
        id,
        version,
        valid.customer_id,
        &delivery,
        valid.contract_ref.as_deref(),
        total(&lines),
        before.revision,
        now,
    )
    .await?
    {
        return Err(AppError::conflict("conflict.stale"));
    }
    store::withdraw_pending_exceptions(&mut tx, id, now).await?;
    store::replace_lines(&mut tx, id, &lines).await?;
    request_price_exceptions(&mut tx, id, &lines, user.username(), now).await?;
    let after = load(&mut tx, id, None).await?;
    audit::append(&mut tx, change(user, "update", id, Some(&before), Some(&after))).await?;
    tx.commit().await?;
    state.publish("order", id);
    Ok(after)
}

/// A command on the order's status machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Submit,
    Withdraw,
    Approve,
    Reject,
    Revise,
    Cancel,
}

impl Step {
    /// What the step changes, for the ownership rule; `None` for the deputy GM's decisions.
    fn change(self) -> Option<OrderChange> {
        match self {
            Step::Submit | Step::Withdraw | Step::Revise => Some(OrderChange::Edit),
            Step::Cancel => Some(OrderChange::Cancel),
            Step::Approve | Step::Reject => None,
        }
    }
    fn key(self) -> &'static str {
        match self {
            Step::Submit => "submit",
            Step::Withdraw => "withdraw",
            Step::Approve => "approve",
            Step::Reject => "reject",
            Step::Revise => "revise",
            Step::Cancel => "cancel",
        }
    }
}

/// Moves an order through its status machine. Reject and cancel need a reason. The rep's steps
/// are the rep's own (the sales manager may also cancel); approval and rejection the deputy GM's.
pub async fn step(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    step: Step,
    reason: Option<&str>,
    version: Option<i64>,
) -> Result<Order, AppError> {
    match step.change() {
        Some(change) => require_change(user, change)?,
        None => user.require(Action::ApproveOrders)?,
    }
    let reason = match step {
        Step::Reject | Step::Cancel => Some(fields::required("reason", reason.unwrap_or(""), 500)?),
        _ => fields::optional("reason", reason, 500)?,
    };
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = match step.change() {
        Some(change) => load_to_change(&mut tx, user, id, version, change).await?,
        None => load(&mut tx, id, version).await?,
    };
    let by_creator = before.sales_rep == user.username();
    let command = match step {
        Step::Submit => OrderCommand::Submit { lines: before.lines.len() },
        Step::Withdraw => OrderCommand::Withdraw { by_creator },
        Step::Approve => {
            let open = store::open_exception_count(&mut tx, id).await? as usize;
            OrderCommand::Approve { by_creator, open_price_exceptions: open }
        }
        Step::Reject => OrderCommand::Reject,
        Step::Revise => OrderCommand::Revise,
        Step::Cancel => {
            OrderCommand::Cancel { delivered_anything: before.lines.iter().any(|l| l.delivered_quantity > 0.0) }
        }
    };
    let next = rules::apply(before.status, &command)?;
    if step == Step::Submit {
        // a price rejected earlier and left unchanged is asked for again
        let lines: Vec<NewLine> = before
            .lines
            .iter()
            .map(|l| NewLine {
                product_id: l.product_id,
                quantity_milli: rules::to_milli("quantity", l.quantity).unwrap_or(0),
                unit_price_fen: l.unit_price_fen,
                list_price_fen: l.list_price_fen,
            })
            .collect();
        request_price_exceptions(&mut tx, id, &lines, &before.sales_rep, now).await?;
    }
    let approved_by = (step == Step::Approve).then(|| user.username());
    if !store::set_status(&mut tx, id, before.version, next, reason.as_deref(), approved_by, now).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    if step == Step::Approve {
        let approved = load(&mut tx, id, None).await?;
        let snapshot = serde_json::to_string(&approved).unwrap_or_default();
        store::insert_revision(&mut tx, id, approved.revision, &snapshot, user.username(), None, now).await?;
    }
    if matches!(next, OrderStatus::Cancelled | OrderStatus::Rejected) {
        store::close_escalations(&mut tx, id, user.username(), now).await?;
    }
    let after = load(&mut tx, id, None).await?;
    audit::append(&mut tx, change(user, step.key(), id, Some(&before), Some(&after))).await?;
    tx.commit().await?;
    state.publish("order", id);
    Ok(after)
}
