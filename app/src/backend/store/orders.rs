//! Orders, their lines, price exceptions, amendments, revisions, date changes and
//! escalations.

use super::{Arg, Conditions, Conn};
use crate::backend::db::{get_bool, rfc3339};
use crate::domain::order::*;
use sqlx::any::AnyRow;
use sqlx::Row;

/// Next number of a yearly sequence (`SO-2026-000001`); the row lock serialises writers.
pub async fn next_number(conn: &mut Conn, name: &str, year: i32) -> sqlx::Result<i64> {
    let updated = sqlx::query(
        "UPDATE number_sequence SET next_value = next_value + 1 WHERE name = $1 AND year = $2 RETURNING next_value",
    )
    .bind(name)
    .bind(year)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = updated {
        return row.try_get::<i64, _>("next_value").map(|n| n - 1);
    }
    sqlx::query("INSERT INTO number_sequence (name, year, next_value) VALUES ($1, $2, 2)")
        .bind(name)
        .bind(year)
        .execute(&mut *conn)
        .await?;
    Ok(1)
}

pub struct NewOrder<'a> {
    pub number: &'a str,
    pub customer_id: i64,
    pub sales_rep: &'a str,
    pub order_date: &'a str,
    pub requested_delivery_date: &'a str,
    pub contract_ref: Option<&'a str>,
    pub total_fen: i64,
    pub now: i64,
}

