//! Customer inquiries. Instants are Unix milliseconds; the service turns them into the
//! record with its SLA state.

use super::{Conn, DeskFilter};
use sqlx::any::AnyRow;
use sqlx::Row;

/// An inquiry as stored, with its customer's and product's names.
#[derive(Debug, Clone)]
pub struct InquiryRow {
    pub id: i64,
    pub version: i64,
    pub number: String,
    pub status: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub channel: String,
    pub received_at: i64,
    pub entered_at: i64,
    pub entered_by: String,
    pub product_id: Option<i64>,
    pub product_name: Option<String>,
    pub question: String,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<i64>,
    pub consulted: String,
    pub due_at: i64,
}

const SELECT: &str = "SELECT i.*, c.name AS customer_name, p.name AS product_name FROM inquiry i \
    JOIN customer c ON c.id = i.customer_id LEFT JOIN product p ON p.id = i.product_id";

fn from_row(r: &AnyRow) -> sqlx::Result<InquiryRow> {
    Ok(InquiryRow {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        number: r.try_get("number")?,
        status: r.try_get("status")?,
        customer_id: r.try_get("customer_id")?,
        customer_name: r.try_get("customer_name")?,
        channel: r.try_get("channel")?,
        received_at: r.try_get("received_at")?,
        entered_at: r.try_get("entered_at")?,
        entered_by: r.try_get("entered_by")?,
        product_id: r.try_get("product_id")?,
        product_name: r.try_get("product_name")?,
        question: r.try_get("question")?,
        answer: r.try_get("answer")?,
        answered_by: r.try_get("answered_by")?,
        answered_at: r.try_get("answered_at")?,
        consulted: r.try_get("consulted")?,
        due_at: r.try_get("due_at")?,
    })
}

pub struct NewInquiry<'a> {
    pub number: &'a str,
    pub customer_id: i64,
    pub channel: &'a str,
    pub received_at: i64,
    pub entered_at: i64,
    pub entered_by: &'a str,
    pub product_id: Option<i64>,
    pub question: &'a str,
    pub due_at: i64,
}

pub async fn insert(conn: &mut Conn, n: &NewInquiry<'_>) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO inquiry (number, status, customer_id, channel, received_at, entered_at, entered_by, product_id, \
         question, due_at) VALUES ($1, 'open', $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(n.number)
    .bind(n.customer_id)
    .bind(n.channel)
    .bind(n.received_at)
    .bind(n.entered_at)
    .bind(n.entered_by)
    .bind(n.product_id)
    .bind(n.question)
    .bind(n.due_at)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<InquiryRow>> {
    let row = sqlx::query(&format!("{SELECT} WHERE i.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(from_row).transpose()
}

/// Records the answer when the version is the one read and the inquiry is still open;
/// false otherwise.
pub async fn answer(
    conn: &mut Conn,
    id: i64,
    version: i64,
    answer: &str,
    consulted: &str,
    by: &str,
    at: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE inquiry SET status = 'answered', answer = $1, consulted = $2, answered_by = $3, answered_at = $4, \
         version = version + 1 WHERE id = $5 AND version = $6 AND status = 'open'",
    )
    .bind(answer)
    .bind(consulted)
    .bind(by)
    .bind(at)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Newest received first, `limit` rows after the cursor `(received_at, id)`.
pub async fn list(
    conn: &mut Conn,
    f: &DeskFilter,
    cursor: Option<(i64, i64)>,
    limit: i64,
) -> sqlx::Result<Vec<InquiryRow>> {
    let w = f.conditions(SELECT, "i", cursor);
    let rows = w.fetch_all(conn, "ORDER BY i.received_at DESC, i.id DESC LIMIT $limit", limit).await?;
    rows.iter().map(from_row).collect()
}

/// Inquiries waiting for an answer, oldest first (at most `limit`): what the service board reads.
pub async fn working(conn: &mut Conn, limit: i64) -> sqlx::Result<Vec<InquiryRow>> {
    let rows = sqlx::query(&format!("{SELECT} WHERE i.status = 'open' ORDER BY i.received_at, i.id LIMIT $1"))
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}
