//! The product sales ledger.

use super::Conn;
use crate::domain::ledger::{LedgerFilter, LedgerRow};
use crate::domain::order::from_milli;
use sqlx::any::AnyRow;
use sqlx::Row;

const SELECT: &str = "SELECT l.id, l.delivered_on, l.customer_id, c.name AS customer_name, l.product_id, p.name AS product_name, \
    p.unit, l.batch_no, l.quantity_milli, l.amount_fen, l.sales_rep, l.order_id, o.number AS order_number, l.delivery_note_id, l.permit_no \
    FROM ledger_entry l JOIN customer c ON c.id = l.customer_id JOIN product p ON p.id = l.product_id \
    JOIN sales_order o ON o.id = l.order_id";

const FILTER: &str = "($1 = '' OR l.delivered_on >= $1) AND ($2 = '' OR l.delivered_on <= $2) \
    AND ($3 = 0 OR l.customer_id = $3) AND ($4 = '' OR l.sales_rep = $4)";

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

/// Newest first, after the cursor (delivered_on, id).
pub async fn list(
    conn: &mut Conn,
    f: &LedgerFilter,
    cursor: Option<(String, i64)>,
    limit: i64,
) -> sqlx::Result<Vec<LedgerRow>> {
    let (d, id) = cursor.unwrap_or_else(|| ("9999-12-31".into(), i64::MAX));
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE {FILTER} AND (l.delivered_on < $5 OR (l.delivered_on = $5 AND l.id < $6)) \
         ORDER BY l.delivered_on DESC, l.id DESC LIMIT $7"
    ))
    .bind(f.from.clone().unwrap_or_default())
    .bind(f.to.clone().unwrap_or_default())
    .bind(f.customer_id.unwrap_or(0))
    .bind(f.sales_rep.clone().unwrap_or_default())
    .bind(d)
    .bind(id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}
