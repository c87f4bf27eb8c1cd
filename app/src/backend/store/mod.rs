//! All SQL of the product, one module per area. Queries are portable (`$n` placeholders,
//! BIGINT instants, TEXT dates) and run unchanged on SQLite and PostgreSQL; every one of
//! them runs in the test suite on both.

pub mod approvals;
pub mod customers;
pub mod idempotency;
pub mod ledger;
pub mod orders;
pub mod prices;
pub mod products;
pub mod sessions;
pub mod status;
pub mod trail;
pub mod users;

pub use sqlx::AnyConnection as Conn;

pub use crate::domain::Page;

/// `%text%` for a LIKE with `\` as the escape character, lower-cased.
pub fn like_pattern(text: &str) -> String {
    let escaped = text.trim().to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}
