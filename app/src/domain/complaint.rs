//! Customer complaints (顾客投诉记录, SPEC §5) worked in 8D steps: containment within its limit
//! (one working day for a critical complaint, two otherwise), root cause, a corrective action
//! with an owner, a due date and a verify-on date, then the **effectiveness verification** —
//! by someone other than the action's owner, not before the verify-on date, with evidence —
//! and only then closure. An action found not effective sends the complaint back to its root
//! cause. Earlier complaints of the same product and category in the twelve months before are
//! its repeats.

use super::calendar::Calendar;
use super::fields;
use super::service::{self, Channel};
use super::sla::{Clock, SlaState};
use crate::error::{AppError, Msg};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub const PREFIX: &str = "CMP";

/// How far back an earlier complaint makes this one a repeat.
pub const REPEAT_WINDOW_DAYS: i64 = 365;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Minor,
    Major,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Minor, Severity::Major, Severity::Critical];

    pub fn key(self) -> &'static str {
        match self {
            Severity::Minor => "minor",
            Severity::Major => "major",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(key: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.key() == key.trim())
    }

    /// Working days to contain it.
    pub fn containment_days(self) -> i64 {
        if self == Severity::Critical {
            1
        } else {
            2
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Quality,
    Packaging,
    Labelling,
    Documents,
    Delivery,
    Service,
    Price,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Quality,
        Category::Packaging,
        Category::Labelling,
        Category::Documents,
        Category::Delivery,
        Category::Service,
        Category::Price,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Category::Quality => "quality",
            Category::Packaging => "packaging",
            Category::Labelling => "labelling",
            Category::Documents => "documents",
            Category::Delivery => "delivery",
            Category::Service => "service",
            Category::Price => "price",
        }
    }

    pub fn parse(key: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.key() == key.trim())
    }
}

/// Where a complaint stands; each step moves it one on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Registered, waiting for containment.
    Open,
    Contained,
    /// Root cause found (or found again after an action that did not work).
    Analysed,
    /// Corrective action set, waiting for its verification.
    Action,
    /// Verified effective, waiting for closure.
    Verified,
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 6] =
        [Stage::Open, Stage::Contained, Stage::Analysed, Stage::Action, Stage::Verified, Stage::Closed];

    pub fn key(self) -> &'static str {
        match self {
            Stage::Open => "open",
            Stage::Contained => "contained",
            Stage::Analysed => "analysed",
            Stage::Action => "action",
            Stage::Verified => "verified",
            Stage::Closed => "closed",
        }
    }

    pub fn parse(key: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.key() == key.trim())
    }
}

/// The 8D steps, in their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Containment,
    RootCause,
    Action,
    Verify,
    Close,
}

impl Step {
    pub const ALL: [Step; 5] = [Step::Containment, Step::RootCause, Step::Action, Step::Verify, Step::Close];

    pub fn parse(key: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The step a complaint at this stage waits for (none once closed).
    pub fn next(stage: Stage) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.from() == stage)
    }

    /// The stage a step needs.
    fn from(self) -> Stage {
        match self {
            Step::Containment => Stage::Open,
            Step::RootCause => Stage::Contained,
            Step::Action => Stage::Analysed,
            Step::Verify => Stage::Action,
            Step::Close => Stage::Verified,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Step::Containment => "containment",
            Step::RootCause => "root_cause",
            Step::Action => "action",
            Step::Verify => "verify",
            Step::Close => "close",
        }
    }
}

/// A step is taken only from the stage before it (409 otherwise, naming both).
pub fn may_take(stage: Stage, step: Step) -> Result<(), AppError> {
    if stage != step.from() {
        return Err(AppError::Conflict(
            Msg::new("complaint.rule.out_of_order").arg("step", step.key()).arg("stage", stage.key()),
        ));
    }
    Ok(())
}

/// Verification is someone else's, on or after the verify-on date (company calendar date).
pub fn may_verify(owner: &str, verifier: &str, verify_on: NaiveDate, today: NaiveDate) -> Result<(), AppError> {
    if owner == verifier {
        return Err(AppError::conflict("complaint.rule.owner_verifies"));
    }
    if today < verify_on {
        return Err(AppError::Conflict(Msg::new("complaint.rule.too_early").arg("date", verify_on.format("%Y-%m-%d"))));
    }
    Ok(())
}

