//! Service tickets (售后服务记录, SPEC §5): repair, return, exchange, refund or usage guidance,
//! with an urgency whose limits for the first response and the resolution count working time
//! on the company calendar. Waiting for the customer stops both clocks. A ticket near a limit
//! is escalated to the sales manager, past it to the deputy GM. The customer confirms the
//! result through a single-use link, or staff record the confirmation with its channel.

use super::calendar::Calendar;
use super::fields;
use super::service::{self, Channel};
use super::sla::{Clock, Pause, SlaState};
use crate::error::{AppError, Msg};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const PREFIX: &str = "SVC";

/// The largest service fee one ticket may carry: one million yuan, in fen.
pub const MAX_FEE_FEN: i64 = 100_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Repair,
    Return,
    Exchange,
    Refund,
    Guidance,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Repair, Kind::Return, Kind::Exchange, Kind::Refund, Kind::Guidance];

    pub fn key(self) -> &'static str {
        match self {
            Kind::Repair => "repair",
            Kind::Return => "return",
            Kind::Exchange => "exchange",
            Kind::Refund => "refund",
            Kind::Guidance => "guidance",
        }
    }

    pub fn parse(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key.trim())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Urgent,
    High,
    Normal,
}

impl Urgency {
    pub const ALL: [Urgency; 3] = [Urgency::Urgent, Urgency::High, Urgency::Normal];

    pub fn key(self) -> &'static str {
        match self {
            Urgency::Urgent => "urgent",
            Urgency::High => "high",
            Urgency::Normal => "normal",
        }
    }

    pub fn parse(key: &str) -> Option<Urgency> {
        Urgency::ALL.into_iter().find(|u| u.key() == key.trim())
    }
}

/// The limits of one urgency, in working minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    pub response_minutes: i64,
    pub resolution_minutes: i64,
}

/// The limits per urgency, as settings read and write them (with the version read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketLimits {
    pub urgent: Limits,
    pub high: Limits,
    pub normal: Limits,
    #[serde(default)]
    pub version: Option<i64>,
}

/// The longest limit a setting may hold: 60 working days of 24 hours.
const MAX_LIMIT_MINUTES: i64 = 60 * 24 * 60;

impl TicketLimits {
    /// SPEC's defaults: urgent 2 h / 24 h, high 8 h / 72 h, normal 1 / 7 working days (of the
    /// calendar's working day).
    pub fn standard(day_minutes: i64) -> TicketLimits {
        TicketLimits {
            urgent: Limits { response_minutes: 2 * 60, resolution_minutes: 24 * 60 },
            high: Limits { response_minutes: 8 * 60, resolution_minutes: 72 * 60 },
            normal: Limits { response_minutes: day_minutes, resolution_minutes: 7 * day_minutes },
            version: None,
        }
    }

    pub fn of(&self, urgency: Urgency) -> Limits {
        match urgency {
            Urgency::Urgent => self.urgent,
            Urgency::High => self.high,
            Urgency::Normal => self.normal,
        }
    }

    /// Each limit positive and at most 60 working days; a response no later than the
    /// resolution; the more urgent, the shorter.
    pub fn validate(&self) -> Result<TicketLimits, AppError> {
        for u in Urgency::ALL {
            let l = self.of(u);
            for (name, v) in [("response_minutes", l.response_minutes), ("resolution_minutes", l.resolution_minutes)] {
                if v <= 0 || v > MAX_LIMIT_MINUTES {
                    return Err(AppError::validation(&format!("{}.{name}", u.key()), "validation.limit_range"));
                }
            }
            if l.response_minutes > l.resolution_minutes {
                return Err(AppError::validation(
                    &format!("{}.response_minutes", u.key()),
                    "validation.response_after",
                ));
            }
        }
        Ok(TicketLimits { version: None, ..*self })
    }
}

/// Where a ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Received, no response yet.
    Open,
    /// The customer has had a first response; the work goes on.
    Responded,
    /// Waiting for the customer: both clocks stand still.
    Waiting,
    /// Resolved, waiting for the customer's confirmation.
    Resolved,
    /// Confirmed by the customer (or recorded by staff).
    Closed,
}

