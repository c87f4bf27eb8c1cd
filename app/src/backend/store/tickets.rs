//! Service tickets. Instants are Unix milliseconds; the service turns them into the record
//! with its clocks on the company calendar.

use super::complaints::optional_bool;
use super::{Arg, Conn, DeskFilter};
use sqlx::any::AnyRow;
use sqlx::Row;

/// A ticket as stored, with its customer's, product's and batch's names.
#[derive(Debug, Clone)]
pub struct TicketRow {
    pub id: i64,
    pub version: i64,
    pub number: String,
    pub status: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub kind: String,
    pub urgency: String,
    pub channel: String,
    pub received_at: i64,
    pub entered_at: i64,
    pub entered_by: String,
    pub product_id: Option<i64>,
    pub product_name: Option<String>,
    pub batch_id: Option<i64>,
    pub batch_no: Option<String>,
    pub delivery_note_id: Option<i64>,
    pub inquiry_id: Option<i64>,
    pub engineer: Option<String>,
    pub description: String,
    pub response_limit: i64,
    pub resolution_limit: i64,
    pub pauses: String,
    pub wait_reason: Option<String>,
    pub response: Option<String>,
    pub responded_by: Option<String>,
    pub responded_at: Option<i64>,
    pub result: Option<String>,
    pub fee_fen: Option<i64>,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<i64>,
    /// The confirmation link's token salt and hash (no token is stored) and its expiry.
    pub confirm_token_salt: Option<String>,
    pub confirm_token_hash: Option<String>,
    pub confirm_expires_at: Option<i64>,
    pub confirmed_via: Option<String>,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<i64>,
    pub satisfied: Option<bool>,
    pub confirmation_note: Option<String>,
    pub reopened: i64,
}

const SELECT: &str = "SELECT t.*, c.name AS customer_name, p.name AS product_name, b.batch_no AS batch_no \
    FROM service_ticket t JOIN customer c ON c.id = t.customer_id LEFT JOIN product p ON p.id = t.product_id \
    LEFT JOIN batch b ON b.id = t.batch_id";

fn from_row(r: &AnyRow) -> sqlx::Result<TicketRow> {
    Ok(TicketRow {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        number: r.try_get("number")?,
        status: r.try_get("status")?,
        customer_id: r.try_get("customer_id")?,
        customer_name: r.try_get("customer_name")?,
        kind: r.try_get("kind")?,
        urgency: r.try_get("urgency")?,
        channel: r.try_get("channel")?,
        received_at: r.try_get("received_at")?,
        entered_at: r.try_get("entered_at")?,
        entered_by: r.try_get("entered_by")?,
        product_id: r.try_get("product_id")?,
        product_name: r.try_get("product_name")?,
        batch_id: r.try_get("batch_id")?,
        batch_no: r.try_get("batch_no")?,
        delivery_note_id: r.try_get("delivery_note_id")?,
        inquiry_id: r.try_get("inquiry_id")?,
        engineer: r.try_get("engineer")?,
        description: r.try_get("description")?,
        response_limit: r.try_get("response_limit")?,
        resolution_limit: r.try_get("resolution_limit")?,
        pauses: r.try_get("pauses")?,
        wait_reason: r.try_get("wait_reason")?,
        response: r.try_get("response")?,
        responded_by: r.try_get("responded_by")?,
        responded_at: r.try_get("responded_at")?,
        result: r.try_get("result")?,
        fee_fen: r.try_get("fee_fen")?,
        resolved_by: r.try_get("resolved_by")?,
        resolved_at: r.try_get("resolved_at")?,
        confirm_token_salt: r.try_get("confirm_token_salt")?,
        confirm_token_hash: r.try_get("confirm_token_hash")?,
        confirm_expires_at: r.try_get("confirm_expires_at")?,
        confirmed_via: r.try_get("confirmed_via")?,
        confirmed_by: r.try_get("confirmed_by")?,
        confirmed_at: r.try_get("confirmed_at")?,
        satisfied: optional_bool(r, "satisfied")?,
        confirmation_note: r.try_get("confirmation_note")?,
        reopened: r.try_get("reopened")?,
    })
}

