//! Issued quarterly feedback reports: the figures as sent (JSON) and the departments'
//! acknowledgements.

use super::Conn;
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct ReportRow {
    pub id: i64,
    pub figures: String,
    pub previous: String,
    pub issued_by: String,
    pub issued_at: i64,
}

pub async fn of_quarter(conn: &mut Conn, year: i32, quarter: u32) -> sqlx::Result<Option<ReportRow>> {
    let row = sqlx::query(
        "SELECT id, figures, previous, issued_by, issued_at FROM feedback_report WHERE year = $1 AND quarter = $2",
    )
    .bind(year as i64)
    .bind(quarter as i64)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(ReportRow {
            id: r.try_get("id")?,
            figures: r.try_get("figures")?,
            previous: r.try_get("previous")?,
            issued_by: r.try_get("issued_by")?,
            issued_at: r.try_get("issued_at")?,
        })
    })
    .transpose()
}

/// The year and quarter of a report.
pub async fn quarter_of(conn: &mut Conn, id: i64) -> sqlx::Result<Option<(i32, u32)>> {
    let row = sqlx::query("SELECT year, quarter FROM feedback_report WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| Ok((r.try_get::<i64, _>("year")? as i32, r.try_get::<i64, _>("quarter")? as u32))).transpose()
}

/// A quarter's report as it is sent.
pub struct NewReport<'a> {
    pub year: i32,
    pub quarter: u32,
    pub figures: &'a str,
    pub previous: &'a str,
    pub departments: &'a [&'a str],
    pub by: &'a str,
    pub now: i64,
}

/// Issues a quarter's report to its departments; `None` if it was already issued.
pub async fn issue(conn: &mut Conn, n: &NewReport<'_>) -> sqlx::Result<Option<i64>> {
    let NewReport { year, quarter, figures, previous, departments, by, now } = *n;
    let row = sqlx::query(
        "INSERT INTO feedback_report (year, quarter, figures, previous, issued_by, issued_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (year, quarter) DO NOTHING RETURNING id",
    )
    .bind(year as i64)
    .bind(quarter as i64)
    .bind(figures)
    .bind(previous)
    .bind(by)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(id) = row.map(|r| r.try_get::<i64, _>("id")).transpose()? else { return Ok(None) };
    for d in departments {
        sqlx::query("INSERT INTO feedback_ack (report_id, department) VALUES ($1, $2)")
            .bind(id)
            .bind(*d)
            .execute(&mut *conn)
            .await?;
    }
    Ok(Some(id))
}

/// The departments a report went to: (department, by, at).
pub async fn acks(conn: &mut Conn, report_id: i64) -> sqlx::Result<Vec<(String, Option<String>, Option<i64>)>> {
    let rows = sqlx::query(
        "SELECT department, acknowledged_by, acknowledged_at FROM feedback_ack WHERE report_id = $1 \
         ORDER BY report_id, department",
    )
    .bind(report_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("department")?, r.try_get("acknowledged_by")?, r.try_get("acknowledged_at")?)))
        .collect()
}

/// A department acknowledges, once: false if it had already.
pub async fn acknowledge(conn: &mut Conn, report_id: i64, department: &str, by: &str, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE feedback_ack SET acknowledged_by = $1, acknowledged_at = $2 \
         WHERE report_id = $3 AND department = $4 AND acknowledged_at IS NULL",
    )
    .bind(by)
    .bind(now)
    .bind(report_id)
    .bind(department)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// One piece of feedback as the quarterly analysis reads it: only the columns it needs, the
/// registers' own times (first response and resolution, their due instants and limits).
#[derive(Debug, Clone)]
pub struct FeedbackRow {
    /// `inquiry`, `complaint`, `service_ticket` or `liaison_form`.
    pub kind: String,
    pub channel: String,
    pub product: Option<String>,
    pub category: Option<String>,
    pub received_at: i64,
    /// Answered, contained, responded or acknowledged.
    pub first_at: Option<i64>,
    /// When the first response was due (inquiries, complaints).
    pub first_due_at: Option<i64>,
    /// Closed or resolved.
    pub done_at: Option<i64>,
    /// A service ticket's limits in working minutes and its pauses.
    pub response_limit: Option<i64>,
    pub resolution_limit: Option<i64>,
    pub pauses: Option<String>,
    /// A complaint with an earlier one of its product and category in the window before it.
    pub repeats: bool,
    pub description: Option<String>,
    pub action: Option<String>,
}

