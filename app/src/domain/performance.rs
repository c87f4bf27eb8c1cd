//! Sales performance (第十八条): per sales rep and half year, the delivered value against the
//! rep's target, the satisfaction of the rep's customers, the on-time delivery rate and
//! complaints. The sales manager sets the targets.

use super::satisfaction::Period;
use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// A rep's sales target for a half year, in fen. `amount_fen` 0 removes the target.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SalesTargetInput {
    pub sales_rep: String,
    pub year: i32,
    pub half: u8,
    pub amount_fen: i64,
}

impl SalesTargetInput {
    /// The period, the rep's username, and an amount from 0 to 10^13 fen (100 billion yuan).
    pub fn validate(&self) -> Result<(Period, String, i64), AppError> {
        let period = Period::new(self.year, self.half)?;
        let rep = super::fields::required("sales_rep", &self.sales_rep, 64)?;
        if !(0..=10_000_000_000_000).contains(&self.amount_fen) {
            return Err(AppError::validation("amount_fen", "validation.amount"));
        }
        Ok((period, rep, self.amount_fen))
    }
}

/// Delivered value over target, in percent to one decimal; `None` without a target.
pub fn completion(delivered_fen: i64, target_fen: Option<i64>) -> Option<f64> {
    let target = target_fen.filter(|t| *t > 0)?;
    Some((delivered_fen as f64 * 1000.0 / target as f64).round() / 10.0)
}

/// On-time deliveries over deliveries, in percent to one decimal; `None` without deliveries.
pub fn on_time_rate(on_time: i64, delivered: i64) -> Option<f64> {
    (delivered > 0).then(|| (on_time as f64 * 1000.0 / delivered as f64).round() / 10.0)
}

/// One rep's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepPerformance {
    pub sales_rep: String,
    /// The rep's full name, when the username is a user of the system.
    pub name: Option<String>,
    /// Value of the goods the rep's customers received in the half year (the sales ledger).
    pub delivered_fen: i64,
    pub target_fen: Option<i64>,
    /// Percent of target.
    pub completion: Option<f64>,
    /// The average of all four scores the rep's customers gave in the half year's survey.
    pub satisfaction: Option<f64>,
    /// How many of the rep's customers answered.
    pub satisfaction_answers: i64,
    /// Delivery notes received in the half year, and how many on or before their date.
    pub deliveries: i64,
    pub on_time: i64,
    pub on_time_rate: Option<f64>,
    /// Complaints received in the half year against the rep's customers (the rep of the
    /// complained-of delivery's order, else of the customer's latest order).
    pub complaints: Option<i64>,
}

/// What the store reports per rep before the rules apply.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RepFigures {
    pub delivered_fen: i64,
    pub target_fen: Option<i64>,
    pub satisfaction: Option<f64>,
    pub satisfaction_answers: i64,
    pub deliveries: i64,
    pub on_time: i64,
    pub complaints: i64,
}

impl RepFigures {
    pub fn into_row(self, sales_rep: String, name: Option<String>) -> RepPerformance {
        RepPerformance {
            completion: completion(self.delivered_fen, self.target_fen),
            on_time_rate: on_time_rate(self.on_time, self.deliveries),
            satisfaction: self.satisfaction.map(|v| (v * 100.0).round() / 100.0),
            sales_rep,
            name,
            delivered_fen: self.delivered_fen,
            target_fen: self.target_fen,
            satisfaction_answers: self.satisfaction_answers,
            deliveries: self.deliveries,
            on_time: self.on_time,
            complaints: Some(self.complaints),
        }
    }
}

/// The sales performance report of one half year: every rep with sales, a target or the
/// sales role, highest delivered value first, and the totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PerformanceReport {
    pub year: i32,
    pub half: u8,
    pub label: String,
    /// First and last day of the half year.
    pub from: String,
    pub to: String,
    pub reps: Vec<RepPerformance>,
    pub total_delivered_fen: i64,
    pub total_target_fen: i64,
    pub total_completion: Option<f64>,
}

impl PerformanceReport {
    pub fn new(period: Period, mut reps: Vec<RepPerformance>) -> PerformanceReport {
        reps.sort_by(|a, b| b.delivered_fen.cmp(&a.delivered_fen).then_with(|| a.sales_rep.cmp(&b.sales_rep)));
        let total_delivered_fen = reps.iter().map(|r| r.delivered_fen).sum();
        let total_target_fen = reps.iter().filter_map(|r| r.target_fen).sum();
        let (from, to) = period.bounds();
        PerformanceReport {
            year: period.year,
            half: period.half,
            label: period.label(),
            from,
            to,
            total_completion: completion(total_delivered_fen, Some(total_target_fen)),
            total_delivered_fen,
            total_target_fen,
            reps,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_needs_a_target_and_may_exceed_it() {
        assert_eq!(completion(50_000, Some(100_000)), Some(50.0));
        assert_eq!(completion(125_000, Some(100_000)), Some(125.0));
        assert_eq!(completion(1, Some(3)), Some(33.3));
        assert_eq!(completion(50_000, None), None);
        assert_eq!(completion(50_000, Some(0)), None, "a zero target is no target");
    }

    #[test]
    fn on_time_rate_needs_deliveries() {
        assert_eq!(on_time_rate(9, 10), Some(90.0));
        assert_eq!(on_time_rate(0, 0), None);
    }

    #[test]
    fn the_report_ranks_by_delivered_value_and_totals_the_targets() {
        let a =
            RepFigures { delivered_fen: 100, target_fen: Some(200), ..Default::default() }.into_row("a".into(), None);
        let b = RepFigures {
            delivered_fen: 300,
            satisfaction: Some(4.256),
            satisfaction_answers: 2,
            deliveries: 4,
            on_time: 3,
            ..Default::default()
        }
        .into_row("b".into(), Some("B".into()));
        assert_eq!((b.satisfaction, b.on_time_rate, b.completion), (Some(4.26), Some(75.0), None));
        let r = PerformanceReport::new(Period::new(2026, 1).unwrap(), vec![a, b]);
        assert_eq!(r.reps[0].sales_rep, "b");
        assert_eq!((r.total_delivered_fen, r.total_target_fen, r.total_completion), (400, 200, Some(200.0)));
        assert_eq!((r.from.as_str(), r.to.as_str()), ("2026-01-01", "2026-06-30"));
    }

    #[test]
    fn targets_are_validated() {
        let ok = SalesTargetInput { sales_rep: " rep01 ".into(), year: 2026, half: 2, amount_fen: 10 };
        assert_eq!(ok.validate().unwrap().1, "rep01");
        let neg = SalesTargetInput { amount_fen: -1, ..ok.clone() };
        assert_eq!(neg.validate().unwrap_err().field(), Some("amount_fen"));
        let nobody = SalesTargetInput { sales_rep: " ".into(), ..ok.clone() };
        assert_eq!(nobody.validate().unwrap_err().field(), Some("sales_rep"));
        let half = SalesTargetInput { half: 3, ..ok };
        assert_eq!(half.validate().unwrap_err().field(), Some("half"));
    }
}
