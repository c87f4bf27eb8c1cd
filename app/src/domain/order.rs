//! Contract/order (合同/订单): the status machine, line rules, price exceptions (第十条) and
//! the hazardous-permit check. The server applies exactly these rules; the pages use them to
//! offer only the actions that would be allowed.

use super::customer::PermitStatus;
use super::fields;
use crate::error::{AppError, Msg};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where an order stands. draft → submitted → approved (deputy GM) → in fulfilment →
/// delivered → closed; rejected / cancelled end it (a rejected order can be revised).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Draft,
    Submitted,
    Approved,
    InFulfilment,
    Delivered,
    Closed,
    Rejected,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 8] = [
        OrderStatus::Draft,
        OrderStatus::Submitted,
        OrderStatus::Approved,
        OrderStatus::InFulfilment,
        OrderStatus::Delivered,
        OrderStatus::Closed,
        OrderStatus::Rejected,
        OrderStatus::Cancelled,
    ];

    pub fn key(self) -> &'static str {
        match self {
            OrderStatus::Draft => "draft",
            OrderStatus::Submitted => "submitted",
            OrderStatus::Approved => "approved",
            OrderStatus::InFulfilment => "in_fulfilment",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Closed => "closed",
            OrderStatus::Rejected => "rejected",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(key: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Approved and not yet fully delivered: what the readiness check looks at.
    pub fn is_open(self) -> bool {
        matches!(self, OrderStatus::Approved | OrderStatus::InFulfilment)
    }
}

/// What someone asks of an order, with the facts the rule needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderCommand {
    /// Sales sends a draft for approval.
    Submit {
        lines: usize,
    },
    /// The creator takes a submitted order back to edit it.
    Withdraw {
        by_creator: bool,
    },
    /// The deputy GM approves: never their own order, never with a price exception pending
    /// or refused.
    Approve {
        by_creator: bool,
        open_price_exceptions: usize,
    },
    Reject,
    /// A rejected order is revised as a new draft.
    Revise,
    /// Cancelling is possible until something has been delivered.
    Cancel {
        delivered_anything: bool,
    },
    /// Deliveries were registered; `complete` when every line is fully delivered.
    Delivered {
        complete: bool,
    },
    Close,
}

/// The status machine: the next status, or the rule that forbids the command (409).
pub fn apply(status: OrderStatus, command: &OrderCommand) -> Result<OrderStatus, AppError> {
    use OrderCommand as C;
    use OrderStatus as S;
    let refuse = |key: &str| Err(AppError::Conflict(Msg::new(key).arg("status", status.key())));
    match (status, command) {
        (S::Draft, C::Submit { lines }) if *lines == 0 => refuse("order.rule.no_lines"),
        (S::Draft, C::Submit { .. }) => Ok(S::Submitted),
        (S::Submitted, C::Withdraw { by_creator: true }) => Ok(S::Draft),
        (S::Submitted, C::Withdraw { by_creator: false }) => refuse("order.rule.withdraw_creator"),
        (S::Submitted, C::Approve { by_creator: true, .. }) => refuse("order.rule.self_approval"),
        (S::Submitted, C::Approve { open_price_exceptions, .. }) if *open_price_exceptions > 0 => {
            Err(AppError::Conflict(Msg::new("order.rule.price_exception_open").arg("count", open_price_exceptions)))
        }
        (S::Submitted, C::Approve { .. }) => Ok(S::Approved),
        (S::Submitted, C::Reject) => Ok(S::Rejected),
        (S::Rejected, C::Revise) => Ok(S::Draft),
        (S::Draft | S::Submitted | S::Approved, C::Cancel { delivered_anything: false }) => Ok(S::Cancelled),
        (S::InFulfilment, C::Cancel { .. }) | (S::Approved, C::Cancel { delivered_anything: true }) => {
            refuse("order.rule.cancel_delivered")
        }
        (S::Approved | S::InFulfilment, C::Delivered { complete: true }) => Ok(S::Delivered),
        (S::Approved | S::InFulfilment, C::Delivered { complete: false }) => Ok(S::InFulfilment),
        (S::Delivered, C::Close) => Ok(S::Closed),
        _ => refuse("order.rule.not_now"),
    }
}

