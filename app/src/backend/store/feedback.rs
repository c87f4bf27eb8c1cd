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
