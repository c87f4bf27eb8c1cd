//! The company calendar (工作日历) and working time: weekly working hours with split shifts,
//! holidays and make-up working days (调休), in the company's time zone. Every after-sales time
//! limit counts working time on it: "add N working minutes to an instant" and "working minutes
//! between two instants, minus the pauses" are the only way durations for people are measured.

use crate::error::AppError;
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The weekday keys of the API, Monday first.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The calendar as the API reads and writes it: `{timezone, hours:{mon:[["08:30","12:00"],…]},
/// holidays:[date], workdays:[date]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarInput {
    pub timezone: String,
    pub hours: BTreeMap<String, Vec<[String; 2]>>,
    #[serde(default)]
    pub holidays: Vec<String>,
    #[serde(default)]
    pub workdays: Vec<String>,
    /// The version read (to save), or the version stored (when read); 0 for the standard
    /// calendar before anyone saved one.
    #[serde(default)]
    pub version: Option<i64>,
}

/// One working period of a day, in minutes after local midnight: `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shift {
    pub start: u32,
    pub end: u32,
}

/// A checked calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub offset: FixedOffset,
    pub timezone: String,
    /// Monday first.
    pub week: [Vec<Shift>; 7],
    pub holidays: BTreeSet<NaiveDate>,
    /// Make-up working days (调休): a weekend day worked with Monday's hours.
    pub workdays: BTreeSet<NaiveDate>,
}

/// Time zones without daylight saving that a company here may name; or an offset `+08:00`.
fn offset_of(tz: &str) -> Option<FixedOffset> {
    let hours = match tz {
        "Asia/Shanghai" | "Asia/Chongqing" | "Asia/Hong_Kong" | "Asia/Macau" | "Asia/Taipei" | "Asia/Singapore" => 8,
        "Asia/Tokyo" | "Asia/Seoul" => 9,
        "UTC" | "Etc/UTC" => 0,
        _ => {
            let (sign, rest) = match tz.as_bytes().first()? {
                b'+' => (1, &tz[1..]),
                b'-' => (-1, &tz[1..]),
                _ => return None,
            };
            let (h, m) = rest.split_once(':')?;
            let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
            if h > 14 || m > 59 || rest.len() != 5 {
                return None;
            }
            return FixedOffset::east_opt(sign * (h * 3600 + m * 60));
        }
    };
    FixedOffset::east_opt(hours * 3600)
}

fn minutes(field: &str, hhmm: &str) -> Result<u32, AppError> {
    let t =
        NaiveTime::parse_from_str(hhmm.trim(), "%H:%M").map_err(|_| AppError::validation(field, "validation.time"))?;
    Ok(t.signed_duration_since(NaiveTime::MIN).num_minutes() as u32)
}

fn date(field: &str, s: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| AppError::validation(field, "validation.date"))
}

impl CalendarInput {
    /// Checks the calendar: a known time zone, `HH:MM` shifts that start before they end and
    /// do not overlap, real dates, no day both a holiday and a make-up working day, and some
    /// working time in the week.
    pub fn validate(&self) -> Result<Calendar, AppError> {
        let offset =
            offset_of(self.timezone.trim()).ok_or_else(|| AppError::validation("timezone", "validation.timezone"))?;
        let mut week: [Vec<Shift>; 7] = Default::default();
        for (key, shifts) in &self.hours {
            let day = WEEKDAYS
                .iter()
                .position(|d| d == key)
                .ok_or_else(|| AppError::validation("hours", "validation.weekday"))?;
            let field = format!("hours.{key}");
            let mut parsed: Vec<Shift> = Vec::new();
            for [from, to] in shifts {
                let s = Shift { start: minutes(&field, from)?, end: minutes(&field, to)? };
                if s.start >= s.end {
                    return Err(AppError::validation(&field, "validation.shift_order"));
                }
                parsed.push(s);
            }
            parsed.sort_by_key(|s| s.start);
            if parsed.windows(2).any(|w| w[1].start < w[0].end) {
                return Err(AppError::validation(&field, "validation.shift_overlap"));
            }
            week[day] = parsed;
        }
        if week.iter().all(|d| d.is_empty()) {
            return Err(AppError::validation("hours", "validation.no_working_time"));
        }
        let holidays = self.holidays.iter().map(|d| date("holidays", d)).collect::<Result<BTreeSet<_>, _>>()?;
        let workdays = self.workdays.iter().map(|d| date("workdays", d)).collect::<Result<BTreeSet<_>, _>>()?;
        if holidays.intersection(&workdays).next().is_some() {
            return Err(AppError::validation("workdays", "validation.holiday_and_workday"));
        }
        Ok(Calendar { offset, timezone: self.timezone.trim().to_string(), week, holidays, workdays })
    }
}

