//! The service ticket service (售后服务记录): the service desk records a customer's request,
//! responds, waits for the customer (the clocks stop), resolves it and has the customer
//! confirm the result — through a single-use link, or recorded by staff with its channel.
//! Every step is audited with the record before and after.

use super::audit::{self, Change};
use super::calendar;
use super::db::{instant, now_ms, rfc3339, Tx};
use super::desk::{self, References};
use super::links::{self, LinkKind};
use super::store::orders::next_number;
use super::store::settings;
use super::store::tickets::{self as store, TicketRow};
use super::store::{Arg, Conn};
use super::{AppState, SessionUser};
use crate::domain::calendar::Calendar;
use crate::domain::service::{number, Channel, DeskQuery};
use crate::domain::ticket::{
    self, Clocks, ConfirmationInput, Kind, Limits, Status, Step, Ticket, TicketInput, TicketLimits, TicketStepInput,
    Urgency,
};
use crate::domain::{Action, Page, Role};
use crate::error::AppError;
use chrono::{DateTime, Datelike, Utc};

const LIMITS_KEY: &str = "ticket_limits";

/// The limits per urgency in force, and their version (0 until someone saved them).
pub async fn limits(state: &AppState, cal: &Calendar) -> Result<TicketLimits, AppError> {
    let mut conn = state.db.read.acquire().await?;
    match settings::get(&mut conn, LIMITS_KEY).await? {
        None => Ok(TicketLimits { version: Some(0), ..TicketLimits::standard(cal.day_minutes()) }),
        Some((body, version)) => {
            let stored: TicketLimits = serde_json::from_str(&body).map_err(|e| {
                tracing::error!("stored ticket limits unreadable: {e}");
                AppError::Internal
            })?;
            Ok(TicketLimits { version: Some(version), ..stored })
        }
    }
}

/// `GET /api/v1/ticket-limits`: everyone at the service desk.
pub async fn get_limits(state: &AppState, user: &SessionUser) -> Result<TicketLimits, AppError> {
    user.require(Action::ReadAfterSales)?;
    let (cal, _) = calendar::current(state).await?;
    limits(state, &cal).await
}

/// `PUT /api/v1/ticket-limits`: the admin, with the version read (stale → 409).
pub async fn put_limits(state: &AppState, user: &SessionUser, input: &TicketLimits) -> Result<TicketLimits, AppError> {
    user.require(Action::ManageCalendar)?;
    let version = input.version.ok_or_else(|| AppError::validation("version", "validation.required"))?;
    let checked = input.validate()?;
    let (cal, _) = calendar::current(state).await?;
    let before = limits(state, &cal).await?;
    let body = serde_json::to_string(&checked).map_err(|_| AppError::Internal)?;
    let mut tx = state.db.begin().await?;
    if !settings::put(&mut tx, LIMITS_KEY, &body, version, user.username(), now_ms()).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    let after = TicketLimits { version: Some(version + 1), ..checked };
    let change = Change {
        actor: user.username(),
        action: "update",
        entity: "ticket_limits",
        entity_id: Some(1),
        before: audit::snapshot(&before),
        after: audit::snapshot(&after),
    };
    audit::append(&mut tx, change).await?;
    tx.commit().await?;
    state.publish("settings", 1);
    Ok(after)
}