pub struct NewTicket<'a> {
    pub number: &'a str,
    pub customer_id: i64,
    pub kind: &'a str,
    pub urgency: &'a str,
    pub channel: &'a str,
    pub received_at: i64,
    pub entered_at: i64,
    pub entered_by: &'a str,
    pub product_id: Option<i64>,
    pub batch_id: Option<i64>,
    pub delivery_note_id: Option<i64>,
    pub inquiry_id: Option<i64>,
    pub engineer: Option<&'a str>,
    pub description: &'a str,
    pub response_limit: i64,
    pub resolution_limit: i64,
}

pub async fn insert(conn: &mut Conn, n: &NewTicket<'_>) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO service_ticket (number, status, customer_id, kind, urgency, channel, received_at, entered_at, \
         entered_by, product_id, batch_id, delivery_note_id, inquiry_id, engineer, description, response_limit, \
         resolution_limit) VALUES ($1, 'open', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
         RETURNING id",
    )
    .bind(n.number)
    .bind(n.customer_id)
    .bind(n.kind)
    .bind(n.urgency)
    .bind(n.channel)
    .bind(n.received_at)
    .bind(n.entered_at)
    .bind(n.entered_by)
    .bind(n.product_id)
    .bind(n.batch_id)
    .bind(n.delivery_note_id)
    .bind(n.inquiry_id)
    .bind(n.engineer)
    .bind(n.description)
    .bind(n.response_limit)
    .bind(n.resolution_limit)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<TicketRow>> {
    let row = sqlx::query(&format!("{SELECT} WHERE t.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(from_row).transpose()
}

/// The ticket whose customer link's token hashes to `hash` (only a resolved ticket has one).
pub async fn by_token_hash(conn: &mut Conn, hash: &str) -> sqlx::Result<Option<TicketRow>> {
    let row =
        sqlx::query(&format!("{SELECT} WHERE t.confirm_token_hash = $1")).bind(hash).fetch_optional(&mut *conn).await?;
    row.as_ref().map(from_row).transpose()
}

/// One step's change (`SET …` with its values) when the version and status are the ones read.
pub async fn step(
    conn: &mut Conn,
    id: i64,
    version: i64,
    status: &str,
    set: &str,
    values: Vec<Arg>,
) -> sqlx::Result<bool> {
    super::update_step(conn, "service_ticket", id, version, status, set, values).await
}

/// Newest received first, `limit` rows after the cursor `(received_at, id)`.
pub async fn list(
    conn: &mut Conn,
    f: &DeskFilter,
    cursor: Option<(i64, i64)>,
    limit: i64,
) -> sqlx::Result<Vec<TicketRow>> {
    let w = f.conditions(SELECT, "t", cursor);
    let rows = w.fetch_all(conn, "ORDER BY t.received_at DESC, t.id DESC LIMIT $limit", limit).await?;
    rows.iter().map(from_row).collect()
}

/// The tickets of one status still being worked, oldest first (at most `limit`): what the
/// escalation and the service board read.
pub async fn working(conn: &mut Conn, status: &str, limit: i64) -> sqlx::Result<Vec<TicketRow>> {
    let rows = sqlx::query(&format!("{SELECT} WHERE t.status = $1 ORDER BY t.received_at, t.id LIMIT $2"))
        .bind(status)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// The tickets received at or after `since` (ms), oldest first: the service board's months.
pub async fn received_since(conn: &mut Conn, since: i64) -> sqlx::Result<Vec<TicketRow>> {
    let rows = sqlx::query(&format!("{SELECT} WHERE t.received_at >= $1 ORDER BY t.received_at, t.id"))
        .bind(since)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}
