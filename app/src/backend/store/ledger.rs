//! The product sales ledger.

use super::{Arg, Conditions, Conn};
use crate::domain::ledger::{LedgerFilter, LedgerRow};
use crate::domain::order::from_milli;
use sqlx::any::AnyRow;
use sqlx::Row;

const SELECT: &str = "SELECT l.id, l.delivered_on, l.customer_id, c.name AS customer_name, l.product_id, p.name AS product_name, \
    p.unit, l.batch_no, l.quantity_milli, l.amount_fen, l.sales_rep, l.order_id, o.number AS order_number, l.delivery_note_id, l.permit_no \
    FROM ledger_entry l JOIN customer c ON c.id = l.customer_id JOIN product p ON p.id = l.product_id \
    JOIN sales_order o ON o.id = l.order_id";

fn from_row(r: &AnyRow) -> sqlx::Result<LedgerRow> {
    Ok(LedgerRow {
        id: r.try_get("id")?,
        delivered_on: r.try_get("delivered_on")?,
        customer_id: r.try_get("customer_id")?,
        customer_name: r.try_get("customer_name")?,
        product_id: r.try_get("product_id")?,
        product_name: r.try_get("product_name")?,
        unit: r.try_get("unit")?,
        batch_no: r.try_get("batch_no")?,
        quantity: from_milli(r.try_get("quantity_milli")?),
        amount_fen: r.try_get("amount_fen")?,
        sales_rep: r.try_get("sales_rep")?,
        order_id: r.try_get("order_id")?,
        order_number: r.try_get("order_number")?,
        delivery_note_id: r.try_get("delivery_note_id")?,
        permit_no: r.try_get("permit_no")?,
    })
}

/// Newest first, after the cursor (delivered_on, id); each filter given becomes a condition.
pub async fn list(
    conn: &mut Conn,
    f: &LedgerFilter,
    cursor: Option<(String, i64)>,
    limit: i64,
) -> sqlx::Result<Vec<LedgerRow>> {
    let mut w = Conditions::new(SELECT);
    if let Some((d, id)) = cursor {
        w.and("(l.delivered_on, l.id) < ($1, $2)", vec![Arg::Text(d), Arg::Int(id)]);
    }
    if let Some(d) = f.from.clone().filter(|s| !s.is_empty()) {
        w.and("l.delivered_on >= $1", vec![Arg::Text(d)]);
    }
    if let Some(d) = f.to.clone().filter(|s| !s.is_empty()) {
        w.and("l.delivered_on <= $1", vec![Arg::Text(d)]);
    }
    if let Some(c) = f.customer_id {
        w.and("l.customer_id = $1", vec![Arg::Int(c)]);
    }
    if let Some(r) = f.sales_rep.clone().filter(|s| !s.is_empty()) {
        w.and("l.sales_rep = $1", vec![Arg::Text(r)]);
    }
    let rows = w.fetch_all(conn, "ORDER BY l.delivered_on DESC, l.id DESC LIMIT $limit", limit).await?;
    rows.iter().map(from_row).collect()
}

pub struct NewEntry<'a> {
    pub delivered_on: &'a str,
    pub customer_id: i64,
    pub product_id: i64,
    pub order_id: i64,
    pub delivery_note_id: i64,
    pub batch_no: Option<&'a str>,
    pub quantity_milli: i64,
    pub amount_fen: i64,
    pub sales_rep: &'a str,
    pub permit_no: Option<&'a str>,
    pub now: i64,
}

/// Whether any delivery was ever registered (the demo's sales history seeds only once).
pub async fn any(conn: &mut Conn) -> sqlx::Result<bool> {
    Ok(sqlx::query("SELECT 1 FROM ledger_entry LIMIT 1").fetch_optional(&mut *conn).await?.is_some())
}

pub async fn insert(conn: &mut Conn, e: &NewEntry<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO ledger_entry (delivered_on, customer_id, product_id, order_id, delivery_note_id, batch_no, quantity_milli, \
         amount_fen, sales_rep, permit_no, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(e.delivered_on)
    .bind(e.customer_id)
    .bind(e.product_id)
    .bind(e.order_id)
    .bind(e.delivery_note_id)
    .bind(e.batch_no)
    .bind(e.quantity_milli)
    .bind(e.amount_fen)
    .bind(e.sales_rep)
    .bind(e.permit_no)
    .bind(e.now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
