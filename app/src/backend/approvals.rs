//! The release approvals dashboard (放行审批): everything waiting for a decision, with its
//! age, and what waits on the signed-in approver.

use super::db::{now_ms, rfc3339};
use super::store::approvals::{self as store, Waiting};
use super::store::{batches, Conn};
use super::{calendar, db, tickets};
use super::{AppState, SessionUser};
use crate::domain::approval::{age_hours, ApprovalItem, Approvals, GateItem, RecallItem};
use crate::domain::batch::BatchSummary;
use crate::domain::calendar::Calendar;
use crate::domain::ticket::{self, Escalation};
use crate::domain::Role;
use crate::domain::{can, Action};
use crate::error::AppError;

/// Whether this user may decide this item: the right role, and not their own request.
fn mine(user: &SessionUser, w: &Waiting) -> bool {
    let action = match w.kind {
        "order" => Action::ApproveOrders,
        "delivery_note" => Action::ApproveDeliveryNotes,
        "emergency_release" => Action::ApproveEmergencyRelease,
        _ => Action::ApproveSalesChanges,
    };
    can(&user.me.roles, action) && w.requested_by != user.username()
}

pub async fn dashboard(state: &AppState, user: &SessionUser) -> Result<Approvals, AppError> {
    user.require(Action::ViewApprovals)?;
    // the calendar first: it takes a connection of its own, and holding one while waiting
    // for another starves the pool under load
    let (cal, _) = calendar::current(state).await?;
    let mut conn = state.db.read.acquire().await?;
    let waiting = store::waiting(&mut conn).await?;
    let now = now_ms();
    let mut out = Approvals::default();
    for w in waiting {
        let item = ApprovalItem {
            kind: w.kind.to_string(),
            id: w.id,
            order_id: w.order_id,
            link: w.link.clone(),
            title: w.title.clone(),
            requested_by: w.requested_by.clone(),
            created_at: rfc3339(w.created_at),
            age_hours: age_hours(w.created_at, now),
        };
        if mine(user, &w) {
            out.waiting_on_me.push(item.clone());
        }
        out.pending.push(item);
    }
    escalations(&cal, user, &mut conn, now, &mut out).await?;
    for b in batches::awaiting_inspection(&mut conn, 200).await? {
        let at = ms(&b.created_at);
        out.pending_inspections.push(gate_item(&b, at, now));
    }
    for (b, released_at) in batches::released_uninspected(&mut conn).await? {
        out.released_uninspected.push(gate_item(&b, released_at, now));
    }
    for r in batches::recalls(&mut conn, true, 100).await? {
        let at = ms(&r.created_at);
        out.recalls.push(RecallItem {
            id: r.id,
            number: r.number.clone(),
            batch_id: r.batch_id,
            batch_no: r.batch_no.clone(),
            product_name: r.product_name.clone(),
            customers: r.tasks.len(),
            delivered: r.tasks.iter().map(|t| t.delivered).sum(),
            returned: r.tasks.iter().map(|t| t.returned).sum(),
            created_at: r.created_at.clone(),
            age_hours: age_hours(at, now),
        });
    }
    Ok(out)
}

/// Service tickets near a limit (to the sales manager) or past it (to the deputy GM): in
/// everyone's pending list and in the escalated person's "waiting on me".
async fn escalations(
    cal: &Calendar,
    user: &SessionUser,
    conn: &mut Conn,
    now: i64,
    out: &mut Approvals,
) -> Result<(), AppError> {
    for t in tickets::working(conn, cal, db::instant(now)).await? {
        let Some(to) = ticket::escalation(t.sla) else { continue };
        let role = match to {
            Escalation::SalesManager => Role::SalesManager,
            Escalation::DeputyGm => Role::DeputyGm,
        };
        let received = ms(&t.received_at);
        let item = ApprovalItem {
            kind: format!("service_ticket_{}", t.sla.key()),
            id: t.id,
            order_id: None,
            link: format!("/tickets/{}", t.id),
            title: format!("{} · {}", t.number, t.customer_name),
            requested_by: t.entered_by.clone(),
            created_at: t.received_at.clone(),
            age_hours: age_hours(received, now),
        };
        if user.me.roles.contains(&role) {
            out.waiting_on_me.push(item.clone());
        }
        out.pending.push(item);
    }
    Ok(())
}

fn ms(rfc: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc).map(|t| t.timestamp_millis()).unwrap_or(0)
}

fn gate_item(b: &BatchSummary, since: i64, now: i64) -> GateItem {
    GateItem {
        batch_id: b.id,
        batch_no: b.batch_no.clone(),
        product_name: b.product_name.clone(),
        status: b.status.key().to_string(),
        since: rfc3339(since),
        age_hours: age_hours(since, now),
    }
}
