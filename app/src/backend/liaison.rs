//! The liaison form service (信息联络处理单, §4.2.4): sales and service record what a customer
//! said and route it to a department; that department's people acknowledge it, analyse it and
//! set an improvement measure; sales or service verify the measure (not its owner) and record
//! the result. Every step is audited with the record before and after.

use super::audit::{self, Change};
use super::calendar;
use super::db::{rfc3339, today, Tx};
use super::desk::{self, References};
use super::store::liaison::{self as store, LiaisonRow};
use super::store::orders::next_number;
use super::store::{users, Arg, Conn};
use super::{AppState, SessionUser};
use crate::domain::complaint::Done;
use crate::domain::liaison::{self, Actor, Checked, Kind, Liaison, LiaisonInput, LiaisonStepInput, Status, Step};
use crate::domain::service::{number, Channel, Department, DeskQuery};
use crate::domain::{Action, Page};
use crate::error::AppError;
use chrono::Datelike;

fn done(by: Option<String>, at: Option<i64>) -> Option<Done> {
    Some(Done { by: by?, at: rfc3339(at?) })
}

/// The stored row as the API reads it.
pub fn record(r: LiaisonRow) -> Liaison {
    Liaison {
        id: r.id,
        number: r.number,
        version: r.version,
        status: Status::parse(&r.status).unwrap_or(Status::Open),
        kind: Kind::parse(&r.kind).unwrap_or(Kind::Suggestion),
        customer_id: r.customer_id,
        customer_name: r.customer_name,
        product_id: r.product_id,
        product_name: r.product_name,
        inquiry_id: r.inquiry_id,
        channel: Channel::parse(&r.channel).unwrap_or(Channel::Phone),
        received_at: rfc3339(r.received_at),
        entered_at: rfc3339(r.entered_at),
        entered_by: r.entered_by,
        description: r.description,
        department: r.department.as_deref().and_then(Department::parse),
        routed: done(r.routed_by, r.routed_at),
        acknowledged: done(r.acknowledged_by, r.acknowledged_at),
        analysis: r.analysis,
        analysed: done(r.analysed_by, r.analysed_at),
        measure: r.measure,
        measure_owner: r.measure_owner,
        measure_due_on: r.measure_due_on,
        measure_set: done(r.measure_by, r.measure_at),
        verification: r.verification,
        effective: r.effective,
        verified: done(r.verified_by, r.verified_at),
        failed_verifications: r.failed_verifications,
        result: r.result,
        closed: done(r.closed_by, r.closed_at),
    }
}

/// The departments a person belongs to: those of their roles and those the admin assigned.
pub async fn departments(conn: &mut Conn, user: &SessionUser) -> Result<Vec<Department>, AppError> {
    let assigned: Vec<Department> =
        store::departments_of(conn, user.username()).await?.iter().filter_map(|d| Department::parse(d)).collect();
    Ok(Department::ALL.into_iter().filter(|d| liaison::belongs(&user.me.roles, &assigned, *d)).collect())
}

async fn audited(
    tx: &mut Tx,
    actor: &str,
    action: &str,
    id: i64,
    before: Option<&Liaison>,
    after: &Liaison,
) -> Result<(), AppError> {
    let change = Change {
        actor,
        action,
        entity: "liaison_form",
        entity_id: Some(id),
        before: before.and_then(audit::snapshot),
        after: audit::snapshot(after),
    };
    audit::append(tx, change).await.map(|_| ())
}

fn route_set(department: Department, by: &str, at: i64) -> (String, Vec<Arg>) {
    (
        "status = 'routed', department = $1, routed_by = $2, routed_at = $3".into(),
        vec![Arg::Text(department.key().into()), Arg::Text(by.into()), Arg::Int(at)],
    )
}

