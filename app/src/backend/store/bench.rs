//! Bulk generation of a ten-year data set for the benchmark (`server bench`): multi-row
//! inserts in large transactions. Only the benchmark uses this.

use super::Conn;

/// Inserts rows given as SQL value tuples (already rendered from trusted, generated values)
/// in chunks of `chunk`.
pub async fn insert_rows(conn: &mut Conn, head: &str, rows: &[String], chunk: usize) -> sqlx::Result<()> {
    for part in rows.chunks(chunk) {
        let sql = format!("{head} VALUES {}", part.join(","));
        sqlx::query(&sql).execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn max_id(conn: &mut Conn, table: &str) -> sqlx::Result<i64> {
    use sqlx::Row;
    sqlx::query(&format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS n FROM {table}"))
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")
}
