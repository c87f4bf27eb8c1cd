//! The delivery note service (送货单, §4.1.3–4.1.4): sales issues a note from an open order,
//! allocating batches the release gate allows; the sales manager approves; logistics assigns
//! driver and vehicle; the warehouse keeper confirms loading and both sign; the assigned
//! driver records the customer's receipt, which registers the delivery on the order and in
//! the sales ledger. The gate is checked on every save, at approval and again at loading.

use super::audit::{self, Change};
use super::db::{now_ms, today, Tx};
use super::store::batches as batches_store;
use super::store::delivery_notes::{self as store, NewNoteLine, ReceiptRow};
use super::store::orders::{self as orders_store, next_number};
use super::store::{customers, ledger, rep_figures, users, Arg, Page};
use super::{documents, files};
use super::{page_limit, AppState, SessionUser};
use crate::domain::batch::{check_allocation, GateFacts};
use crate::domain::customer::PermitStatus;
use crate::domain::delivery::{
    self as rules, AssignInput, DeliveryNote, LoadInput, NoteCommand, NoteFilter, NoteInput, NoteStatus, NoteSummary,
    ReceiptInput, ValidNoteLine,
};
use crate::domain::order::{self as order_rules, to_milli, Milli, OrderCommand};
use crate::domain::{can, fields, Action};
use crate::error::{AppError, Msg};
use chrono::Datelike;
use std::collections::BTreeMap;

/// The note as the audit trail keeps it: images are files named by their hash, so the trail
/// names them; an image still inline (from before the file store) is summarised by size.
fn audit_view(n: &DeliveryNote) -> Option<serde_json::Value> {
    let mut v = serde_json::to_value(n).ok()?;
    let shrink = |v: &mut serde_json::Value| {
        if let Some(s) = v.as_str().filter(|s| s.starts_with("data:")) {
            *v = serde_json::Value::String(format!("[image {} bytes]", s.len()));
        }
    };
    for k in ["warehouse_signature", "driver_signature"] {
        if let Some(x) = v.get_mut(k) {
            shrink(x);
        }
    }
    if let Some(r) = v.get_mut("receipt").filter(|r| r.is_object()) {
        for k in ["signature", "photo"] {
            if let Some(x) = r.get_mut(k) {
                shrink(x);
            }
        }
    }
    Some(v)
}

fn change<'a>(
    user: &'a SessionUser,
    action: &'a str,
    id: i64,
    before: Option<&DeliveryNote>,
    after: Option<&DeliveryNote>,
) -> Change<'a> {
    Change {
        actor: user.username(),
        action,
        entity: "delivery_note",
        entity_id: Some(id),
        before: before.and_then(audit_view),
        after: after.and_then(audit_view),
    }
}

async fn load(tx: &mut Tx, id: i64, version: Option<i64>) -> Result<DeliveryNote, AppError> {
    let note = read(tx, id).await?.ok_or(AppError::NotFound)?;
    if version.is_some_and(|v| v != note.version) {
        return Err(AppError::conflict("conflict.stale"));
    }
    Ok(note)
}

