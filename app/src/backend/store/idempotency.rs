//! Stored answers to `POST` requests that carried an `Idempotency-Key`, per caller.

use super::Conn;
use sqlx::Row;

pub struct Stored {
    pub request_hash: String,
    pub status: i64,
    pub response: String,
}

pub async fn find(conn: &mut Conn, username: &str, key: &str) -> sqlx::Result<Option<Stored>> {
    let row =
        sqlx::query("SELECT request_hash, status, response FROM idempotency_key WHERE username = $1 AND idem_key = $2")
            .bind(username)
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|r| {
        Ok(Stored {
            request_hash: r.try_get("request_hash")?,
            status: r.try_get("status")?,
            response: r.try_get("response")?,
        })
    })
    .transpose()
}

pub async fn insert(
    conn: &mut Conn,
    username: &str,
    key: &str,
    request_hash: &str,
    status: i64,
    response: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO idempotency_key (username, idem_key, request_hash, status, response, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(username)
    .bind(key)
    .bind(request_hash)
    .bind(status)
    .bind(response)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
