//! The quarterly feedback analysis (顾客反馈季度分析, seed §4.2.3): every inquiry, complaint,
//! service ticket and liaison form received in a quarter, counted by type, channel, product
//! and category; first-response and resolution times in working time (median, 90th
//! percentile, share within the limit); repeat complaints; the main issues with their
//! actions; and the same figures for the quarter before. Quarters are the company's (UTC+8).

use super::service_board::percentile;
use crate::error::AppError;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// A calendar quarter, `q` 1–4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Quarter {
    pub year: i32,
    pub quarter: u32,
}

impl Quarter {
    /// A quarter from the query or body; 422 naming the field otherwise.
    pub fn new(year: i32, quarter: u32) -> Result<Quarter, AppError> {
        if !(2000..=2100).contains(&year) {
            return Err(AppError::validation("year", "validation.number"));
        }
        if !(1..=4).contains(&quarter) {
            return Err(AppError::validation("quarter", "validation.number"));
        }
        Ok(Quarter { year, quarter })
    }

    /// The quarter a company day falls in.
    pub fn of(day: NaiveDate) -> Quarter {
        Quarter { year: day.year(), quarter: (day.month() - 1) / 3 + 1 }
    }

    pub fn previous(self) -> Quarter {
        if self.quarter == 1 {
            Quarter { year: self.year - 1, quarter: 4 }
        } else {
            Quarter { year: self.year, quarter: self.quarter - 1 }
        }
    }

    pub fn next(self) -> Quarter {
        if self.quarter == 4 {
            Quarter { year: self.year + 1, quarter: 1 }
        } else {
            Quarter { year: self.year, quarter: self.quarter + 1 }
        }
    }

    fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, (self.quarter - 1) * 3 + 1, 1).expect("valid quarter")
    }

    /// `[start, end)` as instants: midnight of its first day to midnight of the next
    /// quarter's, in the company's time zone.
    pub fn bounds(self, offset: FixedOffset) -> (DateTime<Utc>, DateTime<Utc>) {
        let next = self.next();
        let at = |q: Quarter| {
            offset
                .from_local_datetime(&q.first_day().and_hms_opt(0, 0, 0).expect("midnight"))
                .single()
                .expect("fixed offset")
                .with_timezone(&Utc)
        };
        (at(self), at(next))
    }

    /// `2026-Q3`.
    pub fn label(self) -> String {
        format!("{}-Q{}", self.year, self.quarter)
    }
}

/// The registers the analysis reads, by the name of their type.
pub const KINDS: [&str; 4] = ["inquiry", "complaint", "service_ticket", "liaison_form"];

/// One piece of feedback as the analysis reads it: its times already in working minutes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Feedback {
    /// `inquiry`, `complaint`, `service_ticket` or `liaison_form`.
    pub kind: &'static str,
    pub channel: String,
    pub product: Option<String>,
    /// A complaint's category.
    pub category: Option<String>,
    /// Working minutes to the first response (answer, containment, first response,
    /// acknowledgement), with its limit if the record has one.
    pub response: Option<i64>,
    pub response_limit: Option<i64>,
    /// Working minutes to resolution (closed, resolved), with its limit if any.
    pub resolution: Option<i64>,
    pub resolution_limit: Option<i64>,
    /// A complaint that repeats an earlier one (same product and category in 12 months).
    pub repeat: bool,
    /// What was wrong and what was done (complaints: description and corrective action).
    pub issue: Option<(String, Option<String>)>,
}

/// A count under a key (a type, a channel, a product, a category).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    pub key: String,
    pub count: i64,
}

/// Times in working hours.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TimeFigures {
    pub count: i64,
    pub median_h: Option<f64>,
    pub p90_h: Option<f64>,
    /// Of the records with a limit, the share done within it (%).
    pub within_limit_pct: Option<f64>,
}

/// A main issue: a product and category with its complaints and the actions taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MainIssue {
    pub product: String,
    pub category: String,
    pub count: i64,
    pub examples: Vec<String>,
    pub actions: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub by_type: Vec<Count>,
    pub by_channel: Vec<Count>,
    pub by_product: Vec<Count>,
    pub by_category: Vec<Count>,
}

/// One quarter's figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub total: i64,
    pub counts: Counts,
    pub response: TimeFigures,
    pub resolution: TimeFigures,
    pub repeats: i64,
    pub main_issues: Vec<MainIssue>,
}