/// `POST /api/v1/liaison-forms`; with a `department` it is routed at once.
pub async fn create(state: &AppState, user: &SessionUser, input: &LiaisonInput) -> Result<Liaison, AppError> {
    user.require(Action::WriteLiaison)?;
    let (cal, _) = calendar::current(state).await?;
    let now = super::db::now();
    let new = input.validate(now, &cal)?;
    let mut tx = state.db.begin().await?;
    let refs =
        References { customer_id: new.customer_id, product_id: new.product_id, batch_id: None, delivery_note_id: None };
    refs.check(&mut tx).await?;
    if let Some(q) = new.inquiry_id {
        if super::store::inquiries::get(&mut tx, q).await?.is_none_or(|q| q.customer_id != new.customer_id) {
            return Err(AppError::validation("inquiry_id", "validation.inquiry_not_customer"));
        }
    }
    let year = new.received_at.with_timezone(&cal.offset).year();
    let seq = next_number(&mut tx, liaison::PREFIX, year).await?;
    let number = number(liaison::PREFIX, year, seq);
    let id = store::insert(
        &mut tx,
        &store::NewLiaison {
            number: &number,
            kind: new.kind.key(),
            customer_id: new.customer_id,
            product_id: new.product_id,
            inquiry_id: new.inquiry_id,
            channel: new.channel.key(),
            received_at: new.received_at.timestamp_millis(),
            entered_at: now.timestamp_millis(),
            entered_by: user.username(),
            description: &new.description,
        },
    )
    .await?;
    if let Some(d) = new.department {
        let (set, values) = route_set(d, user.username(), now.timestamp_millis());
        store::step(&mut tx, id, 1, "open", &set, values).await?;
    }
    let created = record(store::get(&mut tx, id).await?.ok_or(AppError::Internal)?);
    audited(&mut tx, user.username(), "create", id, None, &created).await?;
    tx.commit().await?;
    state.publish("liaison_form", id);
    Ok(created)
}

/// `POST /api/v1/liaison-forms/{id}/{step}` with the version read. The department's steps
/// are its people's (403 for anyone else); the others are the desk's.
pub async fn step(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    step: Step,
    input: &LiaisonStepInput,
) -> Result<Liaison, AppError> {
    user.require(Action::ReadLiaison)?;
    let now = super::db::now();
    let at = now.timestamp_millis();
    let by = user.username().to_string();
    let mut tx = state.db.begin().await?;
    let row = store::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    match step.actor() {
        Actor::Desk => user.require(Action::WriteLiaison)?,
        Actor::Department => {
            let routed = row.department.as_deref().and_then(Department::parse);
            let mine = departments(&mut tx, user).await?;
            if routed.is_none_or(|d| !mine.contains(&d)) {
                return Err(AppError::Forbidden);
            }
        }
    }
    let status = Status::parse(&row.status).unwrap_or(Status::Open);
    liaison::may_take(status, step)?;
    let checked = input.validate(step, today())?;
    let (set, values): (String, Vec<Arg>) = match checked {
        Checked::Route(d) => route_set(d, &by, at),
        Checked::Acknowledge => (
            "status = 'acknowledged', acknowledged_by = $1, acknowledged_at = $2".into(),
            vec![Arg::Text(by.clone()), Arg::Int(at)],
        ),
        Checked::Analysis(text) => (
            "status = 'analysed', analysis = $1, analysed_by = $2, analysed_at = $3".into(),
            vec![Arg::Text(text), Arg::Text(by.clone()), Arg::Int(at)],
        ),
        Checked::Measure { text, owner, due_on } => {
            if users::credentials(&mut tx, &owner).await?.is_none_or(|c| !c.active) {
                return Err(AppError::validation("owner", "validation.user_unknown"));
            }
            (
                "status = 'measure', measure = $1, measure_owner = $2, measure_due_on = $3, measure_by = $4, \
                 measure_at = $5, verification = NULL, effective = NULL, verified_by = NULL, verified_at = NULL"
                    .into(),
                vec![
                    Arg::Text(text),
                    Arg::Text(owner),
                    Arg::Text(due_on.format("%Y-%m-%d").to_string()),
                    Arg::Text(by.clone()),
                    Arg::Int(at),
                ],
            )
        }
        Checked::Verify { text, effective } => {
            liaison::may_verify(row.measure_owner.as_deref().unwrap_or(""), &by)?;
            let next = liaison::after_verification(effective);
            let failed = if effective { "" } else { ", failed_verifications = failed_verifications + 1" };
            (
                format!(
                    "status = '{}', verification = $1, effective = $2, verified_by = $3, verified_at = $4{failed}",
                    next.key()
                ),
                vec![Arg::Text(text), Arg::Bool(effective), Arg::Text(by.clone()), Arg::Int(at)],
            )
        }
        Checked::Close(result) => (
            "status = 'closed', result = $1, closed_by = $2, closed_at = $3".into(),
            vec![Arg::Text(result), Arg::Text(by.clone()), Arg::Int(at)],
        ),
    };
    let version = input.version.unwrap_or(row.version);
    if !store::step(&mut tx, id, version, status.key(), &set, values).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    let before = record(row);
    let after = record(store::get(&mut tx, id).await?.ok_or(AppError::Internal)?);
    audited(&mut tx, &by, step.key(), id, Some(&before), &after).await?;
    tx.commit().await?;
    state.publish("liaison_form", id);
    Ok(after)
}

