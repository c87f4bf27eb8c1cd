//! The release gate (§4.1.1, §4.1.5): the batch status machine, the laboratory's verdict
//! from the technical indicators, the allocation rule that keeps uninspected product off
//! delivery notes, emergency releases (紧急放行), nonconforming product (不良品处理) and recalls.
//! The server applies exactly these rules; the pages use them to offer only what is allowed.

use super::fields;
use super::order::{from_milli, to_milli, Milli};
use super::product::Indicator;
use crate::error::{AppError, Msg};
use serde::{Deserialize, Serialize};

pub use super::emergency_release::*;
pub use super::nonconformity::*;
pub use super::recall::*;

/// Where a batch stands. produced → inspecting → passed → in stock; a failed final
/// inspection → failed → nonconforming (at once when the batch was emergency-released).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchStatus {
    Produced,
    Inspecting,
    Passed,
    InStock,
    Failed,
    Nonconforming,
}

impl BatchStatus {
    pub const ALL: [BatchStatus; 6] = [
        BatchStatus::Produced,
        BatchStatus::Inspecting,
        BatchStatus::Passed,
        BatchStatus::InStock,
        BatchStatus::Failed,
        BatchStatus::Nonconforming,
    ];

    pub fn key(self) -> &'static str {
        match self {
            BatchStatus::Produced => "produced",
            BatchStatus::Inspecting => "inspecting",
            BatchStatus::Passed => "passed",
            BatchStatus::InStock => "in_stock",
            BatchStatus::Failed => "failed",
            BatchStatus::Nonconforming => "nonconforming",
        }
    }

    pub fn parse(key: &str) -> Option<BatchStatus> {
        BatchStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The laboratory has not reached a final verdict yet.
    pub fn inspection_open(self) -> bool {
        matches!(self, BatchStatus::Produced | BatchStatus::Inspecting)
    }

    /// Failed product: never loaded, never released.
    pub fn is_failed(self) -> bool {
        matches!(self, BatchStatus::Failed | BatchStatus::Nonconforming)
    }
}

/// What happens to a batch, with the facts the rule needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchCommand {
    /// The laboratory saves interim results.
    Interim,
    /// The laboratory closes the inspection. A failed batch that was emergency-released
    /// becomes nonconforming at once (and a recall opens).
    Final { pass: bool, emergency_released: bool },
    /// `quality` accepts an out-of-spec result with a recorded reason (concession).
    AcceptOutOfSpec,
    /// The warehouse keeper verifies the certificate and labels the batch into stock.
    StockIn,
    /// `quality` records the nonconformity (classification, disposition, responsible).
    RecordNonconformity { open_record: bool },
    /// A quality complaint finds a released batch nonconforming: it stops shipping at once.
    ComplaintNonconformity { open_record: bool },
}

/// The batch status machine: the next status, or the rule that forbids it (409).
pub fn apply(status: BatchStatus, command: BatchCommand) -> Result<BatchStatus, AppError> {
    use BatchCommand as C;
    use BatchStatus as S;
    let refuse = |key: &str| Err(AppError::Conflict(Msg::new(key).arg("status", status.key())));
    match (status, command) {
        (S::Produced | S::Inspecting, C::Interim) => Ok(S::Inspecting),
        (S::Produced | S::Inspecting, C::Final { pass: true, .. }) => Ok(S::Passed),
        (S::Produced | S::Inspecting, C::Final { pass: false, emergency_released: true }) => Ok(S::Nonconforming),
        (S::Produced | S::Inspecting, C::Final { pass: false, emergency_released: false }) => Ok(S::Failed),
        (_, C::Interim | C::Final { .. }) => refuse("batch.rule.inspection_closed"),
        (S::Failed, C::AcceptOutOfSpec) => Ok(S::Passed),
        (_, C::AcceptOutOfSpec) => refuse("batch.rule.accept_failed_only"),
        (S::Passed, C::StockIn) => Ok(S::InStock),
        (_, C::StockIn) => refuse("batch.rule.stock_in_passed_only"),
        (S::Failed | S::Nonconforming, C::RecordNonconformity { open_record: false }) => Ok(S::Nonconforming),
        (S::Failed | S::Nonconforming, C::RecordNonconformity { open_record: true }) => {
            refuse("batch.rule.nonconformity_open")
        }
        (_, C::RecordNonconformity { .. }) => refuse("batch.rule.nonconformity_failed_only"),
        (_, C::ComplaintNonconformity { open_record: true }) => refuse("batch.rule.nonconformity_open"),
        (S::Produced | S::Inspecting, C::ComplaintNonconformity { .. }) => refuse("batch.rule.inspection_open"),
        (_, C::ComplaintNonconformity { open_record: false }) => Ok(S::Nonconforming),
    }
}

