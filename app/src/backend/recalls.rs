//! Recalls (召回, §4.1.5 item 5): when the continued inspection of an emergency-released batch
//! fails, a recall opens by itself with a task per customer that received the batch; returned
//! quantities are recorded until every task, and then the recall, is closed.

use super::audit::{self, snapshot, Change};
use super::db::{now_ms, today, Tx};
use super::store::batches as store;
use super::store::orders::next_number;
use super::{AppState, SessionUser};
use crate::domain::batch::{self as rules, BatchSummary, Recall, ReturnInput};
use crate::domain::order::to_milli;
use crate::domain::{fields, Action};
use crate::error::{AppError, Msg};
use chrono::Datelike;
use std::collections::BTreeMap;

/// Opens the recall of a batch inside the caller's transaction (a failing inspection, or a
/// quality complaint): one task per customer whose goods have left the plant (notes not yet
/// loaded are held by the gate).
pub async fn open(tx: &mut Tx, batch: &BatchSummary, reason: &str, actor: &str, now: i64) -> Result<i64, AppError> {
    let year = today().year();
    let number = format!("RC-{year}-{:06}", next_number(tx, "recall", year).await?);
    let reason = format!("{} {}: {reason}", batch.batch_no, batch.product_name);
    let id = store::insert_recall(tx, &number, batch.id, &reason, actor, now).await?;
    let mut per_customer: BTreeMap<i64, i64> = BTreeMap::new();
    for row in store::trace(tx, batch.id).await?.into_iter().filter(|r| r.shipped) {
        *per_customer.entry(row.customer_id).or_default() += to_milli("quantity", row.quantity).unwrap_or(0);
    }
    for (customer, quantity) in &per_customer {
        if *quantity > 0 {
            store::insert_recall_task(tx, id, *customer, *quantity).await?;
        }
    }
    if per_customer.values().all(|q| *q == 0) {
        // nothing left the plant: the gate holds the rest, nothing to bring back
        store::close_recall_if_done(tx, id, now).await?;
    }
    let recall = store::recall(tx, id).await?.ok_or(AppError::Internal)?;
    audit::append(
        tx,
        Change { actor, action: "open", entity: "recall", entity_id: Some(id), before: None, after: snapshot(&recall) },
    )
    .await?;
    Ok(id)
}

pub async fn list(state: &AppState, user: &SessionUser, only_open: bool) -> Result<Vec<Recall>, AppError> {
    user.require(Action::TraceBatches)?;
    let mut conn = state.db.read.acquire().await?;
    Ok(store::recalls(&mut conn, only_open, 200).await?)
}

pub async fn get(state: &AppState, user: &SessionUser, id: i64) -> Result<Recall, AppError> {
    user.require(Action::TraceBatches)?;
    let mut conn = state.db.read.acquire().await?;
    store::recall(&mut conn, id).await?.ok_or(AppError::NotFound)
}

/// Quality records goods returned by one customer.
pub async fn record_return(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    input: &ReturnInput,
) -> Result<Recall, AppError> {
    user.require(Action::ManageQuality)?;
    if input.customer_id <= 0 {
        return Err(AppError::validation("customer_id", "validation.required"));
    }
    let quantity = to_milli("quantity", input.quantity)?;
    let note = fields::optional("note", input.note.as_deref(), 500)?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = store::recall(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let (task_id, delivered, returned, open) = store::recall_task(&mut tx, id, input.customer_id)
        .await?
        .ok_or_else(|| AppError::Validation { field: "customer_id".into(), msg: Msg::new("recall.rule.no_task") })?;
    rules::check_return(open, delivered, returned, quantity)?;
    store::record_return(&mut tx, task_id, quantity, user.username(), note.as_deref(), now).await?;
    store::close_recall_if_done(&mut tx, id, now).await?;
    let after = store::recall(&mut tx, id).await?.ok_or(AppError::Internal)?;
    audit::append(
        &mut tx,
        Change {
            actor: user.username(),
            action: "return",
            entity: "recall",
            entity_id: Some(id),
            before: snapshot(&before),
            after: snapshot(&after),
        },
    )
    .await?;
    tx.commit().await?;
    state.publish("recall", id);
    Ok(after)
}
