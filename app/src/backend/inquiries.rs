//! The inquiry service (§4.2.2): sales and service record what a customer asks and answer
//! it; everyone at the service desk reads them with their SLA state on the company calendar.

use super::audit::{self, Change};
use super::calendar;
use super::db::{instant, rfc3339};
use super::desk;
use super::store::inquiries::{self as store, InquiryRow};
use super::store::orders::next_number;
use super::store::{customers, products};
use super::{AppState, SessionUser};
use crate::domain::calendar::Calendar;
use crate::domain::inquiry::{self, AnswerInput, Inquiry, InquiryInput};
use crate::domain::service::{number, Channel, Department, DeskQuery};
use crate::domain::{Action, Page};
use crate::error::AppError;
use chrono::{DateTime, Datelike, Utc};

/// The stored row as the API reads it, with its SLA state now.
pub fn record(row: InquiryRow, calendar: &Calendar, now: DateTime<Utc>) -> Inquiry {
    let received = instant(row.received_at);
    let answered = row.answered_at.map(instant);
    let clock = inquiry::clock(calendar, received);
    Inquiry {
        id: row.id,
        number: row.number,
        version: row.version,
        status: row.status,
        customer_id: row.customer_id,
        customer_name: row.customer_name,
        channel: Channel::parse(&row.channel).unwrap_or(Channel::Phone),
        received_at: rfc3339(row.received_at),
        entered_at: rfc3339(row.entered_at),
        entered_by: row.entered_by,
        product_id: row.product_id,
        product_name: row.product_name,
        question: row.question,
        answer: row.answer,
        answered_by: row.answered_by,
        answered_at: row.answered_at.map(rfc3339),
        first_response_at: row.answered_at.map(rfc3339),
        consulted: row.consulted.split(',').filter_map(Department::parse).collect(),
        due_at: clock.due_at(now).map(|d| rfc3339(d.timestamp_millis())),
        sla: clock.state(answered, now),
        working_minutes: clock.used(answered.unwrap_or(now)),
    }
}

/// `POST /api/v1/inquiries`.
pub async fn create(state: &AppState, user: &SessionUser, input: &InquiryInput) -> Result<Inquiry, AppError> {
    user.require(Action::WriteInquiries)?;
    let (cal, _) = calendar::current(state).await?;
    let now = super::db::now();
    let new = input.validate(now, &cal)?;
    let due = inquiry::clock(&cal, new.received_at).due_at(new.received_at).unwrap_or(new.received_at);
    let mut tx = state.db.begin().await?;
    if customers::get(&mut tx, new.customer_id).await?.is_none() {
        return Err(AppError::validation("customer_id", "validation.customer_unknown"));
    }
    if let Some(p) = new.product_id {
        if products::get(&mut tx, p).await?.is_none() {
            return Err(AppError::validation("product_id", "validation.product_unknown"));
        }
    }
    let year = new.received_at.with_timezone(&cal.offset).year();
    let seq = next_number(&mut tx, inquiry::PREFIX, year).await?;
    let number = number(inquiry::PREFIX, year, seq);
    let id = store::insert(
        &mut tx,
        &store::NewInquiry {
            number: &number,
            customer_id: new.customer_id,
            channel: new.channel.key(),
            received_at: new.received_at.timestamp_millis(),
            entered_at: now.timestamp_millis(),
            entered_by: user.username(),
            product_id: new.product_id,
            question: &new.question,
            due_at: due.timestamp_millis(),
        },
    )
    .await?;
    let created = record(store::get(&mut tx, id).await?.ok_or(AppError::Internal)?, &cal, now);
    let change = Change {
        actor: user.username(),
        action: "create",
        entity: "inquiry",
        entity_id: Some(id),
        before: None,
        after: audit::snapshot(&created),
    };
    audit::append(&mut tx, change).await?;
    tx.commit().await?;
    state.publish("inquiry", id);
    Ok(created)
}

/// `POST /api/v1/inquiries/{id}/answer` `{version, answer, consulted, answered_at?}`: once
/// (409 after).
pub async fn answer(state: &AppState, user: &SessionUser, id: i64, input: &AnswerInput) -> Result<Inquiry, AppError> {
    user.require(Action::WriteInquiries)?;
    let (cal, _) = calendar::current(state).await?;
    let now = super::db::now();
    let mut tx = state.db.begin().await?;
    let before = store::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    inquiry::may_answer(&before.status)?;
    let a = input.validate(now, &cal, instant(before.received_at))?;
    let version = input.version.unwrap_or(before.version);
    let keys: Vec<&str> = a.consulted.iter().map(|d| d.key()).collect();
    let at = a.answered_at.timestamp_millis();
    if !store::answer(&mut tx, id, version, &a.answer, &keys.join(","), user.username(), at).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    let before = record(before, &cal, now);
    let after = record(store::get(&mut tx, id).await?.ok_or(AppError::Internal)?, &cal, now);
    let change = Change {
        actor: user.username(),
        action: "answer",
        entity: "inquiry",
        entity_id: Some(id),
        before: audit::snapshot(&before),
        after: audit::snapshot(&after),
    };
    audit::append(&mut tx, change).await?;
    tx.commit().await?;
    state.publish("inquiry", id);
    Ok(after)
}

pub async fn get(state: &AppState, user: &SessionUser, id: i64) -> Result<Inquiry, AppError> {
    user.require(Action::ReadAfterSales)?;
    let (cal, _) = calendar::current(state).await?;
    let mut conn = state.db.read.acquire().await?;
    let row = store::get(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    Ok(record(row, &cal, super::db::now()))
}

/// `GET /api/v1/inquiries`: newest received first.
pub async fn list(state: &AppState, user: &SessionUser, q: &DeskQuery) -> Result<Page<Inquiry>, AppError> {
    user.require(Action::ReadAfterSales)?;
    let (cal, _) = calendar::current(state).await?;
    // an inquiry concerns no batch
    let q = DeskQuery { batch_id: None, ..q.clone() };
    let r = desk::resolve(&q, &cal, &["open", "answered"])?;
    let mut conn = state.db.read.acquire().await?;
    let rows = store::list(&mut conn, &r.filter, r.cursor, r.limit + 1).await?;
    let now = super::db::now();
    let page = Page::from_rows(rows, r.limit, |row| desk::cursor_of(row.received_at, row.id));
    let items = page.items.into_iter().map(|row| record(row, &cal, now)).collect();
    Ok(Page { items, next_cursor: page.next_cursor })
}
