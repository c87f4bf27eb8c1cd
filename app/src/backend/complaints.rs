//! The complaint service: sales, service and quality register a complaint against a product
//! (and, where known, its batch and delivery note) and work it through the 8D steps. Every
//! step is audited with the record before and after.

use super::audit::{self, Change};
use super::calendar;
use super::db::{instant, rfc3339, today, Tx};
use super::desk;
use super::store::complaints::{self as store, ComplaintRow};
use super::store::orders::next_number;
use super::store::{batches as batches_store, users, Arg, Conn};
use super::{batches, recalls};
use super::{AppState, SessionUser};
use crate::domain::batch::{BatchCommand, NonconformityInput};
use crate::domain::calendar::Calendar;
use crate::domain::complaint::{
    self, Category, Complaint, ComplaintInput, Done, Finding, RecallInput, Recipient, Severity, Stage, Step, StepInput,
};
use crate::domain::service::{number, Channel, DeskQuery};
use crate::domain::{Action, Page};
use crate::error::AppError;
use chrono::{DateTime, Datelike, Duration, Utc};

fn done(by: Option<String>, at: Option<i64>) -> Option<Done> {
    Some(Done { by: by?, at: rfc3339(at?) })
}

/// The row as the API reads it; `repeat_of` and `batch_recipients` are filled by the caller.
pub fn record(r: ComplaintRow, cal: &Calendar, now: DateTime<Utc>) -> Complaint {
    let severity = Severity::parse(&r.severity).unwrap_or(Severity::Major);
    let received = instant(r.received_at);
    let clock = complaint::containment_clock(cal, severity, received);
    Complaint {
        id: r.id,
        number: r.number,
        version: r.version,
        status: Stage::parse(&r.status).unwrap_or(Stage::Open),
        customer_id: r.customer_id,
        customer_name: r.customer_name,
        product_id: r.product_id,
        product_name: r.product_name,
        batch_id: r.batch_id,
        batch_no: r.batch_no,
        delivery_note_id: r.delivery_note_id,
        delivery_note_number: r.delivery_note_number,
        severity,
        category: Category::parse(&r.category).unwrap_or(Category::Quality),
        channel: Channel::parse(&r.channel).unwrap_or(Channel::Phone),
        received_at: rfc3339(r.received_at),
        entered_at: rfc3339(r.entered_at),
        entered_by: r.entered_by,
        description: r.description,
        containment: r.containment,
        contained: done(r.contained_by, r.contained_at),
        containment_due_at: clock.due_at(now).map(|d| rfc3339(d.timestamp_millis())),
        sla: clock.state(r.contained_at.map(instant), now),
        root_cause: r.root_cause,
        analysed: done(r.analysed_by, r.analysed_at),
        action: r.action,
        action_owner: r.action_owner,
        action_due_on: r.action_due_on,
        verify_on: r.verify_on,
        action_set: done(r.action_by, r.action_at),
        evidence: r.evidence,
        effective: r.effective,
        verified: done(r.verified_by, r.verified_at),
        failed_verifications: r.failed_verifications,
        closed: done(r.closed_by, r.closed_at),
        repeat_of: Vec::new(),
        batch_recipients: Vec::new(),
        nonconformity_id: r.nonconformity_id,
        recall_id: r.recall_id,
    }
}

/// Earlier complaints of the same product and category in the twelve months before each of
/// `rows`, at most [`MAX_REPEATS`] each, newest first; one query for all of them.
async fn repeats(conn: &mut Conn, rows: &[ComplaintRow]) -> Result<Vec<Vec<i64>>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let window = Duration::days(complaint::REPEAT_WINDOW_DAYS).num_milliseconds();
    let mut pairs = store::earlier(conn, &ids, window).await?;
    pairs.sort_by_key(|p| std::cmp::Reverse((p.2, p.1)));
    Ok(ids
        .iter()
        .map(|id| pairs.iter().filter(|(c, _, _)| c == id).map(|(_, e, _)| *e).take(MAX_REPEATS).collect())
        .collect())
}

