//! The file store's rows: which files exist (hash, content type, size), and the delivery
//! note images that still sit in rows as data URLs from before the store.

use super::Conn;
use sqlx::Row;

pub async fn record(conn: &mut Conn, hash: &str, content_type: &str, size: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO stored_file (hash, content_type, size, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (hash) DO NOTHING",
    )
    .bind(hash)
    .bind(content_type)
    .bind(size)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The content type of a stored file, if it is known.
pub async fn content_type(conn: &mut Conn, hash: &str) -> sqlx::Result<Option<String>> {
    let row = sqlx::query("SELECT content_type FROM stored_file WHERE hash = $1")
        .bind(hash)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| r.try_get("content_type")).transpose()
}

/// The image columns of a delivery note.
pub const IMAGE_COLUMNS: [&str; 4] = ["warehouse_signature", "driver_signature", "customer_signature", "photo"];

/// Notes after `after_id` that still hold an image as a data URL, in id order, at most
/// `limit`: (note id, column, value). Callers walk the table once by passing the last id.
pub async fn inline_images(
    conn: &mut Conn,
    after_id: i64,
    limit: i64,
) -> sqlx::Result<Vec<(i64, &'static str, String)>> {
    let rows = sqlx::query(
        "SELECT id, warehouse_signature, driver_signature, customer_signature, photo FROM delivery_note \
         WHERE id > $1 AND (warehouse_signature LIKE 'data:%' OR driver_signature LIKE 'data:%' \
         OR customer_signature LIKE 'data:%' OR photo LIKE 'data:%') ORDER BY id LIMIT $2",
    )
    .bind(after_id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let id: i64 = r.try_get("id")?;
        for column in IMAGE_COLUMNS {
            if let Some(v) = r.try_get::<Option<String>, _>(column)?.filter(|v| v.starts_with("data:")) {
                out.push((id, column, v));
            }
        }
    }
    Ok(out)
}

/// Replaces one image column of a note with a file's hash (or nothing).
pub async fn set_image(conn: &mut Conn, id: i64, column: &str, hash: Option<&str>) -> sqlx::Result<()> {
    let column = IMAGE_COLUMNS.iter().find(|c| **c == column).copied().unwrap_or("photo");
    sqlx::query(&format!("UPDATE delivery_note SET {column} = $1 WHERE id = $2"))
        .bind(hash)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Every file hash a row refers to: the delivery notes' signatures and photos and the
/// document revisions' files (the only columns that name stored files; `stored_file` lists
/// the files, it does not use them).
pub async fn referenced(conn: &mut Conn) -> sqlx::Result<std::collections::HashSet<String>> {
    use futures_util::TryStreamExt;
    let mut rows = sqlx::query(
        "SELECT warehouse_signature AS h FROM delivery_note WHERE warehouse_signature IS NOT NULL \
         UNION SELECT driver_signature AS h FROM delivery_note WHERE driver_signature IS NOT NULL \
         UNION SELECT customer_signature AS h FROM delivery_note WHERE customer_signature IS NOT NULL \
         UNION SELECT photo AS h FROM delivery_note WHERE photo IS NOT NULL \
         UNION SELECT file_hash AS h FROM document_revision",
    )
    .fetch(&mut *conn);
    let mut out = std::collections::HashSet::new();
    while let Some(r) = rows.try_next().await? {
        out.insert(r.try_get::<String, _>("h")?);
    }
    Ok(out)
}

/// Forgets a removed file's row.
pub async fn forget(conn: &mut Conn, hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM stored_file WHERE hash = $1").bind(hash).execute(&mut *conn).await?;
    Ok(())
}