/// Whether an approved order may be amended (第十五条: changes need sales-manager approval).
pub fn can_amend(status: OrderStatus) -> Result<(), AppError> {
    if status.is_open() {
        Ok(())
    } else {
        Err(AppError::Conflict(Msg::new("order.rule.amend_only_open").arg("status", status.key())))
    }
}

/// One line as submitted: a product, a quantity and (optionally) a price other than list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LineInput {
    pub product_id: i64,
    pub quantity: f64,
    #[serde(default)]
    pub unit_price_fen: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrderInput {
    pub customer_id: i64,
    pub requested_delivery_date: String,
    #[serde(default)]
    pub contract_ref: Option<String>,
    pub lines: Vec<LineInput>,
    #[serde(default)]
    pub version: Option<i64>,
}

/// Quantities are kept exactly in thousandths of the product's unit (3 decimals).
pub type Milli = i64;

pub fn to_milli(field: &str, quantity: f64) -> Result<Milli, AppError> {
    let milli = (quantity * 1000.0).round();
    if !quantity.is_finite() || quantity <= 0.0 || (milli / 1000.0 - quantity).abs() > 1e-9 || milli > 1e15 {
        return Err(AppError::validation(field, "validation.quantity"));
    }
    Ok(milli as i64)
}

pub fn from_milli(milli: Milli) -> f64 {
    milli as f64 / 1000.0
}

/// The header of a valid order input.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidOrder {
    pub customer_id: i64,
    pub requested_delivery_date: NaiveDate,
    pub contract_ref: Option<String>,
    pub lines: Vec<ValidLine>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidLine {
    pub product_id: i64,
    pub quantity: Milli,
    pub unit_price_fen: Option<i64>,
}

impl OrderInput {
    pub fn validate(&self) -> Result<ValidOrder, AppError> {
        if self.customer_id <= 0 {
            return Err(AppError::validation("customer_id", "validation.required"));
        }
        let date = fields::date("requested_delivery_date", &self.requested_delivery_date)?;
        let contract_ref = fields::optional("contract_ref", self.contract_ref.as_deref(), 64)?;
        let lines = validate_lines(&self.lines)?;
        Ok(ValidOrder { customer_id: self.customer_id, requested_delivery_date: date, contract_ref, lines })
    }
}

pub fn validate_lines(lines: &[LineInput]) -> Result<Vec<ValidLine>, AppError> {
    if lines.is_empty() {
        return Err(AppError::validation("lines", "order.rule.no_lines"));
    }
    if lines.len() > 50 {
        return Err(AppError::validation("lines", "validation.too_many_lines"));
    }
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if l.product_id <= 0 {
                return Err(AppError::validation(&format!("lines[{i}].product_id"), "validation.required"));
            }
            let quantity = to_milli(&format!("lines[{i}].quantity"), l.quantity)?;
            if l.unit_price_fen.is_some_and(|p| p <= 0) {
                return Err(AppError::validation(&format!("lines[{i}].unit_price_fen"), "validation.positive"));
            }
            Ok(ValidLine { product_id: l.product_id, quantity, unit_price_fen: l.unit_price_fen })
        })
        .collect()
}

/// A line needs a price exception when its price differs from the list price (第十条).
pub fn needs_price_exception(unit_price_fen: i64, list_price_fen: i64) -> bool {
    unit_price_fen != list_price_fen
}

/// Hazardous products only go to customers whose permit is valid on the delivery date.
pub fn hazardous_allowed(product_hazardous: bool, permit: PermitStatus) -> bool {
    !product_hazardous || permit == PermitStatus::Valid
}

/// Readiness two days before the delivery date (§4.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Readiness {
    Ready,
    AtRisk,
    Late,
    #[serde(rename = "n/a")]
    NotApplicable,
}

