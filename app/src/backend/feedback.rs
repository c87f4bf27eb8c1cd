//! The quarterly feedback analysis service (§4.2.3): reads a quarter's inquiries, complaints,
//! service tickets and liaison forms (each through its received-at index, bounded), states
//! their times on the company calendar, and analyses them beside the quarter before. Service
//! or the sales manager issues it to the departments concerned (the figures are kept as
//! sent); each department's people acknowledge it. Every change is audited.

use super::audit::{self, Change};
use super::calendar;
use super::db::{instant, now_ms, rfc3339};
use super::export::{Cell, Format, Sheet};
use super::store::feedback::{self as store, FeedbackRow};
use super::store::Conn;
use super::{AppState, SessionUser};
use crate::domain::calendar::Calendar;
use crate::domain::complaint::REPEAT_WINDOW_DAYS;
use crate::domain::feedback::{self as rules, DepartmentAck, Feedback, FeedbackReport, Figures, IssueInput, Quarter};
use crate::domain::service::Department;
use crate::domain::ticket::{self, Clocks, Limits};
use crate::domain::Action;
use crate::error::AppError;
use crate::i18n::{t, Locale};

/// The quarter's feedback, its times in working minutes.
async fn read_quarter(conn: &mut Conn, cal: &Calendar, q: Quarter) -> Result<Vec<Feedback>, AppError> {
    let (start, end) = q.bounds(cal.offset);
    let window = chrono::Duration::days(REPEAT_WINDOW_DAYS).num_milliseconds();
    let rows = store::received_between(conn, start.timestamp_millis(), end.timestamp_millis(), window).await?;
    Ok(rows.into_iter().filter_map(|r| feedback_of(cal, r)).collect())
}

/// A record's times on the company calendar: a service ticket's clocks (limits, pauses),
/// the others' working time from receipt.
fn feedback_of(cal: &Calendar, r: FeedbackRow) -> Option<Feedback> {
    let kind = rules::KINDS.iter().copied().find(|k| *k == r.kind)?;
    let received = instant(r.received_at);
    let between = |to: Option<i64>| to.map(|to| cal.working_between(received, instant(to)));
    let (response, resolution) = match (r.response_limit, r.resolution_limit) {
        (Some(response_minutes), Some(resolution_minutes)) => {
            let pauses = ticket::parse_pauses(r.pauses.as_deref().unwrap_or(""));
            let clocks = Clocks::new(cal, received, Limits { response_minutes, resolution_minutes }, &pauses);
            (
                r.first_at.map(|at| clocks.response.used(instant(at))),
                r.done_at.map(|at| clocks.resolution.used(instant(at))),
            )
        }
        _ => (between(r.first_at), between(r.done_at)),
    };
    Some(Feedback {
        kind,
        channel: r.channel,
        product: r.product,
        response,
        response_limit: r.response_limit.or_else(|| between(r.first_due_at)),
        resolution,
        resolution_limit: r.resolution_limit,
        repeat: r.repeats,
        issue: r.description.map(|d| (d, r.action)),
        category: r.category,
    })
}

fn acks(rows: Vec<(String, Option<String>, Option<i64>)>) -> Vec<DepartmentAck> {
    rows.into_iter()
        .map(|(department, by, at)| DepartmentAck { department, acknowledged_by: by, acknowledged_at: at.map(rfc3339) })
        .collect()
}

/// The quarter's report: as issued, or worked out now if not yet issued.
async fn report_of(conn: &mut Conn, cal: &Calendar, q: Quarter) -> Result<FeedbackReport, AppError> {
    if let Some(r) = store::of_quarter(conn, q.year, q.quarter).await? {
        let current: Figures = serde_json::from_str(&r.figures).map_err(|_| AppError::Internal)?;
        let previous: Figures = serde_json::from_str(&r.previous).map_err(|_| AppError::Internal)?;
        let departments = acks(store::acks(conn, r.id).await?);
        return Ok(FeedbackReport {
            id: Some(r.id),
            year: q.year,
            quarter: q.quarter,
            current,
            previous,
            issued_by: Some(r.issued_by),
            issued_at: Some(rfc3339(r.issued_at)),
            departments,
        });
    }
    let current = rules::analyse(&read_quarter(conn, cal, q).await?);
    let previous = rules::analyse(&read_quarter(conn, cal, q.previous()).await?);
    let departments = rules::departments_concerned(&current)
        .into_iter()
        .map(|d| DepartmentAck { department: d.to_string(), acknowledged_by: None, acknowledged_at: None })
        .collect();
    Ok(FeedbackReport {
        id: None,
        year: q.year,
        quarter: q.quarter,
        current,
        previous,
        issued_by: None,
        issued_at: None,
        departments,
    })
}

/// `GET /api/v1/feedback-reports?year=&quarter=` (the current quarter by default).
pub async fn get(state: &AppState, user: &SessionUser, q: Option<Quarter>) -> Result<FeedbackReport, AppError> {
    user.require(Action::ReadFeedbackReports)?;
    let (cal, _) = calendar::current(state).await?;
    let q = q.unwrap_or_else(|| Quarter::of(super::db::today()));
    let mut conn = state.db.read.acquire().await?;
    report_of(&mut conn, &cal, q).await
}

