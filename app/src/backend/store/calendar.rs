//! The company calendar's one row.

use super::Conn;
use sqlx::Row;

/// The stored calendar (JSON) and its version, if one was ever saved.
pub async fn get(conn: &mut Conn) -> sqlx::Result<Option<(String, i64)>> {
    let row = sqlx::query("SELECT body, version FROM company_calendar WHERE id = 1").fetch_optional(&mut *conn).await?;
    row.map(|r| Ok((r.try_get("body")?, r.try_get("version")?))).transpose()
}

/// Saves the calendar if its version is still `version` (0: none saved yet); false when
/// someone saved in between.
pub async fn put(conn: &mut Conn, body: &str, version: i64, by: &str, now: i64) -> sqlx::Result<bool> {
    let done = if version == 0 {
        sqlx::query(
            "INSERT INTO company_calendar (id, body, version, updated_by, updated_at) VALUES (1, $1, 1, $2, $3) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(body)
        .bind(by)
        .bind(now)
        .execute(&mut *conn)
        .await?
    } else {
        sqlx::query(
            "UPDATE company_calendar SET body = $1, version = version + 1, updated_by = $2, updated_at = $3 \
             WHERE id = 1 AND version = $4",
        )
        .bind(body)
        .bind(by)
        .bind(now)
        .bind(version)
        .execute(&mut *conn)
        .await?
    };
    Ok(done.rows_affected() == 1)
}