impl Calendar {
    /// The company's default: Monday to Friday 08:30–12:00 and 13:30–17:30, China time.
    pub fn standard() -> Calendar {
        let day = vec![Shift { start: 8 * 60 + 30, end: 12 * 60 }, Shift { start: 13 * 60 + 30, end: 17 * 60 + 30 }];
        Calendar {
            offset: FixedOffset::east_opt(8 * 3600).expect("valid offset"),
            timezone: "Asia/Shanghai".into(),
            week: [day.clone(), day.clone(), day.clone(), day.clone(), day, vec![], vec![]],
            holidays: BTreeSet::new(),
            workdays: BTreeSet::new(),
        }
    }

    /// Back to the API's shape.
    pub fn to_input(&self) -> CalendarInput {
        let hhmm = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
        CalendarInput {
            timezone: self.timezone.clone(),
            hours: WEEKDAYS
                .iter()
                .zip(self.week.iter())
                .map(|(k, shifts)| (k.to_string(), shifts.iter().map(|s| [hhmm(s.start), hhmm(s.end)]).collect()))
                .collect(),
            holidays: self.holidays.iter().map(|d| d.to_string()).collect(),
            workdays: self.workdays.iter().map(|d| d.to_string()).collect(),
            version: None,
        }
    }

    /// The working periods of a local date: none on a holiday; Monday's on a make-up day.
    pub fn shifts_on(&self, day: NaiveDate) -> &[Shift] {
        if self.holidays.contains(&day) {
            return &[];
        }
        if self.workdays.contains(&day) {
            return &self.week[0];
        }
        &self.week[day.weekday().num_days_from_monday() as usize]
    }

    /// A working day's length in minutes ("1 working day" of a limit): Monday's hours.
    pub fn day_minutes(&self) -> i64 {
        self.week[0].iter().map(|s| i64::from(s.end - s.start)).sum::<i64>().max(1)
    }

    fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.offset).date_naive()
    }

    /// The shifts of a date as instants.
    fn periods(&self, day: NaiveDate) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
        let midnight = self.offset.from_local_datetime(&day.and_time(NaiveTime::MIN)).single();
        self.shifts_on(day).iter().filter_map(move |s| {
            let m = midnight?.with_timezone(&Utc);
            Some((m + Duration::minutes(i64::from(s.start)), m + Duration::minutes(i64::from(s.end))))
        })
    }

    /// The instant `minutes` working minutes after `start`, or None when the calendar has
    /// no working time within ten years.
    pub fn add_working(&self, start: DateTime<Utc>, minutes: i64) -> Option<DateTime<Utc>> {
        let mut left = Duration::minutes(minutes.max(0));
        let mut day = self.local_date(start);
        for _ in 0..3660 {
            for (from, to) in self.periods(day) {
                if to <= start {
                    continue;
                }
                let begin = from.max(start);
                if left <= to - begin {
                    return Some(begin + left);
                }
                left -= to - begin;
            }
            day = day.succ_opt()?;
        }
        None
    }

    /// Working minutes from `from` to `to` (0 when `to` is not later).
    pub fn working_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        if to <= from {
            return 0;
        }
        let (mut day, last) = (self.local_date(from), self.local_date(to));
        let mut total = Duration::zero();
        while day <= last {
            for (a, b) in self.periods(day) {
                let (a, b) = (a.max(from), b.min(to));
                if b > a {
                    total += b - a;
                }
            }
            match day.succ_opt() {
                Some(d) => day = d,
                None => break,
            }
        }
        total.num_minutes()
    }

    /// Working minutes from `from` to `to`, not counting the pauses (waiting for the
    /// customer); overlapping pauses count once, an open pause runs until `to`.
    pub fn working_between_paused(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        pauses: &[(DateTime<Utc>, Option<DateTime<Utc>>)],
    ) -> i64 {
        let mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)> =
            pauses.iter().map(|(a, b)| ((*a).max(from), b.unwrap_or(to).min(to))).filter(|(a, b)| b > a).collect();
        spans.sort();
        let mut merged: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
        for (a, b) in spans {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        let paused: i64 = merged.iter().map(|(a, b)| self.working_between(*a, *b)).sum();
        (self.working_between(from, to) - paused).max(0)
    }

    /// Whether a local date is a working day.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        !self.shifts_on(day).is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn cal() -> Calendar {
        let mut c = Calendar::standard();
        // 2026-10-01..07 National Day holidays; Sunday 2026-09-27 and Saturday 2026-10-10 worked.
        for d in 1..=7 {
            c.holidays.insert(NaiveDate::from_ymd_opt(2026, 10, d).unwrap());
        }
        c.workdays.insert(NaiveDate::from_ymd_opt(2026, 9, 27).unwrap());
        c.workdays.insert(NaiveDate::from_ymd_opt(2026, 10, 10).unwrap());
        c
    }

    #[test]
    fn adding_working_time_skips_lunch_nights_and_weekends() {
        let c = cal();
        // Monday 11:00 + 2 h: one hour before lunch, one after → 14:30.
        assert_eq!(c.add_working(at("2026-11-30T11:00:00+08:00"), 120), Some(at("2026-11-30T14:30:00+08:00")));
        // Friday 17:00 + 1 h: half an hour Friday, half an hour Monday from 08:30.
        assert_eq!(c.add_working(at("2026-12-04T17:00:00+08:00"), 60), Some(at("2026-12-07T09:00:00+08:00")));
        // At night, counting starts at the next opening.
        assert_eq!(c.add_working(at("2026-12-01T22:00:00+08:00"), 30), Some(at("2026-12-02T09:00:00+08:00")));
        // During lunch: from 13:30.
        assert_eq!(c.add_working(at("2026-12-01T12:15:00+08:00"), 10), Some(at("2026-12-01T13:40:00+08:00")));
        // A limit that ends exactly at closing stays on that day.
        assert_eq!(c.add_working(at("2026-12-01T17:00:00+08:00"), 30), Some(at("2026-12-01T17:30:00+08:00")));
    }

    #[test]
    fn holidays_are_skipped_and_make_up_days_are_worked() {
        let c = cal();
        // Wednesday 2026-09-30 17:00 + 1 h: the holiday week is skipped; Thursday 10-08 is
        // a working day again.
        assert_eq!(c.add_working(at("2026-09-30T17:00:00+08:00"), 60), Some(at("2026-10-08T09:00:00+08:00")));
        // Saturday 2026-10-10 is a make-up working day with Monday's hours.
        assert!(c.is_working_day(NaiveDate::from_ymd_opt(2026, 10, 10).unwrap()));
        assert_eq!(c.add_working(at("2026-10-10T07:00:00+08:00"), 30), Some(at("2026-10-10T09:00:00+08:00")));
        assert_eq!(c.working_between(at("2026-09-30T08:00:00+08:00"), at("2026-10-08T08:00:00+08:00")), 450);
    }

    #[test]
    fn working_time_between_two_instants() {
        let c = cal();
        // A whole working day is 7.5 h.
        assert_eq!(c.day_minutes(), 450);
        assert_eq!(c.working_between(at("2026-12-01T00:00:00+08:00"), at("2026-12-02T00:00:00+08:00")), 450);
        // Friday 16:00 to Monday 10:00: 1.5 h + 1.5 h.
        assert_eq!(c.working_between(at("2026-12-04T16:00:00+08:00"), at("2026-12-07T10:00:00+08:00")), 180);
        assert_eq!(c.working_between(at("2026-12-07T10:00:00+08:00"), at("2026-12-04T16:00:00+08:00")), 0);
        // Instants given in another zone mean the same moments.
        assert_eq!(c.working_between(at("2026-12-04T08:00:00Z"), at("2026-12-07T02:00:00Z")), 180);
    }

    #[test]
    fn pauses_stop_the_clock_once_however_they_overlap() {
        let c = cal();
        let (from, to) = (at("2026-12-01T08:30:00+08:00"), at("2026-12-01T17:30:00+08:00"));
        let p = |a: &str, b: Option<&str>| (at(a), b.map(at));
        assert_eq!(c.working_between_paused(from, to, &[]), 450);
        // Waiting for the customer 09:00–11:00 and 10:00–12:30 (overlapping): 3 h paused.
        let pauses = [
            p("2026-12-01T09:00:00+08:00", Some("2026-12-01T11:00:00+08:00")),
            p("2026-12-01T10:00:00+08:00", Some("2026-12-01T12:30:00+08:00")),
        ];
        assert_eq!(c.working_between_paused(from, to, &pauses), 450 - 180);
        // A pause still open at 16:30 runs to the end.
        assert_eq!(c.working_between_paused(from, to, &[p("2026-12-01T16:30:00+08:00", None)]), 390);
        // Adding the paused time back reaches the same deadline the paused clock would.
        let due = c.add_working(from, 450 + 180).unwrap();
        assert_eq!(c.working_between_paused(from, due, &pauses), 450);
    }

    #[test]
    fn add_and_measure_agree() {
        let c = cal();
        let start = at("2026-09-25T15:47:00+08:00");
        for minutes in [0, 1, 29, 210, 449, 450, 451, 2000, 9000] {
            let end = c.add_working(start, minutes).unwrap();
            assert_eq!(c.working_between(start, end), minutes, "{minutes}");
        }
    }

    #[test]
    fn a_calendar_is_checked_before_it_is_kept() {
        let ok = Calendar::standard().to_input();
        assert_eq!(ok.validate().unwrap(), Calendar::standard());
        let mut bad = ok.clone();
        bad.timezone = "Mars/Olympus".into();
        assert_eq!(bad.validate().unwrap_err(), AppError::validation("timezone", "validation.timezone"));
        let mut bad = ok.clone();
        bad.hours.insert("mon".into(), vec![["12:00".into(), "08:30".into()]]);
        assert!(bad.validate().is_err());
        let mut bad = ok.clone();
        bad.hours.insert("tue".into(), vec![["08:00".into(), "12:00".into()], ["11:00".into(), "13:00".into()]]);
        assert_eq!(bad.validate().unwrap_err(), AppError::validation("hours.tue", "validation.shift_overlap"));
        let mut bad = ok.clone();
        bad.hours.insert("funday".into(), vec![]);
        assert!(bad.validate().is_err());
        let mut bad = ok.clone();
        bad.holidays = vec!["2026-10-01".into()];
        bad.workdays = vec!["2026-10-01".into()];
        assert!(bad.validate().is_err());
        let mut bad = ok;
        bad.hours = BTreeMap::new();
        assert_eq!(bad.validate().unwrap_err(), AppError::validation("hours", "validation.no_working_time"));
        assert_eq!(offset_of("+05:30"), FixedOffset::east_opt(5 * 3600 + 1800));
        assert_eq!(offset_of("+5:30"), None);
    }
}