/// What the gate needs to know about a batch to allow an allocation on one delivery note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GateFacts {
    pub status: BatchStatus,
    pub quantity: Milli,
    /// Allocated on other delivery notes that are not cancelled.
    pub allocated_elsewhere: Milli,
    /// The quantity of an approved emergency release of this batch for this very note.
    pub released_for_note: Option<Milli>,
}

/// The gate (§4.1.1): only passed-and-stocked product, or product emergency-released for this
/// very note and up to the approved quantity, may be allocated; never more than the batch holds.
pub fn check_allocation(batch_no: &str, facts: &GateFacts, on_this_note: Milli) -> Result<(), AppError> {
    let total = facts.allocated_elsewhere + on_this_note;
    let over = || {
        Err(AppError::Conflict(
            Msg::new("gate.rule.over_quantity")
                .arg("batch", batch_no)
                .arg("available", from_milli((facts.quantity - facts.allocated_elsewhere).max(0)))
                .arg("quantity", from_milli(on_this_note)),
        ))
    };
    if facts.status.is_failed() {
        return Err(AppError::Conflict(
            Msg::new("gate.rule.failed").arg("batch", batch_no).arg("status", facts.status.key()),
        ));
    }
    if facts.status == BatchStatus::InStock {
        return if total <= facts.quantity { Ok(()) } else { over() };
    }
    match facts.released_for_note {
        Some(approved) if on_this_note > approved => Err(AppError::Conflict(
            Msg::new("gate.rule.over_release")
                .arg("batch", batch_no)
                .arg("approved", from_milli(approved))
                .arg("quantity", from_milli(on_this_note)),
        )),
        Some(_) if total > facts.quantity => over(),
        Some(_) => Ok(()),
        None => Err(AppError::Conflict(
            Msg::new("gate.rule.not_released").arg("batch", batch_no).arg("status", facts.status.key()),
        )),
    }
}

/// One measured value as the laboratory enters it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResultInput {
    pub indicator: String,
    pub value: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InspectionInput {
    pub results: Vec<ResultInput>,
    #[serde(rename = "final", default)]
    pub is_final: bool,
}

/// The verdict of an inspection: pending while interim, pass or fail once final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pending,
    Pass,
    Fail,
}

impl Verdict {
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Pending => "pending",
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
        }
    }
    pub fn parse(key: &str) -> Verdict {
        match key {
            "pass" => Verdict::Pass,
            "fail" => Verdict::Fail,
            _ => Verdict::Pending,
        }
    }
}

/// A measured value against its indicator's limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measured {
    pub indicator: String,
    pub unit: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub value: f64,
    pub within: bool,
}