/// The stored row as the API reads it, with its clocks now.
pub fn record(r: TicketRow, cal: &Calendar, now: DateTime<Utc>) -> Ticket {
    let pauses = ticket::parse_pauses(&r.pauses);
    let limits = Limits { response_minutes: r.response_limit, resolution_minutes: r.resolution_limit };
    let clocks = Clocks::new(cal, instant(r.received_at), limits, &pauses);
    let (responded, resolved) = (r.responded_at.map(instant), r.resolved_at.map(instant));
    let due = |c: &crate::domain::sla::Clock, done: Option<DateTime<Utc>>| {
        if done.is_some() {
            None
        } else {
            c.due_at(now).map(|d| rfc3339(d.timestamp_millis()))
        }
    };
    let status = Status::parse(&r.status).unwrap_or(Status::Open);
    Ticket {
        id: r.id,
        number: r.number,
        version: r.version,
        status,
        customer_id: r.customer_id,
        customer_name: r.customer_name,
        kind: Kind::parse(&r.kind).unwrap_or(Kind::Guidance),
        urgency: Urgency::parse(&r.urgency).unwrap_or(Urgency::Normal),
        channel: Channel::parse(&r.channel).unwrap_or(Channel::Phone),
        received_at: rfc3339(r.received_at),
        entered_at: rfc3339(r.entered_at),
        entered_by: r.entered_by,
        product_id: r.product_id,
        product_name: r.product_name,
        batch_id: r.batch_id,
        batch_no: r.batch_no,
        delivery_note_id: r.delivery_note_id,
        inquiry_id: r.inquiry_id,
        engineer: r.engineer,
        description: r.description,
        response_limit_minutes: r.response_limit,
        resolution_limit_minutes: r.resolution_limit,
        response: r.response,
        responded_by: r.responded_by,
        responded_at: r.responded_at.map(rfc3339),
        waiting_since: pauses.iter().find(|p| p.1.is_none()).map(|p| rfc3339(p.0.timestamp_millis())),
        wait_reason: r.wait_reason,
        paused_ms: ticket::paused_ms(&pauses, now),
        result: r.result,
        fee_fen: r.fee_fen,
        resolved_by: r.resolved_by,
        resolved_at: r.resolved_at.map(rfc3339),
        response_due_at: due(&clocks.response, responded),
        resolution_due_at: due(&clocks.resolution, resolved),
        sla: clocks.state(responded, resolved, now),
        // filled in by `shown`, for those who pass the link on
        confirmation_link: None,
        confirmed_via: r.confirmed_via,
        confirmed_by: r.confirmed_by,
        confirmed_at: r.confirmed_at.map(rfc3339),
        satisfied: r.satisfied,
        confirmation_note: r.confirmation_note,
        reopened: r.reopened,
    }
}

/// The ticket as `user` reads it: the customer's confirmation link only for those who pass
/// it on — the service desk and the ticket's own engineer — while it may still be used.
fn shown(state: &AppState, user: &SessionUser, r: TicketRow, cal: &Calendar, now: DateTime<Utc>) -> Ticket {
    let may = user.me.roles.contains(&Role::Service) || r.engineer.as_deref() == Some(user.username());
    let usable =
        r.status == Status::Resolved.key() && links::check_expiry(r.confirm_expires_at, now.timestamp_millis()).is_ok();
    let link = if may && usable {
        let token =
            state.link_secret.token_of(LinkKind::Confirmation, &r.id.to_string(), r.confirm_token_salt.as_deref());
        token.map(|t| format!("/confirm/{t}"))
    } else {
        None
    };
    Ticket { confirmation_link: link, ..record(r, cal, now) }
}

/// Audits a step; a new confirmation link goes in as its token's hash, never the token.
async fn audited(
    tx: &mut Tx,
    actor: &str,
    action: &str,
    id: i64,
    before: Option<&Ticket>,
    after: &Ticket,
    token_hash: Option<&str>,
) -> Result<(), AppError> {
    let mut after = audit::snapshot(after);
    if let (Some(hash), Some(serde_json::Value::Object(o))) = (token_hash, after.as_mut()) {
        o.insert("confirmation_token_hash".into(), serde_json::json!(hash));
    }
    let change = Change {
        actor,
        action,
        entity: "service_ticket",
        entity_id: Some(id),
        before: before.and_then(audit::snapshot),
        after,
    };
    audit::append(tx, change).await.map(|_| ())
}