/// How many main issues a report names.
pub const MAIN_ISSUES: usize = 5;

fn counted<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<Count> {
    let mut out: Vec<Count> = Vec::new();
    for k in keys {
        match out.iter_mut().find(|c| c.key == k) {
            Some(c) => c.count += 1,
            None => out.push(Count { key: k.to_string(), count: 1 }),
        }
    }
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    out
}

fn times(done: impl Iterator<Item = (i64, Option<i64>)>) -> TimeFigures {
    let mut minutes = Vec::new();
    let (mut limited, mut within) = (0i64, 0i64);
    for (m, limit) in done {
        minutes.push(m);
        if let Some(l) = limit {
            limited += 1;
            if m <= l {
                within += 1;
            }
        }
    }
    minutes.sort_unstable();
    let hours = |m: Option<i64>| m.map(|m| (m as f64 / 60.0 * 10.0).round() / 10.0);
    TimeFigures {
        count: minutes.len() as i64,
        median_h: hours(percentile(&minutes, 50)),
        p90_h: hours(percentile(&minutes, 90)),
        within_limit_pct: (limited > 0).then(|| (within as f64 * 1000.0 / limited as f64).round() / 10.0),
    }
}

/// The figures of one quarter's feedback.
pub fn analyse(records: &[Feedback]) -> Figures {
    let mut issues: Vec<MainIssue> = Vec::new();
    for r in records.iter().filter(|r| r.kind == "complaint") {
        let (product, category) =
            (r.product.clone().unwrap_or_else(|| "—".into()), r.category.clone().unwrap_or_else(|| "—".into()));
        let at = match issues.iter().position(|i| i.product == product && i.category == category) {
            Some(at) => at,
            None => {
                issues.push(MainIssue { product, category, count: 0, examples: Vec::new(), actions: Vec::new() });
                issues.len() - 1
            }
        };
        let issue = &mut issues[at];
        issue.count += 1;
        if let Some((what, action)) = &r.issue {
            if issue.examples.len() < 3 && !issue.examples.contains(what) {
                issue.examples.push(what.clone());
            }
            if let Some(a) = action.as_ref().filter(|a| !issue.actions.contains(a)) {
                issue.actions.push(a.clone());
            }
        }
    }
    issues.sort_by(|a, b| {
        b.count.cmp(&a.count).then_with(|| a.product.cmp(&b.product)).then_with(|| a.category.cmp(&b.category))
    });
    issues.truncate(MAIN_ISSUES);
    Figures {
        total: records.len() as i64,
        counts: Counts {
            by_type: counted(records.iter().map(|r| r.kind)),
            by_channel: counted(records.iter().map(|r| r.channel.as_str())),
            by_product: counted(records.iter().filter_map(|r| r.product.as_deref())),
            by_category: counted(records.iter().filter_map(|r| r.category.as_deref())),
        },
        response: times(records.iter().filter_map(|r| Some((r.response?, r.response_limit)))),
        resolution: times(records.iter().filter_map(|r| Some((r.resolution?, r.resolution_limit)))),
        repeats: records.iter().filter(|r| r.repeat).count() as i64,
        main_issues: issues,
    }
}

/// A department's acknowledgement of an issued report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartmentAck {
    pub department: String,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<String>,
}

/// The analysis of a quarter beside the quarter before; once issued, the figures are the
/// ones sent to the departments, with each department's acknowledgement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackReport {
    pub id: Option<i64>,
    pub year: i32,
    pub quarter: u32,
    #[serde(flatten)]
    pub current: Figures,
    pub previous: Figures,
    pub issued_by: Option<String>,
    pub issued_at: Option<String>,
    pub departments: Vec<DepartmentAck>,
}

/// The departments a report goes to: sales, service and quality always; the others as the
/// quarter's complaint categories concern them.
pub fn departments_concerned(figures: &Figures) -> Vec<&'static str> {
    let mut out = vec!["sales", "service", "quality"];
    for c in &figures.counts.by_category {
        let more: &[&'static str] = match c.key.as_str() {
            "quality" => &["production", "lab"],
            "packaging" | "labelling" => &["production", "warehouse"],
            "delivery" => &["logistics"],
            _ => &[],
        };
        for d in more {
            if !out.contains(d) {
                out.push(d);
            }
        }
    }
    out
}

