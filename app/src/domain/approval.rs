//! An item waiting for a decision, as the release approvals dashboard lists it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApprovalItem {
    /// `order`, `amendment`, `price_exception` (later: `delivery_note`, `emergency_release`).
    pub kind: String,
    /// What that kind's approve endpoint takes.
    pub id: i64,
    pub order_id: Option<i64>,
    pub title: String,
    pub requested_by: String,
    pub created_at: String,
    pub age_hours: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Approvals {
    pub pending: Vec<ApprovalItem>,
    pub waiting_on_me: Vec<ApprovalItem>,
}
