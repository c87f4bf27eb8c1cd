//! The release gate service (§4.1.1): production batches, the laboratory's inspections with
//! report and certificate numbers, quality's concession for an out-of-spec result, stock-in
//! by the warehouse keeper, nonconforming product (不良品处理) and the batch trace. A failed
//! final inspection of an emergency-released batch opens a recall in the same transaction.

use super::audit::{self, snapshot, Change};
use super::db::{now_ms, today, unique_or_internal, Tx};
use super::store::batches::{self as store, NewBatch};
use super::store::orders::next_number;
use super::store::{products, Page};
use super::{page_limit, recalls, AppState, SessionUser};
use crate::domain::batch::{
    self as rules, Batch, BatchCommand, BatchFilter, BatchInput, BatchSummary, BatchTrace, InspectionInput,
    Nonconformity, NonconformityInput, Verdict,
};
use crate::domain::{fields, Action};
use crate::error::{AppError, Msg};
use chrono::Datelike;

fn change<'a>(
    user: &'a SessionUser,
    action: &'a str,
    id: i64,
    before: Option<&Batch>,
    after: Option<&Batch>,
) -> Change<'a> {
    Change {
        actor: user.username(),
        action,
        entity: "batch",
        entity_id: Some(id),
        before: before.and_then(snapshot),
        after: after.and_then(snapshot),
    }
}

async fn load(tx: &mut Tx, id: i64, version: Option<i64>) -> Result<Batch, AppError> {
    let batch = store::get(tx, id).await?.ok_or(AppError::NotFound)?;
    if version.is_some_and(|v| v != batch.summary.version) {
        return Err(AppError::conflict("conflict.stale"));
    }
    Ok(batch)
}

pub async fn list(
    state: &AppState,
    user: &SessionUser,
    filter: &BatchFilter,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<BatchSummary>, AppError> {
    user.require(Action::ReadBatches)?;
    filter.validate()?;
    let limit = page_limit(limit)?;
    let cursor = match cursor.filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(c.parse::<i64>().map_err(|_| AppError::validation("cursor", "validation.cursor"))?),
    };
    let mut conn = state.db.read.acquire().await?;
    let rows = store::list(&mut conn, filter, cursor, limit + 1).await?;
    Ok(Page::from_rows(rows, limit, |b| b.id.to_string()))
}

pub async fn get(state: &AppState, user: &SessionUser, id: i64) -> Result<Batch, AppError> {
    user.require(Action::ReadBatches)?;
    let mut conn = state.db.read.acquire().await?;
    store::get(&mut conn, id).await?.ok_or(AppError::NotFound)
}

pub async fn create(state: &AppState, user: &SessionUser, input: &BatchInput) -> Result<Batch, AppError> {
    user.require(Action::WriteBatches)?;
    let (batch_no, quantity, produced) = input.validate()?;
    if produced > today() {
        return Err(AppError::validation("produced_on", "validation.date_future"));
    }
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let product = products::get(&mut tx, input.product_id)
        .await?
        .ok_or_else(|| AppError::validation("product_id", "validation.product_unknown"))?;
    if !product.active {
        return Err(AppError::validation("product_id", "validation.product_inactive"));
    }
    let produced_on = produced.format("%Y-%m-%d").to_string();
    let new = NewBatch {
        product_id: product.id,
        batch_no: &batch_no,
        quantity_milli: quantity,
        produced_on: &produced_on,
        created_by: user.username(),
        now,
    };
    let id = store::insert(&mut tx, &new)
        .await
        .map_err(|e| unique_or_internal(e, "batch_no", "validation.batch_no_taken"))?;
    let created = load(&mut tx, id, None).await?;
    audit::append(&mut tx, change(user, "create", id, None, Some(&created))).await?;
    tx.commit().await?;
    state.publish("batch", id);
    Ok(created)
}

