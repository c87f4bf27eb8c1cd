//! The start-up step of hashed links: rows that still hold a plain token (from before tokens
//! were stored hashed) get its hash and an expiry, and lose the token.

use super::Conn;
use crate::domain::satisfaction::Period;
use sqlx::Row;

pub struct LegacySurveyLink {
    pub id: i64,
    pub token: String,
    pub period: Period,
    pub opened_at: i64,
}

/// Survey links with a plain token and no hash yet.
pub async fn legacy_survey(conn: &mut Conn) -> sqlx::Result<Vec<LegacySurveyLink>> {
    let rows = sqlx::query(
        "SELECT l.id, l.token, p.year, p.half, p.created_at FROM survey_link l \
         JOIN survey_period p ON p.id = l.period_id WHERE l.token_hash IS NULL",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(LegacySurveyLink {
                id: r.try_get("id")?,
                token: r.try_get("token")?,
                period: Period { year: r.try_get::<i64, _>("year")? as i32, half: r.try_get::<i64, _>("half")? as u8 },
                opened_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// The plain column keeps the hash too: SQLite cannot make a `UNIQUE NOT NULL` column
/// nullable without rebuilding the table its answers refer to.
pub async fn hash_survey(conn: &mut Conn, id: i64, hash: &str, expires_at: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE survey_link SET token_hash = $1, token = $1, expires_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(expires_at)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Tickets with a plain confirmation token: (id, token, when it was issued).
pub async fn legacy_confirmations(conn: &mut Conn) -> sqlx::Result<Vec<(i64, String, i64)>> {
    let rows = sqlx::query(
        "SELECT id, confirm_token, COALESCE(resolved_at, received_at) AS issued_at FROM service_ticket \
         WHERE confirm_token IS NOT NULL",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("confirm_token")?, r.try_get("issued_at")?))).collect()
}

pub async fn hash_confirmation(conn: &mut Conn, id: i64, hash: &str, expires_at: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE service_ticket SET confirm_token_hash = $1, confirm_token = NULL, confirm_expires_at = $2 WHERE id = $3",
    )
    .bind(hash)
    .bind(expires_at)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// SDS recipients with a plain token: (distribution, customer, token, distribution opened).
pub async fn legacy_sds(conn: &mut Conn) -> sqlx::Result<Vec<(i64, i64, String, i64)>> {
    let rows = sqlx::query(
        "SELECT x.distribution_id, x.customer_id, x.token, d.opened_at FROM sds_recipient x \
         JOIN sds_distribution d ON d.id = x.distribution_id WHERE x.token_hash IS NULL",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((r.try_get("distribution_id")?, r.try_get("customer_id")?, r.try_get("token")?, r.try_get("opened_at")?))
        })
        .collect()
}

/// As [`hash_survey`]: the plain column keeps the hash.
pub async fn hash_sds(
    conn: &mut Conn,
    distribution_id: i64,
    customer_id: i64,
    hash: &str,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE sds_recipient SET token_hash = $1, token = $1, expires_at = $2 \
         WHERE distribution_id = $3 AND customer_id = $4",
    )
    .bind(hash)
    .bind(expires_at)
    .bind(distribution_id)
    .bind(customer_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
