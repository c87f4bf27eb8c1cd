//! Settings kept as one JSON body per key, with a version for concurrent edits.

use super::Conn;
use sqlx::Row;

/// The stored body and its version, if the setting was ever saved.
pub async fn get(conn: &mut Conn, key: &str) -> sqlx::Result<Option<(String, i64)>> {
    let row =
        sqlx::query("SELECT body, version FROM setting WHERE key = $1").bind(key).fetch_optional(&mut *conn).await?;
    row.map(|r| Ok((r.try_get("body")?, r.try_get("version")?))).transpose()
}

/// Saves the setting if its version is still `version` (0: never saved); false when someone
/// saved in between.
pub async fn put(conn: &mut Conn, key: &str, body: &str, version: i64, by: &str, now: i64) -> sqlx::Result<bool> {
    let done = if version == 0 {
        sqlx::query(
            "INSERT INTO setting (key, body, version, updated_by, updated_at) VALUES ($1, $2, 1, $3, $4) \
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(body)
        .bind(by)
        .bind(now)
        .execute(&mut *conn)
        .await?
    } else {
        sqlx::query(
            "UPDATE setting SET body = $1, version = version + 1, updated_by = $2, updated_at = $3 \
             WHERE key = $4 AND version = $5",
        )
        .bind(body)
        .bind(by)
        .bind(now)
        .bind(key)
        .bind(version)
        .execute(&mut *conn)
        .await?
    };
    Ok(done.rows_affected() == 1)
}
