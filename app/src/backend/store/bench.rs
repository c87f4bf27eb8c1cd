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

/// The delivered notes, by id.
pub async fn delivered_note_ids(conn: &mut Conn) -> sqlx::Result<Vec<i64>> {
    use sqlx::Row;
    sqlx::query("SELECT id FROM delivery_note WHERE status = 'delivered' ORDER BY id")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect()
}

/// Puts images into a note's row as data URLs, as versions before the file store kept them.
pub async fn set_inline_images(
    conn: &mut Conn,
    id: i64,
    signatures: [&str; 3],
    photo: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE delivery_note SET warehouse_signature = $1, driver_signature = $2, customer_signature = $3, photo = $4 \
         WHERE id = $5",
    )
    .bind(signatures[0])
    .bind(signatures[1])
    .bind(signatures[2])
    .bind(photo)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
