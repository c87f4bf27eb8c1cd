//! What every after-sales record shares (SPEC §5): the channel a matter came by, the
//! departments it is routed to or consulted, and when it was received — which may lie in the
//! past, because a phone call or a letter is often entered later (the entry time is kept too).

use crate::error::AppError;
use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// How the customer reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Phone,
    Letter,
    Fax,
    Email,
    Website,
    Wechat,
    Visit,
}

impl Channel {
    pub const ALL: [Channel; 7] = [
        Channel::Phone,
        Channel::Letter,
        Channel::Fax,
        Channel::Email,
        Channel::Website,
        Channel::Wechat,
        Channel::Visit,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Letter => "letter",
            Channel::Fax => "fax",
            Channel::Email => "email",
            Channel::Website => "website",
            Channel::Wechat => "wechat",
            Channel::Visit => "visit",
        }
    }

    pub fn parse(key: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.key() == key.trim())
    }
}

/// The company's departments (部门), to which records are routed and who are consulted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Department {
    Sales,
    Quality,
    Lab,
    Production,
    Rd,
    Logistics,
    Warehouse,
    Service,
    Management,
}

impl Department {
    pub const ALL: [Department; 9] = [
        Department::Sales,
        Department::Quality,
        Department::Lab,
        Department::Production,
        Department::Rd,
        Department::Logistics,
        Department::Warehouse,
        Department::Service,
        Department::Management,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Department::Sales => "sales",
            Department::Quality => "quality",
            Department::Lab => "lab",
            Department::Production => "production",
            Department::Rd => "rd",
            Department::Logistics => "logistics",
            Department::Warehouse => "warehouse",
            Department::Service => "service",
            Department::Management => "management",
        }
    }

    pub fn parse(key: &str) -> Option<Department> {
        Department::ALL.into_iter().find(|d| d.key() == key.trim())
    }

    /// Distinct departments from their keys, in the canonical order; an unknown key is
    /// refused, naming the field.
    pub fn parse_list(field: &str, keys: &[String]) -> Result<Vec<Department>, AppError> {
        let mut out = Vec::new();
        for k in keys {
            let d = Department::parse(k).ok_or_else(|| AppError::validation(field, "validation.department"))?;
            if !out.contains(&d) {
                out.push(d);
            }
        }
        out.sort();
        Ok(out)
    }
}

/// The query of a service desk list: `status`, `customer_id`, `product_id`, `batch_id`,
/// `from`, `to` (local dates of receipt, both included), `cursor`, `limit`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeskQuery {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub customer_id: Option<i64>,
    #[serde(default)]
    pub product_id: Option<i64>,
    #[serde(default)]
    pub batch_id: Option<i64>,
    /// Liaison forms only: those routed to this department.
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub cursor: Option<String>,
    #[serde(default)]
    pub limit: Option<i64>,
}

/// How far back a received-at time may lie: a year (older is a typing error, not a letter
/// that waited).
pub const BACKDATE_LIMIT_DAYS: i64 = 366;

/// The received-at time of a record: empty means now; an RFC 3339 instant, or a local
/// `YYYY-MM-DDTHH:MM` in the company's time zone (what a browser's date-time field sends).
/// Not in the future (five minutes of clock difference allowed), not over a year back.
pub fn received_at(
    field: &str,
    value: Option<&str>,
    now: DateTime<Utc>,
    offset: FixedOffset,
) -> Result<DateTime<Utc>, AppError> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(now);
    };
    let at = match DateTime::parse_from_rfc3339(v) {
        Ok(t) => t.with_timezone(&Utc),
        Err(_) => NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M"))
            .ok()
            .and_then(|local| offset.from_local_datetime(&local).single())
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(|| AppError::validation(field, "validation.datetime"))?,
    };
    if at > now + Duration::minutes(5) {
        return Err(AppError::validation(field, "validation.not_future"));
    }
    if at < now - Duration::days(BACKDATE_LIMIT_DAYS) {
        return Err(AppError::validation(field, "validation.too_old"));
    }
    Ok(at)
}

/// A record number: `INQ-2026-0042`.
pub fn number(prefix: &str, year: i32, seq: i64) -> String {
    format!("{prefix}-{year}-{seq:04}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-02T10:00:00+08:00").unwrap().with_timezone(&Utc)
    }

    #[test]
    fn received_at_may_be_back_dated_but_not_in_the_future() {
        let cn = FixedOffset::east_opt(8 * 3600).unwrap();
        assert_eq!(received_at("received_at", None, now(), cn).unwrap(), now());
        let local = received_at("received_at", Some("2026-12-01T15:30"), now(), cn).unwrap();
        assert_eq!(local.to_rfc3339(), "2026-12-01T07:30:00+00:00", "a local time is the company's");
        let exact = received_at("received_at", Some("2026-11-30T09:00:00+08:00"), now(), cn).unwrap();
        assert_eq!(exact.to_rfc3339(), "2026-11-30T01:00:00+00:00");
        assert_eq!(
            received_at("received_at", Some("2026-12-02T11:00"), now(), cn).unwrap_err().field(),
            Some("received_at")
        );
        assert!(received_at("received_at", Some("2025-11-01T09:00"), now(), cn).is_err(), "over a year back");
        assert!(received_at("received_at", Some("yesterday"), now(), cn).is_err());
    }

    #[test]
    fn departments_are_known_and_listed_once() {
        let keys = ["lab".to_string(), "rd".to_string(), "lab".to_string()];
        assert_eq!(Department::parse_list("consulted", &keys).unwrap(), vec![Department::Lab, Department::Rd]);
        assert!(Department::parse_list("consulted", &["hr".to_string()]).is_err());
        assert_eq!(number("INQ", 2026, 42), "INQ-2026-0042");
    }
}
