//! The price list.

use super::Conn;
use crate::backend::db::rfc3339;
use crate::domain::price::{Price, ValidPrice};
use sqlx::any::AnyRow;
use sqlx::Row;

const SELECT: &str = "SELECT pr.id, pr.version, pr.product_id, p.code AS product_code, p.name AS product_name, \
    pr.unit_price_fen, pr.valid_from, pr.valid_to, pr.created_by, pr.created_at \
    FROM price pr JOIN product p ON p.id = pr.product_id";

fn from_row(row: &AnyRow) -> sqlx::Result<Price> {
    Ok(Price {
        id: row.try_get("id")?,
        version: row.try_get("version")?,
        product_id: row.try_get("product_id")?,
        product_code: row.try_get("product_code")?,
        product_name: row.try_get("product_name")?,
        unit_price_fen: row.try_get("unit_price_fen")?,
        valid_from: row.try_get("valid_from")?,
        valid_to: row.try_get("valid_to")?,
        created_by: row.try_get("created_by")?,
        created_at: rfc3339(row.try_get("created_at")?),
    })
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Price>> {
    let row = sqlx::query(&format!("{SELECT} WHERE pr.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(from_row).transpose()
}

/// Every price of one product, oldest period first.
pub async fn of_product(conn: &mut Conn, product_id: i64) -> sqlx::Result<Vec<Price>> {
    let rows = sqlx::query(&format!("{SELECT} WHERE pr.product_id = $1 ORDER BY pr.valid_from"))
        .bind(product_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Prices ordered by id after `cursor`, optionally of one product.
pub async fn list(conn: &mut Conn, product_id: Option<i64>, cursor: i64, limit: i64) -> sqlx::Result<Vec<Price>> {
    let rows =
        sqlx::query(&format!("{SELECT} WHERE pr.id > $1 AND ($2 = 0 OR pr.product_id = $2) ORDER BY pr.id LIMIT $3"))
            .bind(cursor)
            .bind(product_id.unwrap_or(0))
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?;
    rows.iter().map(from_row).collect()
}

/// The list price of a product on a day (`YYYY-MM-DD`), if one is valid then.
pub async fn valid_on(conn: &mut Conn, product_id: i64, day: &str) -> sqlx::Result<Option<Price>> {
    let row = sqlx::query(&format!(
        "{SELECT} WHERE pr.product_id = $1 AND pr.valid_from <= $2 AND (pr.valid_to IS NULL OR pr.valid_to >= $2) \
         ORDER BY pr.valid_from DESC LIMIT 1"
    ))
    .bind(product_id)
    .bind(day)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn insert(conn: &mut Conn, p: &ValidPrice, created_by: &str, now: i64) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO price (product_id, unit_price_fen, valid_from, valid_to, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(p.product_id)
    .bind(p.unit_price_fen)
    .bind(p.period.from.format("%Y-%m-%d").to_string())
    .bind(p.period.to.map(|d| d.format("%Y-%m-%d").to_string()))
    .bind(created_by)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    row.try_get("id")
}

/// Ends an open-ended price on `valid_to`.
pub async fn close(conn: &mut Conn, id: i64, valid_to: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE price SET valid_to = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND valid_to IS NULL",
    )
    .bind(valid_to)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