/// Every inquiry, complaint, service ticket and liaison form received in `[from, to)`, in one
/// query: each register through its received-at index, products by key, and a complaint's
/// repeat from the (product, category, received) index.
pub async fn received_between(
    conn: &mut Conn,
    from: i64,
    to: i64,
    repeat_window_ms: i64,
) -> sqlx::Result<Vec<FeedbackRow>> {
    let rows = sqlx::query(
        "SELECT 'inquiry' AS kind, x.channel, p.name AS product, CAST(NULL AS TEXT) AS category, x.received_at, \
                x.answered_at AS first_at, x.due_at AS first_due_at, CAST(NULL AS BIGINT) AS done_at, \
                CAST(NULL AS BIGINT) AS response_limit, CAST(NULL AS BIGINT) AS resolution_limit, CAST(NULL AS TEXT) AS pauses, CAST(0 AS BIGINT) AS repeats, \
                CAST(NULL AS TEXT) AS description, CAST(NULL AS TEXT) AS action \
         FROM inquiry x LEFT JOIN product p ON p.id = x.product_id \
         WHERE x.received_at >= $1 AND x.received_at < $2 \
         UNION ALL \
         SELECT 'complaint', x.channel, p.name, x.category, x.received_at, \
                x.contained_at, x.containment_due_at, x.closed_at, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS TEXT), \
                CASE WHEN EXISTS (SELECT 1 FROM complaint e WHERE e.product_id = x.product_id \
                    AND e.category = x.category AND e.received_at >= x.received_at - $3 \
                    AND e.received_at < x.received_at) THEN CAST(1 AS BIGINT) ELSE CAST(0 AS BIGINT) END, \
                x.description, x.action \
         FROM complaint x JOIN product p ON p.id = x.product_id \
         WHERE x.received_at >= $1 AND x.received_at < $2 \
         UNION ALL \
         SELECT 'service_ticket', x.channel, p.name, CAST(NULL AS TEXT), x.received_at, \
                x.responded_at, CAST(NULL AS BIGINT), x.resolved_at, x.response_limit, x.resolution_limit, x.pauses, \
                CAST(0 AS BIGINT), CAST(NULL AS TEXT), CAST(NULL AS TEXT) \
         FROM service_ticket x LEFT JOIN product p ON p.id = x.product_id \
         WHERE x.received_at >= $1 AND x.received_at < $2 \
         UNION ALL \
         SELECT 'liaison_form', x.channel, p.name, CAST(NULL AS TEXT), x.received_at, \
                x.acknowledged_at, NULL, x.closed_at, NULL, NULL, NULL, CAST(0 AS BIGINT), CAST(NULL AS TEXT), CAST(NULL AS TEXT) \
         FROM liaison_form x LEFT JOIN product p ON p.id = x.product_id \
         WHERE x.received_at >= $1 AND x.received_at < $2",
    )
    .bind(from)
    .bind(to)
    .bind(repeat_window_ms)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(FeedbackRow {
                kind: r.try_get("kind")?,
                channel: r.try_get("channel")?,
                product: r.try_get("product")?,
                category: r.try_get("category")?,
                received_at: r.try_get("received_at")?,
                first_at: r.try_get("first_at")?,
                first_due_at: r.try_get("first_due_at")?,
                done_at: r.try_get("done_at")?,
                response_limit: r.try_get("response_limit")?,
                resolution_limit: r.try_get("resolution_limit")?,
                pauses: r.try_get("pauses")?,
                repeats: r.try_get::<i64, _>("repeats")? == 1,
                description: r.try_get("description")?,
                action: r.try_get("action")?,
            })
        })
        .collect()
}