/// What staff enter when a customer complains.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ComplaintInput {
    pub customer_id: i64,
    pub product_id: i64,
    #[serde(default)]
    pub batch_id: Option<i64>,
    #[serde(default)]
    pub delivery_note_id: Option<i64>,
    pub severity: String,
    pub category: String,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub received_at: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewComplaint {
    pub customer_id: i64,
    pub product_id: i64,
    pub batch_id: Option<i64>,
    pub delivery_note_id: Option<i64>,
    pub severity: Severity,
    pub category: Category,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    pub description: String,
}

impl ComplaintInput {
    pub fn validate(&self, now: DateTime<Utc>, calendar: &Calendar) -> Result<NewComplaint, AppError> {
        let id =
            |field: &str, v: i64| if v > 0 { Ok(v) } else { Err(AppError::validation(field, "validation.required")) };
        let optional = |field: &str, v: Option<i64>| v.map(|v| id(field, v)).transpose();
        Ok(NewComplaint {
            customer_id: id("customer_id", self.customer_id)?,
            product_id: id("product_id", self.product_id)?,
            batch_id: optional("batch_id", self.batch_id)?,
            delivery_note_id: optional("delivery_note_id", self.delivery_note_id)?,
            severity: Severity::parse(&self.severity)
                .ok_or_else(|| AppError::validation("severity", "validation.severity"))?,
            category: Category::parse(&self.category)
                .ok_or_else(|| AppError::validation("category", "validation.category"))?,
            channel: match self.channel.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                None => Channel::Phone,
                Some(c) => Channel::parse(c).ok_or_else(|| AppError::validation("channel", "validation.channel"))?,
            },
            received_at: service::received_at("received_at", self.received_at.as_deref(), now, calendar.offset)?,
            description: fields::required("description", &self.description, 4000)?,
        })
    }
}

/// The body of a step: `{version, text}` for containment and root cause; the action's
/// `{text, owner, due_on, verify_on}`; the verification's `{evidence, effective}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StepInput {
    #[serde(default)]
    pub version: Option<i64>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub due_on: Option<String>,
    #[serde(default)]
    pub verify_on: Option<String>,
    #[serde(default)]
    pub evidence: Option<String>,
    #[serde(default)]
    pub effective: Option<bool>,
}

/// A checked corrective action.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionPlan {
    pub text: String,
    pub owner: String,
    pub due_on: NaiveDate,
    pub verify_on: NaiveDate,
}

impl StepInput {
    pub fn text(&self) -> Result<String, AppError> {
        fields::required("text", self.text.as_deref().unwrap_or(""), 4000)
    }

    /// The action: an owner, a due date from today on, a verify-on date not before it.
    pub fn action(&self, today: NaiveDate) -> Result<ActionPlan, AppError> {
        let text = self.text()?;
        let owner = fields::required("owner", self.owner.as_deref().unwrap_or(""), 64)?;
        let due_on = fields::date("due_on", self.due_on.as_deref().unwrap_or(""))?;
        if due_on < today {
            return Err(AppError::validation("due_on", "validation.due_past"));
        }
        let verify_on = fields::date("verify_on", self.verify_on.as_deref().unwrap_or(""))?;
        if verify_on < due_on {
            return Err(AppError::validation("verify_on", "validation.verify_before_due"));
        }
        Ok(ActionPlan { text, owner, due_on, verify_on })
    }

    /// The verification: evidence and the finding.
    pub fn verification(&self) -> Result<(String, bool), AppError> {
        let evidence = fields::required("evidence", self.evidence.as_deref().unwrap_or(""), 4000)?;
        let effective = self.effective.ok_or_else(|| AppError::validation("effective", "validation.required"))?;
        Ok((evidence, effective))
    }
}

/// The stage after a verification: closed only if it worked; otherwise back to the root cause.
pub fn after_verification(effective: bool) -> Stage {
    if effective {
        Stage::Verified
    } else {
        Stage::Contained
    }
}

/// The containment clock of a complaint.
pub fn containment_clock(calendar: &Calendar, severity: Severity, received: DateTime<Utc>) -> Clock<'_> {
    Clock {
        calendar,
        started: received,
        limit_minutes: severity.containment_days() * calendar.day_minutes(),
        pauses: &[],
    }
}

/// Whether an earlier complaint (same product and category) received at `earlier` makes one
/// received at `received` a repeat.
pub fn is_repeat(earlier: DateTime<Utc>, received: DateTime<Utc>) -> bool {
    earlier < received && received - earlier <= Duration::days(REPEAT_WINDOW_DAYS)
}

