//! Customer complaints and their 8D steps. Instants are Unix milliseconds; the service turns
//! a row into the record with its time limit, repeats and the batch's other recipients.

use super::{Arg, Conn, DeskFilter};
use crate::domain::complaint::Finding;
use sqlx::any::AnyRow;
use sqlx::Row;

/// A complaint as stored, with the names it points to.
#[derive(Debug, Clone)]
pub struct ComplaintRow {
    pub id: i64,
    pub version: i64,
    pub number: String,
    pub status: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub product_id: i64,
    pub product_name: String,
    pub batch_id: Option<i64>,
    pub batch_no: Option<String>,
    pub delivery_note_id: Option<i64>,
    pub delivery_note_number: Option<String>,
    pub severity: String,
    pub category: String,
    pub channel: String,
    pub received_at: i64,
    pub entered_at: i64,
    pub entered_by: String,
    pub description: String,
    pub containment_due_at: i64,
    pub containment: Option<String>,
    pub contained_by: Option<String>,
    pub contained_at: Option<i64>,
    pub root_cause: Option<String>,
    pub analysed_by: Option<String>,
    pub analysed_at: Option<i64>,
    pub action: Option<String>,
    pub action_owner: Option<String>,
    pub action_due_on: Option<String>,
    pub verify_on: Option<String>,
    pub action_by: Option<String>,
    pub action_at: Option<i64>,
    pub evidence: Option<String>,
    pub effective: Option<bool>,
    pub verified_by: Option<String>,
    pub verified_at: Option<i64>,
    pub failed_verifications: i64,
    pub closed_by: Option<String>,
    pub closed_at: Option<i64>,
    pub nonconformity_id: Option<i64>,
    pub recall_id: Option<i64>,
}

const SELECT: &str = "SELECT x.*, c.name AS customer_name, p.name AS product_name, b.batch_no AS batch_no, \
    n.number AS delivery_note_number FROM complaint x JOIN customer c ON c.id = x.customer_id \
    JOIN product p ON p.id = x.product_id LEFT JOIN batch b ON b.id = x.batch_id \
    LEFT JOIN delivery_note n ON n.id = x.delivery_note_id";

/// A nullable flag stored as BOOLEAN (PostgreSQL) or INTEGER 0/1 (SQLite).
pub(super) fn optional_bool(r: &AnyRow, column: &str) -> sqlx::Result<Option<bool>> {
    match r.try_get::<Option<bool>, _>(column) {
        Ok(v) => Ok(v),
        Err(_) => Ok(r.try_get::<Option<i64>, _>(column)?.map(|v| v != 0)),
    }
}

fn from_row(r: &AnyRow) -> sqlx::Result<ComplaintRow> {
    Ok(ComplaintRow {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        number: r.try_get("number")?,
        status: r.try_get("status")?,
        customer_id: r.try_get("customer_id")?,
        customer_name: r.try_get("customer_name")?,
        product_id: r.try_get("product_id")?,
        product_name: r.try_get("product_name")?,
        batch_id: r.try_get("batch_id")?,
        batch_no: r.try_get("batch_no")?,
        delivery_note_id: r.try_get("delivery_note_id")?,
        delivery_note_number: r.try_get("delivery_note_number")?,
        severity: r.try_get("severity")?,
        category: r.try_get("category")?,
        channel: r.try_get("channel")?,
        received_at: r.try_get("received_at")?,
        entered_at: r.try_get("entered_at")?,
        entered_by: r.try_get("entered_by")?,
        description: r.try_get("description")?,
        containment_due_at: r.try_get("containment_due_at")?,
        containment: r.try_get("containment")?,
        contained_by: r.try_get("contained_by")?,
        contained_at: r.try_get("contained_at")?,
        root_cause: r.try_get("root_cause")?,
        analysed_by: r.try_get("analysed_by")?,
        analysed_at: r.try_get("analysed_at")?,
        action: r.try_get("action")?,
        action_owner: r.try_get("action_owner")?,
        action_due_on: r.try_get("action_due_on")?,
        verify_on: r.try_get("verify_on")?,
        action_by: r.try_get("action_by")?,
        action_at: r.try_get("action_at")?,
        evidence: r.try_get("evidence")?,
        effective: optional_bool(r, "effective")?,
        verified_by: r.try_get("verified_by")?,
        verified_at: r.try_get("verified_at")?,
        failed_verifications: r.try_get("failed_verifications")?,
        closed_by: r.try_get("closed_by")?,
        closed_at: r.try_get("closed_at")?,
        nonconformity_id: r.try_get("nonconformity_id")?,
        recall_id: r.try_get("recall_id")?,
    })
}

pub struct NewComplaint<'a> {
    pub number: &'a str,
    pub customer_id: i64,
    pub product_id: i64,
    pub batch_id: Option<i64>,
    pub delivery_note_id: Option<i64>,
    pub severity: &'a str,
    pub category: &'a str,
    pub channel: &'a str,
    pub received_at: i64,
    pub entered_at: i64,
    pub entered_by: &'a str,
    pub description: &'a str,
    pub containment_due_at: i64,
    pub sales_rep: Option<&'a str>,
}

