//! The service board (售后看板, SPEC §5): what the service desk has open and how it stands
//! against its limits, how long unanswered inquiries have waited, where complaints are in
//! their 8D steps, and the first-response and resolution times of service tickets by month
//! (median and 90th percentile, in working hours on the company calendar).

use super::complaint::Stage;
use super::sla::SlaState;
use serde::{Deserialize, Serialize};

/// The kinds of record on the board.
pub const RECORDS: [&str; 3] = ["inquiry", "complaint", "service_ticket"];

/// Open records of one kind by their state now.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SlaCount {
    /// `inquiry`, `complaint` or `service_ticket`.
    pub record: String,
    pub on_time: i64,
    pub near: i64,
    pub overdue: i64,
    pub paused: i64,
}

impl SlaCount {
    pub fn of(record: &str, states: impl IntoIterator<Item = SlaState>) -> SlaCount {
        let mut c = SlaCount { record: record.to_string(), ..SlaCount::default() };
        for s in states {
            match s {
                SlaState::OnTime => c.on_time += 1,
                SlaState::Near => c.near += 1,
                SlaState::Overdue => c.overdue += 1,
                SlaState::Paused => c.paused += 1,
                SlaState::Met | SlaState::Missed => {}
            }
        }
        c
    }

    pub fn open(&self) -> i64 {
        self.on_time + self.near + self.overdue + self.paused
    }
}

/// Unanswered inquiries by how long they have waited, in working time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgeBucket {
    /// `under_1h`, `1h_4h`, `4h_1d`, `1d_3d`, `over_3d` (a day is the calendar's working day).
    pub age: String,
    pub count: i64,
}

/// The age buckets' keys, youngest first.
pub const AGES: [&str; 5] = ["under_1h", "1h_4h", "4h_1d", "1d_3d", "over_3d"];

/// The bucket of an age in working minutes, with `day` working minutes to a working day.
pub fn age_bucket(minutes: i64, day: i64) -> usize {
    let day = day.max(1);
    if minutes < 60 {
        0
    } else if minutes < 240 {
        1
    } else if minutes < day {
        2
    } else if minutes < 3 * day {
        3
    } else {
        4
    }
}

/// Counts per bucket of these ages (working minutes).
pub fn age_buckets(ages: impl IntoIterator<Item = i64>, day: i64) -> Vec<AgeBucket> {
    let mut counts = [0i64; 5];
    for a in ages {
        counts[age_bucket(a, day)] += 1;
    }
    AGES.iter().zip(counts).map(|(age, count)| AgeBucket { age: age.to_string(), count }).collect()
}

/// Open complaints in one 8D stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageCount {
    pub stage: Stage,
    pub count: i64,
}

/// A median and 90th percentile in working hours, of `count` records.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Times {
    pub count: i64,
    pub median_h: Option<f64>,
    pub p90_h: Option<f64>,
}

impl Times {
    /// From working minutes, in any order.
    pub fn of(mut minutes: Vec<i64>) -> Times {
        minutes.sort_unstable();
        let hours = |m: Option<i64>| m.map(|m| (m as f64 / 60.0 * 10.0).round() / 10.0);
        Times {
            count: minutes.len() as i64,
            median_h: hours(percentile(&minutes, 50)),
            p90_h: hours(percentile(&minutes, 90)),
        }
    }
}

/// The nearest-rank percentile `p` (1–100) of sorted values: the smallest value with at least
/// `p` % of the values at or below it. None of no values.
pub fn percentile(sorted: &[i64], p: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (sorted.len() * p.clamp(1, 100) as usize).div_ceil(100);
    sorted.get(rank.max(1) - 1).copied()
}

/// One month of service tickets (by the month they were received, company time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthTimes {
    /// `YYYY-MM`.
    pub month: String,
    pub response: Times,
    pub resolution: Times,
}

/// A record that needs someone now: overdue or near its limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attention {
    pub record: String,
    pub id: i64,
    pub number: String,
    pub customer_name: String,
    pub sla: SlaState,
    /// When its running limit falls due (RFC 3339), if it runs.
    pub due_at: Option<String>,
}

