//! Liaison forms (信息联络处理单, seed §4.2.4): a customer's spoken complaint, suggestion or
//! expectation, recorded by sales or service, routed to the department concerned, which
//! acknowledges it, analyses it and sets an improvement measure with an owner and a due date;
//! the measure is then verified — by someone other than its owner — and the result recorded.
//! Each step keeps who and when, and they go in this order.

use super::calendar::Calendar;
use super::complaint::Done;
use super::fields;
use super::role::Role;
use super::service::{self, Channel, Department};
use crate::error::{AppError, Msg};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub const PREFIX: &str = "LF";

/// What the customer brought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Complaint,
    Suggestion,
    Expectation,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Complaint, Kind::Suggestion, Kind::Expectation];

    pub fn key(self) -> &'static str {
        match self {
            Kind::Complaint => "complaint",
            Kind::Suggestion => "suggestion",
            Kind::Expectation => "expectation",
        }
    }

    pub fn parse(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key.trim())
    }
}

/// Where a form stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Recorded, not yet routed.
    Open,
    /// Routed to a department, waiting for its acknowledgement.
    Routed,
    Acknowledged,
    Analysed,
    /// An improvement measure set, waiting for its verification.
    Measure,
    Verified,
    Closed,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Open,
        Status::Routed,
        Status::Acknowledged,
        Status::Analysed,
        Status::Measure,
        Status::Verified,
        Status::Closed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Routed => "routed",
            Status::Acknowledged => "acknowledged",
            Status::Analysed => "analysed",
            Status::Measure => "measure",
            Status::Verified => "verified",
            Status::Closed => "closed",
        }
    }

    pub fn parse(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key.trim())
    }
}

/// The steps, in their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Route,
    Acknowledge,
    Analysis,
    Measure,
    Verify,
    Close,
}

/// Who may take a step: the desk that owns the form (sales, service) or the people of the
/// department it is routed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Desk,
    Department,
}

impl Step {
    pub const ALL: [Step; 6] =
        [Step::Route, Step::Acknowledge, Step::Analysis, Step::Measure, Step::Verify, Step::Close];

    pub fn key(self) -> &'static str {
        match self {
            Step::Route => "route",
            Step::Acknowledge => "acknowledge",
            Step::Analysis => "analysis",
            Step::Measure => "measure",
            Step::Verify => "verify",
            Step::Close => "close",
        }
    }

    pub fn parse(key: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The stages a step may be taken from (routing again is allowed until acknowledged).
    fn from(self) -> &'static [Status] {
        match self {
            Step::Route => &[Status::Open, Status::Routed],
            Step::Acknowledge => &[Status::Routed],
            Step::Analysis => &[Status::Acknowledged],
            Step::Measure => &[Status::Analysed],
            Step::Verify => &[Status::Measure],
            Step::Close => &[Status::Verified],
        }
    }

    pub fn actor(self) -> Actor {
        match self {
            Step::Acknowledge | Step::Analysis | Step::Measure => Actor::Department,
            Step::Route | Step::Verify | Step::Close => Actor::Desk,
        }
    }

    /// Whether the step may be taken at this status.
    pub fn allowed_in(self, status: Status) -> bool {
        self.from().contains(&status)
    }

    /// The step a form at this status waits for (none once closed; routing first).
    pub fn next(status: Status) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.from().contains(&status))
    }
}

/// A step is taken only from its stage (409 otherwise, naming both).
pub fn may_take(status: Status, step: Step) -> Result<(), AppError> {
    if !step.from().contains(&status) {
        return Err(AppError::Conflict(
            Msg::new("liaison.rule.out_of_order").arg("step", step.key()).arg("stage", status.key()),
        ));
    }
    Ok(())
}

/// The departments a role belongs to by default (the admin may add a person to others).
pub fn departments_of(role: Role) -> &'static [Department] {
    match role {
        Role::Sales | Role::SalesManager => &[Department::Sales],
        Role::Quality => &[Department::Quality],
        Role::Lab => &[Department::Lab],
        Role::Warehouse => &[Department::Warehouse],
        Role::Logistics => &[Department::Logistics],
        Role::Service => &[Department::Service],
        Role::DeputyGm | Role::Executive => &[Department::Management],
        Role::Admin | Role::Driver => &[],
    }
}