/// Checks the results against the product's indicators: each named indicator exists, none
/// twice, every one measured for a final result; the verdict follows from min/max.
pub fn evaluate(indicators: &[Indicator], input: &InspectionInput) -> Result<(Vec<Measured>, Verdict), AppError> {
    let mut measured = Vec::with_capacity(input.results.len());
    for (i, r) in input.results.iter().enumerate() {
        let field = format!("results[{i}].indicator");
        let ind = indicators.iter().find(|ind| ind.name == r.indicator.trim()).ok_or_else(|| AppError::Validation {
            field: field.clone(),
            msg: Msg::new("inspection.rule.unknown_indicator").arg("name", r.indicator.trim()),
        })?;
        if measured.iter().any(|m: &Measured| m.indicator == ind.name) {
            return Err(AppError::Validation {
                field,
                msg: Msg::new("inspection.rule.duplicate_indicator").arg("name", &ind.name),
            });
        }
        if !r.value.is_finite() {
            return Err(AppError::validation(&format!("results[{i}].value"), "validation.number"));
        }
        measured.push(Measured {
            indicator: ind.name.clone(),
            unit: ind.unit.clone(),
            min: ind.min,
            max: ind.max,
            value: r.value,
            within: ind.accepts(r.value),
        });
    }
    if !input.is_final {
        if measured.is_empty() {
            return Err(AppError::validation("results", "inspection.rule.nothing_measured"));
        }
        return Ok((measured, Verdict::Pending));
    }
    if let Some(missing) = indicators.iter().find(|ind| !measured.iter().any(|m| m.indicator == ind.name)) {
        return Err(AppError::Validation {
            field: "results".into(),
            msg: Msg::new("inspection.rule.missing_indicator").arg("name", &missing.name),
        });
    }
    let verdict = if measured.iter().all(|m| m.within) { Verdict::Pass } else { Verdict::Fail };
    Ok((measured, verdict))
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BatchInput {
    pub product_id: i64,
    pub batch_no: String,
    pub quantity: f64,
    pub produced_on: String,
}

impl BatchInput {
    pub fn validate(&self) -> Result<(String, Milli, chrono::NaiveDate), AppError> {
        if self.product_id <= 0 {
            return Err(AppError::validation("product_id", "validation.required"));
        }
        let no = fields::code("batch_no", &self.batch_no)?;
        let quantity = to_milli("quantity", self.quantity)?;
        let produced = fields::date("produced_on", &self.produced_on)?;
        Ok((no, quantity, produced))
    }
}

/// A stored inspection (interim or final).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inspection {
    pub id: i64,
    pub batch_id: i64,
    pub results: Vec<Measured>,
    #[serde(rename = "final")]
    pub is_final: bool,
    pub verdict: Verdict,
    pub inspector: String,
    pub accepted_by: Option<String>,
    pub accepted_reason: Option<String>,
    pub created_at: String,
}

/// A batch as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchSummary {
    pub id: i64,
    pub version: i64,
    pub product_id: i64,
    pub product_code: String,
    pub product_name: String,
    pub unit: String,
    pub batch_no: String,
    pub quantity: f64,
    pub allocated: f64,
    pub produced_on: String,
    pub status: BatchStatus,
    pub emergency_released: bool,
    pub certificate_no: Option<String>,
    pub created_at: String,
}

/// A whole batch with its inspections, releases and nonconformities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    #[serde(flatten)]
    pub summary: BatchSummary,
    pub report_no: Option<String>,
    pub stocked_by: Option<String>,
    pub stocked_at: Option<String>,
    pub created_by: String,
    pub indicators: Vec<Indicator>,
    pub inspections: Vec<Inspection>,
    pub releases: Vec<EmergencyRelease>,
    pub nonconformities: Vec<Nonconformity>,
}

/// Filters of the batch list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BatchFilter {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub product_id: Option<i64>,
    #[serde(default)]
    pub q: Option<String>,
}