/// `POST /api/v1/feedback-reports` `{year, quarter}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IssueInput {
    pub year: i32,
    pub quarter: u32,
}

/// One line of the report's table: a figure this quarter and the quarter before.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    /// The heading of the counts it belongs to (by type, channel, product, category).
    pub group: Option<String>,
    pub label: String,
    pub now: Option<f64>,
    pub before: Option<f64>,
}

/// The report's figures line by line, as the page, the print view and the workbook show them:
/// the total, the counts by type, channel, product and category (each beside the quarter
/// before), the times and the repeats. `tr` translates a message key.
pub fn figure_rows(tr: impl Fn(&str) -> String, c: &Figures, p: &Figures) -> Vec<FigureRow> {
    let row = |label: String, now: Option<f64>, before: Option<f64>| FigureRow { group: None, label, now, before };
    let mut out = vec![row(tr("feedback.total"), Some(c.total as f64), Some(p.total as f64))];
    for (group, prefix, now, before) in [
        ("feedback.by_type", "feedback.kind", &c.counts.by_type, &p.counts.by_type),
        ("feedback.by_channel", "channel", &c.counts.by_channel, &p.counts.by_channel),
        ("feedback.by_product", "", &c.counts.by_product, &p.counts.by_product),
        ("feedback.by_category", "complaint.category", &c.counts.by_category, &p.counts.by_category),
    ] {
        for n in now {
            let label = if prefix.is_empty() { n.key.clone() } else { tr(&format!("{prefix}.{}", n.key)) };
            let prev = before.iter().find(|b| b.key == n.key).map(|b| b.count).unwrap_or(0);
            out.push(FigureRow { group: Some(tr(group)), ..row(label, Some(n.count as f64), Some(prev as f64)) });
        }
    }
    for (key, a, b) in
        [("feedback.response", &c.response, &p.response), ("feedback.resolution", &c.resolution, &p.resolution)]
    {
        let name = tr(key);
        out.push(row(format!("{name} · {}", tr("service.median_h")), a.median_h, b.median_h));
        out.push(row(format!("{name} · {}", tr("service.p90_h")), a.p90_h, b.p90_h));
        out.push(row(format!("{name} · {}", tr("feedback.within_limit")), a.within_limit_pct, b.within_limit_pct));
    }
    out.push(row(tr("feedback.repeats"), Some(c.repeats as f64), Some(p.repeats as f64)));
    out
}