impl Attention {
    /// Its path in the desk app.
    pub fn href(&self) -> String {
        let base = match self.record.as_str() {
            "inquiry" => "/inquiries",
            "complaint" => "/complaints",
            _ => "/tickets",
        };
        format!("{base}/{}", self.id)
    }
}

/// `GET /api/v1/dashboards/service`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceBoard {
    pub sla: Vec<SlaCount>,
    pub inquiry_ages: Vec<AgeBucket>,
    pub complaint_stages: Vec<StageCount>,
    /// The last twelve months, oldest first.
    pub months: Vec<MonthTimes>,
    /// Overdue first, then near; most urgent first.
    pub attention: Vec<Attention>,
    /// SDS revisions not yet acknowledged by every recipient: how many, and the newest of
    /// them (without their recipients).
    #[serde(default)]
    pub sds_open_count: i64,
    #[serde(default)]
    pub sds_open: Vec<super::document::Distribution>,
    /// The server's time of this reading (RFC 3339).
    pub as_of: String,
}

/// The attention list: overdue before near, earliest due first, at most `limit`.
pub fn attention(mut items: Vec<Attention>, limit: usize) -> Vec<Attention> {
    items.retain(|a| matches!(a.sla, SlaState::Overdue | SlaState::Near));
    items.sort_by(|a, b| {
        let rank = |s: SlaState| if s == SlaState::Overdue { 0 } else { 1 };
        rank(a.sla).cmp(&rank(b.sla)).then_with(|| a.due_at.cmp(&b.due_at)).then(a.id.cmp(&b.id))
    });
    items.truncate(limit);
    items
}

/// The `YYYY-MM` keys of the twelve months ending with `(year, month)`, oldest first.
pub fn last_twelve_months(year: i32, month: u32) -> Vec<String> {
    let end = year * 12 + month as i32 - 1;
    (end - 11..=end).map(|m| format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&v, 50), Some(5));
        assert_eq!(percentile(&v, 90), Some(9));
        assert_eq!(percentile(&[7], 90), Some(7));
        assert_eq!(percentile(&[], 50), None);
        let t = Times::of(vec![120, 60, 600, 30]);
        assert_eq!((t.count, t.median_h, t.p90_h), (4, Some(1.0), Some(10.0)));
    }

    #[test]
    fn ages_fall_in_working_time_buckets() {
        let day = 7 * 60;
        assert_eq!(age_bucket(59, day), 0);
        assert_eq!(age_bucket(60, day), 1);
        assert_eq!(age_bucket(300, day), 2);
        assert_eq!(age_bucket(day, day), 3);
        assert_eq!(age_bucket(3 * day, day), 4);
        let b = age_buckets([10, 20, 500, 5000], day);
        assert_eq!(b.iter().map(|b| b.count).collect::<Vec<_>>(), vec![2, 0, 0, 1, 1]);
    }

    #[test]
    fn overdue_comes_before_near_and_on_time_is_left_out() {
        let a = |id, sla, due: &str| Attention {
            record: "inquiry".into(),
            id,
            number: format!("INQ-{id}"),
            customer_name: String::new(),
            sla,
            due_at: Some(due.into()),
        };
        let out = attention(
            vec![
                a(1, SlaState::Near, "2026-12-01T10:00:00+08:00"),
                a(2, SlaState::OnTime, "2026-12-01T09:00:00+08:00"),
                a(3, SlaState::Overdue, "2026-12-01T11:00:00+08:00"),
                a(4, SlaState::Overdue, "2026-11-30T11:00:00+08:00"),
            ],
            10,
        );
        assert_eq!(out.iter().map(|a| a.id).collect::<Vec<_>>(), vec![4, 3, 1]);
        assert_eq!(out[0].href(), "/inquiries/4");
    }

    #[test]
    fn twelve_months_cross_the_year() {
        let m = last_twelve_months(2026, 2);
        assert_eq!(m.first().map(String::as_str), Some("2025-03"));
        assert_eq!(m.last().map(String::as_str), Some("2026-02"));
        assert_eq!(m.len(), 12);
    }
}