/// `POST /api/v1/service-tickets`.
pub async fn create(state: &AppState, user: &SessionUser, input: &TicketInput) -> Result<Ticket, AppError> {
    user.require(Action::WriteTickets)?;
    let (cal, _) = calendar::current(state).await?;
    let limits = limits(state, &cal).await?.of(ticket::Urgency::parse(&input.urgency).unwrap_or(Urgency::Normal));
    let now = super::db::now();
    let new = input.validate(now, &cal)?;
    let mut tx = state.db.begin().await?;
    let refs = References {
        customer_id: new.customer_id,
        product_id: new.product_id,
        batch_id: new.batch_id,
        delivery_note_id: new.delivery_note_id,
    };
    refs.check(&mut tx).await?;
    if let Some(q) = new.inquiry_id {
        if super::store::inquiries::get(&mut tx, q).await?.is_none_or(|q| q.customer_id != new.customer_id) {
            return Err(AppError::validation("inquiry_id", "validation.inquiry_not_customer"));
        }
    }
    let year = new.received_at.with_timezone(&cal.offset).year();
    let seq = next_number(&mut tx, ticket::PREFIX, year).await?;
    let number = number(ticket::PREFIX, year, seq);
    let id = store::insert(
        &mut tx,
        &store::NewTicket {
            number: &number,
            customer_id: new.customer_id,
            kind: new.kind.key(),
            urgency: new.urgency.key(),
            channel: new.channel.key(),
            received_at: new.received_at.timestamp_millis(),
            entered_at: now.timestamp_millis(),
            entered_by: user.username(),
            product_id: new.product_id,
            batch_id: new.batch_id,
            delivery_note_id: new.delivery_note_id,
            inquiry_id: new.inquiry_id,
            engineer: new.engineer.as_deref(),
            description: &new.description,
            response_limit: limits.response_minutes,
            resolution_limit: limits.resolution_minutes,
        },
    )
    .await?;
    let row = store::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let created = record(row, &cal, now);
    audited(&mut tx, user.username(), "create", id, None, &created, None).await?;
    tx.commit().await?;
    state.publish("service_ticket", id);
    Ok(created)
}

/// The latest instant on the ticket: no step may be dated before it.
fn last_event(r: &TicketRow) -> DateTime<Utc> {
    let pauses = ticket::parse_pauses(&r.pauses);
    let latest_pause = pauses.iter().flat_map(|(from, until)| [Some(*from), *until]).flatten().max();
    [Some(r.received_at), r.responded_at, r.resolved_at]
        .into_iter()
        .flatten()
        .map(instant)
        .chain(latest_pause)
        .max()
        .unwrap_or_else(|| instant(r.received_at))
}