/// Whether someone with these roles and these assigned departments belongs to `department`.
pub fn belongs(roles: &[Role], assigned: &[Department], department: Department) -> bool {
    assigned.contains(&department) || roles.iter().any(|r| departments_of(*r).contains(&department))
}

/// The measure is verified by someone other than its owner.
pub fn may_verify(owner: &str, verifier: &str) -> Result<(), AppError> {
    if owner == verifier {
        return Err(AppError::conflict("liaison.rule.owner_verifies"));
    }
    Ok(())
}

/// What sales or service enter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LiaisonInput {
    pub customer_id: i64,
    pub kind: String,
    #[serde(default)]
    pub inquiry_id: Option<i64>,
    #[serde(default)]
    pub product_id: Option<i64>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub received_at: Option<String>,
    pub description: String,
    /// Route it at once.
    #[serde(default)]
    pub department: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewLiaison {
    pub customer_id: i64,
    pub kind: Kind,
    pub inquiry_id: Option<i64>,
    pub product_id: Option<i64>,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    pub description: String,
    pub department: Option<Department>,
}

fn department(value: Option<&str>) -> Result<Option<Department>, AppError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(d) => {
            Department::parse(d).map(Some).ok_or_else(|| AppError::validation("department", "validation.department"))
        }
    }
}

impl LiaisonInput {
    pub fn validate(&self, now: DateTime<Utc>, calendar: &Calendar) -> Result<NewLiaison, AppError> {
        let optional = |field: &str, v: Option<i64>| match v {
            Some(v) if v <= 0 => Err(AppError::validation(field, "validation.required")),
            v => Ok(v),
        };
        if self.customer_id <= 0 {
            return Err(AppError::validation("customer_id", "validation.required"));
        }
        Ok(NewLiaison {
            customer_id: self.customer_id,
            kind: Kind::parse(&self.kind).ok_or_else(|| AppError::validation("kind", "validation.liaison_kind"))?,
            inquiry_id: optional("inquiry_id", self.inquiry_id)?,
            product_id: optional("product_id", self.product_id)?,
            channel: match self.channel.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                None => Channel::Phone,
                Some(c) => Channel::parse(c).ok_or_else(|| AppError::validation("channel", "validation.channel"))?,
            },
            received_at: service::received_at("received_at", self.received_at.as_deref(), now, calendar.offset)?,
            description: fields::required("description", &self.description, 4000)?,
            department: department(self.department.as_deref())?,
        })
    }
}

/// The body of a step, with the version read: `{department}` to route; `{text}` to analyse
/// and to verify (with `effective`); `{text, owner, due_on}` for the measure; `{result}` to
/// close. Acknowledging needs nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LiaisonStepInput {
    #[serde(default)]
    pub version: Option<i64>,
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub due_on: Option<String>,
    #[serde(default)]
    pub effective: Option<bool>,
    #[serde(default)]
    pub result: Option<String>,
}

/// A checked step.
#[derive(Debug, Clone, PartialEq)]
pub enum Checked {
    Route(Department),
    Acknowledge,
    Analysis(String),
    Measure { text: String, owner: String, due_on: NaiveDate },
    Verify { text: String, effective: bool },
    Close(String),
}

impl LiaisonStepInput {
    pub fn validate(&self, step: Step, today: NaiveDate) -> Result<Checked, AppError> {
        let text = || fields::required("text", self.text.as_deref().unwrap_or(""), 4000);
        Ok(match step {
            Step::Route => Checked::Route(
                department(self.department.as_deref())?
                    .ok_or_else(|| AppError::validation("department", "validation.required"))?,
            ),
            Step::Acknowledge => Checked::Acknowledge,
            Step::Analysis => Checked::Analysis(text()?),
            Step::Measure => {
                let text = text()?;
                let owner = fields::required("owner", self.owner.as_deref().unwrap_or(""), 64)?;
                let due_on = fields::date("due_on", self.due_on.as_deref().unwrap_or(""))?;
                if due_on < today {
                    return Err(AppError::validation("due_on", "validation.due_past"));
                }
                Checked::Measure { text, owner, due_on }
            }
            Step::Verify => Checked::Verify {
                text: text()?,
                effective: self.effective.ok_or_else(|| AppError::validation("effective", "validation.required"))?,
            },
            Step::Close => Checked::Close(fields::required("result", self.result.as_deref().unwrap_or(""), 4000)?),
        })
    }
}