/// Whoever reads the service desk reads every form; anyone else only those routed to one of
/// their departments.
async fn may_read(conn: &mut Conn, user: &SessionUser, department: Option<Department>) -> Result<(), AppError> {
    user.require(Action::ReadLiaison)?;
    if crate::domain::can(&user.me.roles, Action::ReadAfterSales) {
        return Ok(());
    }
    let mine = departments(conn, user).await?;
    if department.is_some_and(|d| mine.contains(&d)) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn get(state: &AppState, user: &SessionUser, id: i64) -> Result<Liaison, AppError> {
    let mut conn = state.db.read.acquire().await?;
    let l = record(store::get(&mut conn, id).await?.ok_or(AppError::NotFound)?);
    may_read(&mut conn, user, l.department).await?;
    Ok(l)
}

/// `GET /api/v1/liaison-forms`: newest received first; `department` narrows to one (for a
/// reader outside the service desk, one of their own, by default the first).
pub async fn list(state: &AppState, user: &SessionUser, q: &DeskQuery) -> Result<Page<Liaison>, AppError> {
    user.require(Action::ReadLiaison)?;
    let (cal, _) = calendar::current(state).await?;
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.key()).collect();
    let r = desk::resolve(q, &cal, &statuses)?;
    let department = match q.department.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => {
            Some(Department::parse(d).ok_or_else(|| AppError::validation("department", "validation.department"))?)
        }
    };
    let mut conn = state.db.read.acquire().await?;
    let department = match department {
        None if !crate::domain::can(&user.me.roles, Action::ReadAfterSales) => {
            departments(&mut conn, user).await?.first().copied()
        }
        d => d,
    };
    may_read(&mut conn, user, department).await?;
    let rows = store::list(&mut conn, &r.filter, department.map(|d| d.key()), r.cursor, r.limit + 1).await?;
    let page = Page::from_rows(rows, r.limit, |row| desk::cursor_of(row.received_at, row.id));
    Ok(Page { items: page.items.into_iter().map(record).collect(), next_cursor: page.next_cursor })
}

/// The form and the steps this user may take on it (for the page: only theirs are offered).
pub async fn get_for(state: &AppState, user: &SessionUser, id: i64) -> Result<(Liaison, Vec<String>), AppError> {
    let mut conn = state.db.read.acquire().await?;
    let l = record(store::get(&mut conn, id).await?.ok_or(AppError::NotFound)?);
    may_read(&mut conn, user, l.department).await?;
    let mine = departments(&mut conn, user).await?;
    let desk = crate::domain::can(&user.me.roles, Action::WriteLiaison);
    let in_department = l.department.is_some_and(|d| mine.contains(&d));
    let steps = Step::ALL
        .into_iter()
        .filter(|s| match s.actor() {
            Actor::Desk => desk,
            Actor::Department => in_department,
        })
        .map(|s| s.key().to_string())
        .collect();
    Ok((l, steps))
}
