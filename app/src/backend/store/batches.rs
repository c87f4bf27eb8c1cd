//! Batches, inspections, nonconformities, emergency releases and recalls.

use super::{one_status_at_a_time, Arg, Conditions, Conn};
use crate::backend::db::{get_bool, rfc3339};
use crate::domain::batch::*;
use crate::domain::order::{from_milli, Decision, Milli};
use sqlx::any::AnyRow;
use sqlx::Row;

const SUMMARY: &str = "SELECT b.id, b.version, b.product_id, p.code AS product_code, p.name AS product_name, p.unit, \
    b.batch_no, b.quantity_milli, b.produced_on, b.status, b.emergency_released, b.certificate_no, b.created_at, \
    b.report_no, b.stocked_by, b.stocked_at, b.created_by, p.indicators_json, \
    (SELECT CAST(COALESCE(SUM(l.quantity_milli), 0) AS BIGINT) FROM delivery_note_line l JOIN delivery_note n ON n.id = l.note_id \
     WHERE l.batch_id = b.id AND n.status <> 'cancelled') AS allocated_milli \
    FROM batch b JOIN product p ON p.id = b.product_id";

fn summary_from_row(r: &AnyRow) -> sqlx::Result<BatchSummary> {
    Ok(BatchSummary {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        product_id: r.try_get("product_id")?,
        product_code: r.try_get("product_code")?,
        product_name: r.try_get("product_name")?,
        unit: r.try_get("unit")?,
        batch_no: r.try_get("batch_no")?,
        quantity: from_milli(r.try_get("quantity_milli")?),
        allocated: from_milli(r.try_get("allocated_milli")?),
        produced_on: r.try_get("produced_on")?,
        status: BatchStatus::parse(&r.try_get::<String, _>("status")?).unwrap_or(BatchStatus::Produced),
        emergency_released: get_bool(r, "emergency_released"),
        certificate_no: r.try_get("certificate_no")?,
        created_at: rfc3339(r.try_get("created_at")?),
    })
}

pub struct NewBatch<'a> {
    pub product_id: i64,
    pub batch_no: &'a str,
    pub quantity_milli: Milli,
    pub produced_on: &'a str,
    pub created_by: &'a str,
    pub now: i64,
}

pub async fn insert(conn: &mut Conn, b: &NewBatch<'_>) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO batch (product_id, batch_no, quantity_milli, produced_on, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'produced', $5, $6, $6) RETURNING id",
    )
    .bind(b.product_id)
    .bind(b.batch_no)
    .bind(b.quantity_milli)
    .bind(b.produced_on)
    .bind(b.created_by)
    .bind(b.now)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

