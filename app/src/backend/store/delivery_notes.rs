//! Delivery notes and their lines (with the batch each line takes).

use super::{Arg, Conditions, Conn};
use crate::backend::db::{get_bool, rfc3339};
use crate::backend::files;
use crate::domain::delivery::*;
use crate::domain::order::{from_milli, Milli};
use sqlx::any::AnyRow;
use sqlx::Row;

pub async fn insert(
    conn: &mut Conn,
    number: &str,
    order_id: i64,
    customer_id: i64,
    delivery_date: &str,
    by: &str,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO delivery_note (number, order_id, customer_id, delivery_date, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'draft', $5, $6, $6) RETURNING id",
    )
    .bind(number)
    .bind(order_id)
    .bind(customer_id)
    .bind(delivery_date)
    .bind(by)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

pub struct NewNoteLine {
    pub order_line_id: i64,
    pub product_id: i64,
    pub batch_id: Option<i64>,
    pub quantity_milli: Milli,
}

pub async fn replace_lines(conn: &mut Conn, note_id: i64, lines: &[NewNoteLine]) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM delivery_note_line WHERE note_id = $1").bind(note_id).execute(&mut *conn).await?;
    for (i, l) in lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO delivery_note_line (note_id, position, order_line_id, product_id, batch_id, quantity_milli) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(note_id)
        .bind(i as i64 + 1)
        .bind(l.order_line_id)
        .bind(l.product_id)
        .bind(l.batch_id)
        .bind(l.quantity_milli)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn update_header(
    conn: &mut Conn,
    id: i64,
    version: i64,
    delivery_date: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE delivery_note SET delivery_date = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4",
    )
    .bind(delivery_date)
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves a note to `status` if `version` is current; `set` adds column assignments whose
/// values are bound after the fixed four (`$5`…).
pub async fn set_status(
    conn: &mut Conn,
    id: i64,
    version: i64,
    status: NoteStatus,
    now: i64,
    set: &str,
    values: Vec<Arg>,
) -> sqlx::Result<bool> {
    let sql = format!(
        "UPDATE delivery_note SET status = $1, updated_at = $2, version = version + 1{}{set} WHERE id = $3 AND version = $4",
        if set.is_empty() { "" } else { ", " }
    );
    let mut q = sqlx::query(&sql).bind(status.key()).bind(now).bind(id).bind(version);
    for v in values {
        q = match v {
            Arg::Text(t) => q.bind(t),
            Arg::Int(i) => q.bind(i),
            Arg::Bool(b) => q.bind(b),
        };
    }
    Ok(q.execute(&mut *conn).await?.rows_affected() == 1)
}

pub struct ReceiptRow<'a> {
    pub receiver_name: &'a str,
    pub signature: &'a str,
    pub photo: Option<&'a str>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub device_ms: i64,
    pub flagged: bool,
    pub key: Option<&'a str>,
}

