//! Changes to orders after the fact: amendments to approved orders and price exceptions,
//! both decided by the sales manager (never by whoever asked, 第十条/第十五条), and delivery
//! dates negotiated with the customer (§4.1.2). The register keeps every approved revision.

use super::audit::{self, snapshot, Change};
use super::db::{now_ms, Tx};
use super::orders::{price_lines, request_price_exceptions, require_change, require_owner, total};
use super::store::orders::{self as store, Decided, Verdict};
use super::{AppState, SessionUser};
use crate::domain::order::{
    self as rules, Amendment, AmendmentInput, DateChangeInput, Decision, Order, OrderStatus, PriceException,
};
use crate::domain::role::OrderChange;
use crate::domain::{fields, Action};
use crate::error::{AppError, Msg};

async fn order(tx: &mut Tx, id: i64) -> Result<Order, AppError> {
    store::get(tx, id).await?.ok_or(AppError::NotFound)
}

fn order_change<'a>(user: &'a SessionUser, action: &'a str, before: &Order, after: &Order) -> Change<'a> {
    Change {
        actor: user.username(),
        action,
        entity: "order",
        entity_id: Some(after.id),
        before: snapshot(before),
        after: snapshot(after),
    }
}

/// The order's own rep asks to change an approved order; the sales manager decides.
pub async fn request(
    state: &AppState,
    user: &SessionUser,
    order_id: i64,
    input: &AmendmentInput,
) -> Result<Amendment, AppError> {
    require_change(user, OrderChange::Amend)?;
    let reason = fields::required("reason", &input.reason, 500)?;
    if input.lines.is_none() && input.requested_delivery_date.is_none() {
        return Err(AppError::validation("lines", "validation.amendment_empty"));
    }
    if let Some(lines) = &input.lines {
        rules::validate_lines(lines)?;
    }
    if let Some(d) = &input.requested_delivery_date {
        fields::date("requested_delivery_date", d)?;
    }
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let o = order(&mut tx, order_id).await?;
    require_owner(user, &o, OrderChange::Amend)?;
    rules::can_amend(o.status)?;
    if store::pending_amendment_count(&mut tx, order_id).await? > 0 {
        return Err(AppError::conflict("order.rule.amendment_pending"));
    }
    // check the proposed lines now (products, prices, permit) so a bad request fails early
    if let Some(lines) = &input.lines {
        let date = fields::date(
            "requested_delivery_date",
            input.requested_delivery_date.as_deref().unwrap_or(&o.requested_delivery_date),
        )?;
        price_lines(&mut tx, o.customer_id, date, &o.order_date, &rules::validate_lines(lines)?).await?;
    }
    let changes =
        serde_json::to_string(&AmendmentInput { reason: reason.clone(), ..input.clone() }).unwrap_or_default();
    let id = store::insert_amendment(&mut tx, order_id, user.username(), &reason, &changes, o.revision, now).await?;
    let created = store::amendment(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let change = Change {
        actor: user.username(),
        action: "request",
        entity: "amendment",
        entity_id: Some(id),
        before: None,
        after: snapshot(&created),
    };
    audit::append(&mut tx, change).await?;
    tx.commit().await?;
    state.publish("amendment", id);
    Ok(created)
}

/// Approving applies the change as a new revision of the order (its prices, where they
/// differ from the list, are approved with it); rejecting leaves the order as it was.
pub async fn decide(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    approve: bool,
    reason: Option<&str>,
) -> Result<Amendment, AppError> {
    user.require(Action::ApproveSalesChanges)?;
    let reason = fields::optional("reason", reason, 500)?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = store::amendment(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if before.status != Decision::Pending {
        return Err(AppError::Conflict(Msg::new("order.rule.already_decided").arg("status", before.status.key())));
    }
    if before.requested_by == user.username() {
        return Err(AppError::conflict("order.rule.own_request"));
    }
    let decision = if approve { Decision::Approved } else { Decision::Rejected };
    if approve {
        let o = order(&mut tx, before.order_id).await?;
        rules::can_amend(o.status)?;
        let date_text =
            before.changes.requested_delivery_date.clone().unwrap_or_else(|| o.requested_delivery_date.clone());
        let date = fields::date("requested_delivery_date", &date_text)?;
        let lines = match &before.changes.lines {
            Some(lines) => {
                Some(price_lines(&mut tx, o.customer_id, date, &o.order_date, &rules::validate_lines(lines)?).await?)
            }
            None => None,
        };
        let revision = o.revision + 1;
        let new_total = lines.as_deref().map(total).unwrap_or(o.total_fen);
        if !store::update_header(
            &mut tx,
            o.id,
            o.version,
            o.customer_id,
            &date_text,
            o.contract_ref.as_deref(),
            new_total,
            revision,
            now,
        )
        .await?
        {
            return Err(AppError::conflict("conflict.stale"));
        }
        if let Some(lines) = &lines {
            if o.lines.iter().any(|l| l.delivered_quantity > 0.0) {
                return Err(AppError::conflict("order.rule.amend_delivered_lines"));
            }
            store::withdraw_pending_exceptions(&mut tx, o.id, now).await?;
            store::replace_lines(&mut tx, o.id, lines).await?;
            // the manager approving the amendment approves its prices with it
            request_price_exceptions(&mut tx, o.id, lines, &before.requested_by, now).await?;
            for x in
                store::price_exceptions_of(&mut tx, o.id).await?.into_iter().filter(|x| x.status == Decision::Pending)
            {
                store::decide(
                    &mut tx,
                    Decided::PriceException,
                    x.id,
                    x.version,
                    &Verdict { decision: Decision::Approved, by: user.username(), reason: Some("amendment"), now },
                )
                .await?;
            }
        }
        let after = order(&mut tx, o.id).await?;
        let snapshot_json = serde_json::to_string(&after).unwrap_or_default();
        store::insert_revision(&mut tx, o.id, revision, &snapshot_json, user.username(), Some(id), now).await?;
        audit::append(&mut tx, order_change(user, "amend", &o, &after)).await?;
    }
    if !store::decide(
        &mut tx,
        Decided::Amendment,
        id,
        before.version,
        &Verdict { decision, by: user.username(), reason: reason.as_deref(), now },
    )
    .await?
    {
        return Err(AppError::conflict("conflict.stale"));
    }
    let after = store::amendment(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let action = if approve { "approve" } else { "reject" };
    let change = Change {
        actor: user.username(),
        action,
        entity: "amendment",
        entity_id: Some(id),
        before: snapshot(&before),
        after: snapshot(&after),
    };
    audit::append(&mut tx, change).await?;
    tx.commit().await?;
    state.publish("amendment", id);
    state.publish("order", after.order_id);
    Ok(after)
}

/// The sales manager decides a price exception. Refusing one sends a submitted order back to
/// draft, so the sales rep can correct the price.
pub async fn decide_price(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    approve: bool,
    reason: Option<&str>,
) -> Result<PriceException, AppError> {
    user.require(Action::ApproveSalesChanges)?;
    let reason = fields::optional("reason", reason, 500)?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = store::price_exception(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if before.status != Decision::Pending {
        return Err(AppError::Conflict(Msg::new("order.rule.already_decided").arg("status", before.status.key())));
    }
    if before.requested_by == user.username() {
        return Err(AppError::conflict("order.rule.own_request"));
    }
    let decision = if approve { Decision::Approved } else { Decision::Rejected };
    if !store::decide(
        &mut tx,
        Decided::PriceException,
        id,
        before.version,
        &Verdict { decision, by: user.username(), reason: reason.as_deref(), now },
    )
    .await?
    {
        return Err(AppError::conflict("conflict.stale"));
    }
    if !approve {
        let o = order(&mut tx, before.order_id).await?;
        if o.status == OrderStatus::Submitted {
            store::set_status(&mut tx, o.id, o.version, OrderStatus::Draft, Some("price exception refused"), None, now)
                .await?;
            let after = order(&mut tx, o.id).await?;
            audit::append(&mut tx, order_change(user, "return_to_draft", &o, &after)).await?;
        }
    }
    let after = store::price_exception(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let action = if approve { "approve" } else { "reject" };
    let change = Change {
        actor: user.username(),
        action,
        entity: "price_exception",
        entity_id: Some(id),
        before: snapshot(&before),
        after: snapshot(&after),
    };
    audit::append(&mut tx, change).await?;
    tx.commit().await?;
    state.publish("price_exception", id);
    state.publish("order", after.order_id);
    Ok(after)
}

/// Records a delivery date agreed with the customer and moves the order to it (the order's rep,
/// or the sales manager).
pub async fn change_date(
    state: &AppState,
    user: &SessionUser,
    order_id: i64,
    input: &DateChangeInput,
) -> Result<Order, AppError> {
    require_change(user, OrderChange::ChangeDate)?;
    let (date, reason, agreed_by, agreed_at) = input.validate()?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = order(&mut tx, order_id).await?;
    require_owner(user, &before, OrderChange::ChangeDate)?;
    if matches!(
        before.status,
        OrderStatus::Delivered | OrderStatus::Closed | OrderStatus::Cancelled | OrderStatus::Rejected
    ) {
        return Err(AppError::Conflict(Msg::new("order.rule.not_now").arg("status", before.status.key())));
    }
    let new_date = date.format("%Y-%m-%d").to_string();
    if new_date == before.requested_delivery_date {
        return Err(AppError::validation("new_date", "validation.same_date"));
    }
    store::insert_date_change(
        &mut tx,
        order_id,
        &before.requested_delivery_date,
        &new_date,
        &reason,
        &agreed_by,
        &agreed_at,
        user.username(),
        now,
    )
    .await?;
    if !store::set_delivery_date(&mut tx, order_id, before.version, &new_date, now).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    let after = order(&mut tx, order_id).await?;
    audit::append(&mut tx, order_change(user, "change_date", &before, &after)).await?;
    tx.commit().await?;
    state.publish("order", order_id);
    Ok(after)
}