fn change<'a>(
    user: &'a SessionUser,
    action: &'a str,
    id: i64,
    before: Option<&FeedbackReport>,
    after: &FeedbackReport,
) -> Change<'a> {
    Change {
        actor: user.username(),
        action,
        entity: "feedback_report",
        entity_id: Some(id),
        before: before.and_then(audit::snapshot),
        after: audit::snapshot(after),
    }
}

/// `POST /api/v1/feedback-reports` `{year, quarter}`: service or the sales manager sends a
/// quarter that has begun to the departments concerned; once per quarter (409).
pub async fn issue(state: &AppState, user: &SessionUser, input: &IssueInput) -> Result<FeedbackReport, AppError> {
    user.require(Action::IssueFeedbackReports)?;
    let q = Quarter::new(input.year, input.quarter)?;
    if q > Quarter::of(super::db::today()) {
        return Err(AppError::validation("quarter", "feedback.rule.future"));
    }
    let (cal, _) = calendar::current(state).await?;
    let mut tx = state.db.begin().await?;
    let draft = report_of(&mut tx, &cal, q).await?;
    if draft.id.is_some() {
        return Err(AppError::conflict("feedback.rule.issued"));
    }
    let figures = serde_json::to_string(&draft.current).map_err(|_| AppError::Internal)?;
    let previous = serde_json::to_string(&draft.previous).map_err(|_| AppError::Internal)?;
    let departments: Vec<&str> = draft.departments.iter().map(|d| d.department.as_str()).collect();
    let new = store::NewReport {
        year: q.year,
        quarter: q.quarter,
        figures: &figures,
        previous: &previous,
        departments: &departments,
        by: user.username(),
        now: now_ms(),
    };
    let id = store::issue(&mut tx, &new).await?.ok_or_else(|| AppError::conflict("feedback.rule.issued"))?;
    let after = report_of(&mut tx, &cal, q).await?;
    audit::append(&mut tx, change(user, "issue_feedback_report", id, None, &after)).await?;
    tx.commit().await?;
    state.publish("feedback_report", id);
    Ok(after)
}

/// `POST /api/v1/feedback-reports/{id}/acknowledge`: for each of the caller's departments the
/// report went to; someone of none of them → 403; all of theirs already done → 409.
pub async fn acknowledge(state: &AppState, user: &SessionUser, id: i64) -> Result<FeedbackReport, AppError> {
    let (cal, _) = calendar::current(state).await?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let (year, quarter) = store::quarter_of(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let q = Quarter::new(year, quarter)?;
    let before = report_of(&mut tx, &cal, q).await?;
    let mine: Vec<Department> = super::liaison::departments(&mut tx, user).await?;
    let theirs: Vec<&DepartmentAck> = before
        .departments
        .iter()
        .filter(|d| Department::parse(&d.department).is_some_and(|x| mine.contains(&x)))
        .collect();
    if theirs.is_empty() {
        return Err(AppError::Forbidden);
    }
    let mut any = false;
    for d in theirs.iter().filter(|d| d.acknowledged_at.is_none()) {
        any |= store::acknowledge(&mut tx, id, &d.department, user.username(), now).await?;
    }
    if !any {
        return Err(AppError::conflict("feedback.rule.acknowledged"));
    }
    let after = report_of(&mut tx, &cal, q).await?;
    audit::append(&mut tx, change(user, "acknowledge_feedback_report", id, Some(&before), &after)).await?;
    tx.commit().await?;
    state.publish("feedback_report", id);
    Ok(after)
}

/// `GET /api/v1/feedback-reports/{id}/report.xlsx`: the figures beside the quarter before,
/// the main issues and the departments' acknowledgements, in the reader's language.
pub async fn workbook(state: &AppState, user: &SessionUser, id: i64, locale: Locale) -> Result<Vec<u8>, AppError> {
    user.require(Action::ReadFeedbackReports)?;
    let (cal, _) = calendar::current(state).await?;
    let mut conn = state.db.read.acquire().await?;
    let (year, quarter) = store::quarter_of(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    let r = report_of(&mut conn, &cal, Quarter::new(year, quarter)?).await?;
    let tr = |k: &str| t(locale, k);
    let mut sheet = Sheet::new(
        &Quarter { year, quarter }.label(),
        vec![tr("feedback.figure"), tr("feedback.this_quarter"), tr("feedback.previous_quarter")],
    );
    let num = |v: f64| Cell::Number(v, "0.0");
    let opt = |v: Option<f64>| v.map(num).unwrap_or_else(|| Cell::text("—"));
    let mut row = |label: String, a: Cell, b: Cell| sheet.rows.push(vec![Cell::text(label), a, b]);
    let (c, p) = (&r.current, &r.previous);
    for f in rules::figure_rows(tr, c, p) {
        let label = match f.group {
            Some(g) => format!("{g} · {}", f.label),
            None => f.label,
        };
        row(label, opt(f.now), opt(f.before));
    }
    for issue in &c.main_issues {
        row(
            format!(
                "{} · {} · {}",
                tr("feedback.main_issues"),
                issue.product,
                tr(&format!("complaint.category.{}", issue.category))
            ),
            num(issue.count as f64),
            Cell::text(issue.actions.join("；")),
        );
    }
    for d in &r.departments {
        row(
            format!("{} · {}", tr("feedback.departments"), tr(&format!("dept.{}", d.department))),
            Cell::opt(d.acknowledged_by.clone()),
            Cell::opt(d.acknowledged_at.clone()),
        );
    }
    sheet.write(Format::Xlsx)
}
