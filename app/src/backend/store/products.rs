//! Products with their technical indicators (kept as a JSON list on the product row: they
//! are part of the product's version and change together with it).

use super::{like_pattern, Conn};
use crate::backend::db::{get_bool, rfc3339};
use crate::domain::product::{Product, ValidProduct};
use sqlx::any::AnyRow;
use sqlx::Row;

const COLUMNS: &str = "id, version, code, name, specification, unit, hazardous, un_number, hazard_class, \
    indicators_json, active, created_at, updated_at";

fn from_row(row: &AnyRow) -> sqlx::Result<Product> {
    let indicators: String = row.try_get("indicators_json")?;
    Ok(Product {
        id: row.try_get("id")?,
        version: row.try_get("version")?,
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        specification: row.try_get("specification")?,
        unit: row.try_get("unit")?,
        hazardous: get_bool(row, "hazardous"),
        un_number: row.try_get("un_number")?,
        hazard_class: row.try_get("hazard_class")?,
        indicators: serde_json::from_str(&indicators).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        active: get_bool(row, "active"),
        created_at: rfc3339(row.try_get("created_at")?),
        updated_at: rfc3339(row.try_get("updated_at")?),
    })
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Product>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM product WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn list(conn: &mut Conn, q: &str, cursor: Option<&str>, limit: i64) -> sqlx::Result<Vec<Product>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM product WHERE code > $1 \
         AND (LOWER(code) LIKE $2 ESCAPE '\\' OR LOWER(name) LIKE $2 ESCAPE '\\') \
         ORDER BY code LIMIT $3"
    ))
    .bind(cursor.unwrap_or(""))
    .bind(like_pattern(q))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

fn indicators_json(p: &ValidProduct) -> String {
    serde_json::to_string(&p.indicators).unwrap_or_else(|_| "[]".into())
}

pub async fn insert(conn: &mut Conn, p: &ValidProduct, now: i64) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO product (code, name, specification, unit, hazardous, un_number, hazard_class, indicators_json, \
         active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(&p.code)
    .bind(&p.name)
    .bind(&p.specification)
    .bind(&p.unit)
    .bind(p.hazardous)
    .bind(p.un_number.clone())
    .bind(p.hazard_class.clone())
    .bind(indicators_json(p))
    .bind(true)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    row.try_get("id")
}

pub async fn update(conn: &mut Conn, id: i64, version: i64, p: &ValidProduct, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE product SET code = $1, name = $2, specification = $3, unit = $4, hazardous = $5, un_number = $6, \
         hazard_class = $7, indicators_json = $8, updated_at = $9, version = version + 1 \
         WHERE id = $10 AND version = $11",
    )
    .bind(&p.code)
    .bind(&p.name)
    .bind(&p.specification)
    .bind(&p.unit)
    .bind(p.hazardous)
    .bind(p.un_number.clone())
    .bind(p.hazard_class.clone())
    .bind(indicators_json(p))
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn count(conn: &mut Conn) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) AS n FROM product").fetch_one(&mut *conn).await?.try_get("n")
}
