//! Delivery notes (送货单, §4.1.3–4.1.4): the status machine, the line rules and the receipt.
//! Which batch a line may take is the release gate's rule (`batch::check_allocation`).

use super::fields;
use super::order::{from_milli, to_milli, Milli};
use crate::error::{AppError, Msg};
use serde::{Deserialize, Serialize};

/// draft → approved (sales manager) → assigned (driver and vehicle) → loaded (hand-over)
/// → delivered (the customer's receipt); a note not yet loaded can be cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteStatus {
    Draft,
    Approved,
    Assigned,
    Loaded,
    Delivered,
    Cancelled,
}

impl NoteStatus {
    pub const ALL: [NoteStatus; 6] = [
        NoteStatus::Draft,
        NoteStatus::Approved,
        NoteStatus::Assigned,
        NoteStatus::Loaded,
        NoteStatus::Delivered,
        NoteStatus::Cancelled,
    ];

    pub fn key(self) -> &'static str {
        match self {
            NoteStatus::Draft => "draft",
            NoteStatus::Approved => "approved",
            NoteStatus::Assigned => "assigned",
            NoteStatus::Loaded => "loaded",
            NoteStatus::Delivered => "delivered",
            NoteStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(key: &str) -> Option<NoteStatus> {
        NoteStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The goods have left the plant.
    pub fn shipped(self) -> bool {
        matches!(self, NoteStatus::Loaded | NoteStatus::Delivered)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteCommand {
    /// The sales manager approves: never their own note, and every line has a batch.
    Approve {
        by_creator: bool,
        unallocated_lines: usize,
    },
    Assign,
    Load,
    Receive,
    Cancel,
}

pub fn apply(status: NoteStatus, command: NoteCommand) -> Result<NoteStatus, AppError> {
    use NoteCommand as C;
    use NoteStatus as S;
    let refuse = |key: &str| Err(AppError::Conflict(Msg::new(key).arg("status", status.key())));
    match (status, command) {
        (S::Draft, C::Approve { by_creator: true, .. }) => refuse("note.rule.self_approval"),
        (S::Draft, C::Approve { unallocated_lines, .. }) if unallocated_lines > 0 => {
            Err(AppError::Conflict(Msg::new("note.rule.unallocated").arg("count", unallocated_lines)))
        }
        (S::Draft, C::Approve { .. }) => Ok(S::Approved),
        (S::Approved | S::Assigned, C::Assign) => Ok(S::Assigned),
        (S::Assigned, C::Load) => Ok(S::Loaded),
        (S::Loaded, C::Receive) => Ok(S::Delivered),
        (S::Delivered, C::Receive) => refuse("note.rule.already_received"),
        (S::Draft | S::Approved | S::Assigned, C::Cancel) => Ok(S::Cancelled),
        _ => refuse("note.rule.not_now"),
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NoteLineInput {
    pub order_line_id: i64,
    #[serde(default)]
    pub batch_id: Option<i64>,
    pub quantity: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NoteInput {
    pub order_id: i64,
    pub delivery_date: String,
    pub lines: Vec<NoteLineInput>,
    #[serde(default)]
    pub version: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidNoteLine {
    pub order_line_id: i64,
    pub batch_id: Option<i64>,
    pub quantity: Milli,
}

impl NoteInput {
    pub fn validate(&self) -> Result<(chrono::NaiveDate, Vec<ValidNoteLine>), AppError> {
        if self.order_id <= 0 {
            return Err(AppError::validation("order_id", "validation.required"));
        }
        let date = fields::date("delivery_date", &self.delivery_date)?;
        if self.lines.is_empty() {
            return Err(AppError::validation("lines", "note.rule.no_lines"));
        }
        if self.lines.len() > 50 {
            return Err(AppError::validation("lines", "validation.too_many_lines"));
        }
        let lines = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if l.order_line_id <= 0 {
                    return Err(AppError::validation(&format!("lines[{i}].order_line_id"), "validation.required"));
                }
                let quantity = to_milli(&format!("lines[{i}].quantity"), l.quantity)?;
                Ok(ValidNoteLine { order_line_id: l.order_line_id, batch_id: l.batch_id.filter(|b| *b > 0), quantity })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok((date, lines))
    }
}

/// A note line may not ask for more than the order line still has open.
pub fn check_open_quantity(field: &str, open: Milli, quantity: Milli) -> Result<(), AppError> {
    if quantity > open {
        return Err(AppError::Validation {
            field: field.to_string(),
            msg: Msg::new("note.rule.over_order").arg("open", from_milli(open.max(0))),
        });
    }
    Ok(())
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssignInput {
    pub driver_username: String,
    pub vehicle: String,
    #[serde(default)]
    pub version: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadInput {
    pub packaging_ok: bool,
    pub labels_ok: bool,
    pub warehouse_signature: String,
    pub driver_signature: String,
    #[serde(default)]
    pub version: Option<i64>,
}

/// A drawn signature: a PNG data URL of reasonable size.
pub fn signature(field: &str, value: &str) -> Result<String, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::validation(field, "validation.signature"));
    }
    let Some(data) = v.strip_prefix("data:image/png;base64,") else {
        return Err(AppError::validation(field, "validation.signature"));
    };
    if data.len() < 40
        || data.len() > 700_000
        || !data.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
    {
        return Err(AppError::validation(field, "validation.signature"));
    }
    Ok(v.to_string())
}

/// An optional photo: a JPEG or PNG data URL up to about 3 MB.
pub fn photo(value: Option<&str>) -> Result<Option<String>, AppError> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else { return Ok(None) };
    let data = v.strip_prefix("data:image/jpeg;base64,").or_else(|| v.strip_prefix("data:image/png;base64,"));
    match data {
        Some(d) if d.len() <= 4_000_000 && d.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)) => {
            Ok(Some(v.to_string()))
        }
        _ => Err(AppError::validation("photo", "validation.photo")),
    }
}

impl LoadInput {
    pub fn validate(&self) -> Result<(String, String), AppError> {
        if !self.packaging_ok {
            return Err(AppError::validation("packaging_ok", "note.rule.packaging"));
        }
        if !self.labels_ok {
            return Err(AppError::validation("labels_ok", "note.rule.labels"));
        }
        Ok((
            signature("warehouse_signature", &self.warehouse_signature)?,
            signature("driver_signature", &self.driver_signature)?,
        ))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReceiptLineInput {
    pub line_id: i64,
    pub received_quantity: f64,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReceiptInput {
    pub receiver_name: String,
    pub signature: String,
    /// The phone's clock when the customer signed (RFC 3339).
    pub received_at: String,
    pub lines: Vec<ReceiptLineInput>,
    #[serde(default)]
    pub photo: Option<String>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
}

/// A receipt's lines: each line of the note once; a received quantity from 0 up to what was
/// loaded; anything short is an exception and needs a note (refused, damaged, short).
pub fn check_receipt_lines(
    note_lines: &[(i64, Milli)],
    input: &[ReceiptLineInput],
) -> Result<Vec<(i64, Milli, Option<String>)>, AppError> {
    let mut out = Vec::with_capacity(note_lines.len());
    for (i, l) in input.iter().enumerate() {
        let Some(&(_, loaded)) = note_lines.iter().find(|(id, _)| *id == l.line_id) else {
            return Err(AppError::validation(&format!("lines[{i}].line_id"), "validation.line_unknown"));
        };
        if out.iter().any(|(id, _, _)| *id == l.line_id) {
            return Err(AppError::validation(&format!("lines[{i}].line_id"), "validation.line_twice"));
        }
        let field = format!("lines[{i}].received_quantity");
        let received = if l.received_quantity == 0.0 { 0 } else { to_milli(&field, l.received_quantity)? };
        if received > loaded {
            return Err(AppError::Validation {
                field,
                msg: Msg::new("note.rule.over_loaded").arg("loaded", from_milli(loaded)),
            });
        }
        let note = fields::optional(&format!("lines[{i}].note"), l.note.as_deref(), 500)?;
        if received < loaded && note.is_none() {
            return Err(AppError::validation(&format!("lines[{i}].note"), "note.rule.exception_note"));
        }
        out.push((l.line_id, received, note));
    }
    if out.len() != note_lines.len() {
        return Err(AppError::validation("lines", "note.rule.receipt_all_lines"));
    }
    Ok(out)
}

/// A receipt signed more than 30 minutes before it reached the server is flagged for
/// review, so offline mode cannot hide a late delivery (nor a phone clock set back).
pub fn receipt_gap_flagged(device_ms: i64, server_ms: i64) -> bool {
    (server_ms - device_ms).abs() > 30 * 60 * 1000
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoteLine {
    pub id: i64,
    pub position: i64,
    pub order_line_id: i64,
    pub product_id: i64,
    pub product_code: String,
    pub product_name: String,
    pub unit: String,
    pub hazardous: bool,
    pub batch_id: Option<i64>,
    pub batch_no: Option<String>,
    pub batch_status: Option<String>,
    /// The approved emergency release this line rides on (the special mark).
    pub emergency_release_id: Option<i64>,
    pub quantity: f64,
    pub received_quantity: Option<f64>,
    pub exception_note: Option<String>,
}

/// The customer's receipt, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    pub receiver_name: String,
    pub signature: String,
    pub received_at_device: String,
    pub received_at_server: String,
    pub flagged: bool,
    pub photo: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryNote {
    pub id: i64,
    pub version: i64,
    pub number: String,
    pub order_id: i64,
    pub order_number: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_address: String,
    pub delivery_date: String,
    pub status: NoteStatus,
    pub created_by: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
    pub driver_username: Option<String>,
    pub vehicle: Option<String>,
    pub loaded_by: Option<String>,
    pub loaded_at: Option<String>,
    pub warehouse_signature: Option<String>,
    pub driver_signature: Option<String>,
    pub permit_no: Option<String>,
    /// Some line rides on an emergency release (紧急放行): printed and shown everywhere.
    pub emergency: bool,
    pub lines: Vec<NoteLine>,
    pub receipt: Option<Receipt>,
    pub created_at: String,
    /// The revisions of its products' documents that go with the goods: recorded at loading;
    /// before it, those in force.
    #[serde(default)]
    pub documents: Vec<super::document::NoteDocument>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoteSummary {
    pub id: i64,
    pub version: i64,
    pub number: String,
    pub order_id: i64,
    pub order_number: String,
    pub customer_name: String,
    pub delivery_date: String,
    pub status: NoteStatus,
    pub driver_username: Option<String>,
    pub emergency: bool,
    pub created_by: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NoteFilter {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub order_id: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use NoteCommand as C;
    use NoteStatus as S;

    #[test]
    fn a_note_goes_from_draft_to_delivered() {
        let s = apply(S::Draft, C::Approve { by_creator: false, unallocated_lines: 0 }).unwrap();
        let s = apply(s, C::Assign).unwrap();
        let s = apply(s, C::Load).unwrap();
        assert_eq!(apply(s, C::Receive).unwrap(), S::Delivered);
    }

    #[test]
    fn approval_needs_another_person_and_every_line_allocated() {
        assert_eq!(
            apply(S::Draft, C::Approve { by_creator: true, unallocated_lines: 0 }).unwrap_err().msg().key,
            "note.rule.self_approval"
        );
        assert_eq!(
            apply(S::Draft, C::Approve { by_creator: false, unallocated_lines: 2 }).unwrap_err().msg().key,
            "note.rule.unallocated"
        );
    }

    #[test]
    fn a_note_is_received_once_and_only_after_loading() {
        assert_eq!(apply(S::Delivered, C::Receive).unwrap_err().msg().key, "note.rule.already_received");
        assert!(apply(S::Assigned, C::Receive).is_err());
        assert!(apply(S::Loaded, C::Cancel).is_err());
    }

    #[test]
    fn short_receipts_need_an_exception_note() {
        let lines = [(1, 5000), (2, 2000)];
        let ok = check_receipt_lines(
            &lines,
            &[
                ReceiptLineInput { line_id: 1, received_quantity: 5.0, note: None },
                ReceiptLineInput { line_id: 2, received_quantity: 1.5, note: Some("drum damaged".into()) },
            ],
        )
        .unwrap();
        assert_eq!(ok[1], (2, 1500, Some("drum damaged".into())));
        let err = check_receipt_lines(
            &lines,
            &[
                ReceiptLineInput { line_id: 1, received_quantity: 5.0, note: None },
                ReceiptLineInput { line_id: 2, received_quantity: 1.5, note: None },
            ],
        )
        .unwrap_err();
        assert_eq!(err.field(), Some("lines[1].note"));
        let over =
            check_receipt_lines(&lines[..1], &[ReceiptLineInput { line_id: 1, received_quantity: 6.0, note: None }]);
        assert_eq!(over.unwrap_err().field(), Some("lines[0].received_quantity"));
        let missing =
            check_receipt_lines(&lines, &[ReceiptLineInput { line_id: 1, received_quantity: 5.0, note: None }]);
        assert_eq!(missing.unwrap_err().field(), Some("lines"));
    }

    #[test]
    fn a_gap_over_thirty_minutes_is_flagged() {
        let t = 1_700_000_000_000;
        assert!(!receipt_gap_flagged(t, t + 29 * 60_000));
        assert!(receipt_gap_flagged(t, t + 31 * 60_000));
        assert!(receipt_gap_flagged(t + 31 * 60_000, t), "a phone clock ahead is flagged too");
    }

    #[test]
    fn signatures_are_png_data_urls() {
        let png = format!("data:image/png;base64,{}", "A".repeat(100));
        assert!(signature("s", &png).is_ok());
        assert!(signature("s", "").is_err());
        assert!(signature("s", "data:image/svg+xml;base64,AAAA").is_err());
        assert!(signature("s", "data:image/png;base64,<script>").is_err());
    }
}

/// An open order on the delivery deadlines dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DueOrder {
    pub id: i64,
    pub number: String,
    pub customer_name: String,
    pub requested_delivery_date: String,
    pub readiness: crate::domain::order::Readiness,
    pub status: crate::domain::order::OrderStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DueDay {
    pub date: String,
    pub orders: Vec<DueOrder>,
}

/// On-time deliveries of one month: received on or before the note's delivery date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthRate {
    pub month: String,
    pub delivered: usize,
    pub on_time: usize,
    /// Percent, one decimal; `None` for a month without deliveries.
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeliveryBoard {
    pub days: Vec<DueDay>,
    pub overdue: Vec<DueOrder>,
    pub on_time: Vec<MonthRate>,
}

/// The on-time rate per month from (delivery date, day received) pairs, for the `months`
/// given (oldest first).
pub fn on_time_by_month(counts: &[(String, i64, i64)], months: &[String]) -> Vec<MonthRate> {
    months
        .iter()
        .map(|m| {
            let (delivered, on_time) =
                counts.iter().find(|(month, _, _)| month == m).map(|(_, d, o)| (*d, *o)).unwrap_or((0, 0));
            let rate = super::performance::on_time_rate(on_time, delivered);
            MonthRate { month: m.clone(), delivered: delivered as usize, on_time: on_time as usize, rate }
        })
        .collect()
}

#[cfg(test)]
mod board_tests {
    use super::*;

    #[test]
    fn the_on_time_rate_is_given_per_month_and_empty_months_have_none() {
        let rows = [("2026-10".to_string(), 2, 1), ("2026-11".to_string(), 1, 1), ("2026-12".to_string(), 4, 4)];
        let rates = on_time_by_month(&rows, &["2026-09".into(), "2026-10".into(), "2026-11".into()]);
        assert_eq!(rates[0].rate, None);
        assert_eq!((rates[1].delivered, rates[1].on_time, rates[1].rate), (2, 1, Some(50.0)));
        assert_eq!(rates[2].rate, Some(100.0));
    }
}