impl Readiness {
    pub fn key(self) -> &'static str {
        match self {
            Readiness::Ready => "ready",
            Readiness::AtRisk => "at_risk",
            Readiness::Late => "late",
            Readiness::NotApplicable => "n/a",
        }
    }
    pub fn parse(key: &str) -> Readiness {
        match key {
            "ready" => Readiness::Ready,
            "at_risk" => Readiness::AtRisk,
            "late" => Readiness::Late,
            _ => Readiness::NotApplicable,
        }
    }
}

/// The readiness rule: an open order past its date with something undelivered is late;
/// within the two-day window it is ready when released stock (and approved delivery notes)
/// cover every undelivered line, otherwise at risk; further out it is not yet checked.
pub fn readiness(status: OrderStatus, delivery_date: NaiveDate, today: NaiveDate, lines_covered: bool) -> Readiness {
    if !status.is_open() {
        return Readiness::NotApplicable;
    }
    if delivery_date < today {
        return Readiness::Late;
    }
    if (delivery_date - today).num_days() > 2 {
        return Readiness::NotApplicable;
    }
    if lines_covered {
        Readiness::Ready
    } else {
        Readiness::AtRisk
    }
}

/// One line of a stored order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderLine {
    pub id: i64,
    pub position: i64,
    pub product_id: i64,
    pub product_code: String,
    pub product_name: String,
    pub unit: String,
    pub hazardous: bool,
    pub quantity: f64,
    pub unit_price_fen: i64,
    pub list_price_fen: i64,
    pub delivered_quantity: f64,
    pub amount_fen: i64,
}

/// A row of the order register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: i64,
    pub version: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub sales_rep: String,
    pub status: OrderStatus,
    pub order_date: String,
    pub requested_delivery_date: String,
    pub readiness: Readiness,
    pub total_fen: i64,
    pub revision: i64,
}

/// A whole order with its history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    pub id: i64,
    pub version: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub sales_rep: String,
    pub status: OrderStatus,
    pub order_date: String,
    pub requested_delivery_date: String,
    pub contract_ref: Option<String>,
    pub readiness: Readiness,
    pub revision: i64,
    pub total_fen: i64,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
    pub status_reason: Option<String>,
    pub created_at: String,
    pub lines: Vec<OrderLine>,
    pub price_exceptions: Vec<PriceException>,
    pub amendments: Vec<Amendment>,
    pub revisions: Vec<Revision>,
    pub date_changes: Vec<DateChange>,
}

/// Decision state of a price exception or an amendment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Pending,
    Approved,
    Rejected,
    /// Superseded before anyone decided (the lines it was about were replaced).
    Withdrawn,
}

impl Decision {
    pub fn key(self) -> &'static str {
        match self {
            Decision::Pending => "pending",
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
            Decision::Withdrawn => "withdrawn",
        }
    }
    pub fn parse(key: &str) -> Decision {
        match key {
            "approved" => Decision::Approved,
            "rejected" => Decision::Rejected,
            "withdrawn" => Decision::Withdrawn,
            _ => Decision::Pending,
        }
    }
}

/// 价格例外: a price other than the list price, pending the sales manager's decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceException {
    pub id: i64,
    pub version: i64,
    pub order_id: i64,
    pub product_id: i64,
    pub product_name: String,
    pub list_price_fen: i64,
    pub unit_price_fen: i64,
    pub status: Decision,
    pub requested_by: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub decision_reason: Option<String>,
}

/// What an amendment changes, and why.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AmendmentInput {
    #[serde(default)]
    pub lines: Option<Vec<LineInput>>,
    #[serde(default)]
    pub requested_delivery_date: Option<String>,
    pub reason: String,
}

