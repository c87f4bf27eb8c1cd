//! The release approvals dashboard (放行审批): everything waiting for a decision, with its
//! age, and what waits on the signed-in approver.

use super::db::{now_ms, rfc3339};
use super::store::approvals::{self as store, Waiting};
use super::{AppState, SessionUser};
use crate::domain::approval::{ApprovalItem, Approvals};
use crate::domain::{can, Action};
use crate::error::AppError;

/// Whether this user may decide this item: the right role, and not their own request.
fn mine(user: &SessionUser, w: &Waiting) -> bool {
    let action = match w.kind {
        "order" => Action::ApproveOrders,
        _ => Action::ApproveSalesChanges,
    };
    can(&user.me.roles, action) && w.requested_by != user.username()
}

pub async fn dashboard(state: &AppState, user: &SessionUser) -> Result<Approvals, AppError> {
    user.require(Action::ViewApprovals)?;
    let mut conn = state.db.read.acquire().await?;
    let waiting = store::waiting(&mut conn).await?;
    let now = now_ms();
    let mut out = Approvals::default();
    for w in waiting {
        let item = ApprovalItem {
            kind: w.kind.to_string(),
            id: w.id,
            order_id: w.order_id,
            title: w.title.clone(),
            requested_by: w.requested_by.clone(),
            created_at: rfc3339(w.created_at),
            age_hours: ((now - w.created_at).max(0) as f64 / 360_000.0).round() / 10.0,
        };
        if mine(user, &w) {
            out.waiting_on_me.push(item.clone());
        }
        out.pending.push(item);
    }
    Ok(out)
}