impl Status {
    pub const ALL: [Status; 5] = [Status::Open, Status::Responded, Status::Waiting, Status::Resolved, Status::Closed];

    pub fn key(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Responded => "responded",
            Status::Waiting => "waiting",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
        }
    }

    pub fn parse(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key.trim())
    }

    /// The keys of the statuses still being worked (the service board and escalation read them).
    pub const WORKING: [&'static str; 3] = ["open", "responded", "waiting"];
}

/// A ticket's steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Respond,
    Wait,
    Resume,
    Resolve,
    Confirm,
}

impl Step {
    pub const ALL: [Step; 5] = [Step::Respond, Step::Wait, Step::Resume, Step::Resolve, Step::Confirm];

    pub fn key(self) -> &'static str {
        match self {
            Step::Respond => "respond",
            Step::Wait => "wait",
            Step::Resume => "resume",
            Step::Resolve => "resolve",
            Step::Confirm => "confirm",
        }
    }

    pub fn parse(key: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Whether the step may be taken in this status.
    pub fn allowed_in(self, status: Status) -> bool {
        match self {
            Step::Respond => status == Status::Open,
            Step::Wait => matches!(status, Status::Open | Status::Responded),
            Step::Resume => status == Status::Waiting,
            Step::Resolve => matches!(status, Status::Open | Status::Responded),
            Step::Confirm => status == Status::Resolved,
        }
    }
}

/// A step out of order is a conflict naming the step and the status.
pub fn may_take(status: Status, step: Step) -> Result<(), AppError> {
    if !step.allowed_in(status) {
        return Err(AppError::Conflict(
            Msg::new("ticket.rule.out_of_order").arg("step", step.key()).arg("stage", status.key()),
        ));
    }
    Ok(())
}

/// What staff enter when a customer asks for service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TicketInput {
    pub customer_id: i64,
    pub kind: String,
    pub urgency: String,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub received_at: Option<String>,
    #[serde(default)]
    pub product_id: Option<i64>,
    #[serde(default)]
    pub batch_id: Option<i64>,
    #[serde(default)]
    pub delivery_note_id: Option<i64>,
    #[serde(default)]
    pub inquiry_id: Option<i64>,
    #[serde(default)]
    pub engineer: Option<String>,
    pub description: String,
}

/// A checked ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTicket {
    pub customer_id: i64,
    pub kind: Kind,
    pub urgency: Urgency,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    pub product_id: Option<i64>,
    pub batch_id: Option<i64>,
    pub delivery_note_id: Option<i64>,
    pub inquiry_id: Option<i64>,
    pub engineer: Option<String>,
    pub description: String,
}

fn positive(field: &str, v: Option<i64>) -> Result<Option<i64>, AppError> {
    match v {
        Some(v) if v <= 0 => Err(AppError::validation(field, "validation.required")),
        other => Ok(other),
    }
}

impl TicketInput {
    pub fn validate(&self, now: DateTime<Utc>, calendar: &Calendar) -> Result<NewTicket, AppError> {
        if self.customer_id <= 0 {
            return Err(AppError::validation("customer_id", "validation.required"));
        }
        let kind = Kind::parse(&self.kind).ok_or_else(|| AppError::validation("kind", "validation.ticket_kind"))?;
        let urgency =
            Urgency::parse(&self.urgency).ok_or_else(|| AppError::validation("urgency", "validation.urgency"))?;
        let channel = match self.channel.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None => Channel::Phone,
            Some(c) => Channel::parse(c).ok_or_else(|| AppError::validation("channel", "validation.channel"))?,
        };
        Ok(NewTicket {
            customer_id: self.customer_id,
            kind,
            urgency,
            channel,
            received_at: service::received_at("received_at", self.received_at.as_deref(), now, calendar.offset)?,
            product_id: positive("product_id", self.product_id)?,
            batch_id: positive("batch_id", self.batch_id)?,
            delivery_note_id: positive("delivery_note_id", self.delivery_note_id)?,
            inquiry_id: positive("inquiry_id", self.inquiry_id)?,
            engineer: fields::optional("engineer", self.engineer.as_deref(), 100)?,
            description: fields::required("description", &self.description, 4000)?,
        })
    }
}