/// 合同变更: a change to an approved order, pending sales-manager approval (第十五条).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amendment {
    pub id: i64,
    pub version: i64,
    pub order_id: i64,
    pub status: Decision,
    pub requested_by: String,
    pub reason: String,
    pub changes: AmendmentInput,
    pub base_revision: i64,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub decision_reason: Option<String>,
    pub created_at: String,
}

/// An approved version of the order, as it stood then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub revision: i64,
    pub approved_by: String,
    pub approved_at: String,
    pub amendment_id: Option<i64>,
    pub snapshot: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DateChangeInput {
    pub new_date: String,
    pub reason: String,
    pub agreed_by: String,
    pub agreed_at: String,
}

/// A delivery date negotiated with the customer (§4.1.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateChange {
    pub id: i64,
    pub old_date: String,
    pub new_date: String,
    pub reason: String,
    pub agreed_by: String,
    pub agreed_at: String,
    pub recorded_by: String,
    pub created_at: String,
}

impl DateChangeInput {
    pub fn validate(&self) -> Result<(NaiveDate, String, String, String), AppError> {
        let date = fields::date("new_date", &self.new_date)?;
        let reason = fields::required("reason", &self.reason, 500)?;
        let agreed_by = fields::required("agreed_by", &self.agreed_by, 100)?;
        let at = fields::required("agreed_at", &self.agreed_at, 40)?;
        let agreed_at = chrono::DateTime::parse_from_rfc3339(&at)
            .map(|t| t.to_rfc3339())
            .or_else(|_| fields::date("agreed_at", &at).map(|d| d.format("%Y-%m-%d").to_string()))?;
        Ok((date, reason, agreed_by, agreed_at))
    }
}

/// Filters of the order register.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrderFilter {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub customer_id: Option<i64>,
    #[serde(default)]
    pub sales_rep: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

impl OrderFilter {
    pub fn validate(&self) -> Result<(), AppError> {
        if let Some(s) = self.status.as_deref().filter(|s| !s.is_empty()) {
            OrderStatus::parse(s).ok_or_else(|| AppError::validation("status", "validation.status"))?;
        }
        fields::optional_date("from", self.from.as_deref())?;
        fields::optional_date("to", self.to.as_deref())?;
        Ok(())
    }
}

/// What one run of the readiness check found.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReadinessReport {
    pub checked: usize,
    pub ready: usize,
    pub at_risk: usize,
    pub late: usize,
    pub escalations_opened: usize,
}