pub async fn insert(conn: &mut Conn, n: &NewComplaint<'_>) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO complaint (number, status, customer_id, product_id, batch_id, delivery_note_id, severity, category, \
         channel, received_at, entered_at, entered_by, description, containment_due_at, sales_rep) \
         VALUES ($1, 'open', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(n.number)
    .bind(n.customer_id)
    .bind(n.product_id)
    .bind(n.batch_id)
    .bind(n.delivery_note_id)
    .bind(n.severity)
    .bind(n.category)
    .bind(n.channel)
    .bind(n.received_at)
    .bind(n.entered_at)
    .bind(n.entered_by)
    .bind(n.description)
    .bind(n.containment_due_at)
    .bind(n.sales_rep)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<ComplaintRow>> {
    let row = sqlx::query(&format!("{SELECT} WHERE x.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(from_row).transpose()
}

/// One step's change: `SET …` with its values, applied when the version and the stage are
/// the ones read. False when someone else moved the complaint first.
pub async fn step(
    conn: &mut Conn,
    id: i64,
    version: i64,
    stage: &str,
    set: &str,
    values: Vec<Arg>,
) -> sqlx::Result<bool> {
    super::update_step(conn, "complaint", id, version, stage, set, values).await
}

/// Links the nonconformity or recall a complaint opened, when the version is the one read and
/// nothing is linked yet.
pub async fn link_finding(conn: &mut Conn, id: i64, version: i64, finding: Finding, value: i64) -> sqlx::Result<bool> {
    let column = match finding {
        Finding::Nonconformity => "nonconformity_id",
        Finding::Recall => "recall_id",
    };
    let done = sqlx::query(&format!(
        "UPDATE complaint SET {column} = $1, version = version + 1 WHERE id = $2 AND version = $3 AND {column} IS NULL"
    ))
    .bind(value)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The sales rep a complaint counts against: the rep of its delivery note's order, else of
/// the customer's latest order.
pub async fn sales_rep_of(
    conn: &mut Conn,
    delivery_note_id: Option<i64>,
    customer_id: i64,
) -> sqlx::Result<Option<String>> {
    if let Some(note) = delivery_note_id {
        let rep = sqlx::query(
            "SELECT o.sales_rep FROM delivery_note n JOIN sales_order o ON o.id = n.order_id WHERE n.id = $1",
        )
        .bind(note)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(r) = rep {
            return r.try_get("sales_rep");
        }
    }
    let rep = sqlx::query(
        "SELECT sales_rep FROM sales_order WHERE customer_id = $1 ORDER BY order_date DESC, id DESC LIMIT 1",
    )
    .bind(customer_id)
    .fetch_optional(&mut *conn)
    .await?;
    rep.map(|r| r.try_get("sales_rep")).transpose()
}

/// The sales rep of every complaint received in `[from, to)` (ms), through the received-at
/// index: what the performance page counts.
pub async fn reps_between(conn: &mut Conn, from: i64, to: i64) -> sqlx::Result<Vec<Option<String>>> {
    let rows = sqlx::query("SELECT sales_rep FROM complaint WHERE received_at >= $1 AND received_at < $2")
        .bind(from)
        .bind(to)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| r.try_get("sales_rep")).collect()
}

/// For each complaint of `ids`, the earlier complaints of its product and category received
/// in the `window_ms` before it: `(complaint, earlier, its received_at)`, in no particular
/// order. One query for a whole page; each complaint's earlier ones come from the (product,
/// category, received) index.
pub async fn earlier(conn: &mut Conn, ids: &[i64], window_ms: i64) -> sqlx::Result<Vec<(i64, i64, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT c.id AS complaint_id, e.id AS earlier_id, e.received_at FROM complaint c \
         JOIN complaint e ON e.product_id = c.product_id AND e.category = c.category \
         AND e.received_at >= c.received_at - $1 AND e.received_at < c.received_at \
         WHERE c.id IN ({})",
        super::placeholders(2, ids.len())
    );
    let mut q = sqlx::query(&sql).bind(window_ms);
    for id in ids {
        q = q.bind(*id);
    }
    let rows = q.fetch_all(&mut *conn).await?;
    rows.iter().map(|r| Ok((r.try_get("complaint_id")?, r.try_get("earlier_id")?, r.try_get("received_at")?))).collect()
}

/// Newest received first, `limit` rows after the cursor `(received_at, id)`.
pub async fn list(
    conn: &mut Conn,
    f: &DeskFilter,
    cursor: Option<(i64, i64)>,
    limit: i64,
) -> sqlx::Result<Vec<ComplaintRow>> {
    let w = f.conditions(SELECT, "x", cursor);
    let rows = w.fetch_all(conn, "ORDER BY x.received_at DESC, x.id DESC LIMIT $limit", limit).await?;
    rows.iter().map(from_row).collect()
}

/// The complaints at one stage, oldest first (at most `limit`): what the service board reads.
pub async fn working(conn: &mut Conn, stage: &str, limit: i64) -> sqlx::Result<Vec<ComplaintRow>> {
    let rows = sqlx::query(&format!("{SELECT} WHERE x.status = $1 ORDER BY x.received_at, x.id LIMIT $2"))
        .bind(stage)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}
