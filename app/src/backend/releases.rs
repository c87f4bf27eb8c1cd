//! Emergency release (紧急放行, §4.1.5): sales asks for one delivery note and one batch whose
//! inspection is still open, with the reason, a risk assessment, the customer's consent and
//! the retained sample; the deputy GM (never the requester) approves. Approval marks the
//! batch for good and allocates it to the note's open lines of that product, up to the
//! approved quantity — a concession for that note only.

use super::audit::{self, snapshot, Change};
use super::db::now_ms;
use super::store::batches as store;
use super::store::delivery_notes as notes;
use super::{AppState, SessionUser};
use crate::domain::batch::{self as rules, EmergencyRelease, EmergencyReleaseInput};
use crate::domain::delivery::NoteStatus;
use crate::domain::order::{to_milli, Decision};
use crate::domain::{fields, Action};
use crate::error::{AppError, Msg};

fn change<'a>(
    user: &'a SessionUser,
    action: &'a str,
    before: Option<&EmergencyRelease>,
    after: &EmergencyRelease,
) -> Change<'a> {
    Change {
        actor: user.username(),
        action,
        entity: "emergency_release",
        entity_id: Some(after.id),
        before: before.and_then(snapshot),
        after: snapshot(after),
    }
}

pub async fn request(
    state: &AppState,
    user: &SessionUser,
    input: &EmergencyReleaseInput,
) -> Result<EmergencyRelease, AppError> {
    user.require(Action::WriteDeliveryNotes)?;
    let valid = input.validate()?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let note = notes::get(&mut tx, input.delivery_note_id)
        .await?
        .ok_or_else(|| AppError::validation("delivery_note_id", "validation.note_unknown"))?;
    if note.status != NoteStatus::Draft {
        return Err(AppError::Conflict(Msg::new("release.rule.note_not_draft").arg("status", note.status.key())));
    }
    let batch = store::summary(&mut tx, input.batch_id)
        .await?
        .ok_or_else(|| AppError::validation("batch_id", "validation.batch_unknown"))?;
    if batch.status.is_failed() {
        return Err(AppError::Conflict(
            Msg::new("gate.rule.failed").arg("batch", &batch.batch_no).arg("status", batch.status.key()),
        ));
    }
    if !batch.status.inspection_open() {
        return Err(AppError::Conflict(Msg::new("release.rule.not_needed").arg("batch", &batch.batch_no)));
    }
    let on_note: f64 = note.lines.iter().filter(|l| l.product_id == batch.product_id).map(|l| l.quantity).sum();
    if on_note <= 0.0 {
        return Err(AppError::Validation {
            field: "batch_id".into(),
            msg: Msg::new("release.rule.product_mismatch").arg("product", &batch.product_name),
        });
    }
    let quantity = match valid.quantity {
        Some(q) => q,
        None => to_milli("quantity", on_note)?,
    };
    if quantity > to_milli("quantity", batch.quantity)? {
        return Err(AppError::validation("quantity", "release.rule.over_batch"));
    }
    if store::live_release_count(&mut tx, batch.id, note.id).await? > 0 {
        return Err(AppError::conflict("release.rule.exists"));
    }
    let id = store::insert_release(
        &mut tx,
        &store::NewRelease {
            note_id: note.id,
            batch_id: batch.id,
            quantity_milli: quantity,
            v: &valid,
            requested_by: user.username(),
            now,
        },
    )
    .await?;
    let created = store::release(&mut tx, id).await?.ok_or(AppError::Internal)?;
    audit::append(&mut tx, change(user, "request", None, &created)).await?;
    tx.commit().await?;
    state.publish("emergency_release", id);
    Ok(created)
}

pub async fn decide(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    approve: bool,
    reason: Option<&str>,
) -> Result<EmergencyRelease, AppError> {
    user.require(Action::ApproveEmergencyRelease)?;
    let reason = if approve {
        fields::optional("reason", reason, 500)?
    } else {
        Some(fields::required("reason", reason.unwrap_or(""), 500)?)
    };
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = store::release(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let batch = store::summary(&mut tx, before.batch_id).await?.ok_or(AppError::Internal)?;
    rules::decide_release(before.status, before.requested_by == user.username(), approve, batch.status)?;
    let status = if approve { Decision::Approved } else { Decision::Rejected };
    if !store::decide_release(&mut tx, id, before.version, status, user.username(), reason.as_deref(), now).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    if approve {
        store::mark_emergency_released(&mut tx, batch.id, now).await?;
        allocate_released(&mut tx, &before, batch.product_id).await?;
    }
    let after = store::release(&mut tx, id).await?.ok_or(AppError::Internal)?;
    audit::append(&mut tx, change(user, if approve { "approve" } else { "reject" }, Some(&before), &after)).await?;
    tx.commit().await?;
    state.publish("emergency_release", id);
    state.publish("batch", before.batch_id);
    state.publish("delivery_note", before.delivery_note_id);
    Ok(after)
}

/// Puts the released batch on the note's lines of its product that have no batch yet, as
/// far as the approved quantity reaches.
async fn allocate_released(
    tx: &mut super::db::Tx,
    release: &EmergencyRelease,
    product_id: i64,
) -> Result<(), AppError> {
    let mut left = to_milli("quantity", release.quantity)?;
    for line in notes::lines(tx, release.delivery_note_id).await? {
        if line.product_id != product_id || line.batch_id.is_some() {
            continue;
        }
        let q = to_milli("quantity", line.quantity)?;
        if q <= left {
            notes::set_line_batch(tx, line.id, release.batch_id).await?;
            left -= q;
        }
    }
    Ok(())
}

/// Pending, approved and rejected requests, newest first.
pub async fn list(state: &AppState, user: &SessionUser, status: &str) -> Result<Vec<EmergencyRelease>, AppError> {
    user.require(Action::ReadBatches)?;
    let status = match status {
        "" => "pending",
        s if Decision::parse(s).key() == s => s,
        _ => return Err(AppError::validation("status", "validation.status")),
    };
    let mut conn = state.db.read.acquire().await?;
    Ok(store::releases_by_status(&mut conn, status, 200).await?)
}

pub async fn get(state: &AppState, user: &SessionUser, id: i64) -> Result<EmergencyRelease, AppError> {
    user.require(Action::ReadBatches)?;
    let mut conn = state.db.read.acquire().await?;
    store::release(&mut conn, id).await?.ok_or(AppError::NotFound)
}