/// A figure as shown: counts whole, hours and shares to one decimal, "—" when there is none.
pub fn shown(v: Option<f64>) -> String {
    match v {
        Some(v) if v.fract() == 0.0 && v.abs() < 1e12 => format!("{v:.0}"),
        Some(v) => format!("{v:.1}"),
        None => "—".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cn() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    #[test]
    fn quarters_begin_at_midnight_in_the_company_time_zone() {
        let (start, end) = Quarter::new(2026, 1).unwrap().bounds(cn());
        assert_eq!(start.to_rfc3339(), "2025-12-31T16:00:00+00:00", "1 January 00:00 in Beijing");
        assert_eq!(end.to_rfc3339(), "2026-03-31T16:00:00+00:00");
        let (q4, next) = Quarter::new(2025, 4).unwrap().bounds(cn());
        assert_eq!((q4.to_rfc3339().as_str(), next), ("2025-09-30T16:00:00+00:00", start));
        // 31 March 23:30 Beijing is still Q1; 1 April 00:10 is Q2
        let late = cn().with_ymd_and_hms(2026, 3, 31, 23, 30, 0).unwrap().with_timezone(&Utc);
        assert!(late >= start && late < end);
        let early = cn().with_ymd_and_hms(2026, 4, 1, 0, 10, 0).unwrap().with_timezone(&Utc);
        assert!(early >= end);
        assert_eq!(Quarter::of(NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()), Quarter { year: 2026, quarter: 2 });
        assert_eq!(Quarter::new(2026, 1).unwrap().previous(), Quarter { year: 2025, quarter: 4 });
        assert_eq!(Quarter::new(2026, 5).unwrap_err().field(), Some("quarter"));
    }

    fn complaint(product: &str, category: &str, response: i64, resolution: Option<i64>, repeat: bool) -> Feedback {
        Feedback {
            kind: "complaint",
            channel: "phone".into(),
            product: Some(product.into()),
            category: Some(category.into()),
            response: Some(response),
            response_limit: Some(480),
            resolution,
            resolution_limit: None,
            repeat,
            issue: Some(("粉化结块".into(), Some("更换包装袋".into()))),
        }
    }

    #[test]
    fn medians_and_90th_percentiles_are_of_working_time() {
        // ten responses of 60…600 working minutes; limit 480
        let records: Vec<Feedback> =
            (1..=10).map(|k| complaint("PAC", "packaging", k * 60, Some(k * 120), false)).collect();
        let f = analyse(&records);
        assert_eq!(f.response.count, 10);
        assert_eq!(f.response.median_h, Some(5.0), "nearest rank: the 5th of ten");
        assert_eq!(f.response.p90_h, Some(9.0), "the 9th of ten");
        assert_eq!(f.response.within_limit_pct, Some(80.0), "8 of 10 within 8 working hours");
        assert_eq!(f.resolution.median_h, Some(10.0));
        assert_eq!(f.resolution.within_limit_pct, None, "no limit, no share");
    }

    #[test]
    fn counts_repeats_and_main_issues() {
        let mut records = vec![
            complaint("PAC", "packaging", 30, None, false),
            complaint("PAC", "packaging", 30, None, true),
            complaint("HCl", "delivery", 30, None, false),
        ];
        records.push(Feedback { kind: "inquiry", channel: "wechat".into(), ..Default::default() });
        let f = analyse(&records);
        assert_eq!(f.total, 4);
        assert_eq!(f.counts.by_type[0], Count { key: "complaint".into(), count: 3 });
        assert_eq!(f.counts.by_channel[0], Count { key: "phone".into(), count: 3 });
        assert_eq!(f.repeats, 1);
        assert_eq!((f.main_issues[0].product.as_str(), f.main_issues[0].count), ("PAC", 2));
        assert_eq!(f.main_issues[0].actions, vec!["更换包装袋".to_string()], "an action once");
        let d = departments_concerned(&f);
        assert!(d.contains(&"logistics") && d.contains(&"warehouse") && !d.contains(&"lab"), "{d:?}");
    }

    #[test]
    fn the_previous_quarter_is_compared() {
        let q = Quarter::new(2026, 3).unwrap();
        assert_eq!(q.previous().label(), "2026-Q2");
        let report = FeedbackReport {
            id: None,
            year: 2026,
            quarter: 3,
            current: analyse(&[complaint("PAC", "quality", 60, None, false)]),
            previous: analyse(&[]),
            issued_by: None,
            issued_at: None,
            departments: vec![],
        };
        let v = serde_json::to_value(&report).unwrap();
        assert_eq!(v["counts"]["by_type"][0]["count"], 1, "the quarter's figures sit at the top level");
        assert_eq!(v["previous"]["total"], 0);
    }

    #[test]
    fn the_table_puts_each_figure_beside_the_quarter_before() {
        let now =
            analyse(&[complaint("PAC", "packaging", 90, None, true), complaint("PAC", "delivery", 30, None, false)]);
        let before = analyse(&[complaint("PAC", "packaging", 30, None, false)]);
        let rows = figure_rows(|k| k.to_string(), &now, &before);
        let find = |label: &str| rows.iter().find(|r| r.label == label).unwrap_or_else(|| panic!("{label}: {rows:?}"));
        assert_eq!((find("feedback.total").now, find("feedback.total").before), (Some(2.0), Some(1.0)));
        let delivery = find("complaint.category.delivery");
        assert_eq!((delivery.now, delivery.before), (Some(1.0), Some(0.0)), "absent before: zero, not missing");
        assert_eq!(delivery.group.as_deref(), Some("feedback.by_category"));
        assert_eq!(find("feedback.total").group, None);
        assert_eq!(find("feedback.repeats").now, Some(1.0));
        let median = find("feedback.response · service.median_h");
        assert_eq!((median.now, median.before), (Some(0.5), Some(0.5)));
        assert_eq!(find("feedback.resolution · service.median_h").now, None);
        assert_eq!((shown(Some(12.0)), shown(Some(1.26)), shown(None)), ("12".into(), "1.3".into(), "—".to_string()));
    }
}