/// `POST /api/v1/service-tickets/{id}/{step}` with the version read.
pub async fn step(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    step: Step,
    input: &TicketStepInput,
) -> Result<Ticket, AppError> {
    user.require(Action::WriteTickets)?;
    let (cal, _) = calendar::current(state).await?;
    let now = super::db::now();
    let mut tx = state.db.begin().await?;
    let row = store::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let status = Status::parse(&row.status).unwrap_or(Status::Open);
    ticket::may_take(status, step)?;
    let v = input.validate(step, now, &cal, last_event(&row))?;
    let at = v.at.timestamp_millis();
    let by = user.username().to_string();
    let text = |t: Option<String>| t.map(Arg::Text).unwrap_or(Arg::Text(String::new()));
    let mut pauses = ticket::parse_pauses(&row.pauses);
    let (set, values): (String, Vec<Arg>) = match step {
        Step::Respond => (
            "status = 'responded', response = $1, responded_by = $2, responded_at = $3".into(),
            vec![text(v.text), Arg::Text(by.clone()), Arg::Int(at)],
        ),
        Step::Wait => {
            pauses.push((v.at, None));
            (
                "status = 'waiting', pauses = $1, wait_reason = $2".into(),
                vec![Arg::Text(ticket::format_pauses(&pauses)), text(v.text)],
            )
        }
        Step::Resume => {
            if let Some(open) = pauses.iter_mut().find(|p| p.1.is_none()) {
                open.1 = Some(v.at);
            }
            let back = if row.responded_at.is_some() { "responded" } else { "open" };
            (format!("status = '{back}', pauses = $1"), vec![Arg::Text(ticket::format_pauses(&pauses))])
        }
        Step::Resolve => {
            // the customer's link: only its salt and hash are kept, and it lasts the set days
            let link = state.link_secret.issue(LinkKind::Confirmation, &id.to_string());
            let expires_at = links::expiry_from(&mut tx, now.timestamp_millis()).await?;
            let mut values = vec![
                text(v.text),
                Arg::Text(by.clone()),
                Arg::Int(at),
                Arg::Text(link.salt),
                Arg::Text(link.hash),
                Arg::Int(expires_at),
            ];
            let fee = match v.fee_fen {
                Some(f) => {
                    values.push(Arg::Int(f));
                    "$7"
                }
                None => "NULL",
            };
            let token =
                "confirm_token = NULL, confirm_token_salt = $4, confirm_token_hash = $5, confirm_expires_at = $6";
            // resolving answers the customer too, when no response was recorded before
            let set = if row.responded_at.is_some() {
                format!(
                    "status = 'resolved', result = $1, resolved_by = $2, resolved_at = $3, {token}, fee_fen = {fee}"
                )
            } else {
                format!(
                    "status = 'resolved', result = $1, resolved_by = $2, resolved_at = $3, {token}, \
                     fee_fen = {fee}, response = $1, responded_by = $2, responded_at = $3"
                )
            };
            (set, values)
        }
        Step::Confirm => {
            let channel = v.channel.map(|c| c.key()).unwrap_or("phone");
            let c = Confirmation { by: &by, channel, satisfied: v.satisfied, note: v.text, version: input.version };
            let after = confirm(&mut tx, &cal, now, row, c).await?;
            tx.commit().await?;
            state.publish("service_ticket", id);
            return Ok(after);
        }
    };
    let version = input.version.unwrap_or(row.version);
    if !store::step(&mut tx, id, version, status.key(), &set, values).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    let before = record(row, &cal, now);
    let after_row = store::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let new_hash = after_row.confirm_token_hash.clone().filter(|_| step == Step::Resolve);
    let after = shown(state, user, after_row, &cal, now);
    let logged = Ticket { confirmation_link: None, ..after.clone() };
    audited(&mut tx, &by, step.key(), id, Some(&before), &logged, new_hash.as_deref()).await?;
    tx.commit().await?;
    state.publish("service_ticket", id);
    Ok(after)
}

/// A confirmation: who recorded it (`customer` through the link), by which channel, the
/// customer's verdict and note, and the version read (none through the link).
struct Confirmation<'a> {
    by: &'a str,
    channel: &'a str,
    satisfied: bool,
    note: Option<String>,
    version: Option<i64>,
}

/// Records the customer's confirmation: satisfied closes the ticket; not satisfied sends it
/// back to work (the resolution clock runs on) and counts a reopening. The link is used up
/// either way (it is kept on the ticket, so a second use is told apart from a made-up one).
async fn confirm(
    tx: &mut Tx,
    cal: &Calendar,
    now: DateTime<Utc>,
    row: TicketRow,
    c: Confirmation<'_>,
) -> Result<Ticket, AppError> {
    let id = row.id;
    let version = c.version.unwrap_or(row.version);
    let values = vec![
        Arg::Text(c.channel.to_string()),
        Arg::Text(c.by.to_string()),
        Arg::Int(now.timestamp_millis()),
        Arg::Bool(c.satisfied),
        Arg::Text(c.note.unwrap_or_default()),
    ];
    let set = if c.satisfied {
        "status = 'closed', confirmed_via = $1, confirmed_by = $2, confirmed_at = $3, satisfied = $4, \
         confirmation_note = $5"
    } else {
        "status = 'responded', confirmed_via = $1, confirmed_by = $2, confirmed_at = $3, satisfied = $4, \
         confirmation_note = $5, resolved_at = NULL, resolved_by = NULL, reopened = reopened + 1"
    };
    if !store::step(tx, id, version, "resolved", set, values).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    let before = record(row, cal, now);
    let after = record(store::get(tx, id).await?.ok_or(AppError::Internal)?, cal, now);
    let action = if c.satisfied { "confirm" } else { "confirm_not_satisfied" };
    audited(tx, c.by, action, id, Some(&before), &after, None).await?;
    Ok(after)
}

