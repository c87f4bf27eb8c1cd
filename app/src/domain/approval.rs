//! An item waiting for a decision, as the release approvals dashboard lists it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApprovalItem {
    /// `order`, `amendment`, `price_exception`, `delivery_note` or `emergency_release`; or an
    /// escalated service ticket, `service_ticket_near` / `service_ticket_overdue` (opened, not
    /// decided, from the board).
    pub kind: String,
    /// What that kind's approve endpoint takes.
    pub id: i64,
    pub order_id: Option<i64>,
    /// The page that shows the item in full.
    pub link: String,
    pub title: String,
    pub requested_by: String,
    pub created_at: String,
    pub age_hours: f64,
}

/// A batch on the release board: pending inspection, or emergency-released with its
/// inspection still open (then `released_at` is when it was released).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateItem {
    pub batch_id: i64,
    pub batch_no: String,
    pub product_name: String,
    pub status: String,
    pub since: String,
    pub age_hours: f64,
}

/// A recall in progress, with what is still out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecallItem {
    pub id: i64,
    pub number: String,
    pub batch_id: i64,
    pub batch_no: String,
    pub product_name: String,
    pub customers: usize,
    pub delivered: f64,
    pub returned: f64,
    pub created_at: String,
    pub age_hours: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Approvals {
    pub pending: Vec<ApprovalItem>,
    pub waiting_on_me: Vec<ApprovalItem>,
    /// Batches the laboratory has not closed, oldest first.
    pub pending_inspections: Vec<GateItem>,
    /// Emergency-released batches whose inspection is still open, with time since release.
    pub released_uninspected: Vec<GateItem>,
    pub recalls: Vec<RecallItem>,
}

/// Hours between two instants, to one decimal.
pub fn age_hours(from_ms: i64, now_ms: i64) -> f64 {
    ((now_ms - from_ms).max(0) as f64 / 360_000.0).round() / 10.0
}
