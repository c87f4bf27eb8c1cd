//! The service board service: reads the open after-sales records (each through its status
//! index, oldest first, bounded) and the last twelve months of service tickets (through the
//! received-at index), and states them on the company calendar now.

use super::calendar;
use super::db::{instant, rfc3339};
use super::store::{complaints as complaint_store, inquiries as inquiry_store, tickets as ticket_store};
use super::{complaints, inquiries, tickets, AppState, SessionUser};
use crate::domain::complaint::Stage;
use crate::domain::service_board::{self as board, Attention, MonthTimes, ServiceBoard, SlaCount, StageCount, Times};
use crate::domain::sla::SlaState;
use crate::domain::ticket::{self, Clocks, Limits, Status};
use crate::domain::Action;
use crate::error::AppError;
use chrono::{Datelike, NaiveDate, TimeZone};

/// At most this many open records of one status are read; more than that is a backlog the
/// board shows as at least this many.
const OPEN_LIMIT: i64 = 1000;
/// The attention list's length.
const ATTENTION: usize = 20;
/// How many open SDS distributions the board lists.
const SDS_SHOWN: i64 = 10;

/// `GET /api/v1/dashboards/service`.
pub async fn service_board(state: &AppState, user: &SessionUser) -> Result<ServiceBoard, AppError> {
    user.require(Action::ViewServiceBoard)?;
    let (cal, _) = calendar::current(state).await?;
    let now = super::db::now();
    let mut conn = state.db.read.acquire().await?;
    let mut attention = Vec::new();
    let mut note = |record: &str, id, number: &str, customer: &str, sla, due: Option<String>| {
        attention.push(Attention {
            record: record.to_string(),
            id,
            number: number.to_string(),
            customer_name: customer.to_string(),
            sla,
            due_at: due,
        })
    };

    // inquiries waiting for an answer
    let open: Vec<_> = inquiry_store::working(&mut conn, OPEN_LIMIT)
        .await?
        .into_iter()
        .map(|r| inquiries::record(r, &cal, now))
        .collect();
    for q in &open {
        note("inquiry", q.id, &q.number, &q.customer_name, q.sla, q.due_at.clone());
    }
    let inquiry_sla = SlaCount::of("inquiry", open.iter().map(|q| q.sla));
    let inquiry_ages = board::age_buckets(open.iter().map(|q| q.working_minutes), cal.day_minutes());

    // complaints not closed: the containment limit while uncontained, then the action's due date
    let today = now.with_timezone(&cal.offset).date_naive();
    let mut complaint_states = Vec::new();
    let mut complaint_stages = Vec::new();
    for stage in Stage::ALL.into_iter().filter(|s| *s != Stage::Closed) {
        let rows = complaint_store::working(&mut conn, stage.key(), OPEN_LIMIT).await?;
        complaint_stages.push(StageCount { stage, count: rows.len() as i64 });
        for row in rows {
            let c = complaints::record(row, &cal, now);
            let (sla, due) = if c.sla.is_open() {
                (c.sla, c.containment_due_at.clone())
            } else {
                let due_on = c.action_due_on.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
                let late = stage == Stage::Action && due_on.is_some_and(|d| d < today);
                (if late { SlaState::Overdue } else { SlaState::OnTime }, c.action_due_on.clone())
            };
            note("complaint", c.id, &c.number, &c.customer_name, sla, due);
            complaint_states.push(sla);
        }
    }

    // tickets being worked or waiting for the customer
    let mut ticket_states = Vec::new();
    for status in Status::WORKING {
        for row in ticket_store::working(&mut conn, status, OPEN_LIMIT).await? {
            let t = tickets::record(row, &cal, now);
            let due = t.response_due_at.clone().or_else(|| t.resolution_due_at.clone());
            note("service_ticket", t.id, &t.number, &t.customer_name, t.sla, due);
            ticket_states.push(t.sla);
        }
    }

    // first-response and resolution times of the last twelve months' tickets, in working time
    let local = now.with_timezone(&cal.offset);
    let keys = board::last_twelve_months(local.year(), local.month());
    let first = NaiveDate::parse_from_str(&format!("{}-01", keys[0]), "%Y-%m-%d").map_err(|_| AppError::Internal)?;
    let since = cal
        .offset
        .from_local_datetime(&first.and_hms_opt(0, 0, 0).unwrap_or_default())
        .single()
        .map(|t| t.timestamp_millis())
        .unwrap_or(0);
    let mut per_month: Vec<(Vec<i64>, Vec<i64>)> = vec![(Vec::new(), Vec::new()); keys.len()];
    for row in ticket_store::received_since(&mut conn, since).await? {
        let received = instant(row.received_at);
        let month = received.with_timezone(&cal.offset).format("%Y-%m").to_string();
        let Some(slot) = keys.iter().position(|k| *k == month) else { continue };
        let pauses = ticket::parse_pauses(&row.pauses);
        let limits = Limits { response_minutes: row.response_limit, resolution_minutes: row.resolution_limit };
        let clocks = Clocks::new(&cal, received, limits, &pauses);
        if let Some(at) = row.responded_at {
            per_month[slot].0.push(clocks.response.used(instant(at)));
        }
        if let Some(at) = row.resolved_at {
            per_month[slot].1.push(clocks.resolution.used(instant(at)));
        }
    }
    let months = keys
        .into_iter()
        .zip(per_month)
        .map(|(month, (response, resolution))| MonthTimes {
            month,
            response: Times::of(response),
            resolution: Times::of(resolution),
        })
        .collect();

    let sds_open_count = super::store::sds::open_count(&mut conn).await?;
    let sds_open = super::sds::open_ones(&mut conn, SDS_SHOWN).await?;
    Ok(ServiceBoard {
        sla: vec![
            inquiry_sla,
            SlaCount::of("complaint", complaint_states),
            SlaCount::of("service_ticket", ticket_states),
        ],
        inquiry_ages,
        complaint_stages,
        months,
        attention: board::attention(attention, ATTENTION),
        sds_open_count,
        sds_open,
        as_of: rfc3339(now.timestamp_millis()),
    })
}