/// The ticket behind a customer's link (by its token's hash), while the link may still be
/// used: unknown → 404, used (the ticket is no longer waiting for this confirmation) → 409,
/// past its days → 410.
async fn by_link(conn: &mut Conn, token: &str) -> Result<TicketRow, AppError> {
    if !links::plausible(token) {
        return Err(AppError::NotFound);
    }
    let row = store::by_token_hash(conn, &links::hash(token)).await?.ok_or(AppError::NotFound)?;
    if row.status != Status::Resolved.key() {
        return Err(AppError::conflict("ticket.rule.confirmed"));
    }
    links::check_expiry(row.confirm_expires_at, super::db::now_ms())?;
    Ok(row)
}

/// What the customer's confirmation page shows (`GET /confirm/{token}`).
pub async fn for_link(state: &AppState, token: &str) -> Result<Ticket, AppError> {
    let (cal, _) = calendar::current(state).await?;
    let mut conn = state.db.read.acquire().await?;
    let row = by_link(&mut conn, token).await?;
    Ok(record(row, &cal, super::db::now()))
}

/// `POST /api/v1/confirmations/{token}` `{satisfied, comment?}`: the customer, no account.
pub async fn confirm_by_link(state: &AppState, token: &str, input: &ConfirmationInput) -> Result<Ticket, AppError> {
    let (cal, _) = calendar::current(state).await?;
    let now = super::db::now();
    let mut tx = state.db.begin().await?;
    // the token first: an unknown one is a guess (404, counted) whatever the body says
    let row = by_link(&mut tx, token).await?;
    let note = input.validate()?;
    let id = row.id;
    let c = Confirmation { by: "customer", channel: "link", satisfied: input.satisfied, note, version: None };
    let after = confirm(&mut tx, &cal, now, row, c).await?;
    tx.commit().await?;
    state.publish("service_ticket", id);
    Ok(after)
}

pub async fn get(state: &AppState, user: &SessionUser, id: i64) -> Result<Ticket, AppError> {
    user.require(Action::ReadAfterSales)?;
    let (cal, _) = calendar::current(state).await?;
    let mut conn = state.db.read.acquire().await?;
    let row = store::get(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    Ok(shown(state, user, row, &cal, super::db::now()))
}

/// `GET /api/v1/service-tickets`: newest received first.
pub async fn list(state: &AppState, user: &SessionUser, q: &DeskQuery) -> Result<Page<Ticket>, AppError> {
    user.require(Action::ReadAfterSales)?;
    let (cal, _) = calendar::current(state).await?;
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.key()).collect();
    let r = desk::resolve(q, &cal, &statuses)?;
    let mut conn = state.db.read.acquire().await?;
    let rows = store::list(&mut conn, &r.filter, r.cursor, r.limit + 1).await?;
    let now = super::db::now();
    let page = Page::from_rows(rows, r.limit, |row| desk::cursor_of(row.received_at, row.id));
    let items = page.items.into_iter().map(|row| shown(state, user, row, &cal, now)).collect();
    Ok(Page { items, next_cursor: page.next_cursor })
}

/// The tickets being worked (not waiting for the customer), oldest first, with their state
/// now: what escalation and the service board read. Bounded per status.
pub async fn working(conn: &mut Conn, cal: &Calendar, now: DateTime<Utc>) -> Result<Vec<Ticket>, AppError> {
    let mut out = Vec::new();
    for status in Status::WORKING {
        for row in store::working(conn, status, 500).await? {
            out.push(record(row, cal, now));
        }
    }
    Ok(out)
}
