//! The service desk's registers as sheets for `?format=csv|xlsx`: every record that matches
//! the list's filters (read page by page through the same indexed queries as the screen),
//! one row each, headings and values in the reader's language, times as `YYYY-MM-DD HH:MM`
//! in the company's time zone.

use super::export::{Cell, Sheet};
use super::{complaints, inquiries, liaison, tickets, AppState, SessionUser};
use crate::domain::complaint::Done;
use crate::domain::local_minute;
use crate::domain::service::DeskQuery;
use crate::domain::Page;
use crate::error::AppError;
use crate::i18n::{t, Locale};
use std::future::Future;

/// Every record the query matches, newest first, 500 at a time.
async fn every<T, F, Fut>(q: &DeskQuery, mut page: F) -> Result<Vec<T>, AppError>
where
    F: FnMut(DeskQuery) -> Fut,
    Fut: Future<Output = Result<Page<T>, AppError>>,
{
    let mut query = DeskQuery { limit: Some(500), cursor: None, ..q.clone() };
    let mut out = Vec::new();
    loop {
        let p = page(query.clone()).await?;
        out.extend(p.items);
        match p.next_cursor {
            Some(c) => query.cursor = Some(c),
            None => return Ok(out),
        }
    }
}

fn headings(locale: Locale, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| t(locale, k)).collect()
}

fn minute(at: &str) -> Cell {
    Cell::text(local_minute(at))
}

fn minute_opt(at: Option<&String>) -> Cell {
    Cell::opt(at.map(|a| local_minute(a)))
}

fn who(d: &Option<Done>) -> Cell {
    Cell::opt(d.as_ref().map(|d| d.by.clone()))
}

fn when(d: &Option<Done>) -> Cell {
    minute_opt(d.as_ref().map(|d| &d.at))
}

fn yes_no(locale: Locale, v: Option<bool>) -> Cell {
    Cell::opt(v.map(|v| t(locale, if v { "export.yes" } else { "export.no" })))
}

pub async fn inquiry_register(
    state: &AppState,
    user: &SessionUser,
    q: &DeskQuery,
    locale: Locale,
) -> Result<Sheet, AppError> {
    let items = every(q, |query| async move { inquiries::list(state, user, &query).await }).await?;
    let mut sheet = Sheet::new(
        &t(locale, "nav.inquiries"),
        headings(
            locale,
            &[
                "inquiry.number",
                "export.status",
                "inquiry.received_at",
                "inquiry.channel",
                "inquiry.customer",
                "inquiry.product",
                "inquiry.question",
                "inquiry.answer",
                "inquiry.answered_by",
                "inquiry.answered_at",
                "inquiry.consulted",
                "inquiry.due",
                "inquiry.sla",
                "export.working_hours",
                "inquiry.entered",
            ],
        ),
    );
    for x in items {
        let consulted: Vec<String> = x.consulted.iter().map(|d| t(locale, &format!("dept.{}", d.key()))).collect();
        sheet.rows.push(vec![
            Cell::text(x.number),
            Cell::text(t(locale, &format!("inquiry.status.{}", x.status))),
            minute(&x.received_at),
            Cell::text(t(locale, &format!("channel.{}", x.channel.key()))),
            Cell::text(x.customer_name),
            Cell::opt(x.product_name),
            Cell::text(x.question),
            Cell::opt(x.answer),
            Cell::opt(x.answered_by),
            minute_opt(x.answered_at.as_ref()),
            Cell::text(consulted.join(", ")),
            minute_opt(x.due_at.as_ref()),
            Cell::text(t(locale, &format!("sla.{}", x.sla.key()))),
            Cell::Number(x.working_minutes as f64 / 60.0, "0.0"),
            Cell::text(format!("{} {}", x.entered_by, local_minute(&x.entered_at))),
        ]);
    }
    Ok(sheet)
}

pub async fn complaint_register(
    state: &AppState,
    user: &SessionUser,
    q: &DeskQuery,
    locale: Locale,
) -> Result<Sheet, AppError> {
    let items = every(q, |query| async move { complaints::list(state, user, &query).await }).await?;
    let mut sheet = Sheet::new(
        &t(locale, "nav.complaints"),
        headings(
            locale,
            &[
                "inquiry.number",
                "complaint.stage",
                "inquiry.received_at",
                "inquiry.channel",
                "inquiry.customer",
                "inquiry.product",
                "complaint.batch",
                "complaint.note",
                "complaint.severity",
                "complaint.category",
                "complaint.description",
                "complaint.containment",
                "complaint.containment_due",
                "inquiry.sla",
                "complaint.root_cause",
                "complaint.action",
                "complaint.owner",
                "complaint.due_on",
                "complaint.verify_on",
                "complaint.evidence",
                "complaint.verification",
                "export.verified_by",
                "export.closed_at",
                "complaint.repeat",
            ],
        ),
    );
    for c in items {
        let repeats: Vec<String> = c.repeat_of.iter().map(|r| format!("#{r}")).collect();
        sheet.rows.push(vec![
            Cell::text(c.number),
            Cell::text(t(locale, &format!("complaint.stage.{}", c.status.key()))),
            minute(&c.received_at),
            Cell::text(t(locale, &format!("channel.{}", c.channel.key()))),
            Cell::text(c.customer_name),
            Cell::text(c.product_name),
            Cell::opt(c.batch_no),
            Cell::opt(c.delivery_note_number),
            Cell::text(t(locale, &format!("complaint.severity.{}", c.severity.key()))),
            Cell::text(t(locale, &format!("complaint.category.{}", c.category.key()))),
            Cell::text(c.description),
            Cell::opt(c.containment),
            minute_opt(c.containment_due_at.as_ref()),
            Cell::text(t(locale, &format!("sla.{}", c.sla.key()))),
            Cell::opt(c.root_cause),
            Cell::opt(c.action),
            Cell::opt(c.action_owner),
            Cell::opt(c.action_due_on),
            Cell::opt(c.verify_on),
            Cell::opt(c.evidence),
            yes_no(locale, c.effective),
            who(&c.verified),
            when(&c.closed),
            Cell::text(repeats.join(" ")),
        ]);
    }
    Ok(sheet)
}

