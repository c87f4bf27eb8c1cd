//! The readiness check two days before the delivery date (§4.1.2): each open order due by
//! then is marked ready / at risk / late from released stock, and an at-risk or late order
//! opens an escalation for the sales department (emergency measures or a negotiated date).
//! A background job runs it every few minutes; sales can run it on demand. Every change it
//! makes is audited (an order's readiness, an escalation opened or closed, by the caller or
//! `system`); a run on demand also records who ran it and what it found.

use super::audit::{self, Change};
use super::db::{now_ms, today};
use super::store::orders as store;
use super::{AppState, SessionUser};
use crate::domain::order::{self as rules, Readiness, ReadinessReport};
use crate::domain::Action;
use crate::error::AppError;
use chrono::NaiveDate;
use serde_json::json;
use std::collections::HashMap;

/// Released stock per product: batches in stock, less what delivery notes already hold.
pub async fn released_stock(conn: &mut super::store::Conn) -> Result<HashMap<i64, i64>, AppError> {
    Ok(super::store::batches::free_stock(conn).await?.into_iter().collect())
}

/// Runs the check for `day`. Stock is allotted to orders in delivery-date order, so two
/// orders never both count the same tonnes.
pub async fn check(state: &AppState, day: NaiveDate, actor: &str) -> Result<ReadinessReport, AppError> {
    run(state, day, actor, false).await
}

/// An order's audit entry for a change the check made.
fn change<'a>(
    actor: &'a str,
    action: &'a str,
    order_id: i64,
    before: serde_json::Value,
    after: serde_json::Value,
) -> Change<'a> {
    let before = (!before.is_null()).then_some(before);
    Change { actor, action, entity: "order", entity_id: Some(order_id), before, after: Some(after) }
}

async fn run(state: &AppState, day: NaiveDate, actor: &str, by_person: bool) -> Result<ReadinessReport, AppError> {
    let until = (day + chrono::Duration::days(2)).format("%Y-%m-%d").to_string();
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let mut due = store::open_due(&mut tx, &until).await?;
    due.sort_by(|a, b| a.requested_delivery_date.cmp(&b.requested_delivery_date).then(a.id.cmp(&b.id)));
    let mut report = ReadinessReport { checked: due.len(), ..Default::default() };
    let mut changed = Vec::new();
    let mut available = released_stock(&mut tx).await?;
    for order in &due {
        let lines = store::lines(&mut tx, order.id).await?;
        let mut covered = true;
        for l in &lines {
            let open = rules::to_milli("q", (l.quantity - l.delivered_quantity).max(0.001)).unwrap_or(0);
            // what allocated delivery notes already carry is covered; the rest needs free stock
            let on_notes = super::store::delivery_notes::allocated_for_order_line(&mut tx, l.id).await?;
            let need = (open - on_notes).max(0);
            if need == 0 {
                continue;
            }
            let have = available.entry(l.product_id).or_insert(0);
            if *have >= need {
                *have -= need;
            } else {
                covered = false;
            }
        }
        let date = NaiveDate::parse_from_str(&order.requested_delivery_date, "%Y-%m-%d").unwrap_or(day);
        let readiness = rules::readiness(order.status, date, day, covered);
        match readiness {
            Readiness::Ready => report.ready += 1,
            Readiness::AtRisk => report.at_risk += 1,
            Readiness::Late => report.late += 1,
            Readiness::NotApplicable => {}
        }
        if readiness != order.readiness {
            store::set_readiness(&mut tx, order.id, readiness).await?;
            let (before, after) = (json!({"readiness": order.readiness.key()}), json!({"readiness": readiness.key()}));
            audit::append(&mut tx, change(actor, "readiness", order.id, before, after)).await?;
            changed.push(order.id);
        }
        match readiness {
            Readiness::AtRisk | Readiness::Late => {
                let note = format!("{} {} {}", order.number, readiness.key(), order.requested_delivery_date);
                if store::open_escalation(&mut tx, order.id, "readiness", &note, now).await? {
                    report.escalations_opened += 1;
                    let after = json!({"escalation": "readiness", "status": "open", "note": note});
                    audit::append(&mut tx, change(actor, "open_escalation", order.id, json!(null), after)).await?;
                }
            }
            Readiness::Ready => {
                let closed = store::close_escalations(&mut tx, order.id, actor, now).await?;
                if closed > 0 {
                    let (before, after) = (json!({"open_escalations": closed}), json!({"open_escalations": 0}));
                    audit::append(&mut tx, change(actor, "close_escalations", order.id, before, after)).await?;
                }
            }
            Readiness::NotApplicable => {}
        }
    }
    if by_person {
        let after = serde_json::to_value(&report).ok();
        let run =
            Change { actor, action: "readiness_check", entity: "readiness", entity_id: None, before: None, after };
        audit::append(&mut tx, run).await?;
    }
    tx.commit().await?;
    for id in changed {
        state.publish("order", id);
    }
    Ok(report)
}

/// On demand, for sales and the sales manager.
pub async fn check_now(state: &AppState, user: &SessionUser) -> Result<ReadinessReport, AppError> {
    user.require(Action::RunReadiness)?;
    run(state, today(), user.username(), true).await
}

/// Open escalations, for the sales department and its manager.
pub async fn escalations(
    state: &AppState,
    user: &SessionUser,
) -> Result<Vec<crate::domain::order::Escalation>, AppError> {
    user.require(Action::RunReadiness)?;
    let mut conn = state.db.read.acquire().await?;
    Ok(store::open_escalations(&mut conn).await?)
}