/// How many earlier complaints a record lists as those it repeats.
const MAX_REPEATS: usize = 50;

/// Who received the batch (shipped notes), per customer.
async fn recipients(conn: &mut Conn, batch_id: Option<i64>) -> Result<Vec<Recipient>, AppError> {
    let Some(batch) = batch_id else { return Ok(Vec::new()) };
    let mut out: Vec<Recipient> = Vec::new();
    for row in batches_store::trace(conn, batch).await?.into_iter().filter(|r| r.shipped) {
        match out.iter_mut().find(|r| r.customer_id == row.customer_id) {
            Some(r) => r.quantity += row.quantity,
            None => out.push(Recipient {
                customer_id: row.customer_id,
                customer_name: row.customer_name,
                quantity: row.quantity,
            }),
        }
    }
    Ok(out)
}

async fn full(conn: &mut Conn, row: ComplaintRow, cal: &Calendar, now: DateTime<Utc>) -> Result<Complaint, AppError> {
    let repeat_of = repeats(conn, std::slice::from_ref(&row)).await?.pop().unwrap_or_default();
    let mut c = record(row, cal, now);
    c.repeat_of = repeat_of;
    c.batch_recipients = recipients(conn, c.batch_id).await?;
    Ok(c)
}

/// `POST /api/v1/complaints`.
pub async fn create(state: &AppState, user: &SessionUser, input: &ComplaintInput) -> Result<Complaint, AppError> {
    user.require(Action::WriteComplaints)?;
    let (cal, _) = calendar::current(state).await?;
    let now = super::db::now();
    let new = input.validate(now, &cal)?;
    let due = complaint::containment_clock(&cal, new.severity, new.received_at).due_at(new.received_at);
    let mut tx = state.db.begin().await?;
    let refs = desk::References {
        customer_id: new.customer_id,
        product_id: Some(new.product_id),
        batch_id: new.batch_id,
        delivery_note_id: new.delivery_note_id,
    };
    refs.check(&mut tx).await?;
    let sales_rep = store::sales_rep_of(&mut tx, new.delivery_note_id, new.customer_id).await?;
    let year = new.received_at.with_timezone(&cal.offset).year();
    let seq = next_number(&mut tx, complaint::PREFIX, year).await?;
    let number = number(complaint::PREFIX, year, seq);
    let id = store::insert(
        &mut tx,
        &store::NewComplaint {
            number: &number,
            customer_id: new.customer_id,
            product_id: new.product_id,
            batch_id: new.batch_id,
            delivery_note_id: new.delivery_note_id,
            severity: new.severity.key(),
            category: new.category.key(),
            channel: new.channel.key(),
            received_at: new.received_at.timestamp_millis(),
            entered_at: now.timestamp_millis(),
            entered_by: user.username(),
            description: &new.description,
            containment_due_at: due.unwrap_or(new.received_at).timestamp_millis(),
            sales_rep: sales_rep.as_deref(),
        },
    )
    .await?;
    let row = store::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let created = full(&mut tx, row, &cal, now).await?;
    let change = Change {
        actor: user.username(),
        action: "create",
        entity: "complaint",
        entity_id: Some(id),
        before: None,
        after: audit::snapshot(&created),
    };
    audit::append(&mut tx, change).await?;
    tx.commit().await?;
    state.publish("complaint", id);
    Ok(created)
}