pub async fn ticket_register(
    state: &AppState,
    user: &SessionUser,
    q: &DeskQuery,
    locale: Locale,
) -> Result<Sheet, AppError> {
    let items = every(q, |query| async move { tickets::list(state, user, &query).await }).await?;
    let mut sheet = Sheet::new(
        &t(locale, "nav.tickets"),
        headings(
            locale,
            &[
                "inquiry.number",
                "export.status",
                "inquiry.received_at",
                "inquiry.channel",
                "inquiry.customer",
                "ticket.kind",
                "ticket.urgency",
                "ticket.product",
                "complaint.batch",
                "ticket.engineer",
                "ticket.description",
                "ticket.response",
                "ticket.response_due",
                "export.responded_at",
                "ticket.result",
                "ticket.resolution_due",
                "export.resolved_at",
                "inquiry.sla",
                "export.paused_hours",
                "ticket.fee_yuan",
                "ticket.confirmation",
                "ticket.satisfied",
            ],
        ),
    );
    for x in items {
        sheet.rows.push(vec![
            Cell::text(x.number),
            Cell::text(t(locale, &format!("ticket.status.{}", x.status.key()))),
            minute(&x.received_at),
            Cell::text(t(locale, &format!("channel.{}", x.channel.key()))),
            Cell::text(x.customer_name),
            Cell::text(t(locale, &format!("ticket.kind.{}", x.kind.key()))),
            Cell::text(t(locale, &format!("ticket.urgency.{}", x.urgency.key()))),
            Cell::opt(x.product_name),
            Cell::opt(x.batch_no),
            Cell::opt(x.engineer),
            Cell::text(x.description),
            Cell::opt(x.response),
            minute_opt(x.response_due_at.as_ref()),
            minute_opt(x.responded_at.as_ref()),
            Cell::opt(x.result),
            minute_opt(x.resolution_due_at.as_ref()),
            minute_opt(x.resolved_at.as_ref()),
            Cell::text(t(locale, &format!("sla.{}", x.sla.key()))),
            Cell::Number(x.paused_ms as f64 / 3_600_000.0, "0.0"),
            match x.fee_fen {
                Some(f) => Cell::Number(f as f64 / 100.0, "#,##0.00"),
                None => Cell::text(""),
            },
            Cell::opt(x.confirmed_at.as_ref().map(|at| {
                format!("{} {}", x.confirmed_via.clone().unwrap_or_default(), local_minute(at)).trim().to_string()
            })),
            yes_no(locale, x.satisfied),
        ]);
    }
    Ok(sheet)
}

pub async fn liaison_register(
    state: &AppState,
    user: &SessionUser,
    q: &DeskQuery,
    locale: Locale,
) -> Result<Sheet, AppError> {
    let items = every(q, |query| async move { liaison::list(state, user, &query).await }).await?;
    let mut sheet = Sheet::new(
        &t(locale, "nav.liaison"),
        headings(
            locale,
            &[
                "inquiry.number",
                "liaison.stage",
                "inquiry.received_at",
                "liaison.kind",
                "inquiry.customer",
                "inquiry.product",
                "liaison.description",
                "liaison.department",
                "export.acknowledged_by",
                "export.acknowledged_at",
                "liaison.text.analysis",
                "liaison.text.measure",
                "liaison.owner",
                "liaison.due_on",
                "liaison.text.verify",
                "liaison.finding",
                "export.verified_by",
                "liaison.result",
                "export.closed_at",
            ],
        ),
    );
    for x in items {
        sheet.rows.push(vec![
            Cell::text(x.number),
            Cell::text(t(locale, &format!("liaison.status.{}", x.status.key()))),
            minute(&x.received_at),
            Cell::text(t(locale, &format!("liaison.kind.{}", x.kind.key()))),
            Cell::text(x.customer_name),
            Cell::opt(x.product_name),
            Cell::text(x.description),
            Cell::opt(x.department.map(|d| t(locale, &format!("dept.{}", d.key())))),
            who(&x.acknowledged),
            when(&x.acknowledged),
            Cell::opt(x.analysis),
            Cell::opt(x.measure),
            Cell::opt(x.measure_owner),
            Cell::opt(x.measure_due_on),
            Cell::opt(x.verification),
            yes_no(locale, x.effective),
            who(&x.verified),
            Cell::opt(x.result),
            when(&x.closed),
        ]);
    }
    Ok(sheet)
}
