//! Idempotency keys, per caller: claimed before the request runs (so a concurrent retry
//! cannot run it twice), then completed with the first answer, or released on failure.

use super::Conn;
use sqlx::Row;

pub struct Stored {
    pub request_hash: String,
    /// 0 while the first request is still running.
    pub status: i64,
    pub response: String,
    pub created_at: i64,
}

pub async fn find(conn: &mut Conn, username: &str, key: &str) -> sqlx::Result<Option<Stored>> {
    let row = sqlx::query(
        "SELECT request_hash, status, response, created_at FROM idempotency_key WHERE username = $1 AND idem_key = $2",
    )
    .bind(username)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(Stored {
            request_hash: r.try_get("request_hash")?,
            status: r.try_get("status")?,
            response: r.try_get("response")?,
            created_at: r.try_get("created_at")?,
        })
    })
    .transpose()
}

/// Claims a key; a unique-key violation means someone else holds it.
pub async fn claim(conn: &mut Conn, username: &str, key: &str, request_hash: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO idempotency_key (username, idem_key, request_hash, status, response, created_at) VALUES ($1, $2, $3, 0, '', $4)",
    )
    .bind(username)
    .bind(key)
    .bind(request_hash)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Takes over a claim whose request never finished (the process died), if still stale.
pub async fn reclaim(
    conn: &mut Conn,
    username: &str,
    key: &str,
    request_hash: &str,
    stale_before: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE idempotency_key SET request_hash = $1, created_at = $2 WHERE username = $3 AND idem_key = $4 AND status = 0 AND created_at < $5",
    )
    .bind(request_hash)
    .bind(now)
    .bind(username)
    .bind(key)
    .bind(stale_before)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn complete(conn: &mut Conn, username: &str, key: &str, status: i64, response: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE idempotency_key SET status = $1, response = $2 WHERE username = $3 AND idem_key = $4")
        .bind(status)
        .bind(response)
        .bind(username)
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Frees a key whose request failed, so the client may retry it.
pub async fn release(conn: &mut Conn, username: &str, key: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM idempotency_key WHERE username = $1 AND idem_key = $2 AND status = 0")
        .bind(username)
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