/// One 8D step: `POST /api/v1/complaints/{id}/{containment|root-cause|action|verify|close}`.
pub async fn step(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    step: Step,
    input: &StepInput,
) -> Result<Complaint, AppError> {
    user.require(Action::WriteComplaints)?;
    let (cal, _) = calendar::current(state).await?;
    let now = super::db::now();
    let at = now.timestamp_millis();
    let by = user.username().to_string();
    let mut tx = state.db.begin().await?;
    let row = store::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let stage = Stage::parse(&row.status).unwrap_or(Stage::Open);
    complaint::may_take(stage, step)?;
    let (set, values, action) = match step {
        Step::Containment => (
            "status = 'contained', containment = $1, contained_by = $2, contained_at = $3",
            vec![Arg::Text(input.text()?), Arg::Text(by.clone()), Arg::Int(at)],
            "contain",
        ),
        Step::RootCause => (
            "status = 'analysed', root_cause = $1, analysed_by = $2, analysed_at = $3",
            vec![Arg::Text(input.text()?), Arg::Text(by.clone()), Arg::Int(at)],
            "root_cause",
        ),
        Step::Action => {
            let plan = input.action(today())?;
            if users::credentials(&mut tx, &plan.owner).await?.is_none_or(|c| !c.active) {
                return Err(AppError::validation("owner", "validation.user_unknown"));
            }
            (
                "status = 'action', action = $1, action_owner = $2, action_due_on = $3, verify_on = $4, \
                 action_by = $5, action_at = $6, evidence = NULL, effective = NULL, verified_by = NULL, verified_at = NULL",
                vec![
                    Arg::Text(plan.text),
                    Arg::Text(plan.owner),
                    Arg::Text(plan.due_on.format("%Y-%m-%d").to_string()),
                    Arg::Text(plan.verify_on.format("%Y-%m-%d").to_string()),
                    Arg::Text(by.clone()),
                    Arg::Int(at),
                ],
                "set_action",
            )
        }
        Step::Verify => {
            let (evidence, effective) = input.verification()?;
            let owner = row.action_owner.clone().unwrap_or_default();
            let verify_on = crate::domain::fields::date("verify_on", row.verify_on.as_deref().unwrap_or(""))?;
            complaint::may_verify(&owner, &by, verify_on, today())?;
            let set = match complaint::after_verification(effective) {
                Stage::Verified => {
                    "status = 'verified', evidence = $1, effective = $2, verified_by = $3, verified_at = $4"
                }
                _ => {
                    "status = 'contained', evidence = $1, effective = $2, verified_by = $3, verified_at = $4, \
                     failed_verifications = failed_verifications + 1"
                }
            };
            (
                set,
                vec![Arg::Text(evidence), Arg::Bool(effective), Arg::Text(by.clone()), Arg::Int(at)],
                if effective { "verify" } else { "verify_not_effective" },
            )
        }
        Step::Close => {
            ("status = 'closed', closed_by = $1, closed_at = $2", vec![Arg::Text(by.clone()), Arg::Int(at)], "close")
        }
    };
    let version = input.version.unwrap_or(row.version);
    if !store::step(&mut tx, id, version, stage.key(), set, values).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    let before = record(row, &cal, now);
    let row = store::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let after = full(&mut tx, row, &cal, now).await?;
    let change = Change {
        actor: user.username(),
        action,
        entity: "complaint",
        entity_id: Some(id),
        before: audit::snapshot(&before),
        after: audit::snapshot(&after),
    };
    audit::append(&mut tx, change).await?;
    tx.commit().await?;
    state.publish("complaint", id);
    Ok(after)
}

/// `POST /api/v1/complaints/{id}/nonconformity`: quality records the complaint's batch as
/// nonconforming (it stops shipping), through the release gate's own service, in one
/// transaction with the link on the complaint.
pub async fn open_nonconformity(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    input: &NonconformityInput,
) -> Result<Complaint, AppError> {
    user.require(Action::ManageQuality)?;
    input.validate()?;
    let (cal, _) = calendar::current(state).await?;
    let now = super::db::now();
    let mut tx = state.db.begin().await?;
    let row = store::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let before = record(row.clone(), &cal, now);
    let batch = complaint::may_open(Finding::Nonconformity, &before)?;
    let input = NonconformityInput {
        description: Some(input.description.clone().filter(|d| !d.trim().is_empty()).unwrap_or_else(|| {
            format!("{} {}", before.number, before.description.chars().take(400).collect::<String>())
        })),
        ..input.clone()
    };
    let nc = batches::open_nonconformity(&mut tx, user.username(), batch, &input, |open| {
        BatchCommand::ComplaintNonconformity { open_record: open }
    })
    .await?;
    finish_finding(state, tx, user, (row, before), Finding::Nonconformity, nc.id, &cal, now).await.inspect(|_| {
        state.publish("batch", batch);
        state.publish("nonconformity", nc.id);
    })
}