/// Who else received the complaint's batch, and how much.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recipient {
    pub customer_id: i64,
    pub customer_name: String,
    pub quantity: f64,
}

/// One step as done: who and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Done {
    pub by: String,
    pub at: String,
}

/// A complaint as the API and the pages read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Complaint {
    pub id: i64,
    pub number: String,
    pub version: i64,
    pub status: Stage,
    pub customer_id: i64,
    pub customer_name: String,
    pub product_id: i64,
    pub product_name: String,
    pub batch_id: Option<i64>,
    pub batch_no: Option<String>,
    pub delivery_note_id: Option<i64>,
    pub delivery_note_number: Option<String>,
    pub severity: Severity,
    pub category: Category,
    pub channel: Channel,
    pub received_at: String,
    pub entered_at: String,
    pub entered_by: String,
    pub description: String,
    pub containment: Option<String>,
    pub contained: Option<Done>,
    pub containment_due_at: Option<String>,
    /// The containment's time limit: running until contained, then met or missed.
    pub sla: SlaState,
    pub root_cause: Option<String>,
    pub analysed: Option<Done>,
    pub action: Option<String>,
    pub action_owner: Option<String>,
    pub action_due_on: Option<String>,
    pub verify_on: Option<String>,
    pub action_set: Option<Done>,
    pub evidence: Option<String>,
    pub effective: Option<bool>,
    pub verified: Option<Done>,
    /// Verifications that found the action not effective.
    pub failed_verifications: i64,
    pub closed: Option<Done>,
    /// Earlier complaints of the same product and category in the twelve months before.
    pub repeat_of: Vec<i64>,
    pub batch_recipients: Vec<Recipient>,
    /// The nonconformity this complaint opened on its batch, if any.
    #[serde(default)]
    pub nonconformity_id: Option<i64>,
    /// The recall this complaint started for its batch, if any.
    #[serde(default)]
    pub recall_id: Option<i64>,
}

/// `POST /api/v1/complaints/{id}/recall`: why the batch comes back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RecallInput {
    #[serde(default)]
    pub reason: Option<String>,
}

/// What a quality complaint may start from its batch, through the release gate's services.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    /// 不良品处理: the batch stops shipping and quality disposes of it.
    Nonconformity,
    /// 召回: a task per customer who received the batch.
    Recall,
}

impl Finding {
    pub fn key(self) -> &'static str {
        match self {
            Finding::Nonconformity => "nonconformity",
            Finding::Recall => "recall",
        }
    }
}