impl BatchFilter {
    pub fn validate(&self) -> Result<(), AppError> {
        if let Some(s) = self.status.as_deref().filter(|s| !s.is_empty()) {
            BatchStatus::parse(s).ok_or_else(|| AppError::validation("status", "validation.status"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::order::Decision;
    use proptest::prelude::*;
    use BatchCommand as C;
    use BatchStatus as S;

    fn ind(name: &str, min: Option<f64>, max: Option<f64>) -> Indicator {
        Indicator { name: name.into(), unit: "%".into(), min, max }
    }

    #[test]
    fn a_batch_goes_from_production_through_inspection_into_stock() {
        let s = apply(S::Produced, C::Interim).unwrap();
        assert_eq!(s, S::Inspecting);
        let s = apply(s, C::Final { pass: true, emergency_released: false }).unwrap();
        assert_eq!(s, S::Passed);
        assert_eq!(apply(s, C::StockIn).unwrap(), S::InStock);
    }

    #[test]
    fn a_failed_batch_cannot_be_stocked_in() {
        let s = apply(S::Inspecting, C::Final { pass: false, emergency_released: false }).unwrap();
        assert_eq!(s, S::Failed);
        assert_eq!(apply(s, C::StockIn).unwrap_err().msg().key, "batch.rule.stock_in_passed_only");
        assert_eq!(apply(S::Inspecting, C::StockIn).unwrap_err().status(), 409);
    }

    #[test]
    fn an_emergency_released_batch_that_fails_is_nonconforming_at_once() {
        assert_eq!(apply(S::Inspecting, C::Final { pass: false, emergency_released: true }).unwrap(), S::Nonconforming);
    }

    #[test]
    fn only_a_failed_batch_takes_a_concession_or_a_nonconformity() {
        assert_eq!(apply(S::Failed, C::AcceptOutOfSpec).unwrap(), S::Passed);
        assert!(apply(S::InStock, C::AcceptOutOfSpec).is_err());
        assert_eq!(apply(S::Failed, C::RecordNonconformity { open_record: false }).unwrap(), S::Nonconforming);
        assert!(apply(S::Nonconforming, C::RecordNonconformity { open_record: true }).is_err());
        assert!(apply(S::Passed, C::RecordNonconformity { open_record: false }).is_err());
    }

    #[test]
    fn a_quality_complaint_stops_a_released_batch_but_not_one_under_inspection() {
        for s in [S::Passed, S::InStock, S::Failed, S::Nonconforming] {
            assert_eq!(apply(s, C::ComplaintNonconformity { open_record: false }).unwrap(), S::Nonconforming);
            let refused = apply(s, C::ComplaintNonconformity { open_record: true }).unwrap_err();
            assert_eq!(refused.msg().key, "batch.rule.nonconformity_open");
        }
        for s in [S::Produced, S::Inspecting] {
            let refused = apply(s, C::ComplaintNonconformity { open_record: false }).unwrap_err();
            assert_eq!(refused.msg().key, "batch.rule.inspection_open");
        }
    }

    #[test]
    fn a_closed_inspection_takes_no_more_results() {
        for s in [S::Passed, S::InStock, S::Failed, S::Nonconforming] {
            assert_eq!(apply(s, C::Interim).unwrap_err().msg().key, "batch.rule.inspection_closed");
        }
    }

    #[test]
    fn the_verdict_follows_from_the_limits() {
        let inds = [ind("HCl", Some(31.0), None), ind("Fe", None, Some(0.01))];
        let input = |hcl: f64, fe: f64, fin: bool| InspectionInput {
            results: vec![
                ResultInput { indicator: "HCl".into(), value: hcl },
                ResultInput { indicator: "Fe".into(), value: fe },
            ],
            is_final: fin,
        };
        assert_eq!(evaluate(&inds, &input(31.2, 0.005, true)).unwrap().1, Verdict::Pass);
        assert_eq!(evaluate(&inds, &input(30.9, 0.005, true)).unwrap().1, Verdict::Fail);
        assert_eq!(evaluate(&inds, &input(31.0, 0.01, true)).unwrap().1, Verdict::Pass, "limits are inclusive");
        assert_eq!(evaluate(&inds, &input(30.0, 0.5, false)).unwrap().1, Verdict::Pending);
    }

    #[test]
    fn a_final_result_needs_every_indicator_once() {
        let inds = [ind("HCl", Some(31.0), None), ind("Fe", None, Some(0.01))];
        let one =
            InspectionInput { results: vec![ResultInput { indicator: "HCl".into(), value: 32.0 }], is_final: true };
        let err = evaluate(&inds, &one).unwrap_err();
        assert_eq!((err.field(), err.msg().key.as_str()), (Some("results"), "inspection.rule.missing_indicator"));
        let interim = InspectionInput { is_final: false, ..one };
        assert!(evaluate(&inds, &interim).is_ok());
        let unknown =
            InspectionInput { results: vec![ResultInput { indicator: "Pb".into(), value: 1.0 }], is_final: false };
        assert_eq!(evaluate(&inds, &unknown).unwrap_err().field(), Some("results[0].indicator"));
    }

    fn facts(status: BatchStatus, elsewhere: Milli, released: Option<Milli>) -> GateFacts {
        GateFacts { status, quantity: 10_000, allocated_elsewhere: elsewhere, released_for_note: released }
    }

    #[test]
    fn uninspected_product_is_refused_unless_emergency_released_for_this_note() {
        for s in [S::Produced, S::Inspecting, S::Passed] {
            let err = check_allocation("B1", &facts(s, 0, None), 1000).unwrap_err();
            assert_eq!(err.msg().key, "gate.rule.not_released");
        }
        assert!(check_allocation("B1", &facts(S::Inspecting, 0, Some(2000)), 2000).is_ok());
        assert_eq!(
            check_allocation("B1", &facts(S::Inspecting, 0, Some(2000)), 2001).unwrap_err().msg().key,
            "gate.rule.over_release"
        );
        assert!(check_allocation("B1", &facts(S::InStock, 0, None), 10_000).is_ok());
    }

    #[test]
    fn failed_product_is_never_allocated_and_nothing_beyond_the_batch() {
        for s in [S::Failed, S::Nonconforming] {
            assert_eq!(check_allocation("B1", &facts(s, 0, Some(5000)), 1).unwrap_err().msg().key, "gate.rule.failed");
        }
        assert_eq!(
            check_allocation("B1", &facts(S::InStock, 9_500, None), 501).unwrap_err().msg().key,
            "gate.rule.over_quantity"
        );
    }

    /// A step of the random walk over one batch and three delivery notes.
    #[derive(Debug, Clone)]
    enum Op {
        Interim,
        Final(bool),
        Accept,
        StockIn,
        Release { note: usize, quantity: Milli },
        Allocate { note: usize, quantity: Milli },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            Just(Op::Interim),
            any::<bool>().prop_map(Op::Final),
            Just(Op::Accept),
            Just(Op::StockIn),
            (0usize..3, 1i64..6_000).prop_map(|(note, quantity)| Op::Release { note, quantity }),
            (0usize..3, 1i64..6_000).prop_map(|(note, quantity)| Op::Allocate { note, quantity }),
        ]
    }

    proptest! {
        /// For any sequence of inspections, releases and allocations: no quantity of a batch
        /// that is neither passed-and-stocked nor emergency-released for that note is ever
        /// allocated, a release is never exceeded, and allocations never exceed the batch.
        #[test]
        fn the_gate_never_lets_unreleased_or_excess_product_through(ops in proptest::collection::vec(op(), 0..80)) {
            let quantity: Milli = 10_000;
            let mut status = S::Produced;
            let mut released: [Option<Milli>; 3] = [None; 3];
            let mut allocated: [Milli; 3] = [0; 3];
            for op in ops {
                match op {
                    Op::Interim => { if let Ok(s) = apply(status, C::Interim) { status = s; } }
                    Op::Final(pass) => {
                        let emergency = released.iter().any(Option::is_some);
                        if let Ok(s) = apply(status, C::Final { pass, emergency_released: emergency }) { status = s; }
                    }
                    Op::Accept => { if let Ok(s) = apply(status, C::AcceptOutOfSpec) { status = s; } }
                    Op::StockIn => { if let Ok(s) = apply(status, C::StockIn) { status = s; } }
                    Op::Release { note, quantity } => {
                        if decide_release(Decision::Pending, false, true, status).is_ok() && released[note].is_none() {
                            released[note] = Some(quantity);
                        }
                    }
                    Op::Allocate { note, quantity: want } => {
                        let elsewhere: Milli = allocated.iter().enumerate().filter(|(n, _)| *n != note).map(|(_, q)| q).sum();
                        let f = GateFacts { status, quantity, allocated_elsewhere: elsewhere, released_for_note: released[note] };
                        let on_note = allocated[note] + want;
                        match check_allocation("B", &f, on_note) {
                            Ok(()) => {
                                let stocked = status == S::InStock;
                                let covered = released[note].is_some_and(|r| on_note <= r) && !status.is_failed();
                                prop_assert!(stocked || covered, "allocated {on_note} on note {note} in {status:?} with {:?}", released[note]);
                                prop_assert!(elsewhere + on_note <= quantity);
                                allocated[note] = on_note;
                            }
                            Err(e) => prop_assert_eq!(e.status(), 409),
                        }
                    }
                }
                prop_assert!(allocated.iter().sum::<Milli>() <= quantity);
            }
        }
    }
}
