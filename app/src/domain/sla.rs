//! Service levels (SLA) of after-sales records: a limit in working time from the moment a
//! customer's matter was received, counted on the company calendar, with the time spent
//! waiting for the customer left out. One rule for inquiries, complaints and tickets.

use super::calendar::Calendar;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a record stands against its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaState {
    /// Open, less than 80 % of the limit used.
    OnTime,
    /// Open, 80 % or more of the limit used: the manager is told.
    Near,
    /// Open and past the limit.
    Overdue,
    /// Open and waiting for the customer: the clock stands still.
    Paused,
    /// Done within the limit.
    Met,
    /// Done after the limit.
    Missed,
}

impl SlaState {
    pub const ALL: [SlaState; 6] =
        [SlaState::OnTime, SlaState::Near, SlaState::Overdue, SlaState::Paused, SlaState::Met, SlaState::Missed];

    pub fn key(self) -> &'static str {
        match self {
            SlaState::OnTime => "on_time",
            SlaState::Near => "near",
            SlaState::Overdue => "overdue",
            SlaState::Paused => "paused",
            SlaState::Met => "met",
            SlaState::Missed => "missed",
        }
    }

    /// Still running (not met or missed).
    pub fn is_open(self) -> bool {
        !matches!(self, SlaState::Met | SlaState::Missed)
    }
}

/// A pause: from, and until (None while it lasts).
pub type Pause = (DateTime<Utc>, Option<DateTime<Utc>>);

/// One clock: started when the matter was received, with a limit in working minutes.
#[derive(Debug, Clone, Copy)]
pub struct Clock<'a> {
    pub calendar: &'a Calendar,
    pub started: DateTime<Utc>,
    pub limit_minutes: i64,
    pub pauses: &'a [Pause],
}

impl Clock<'_> {
    /// Working minutes used by `at` (pauses left out).
    pub fn used(&self, at: DateTime<Utc>) -> i64 {
        self.calendar.working_between_paused(self.started, at, self.pauses)
    }

    /// When the limit runs out: later by the working time spent paused (an open pause
    /// counts until `now`, so the due time moves on while the customer is awaited).
    pub fn due_at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let end = now.max(self.started);
        let paused = self.calendar.working_between(self.started, end) - self.used(end);
        self.calendar.add_working(self.started, self.limit_minutes + paused)
    }

    /// The state at `now` of a clock stopped at `done` (if it was).
    pub fn state(&self, done: Option<DateTime<Utc>>, now: DateTime<Utc>) -> SlaState {
        if let Some(done) = done {
            return if self.used(done) <= self.limit_minutes { SlaState::Met } else { SlaState::Missed };
        }
        if self.pauses.iter().any(|(from, until)| *from <= now && until.is_none_or(|u| u > now)) {
            return SlaState::Paused;
        }
        let used = self.used(now);
        if used > self.limit_minutes {
            SlaState::Overdue
        } else if used * 5 >= self.limit_minutes * 4 {
            SlaState::Near
        } else {
            SlaState::OnTime
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    /// 08:30–12:00 and 13:30–17:30, Monday to Friday, Asia/Shanghai: a day is 450 minutes.
    fn cal() -> Calendar {
        Calendar::standard()
    }

    #[test]
    fn a_one_day_limit_skips_lunch_the_night_and_the_weekend() {
        let c = cal();
        assert_eq!(c.day_minutes(), 450);
        // received Friday 16:00: 90 minutes on Friday, 360 on Monday (lunch skipped)
        let clock = Clock { calendar: &c, started: at("2026-11-27T16:00:00+08:00"), limit_minutes: 450, pauses: &[] };
        assert_eq!(clock.due_at(clock.started), Some(at("2026-11-30T16:00:00+08:00")));
        assert_eq!(clock.state(None, at("2026-11-28T10:00:00+08:00")), SlaState::OnTime, "the weekend is not counted");
        // 80 % = 360 minutes: Monday 14:30
        assert_eq!(clock.state(None, at("2026-11-30T14:29:00+08:00")), SlaState::OnTime);
        assert_eq!(clock.state(None, at("2026-11-30T14:30:00+08:00")), SlaState::Near);
        assert_eq!(clock.state(None, at("2026-11-30T16:01:00+08:00")), SlaState::Overdue);
        assert_eq!(clock.state(Some(at("2026-11-30T16:00:00+08:00")), at("2026-12-01T09:00:00+08:00")), SlaState::Met);
        assert_eq!(
            clock.state(Some(at("2026-11-30T16:02:00+08:00")), at("2026-12-01T09:00:00+08:00")),
            SlaState::Missed
        );
    }

    #[test]
    fn waiting_for_the_customer_stops_the_clock_and_moves_the_due_time() {
        let c = cal();
        // Monday 09:00, two working hours; paused 10:00 to 14:30 (120 + 60 working minutes)
        let pauses = [(at("2026-11-30T10:00:00+08:00"), Some(at("2026-11-30T14:30:00+08:00")))];
        let clock =
            Clock { calendar: &c, started: at("2026-11-30T09:00:00+08:00"), limit_minutes: 120, pauses: &pauses };
        assert_eq!(clock.used(at("2026-11-30T15:00:00+08:00")), 90);
        assert_eq!(clock.due_at(at("2026-11-30T15:00:00+08:00")), Some(at("2026-11-30T15:30:00+08:00")));
        assert_eq!(clock.state(None, at("2026-11-30T15:00:00+08:00")), SlaState::OnTime);
        assert_eq!(clock.state(None, at("2026-11-30T15:10:00+08:00")), SlaState::Near);
        // while the pause lasts the record is paused, however long it takes
        let open = [(at("2026-11-30T10:00:00+08:00"), None)];
        let waiting = Clock { pauses: &open, ..clock };
        assert_eq!(waiting.state(None, at("2026-12-04T17:00:00+08:00")), SlaState::Paused);
        assert_eq!(waiting.used(at("2026-12-04T17:00:00+08:00")), 60);
    }
}