/// The body of a step: `respond {response}`, `wait {reason?}`, `resume`, `resolve {result,
/// fee_fen?}`, `confirm {channel, note?, satisfied?}`; each with the version read and an
/// optional `at` when it happened earlier than it is recorded (as a received-at time).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TicketStepInput {
    #[serde(default)]
    pub version: Option<i64>,
    #[serde(default)]
    pub at: Option<String>,
    #[serde(default)]
    pub response: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub result: Option<String>,
    #[serde(default)]
    pub fee_fen: Option<i64>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub satisfied: Option<bool>,
}

/// A checked step: its time and its one text.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidStep {
    pub at: DateTime<Utc>,
    pub text: Option<String>,
    pub fee_fen: Option<i64>,
    pub channel: Option<Channel>,
    pub satisfied: bool,
}

impl TicketStepInput {
    /// Checks the step; `last` is the ticket's latest event (nothing may be dated before it).
    pub fn validate(
        &self,
        step: Step,
        now: DateTime<Utc>,
        calendar: &Calendar,
        last: DateTime<Utc>,
    ) -> Result<ValidStep, AppError> {
        let at = service::received_at("at", self.at.as_deref(), now, calendar.offset)?;
        if at < last {
            return Err(AppError::validation("at", "validation.before_last_step"));
        }
        let mut v = ValidStep { at, text: None, fee_fen: None, channel: None, satisfied: true };
        match step {
            Step::Respond => v.text = Some(fields::required("response", self.response.as_deref().unwrap_or(""), 4000)?),
            Step::Wait => v.text = fields::optional("reason", self.reason.as_deref(), 1000)?,
            Step::Resume => {}
            Step::Resolve => {
                v.text = Some(fields::required("result", self.result.as_deref().unwrap_or(""), 4000)?);
                if let Some(fee) = self.fee_fen {
                    if !(0..=MAX_FEE_FEN).contains(&fee) {
                        return Err(AppError::validation("fee_fen", "validation.fee"));
                    }
                }
                v.fee_fen = self.fee_fen;
            }
            Step::Confirm => {
                let channel = self.channel.as_deref().unwrap_or("");
                v.channel =
                    Some(Channel::parse(channel).ok_or_else(|| AppError::validation("channel", "validation.channel"))?);
                v.text = fields::optional("note", self.note.as_deref(), 2000)?;
                v.satisfied = self.satisfied.unwrap_or(true);
            }
        }
        Ok(v)
    }
}

/// The customer's answer through the link: satisfied or not, with a comment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConfirmationInput {
    pub satisfied: bool,
    #[serde(default)]
    pub comment: Option<String>,
}

impl ConfirmationInput {
    pub fn validate(&self) -> Result<Option<String>, AppError> {
        fields::optional("comment", self.comment.as_deref(), 2000)
    }
}

/// Pauses as stored: `from:until` in Unix milliseconds, comma-separated; an open pause has
/// no `until`.
pub fn parse_pauses(stored: &str) -> Vec<Pause> {
    let ms = |s: &str| s.parse::<i64>().ok().and_then(DateTime::<Utc>::from_timestamp_millis);
    stored
        .split(',')
        .filter_map(|p| {
            let (from, until) = p.split_once(':')?;
            Some((ms(from)?, if until.is_empty() { None } else { Some(ms(until)?) }))
        })
        .collect()
}