pub async fn summary(conn: &mut Conn, id: i64) -> sqlx::Result<Option<BatchSummary>> {
    let row = sqlx::query(&format!("{SUMMARY} WHERE b.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(summary_from_row).transpose()
}

/// The batch list, newest first (keyset on id); `q`, a whole batch number, finds that batch.
pub async fn list(
    conn: &mut Conn,
    f: &BatchFilter,
    cursor: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<BatchSummary>> {
    if let Some(q) = f.q.as_deref().filter(|q| !q.trim().is_empty()) {
        // A batch number is looked up whole (numbers are upper-case codes): the unique index
        // answers at any size, where a substring search would read every batch.
        let row = sqlx::query(&format!("{SUMMARY} WHERE b.batch_no = $1"))
            .bind(q.trim().to_ascii_uppercase())
            .fetch_optional(&mut *conn)
            .await?;
        return row.as_ref().map(summary_from_row).into_iter().collect();
    }
    let mut w = Conditions::new(SUMMARY);
    if let Some(c) = cursor {
        w.and("b.id < $1", vec![Arg::Int(c)]);
    }
    if let Some(s) = f.status.clone().filter(|s| !s.is_empty()) {
        w.and("b.status = $1", vec![Arg::Text(s)]);
    }
    if let Some(p) = f.product_id {
        w.and("b.product_id = $1", vec![Arg::Int(p)]);
    }
    let rows = w.fetch_all(conn, "ORDER BY b.id DESC LIMIT $limit", limit).await?;
    rows.iter().map(summary_from_row).collect()
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Batch>> {
    let Some(r) = sqlx::query(&format!("{SUMMARY} WHERE b.id = $1")).bind(id).fetch_optional(&mut *conn).await? else {
        return Ok(None);
    };
    let summary = summary_from_row(&r)?;
    let indicators: String = r.try_get("indicators_json")?;
    Ok(Some(Batch {
        report_no: r.try_get("report_no")?,
        stocked_by: r.try_get("stocked_by")?,
        stocked_at: r.try_get::<Option<i64>, _>("stocked_at")?.map(rfc3339),
        created_by: r.try_get("created_by")?,
        indicators: serde_json::from_str(&indicators).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        inspections: inspections_of(conn, id).await?,
        releases: releases_where(conn, "r.batch_id = $1", id).await?,
        nonconformities: nonconformities_where(conn, "x.batch_id = $1", id).await?,
        summary,
    }))
}

/// Moves a batch to `status` if `version` is current.
pub async fn set_status(conn: &mut Conn, id: i64, version: i64, status: BatchStatus, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE batch SET status = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4",
    )
    .bind(status.key())
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_certificates(conn: &mut Conn, id: i64, report_no: &str, certificate_no: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE batch SET report_no = $1, certificate_no = $2 WHERE id = $3")
        .bind(report_no)
        .bind(certificate_no)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn set_stocked(conn: &mut Conn, id: i64, by: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE batch SET stocked_by = $1, stocked_at = $2 WHERE id = $3")
        .bind(by)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn mark_emergency_released(conn: &mut Conn, id: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE batch SET emergency_released = $1, updated_at = $2, version = version + 1 WHERE id = $3")
        .bind(true)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Quantity of a batch allocated on delivery notes other than `note_id` (cancelled notes
/// hold nothing).
pub async fn allocated_elsewhere(conn: &mut Conn, batch_id: i64, note_id: i64) -> sqlx::Result<Milli> {
    sqlx::query(
        "SELECT CAST(COALESCE(SUM(l.quantity_milli), 0) AS BIGINT) AS q FROM delivery_note_line l JOIN delivery_note n ON n.id = l.note_id \
         WHERE l.batch_id = $1 AND l.note_id <> $2 AND n.status <> 'cancelled'",
    )
    .bind(batch_id)
    .bind(note_id)
    .fetch_one(&mut *conn)
    .await?
    .try_get("q")
}

/// In-stock quantity not yet allocated, per product, for the readiness check.
pub async fn free_stock(conn: &mut Conn) -> sqlx::Result<Vec<(i64, Milli)>> {
    let rows = sqlx::query(
        "SELECT b.product_id, CAST(SUM(b.quantity_milli - (SELECT CAST(COALESCE(SUM(l.quantity_milli), 0) AS BIGINT) FROM delivery_note_line l \
         JOIN delivery_note n ON n.id = l.note_id WHERE l.batch_id = b.id AND n.status <> 'cancelled')) AS BIGINT) AS free \
         FROM batch b WHERE b.status = 'in_stock' GROUP BY b.product_id",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((r.try_get("product_id")?, r.try_get("free")?))).collect()
}

pub async fn insert_inspection(
    conn: &mut Conn,
    batch_id: i64,
    results: &[Measured],
    is_final: bool,
    verdict: Verdict,
    inspector: &str,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO inspection (batch_id, results_json, final, verdict, inspector, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(batch_id)
    .bind(serde_json::to_string(results).unwrap_or_else(|_| "[]".into()))
    .bind(is_final)
    .bind(verdict.key())
    .bind(inspector)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

/// Records quality's acceptance of an out-of-spec final result.
pub async fn accept_inspection(conn: &mut Conn, id: i64, by: &str, reason: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE inspection SET accepted_by = $1, accepted_reason = $2 WHERE id = $3")
        .bind(by)
        .bind(reason)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

fn inspection_from_row(r: &AnyRow) -> sqlx::Result<Inspection> {
    let results: String = r.try_get("results_json")?;
    Ok(Inspection {
        id: r.try_get("id")?,
        batch_id: r.try_get("batch_id")?,
        results: serde_json::from_str(&results).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        is_final: get_bool(r, "final"),
        verdict: Verdict::parse(&r.try_get::<String, _>("verdict")?),
        inspector: r.try_get("inspector")?,
        accepted_by: r.try_get("accepted_by")?,
        accepted_reason: r.try_get("accepted_reason")?,
        created_at: rfc3339(r.try_get("created_at")?),
    })
}

pub async fn inspections_of(conn: &mut Conn, batch_id: i64) -> sqlx::Result<Vec<Inspection>> {
    let rows = sqlx::query("SELECT * FROM inspection WHERE batch_id = $1 ORDER BY id")
        .bind(batch_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(inspection_from_row).collect()
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_nonconformity(
    conn: &mut Conn,
    batch_id: i64,
    c: Classification,
    d: Disposition,
    responsible: &str,
    description: Option<&str>,
    by: &str,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO nonconformity (batch_id, classification, disposition, responsible, description, status, opened_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'open', $6, $7) RETURNING id",
    )
    .bind(batch_id)
    .bind(c.key())
    .bind(d.key())
    .bind(responsible)
    .bind(description)
    .bind(by)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

pub async fn open_nonconformity_count(conn: &mut Conn, batch_id: i64) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) AS n FROM nonconformity WHERE batch_id = $1 AND status = 'open'")
        .bind(batch_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")
}

pub async fn close_nonconformity(
    conn: &mut Conn,
    id: i64,
    version: i64,
    result: &str,
    by: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE nonconformity SET status = 'closed', result = $1, closed_by = $2, closed_at = $3, version = version + 1 \
         WHERE id = $4 AND version = $5 AND status = 'open'",
    )
    .bind(result)
    .bind(by)
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

const NONCONFORMITY: &str = "SELECT x.*, b.batch_no, p.name AS product_name FROM nonconformity x \
    JOIN batch b ON b.id = x.batch_id JOIN product p ON p.id = b.product_id";

fn nonconformity_from_row(r: &AnyRow) -> sqlx::Result<Nonconformity> {
    Ok(Nonconformity {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        batch_id: r.try_get("batch_id")?,
        batch_no: r.try_get("batch_no")?,
        product_name: r.try_get("product_name")?,
        classification: Classification::parse(&r.try_get::<String, _>("classification")?)
            .unwrap_or(Classification::Major),
        disposition: Disposition::parse(&r.try_get::<String, _>("disposition")?).unwrap_or(Disposition::Scrap),
        responsible: r.try_get("responsible")?,
        description: r.try_get("description")?,
        status: r.try_get("status")?,
        result: r.try_get("result")?,
        opened_by: r.try_get("opened_by")?,
        closed_by: r.try_get("closed_by")?,
        closed_at: r.try_get::<Option<i64>, _>("closed_at")?.map(rfc3339),
        created_at: rfc3339(r.try_get("created_at")?),
    })
}

async fn nonconformities_where(conn: &mut Conn, clause: &str, value: i64) -> sqlx::Result<Vec<Nonconformity>> {
    let rows =
        sqlx::query(&format!("{NONCONFORMITY} WHERE {clause} ORDER BY x.id")).bind(value).fetch_all(&mut *conn).await?;
    rows.iter().map(nonconformity_from_row).collect()
}

pub async fn nonconformity(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Nonconformity>> {
    Ok(nonconformities_where(conn, "x.id = $1", id).await?.pop())
}

/// Open nonconformities first, then the latest closed ones (each part from the status index).
pub async fn nonconformities(conn: &mut Conn, limit: i64) -> sqlx::Result<Vec<Nonconformity>> {
    let select = format!("{NONCONFORMITY} WHERE x.status = $1 ORDER BY x.id DESC LIMIT $2");
    let rows = one_status_at_a_time(conn, &select, &["open", "closed"], limit).await?;
    rows.iter().map(nonconformity_from_row).collect()
}

pub struct NewRelease<'a> {
    pub note_id: i64,
    pub batch_id: i64,
    pub quantity_milli: Milli,
    pub v: &'a ValidRelease,
    pub requested_by: &'a str,
    pub now: i64,
}

pub async fn insert_release(conn: &mut Conn, r: &NewRelease<'_>) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO emergency_release (delivery_note_id, batch_id, quantity_milli, reason, risk_level, risk_assessment, \
         customer_consent_by, customer_consent_how, customer_consent_at, retained_sample_ref, status, requested_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11, $12) RETURNING id",
    )
    .bind(r.note_id)
    .bind(r.batch_id)
    .bind(r.quantity_milli)
    .bind(&r.v.reason)
    .bind(r.v.risk_level.key())
    .bind(&r.v.risk_assessment)
    .bind(&r.v.customer_consent_by)
    .bind(r.v.customer_consent_how.as_deref())
    .bind(&r.v.customer_consent_at)
    .bind(&r.v.retained_sample_ref)
    .bind(r.requested_by)
    .bind(r.now)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

const RELEASE: &str =
    "SELECT r.*, n.number AS note_number, c.name AS customer_name, b.batch_no, p.name AS product_name \
    FROM emergency_release r JOIN delivery_note n ON n.id = r.delivery_note_id JOIN customer c ON c.id = n.customer_id \
    JOIN batch b ON b.id = r.batch_id JOIN product p ON p.id = b.product_id";

fn release_from_row(r: &AnyRow) -> sqlx::Result<EmergencyRelease> {
    Ok(EmergencyRelease {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        delivery_note_id: r.try_get("delivery_note_id")?,
        delivery_note_number: r.try_get("note_number")?,
        customer_name: r.try_get("customer_name")?,
        batch_id: r.try_get("batch_id")?,
        batch_no: r.try_get("batch_no")?,
        product_name: r.try_get("product_name")?,
        quantity: from_milli(r.try_get("quantity_milli")?),
        reason: r.try_get("reason")?,
        risk_level: RiskLevel::parse(&r.try_get::<String, _>("risk_level")?).unwrap_or(RiskLevel::High),
        risk_assessment: r.try_get("risk_assessment")?,
        customer_consent_by: r.try_get("customer_consent_by")?,
        customer_consent_how: r.try_get("customer_consent_how")?,
        customer_consent_at: r.try_get("customer_consent_at")?,
        retained_sample_ref: r.try_get("retained_sample_ref")?,
        status: Decision::parse(&r.try_get::<String, _>("status")?),
        requested_by: r.try_get("requested_by")?,
        decided_by: r.try_get("decided_by")?,
        decided_at: r.try_get::<Option<i64>, _>("decided_at")?.map(rfc3339),
        decision_reason: r.try_get("decision_reason")?,
        created_at: rfc3339(r.try_get("created_at")?),
    })
}

async fn releases_where(conn: &mut Conn, clause: &str, value: i64) -> sqlx::Result<Vec<EmergencyRelease>> {
    let rows =
        sqlx::query(&format!("{RELEASE} WHERE {clause} ORDER BY r.id")).bind(value).fetch_all(&mut *conn).await?;
    rows.iter().map(release_from_row).collect()
}

pub async fn release(conn: &mut Conn, id: i64) -> sqlx::Result<Option<EmergencyRelease>> {
    Ok(releases_where(conn, "r.id = $1", id).await?.pop())
}

pub async fn releases_of_note(conn: &mut Conn, note_id: i64) -> sqlx::Result<Vec<EmergencyRelease>> {
    releases_where(conn, "r.delivery_note_id = $1", note_id).await
}

pub async fn releases_by_status(conn: &mut Conn, status: &str, limit: i64) -> sqlx::Result<Vec<EmergencyRelease>> {
    let rows = sqlx::query(&format!("{RELEASE} WHERE r.status = $1 ORDER BY r.id DESC LIMIT $2"))
        .bind(status)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(release_from_row).collect()
}

/// The approved release quantity of a batch for one note, if any.
pub async fn approved_release(conn: &mut Conn, batch_id: i64, note_id: i64) -> sqlx::Result<Option<(i64, Milli)>> {
    let row = sqlx::query(
        "SELECT id, quantity_milli FROM emergency_release WHERE batch_id = $1 AND delivery_note_id = $2 AND status = 'approved' \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(batch_id)
    .bind(note_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| Ok((r.try_get("id")?, r.try_get("quantity_milli")?))).transpose()
}

pub async fn live_release_count(conn: &mut Conn, batch_id: i64, note_id: i64) -> sqlx::Result<i64> {
    sqlx::query(
        "SELECT COUNT(*) AS n FROM emergency_release WHERE batch_id = $1 AND delivery_note_id = $2 AND status IN ('pending', 'approved')",
    )
    .bind(batch_id)
    .bind(note_id)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")
}

pub async fn decide_release(
    conn: &mut Conn,
    id: i64,
    version: i64,
    status: Decision,
    by: &str,
    reason: Option<&str>,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE emergency_release SET status = $1, decided_by = $2, decided_at = $3, decision_reason = $4, version = version + 1 \
         WHERE id = $5 AND version = $6 AND status = 'pending'",
    )
    .bind(status.key())
    .bind(by)
    .bind(now)
    .bind(reason)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Emergency-released batches whose inspection is still open, with the time of release,
/// earliest release first (read from the laboratory's queue, which is short; sorted here).
pub async fn released_uninspected(conn: &mut Conn) -> sqlx::Result<Vec<(BatchSummary, i64)>> {
    let select = SUMMARY.replacen(
        "SELECT ",
        "SELECT (SELECT MIN(r.decided_at) FROM emergency_release r WHERE r.batch_id = b.id AND r.status = 'approved') AS released_at, ",
        1,
    );
    let rows =
        sqlx::query(&format!("{select} WHERE b.status IN ('produced', 'inspecting')")).fetch_all(&mut *conn).await?;
    let mut out = Vec::new();
    for r in &rows {
        if let Some(at) = r.try_get::<Option<i64>, _>("released_at")? {
            out.push((summary_from_row(r)?, at));
        }
    }
    out.sort_by_key(|(b, at)| (*at, b.id));
    Ok(out)
}

/// Pending inspections: batches the laboratory has not closed, oldest first (each status's
/// oldest from the status index, merged here).
pub async fn awaiting_inspection(conn: &mut Conn, limit: i64) -> sqlx::Result<Vec<BatchSummary>> {
    let mut out = Vec::new();
    for status in ["produced", "inspecting"] {
        let rows = sqlx::query(&format!("{SUMMARY} WHERE b.status = $1 ORDER BY b.id LIMIT $2"))
            .bind(status)
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?;
        for r in &rows {
            out.push(summary_from_row(r)?);
        }
    }
    out.sort_by_key(|b| b.id);
    out.truncate(limit.max(0) as usize);
    Ok(out)
}

/// Every delivery note that took the batch, with its customer, by delivery date (a batch
/// goes out on a handful of notes: sorted here).
pub async fn trace(conn: &mut Conn, batch_id: i64) -> sqlx::Result<Vec<TraceRow>> {
    let rows = sqlx::query(
        "SELECT n.id, n.number, n.status, n.delivery_date, n.customer_id, c.name AS customer_name, \
         CAST(SUM(COALESCE(l.received_milli, l.quantity_milli)) AS BIGINT) AS q, \
         (SELECT MAX(r.id) FROM emergency_release r WHERE r.batch_id = $1 AND r.delivery_note_id = n.id AND r.status = 'approved') AS release_id \
         FROM delivery_note_line l JOIN delivery_note n ON n.id = l.note_id JOIN customer c ON c.id = n.customer_id \
         WHERE l.batch_id = $1 AND n.status <> 'cancelled' \
         GROUP BY n.id, n.number, n.status, n.delivery_date, n.customer_id, c.name",
    )
    .bind(batch_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<TraceRow> = rows
        .iter()
        .map(|r| {
            let status: String = r.try_get("status")?;
            Ok(TraceRow {
                delivery_note_id: r.try_get("id")?,
                delivery_note_number: r.try_get("number")?,
                shipped: matches!(status.as_str(), "loaded" | "delivered"),
                status,
                delivery_date: r.try_get("delivery_date")?,
                customer_id: r.try_get("customer_id")?,
                customer_name: r.try_get("customer_name")?,
                quantity: from_milli(r.try_get("q")?),
                emergency_release_id: r.try_get("release_id")?,
            })
        })
        .collect::<sqlx::Result<_>>()?;
    out.sort_by(|a, b| (&a.delivery_date, a.delivery_note_id).cmp(&(&b.delivery_date, b.delivery_note_id)));
    Ok(out)
}

pub async fn insert_recall(
    conn: &mut Conn,
    number: &str,
    batch_id: i64,
    reason: &str,
    by: &str,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO recall (number, batch_id, status, reason, opened_by, created_at) VALUES ($1, $2, 'open', $3, $4, $5) RETURNING id",
    )
    .bind(number)
    .bind(batch_id)
    .bind(reason)
    .bind(by)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

pub async fn insert_recall_task(
    conn: &mut Conn,
    recall_id: i64,
    customer_id: i64,
    delivered: Milli,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO recall_task (recall_id, customer_id, delivered_milli, status) VALUES ($1, $2, $3, 'open')",
    )
    .bind(recall_id)
    .bind(customer_id)
    .bind(delivered)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

const RECALL: &str = "SELECT r.*, b.batch_no, p.name AS product_name FROM recall r JOIN batch b ON b.id = r.batch_id \
    JOIN product p ON p.id = b.product_id";

async fn recall_from_row(conn: &mut Conn, r: &AnyRow) -> sqlx::Result<Recall> {
    let id: i64 = r.try_get("id")?;
    let tasks = sqlx::query(
        "SELECT t.*, c.name AS customer_name FROM recall_task t JOIN customer c ON c.id = t.customer_id WHERE t.recall_id = $1 ORDER BY t.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|t| {
        Ok(RecallTask {
            id: t.try_get("id")?,
            customer_id: t.try_get("customer_id")?,
            customer_name: t.try_get("customer_name")?,
            delivered: from_milli(t.try_get("delivered_milli")?),
            returned: from_milli(t.try_get("returned_milli")?),
            status: t.try_get("status")?,
        })
    })
    .collect::<sqlx::Result<Vec<_>>>()?;
    Ok(Recall {
        id,
        version: r.try_get("version")?,
        number: r.try_get("number")?,
        batch_id: r.try_get("batch_id")?,
        batch_no: r.try_get("batch_no")?,
        product_name: r.try_get("product_name")?,
        status: r.try_get("status")?,
        reason: r.try_get("reason")?,
        created_at: rfc3339(r.try_get("created_at")?),
        closed_at: r.try_get::<Option<i64>, _>("closed_at")?.map(rfc3339),
        tasks,
    })
}

pub async fn recall(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Recall>> {
    let row = sqlx::query(&format!("{RECALL} WHERE r.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    match row {
        Some(r) => Ok(Some(recall_from_row(conn, &r).await?)),
        None => Ok(None),
    }
}

/// Open recalls first, then the latest closed ones (each part from the status index).
pub async fn recalls(conn: &mut Conn, only_open: bool, limit: i64) -> sqlx::Result<Vec<Recall>> {
    let statuses: &[&str] = if only_open { &["open"] } else { &["open", "closed"] };
    let select = format!("{RECALL} WHERE r.status = $1 ORDER BY r.id DESC LIMIT $2");
    let rows = one_status_at_a_time(conn, &select, statuses, limit).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(recall_from_row(conn, r).await?);
    }
    Ok(out)
}

/// Records a return on the customer's task; closes the task when everything is back and the
/// recall when every task is closed.
pub async fn record_return(
    conn: &mut Conn,
    task_id: i64,
    quantity: Milli,
    by: &str,
    note: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO recall_return (task_id, quantity_milli, recorded_by, note, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(task_id)
        .bind(quantity)
        .bind(by)
        .bind(note)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE recall_task SET returned_milli = returned_milli + $1, \
         status = CASE WHEN returned_milli + $1 >= delivered_milli THEN 'closed' ELSE status END, \
         closed_at = CASE WHEN returned_milli + $1 >= delivered_milli THEN $2 ELSE closed_at END WHERE id = $3",
    )
    .bind(quantity)
    .bind(now)
    .bind(task_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn close_recall_if_done(conn: &mut Conn, recall_id: i64, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE recall SET status = 'closed', closed_at = $1, version = version + 1 WHERE id = $2 AND status = 'open' \
         AND NOT EXISTS (SELECT 1 FROM recall_task t WHERE t.recall_id = $2 AND t.status = 'open')",
    )
    .bind(now)
    .bind(recall_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The task of a customer on a recall: (id, delivered, returned, open).
pub async fn recall_task(
    conn: &mut Conn,
    recall_id: i64,
    customer_id: i64,
) -> sqlx::Result<Option<(i64, Milli, Milli, bool)>> {
    let row = sqlx::query(
        "SELECT id, delivered_milli, returned_milli, status FROM recall_task WHERE recall_id = $1 AND customer_id = $2",
    )
    .bind(recall_id)
    .bind(customer_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok((
            r.try_get("id")?,
            r.try_get("delivered_milli")?,
            r.try_get("returned_milli")?,
            r.try_get::<String, _>("status")? == "open",
        ))
    })
    .transpose()
}

/// Batches of a product that a delivery note might take: in stock, or still in inspection
/// (for an emergency release), oldest first.
pub async fn candidates(conn: &mut Conn, product_id: i64) -> sqlx::Result<Vec<BatchSummary>> {
    let rows = sqlx::query(&format!(
        "{SUMMARY} WHERE b.product_id = $1 AND b.status IN ('produced', 'inspecting', 'in_stock') ORDER BY b.id LIMIT 50"
    ))
    .bind(product_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(summary_from_row).collect()
}
