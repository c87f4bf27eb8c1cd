//! Customer satisfaction (§4.2.5): the half-year survey period, the customer's scores, the
//! averages and comparisons, and the rule that opens a corrective action when a dimension is
//! below its target or declining against the previous half year.

use crate::error::{AppError, Msg};
use serde::{Deserialize, Serialize};

/// The four things a customer scores, 1–5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Quality,
    Delivery,
    Service,
    Price,
}

impl Dimension {
    pub const ALL: [Dimension; 4] = [Dimension::Quality, Dimension::Delivery, Dimension::Service, Dimension::Price];

    pub fn key(self) -> &'static str {
        match self {
            Dimension::Quality => "quality",
            Dimension::Delivery => "delivery",
            Dimension::Service => "service",
            Dimension::Price => "price",
        }
    }

    pub fn parse(key: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.key() == key)
    }
}

/// First or second half of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Period {
    pub year: i32,
    /// 1 or 2.
    pub half: u8,
}

impl Period {
    pub fn new(year: i32, half: u8) -> Result<Period, AppError> {
        if !(2000..=2100).contains(&year) {
            return Err(AppError::validation("year", "validation.year"));
        }
        if !(1..=2).contains(&half) {
            return Err(AppError::validation("half", "validation.half"));
        }
        Ok(Period { year, half })
    }

    /// The half year before this one.
    pub fn previous(self) -> Period {
        if self.half == 2 {
            Period { year: self.year, half: 1 }
        } else {
            Period { year: self.year - 1, half: 2 }
        }
    }

    /// The same half of the `n` years before, most recent first.
    pub fn same_half_earlier(self, n: i32) -> Vec<Period> {
        (1..=n).map(|k| Period { year: self.year - k, half: self.half }).collect()
    }

    pub fn label(self) -> String {
        format!("{}-H{}", self.year, self.half)
    }

    /// First and last day, `YYYY-MM-DD`.
    pub fn bounds(self) -> (String, String) {
        if self.half == 1 {
            (format!("{}-01-01", self.year), format!("{}-06-30", self.year))
        } else {
            (format!("{}-07-01", self.year), format!("{}-12-31", self.year))
        }
    }

    /// The half year a `YYYY-MM-DD` date falls in.
    pub fn of_date(date: chrono::NaiveDate) -> Period {
        use chrono::Datelike;
        Period { year: date.year(), half: if date.month() <= 6 { 1 } else { 2 } }
    }
}

/// One customer's answer as the survey form sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoresInput {
    pub quality: i64,
    pub delivery: i64,
    pub service: i64,
    pub price: i64,
    #[serde(default)]
    pub comment: Option<String>,
}

/// Valid scores, in `Dimension::ALL` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scores(pub [u8; 4]);

impl Scores {
    pub fn get(&self, d: Dimension) -> u8 {
        self.0[Dimension::ALL.iter().position(|x| *x == d).unwrap_or(0)]
    }
}

impl ScoresInput {
    /// Each score 1–5 (422 naming the field otherwise); a comment of at most 2,000 characters.
    pub fn validate(&self) -> Result<(Scores, Option<String>), AppError> {
        let mut out = [0u8; 4];
        for (i, (d, v)) in
            Dimension::ALL.iter().zip([self.quality, self.delivery, self.service, self.price]).enumerate()
        {
            if !(1..=5).contains(&v) {
                return Err(AppError::Validation { field: d.key().into(), msg: Msg::new("validation.score") });
            }
            out[i] = v as u8;
        }
        let comment = super::fields::optional("comment", self.comment.as_deref(), 2000)?;
        Ok((Scores(out), comment))
    }
}

/// Average per dimension; `None` where nobody answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Averages {
    pub quality: Option<f64>,
    pub delivery: Option<f64>,
    pub service: Option<f64>,
    pub price: Option<f64>,
}

impl Averages {
    pub fn get(&self, d: Dimension) -> Option<f64> {
        match d {
            Dimension::Quality => self.quality,
            Dimension::Delivery => self.delivery,
            Dimension::Service => self.service,
            Dimension::Price => self.price,
        }
    }