/// Records the receipt on a loaded note (once: the status condition makes a second one fail).
pub async fn record_receipt(conn: &mut Conn, id: i64, r: &ReceiptRow<'_>, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE delivery_note SET status = 'delivered', receiver_name = $1, customer_signature = $2, photo = $3, \
         latitude = $4, longitude = $5, received_at_device = $6, received_at_server = $7, receipt_flagged = $8, \
         receipt_key = $9, updated_at = $7, version = version + 1 WHERE id = $10 AND status = 'loaded'",
    )
    .bind(r.receiver_name)
    .bind(r.signature)
    .bind(r.photo)
    .bind(r.latitude)
    .bind(r.longitude)
    .bind(r.device_ms)
    .bind(now)
    .bind(r.flagged)
    .bind(r.key)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_received(conn: &mut Conn, line_id: i64, received: Milli, note: Option<&str>) -> sqlx::Result<()> {
    sqlx::query("UPDATE delivery_note_line SET received_milli = $1, exception_note = $2 WHERE id = $3")
        .bind(received)
        .bind(note)
        .bind(line_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

const SUMMARY: &str =
    "SELECT n.id, n.version, n.number, n.order_id, o.number AS order_number, c.name AS customer_name, \
    n.delivery_date, n.status, n.driver_username, n.created_by, \
    (SELECT COUNT(*) FROM emergency_release r WHERE r.delivery_note_id = n.id AND r.status = 'approved') AS releases \
    FROM delivery_note n JOIN sales_order o ON o.id = n.order_id JOIN customer c ON c.id = n.customer_id";

fn summary_from_row(r: &AnyRow) -> sqlx::Result<NoteSummary> {
    Ok(NoteSummary {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        number: r.try_get("number")?,
        order_id: r.try_get("order_id")?,
        order_number: r.try_get("order_number")?,
        customer_name: r.try_get("customer_name")?,
        delivery_date: r.try_get("delivery_date")?,
        status: NoteStatus::parse(&r.try_get::<String, _>("status")?).unwrap_or(NoteStatus::Draft),
        driver_username: r.try_get("driver_username")?,
        emergency: r.try_get::<i64, _>("releases")? > 0,
        created_by: r.try_get("created_by")?,
    })
}

/// Notes by delivery date, newest first; `driver` limits to one driver's notes.
pub async fn list(
    conn: &mut Conn,
    f: &NoteFilter,
    driver: Option<&str>,
    cursor: Option<(String, i64)>,
    limit: i64,
) -> sqlx::Result<Vec<NoteSummary>> {
    let mut w = Conditions::new(SUMMARY);
    if let Some((date, id)) = cursor {
        w.and("(n.delivery_date, n.id) < ($1, $2)", vec![Arg::Text(date), Arg::Int(id)]);
    }
    if let Some(s) = f.status.clone().filter(|s| !s.is_empty()) {
        w.and("n.status = $1", vec![Arg::Text(s)]);
    }
    if let Some(o) = f.order_id {
        w.and("n.order_id = $1", vec![Arg::Int(o)]);
    }
    if let Some(d) = driver {
        w.and("n.driver_username = $1", vec![Arg::Text(d.to_string())]);
    }
    let rows = w.fetch_all(conn, "ORDER BY n.delivery_date DESC, n.id DESC LIMIT $limit", limit).await?;
    rows.iter().map(summary_from_row).collect()
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<DeliveryNote>> {
    let Some(r) = sqlx::query(
        "SELECT n.*, o.number AS order_number, c.name AS customer_name, c.address AS customer_address, \
         c.hazardous_permit_no AS permit_no FROM delivery_note n JOIN sales_order o ON o.id = n.order_id \
         JOIN customer c ON c.id = n.customer_id WHERE n.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let lines = lines(conn, id).await?;
    let status = NoteStatus::parse(&r.try_get::<String, _>("status")?).unwrap_or(NoteStatus::Draft);
    let receipt = match r.try_get::<Option<String>, _>("receiver_name")? {
        Some(receiver_name) => Some(Receipt {
            receiver_name,
            signature: files::image_ref(r.try_get("customer_signature")?).unwrap_or_default(),
            received_at_device: rfc3339(r.try_get::<Option<i64>, _>("received_at_device")?.unwrap_or(0)),
            received_at_server: rfc3339(r.try_get::<Option<i64>, _>("received_at_server")?.unwrap_or(0)),
            flagged: get_bool(&r, "receipt_flagged"),
            photo: files::image_ref(r.try_get("photo")?),
            latitude: r.try_get("latitude")?,
            longitude: r.try_get("longitude")?,
        }),
        None => None,
    };
    Ok(Some(DeliveryNote {
        id,
        version: r.try_get("version")?,
        number: r.try_get("number")?,
        order_id: r.try_get("order_id")?,
        order_number: r.try_get("order_number")?,
        customer_id: r.try_get("customer_id")?,
        customer_name: r.try_get("customer_name")?,
        customer_address: r.try_get::<Option<String>, _>("customer_address")?.unwrap_or_default(),
        delivery_date: r.try_get("delivery_date")?,
        status,
        created_by: r.try_get("created_by")?,
        approved_by: r.try_get("approved_by")?,
        approved_at: r.try_get::<Option<i64>, _>("approved_at")?.map(rfc3339),
        driver_username: r.try_get("driver_username")?,
        vehicle: r.try_get("vehicle")?,
        loaded_by: r.try_get("loaded_by")?,
        loaded_at: r.try_get::<Option<i64>, _>("loaded_at")?.map(rfc3339),
        warehouse_signature: files::image_ref(r.try_get("warehouse_signature")?),
        driver_signature: files::image_ref(r.try_get("driver_signature")?),
        permit_no: r.try_get("permit_no")?,
        emergency: lines.iter().any(|l| l.emergency_release_id.is_some()),
        lines,
        receipt,
        created_at: rfc3339(r.try_get("created_at")?),
        documents: Vec::new(),
    }))
}

pub async fn lines(conn: &mut Conn, note_id: i64) -> sqlx::Result<Vec<NoteLine>> {
    let rows = sqlx::query(
        "SELECT l.*, p.code AS product_code, p.name AS product_name, p.unit, p.hazardous, b.batch_no, b.status AS batch_status, \
         (SELECT MAX(r.id) FROM emergency_release r WHERE r.batch_id = l.batch_id AND r.delivery_note_id = l.note_id \
          AND r.status = 'approved') AS release_id \
         FROM delivery_note_line l JOIN product p ON p.id = l.product_id LEFT JOIN batch b ON b.id = l.batch_id \
         WHERE l.note_id = $1 ORDER BY l.position",
    )
    .bind(note_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(NoteLine {
                id: r.try_get("id")?,
                position: r.try_get("position")?,
                order_line_id: r.try_get("order_line_id")?,
                product_id: r.try_get("product_id")?,
                product_code: r.try_get("product_code")?,
                product_name: r.try_get("product_name")?,
                unit: r.try_get("unit")?,
                hazardous: get_bool(r, "hazardous"),
                batch_id: r.try_get("batch_id")?,
                batch_no: r.try_get("batch_no")?,
                batch_status: r.try_get("batch_status")?,
                emergency_release_id: r.try_get("release_id")?,
                quantity: from_milli(r.try_get("quantity_milli")?),
                received_quantity: r.try_get::<Option<i64>, _>("received_milli")?.map(from_milli),
                exception_note: r.try_get("exception_note")?,
            })
        })
        .collect()
}

/// Quantity of an order line on notes other than `note_id` that are neither cancelled nor
/// delivered (delivered quantities are already on the order line).
pub async fn pending_on_other_notes(conn: &mut Conn, order_line_id: i64, note_id: i64) -> sqlx::Result<Milli> {
    sqlx::query(
        "SELECT CAST(COALESCE(SUM(l.quantity_milli), 0) AS BIGINT) AS q FROM delivery_note_line l JOIN delivery_note n ON n.id = l.note_id \
         WHERE l.order_line_id = $1 AND l.note_id <> $2 AND n.status NOT IN ('cancelled', 'delivered')",
    )
    .bind(order_line_id)
    .bind(note_id)
    .fetch_one(&mut *conn)
    .await?
    .try_get("q")
}

/// The note that recorded a receipt under this idempotency key, if any.
pub async fn by_receipt_key(conn: &mut Conn, id: i64, key: &str) -> sqlx::Result<bool> {
    Ok(sqlx::query("SELECT 1 AS one FROM delivery_note WHERE id = $1 AND receipt_key = $2")
        .bind(id)
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?
        .is_some())
}

/// Drafts with every line allocated, earliest delivery date first: waiting for the sales
/// manager.
pub async fn waiting_approval(conn: &mut Conn) -> sqlx::Result<Vec<(i64, i64, String, String, String, i64)>> {
    let rows = sqlx::query(
        "SELECT n.id, n.order_id, n.number, c.name AS customer_name, n.created_by, n.updated_at FROM delivery_note n \
         JOIN customer c ON c.id = n.customer_id WHERE n.status = 'draft' \
         AND NOT EXISTS (SELECT 1 FROM delivery_note_line l WHERE l.note_id = n.id AND l.batch_id IS NULL) ORDER BY n.delivery_date, n.id LIMIT 500",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                r.try_get("order_id")?,
                r.try_get("number")?,
                r.try_get("customer_name")?,
                r.try_get("created_by")?,
                r.try_get("updated_at")?,
            ))
        })
        .collect()
}

pub async fn set_line_batch(conn: &mut Conn, line_id: i64, batch_id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE delivery_note_line SET batch_id = $1 WHERE id = $2")
        .bind(batch_id)
        .bind(line_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// What live delivery notes (not cancelled, not yet delivered) carry of an order line with a
/// batch allocated: the readiness check counts it as covered.
pub async fn allocated_for_order_line(conn: &mut Conn, order_line_id: i64) -> sqlx::Result<Milli> {
    sqlx::query(
        "SELECT CAST(COALESCE(SUM(l.quantity_milli), 0) AS BIGINT) AS q FROM delivery_note_line l JOIN delivery_note n ON n.id = l.note_id \
         WHERE l.order_line_id = $1 AND l.batch_id IS NOT NULL AND n.status NOT IN ('cancelled', 'delivered')",
    )
    .bind(order_line_id)
    .fetch_one(&mut *conn)
    .await?
    .try_get("q")
}