/// The status after a verification: a measure that did not work goes back to the analysis.
pub fn after_verification(effective: bool) -> Status {
    if effective {
        Status::Verified
    } else {
        Status::Acknowledged
    }
}

/// A liaison form as the API and the pages read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Liaison {
    pub id: i64,
    pub number: String,
    pub version: i64,
    pub status: Status,
    pub kind: Kind,
    pub customer_id: i64,
    pub customer_name: String,
    pub product_id: Option<i64>,
    pub product_name: Option<String>,
    pub inquiry_id: Option<i64>,
    pub channel: Channel,
    pub received_at: String,
    pub entered_at: String,
    pub entered_by: String,
    pub description: String,
    pub department: Option<Department>,
    pub routed: Option<Done>,
    pub acknowledged: Option<Done>,
    pub analysis: Option<String>,
    pub analysed: Option<Done>,
    pub measure: Option<String>,
    pub measure_owner: Option<String>,
    pub measure_due_on: Option<String>,
    pub measure_set: Option<Done>,
    pub verification: Option<String>,
    pub effective: Option<bool>,
    pub verified: Option<Done>,
    /// Verifications that found the measure not effective.
    pub failed_verifications: i64,
    pub result: Option<String>,
    pub closed: Option<Done>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_go_in_order_and_routing_may_change_until_acknowledged() {
        assert_eq!(Step::next(Status::Open), Some(Step::Route));
        assert!(may_take(Status::Routed, Step::Route).is_ok(), "routed elsewhere before acknowledgement");
        assert!(may_take(Status::Acknowledged, Step::Route).is_err());
        assert!(may_take(Status::Open, Step::Acknowledge).is_err());
        assert!(may_take(Status::Measure, Step::Close).is_err(), "no result before verification");
        assert!(may_take(Status::Verified, Step::Close).is_ok());
        assert_eq!(after_verification(false), Status::Acknowledged);
        assert!(may_take(after_verification(false), Step::Analysis).is_ok());
        assert_eq!(Step::next(Status::Closed), None);
    }

    #[test]
    fn a_department_is_its_roles_and_its_assigned_people() {
        assert!(belongs(&[Role::Quality], &[], Department::Quality));
        assert!(!belongs(&[Role::Quality], &[], Department::Rd));
        assert!(belongs(&[Role::Lab], &[Department::Rd], Department::Rd), "the admin added a chemist to R&D");
        assert!(!belongs(&[Role::Admin], &[], Department::Sales));
        assert_eq!(Step::Acknowledge.actor(), Actor::Department);
        assert_eq!(Step::Verify.actor(), Actor::Desk);
    }

    #[test]
    fn a_measure_needs_an_owner_and_a_due_date_and_is_verified_by_someone_else() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let m = LiaisonStepInput {
            text: Some("Add a drum label in Chinese".into()),
            owner: Some("quality".into()),
            due_on: Some("2026-12-20".into()),
            ..Default::default()
        };
        assert!(matches!(m.validate(Step::Measure, today), Ok(Checked::Measure { .. })));
        let past = LiaisonStepInput { due_on: Some("2026-12-01".into()), ..m.clone() };
        assert_eq!(past.validate(Step::Measure, today).unwrap_err().field(), Some("due_on"));
        let route = LiaisonStepInput { department: Some("finance".into()), ..Default::default() };
        assert_eq!(route.validate(Step::Route, today).unwrap_err().field(), Some("department"));
        assert!(may_verify("quality", "quality").is_err());
        assert!(may_verify("quality", "service").is_ok());
    }
}