    fn set(&mut self, d: Dimension, v: Option<f64>) {
        match d {
            Dimension::Quality => self.quality = v,
            Dimension::Delivery => self.delivery = v,
            Dimension::Service => self.service = v,
            Dimension::Price => self.price = v,
        }
    }

    /// Averages of the answers, rounded to two decimals.
    pub fn of(answers: &[Scores]) -> Averages {
        let mut out = Averages::default();
        if answers.is_empty() {
            return out;
        }
        for d in Dimension::ALL {
            let sum: u32 = answers.iter().map(|a| a.get(d) as u32).sum();
            out.set(d, Some(round2(sum as f64 / answers.len() as f64)));
        }
        out
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Targets per dimension; 4.0 unless the sales manager set another.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Targets {
    pub quality: f64,
    pub delivery: f64,
    pub service: f64,
    pub price: f64,
}

impl Default for Targets {
    fn default() -> Self {
        Targets { quality: 4.0, delivery: 4.0, service: 4.0, price: 4.0 }
    }
}

impl Targets {
    pub fn get(&self, d: Dimension) -> f64 {
        match d {
            Dimension::Quality => self.quality,
            Dimension::Delivery => self.delivery,
            Dimension::Service => self.service,
            Dimension::Price => self.price,
        }
    }

    pub fn validate(&self) -> Result<(), AppError> {
        for d in Dimension::ALL {
            let t = self.get(d);
            if !t.is_finite() || !(1.0..=5.0).contains(&t) {
                return Err(AppError::Validation { field: d.key().into(), msg: Msg::new("validation.target") });
            }
        }
        Ok(())
    }
}

/// Answered links over links, in percent to one decimal; `None` for a period without links.
pub fn response_rate(answered: usize, links: usize) -> Option<f64> {
    (links > 0).then(|| (answered as f64 * 1000.0 / links as f64).round() / 10.0)
}

/// Why a dimension needs a corrective action.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    pub dimension: Dimension,
    pub average: f64,
    pub target: f64,
    pub previous: Option<f64>,
    pub below_target: bool,
    pub declining: bool,
}

/// The rule at the close of a period: a dimension with answers opens one corrective action
/// when its average is below target, or lower than the previous half year's (by more than
/// rounding). Dimensions nobody scored open nothing.
pub fn triggers(current: &Averages, previous: Option<&Averages>, targets: &Targets) -> Vec<Trigger> {
    Dimension::ALL
        .into_iter()
        .filter_map(|d| {
            let average = current.get(d)?;
            let target = targets.get(d);
            let prev = previous.and_then(|p| p.get(d));
            let below_target = average < target;
            let declining = prev.is_some_and(|p| average < p - 0.005);
            (below_target || declining).then_some(Trigger {
                dimension: d,
                average,
                target,
                previous: prev,
                below_target,
                declining,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(q: u8, d: u8, sv: u8, p: u8) -> Scores {
        Scores([q, d, sv, p])
    }

    #[test]
    fn scores_are_one_to_five_and_name_the_field() {
        let ok = ScoresInput { quality: 5, delivery: 1, service: 3, price: 4, comment: Some("  ".into()) };
        assert_eq!(ok.validate().unwrap(), (s(5, 1, 3, 4), None));
        let zero = ScoresInput { price: 0, ..ok.clone() };
        assert_eq!(zero.validate().unwrap_err().field(), Some("price"));
        let six = ScoresInput { delivery: 6, ..ok };
        let err = six.validate().unwrap_err();
        assert_eq!((err.status(), err.field()), (422, Some("delivery")));
    }

    #[test]
    fn averages_round_to_two_decimals_and_are_empty_without_answers() {
        let a = Averages::of(&[s(5, 4, 3, 2), s(4, 4, 4, 2), s(4, 5, 3, 3)]);
        assert_eq!(a.quality, Some(4.33));
        assert_eq!(a.delivery, Some(4.33));
        assert_eq!(a.service, Some(3.33));
        assert_eq!(a.price, Some(2.33));
        assert_eq!(Averages::of(&[]), Averages::default());
    }

    #[test]
    fn the_response_rate_needs_links() {
        assert_eq!(response_rate(7, 10), Some(70.0));
        assert_eq!(response_rate(1, 3), Some(33.3));
        assert_eq!(response_rate(0, 0), None);
    }

    #[test]
    fn periods_compare_with_the_previous_half_and_the_same_half_of_earlier_years() {
        let p = Period::new(2026, 1).unwrap();
        assert_eq!(p.previous(), Period { year: 2025, half: 2 });
        assert_eq!(Period::new(2026, 2).unwrap().previous(), p);
        assert_eq!(p.same_half_earlier(2), vec![Period { year: 2025, half: 1 }, Period { year: 2024, half: 1 }]);
        assert!(Period::new(2026, 3).is_err());
    }

    #[test]
    fn below_target_or_declining_triggers_and_nothing_else_does() {
        let t = Targets::default();
        let prev = Averages { quality: Some(4.5), delivery: Some(4.2), service: Some(4.4), price: Some(3.9) };
        let now = Averages { quality: Some(4.5), delivery: Some(4.1), service: Some(4.4), price: Some(3.9) };
        let got = triggers(&now, Some(&prev), &t);
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].dimension, got[0].declining, got[0].below_target), (Dimension::Delivery, true, false));
        assert_eq!((got[1].dimension, got[1].declining, got[1].below_target), (Dimension::Price, false, true));
        // steady and on target: nothing
        let good = Averages { price: Some(4.0), delivery: Some(4.2), ..now };
        assert!(triggers(&good, Some(&prev), &t).is_empty());
    }

    #[test]
    fn empty_periods_and_first_periods_trigger_only_on_targets() {
        let t = Targets::default();
        assert!(triggers(&Averages::default(), None, &t).is_empty(), "no answers, no action");
        let first = Averages { quality: Some(4.8), delivery: Some(3.5), service: None, price: Some(4.0) };
        let got = triggers(&first, None, &t);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].dimension, Dimension::Delivery);
        // a previous period nobody answered does not make anything "declining"
        assert_eq!(triggers(&first, Some(&Averages::default()), &t).len(), 1);
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PeriodInput {
    pub year: i32,
    pub half: u8,
}

/// A customer's single-use link in a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyLink {
    pub customer_id: i64,
    pub customer_name: String,
    /// Only for the sales manager, who sends the links; None for everyone else (and for a
    /// link made before tokens were stored hashed, which cannot be shown again).
    pub token: Option<String>,
    pub answered: bool,
}

/// A score of 1 or 2 (or a comment with a 3 or less), for the report to top management.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LowScore {
    pub customer_id: i64,
    pub customer_name: String,
    pub dimension: Dimension,
    pub score: u8,
    pub comment: Option<String>,
}