/// `POST /api/v1/complaints/{id}/recall` `{reason}`: quality starts the recall of the
/// complaint's batch — a task per customer who received it — through the recall service.
pub async fn start_recall(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    input: &RecallInput,
) -> Result<Complaint, AppError> {
    user.require(Action::ManageQuality)?;
    let reason = crate::domain::fields::required("reason", input.reason.as_deref().unwrap_or(""), 1000)?;
    let (cal, _) = calendar::current(state).await?;
    let now = super::db::now();
    let mut tx = state.db.begin().await?;
    let row = store::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let before = record(row.clone(), &cal, now);
    let batch = complaint::may_open(Finding::Recall, &before)?;
    let summary = batches_store::summary(&mut tx, batch).await?.ok_or(AppError::NotFound)?;
    let reason = format!("{} — {reason}", before.number);
    let recall = recalls::open(&mut tx, &summary, &reason, user.username(), now.timestamp_millis()).await?;
    finish_finding(state, tx, user, (row, before), Finding::Recall, recall, &cal, now).await.inspect(|_| {
        state.publish("recall", recall);
    })
}

/// Links the finding on the complaint, audits the change and commits.
#[allow(clippy::too_many_arguments)]
async fn finish_finding(
    state: &AppState,
    mut tx: Tx,
    user: &SessionUser,
    (row, before): (ComplaintRow, Complaint),
    finding: Finding,
    value: i64,
    cal: &Calendar,
    now: DateTime<Utc>,
) -> Result<Complaint, AppError> {
    if !store::link_finding(&mut tx, row.id, row.version, finding, value).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    let row = store::get(&mut tx, row.id).await?.ok_or(AppError::Internal)?;
    let after = full(&mut tx, row, cal, now).await?;
    let action = match finding {
        Finding::Nonconformity => "open_nonconformity",
        Finding::Recall => "start_recall",
    };
    let change = Change {
        actor: user.username(),
        action,
        entity: "complaint",
        entity_id: Some(after.id),
        before: audit::snapshot(&before),
        after: audit::snapshot(&after),
    };
    audit::append(&mut tx, change).await?;
    tx.commit().await?;
    state.publish("complaint", after.id);
    Ok(after)
}

pub async fn get(state: &AppState, user: &SessionUser, id: i64) -> Result<Complaint, AppError> {
    user.require(Action::ReadAfterSales)?;
    let (cal, _) = calendar::current(state).await?;
    let mut conn = state.db.read.acquire().await?;
    let row = store::get(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    full(&mut conn, row, &cal, super::db::now()).await
}

/// `GET /api/v1/complaints`: newest received first, each with its repeats (the batch's
/// recipients are on the single record).
pub async fn list(state: &AppState, user: &SessionUser, q: &DeskQuery) -> Result<Page<Complaint>, AppError> {
    user.require(Action::ReadAfterSales)?;
    let (cal, _) = calendar::current(state).await?;
    let keys: Vec<&str> = Stage::ALL.iter().map(|s| s.key()).collect();
    let r = desk::resolve(q, &cal, &keys)?;
    let mut conn = state.db.read.acquire().await?;
    let rows = store::list(&mut conn, &r.filter, r.cursor, r.limit + 1).await?;
    let now = super::db::now();
    let page = Page::from_rows(rows, r.limit, |row| desk::cursor_of(row.received_at, row.id));
    let repeat_of = repeats(&mut conn, &page.items).await?;
    let items = page
        .items
        .into_iter()
        .zip(repeat_of)
        .map(|(row, repeat_of)| Complaint { repeat_of, ..record(row, &cal, now) })
        .collect();
    Ok(Page { items, next_cursor: page.next_cursor })
}