pub async fn insert(conn: &mut Conn, o: &NewOrder<'_>) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO sales_order (number, customer_id, sales_rep, status, order_date, requested_delivery_date, contract_ref, \
         total_fen, created_at, updated_at) VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(o.number)
    .bind(o.customer_id)
    .bind(o.sales_rep)
    .bind(o.order_date)
    .bind(o.requested_delivery_date)
    .bind(o.contract_ref)
    .bind(o.total_fen)
    .bind(o.now)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

pub struct NewLine {
    pub product_id: i64,
    pub quantity_milli: i64,
    pub unit_price_fen: i64,
    pub list_price_fen: i64,
}

/// Replaces the lines of an order that has delivered nothing yet (the former lines live on
/// in the revision snapshots and the audit trail).
pub async fn replace_lines(conn: &mut Conn, order_id: i64, lines: &[NewLine]) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM order_line WHERE order_id = $1 AND delivered_milli = 0")
        .bind(order_id)
        .execute(&mut *conn)
        .await?;
    for (i, l) in lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO order_line (order_id, position, product_id, quantity_milli, unit_price_fen, list_price_fen) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(order_id)
        .bind(i as i64 + 1)
        .bind(l.product_id)
        .bind(l.quantity_milli)
        .bind(l.unit_price_fen)
        .bind(l.list_price_fen)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Updates status (and the fields that go with it) if `version` is current.
pub async fn set_status(
    conn: &mut Conn,
    id: i64,
    version: i64,
    status: OrderStatus,
    reason: Option<&str>,
    approved_by: Option<&str>,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE sales_order SET status = $1, status_reason = COALESCE($2, status_reason), \
         approved_by = COALESCE($3, approved_by), approved_at = CASE WHEN $3 IS NULL THEN approved_at ELSE $4 END, \
         submitted_at = CASE WHEN $1 = 'submitted' THEN $4 ELSE submitted_at END, \
         readiness = CASE WHEN $1 IN ('approved', 'in_fulfilment') THEN readiness ELSE 'n/a' END, \
         updated_at = $4, version = version + 1 WHERE id = $5 AND version = $6",
    )
    .bind(status.key())
    .bind(reason)
    .bind(approved_by)
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Rewrites the header after an edit or an approved amendment, if `version` is current.
#[allow(clippy::too_many_arguments)]
pub async fn update_header(
    conn: &mut Conn,
    id: i64,
    version: i64,
    customer_id: i64,
    delivery_date: &str,
    contract_ref: Option<&str>,
    total_fen: i64,
    revision: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE sales_order SET customer_id = $1, requested_delivery_date = $2, contract_ref = $3, total_fen = $4, \
         revision = $5, updated_at = $6, version = version + 1 WHERE id = $7 AND version = $8",
    )
    .bind(customer_id)
    .bind(delivery_date)
    .bind(contract_ref)
    .bind(total_fen)
    .bind(revision)
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_delivery_date(conn: &mut Conn, id: i64, version: i64, date: &str, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE sales_order SET requested_delivery_date = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4")
        .bind(date)
        .bind(now)
        .bind(id)
        .bind(version)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_readiness(conn: &mut Conn, id: i64, readiness: Readiness) -> sqlx::Result<()> {
    sqlx::query("UPDATE sales_order SET readiness = $1 WHERE id = $2")
        .bind(readiness.key())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

const SUMMARY: &str =
    "SELECT o.id, o.version, o.number, o.customer_id, c.name AS customer_name, o.sales_rep, o.status, \
    o.order_date, o.requested_delivery_date, o.readiness, o.total_fen, o.revision \
    FROM sales_order o JOIN customer c ON c.id = o.customer_id";

fn summary_from_row(r: &AnyRow) -> sqlx::Result<OrderSummary> {
    Ok(OrderSummary {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        number: r.try_get("number")?,
        customer_id: r.try_get("customer_id")?,
        customer_name: r.try_get("customer_name")?,
        sales_rep: r.try_get("sales_rep")?,
        status: OrderStatus::parse(&r.try_get::<String, _>("status")?).unwrap_or(OrderStatus::Draft),
        order_date: r.try_get("order_date")?,
        requested_delivery_date: r.try_get("requested_delivery_date")?,
        readiness: Readiness::parse(&r.try_get::<String, _>("readiness")?),
        total_fen: r.try_get("total_fen")?,
        revision: r.try_get("revision")?,
    })
}

/// The register, newest first: keyset paging on (order_date, id); each filter given
/// becomes a condition its index serves.
pub async fn list(
    conn: &mut Conn,
    f: &OrderFilter,
    cursor: Option<(String, i64)>,
    limit: i64,
) -> sqlx::Result<Vec<OrderSummary>> {
    let mut w = Conditions::new(SUMMARY);
    if let Some((date, id)) = cursor {
        w.and("(o.order_date, o.id) < ($1, $2)", vec![Arg::Text(date), Arg::Int(id)]);
    }
    if let Some(s) = f.status.clone().filter(|s| !s.is_empty()) {
        w.and("o.status = $1", vec![Arg::Text(s)]);
    }
    if let Some(c) = f.customer_id {
        w.and("o.customer_id = $1", vec![Arg::Int(c)]);
    }
    if let Some(r) = f.sales_rep.clone().filter(|s| !s.is_empty()) {
        w.and("o.sales_rep = $1", vec![Arg::Text(r)]);
    }
    if let Some(d) = f.from.clone().filter(|s| !s.is_empty()) {
        w.and("o.order_date >= $1", vec![Arg::Text(d)]);
    }
    if let Some(d) = f.to.clone().filter(|s| !s.is_empty()) {
        w.and("o.order_date <= $1", vec![Arg::Text(d)]);
    }
    let rows = w.fetch_all(conn, "ORDER BY o.order_date DESC, o.id DESC LIMIT $limit", limit).await?;
    rows.iter().map(summary_from_row).collect()
}

pub async fn summary(conn: &mut Conn, id: i64) -> sqlx::Result<Option<OrderSummary>> {
    let row = sqlx::query(&format!("{SUMMARY} WHERE o.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(summary_from_row).transpose()
}

/// Open orders whose delivery date is on or before `until`, by date, for the readiness check
/// and the deadlines board (open orders are a bounded set: read per status, sorted here).
pub async fn open_due(conn: &mut Conn, until: &str) -> sqlx::Result<Vec<OrderSummary>> {
    let rows = sqlx::query(&format!(
        "{SUMMARY} WHERE o.status IN ('approved', 'in_fulfilment') AND o.requested_delivery_date <= $1"
    ))
    .bind(until)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = rows.iter().map(summary_from_row).collect::<sqlx::Result<Vec<_>>>()?;
    out.sort_by(|a, b| (&a.requested_delivery_date, a.id).cmp(&(&b.requested_delivery_date, b.id)));
    Ok(out)
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Order>> {
    let Some(r) = sqlx::query(
        "SELECT o.*, c.code AS customer_code, c.name AS customer_name FROM sales_order o JOIN customer c ON c.id = o.customer_id WHERE o.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let mut order = Order {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        number: r.try_get("number")?,
        customer_id: r.try_get("customer_id")?,
        customer_code: r.try_get("customer_code")?,
        customer_name: r.try_get("customer_name")?,
        sales_rep: r.try_get("sales_rep")?,
        status: OrderStatus::parse(&r.try_get::<String, _>("status")?).unwrap_or(OrderStatus::Draft),
        order_date: r.try_get("order_date")?,
        requested_delivery_date: r.try_get("requested_delivery_date")?,
        contract_ref: r.try_get("contract_ref")?,
        readiness: Readiness::parse(&r.try_get::<String, _>("readiness")?),
        revision: r.try_get("revision")?,
        total_fen: r.try_get("total_fen")?,
        approved_by: r.try_get("approved_by")?,
        approved_at: r.try_get::<Option<i64>, _>("approved_at")?.map(rfc3339),
        status_reason: r.try_get("status_reason")?,
        created_at: rfc3339(r.try_get("created_at")?),
        lines: Vec::new(),
        price_exceptions: Vec::new(),
        amendments: Vec::new(),
        revisions: Vec::new(),
        date_changes: Vec::new(),
    };
    order.lines = lines(conn, id).await?;
    order.price_exceptions = price_exceptions_of(conn, id).await?;
    order.amendments = amendments_of(conn, id).await?;
    order.revisions = revisions_of(conn, id).await?;
    order.date_changes = date_changes_of(conn, id).await?;
    Ok(Some(order))
}

pub async fn lines(conn: &mut Conn, order_id: i64) -> sqlx::Result<Vec<OrderLine>> {
    let rows = sqlx::query(
        "SELECT l.id, l.position, l.product_id, p.code AS product_code, p.name AS product_name, p.unit, p.hazardous, \
         l.quantity_milli, l.unit_price_fen, l.list_price_fen, l.delivered_milli \
         FROM order_line l JOIN product p ON p.id = l.product_id WHERE l.order_id = $1 ORDER BY l.position",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let q: i64 = r.try_get("quantity_milli")?;
            let price: i64 = r.try_get("unit_price_fen")?;
            Ok(OrderLine {
                id: r.try_get("id")?,
                position: r.try_get("position")?,
                product_id: r.try_get("product_id")?,
                product_code: r.try_get("product_code")?,
                product_name: r.try_get("product_name")?,
                unit: r.try_get("unit")?,
                hazardous: get_bool(r, "hazardous"),
                quantity: from_milli(q),
                unit_price_fen: price,
                list_price_fen: r.try_get("list_price_fen")?,
                delivered_quantity: from_milli(r.try_get("delivered_milli")?),
                amount_fen: line_amount(q, price),
            })
        })
        .collect()
}

pub use crate::domain::order_line::line_amount;

pub async fn insert_price_exception(
    conn: &mut Conn,
    order_id: i64,
    product_id: i64,
    list_price_fen: i64,
    unit_price_fen: i64,
    requested_by: &str,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO price_exception (order_id, product_id, list_price_fen, unit_price_fen, status, requested_by, created_at) \
         VALUES ($1, $2, $3, $4, 'pending', $5, $6) RETURNING id",
    )
    .bind(order_id)
    .bind(product_id)
    .bind(list_price_fen)
    .bind(unit_price_fen)
    .bind(requested_by)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

/// Withdraws undecided exceptions when the lines they were about are replaced.
pub async fn withdraw_pending_exceptions(conn: &mut Conn, order_id: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE price_exception SET status = 'withdrawn', decided_at = $1, version = version + 1 \
         WHERE order_id = $2 AND status = 'pending'",
    )
    .bind(now)
    .bind(order_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

const EXCEPTION: &str = "SELECT x.id, x.version, x.order_id, x.product_id, p.name AS product_name, x.list_price_fen, \
    x.unit_price_fen, x.status, x.requested_by, x.decided_by, x.decided_at, x.decision_reason \
    FROM price_exception x JOIN product p ON p.id = x.product_id";

fn exception_from_row(r: &AnyRow) -> sqlx::Result<PriceException> {
    Ok(PriceException {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        order_id: r.try_get("order_id")?,
        product_id: r.try_get("product_id")?,
        product_name: r.try_get("product_name")?,
        list_price_fen: r.try_get("list_price_fen")?,
        unit_price_fen: r.try_get("unit_price_fen")?,
        status: Decision::parse(&r.try_get::<String, _>("status")?),
        requested_by: r.try_get("requested_by")?,
        decided_by: r.try_get("decided_by")?,
        decided_at: r.try_get::<Option<i64>, _>("decided_at")?.map(rfc3339),
        decision_reason: r.try_get("decision_reason")?,
    })
}

pub async fn price_exceptions_of(conn: &mut Conn, order_id: i64) -> sqlx::Result<Vec<PriceException>> {
    let rows = sqlx::query(&format!("{EXCEPTION} WHERE x.order_id = $1 ORDER BY x.id"))
        .bind(order_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(exception_from_row).collect()
}

pub async fn price_exception(conn: &mut Conn, id: i64) -> sqlx::Result<Option<PriceException>> {
    let row = sqlx::query(&format!("{EXCEPTION} WHERE x.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(exception_from_row).transpose()
}

/// Undecided exceptions of an order: they block its approval.
pub async fn open_exception_count(conn: &mut Conn, order_id: i64) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) AS n FROM price_exception WHERE order_id = $1 AND status = 'pending'")
        .bind(order_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")
}

/// Who decided what, when, and why.
pub struct Verdict<'a> {
    pub decision: Decision,
    pub by: &'a str,
    pub reason: Option<&'a str>,
    pub now: i64,
}

/// Records a decision if the item is still pending at `version`.
pub async fn decide(conn: &mut Conn, table: Decided, id: i64, version: i64, v: &Verdict<'_>) -> sqlx::Result<bool> {
    let sql = format!(
        "UPDATE {} SET status = $1, decided_by = $2, decided_at = $3, decision_reason = $4, version = version + 1 \
         WHERE id = $5 AND version = $6 AND status = 'pending'",
        table.name()
    );
    let done = sqlx::query(&sql)
        .bind(v.decision.key())
        .bind(v.by)
        .bind(v.now)
        .bind(v.reason)
        .bind(id)
        .bind(version)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, Clone, Copy)]
pub enum Decided {
    PriceException,
    Amendment,
}

impl Decided {
    fn name(self) -> &'static str {
        match self {
            Decided::PriceException => "price_exception",
            Decided::Amendment => "order_amendment",
        }
    }
}

pub async fn insert_amendment(
    conn: &mut Conn,
    order_id: i64,
    requested_by: &str,
    reason: &str,
    changes: &str,
    base_revision: i64,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO order_amendment (order_id, status, requested_by, reason, changes_json, base_revision, created_at) \
         VALUES ($1, 'pending', $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(order_id)
    .bind(requested_by)
    .bind(reason)
    .bind(changes)
    .bind(base_revision)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

const AMENDMENT: &str =
    "SELECT id, version, order_id, status, requested_by, reason, changes_json, base_revision, decided_by, \
    decided_at, decision_reason, created_at FROM order_amendment";

fn amendment_from_row(r: &AnyRow) -> sqlx::Result<Amendment> {
    let changes: String = r.try_get("changes_json")?;
    Ok(Amendment {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        order_id: r.try_get("order_id")?,
        status: Decision::parse(&r.try_get::<String, _>("status")?),
        requested_by: r.try_get("requested_by")?,
        reason: r.try_get("reason")?,
        changes: serde_json::from_str(&changes).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        base_revision: r.try_get("base_revision")?,
        decided_by: r.try_get("decided_by")?,
        decided_at: r.try_get::<Option<i64>, _>("decided_at")?.map(rfc3339),
        decision_reason: r.try_get("decision_reason")?,
        created_at: rfc3339(r.try_get("created_at")?),
    })
}

pub async fn amendments_of(conn: &mut Conn, order_id: i64) -> sqlx::Result<Vec<Amendment>> {
    let rows = sqlx::query(&format!("{AMENDMENT} WHERE order_id = $1 ORDER BY id"))
        .bind(order_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(amendment_from_row).collect()
}

pub async fn amendment(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Amendment>> {
    let row = sqlx::query(&format!("{AMENDMENT} WHERE id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(amendment_from_row).transpose()
}

pub async fn pending_amendment_count(conn: &mut Conn, order_id: i64) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) AS n FROM order_amendment WHERE order_id = $1 AND status = 'pending'")
        .bind(order_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")
}

pub async fn insert_revision(
    conn: &mut Conn,
    order_id: i64,
    revision: i64,
    snapshot: &str,
    approved_by: &str,
    amendment_id: Option<i64>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO order_revision (order_id, revision, snapshot_json, approved_by, approved_at, amendment_id) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(order_id)
    .bind(revision)
    .bind(snapshot)
    .bind(approved_by)
    .bind(now)
    .bind(amendment_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn revisions_of(conn: &mut Conn, order_id: i64) -> sqlx::Result<Vec<Revision>> {
    let rows = sqlx::query("SELECT revision, snapshot_json, approved_by, approved_at, amendment_id FROM order_revision WHERE order_id = $1 ORDER BY revision")
        .bind(order_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Revision {
                revision: r.try_get("revision")?,
                approved_by: r.try_get("approved_by")?,
                approved_at: rfc3339(r.try_get("approved_at")?),
                amendment_id: r.try_get("amendment_id")?,
                snapshot: r.try_get("snapshot_json")?,
            })
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_date_change(
    conn: &mut Conn,
    order_id: i64,
    old: &str,
    new: &str,
    reason: &str,
    agreed_by: &str,
    agreed_at: &str,
    by: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO delivery_date_change (order_id, old_date, new_date, reason, agreed_by, agreed_at, recorded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(order_id)
    .bind(old)
    .bind(new)
    .bind(reason)
    .bind(agreed_by)
    .bind(agreed_at)
    .bind(by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn date_changes_of(conn: &mut Conn, order_id: i64) -> sqlx::Result<Vec<DateChange>> {
    let rows = sqlx::query(
        "SELECT id, old_date, new_date, reason, agreed_by, agreed_at, recorded_by, created_at FROM delivery_date_change WHERE order_id = $1 ORDER BY id",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(DateChange {
                id: r.try_get("id")?,
                old_date: r.try_get("old_date")?,
                new_date: r.try_get("new_date")?,
                reason: r.try_get("reason")?,
                agreed_by: r.try_get("agreed_by")?,
                agreed_at: r.try_get("agreed_at")?,
                recorded_by: r.try_get("recorded_by")?,
                created_at: rfc3339(r.try_get("created_at")?),
            })
        })
        .collect()
}

/// Opens an escalation for an order unless one of that kind is already open.
pub async fn open_escalation(conn: &mut Conn, order_id: i64, kind: &str, note: &str, now: i64) -> sqlx::Result<bool> {
    let open: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM escalation WHERE order_id = $1 AND kind = $2 AND status = 'open'")
            .bind(order_id)
            .bind(kind)
            .fetch_one(&mut *conn)
            .await?
            .try_get("n")?;
    if open > 0 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO escalation (order_id, kind, status, note, created_at) VALUES ($1, $2, 'open', $3, $4)")
        .bind(order_id)
        .bind(kind)
        .bind(note)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

/// Closes open escalations of an order (it became ready, or was closed otherwise); returns
/// how many were open.
pub async fn close_escalations(conn: &mut Conn, order_id: i64, by: &str, now: i64) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE escalation SET status = 'closed', closed_at = $1, closed_by = $2 WHERE order_id = $3 AND status = 'open'",
    )
    .bind(now)
    .bind(by)
    .bind(order_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// Whether a line's price already has a pending or approved exception.
pub async fn has_live_exception(
    conn: &mut Conn,
    order_id: i64,
    product_id: i64,
    unit_price_fen: i64,
) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM price_exception WHERE order_id = $1 AND product_id = $2 AND unit_price_fen = $3 \
         AND status IN ('pending', 'approved')",
    )
    .bind(order_id)
    .bind(product_id)
    .bind(unit_price_fen)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?;
    Ok(n > 0)
}

/// Open readiness escalations by delivery date, with their orders (the open ones are few: read
/// from the status index, sorted here).
pub async fn open_escalations(conn: &mut Conn) -> sqlx::Result<Vec<Escalation>> {
    let rows = sqlx::query(
        "SELECT e.id, e.order_id, o.number, c.name AS customer_name, o.requested_delivery_date, o.readiness, o.sales_rep, \
         e.note, e.created_at FROM escalation e JOIN sales_order o ON o.id = e.order_id JOIN customer c ON c.id = o.customer_id \
         WHERE e.status = 'open' ORDER BY e.id LIMIT 500",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<Escalation> = rows
        .iter()
        .map(|r| {
            Ok(Escalation {
                id: r.try_get("id")?,
                order_id: r.try_get("order_id")?,
                order_number: r.try_get("number")?,
                customer_name: r.try_get("customer_name")?,
                requested_delivery_date: r.try_get("requested_delivery_date")?,
                readiness: Readiness::parse(&r.try_get::<String, _>("readiness")?),
                sales_rep: r.try_get("sales_rep")?,
                note: r.try_get("note")?,
                created_at: rfc3339(r.try_get("created_at")?),
            })
        })
        .collect::<sqlx::Result<_>>()?;
    out.sort_by(|a, b| (&a.requested_delivery_date, a.id).cmp(&(&b.requested_delivery_date, b.id)));
    Ok(out)
}

/// Adds a received quantity to an order line.
pub async fn add_delivered(conn: &mut Conn, order_line_id: i64, milli: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE order_line SET delivered_milli = delivered_milli + $1 WHERE id = $2")
        .bind(milli)
        .bind(order_line_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
