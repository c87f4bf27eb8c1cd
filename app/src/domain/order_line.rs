//! An order line as the sales desk enters it: what the pickers offer (customers and products
//! found as the user types), the line's amount, and the two marks the form shows before the
//! server is asked — a price other than the list price needs approval, and a hazardous product
//! for a customer whose permit will not be valid on the delivery date is refused.

use serde::{Deserialize, Serialize};

/// What a picker looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PickKind {
    Customer,
    Product,
}

/// One choice of a picker: a customer (with its permit's last day) or a product (with today's
/// list price).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pick {
    pub id: i64,
    /// Code and name, as the field shows it once picked.
    pub label: String,
    pub list_price_fen: Option<i64>,
    pub hazardous: bool,
    pub unit: String,
    /// Customers: the last day of the hazardous-chemical permit, if there is one.
    pub permit_valid_until: Option<String>,
}

/// Amount of a line in fen, rounded half up: quantity (thousandths) × unit price.
pub fn line_amount(quantity_milli: i64, unit_price_fen: i64) -> i64 {
    ((quantity_milli as i128 * unit_price_fen as i128 + 500) / 1000) as i64
}

/// Whether a permit that runs to `valid_until` (inclusive, `YYYY-MM-DD`) covers `day`.
pub fn permit_covers(valid_until: Option<&str>, day: &str) -> bool {
    valid_until.is_some_and(|until| day <= until)
}

/// What the form shows beside a line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineMarks {
    /// Quantity × (the entered price, else the list price); none while either is unknown.
    pub amount_fen: Option<i64>,
    /// A price was entered and differs from the list price: it goes to the sales manager.
    pub price_exception: bool,
    /// A hazardous product for a customer without a permit valid on the delivery date.
    pub permit_refused: bool,
}

/// The marks of a line: `quantity` in tonnes (or the product's unit), `price_fen` as entered,
/// `product` and `customer` as picked, `delivery_date` as `YYYY-MM-DD` (may be empty).
pub fn line_marks(
    quantity: f64,
    price_fen: Option<i64>,
    product: Option<&Pick>,
    customer: Option<&Pick>,
    delivery_date: &str,
) -> LineMarks {
    let list = product.and_then(|p| p.list_price_fen);
    let price = price_fen.or(list);
    let amount_fen = match price {
        Some(p) if quantity.is_finite() && quantity > 0.0 => Some(line_amount((quantity * 1000.0).round() as i64, p)),
        _ => None,
    };
    let price_exception = matches!((price_fen, list), (Some(p), Some(l)) if p != l);
    let permit_refused = match (product, customer) {
        (Some(p), Some(c)) if p.hazardous && !delivery_date.is_empty() => {
            !permit_covers(c.permit_valid_until.as_deref(), delivery_date)
        }
        _ => false,
    };
    LineMarks { amount_fen, price_exception, permit_refused }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(price: Option<i64>, hazardous: bool) -> Pick {
        Pick { id: 1, label: "P".into(), list_price_fen: price, hazardous, ..Default::default() }
    }

    fn customer(until: Option<&str>) -> Pick {
        Pick { id: 2, label: "C".into(), permit_valid_until: until.map(String::from), ..Default::default() }
    }

    #[test]
    fn the_amount_follows_the_quantity_and_the_price_in_force() {
        let p = product(Some(180_000), false);
        assert_eq!(line_marks(2.5, None, Some(&p), None, "").amount_fen, Some(450_000));
        assert_eq!(line_marks(2.5, Some(170_000), Some(&p), None, "").amount_fen, Some(425_000));
        assert_eq!(line_marks(0.0, None, Some(&p), None, "").amount_fen, None);
        assert_eq!(line_marks(1.0, None, None, None, "").amount_fen, None, "no product, no price");
        assert_eq!(line_amount(1_001, 333), 333, "rounded half up from thousandths");
    }

    #[test]
    fn only_a_price_other_than_the_list_price_needs_approval() {
        let p = product(Some(180_000), false);
        assert!(!line_marks(1.0, None, Some(&p), None, "").price_exception);
        assert!(!line_marks(1.0, Some(180_000), Some(&p), None, "").price_exception);
        assert!(line_marks(1.0, Some(179_999), Some(&p), None, "").price_exception);
    }

    #[test]
    fn hazardous_goods_need_a_permit_valid_on_the_delivery_date() {
        let acid = product(Some(50_000), true);
        let plain = product(Some(50_000), false);
        let until = customer(Some("2026-12-31"));
        assert!(!line_marks(1.0, None, Some(&acid), Some(&until), "2026-12-31").permit_refused, "its last day counts");
        assert!(line_marks(1.0, None, Some(&acid), Some(&until), "2027-01-01").permit_refused);
        assert!(line_marks(1.0, None, Some(&acid), Some(&customer(None)), "2026-12-01").permit_refused);
        assert!(!line_marks(1.0, None, Some(&plain), Some(&customer(None)), "2026-12-01").permit_refused);
        assert!(!line_marks(1.0, None, Some(&acid), Some(&customer(None)), "").permit_refused, "no date yet");
    }
}
