//! The document revisions each customer holds: per customer and document the newest revision
//! it was given (with goods, by an SDS distribution, at a training) and since when. Kept up to
//! date where a revision is handed over, so the customer page reads it by its key.

use super::Conn;
use sqlx::Row;

/// Upserts one holding; an older revision never replaces a newer one.
const HOLD: &str = "ON CONFLICT (customer_id, document_id) DO UPDATE \
    SET revision_id = excluded.revision_id, held_since = excluded.held_since \
    WHERE excluded.revision_id > customer_document.revision_id";

/// The customer now holds these revisions `(document, revision)`.
pub async fn hold(conn: &mut Conn, customer_id: i64, revisions: &[(i64, i64)], at: i64) -> sqlx::Result<()> {
    for (document_id, revision_id) in revisions {
        sqlx::query(&format!(
            "INSERT INTO customer_document (customer_id, document_id, revision_id, held_since) \
             VALUES ($1, $2, $3, $4) {HOLD}"
        ))
        .bind(customer_id)
        .bind(*document_id)
        .bind(*revision_id)
        .bind(at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The customer now holds the revision an SDS distribution sends.
pub async fn hold_distributed(conn: &mut Conn, distribution_id: i64, customer_id: i64, at: i64) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "INSERT INTO customer_document (customer_id, document_id, revision_id, held_since) \
         SELECT $1, s.document_id, s.revision_id, $2 FROM sds_distribution s WHERE s.id = $3 {HOLD}"
    ))
    .bind(customer_id)
    .bind(at)
    .bind(distribution_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A revision a customer holds, with its document and the revision now in force.
#[derive(Debug, Clone)]
pub struct HeldRow {
    pub document_id: i64,
    pub product_id: i64,
    pub product_name: String,
    pub kind: String,
    pub title: String,
    pub revision: String,
    pub issued_on: String,
    pub held_since: i64,
    pub current_revision: Option<String>,
}

/// What a customer holds, by document (its key's order).
pub async fn held_by(conn: &mut Conn, customer_id: i64) -> sqlx::Result<Vec<HeldRow>> {
    let rows = sqlx::query(
        "SELECT h.document_id, d.product_id, p.name AS product_name, d.kind, d.title, r.revision, r.issued_on, \
                h.held_since, c.revision AS current_revision \
         FROM customer_document h JOIN product_document d ON d.id = h.document_id \
         JOIN product p ON p.id = d.product_id JOIN document_revision r ON r.id = h.revision_id \
         LEFT JOIN document_revision c ON c.id = d.current_revision_id \
         WHERE h.customer_id = $1 ORDER BY h.customer_id, h.document_id",
    )
    .bind(customer_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(HeldRow {
                document_id: r.try_get("document_id")?,
                product_id: r.try_get("product_id")?,
                product_name: r.try_get("product_name")?,
                kind: r.try_get("kind")?,
                title: r.try_get("title")?,
                revision: r.try_get("revision")?,
                issued_on: r.try_get("issued_on")?,
                held_since: r.try_get("held_since")?,
                current_revision: r.try_get("current_revision")?,
            })
        })
        .collect()
}