/// An order the readiness check found at risk or late, for the sales department to act on
/// (emergency measures or a negotiated date change).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Escalation {
    pub id: i64,
    pub order_id: i64,
    pub order_number: String,
    pub customer_name: String,
    pub requested_delivery_date: String,
    pub readiness: Readiness,
    pub sales_rep: String,
    pub note: String,
    pub created_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use OrderCommand as C;
    use OrderStatus as S;

    #[test]
    fn an_order_cannot_be_approved_by_its_creator() {
        let err = apply(S::Submitted, &C::Approve { by_creator: true, open_price_exceptions: 0 }).unwrap_err();
        assert_eq!(err.status(), 409);
        assert_eq!(err.msg().key, "order.rule.self_approval");
    }

    #[test]
    fn a_pending_price_exception_blocks_approval() {
        let err = apply(S::Submitted, &C::Approve { by_creator: false, open_price_exceptions: 1 }).unwrap_err();
        assert_eq!(err.msg().key, "order.rule.price_exception_open");
        assert_eq!(
            apply(S::Submitted, &C::Approve { by_creator: false, open_price_exceptions: 0 }).unwrap(),
            S::Approved
        );
    }

    #[test]
    fn an_empty_order_cannot_be_submitted() {
        assert!(apply(S::Draft, &C::Submit { lines: 0 }).is_err());
        assert_eq!(apply(S::Draft, &C::Submit { lines: 2 }).unwrap(), S::Submitted);
    }

    #[test]
    fn nothing_delivered_can_be_cancelled() {
        assert!(apply(S::InFulfilment, &C::Cancel { delivered_anything: true }).is_err());
        assert_eq!(apply(S::Approved, &C::Cancel { delivered_anything: false }).unwrap(), S::Cancelled);
    }

    #[test]
    fn terminal_states_accept_nothing_but_their_exit() {
        for cmd in commands() {
            assert!(apply(S::Cancelled, &cmd).is_err(), "{cmd:?}");
            assert!(apply(S::Closed, &cmd).is_err(), "{cmd:?}");
        }
    }

    #[test]
    fn quantities_are_exact_to_three_decimals() {
        assert_eq!(to_milli("q", 12.345).unwrap(), 12345);
        assert!(to_milli("q", 1.2345).is_err());
        assert!(to_milli("q", 0.0).is_err());
        assert!(to_milli("q", -1.0).is_err());
        assert!(to_milli("q", f64::NAN).is_err());
    }

    #[test]
    fn hazardous_products_need_a_valid_permit() {
        assert!(hazardous_allowed(false, PermitStatus::None));
        assert!(hazardous_allowed(true, PermitStatus::Valid));
        assert!(!hazardous_allowed(true, PermitStatus::Expired));
        assert!(!hazardous_allowed(true, PermitStatus::None));
    }

    #[test]
    fn readiness_is_checked_two_days_ahead() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let today = d("2026-03-10");
        assert_eq!(readiness(S::Approved, d("2026-03-12"), today, false), Readiness::AtRisk);
        assert_eq!(readiness(S::Approved, d("2026-03-12"), today, true), Readiness::Ready);
        assert_eq!(readiness(S::Approved, d("2026-03-13"), today, false), Readiness::NotApplicable);
        assert_eq!(readiness(S::InFulfilment, d("2026-03-09"), today, true), Readiness::Late);
        assert_eq!(readiness(S::Draft, d("2026-03-09"), today, false), Readiness::NotApplicable);
    }

    fn commands() -> Vec<OrderCommand> {
        let mut v = vec![C::Reject, C::Revise, C::Close];
        for b in [true, false] {
            v.push(C::Withdraw { by_creator: b });
            v.push(C::Cancel { delivered_anything: b });
            v.push(C::Delivered { complete: b });
            for n in [0, 1] {
                v.push(C::Approve { by_creator: b, open_price_exceptions: n });
            }
        }
        v.push(C::Submit { lines: 0 });
        v.push(C::Submit { lines: 3 });
        v
    }

    proptest! {
        /// No sequence of commands reaches a state the rules forbid: nothing is approved by
        /// its creator or with an open price exception, nothing delivered is cancelled, and
        /// the terminal states are never left.
        #[test]
        fn no_sequence_of_commands_breaks_the_rules(picks in proptest::collection::vec(0usize..20, 0..60)) {
            let all = commands();
            let mut status = S::Draft;
            let mut delivered = false;
            for pick in picks {
                let cmd = &all[pick % all.len()];
                let before = status;
                match apply(status, cmd) {
                    Ok(next) => {
                        if next == S::Approved && before == S::Submitted {
                            let ok = matches!(cmd, C::Approve { by_creator: false, open_price_exceptions: 0 });
                            prop_assert!(ok, "approved by {:?}", cmd);
                        }
                        if next == S::Cancelled {
                            prop_assert!(!delivered);
                            let ok = matches!(cmd, C::Cancel { delivered_anything: false });
                            prop_assert!(ok, "cancelled by {:?}", cmd);
                        }
                        prop_assert!(!matches!(before, S::Cancelled | S::Closed));
                        if matches!(next, S::InFulfilment | S::Delivered) {
                            delivered = true;
                        }
                        if next == S::Submitted {
                            let ok = matches!(cmd, C::Submit { lines } if *lines > 0);
                            prop_assert!(ok, "submitted by {:?}", cmd);
                        }
                        status = next;
                    }
                    Err(e) => {
                        prop_assert_eq!(e.status(), 409);
                        prop_assert_eq!(status, before);
                    }
                }
            }
        }
    }
}
