//! The product sales ledger (产品销售台帐): one row per confirmed delivery of a product,
//! derived from receipts — date, customer, product, batch, quantity, amount, sales rep,
//! delivery note, and for hazardous products the buyer's permit number. Never deleted.

use super::fields;
use crate::error::AppError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerRow {
    pub id: i64,
    pub delivered_on: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub product_id: i64,
    pub product_name: String,
    pub unit: String,
    pub batch_no: Option<String>,
    pub quantity: f64,
    pub amount_fen: i64,
    pub sales_rep: String,
    pub order_id: i64,
    pub order_number: String,
    pub delivery_note_id: Option<i64>,
    pub permit_no: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LedgerFilter {
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub customer_id: Option<i64>,
    #[serde(default)]
    pub sales_rep: Option<String>,
}

impl LedgerFilter {
    pub fn validate(&self) -> Result<(), AppError> {
        fields::optional_date("from", self.from.as_deref())?;
        fields::optional_date("to", self.to.as_deref())?;
        Ok(())
    }
}

/// Column keys of the ledger, in order (translated for headers and exports).
pub const COLUMNS: [&str; 11] = [
    "ledger.delivered_on",
    "ledger.customer",
    "ledger.product",
    "ledger.batch",
    "ledger.quantity",
    "ledger.unit",
    "ledger.amount",
    "ledger.sales_rep",
    "ledger.order",
    "ledger.delivery_note",
    "ledger.permit",
];
