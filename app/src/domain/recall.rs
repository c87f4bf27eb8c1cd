//! Recalls (§4.1.5): who received a batch (the trace), a task per customer, and returns that
//! never exceed what was delivered.

use super::batch::BatchStatus;
use super::order::{from_milli, Milli};
use crate::error::{AppError, Msg};
use serde::{Deserialize, Serialize};

/// One delivery that took (or is to take) some of a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceRow {
    pub delivery_note_id: i64,
    pub delivery_note_number: String,
    pub status: String,
    pub delivery_date: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub quantity: f64,
    /// The goods have left the plant (loaded or delivered).
    pub shipped: bool,
    pub emergency_release_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchTrace {
    pub batch_id: i64,
    pub batch_no: String,
    pub product_name: String,
    pub status: BatchStatus,
    pub deliveries: Vec<TraceRow>,
}

/// A recall's task for one customer: what they received and what has come back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecallTask {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub delivered: f64,
    pub returned: f64,
    pub status: String,
}

/// 召回: opened by itself when an emergency-released batch fails its final inspection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recall {
    pub id: i64,
    pub version: i64,
    pub number: String,
    pub batch_id: i64,
    pub batch_no: String,
    pub product_name: String,
    pub status: String,
    pub reason: String,
    pub created_at: String,
    pub closed_at: Option<String>,
    pub tasks: Vec<RecallTask>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReturnInput {
    pub customer_id: i64,
    pub quantity: f64,
    #[serde(default)]
    pub note: Option<String>,
}

/// A return may not bring back more than the customer still holds.
pub fn check_return(task_open: bool, delivered: Milli, returned: Milli, quantity: Milli) -> Result<(), AppError> {
    if !task_open {
        return Err(AppError::conflict("recall.rule.task_closed"));
    }
    if returned + quantity > delivered {
        return Err(AppError::Conflict(
            Msg::new("recall.rule.over_return").arg("outstanding", from_milli(delivered - returned)),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_never_exceed_what_was_delivered() {
        assert!(check_return(true, 5000, 3000, 2000).is_ok());
        assert!(check_return(true, 5000, 3000, 2001).is_err());
        assert!(check_return(false, 5000, 0, 1).is_err());
    }
}