fn product_ids(note: &DeliveryNote) -> Vec<i64> {
    let mut ids: Vec<i64> = note.lines.iter().map(|l| l.product_id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// A note with the documents that go (or went) with it.
async fn read(conn: &mut super::store::Conn, id: i64) -> Result<Option<DeliveryNote>, AppError> {
    let Some(mut note) = store::get(conn, id).await? else { return Ok(None) };
    let loaded = note.loaded_at.is_some();
    note.documents = documents::of_note(conn, id, note.customer_id, &product_ids(&note), loaded).await?;
    Ok(Some(note))
}

/// Who may see a note: the desk roles, or the driver it is assigned to. Anyone else gets
/// "not found", so a driver cannot even learn that another driver's note exists.
fn may_see(user: &SessionUser, note: &DeliveryNote) -> Result<(), AppError> {
    if can(&user.me.roles, Action::ReadDeliveryNotes) {
        return Ok(());
    }
    if can(&user.me.roles, Action::DriverDeliveries) {
        return if note.driver_username.as_deref() == Some(user.username()) { Ok(()) } else { Err(AppError::NotFound) };
    }
    Err(AppError::Forbidden)
}

pub async fn list(
    state: &AppState,
    user: &SessionUser,
    filter: &NoteFilter,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<NoteSummary>, AppError> {
    let driver = if can(&user.me.roles, Action::ReadDeliveryNotes) {
        None
    } else {
        user.require(Action::DriverDeliveries)?;
        Some(user.username())
    };
    if let Some(s) = filter.status.as_deref().filter(|s| !s.is_empty()) {
        NoteStatus::parse(s).ok_or_else(|| AppError::validation("status", "validation.status"))?;
    }
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
    let rows = store::list(&mut conn, filter, driver, cursor, limit + 1).await?;
    Ok(Page::from_rows(rows, limit, |n| format!("{}_{}", n.delivery_date, n.id)))
}

pub async fn get(state: &AppState, user: &SessionUser, id: i64) -> Result<DeliveryNote, AppError> {
    let mut conn = state.db.read.acquire().await?;
    let note = read(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    may_see(user, &note)?;
    Ok(note)
}

/// The driver's notes for a day and the days before that are still on the road.
pub async fn for_driver(state: &AppState, user: &SessionUser) -> Result<Vec<DeliveryNote>, AppError> {
    user.require(Action::DriverDeliveries)?;
    let mut conn = state.db.read.acquire().await?;
    let filter = NoteFilter::default();
    let rows = store::list(&mut conn, &filter, Some(user.username()), None, 100).await?;
    let day = today().format("%Y-%m-%d").to_string();
    let mut out = Vec::new();
    for s in rows {
        let open = matches!(s.status, NoteStatus::Assigned | NoteStatus::Loaded);
        if open || (s.status == NoteStatus::Delivered && s.delivery_date >= day) {
            if let Some(n) = read(&mut conn, s.id).await? {
                out.push(n);
            }
        }
    }
    out.sort_by(|a, b| a.delivery_date.cmp(&b.delivery_date).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// Checks the lines against the order (each line's product, open quantity) and returns them
/// ready to store.
async fn order_lines(
    tx: &mut Tx,
    order_id: i64,
    note_id: i64,
    lines: &[ValidNoteLine],
) -> Result<Vec<NewNoteLine>, AppError> {
    let order_lines = orders_store::lines(tx, order_id).await?;
    let mut out = Vec::with_capacity(lines.len());
    let mut asked: BTreeMap<i64, Milli> = BTreeMap::new();
    for (i, l) in lines.iter().enumerate() {
        let ol = order_lines.iter().find(|o| o.id == l.order_line_id).ok_or_else(|| {
            AppError::validation(&format!("lines[{i}].order_line_id"), "validation.order_line_unknown")
        })?;
        let ordered = to_milli("quantity", ol.quantity)?;
        let delivered = (ol.delivered_quantity * 1000.0).round() as i64;
        let pending = store::pending_on_other_notes(tx, ol.id, note_id).await?;
        let total = asked.entry(ol.id).or_default();
        *total += l.quantity;
        rules::check_open_quantity(&format!("lines[{i}].quantity"), ordered - delivered - pending, *total)?;
        out.push(NewNoteLine {
            order_line_id: ol.id,
            product_id: ol.product_id,
            batch_id: l.batch_id,
            quantity_milli: l.quantity,
        });
    }
    Ok(out)
}

/// The release gate on the server: every allocated batch exists, is of the line's product,
/// and `check_allocation` allows the note's total of it.
async fn check_gate(tx: &mut Tx, note_id: i64, lines: &[NewNoteLine]) -> Result<(), AppError> {
    let mut per_batch: BTreeMap<i64, (Milli, usize)> = BTreeMap::new();
    for (i, l) in lines.iter().enumerate() {
        if let Some(b) = l.batch_id {
            let e = per_batch.entry(b).or_insert((0, i));
            e.0 += l.quantity_milli;
        }
    }
    for (batch_id, (quantity, first_line)) in per_batch {
        let field = format!("lines[{first_line}].batch_id");
        let batch = batches_store::summary(tx, batch_id)
            .await?
            .ok_or_else(|| AppError::validation(&field, "validation.batch_unknown"))?;
        if lines.iter().any(|l| l.batch_id == Some(batch_id) && l.product_id != batch.product_id) {
            return Err(AppError::Validation {
                field,
                msg: Msg::new("gate.rule.wrong_product")
                    .arg("batch", &batch.batch_no)
                    .arg("product", &batch.product_name),
            });
        }
        let facts = GateFacts {
            status: batch.status,
            quantity: to_milli("quantity", batch.quantity)?,
            allocated_elsewhere: batches_store::allocated_elsewhere(tx, batch_id, note_id).await?,
            released_for_note: batches_store::approved_release(tx, batch_id, note_id).await?.map(|(_, q)| q),
        };
        check_allocation(&batch.batch_no, &facts, quantity)?;
    }
    Ok(())
}

/// Hazardous products only for a customer whose permit is valid on `day`.
async fn check_permit(
    tx: &mut Tx,
    customer_id: i64,
    hazardous: Option<&str>,
    day: chrono::NaiveDate,
) -> Result<(), AppError> {
    let Some(product) = hazardous else { return Ok(()) };
    let customer = customers::get(tx, customer_id).await?.ok_or(AppError::Internal)?;
    let permit = customer.permit_status_on(day);
    if order_rules::hazardous_allowed(true, permit) {
        return Ok(());
    }
    Err(AppError::Conflict(match (permit, customer.permit()) {
        (PermitStatus::Expired, Some(p)) => Msg::new("order.rule.permit_expired")
            .arg("customer", &customer.name)
            .arg("permit", &p.number)
            .arg("expiry", p.valid_until)
            .arg("product", product)
            .arg("date", day),
        _ => Msg::new("order.rule.permit_missing").arg("customer", &customer.name).arg("product", product),
    }))
}

fn stored_lines(note: &DeliveryNote) -> Vec<NewNoteLine> {
    note.lines
        .iter()
        .map(|l| NewNoteLine {
            order_line_id: l.order_line_id,
            product_id: l.product_id,
            batch_id: l.batch_id,
            quantity_milli: (l.quantity * 1000.0).round() as i64,
        })
        .collect()
}

pub async fn create(state: &AppState, user: &SessionUser, input: &NoteInput) -> Result<DeliveryNote, AppError> {
    user.require(Action::WriteDeliveryNotes)?;
    let (date, lines) = input.validate()?;
    let day = today();
    if date < day {
        return Err(AppError::validation("delivery_date", "validation.date_past"));
    }
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let order = orders_store::get(&mut tx, input.order_id)
        .await?
        .ok_or_else(|| AppError::validation("order_id", "validation.order_unknown"))?;
    if !order.status.is_open() {
        return Err(AppError::Conflict(Msg::new("note.rule.order_not_open").arg("status", order.status.key())));
    }
    let number = format!("DN-{}-{:06}", day.year(), next_number(&mut tx, "delivery_note", day.year()).await?);
    let delivery = date.format("%Y-%m-%d").to_string();
    let id = store::insert(&mut tx, &number, order.id, order.customer_id, &delivery, user.username(), now).await?;
    let new_lines = order_lines(&mut tx, order.id, id, &lines).await?;
    let hazardous = order.lines.iter().find(|l| l.hazardous && new_lines.iter().any(|n| n.order_line_id == l.id));
    check_permit(&mut tx, order.customer_id, hazardous.map(|l| l.product_name.as_str()), date).await?;
    check_gate(&mut tx, id, &new_lines).await?;
    store::replace_lines(&mut tx, id, &new_lines).await?;
    let created = load(&mut tx, id, None).await?;
    audit::append(&mut tx, change(user, "create", id, None, Some(&created))).await?;
    tx.commit().await?;
    state.publish_note(id, created.driver_username.as_deref());
    Ok(created)
}

/// Edits a draft: date, lines and their batches.
pub async fn update(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    input: &NoteInput,
) -> Result<DeliveryNote, AppError> {
    user.require(Action::WriteDeliveryNotes)?;
    let version = input.version.ok_or_else(|| AppError::validation("version", "validation.required"))?;
    let (date, lines) = input.validate()?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = load(&mut tx, id, Some(version)).await?;
    if before.status != NoteStatus::Draft {
        return Err(AppError::Conflict(Msg::new("note.rule.edit_draft_only").arg("status", before.status.key())));
    }
    if input.order_id != before.order_id {
        return Err(AppError::validation("order_id", "note.rule.order_fixed"));
    }
    let order = orders_store::get(&mut tx, before.order_id).await?.ok_or(AppError::Internal)?;
    let new_lines = order_lines(&mut tx, before.order_id, id, &lines).await?;
    let hazardous = order.lines.iter().find(|l| l.hazardous && new_lines.iter().any(|n| n.order_line_id == l.id));
    check_permit(&mut tx, order.customer_id, hazardous.map(|l| l.product_name.as_str()), date).await?;
    check_gate(&mut tx, id, &new_lines).await?;
    let delivery = date.format("%Y-%m-%d").to_string();
    if !store::update_header(&mut tx, id, version, &delivery, now).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    store::replace_lines(&mut tx, id, &new_lines).await?;
    let after = load(&mut tx, id, None).await?;
    audit::append(&mut tx, change(user, "update", id, Some(&before), Some(&after))).await?;
    tx.commit().await?;
    state.publish_note(id, after.driver_username.as_deref());
    Ok(after)
}

/// The sales manager approves (never their own note; every line allocated; the gate again).
pub async fn approve(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    version: Option<i64>,
) -> Result<DeliveryNote, AppError> {
    user.require(Action::ApproveDeliveryNotes)?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = load(&mut tx, id, version).await?;
    let unallocated = before.lines.iter().filter(|l| l.batch_id.is_none()).count();
    let by_creator = before.created_by == user.username();
    let next = rules::apply(before.status, NoteCommand::Approve { by_creator, unallocated_lines: unallocated })?;
    check_gate(&mut tx, id, &stored_lines(&before)).await?;
    let set = "approved_by = $5, approved_at = $6";
    let values = vec![Arg::Text(user.username().to_string()), Arg::Int(now)];
    if !store::set_status(&mut tx, id, before.version, next, now, set, values).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    let after = load(&mut tx, id, None).await?;
    audit::append(&mut tx, change(user, "approve", id, Some(&before), Some(&after))).await?;
    tx.commit().await?;
    state.publish_note(id, after.driver_username.as_deref());
    Ok(after)
}

/// Logistics assigns the driver (an active user with the driver role) and the vehicle.
pub async fn assign(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    input: &AssignInput,
) -> Result<DeliveryNote, AppError> {
    user.require(Action::AssignTransport)?;
    let driver = fields::required("driver_username", &input.driver_username, 64)?.to_lowercase();
    let vehicle = fields::required("vehicle", &input.vehicle, 32)?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = load(&mut tx, id, input.version).await?;
    let next = rules::apply(before.status, NoteCommand::Assign)?;
    if !users::active_with_role(&mut tx, "driver").await?.iter().any(|(u, _)| *u == driver) {
        return Err(AppError::validation("driver_username", "validation.driver_unknown"));
    }
    let set = "driver_username = $5, vehicle = $6, assigned_by = $7";
    let values = vec![Arg::Text(driver), Arg::Text(vehicle), Arg::Text(user.username().to_string())];
    if !store::set_status(&mut tx, id, before.version, next, now, set, values).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    let after = load(&mut tx, id, None).await?;
    audit::append(&mut tx, change(user, "assign", id, Some(&before), Some(&after))).await?;
    tx.commit().await?;
    state.publish_note(id, after.driver_username.as_deref());
    if before.driver_username.is_some() && before.driver_username != after.driver_username {
        // the driver the note was taken from hears it, too
        state.publish_note(id, before.driver_username.as_deref());
    }
    Ok(after)
}

/// Loading (§4.1.3): the warehouse keeper confirms packaging and labels, both sign; the gate
/// and the customer's hazardous-chemical permit are checked once more, today.
pub async fn load_goods(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    input: &LoadInput,
) -> Result<DeliveryNote, AppError> {
    user.require(Action::LoadDeliveries)?;
    let (warehouse_signature, driver_signature) = input.validate()?;
    let warehouse_signature = files::Pending::from_data_url(&warehouse_signature)?;
    let driver_signature = files::Pending::from_data_url(&driver_signature)?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = load(&mut tx, id, input.version).await?;
    let next = rules::apply(before.status, NoteCommand::Load)?;
    let hazardous = before.lines.iter().find(|l| l.hazardous).map(|l| l.product_name.as_str());
    check_permit(&mut tx, before.customer_id, hazardous, today()).await?;
    check_gate(&mut tx, id, &stored_lines(&before)).await?;
    files::record(&mut tx, &warehouse_signature.stored, now).await?;
    files::record(&mut tx, &driver_signature.stored, now).await?;
    documents::record_loading(&mut tx, id, before.customer_id, &product_ids(&before), user.username(), now).await?;
    let set = "packaging_ok = $5, labels_ok = $6, warehouse_signature = $7, driver_signature = $8, loaded_by = $9, loaded_at = $10";
    let values = vec![
        Arg::Bool(true),
        Arg::Bool(true),
        Arg::Text(warehouse_signature.hash().to_string()),
        Arg::Text(driver_signature.hash().to_string()),
        Arg::Text(user.username().to_string()),
        Arg::Int(now),
    ];
    if !store::set_status(&mut tx, id, before.version, next, now, set, values).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    let after = load(&mut tx, id, None).await?;
    audit::append(&mut tx, change(user, "load", id, Some(&before), Some(&after))).await?;
    // Every check passed: the files are written last, before the commit.
    state.files.write(warehouse_signature).await?;
    state.files.write(driver_signature).await?;
    tx.commit().await?;
    state.publish_note(id, after.driver_username.as_deref());
    Ok(after)
}

/// The customer's receipt on the assigned driver's phone. Once only: a second receipt is
/// refused (a retry with the same `Idempotency-Key` is answered by the API layer). Registers
/// the received quantities on the order and writes the sales ledger.
pub async fn receive(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    input: &ReceiptInput,
    key: Option<&str>,
) -> Result<DeliveryNote, AppError> {
    user.require(Action::DriverDeliveries)?;
    let receiver = fields::required("receiver_name", &input.receiver_name, 100)?;
    let signature = rules::signature("signature", &input.signature)?;
    let device = chrono::DateTime::parse_from_rfc3339(input.received_at.trim())
        .map_err(|_| AppError::validation("received_at", "validation.timestamp"))?
        .timestamp_millis();
    let photo = rules::photo(input.photo.as_deref())?;
    if input.latitude.is_some_and(|l| !(-90.0..=90.0).contains(&l)) {
        return Err(AppError::validation("latitude", "validation.number"));
    }
    if input.longitude.is_some_and(|l| !(-180.0..=180.0).contains(&l)) {
        return Err(AppError::validation("longitude", "validation.number"));
    }
    // The images are named now; they are recorded once the note, its driver and the lines
    // are checked, and written to the file store last, before the commit.
    let signature = files::Pending::from_data_url(&signature)?;
    let photo = photo.as_deref().map(files::Pending::from_data_url).transpose()?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = load(&mut tx, id, None).await?;
    if before.driver_username.as_deref() != Some(user.username()) {
        return Err(AppError::NotFound);
    }
    let next = rules::apply(before.status, NoteCommand::Receive)?;
    let loaded: Vec<(i64, Milli)> = before.lines.iter().map(|l| (l.id, (l.quantity * 1000.0).round() as i64)).collect();
    let received = rules::check_receipt_lines(&loaded, &input.lines)?;
    files::record(&mut tx, &signature.stored, now).await?;
    if let Some(p) = &photo {
        files::record(&mut tx, &p.stored, now).await?;
    }
    let row = ReceiptRow {
        receiver_name: &receiver,
        signature: signature.hash(),
        photo: photo.as_ref().map(|p| p.hash()),
        latitude: input.latitude,
        longitude: input.longitude,
        device_ms: device,
        flagged: rules::receipt_gap_flagged(device, now),
        key,
    };
    debug_assert_eq!(next, NoteStatus::Delivered);
    if !store::record_receipt(&mut tx, id, &row, now).await? {
        return Err(AppError::Conflict(Msg::new("note.rule.already_received").arg("status", before.status.key())));
    }
    register_delivery(&mut tx, &before, &received, device, now).await?;
    let after = load(&mut tx, id, None).await?;
    audit::append(&mut tx, change(user, "receive", id, Some(&before), Some(&after))).await?;
    state.files.write(signature).await?;
    if let Some(p) = photo {
        state.files.write(p).await?;
    }
    tx.commit().await?;
    state.publish_note(id, after.driver_username.as_deref());
    state.publish("order", before.order_id);
    Ok(after)
}

/// Registration (§4.1.4): delivered quantities onto the order (and its status), one ledger
/// row per received line with the permit number for hazardous products, and the sales rep's
/// kept figures (value, delivery, on time).
async fn register_delivery(
    tx: &mut Tx,
    note: &DeliveryNote,
    received: &[(i64, Milli, Option<String>)],
    received_at_device: i64,
    now: i64,
) -> Result<(), AppError> {
    let order = orders_store::get(tx, note.order_id).await?.ok_or(AppError::Internal)?;
    let punctual = super::performance::on_time(&note.delivery_date, received_at_device);
    rep_figures::add_delivery(tx, &order.sales_rep, &note.delivery_date, punctual).await?;
    let customer = customers::get(tx, note.customer_id).await?.ok_or(AppError::Internal)?;
    let delivered_on = today().format("%Y-%m-%d").to_string();
    for (line_id, quantity, exception) in received {
        store::set_received(tx, *line_id, *quantity, exception.as_deref()).await?;
        let line = note.lines.iter().find(|l| l.id == *line_id).ok_or(AppError::Internal)?;
        if *quantity == 0 {
            continue;
        }
        orders_store::add_delivered(tx, line.order_line_id, *quantity).await?;
        let ol = order.lines.iter().find(|o| o.id == line.order_line_id).ok_or(AppError::Internal)?;
        let amount_fen = orders_store::line_amount(*quantity, ol.unit_price_fen);
        rep_figures::add_delivered(tx, &order.sales_rep, &delivered_on, note.customer_id, amount_fen).await?;
        ledger::insert(
            tx,
            &ledger::NewEntry {
                delivered_on: &delivered_on,
                customer_id: note.customer_id,
                product_id: line.product_id,
                order_id: note.order_id,
                delivery_note_id: note.id,
                batch_no: line.batch_no.as_deref(),
                quantity_milli: *quantity,
                amount_fen,
                sales_rep: &order.sales_rep,
                permit_no: if line.hazardous { customer.hazardous_permit_no.as_deref() } else { None },
                now,
            },
        )
        .await?;
    }
    let lines = orders_store::lines(tx, order.id).await?;
    let complete = lines.iter().all(|l| l.delivered_quantity + 1e-9 >= l.quantity);
    if order.status.is_open() {
        let next = order_rules::apply(order.status, &OrderCommand::Delivered { complete })?;
        if next != order.status && !orders_store::set_status(tx, order.id, order.version, next, None, None, now).await?
        {
            return Err(AppError::conflict("conflict.stale"));
        }
    }
    Ok(())
}

/// Cancels a note that has not been loaded; the reason is kept.
pub async fn cancel(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    reason: &str,
    version: Option<i64>,
) -> Result<DeliveryNote, AppError> {
    user.require(Action::WriteDeliveryNotes)?;
    let reason = fields::required("reason", reason, 500)?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = load(&mut tx, id, version).await?;
    let next = rules::apply(before.status, NoteCommand::Cancel)?;
    if !store::set_status(&mut tx, id, before.version, next, now, "status_reason = $5", vec![Arg::Text(reason)]).await?
    {
        return Err(AppError::conflict("conflict.stale"));
    }
    let after = load(&mut tx, id, None).await?;
    audit::append(&mut tx, change(user, "cancel", id, Some(&before), Some(&after))).await?;
    tx.commit().await?;
    state.publish_note(id, after.driver_username.as_deref());
    Ok(after)
}

/// Active drivers, for logistics' picker.
pub async fn drivers(state: &AppState, user: &SessionUser) -> Result<Vec<(String, String)>, AppError> {
    user.require(Action::AssignTransport)?;
    let mut conn = state.db.read.acquire().await?;
    Ok(users::active_with_role(&mut conn, "driver").await?)
}
