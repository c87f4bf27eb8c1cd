//! Customer inquiries (顾客咨询, §4.2.2): a question by some channel, answered by sales or
//! service, with the departments consulted. Until answered it ages against a limit of one
//! working day on the company calendar.

use super::calendar::Calendar;
use super::fields;
use super::service::{self, Channel, Department};
use super::sla::{Clock, SlaState};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The number's prefix: `INQ-2026-0001`.
pub const PREFIX: &str = "INQ";

/// Working days an inquiry may wait for its answer.
pub const LIMIT_DAYS: i64 = 1;

/// What staff enter when a customer asks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InquiryInput {
    pub customer_id: i64,
    pub channel: String,
    /// When the customer asked; empty for now.
    #[serde(default)]
    pub received_at: Option<String>,
    #[serde(default)]
    pub product_id: Option<i64>,
    pub question: String,
}

/// A checked inquiry.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInquiry {
    pub customer_id: i64,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    pub product_id: Option<i64>,
    pub question: String,
}

impl InquiryInput {
    pub fn validate(&self, now: DateTime<Utc>, calendar: &Calendar) -> Result<NewInquiry, AppError> {
        if self.customer_id <= 0 {
            return Err(AppError::validation("customer_id", "validation.required"));
        }
        let channel =
            Channel::parse(&self.channel).ok_or_else(|| AppError::validation("channel", "validation.channel"))?;
        if self.product_id.is_some_and(|p| p <= 0) {
            return Err(AppError::validation("product_id", "validation.required"));
        }
        Ok(NewInquiry {
            customer_id: self.customer_id,
            channel,
            received_at: service::received_at("received_at", self.received_at.as_deref(), now, calendar.offset)?,
            product_id: self.product_id,
            question: fields::required("question", &self.question, 4000)?,
        })
    }
}

/// The answer, with the version read. `answered_at` is when the customer was answered, when
/// that was earlier than it is recorded (a phone answer written down later); empty for now.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnswerInput {
    #[serde(default)]
    pub version: Option<i64>,
    pub answer: String,
    #[serde(default)]
    pub consulted: Vec<String>,
    #[serde(default)]
    pub answered_at: Option<String>,
}

/// A checked answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidAnswer {
    pub answer: String,
    pub consulted: Vec<Department>,
    pub answered_at: DateTime<Utc>,
}

impl AnswerInput {
    /// Checks the answer of an inquiry received at `received`: not answered before it came.
    pub fn validate(
        &self,
        now: DateTime<Utc>,
        calendar: &Calendar,
        received: DateTime<Utc>,
    ) -> Result<ValidAnswer, AppError> {
        let answer = fields::required("answer", &self.answer, 4000)?;
        let consulted = Department::parse_list("consulted", &self.consulted)?;
        let answered_at = service::received_at("answered_at", self.answered_at.as_deref(), now, calendar.offset)?;
        if answered_at < received {
            return Err(AppError::validation("answered_at", "validation.before_received"));
        }
        Ok(ValidAnswer { answer, consulted, answered_at })
    }
}

/// An inquiry as the API and the pages read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inquiry {
    pub id: i64,
    pub number: String,
    pub version: i64,
    /// `open` until answered, then `answered`.
    pub status: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub channel: Channel,
    pub received_at: String,
    pub entered_at: String,
    pub entered_by: String,
    pub product_id: Option<i64>,
    pub product_name: Option<String>,
    pub question: String,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<String>,
    /// The first answer given to the customer (the same as `answered_at` for an inquiry,
    /// which is answered in one step).
    pub first_response_at: Option<String>,
    pub consulted: Vec<Department>,
    pub due_at: Option<String>,
    pub sla: SlaState,
    /// Working minutes from receipt to the answer, or to now while open.
    pub working_minutes: i64,
}

/// The limit and state of an inquiry received at `received`, answered at `answered` (if).
pub fn clock(calendar: &Calendar, received: DateTime<Utc>) -> Clock<'_> {
    Clock { calendar, started: received, limit_minutes: LIMIT_DAYS * calendar.day_minutes(), pauses: &[] }
}

/// An inquiry may be answered once.
pub fn may_answer(status: &str) -> Result<(), AppError> {
    if status != "open" {
        return Err(AppError::conflict("inquiry.rule.answered"));
    }
    Ok(())
}

/// Its SLA state now.
pub fn sla(
    calendar: &Calendar,
    received: DateTime<Utc>,
    answered: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> SlaState {
    clock(calendar, received).state(answered, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn an_inquiry_is_checked_field_by_field() {
        let cal = Calendar::standard();
        let now = at("2026-12-02T10:00:00+08:00");
        let ok = InquiryInput {
            customer_id: 3,
            channel: "phone".into(),
            received_at: Some("2026-12-01T16:00".into()),
            product_id: Some(5),
            question: "  Shelf life of PAC in summer? ".into(),
        };
        let v = ok.validate(now, &cal).unwrap();
        assert_eq!(v.question, "Shelf life of PAC in summer?");
        assert_eq!(v.received_at, at("2026-12-01T16:00:00+08:00"));
        for (bad, field) in [
            (InquiryInput { channel: "pigeon".into(), ..ok.clone() }, "channel"),
            (InquiryInput { question: " ".into(), ..ok.clone() }, "question"),
            (InquiryInput { customer_id: 0, ..ok.clone() }, "customer_id"),
            (InquiryInput { received_at: Some("2026-12-03T09:00".into()), ..ok.clone() }, "received_at"),
        ] {
            assert_eq!(bad.validate(now, &cal).unwrap_err().field(), Some(field));
        }
        let answer = AnswerInput {
            version: Some(1),
            answer: "12 months".into(),
            consulted: vec!["rd".into()],
            answered_at: None,
        };
        let received = at("2026-12-01T16:00:00+08:00");
        assert_eq!(answer.validate(now, &cal, received).unwrap().consulted, vec![Department::Rd]);
        assert_eq!(answer.validate(now, &cal, received).unwrap().answered_at, now);
        let earlier = AnswerInput { answered_at: Some("2026-12-01T17:00".into()), ..answer.clone() };
        assert_eq!(earlier.validate(now, &cal, received).unwrap().answered_at, at("2026-12-01T17:00:00+08:00"));
        let before = AnswerInput { answered_at: Some("2026-12-01T15:00".into()), ..answer };
        assert_eq!(before.validate(now, &cal, received).unwrap_err().field(), Some("answered_at"));
        assert!(may_answer("answered").is_err());
    }

    #[test]
    fn a_back_dated_inquiry_ages_from_when_it_was_received() {
        let cal = Calendar::standard();
        // asked by phone Tuesday 16:00, entered Wednesday 10:00: 90 + 90 minutes used of 450
        let received = at("2026-12-01T16:00:00+08:00");
        assert_eq!(sla(&cal, received, None, at("2026-12-02T10:00:00+08:00")), SlaState::OnTime);
        assert_eq!(sla(&cal, received, None, at("2026-12-02T15:00:00+08:00")), SlaState::Near);
        assert_eq!(clock(&cal, received).due_at(received), Some(at("2026-12-02T16:00:00+08:00")));
        assert_eq!(sla(&cal, received, None, at("2026-12-02T16:30:00+08:00")), SlaState::Overdue);
        assert_eq!(
            sla(&cal, received, Some(at("2026-12-02T11:00:00+08:00")), at("2026-12-09T09:00:00+08:00")),
            SlaState::Met
        );
    }
}