/// A score is low at 2 or below.
pub fn is_low(score: u8) -> bool {
    score <= 2
}

/// The low scores in a period's answers: (customer id, customer name, scores, comment).
pub fn low_scores(answers: &[(i64, String, Scores, Option<String>)]) -> Vec<LowScore> {
    let mut out = Vec::new();
    for (customer_id, customer_name, s, comment) in answers {
        for d in Dimension::ALL {
            if is_low(s.get(d)) {
                out.push(LowScore {
                    customer_id: *customer_id,
                    customer_name: customer_name.clone(),
                    dimension: d,
                    score: s.get(d),
                    comment: comment.clone(),
                });
            }
        }
    }
    out
}

/// One of the main dissatisfaction items of a period: a dimension and how many customers
/// scored it low.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dissatisfaction {
    pub dimension: Dimension,
    pub low_count: usize,
    /// The comments of those customers, as they wrote them.
    pub comments: Vec<String>,
}

/// The main dissatisfaction items, most low scores first; dimensions nobody scored low are
/// left out.
pub fn main_dissatisfaction(low: &[LowScore]) -> Vec<Dissatisfaction> {
    let mut items: Vec<Dissatisfaction> = Dimension::ALL
        .into_iter()
        .map(|d| {
            let of: Vec<&LowScore> = low.iter().filter(|l| l.dimension == d).collect();
            let mut comments: Vec<String> = of.iter().filter_map(|l| l.comment.clone()).collect();
            comments.dedup();
            Dissatisfaction { dimension: d, low_count: of.len(), comments }
        })
        .filter(|i| i.low_count > 0)
        .collect();
    items.sort_by(|a, b| b.low_count.cmp(&a.low_count).then(a.dimension.cmp(&b.dimension)));
    items
}