/// Back to the stored form.
pub fn format_pauses(pauses: &[Pause]) -> String {
    pauses
        .iter()
        .map(|(from, until)| {
            format!(
                "{}:{}",
                from.timestamp_millis(),
                until.map(|u| u.timestamp_millis().to_string()).unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Wall-clock milliseconds spent waiting for the customer by `now`.
pub fn paused_ms(pauses: &[Pause], now: DateTime<Utc>) -> i64 {
    pauses.iter().map(|(from, until)| (until.unwrap_or(now) - *from).num_milliseconds().max(0)).sum()
}

/// A ticket's two clocks and its state: before the first response the response clock
/// decides; after it the resolution clock; once resolved, met only if both were.
#[derive(Debug, Clone, Copy)]
pub struct Clocks<'a> {
    pub response: Clock<'a>,
    pub resolution: Clock<'a>,
}

impl<'a> Clocks<'a> {
    pub fn new(calendar: &'a Calendar, received: DateTime<Utc>, limits: Limits, pauses: &'a [Pause]) -> Clocks<'a> {
        let clock = |limit_minutes| Clock { calendar, started: received, limit_minutes, pauses };
        Clocks { response: clock(limits.response_minutes), resolution: clock(limits.resolution_minutes) }
    }

    pub fn state(
        &self,
        responded: Option<DateTime<Utc>>,
        resolved: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> SlaState {
        let resolution = self.resolution.state(resolved, now);
        match (responded, resolved) {
            (None, _) => self.response.state(None, now),
            (Some(r), Some(_)) => {
                if self.response.state(Some(r), now) == SlaState::Missed {
                    SlaState::Missed
                } else {
                    resolution
                }
            }
            (Some(_), None) => resolution,
        }
    }
}

/// Who a ticket is escalated to: the sales manager near a limit, the deputy GM past it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escalation {
    SalesManager,
    DeputyGm,
}

pub fn escalation(state: SlaState) -> Option<Escalation> {
    match state {
        SlaState::Near => Some(Escalation::SalesManager),
        SlaState::Overdue => Some(Escalation::DeputyGm),
        _ => None,
    }
}

/// A ticket as the API and the pages read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: i64,
    pub number: String,
    pub version: i64,
    pub status: Status,
    pub customer_id: i64,
    pub customer_name: String,
    pub kind: Kind,
    pub urgency: Urgency,
    pub channel: Channel,
    pub received_at: String,
    pub entered_at: String,
    pub entered_by: String,
    pub product_id: Option<i64>,
    pub product_name: Option<String>,
    pub batch_id: Option<i64>,
    pub batch_no: Option<String>,
    pub delivery_note_id: Option<i64>,
    pub inquiry_id: Option<i64>,
    pub engineer: Option<String>,
    pub description: String,
    pub response_limit_minutes: i64,
    pub resolution_limit_minutes: i64,
    pub response: Option<String>,
    pub responded_by: Option<String>,
    pub responded_at: Option<String>,
    pub waiting_since: Option<String>,
    pub wait_reason: Option<String>,
    pub paused_ms: i64,
    pub result: Option<String>,
    pub fee_fen: Option<i64>,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<String>,
    pub response_due_at: Option<String>,
    pub resolution_due_at: Option<String>,
    pub sla: SlaState,
    /// `/confirm/{token}` while the customer may still confirm; None otherwise.
    pub confirmation_link: Option<String>,
    pub confirmed_via: Option<String>,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<String>,
    pub satisfied: Option<bool>,
    pub confirmation_note: Option<String>,
    /// Times the customer was not satisfied and the ticket was worked again.
    pub reopened: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn limits_follow_the_urgency_and_count_working_time() {
        let cal = Calendar::standard();
        let limits = TicketLimits::standard(cal.day_minutes());
        assert_eq!(limits.of(Urgency::Normal), Limits { response_minutes: 450, resolution_minutes: 3150 });
        // high: 8 working hours from Friday 16:00 = 90 min Friday, 210 Monday morning, 180 after lunch
        let received = at("2026-11-27T16:00:00+08:00");
        let clocks = Clocks::new(&cal, received, limits.of(Urgency::High), &[]);
        assert_eq!(clocks.response.due_at(received), Some(at("2026-11-30T16:30:00+08:00")));
        assert!(TicketLimits { urgent: Limits { response_minutes: 0, resolution_minutes: 10 }, ..limits }
            .validate()
            .is_err());
        let backwards = TicketLimits { high: Limits { response_minutes: 500, resolution_minutes: 400 }, ..limits };
        assert_eq!(backwards.validate().unwrap_err().field(), Some("high.response_minutes"));
    }

    #[test]
    fn the_response_decides_first_then_the_resolution() {
        let cal = Calendar::standard();
        let received = at("2026-11-30T09:00:00+08:00");
        let limits = Limits { response_minutes: 120, resolution_minutes: 450 };
        let clocks = Clocks::new(&cal, received, limits, &[]);
        assert_eq!(clocks.state(None, None, at("2026-11-30T11:30:00+08:00")), SlaState::Overdue);
        let responded = Some(at("2026-11-30T10:00:00+08:00"));
        assert_eq!(clocks.state(responded, None, at("2026-11-30T11:30:00+08:00")), SlaState::OnTime);
        assert_eq!(
            clocks.state(responded, Some(at("2026-11-30T15:00:00+08:00")), at("2026-12-01T09:00:00+08:00")),
            SlaState::Met
        );
        let late = Some(at("2026-11-30T11:30:00+08:00"));
        assert_eq!(
            clocks.state(late, Some(at("2026-11-30T15:00:00+08:00")), at("2026-12-01T09:00:00+08:00")),
            SlaState::Missed
        );
        assert_eq!(escalation(SlaState::Near), Some(Escalation::SalesManager));
        assert_eq!(escalation(SlaState::Overdue), Some(Escalation::DeputyGm));
        assert_eq!(escalation(SlaState::Paused), None);
    }

    #[test]
    fn a_pause_across_a_night_and_a_weekend_stops_the_clock() {
        let cal = Calendar::standard();
        // urgent, received Friday 16:00; waiting from 16:30 Friday to 09:30 Monday
        let received = at("2026-11-27T16:00:00+08:00");
        let pauses = [(at("2026-11-27T16:30:00+08:00"), Some(at("2026-11-30T09:30:00+08:00")))];
        let stored = format_pauses(&pauses);
        assert_eq!(parse_pauses(&stored), pauses.to_vec());
        let clocks = Clocks::new(&cal, received, Limits { response_minutes: 120, resolution_minutes: 1440 }, &pauses);
        // 30 minutes Friday, then from 09:30 Monday: 90 more by 11:00
        assert_eq!(clocks.response.due_at(at("2026-11-30T10:00:00+08:00")), Some(at("2026-11-30T11:00:00+08:00")));
        assert_eq!(clocks.state(None, None, at("2026-11-30T10:00:00+08:00")), SlaState::OnTime);
        assert_eq!(paused_ms(&pauses, at("2026-11-30T10:00:00+08:00")), (2 * 24 * 60 + 17 * 60) * 60_000);
        let open = parse_pauses(&format!("{}:", at("2026-11-27T16:30:00+08:00").timestamp_millis()));
        assert_eq!(open, vec![(at("2026-11-27T16:30:00+08:00"), None)]);
    }

    #[test]
    fn steps_go_in_order_and_are_checked() {
        assert!(may_take(Status::Open, Step::Respond).is_ok());
        assert!(may_take(Status::Responded, Step::Respond).is_err());
        assert!(may_take(Status::Waiting, Step::Resolve).is_err());
        assert!(may_take(Status::Resolved, Step::Confirm).is_ok());
        assert!(may_take(Status::Closed, Step::Wait).is_err());
        let cal = Calendar::standard();
        let now = at("2026-12-02T10:00:00+08:00");
        let last = at("2026-12-02T09:00:00+08:00");
        let bad_fee = TicketStepInput { result: Some("replaced".into()), fee_fen: Some(-1), ..Default::default() };
        assert_eq!(bad_fee.validate(Step::Resolve, now, &cal, last).unwrap_err().field(), Some("fee_fen"));
        let early = TicketStepInput {
            response: Some("on it".into()),
            at: Some("2026-12-02T08:00".into()),
            ..Default::default()
        };
        assert_eq!(early.validate(Step::Respond, now, &cal, last).unwrap_err().field(), Some("at"));
        let confirm = TicketStepInput { channel: Some("phone".into()), ..Default::default() };
        assert!(confirm.validate(Step::Confirm, now, &cal, last).unwrap().satisfied);
        let input = TicketInput {
            customer_id: 1,
            kind: "repair".into(),
            urgency: "urgent".into(),
            description: "Dosing pump leaks".into(),
            ..Default::default()
        };
        assert_eq!(input.validate(now, &cal).unwrap().channel, Channel::Phone);
        assert_eq!(
            TicketInput { kind: "polish".into(), ..input.clone() }.validate(now, &cal).unwrap_err().field(),
            Some("kind")
        );
        assert_eq!(
            TicketInput { urgency: "".into(), ..input }.validate(now, &cal).unwrap_err().field(),
            Some("urgency")
        );
    }
}