/// A complaint of category quality that names its batch and is not closed may open each
/// finding once; the refusal (409) says why. Answers the batch.
pub fn may_open(finding: Finding, c: &Complaint) -> Result<i64, AppError> {
    if c.category != Category::Quality {
        return Err(AppError::conflict("complaint.rule.quality_only"));
    }
    let Some(batch) = c.batch_id else {
        return Err(AppError::conflict("complaint.rule.no_batch"));
    };
    if c.status == Stage::Closed {
        return Err(AppError::conflict("complaint.rule.closed"));
    }
    let opened = match finding {
        Finding::Nonconformity => c.nonconformity_id,
        Finding::Recall => c.recall_id,
    };
    if opened.is_some() {
        return Err(AppError::Conflict(Msg::new("complaint.rule.already_opened").arg("finding", finding.key())));
    }
    Ok(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn steps_go_in_order_and_a_failed_verification_goes_back_to_the_root_cause() {
        assert!(may_take(Stage::Open, Step::Containment).is_ok());
        assert!(may_take(Stage::Open, Step::RootCause).is_err());
        assert!(may_take(Stage::Contained, Step::Action).is_err());
        assert!(may_take(Stage::Action, Step::Verify).is_ok());
        assert!(may_take(Stage::Action, Step::Close).is_err(), "no closure before verification");
        assert!(may_take(Stage::Verified, Step::Close).is_ok());
        assert_eq!(after_verification(false), Stage::Contained);
        assert!(may_take(after_verification(false), Step::RootCause).is_ok());
        assert_eq!(after_verification(true), Stage::Verified);
    }

    #[test]
    fn the_owner_never_verifies_and_nobody_before_the_date() {
        let on = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert!(may_verify("quality", "quality", on, day(20)).is_err());
        assert!(may_verify("quality", "sales_manager", on, day(9)).is_err());
        assert!(may_verify("quality", "sales_manager", on, day(10)).is_ok());
    }

    #[test]
    fn an_action_needs_an_owner_and_a_verify_date_after_its_due_date() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let ok = StepInput {
            text: Some("Re-train the packing line".into()),
            owner: Some("quality".into()),
            due_on: Some("2026-12-09".into()),
            verify_on: Some("2027-01-09".into()),
            ..Default::default()
        };
        assert_eq!(ok.action(today).unwrap().owner, "quality");
        let field = |i: StepInput| i.action(today).unwrap_err().field().map(str::to_string);
        assert_eq!(field(StepInput { owner: None, ..ok.clone() }).as_deref(), Some("owner"));
        assert_eq!(field(StepInput { due_on: Some("2026-12-01".into()), ..ok.clone() }).as_deref(), Some("due_on"));
        assert_eq!(
            field(StepInput { verify_on: Some("2026-12-08".into()), ..ok.clone() }).as_deref(),
            Some("verify_on")
        );
        assert_eq!(
            StepInput { effective: None, evidence: Some("x".into()), ..ok }.verification().unwrap_err().field(),
            Some("effective")
        );
    }

    #[test]
    fn a_critical_complaint_is_contained_within_a_working_day() {
        let cal = Calendar::standard();
        let received = at("2026-12-04T16:00:00+08:00"); // a Friday
        let critical = containment_clock(&cal, Severity::Critical, received);
        assert_eq!(critical.due_at(received), Some(at("2026-12-07T16:00:00+08:00")));
        let minor = containment_clock(&cal, Severity::Minor, received);
        assert_eq!(minor.due_at(received), Some(at("2026-12-08T16:00:00+08:00")));
    }

    #[test]
    fn a_repeat_is_the_same_product_and_category_within_twelve_months() {
        let now = at("2026-12-02T10:00:00+08:00");
        assert!(is_repeat(at("2025-12-03T10:00:00+08:00"), now));
        assert!(!is_repeat(at("2025-12-01T10:00:00+08:00"), now));
        assert!(!is_repeat(at("2026-12-03T10:00:00+08:00"), now), "a later one is not an earlier one");
    }

    fn complaint(category: Category, batch_id: Option<i64>, status: Stage) -> Complaint {
        Complaint {
            id: 1,
            number: "CMP-2026-0001".into(),
            version: 1,
            status,
            customer_id: 1,
            customer_name: "c".into(),
            product_id: 1,
            product_name: "p".into(),
            batch_id,
            batch_no: batch_id.map(|b| format!("B{b}")),
            delivery_note_id: None,
            delivery_note_number: None,
            severity: Severity::Major,
            category,
            channel: Channel::Phone,
            received_at: "2026-12-02T10:00:00+08:00".into(),
            entered_at: "2026-12-02T10:00:00+08:00".into(),
            entered_by: "service".into(),
            description: "d".into(),
            containment: None,
            contained: None,
            containment_due_at: None,
            sla: SlaState::OnTime,
            root_cause: None,
            analysed: None,
            action: None,
            action_owner: None,
            action_due_on: None,
            verify_on: None,
            action_set: None,
            evidence: None,
            effective: None,
            verified: None,
            failed_verifications: 0,
            closed: None,
            repeat_of: Vec::new(),
            batch_recipients: Vec::new(),
            nonconformity_id: None,
            recall_id: None,
        }
    }

    #[test]
    fn only_an_open_quality_complaint_on_a_batch_opens_a_nonconformity_or_a_recall_once() {
        let key = |r: Result<i64, AppError>| r.unwrap_err().msg().key.clone();
        let ok = complaint(Category::Quality, Some(7), Stage::Contained);
        assert_eq!(may_open(Finding::Nonconformity, &ok).unwrap(), 7);
        assert_eq!(may_open(Finding::Recall, &ok).unwrap(), 7);
        let packaging = complaint(Category::Packaging, Some(7), Stage::Open);
        assert_eq!(key(may_open(Finding::Recall, &packaging)), "complaint.rule.quality_only");
        let no_batch = complaint(Category::Quality, None, Stage::Open);
        assert_eq!(key(may_open(Finding::Nonconformity, &no_batch)), "complaint.rule.no_batch");
        let closed = complaint(Category::Quality, Some(7), Stage::Closed);
        assert_eq!(key(may_open(Finding::Recall, &closed)), "complaint.rule.closed");
        let opened = Complaint { nonconformity_id: Some(3), ..ok };
        assert_eq!(key(may_open(Finding::Nonconformity, &opened)), "complaint.rule.already_opened");
        assert!(may_open(Finding::Recall, &opened).is_ok(), "a recall may still follow the nonconformity");
    }
}
