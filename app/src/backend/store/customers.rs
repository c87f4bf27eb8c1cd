//! Customers.

use super::{like_pattern, Conn};
use crate::backend::db::{get_bool, rfc3339, today};
use crate::domain::customer::{Customer, PermitStatus, ValidCustomer};
use sqlx::any::AnyRow;
use sqlx::Row;

const COLUMNS: &str = "id, version, code, name, address, contact_name, contact_phone, credit_rating, license_no, \
    qualification_checked_by, qualification_checked_at, hazardous_permit_no, hazardous_permit_scope, \
    hazardous_permit_valid_until, active, created_at, updated_at";

fn from_row(row: &AnyRow) -> sqlx::Result<Customer> {
    let mut c = Customer {
        id: row.try_get("id")?,
        version: row.try_get("version")?,
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        address: row.try_get("address")?,
        contact_name: row.try_get("contact_name")?,
        contact_phone: row.try_get("contact_phone")?,
        credit_rating: row.try_get("credit_rating")?,
        license_no: row.try_get("license_no")?,
        hazardous_permit_no: row.try_get("hazardous_permit_no")?,
        hazardous_permit_scope: row.try_get("hazardous_permit_scope")?,
        hazardous_permit_valid_until: row.try_get("hazardous_permit_valid_until")?,
        qualification_checked_by: row.try_get("qualification_checked_by")?,
        qualification_checked_at: row.try_get::<Option<i64>, _>("qualification_checked_at")?.map(rfc3339),
        active: get_bool(row, "active"),
        permit_status: PermitStatus::None,
        created_at: rfc3339(row.try_get("created_at")?),
        updated_at: rfc3339(row.try_get("updated_at")?),
    };
    c.permit_status = c.permit_status_on(today());
    Ok(c)
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Customer>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM customer WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Customers ordered by code after `cursor`, matching `q` in code or name.
pub async fn list(conn: &mut Conn, q: &str, cursor: Option<&str>, limit: i64) -> sqlx::Result<Vec<Customer>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM customer WHERE code > $1 \
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

pub async fn insert(conn: &mut Conn, c: &ValidCustomer, checked_by: &str, now: i64) -> sqlx::Result<i64> {
    let permit = c.permit.as_ref();
    let row = sqlx::query(
        "INSERT INTO customer (code, name, address, contact_name, contact_phone, credit_rating, license_no, \
         qualification_checked_by, qualification_checked_at, hazardous_permit_no, hazardous_permit_scope, \
         hazardous_permit_valid_until, active, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $9, $9) RETURNING id",
    )
    .bind(&c.code)
    .bind(&c.name)
    .bind(&c.address)
    .bind(&c.contact_name)
    .bind(&c.contact_phone)
    .bind(&c.credit_rating)
    .bind(&c.license_no)
    .bind(checked_by)
    .bind(now)
    .bind(permit.map(|p| p.number.clone()))
    .bind(permit.and_then(|p| p.scope.clone()))
    .bind(permit.map(|p| p.valid_until.format("%Y-%m-%d").to_string()))
    .bind(true)
    .fetch_one(&mut *conn)
    .await?;
    row.try_get("id")
}

/// Writes the new values if `version` is still current; `false` means someone else saved
/// first. `checked_by` is set when the qualification data changed.
pub async fn update(
    conn: &mut Conn,
    id: i64,
    version: i64,
    c: &ValidCustomer,
    checked: Option<(&str, i64)>,
    now: i64,
) -> sqlx::Result<bool> {
    let permit = c.permit.as_ref();
    let done = sqlx::query(
        "UPDATE customer SET code = $1, name = $2, address = $3, contact_name = $4, contact_phone = $5, \
         credit_rating = $6, license_no = $7, \
         qualification_checked_by = COALESCE($8, qualification_checked_by), \
         qualification_checked_at = COALESCE($9, qualification_checked_at), \
         hazardous_permit_no = $10, hazardous_permit_scope = $11, hazardous_permit_valid_until = $12, \
         updated_at = $13, version = version + 1 WHERE id = $14 AND version = $15",
    )
    .bind(&c.code)
    .bind(&c.name)
    .bind(&c.address)
    .bind(&c.contact_name)
    .bind(&c.contact_phone)
    .bind(&c.credit_rating)
    .bind(&c.license_no)
    .bind(checked.map(|c| c.0.to_string()))
    .bind(checked.map(|c| c.1))
    .bind(permit.map(|p| p.number.clone()))
    .bind(permit.and_then(|p| p.scope.clone()))
    .bind(permit.map(|p| p.valid_until.format("%Y-%m-%d").to_string()))
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn count(conn: &mut Conn) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) AS n FROM customer").fetch_one(&mut *conn).await?.try_get("n")
}