/// Records interim or final results. The verdict comes from the indicators; a final pass
/// issues the numbered inspection report and quality certificate.
pub async fn inspect(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    input: &InspectionInput,
) -> Result<Batch, AppError> {
    user.require(Action::Inspect)?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = load(&mut tx, id, None).await?;
    let (measured, verdict) = rules::evaluate(&before.indicators, input)?;
    let command = match verdict {
        Verdict::Pending => BatchCommand::Interim,
        v => BatchCommand::Final { pass: v == Verdict::Pass, emergency_released: before.summary.emergency_released },
    };
    let next = rules::apply(before.summary.status, command)?;
    store::insert_inspection(&mut tx, id, &measured, input.is_final, verdict, user.username(), now).await?;
    if !store::set_status(&mut tx, id, before.summary.version, next, now).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    if verdict == Verdict::Pass {
        issue_certificate(&mut tx, id).await?;
    }
    let recall = if verdict == Verdict::Fail && before.summary.emergency_released {
        Some(
            recalls::open(
                &mut tx,
                &before.summary,
                "emergency-released batch failed its final inspection",
                user.username(),
                now,
            )
            .await?,
        )
    } else {
        None
    };
    let after = load(&mut tx, id, None).await?;
    audit::append(
        &mut tx,
        change(user, if input.is_final { "inspect_final" } else { "inspect" }, id, Some(&before), Some(&after)),
    )
    .await?;
    tx.commit().await?;
    state.publish("batch", id);
    if let Some(r) = recall {
        state.publish("recall", r);
    }
    Ok(after)
}

async fn issue_certificate(tx: &mut Tx, id: i64) -> Result<(), AppError> {
    let year = today().year();
    let report = next_number(tx, "inspection_report", year).await?;
    let certificate = next_number(tx, "certificate", year).await?;
    store::set_certificates(tx, id, &format!("IR-{year}-{report:06}"), &format!("QC-{year}-{certificate:06}")).await?;
    Ok(())
}

/// Quality accepts a failed final result with a recorded reason (a concession): the batch
/// passes and gets its report and certificate.
pub async fn accept_out_of_spec(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    reason: &str,
    version: Option<i64>,
) -> Result<Batch, AppError> {
    user.require(Action::ManageQuality)?;
    let reason = fields::required("reason", reason, 1000)?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = load(&mut tx, id, version).await?;
    let next = rules::apply(before.summary.status, BatchCommand::AcceptOutOfSpec)?;
    let last = before
        .inspections
        .iter()
        .rev()
        .find(|i| i.is_final)
        .ok_or(AppError::conflict("batch.rule.accept_failed_only"))?;
    store::accept_inspection(&mut tx, last.id, user.username(), &reason).await?;
    if !store::set_status(&mut tx, id, before.summary.version, next, now).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    issue_certificate(&mut tx, id).await?;
    let after = load(&mut tx, id, None).await?;
    audit::append(&mut tx, change(user, "accept_out_of_spec", id, Some(&before), Some(&after))).await?;
    tx.commit().await?;
    state.publish("batch", id);
    Ok(after)
}

/// The warehouse keeper verifies the certificate (its number, when given, must match) and
/// labels the batch into stock. Only passed batches.
pub async fn stock_in(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    certificate_no: Option<&str>,
    version: Option<i64>,
) -> Result<Batch, AppError> {
    user.require(Action::StockIn)?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = load(&mut tx, id, version).await?;
    let next = rules::apply(before.summary.status, BatchCommand::StockIn)?;
    if let Some(given) = certificate_no.map(str::trim).filter(|c| !c.is_empty()) {
        if before.summary.certificate_no.as_deref() != Some(given.to_ascii_uppercase().as_str()) {
            return Err(AppError::Validation {
                field: "certificate_no".into(),
                msg: Msg::new("batch.rule.certificate_mismatch").arg("batch", &before.summary.batch_no),
            });
        }
    }
    if !store::set_status(&mut tx, id, before.summary.version, next, now).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    store::set_stocked(&mut tx, id, user.username(), now).await?;
    let after = load(&mut tx, id, None).await?;
    audit::append(&mut tx, change(user, "stock_in", id, Some(&before), Some(&after))).await?;
    tx.commit().await?;
    state.publish("batch", id);
    Ok(after)
}

