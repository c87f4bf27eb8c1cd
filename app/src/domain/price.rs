//! Price list (价目表): one list price per product per validity period. Orders take the list
//! price valid on the order date; any other price is a price exception (第十条).

use super::fields;
use crate::error::AppError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PriceInput {
    pub product_id: i64,
    pub unit_price_fen: i64,
    pub valid_from: String,
    #[serde(default)]
    pub valid_to: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidPrice {
    pub product_id: i64,
    pub unit_price_fen: i64,
    pub period: Period,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Price {
    pub id: i64,
    pub version: i64,
    pub product_id: i64,
    pub product_code: String,
    pub product_name: String,
    pub unit_price_fen: i64,
    pub valid_from: String,
    pub valid_to: Option<String>,
    pub created_by: String,
    pub created_at: String,
}

/// A validity period; `to` is inclusive, `None` means open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl Period {
    pub fn contains(&self, day: NaiveDate) -> bool {
        day >= self.from && self.to.is_none_or(|t| day <= t)
    }

    pub fn overlaps(&self, other: &Period) -> bool {
        let starts_before_other_ends = other.to.is_none_or(|t| self.from <= t);
        let other_starts_before_self_ends = self.to.is_none_or(|t| other.from <= t);
        starts_before_other_ends && other_starts_before_self_ends
    }
}

/// What adding a new price does to an existing one for the same product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Succession {
    /// No overlap: both stand.
    Unaffected,
    /// The existing open-ended price started earlier: it ends the day before the new one.
    EndsOn(NaiveDate),
    /// Any other overlap is a conflict the user must resolve.
    Conflicts,
}

/// The price-list rule: a new period may follow an open-ended earlier price (which is then
/// closed the day before), but it may never overlap any other period.
pub fn succession(existing: &Period, new: &Period) -> Succession {
    if !existing.overlaps(new) {
        return Succession::Unaffected;
    }
    if existing.to.is_none() && existing.from < new.from {
        return Succession::EndsOn(new.from.pred_opt().expect("date after the first representable"));
    }
    Succession::Conflicts
}

impl PriceInput {
    pub fn validate(&self) -> Result<ValidPrice, AppError> {
        if self.product_id <= 0 {
            return Err(AppError::validation("product_id", "validation.required"));
        }
        if self.unit_price_fen <= 0 {
            return Err(AppError::validation("unit_price_fen", "validation.positive"));
        }
        let from = fields::date("valid_from", &self.valid_from)?;
        let to = fields::optional_date("valid_to", self.valid_to.as_deref())?;
        if to.is_some_and(|t| t < from) {
            return Err(AppError::validation("valid_to", "validation.period_order"));
        }
        Ok(ValidPrice { product_id: self.product_id, unit_price_fen: self.unit_price_fen, period: Period { from, to } })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_new_price_closes_the_open_ended_one_before_it() {
        let current = Period { from: d("2026-01-01"), to: None };
        let next = Period { from: d("2027-01-01"), to: None };
        assert_eq!(succession(&current, &next), Succession::EndsOn(d("2026-12-31")));
    }

    #[test]
    fn overlapping_closed_periods_conflict() {
        let a = Period { from: d("2026-01-01"), to: Some(d("2026-06-30")) };
        let b = Period { from: d("2026-06-30"), to: None };
        assert_eq!(succession(&a, &b), Succession::Conflicts);
        let c = Period { from: d("2026-07-01"), to: None };
        assert_eq!(succession(&a, &c), Succession::Unaffected);
    }

    #[test]
    fn a_price_must_be_positive_and_its_period_ordered() {
        let ok = PriceInput { product_id: 1, unit_price_fen: 100, valid_from: "2026-01-01".into(), valid_to: None };
        assert!(ok.validate().is_ok());
        let zero = PriceInput { unit_price_fen: 0, ..ok.clone() };
        assert_eq!(zero.validate().unwrap_err().field(), Some("unit_price_fen"));
        let backwards = PriceInput { valid_to: Some("2025-12-31".into()), ..ok };
        assert_eq!(backwards.validate().unwrap_err().field(), Some("valid_to"));
    }

    fn period() -> impl Strategy<Value = Period> {
        (0i64..400, proptest::option::of(0i64..200)).prop_map(|(start, len)| {
            let from = d("2026-01-01") + chrono::Duration::days(start);
            Period { from, to: len.map(|l| from + chrono::Duration::days(l)) }
        })
    }

    proptest! {
        #[test]
        fn overlap_is_symmetric_and_matches_a_shared_day(a in period(), b in period()) {
            prop_assert_eq!(a.overlaps(&b), b.overlaps(&a));
            let shared = (0..800).map(|i| d("2026-01-01") + chrono::Duration::days(i))
                .any(|day| a.contains(day) && b.contains(day));
            prop_assert_eq!(a.overlaps(&b), shared);
        }

        #[test]
        fn after_succession_no_two_periods_overlap(a in period(), b in period()) {
            match succession(&a, &b) {
                Succession::Unaffected => prop_assert!(!a.overlaps(&b)),
                Succession::EndsOn(end) => {
                    let closed = Period { from: a.from, to: Some(end) };
                    prop_assert!(end >= a.from);
                    prop_assert!(!closed.overlaps(&b));
                }
                Succession::Conflicts => prop_assert!(a.overlaps(&b)),
            }
        }
    }
}