#[cfg(test)]
mod dissatisfaction_tests {
    use super::*;

    #[test]
    fn main_items_rank_dimensions_by_low_scores() {
        let low = |d, c: Option<&str>| LowScore {
            customer_id: 1,
            customer_name: "A".into(),
            dimension: d,
            score: 2,
            comment: c.map(String::from),
        };
        let items = main_dissatisfaction(&[
            low(Dimension::Price, None),
            low(Dimension::Delivery, Some("late twice")),
            low(Dimension::Delivery, None),
        ]);
        assert_eq!(items.len(), 2);
        assert_eq!((items[0].dimension, items[0].low_count), (Dimension::Delivery, 2));
        assert_eq!(items[0].comments, vec!["late twice".to_string()]);
        assert_eq!(items[1].dimension, Dimension::Price);
        assert!(main_dissatisfaction(&[]).is_empty());
    }
}

/// The averages of another period, for comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub label: String,
    pub averages: Averages,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyPeriod {
    pub id: i64,
    pub version: i64,
    pub year: i32,
    pub half: u8,
    pub label: String,
    pub status: String,
    pub links: Vec<SurveyLink>,
    pub response_rate: Option<f64>,
    pub averages: Averages,
    /// The previous half year, if it was surveyed.
    pub previous: Option<Averages>,
    /// The same half of earlier years that were surveyed, most recent first.
    pub same_half_earlier: Vec<Comparison>,
    pub targets: Targets,
    pub low_scores: Vec<LowScore>,
    /// The main dissatisfaction items, for the report to top management.
    pub main_dissatisfaction: Vec<Dissatisfaction>,
    pub corrective_actions: Vec<CorrectiveAction>,
    pub created_at: String,
    pub closed_at: Option<String>,
}

/// 纠正措施: opened at the close of a period, owned by the sales department, closed with a
/// verified result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrectiveAction {
    pub id: i64,
    pub version: i64,
    pub number: String,
    pub period_id: i64,
    pub period_label: String,
    pub dimension: Dimension,
    pub average: f64,
    pub target: f64,
    pub previous: Option<f64>,
    pub below_target: bool,
    pub declining: bool,
    pub owner: String,
    pub status: String,
    pub cause_analysis: Option<String>,
    pub measures: Option<String>,
    pub verification: Option<String>,
    pub result: Option<String>,
    pub created_at: String,
    pub closed_by: Option<String>,
    pub closed_at: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CorrectiveActionInput {
    #[serde(default)]
    pub cause_analysis: Option<String>,
    #[serde(default)]
    pub measures: Option<String>,
    #[serde(default)]
    pub verification: Option<String>,
    #[serde(default)]
    pub result: Option<String>,
    /// Close the action: needs cause analysis, measures, verification and result.
    #[serde(default)]
    pub close: bool,
    #[serde(default)]
    pub version: Option<i64>,
}

impl CorrectiveActionInput {
    /// Trimmed texts; closing needs all four steps recorded.
    pub fn validate(&self) -> Result<[Option<String>; 4], AppError> {
        let f = |name: &str, v: &Option<String>| super::fields::optional(name, v.as_deref(), 4000);
        let out = [
            f("cause_analysis", &self.cause_analysis)?,
            f("measures", &self.measures)?,
            f("verification", &self.verification)?,
            f("result", &self.result)?,
        ];
        if self.close {
            for (name, v) in ["cause_analysis", "measures", "verification", "result"].iter().zip(&out) {
                if v.is_none() {
                    return Err(AppError::validation(name, "corrective.rule.close_needs"));
                }
            }
        }
        Ok(out)
    }
}

/// One period on the trends dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodPoint {
    pub id: i64,
    pub label: String,
    pub status: String,
    pub links: usize,
    pub answered: usize,
    pub response_rate: Option<f64>,
    pub averages: Averages,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SatisfactionBoard {
    /// Oldest first.
    pub periods: Vec<PeriodPoint>,
    pub targets: Targets,
    pub open_actions: Vec<CorrectiveAction>,
    /// The low scores of the latest period with answers.
    pub low_scores: Vec<LowScore>,
}