/// Quality records nonconforming product: classification, disposition, responsible person.
pub async fn record_nonconformity(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    input: &NonconformityInput,
) -> Result<Nonconformity, AppError> {
    user.require(Action::ManageQuality)?;
    let mut tx = state.db.begin().await?;
    let record = open_nonconformity(&mut tx, user.username(), id, input, |open| BatchCommand::RecordNonconformity {
        open_record: open,
    })
    .await?;
    tx.commit().await?;
    state.publish("batch", id);
    state.publish("nonconformity", record.id);
    Ok(record)
}

/// Opens a nonconformity of batch `id` inside the caller's transaction: the batch moves as
/// `command` (told whether a record is already open) allows, the record is stored and audited.
pub async fn open_nonconformity(
    tx: &mut Tx,
    actor: &str,
    id: i64,
    input: &NonconformityInput,
    command: fn(bool) -> BatchCommand,
) -> Result<Nonconformity, AppError> {
    let (classification, disposition, responsible, description) = input.validate()?;
    let now = now_ms();
    let before = load(tx, id, None).await?;
    let open = store::open_nonconformity_count(tx, id).await? > 0;
    let next = rules::apply(before.summary.status, command(open))?;
    if !store::set_status(tx, id, before.summary.version, next, now).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    let nc_id = store::insert_nonconformity(
        tx,
        id,
        classification,
        disposition,
        &responsible,
        description.as_deref(),
        actor,
        now,
    )
    .await?;
    let record = store::nonconformity(tx, nc_id).await?.ok_or(AppError::Internal)?;
    audit::append(
        tx,
        Change {
            actor,
            action: "open",
            entity: "nonconformity",
            entity_id: Some(nc_id),
            before: None,
            after: snapshot(&record),
        },
    )
    .await?;
    Ok(record)
}

/// Closes a nonconformity with the result of its disposition.
pub async fn close_nonconformity(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    result: &str,
    version: Option<i64>,
) -> Result<Nonconformity, AppError> {
    user.require(Action::ManageQuality)?;
    let result = fields::required("result", result, 2000)?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = store::nonconformity(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if before.status != "open" {
        return Err(AppError::conflict("nonconformity.rule.closed"));
    }
    let version = version.unwrap_or(before.version);
    if !store::close_nonconformity(&mut tx, id, version, &result, user.username(), now).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    let after = store::nonconformity(&mut tx, id).await?.ok_or(AppError::Internal)?;
    audit::append(
        &mut tx,
        Change {
            actor: user.username(),
            action: "close",
            entity: "nonconformity",
            entity_id: Some(id),
            before: snapshot(&before),
            after: snapshot(&after),
        },
    )
    .await?;
    tx.commit().await?;
    state.publish("nonconformity", id);
    Ok(after)
}

pub async fn nonconformities(state: &AppState, user: &SessionUser) -> Result<Vec<Nonconformity>, AppError> {
    user.require(Action::ReadBatches)?;
    let mut conn = state.db.read.acquire().await?;
    Ok(store::nonconformities(&mut conn, 200).await?)
}

/// Every delivery note and customer that took (or is to take) the batch.
pub async fn trace(state: &AppState, user: &SessionUser, id: i64) -> Result<BatchTrace, AppError> {
    user.require(Action::TraceBatches)?;
    let mut conn = state.db.read.acquire().await?;
    let batch = store::summary(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    let deliveries = store::trace(&mut conn, id).await?;
    Ok(BatchTrace {
        batch_id: batch.id,
        batch_no: batch.batch_no,
        product_name: batch.product_name,
        status: batch.status,
        deliveries,
    })
}
