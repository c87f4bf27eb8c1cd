//! Survey periods, links, answers, targets and corrective actions.

use super::{one_status_at_a_time, Conn};
use crate::backend::db::{get_bool, rfc3339};
use crate::domain::satisfaction::*;
use sqlx::any::AnyRow;
use sqlx::Row;

pub struct PeriodRow {
    pub id: i64,
    pub version: i64,
    pub period: Period,
    pub status: String,
    pub targets: Targets,
    pub created_at: i64,
    pub closed_at: Option<i64>,
}

fn period_from_row(r: &AnyRow) -> sqlx::Result<PeriodRow> {
    Ok(PeriodRow {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        period: Period { year: r.try_get::<i64, _>("year")? as i32, half: r.try_get::<i64, _>("half")? as u8 },
        status: r.try_get("status")?,
        targets: Targets {
            quality: r.try_get("target_quality")?,
            delivery: r.try_get("target_delivery")?,
            service: r.try_get("target_service")?,
            price: r.try_get("target_price")?,
        },
        created_at: r.try_get("created_at")?,
        closed_at: r.try_get("closed_at")?,
    })
}

pub async fn insert_period(conn: &mut Conn, p: Period, t: &Targets, by: &str, now: i64) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO survey_period (year, half, status, target_quality, target_delivery, target_service, target_price, opened_by, created_at) \
         VALUES ($1, $2, 'open', $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(p.year)
    .bind(p.half as i32)
    .bind(t.quality)
    .bind(t.delivery)
    .bind(t.service)
    .bind(t.price)
    .bind(by)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

pub async fn period(conn: &mut Conn, id: i64) -> sqlx::Result<Option<PeriodRow>> {
    let row = sqlx::query("SELECT * FROM survey_period WHERE id = $1").bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(period_from_row).transpose()
}

pub async fn period_of(conn: &mut Conn, p: Period) -> sqlx::Result<Option<PeriodRow>> {
    let row = sqlx::query("SELECT * FROM survey_period WHERE year = $1 AND half = $2")
        .bind(p.year)
        .bind(p.half as i32)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(period_from_row).transpose()
}

/// Every period, oldest first.
pub async fn periods(conn: &mut Conn) -> sqlx::Result<Vec<PeriodRow>> {
    let rows = sqlx::query("SELECT * FROM survey_period ORDER BY year, half").fetch_all(&mut *conn).await?;
    rows.iter().map(period_from_row).collect()
}

pub async fn close_period(conn: &mut Conn, id: i64, version: i64, by: &str, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE survey_period SET status = 'closed', closed_by = $1, closed_at = $2, version = version + 1 \
         WHERE id = $3 AND version = $4 AND status = 'open'",
    )
    .bind(by)
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn active_customers(conn: &mut Conn) -> sqlx::Result<Vec<i64>> {
    let rows = sqlx::query("SELECT id, active FROM customer ORDER BY id").fetch_all(&mut *conn).await?;
    Ok(rows.iter().filter(|r| get_bool(r, "active")).filter_map(|r| r.try_get("id").ok()).collect())
}

/// A period's link for a customer: only the token's salt and hash are kept.
pub async fn insert_link(
    conn: &mut Conn,
    period_id: i64,
    customer_id: i64,
    salt: &str,
    hash: &str,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO survey_link (period_id, customer_id, token, token_hash, token_salt, expires_at) \
         VALUES ($1, $2, $3, $3, $4, $5)",
    )
    .bind(period_id)
    .bind(customer_id)
    .bind(hash)
    .bind(salt)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A period's links (no token: the service derives it for the sales manager) with each
/// token's salt and hash.
pub async fn links(conn: &mut Conn, period_id: i64) -> sqlx::Result<Vec<(SurveyLink, Option<String>, Option<String>)>> {
    let rows = sqlx::query(
        "SELECT l.customer_id, c.name AS customer_name, l.token_salt, l.token_hash, l.answered_at FROM survey_link l \
         JOIN customer c ON c.id = l.customer_id WHERE l.period_id = $1 ORDER BY l.customer_id",
    )
    .bind(period_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let link = SurveyLink {
                customer_id: r.try_get("customer_id")?,
                customer_name: r.try_get("customer_name")?,
                token: None,
                answered: r.try_get::<Option<i64>, _>("answered_at")?.is_some(),
            };
            Ok((link, r.try_get("token_salt")?, r.try_get("token_hash")?))
        })
        .collect()
}

/// (period, links, answered) of every period (0, 0 for a period without links): each period's
/// links from its index range.
pub async fn link_counts(conn: &mut Conn) -> sqlx::Result<Vec<(i64, i64, i64)>> {
    let rows = sqlx::query(
        // Correlated counts, so that each period reads only its own range of
        // `survey_link_customer` whatever the planner thinks of the join's row widths.
        "SELECT p.id AS period_id, \
         (SELECT COUNT(*) FROM survey_link l WHERE l.period_id = p.id) AS links, \
         (SELECT COUNT(l.answered_at) FROM survey_link l WHERE l.period_id = p.id) AS answered \
         FROM survey_period p",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((r.try_get("period_id")?, r.try_get("links")?, r.try_get("answered")?))).collect()
}

/// The answers of a period: (customer id, customer name, scores, comment).
pub async fn answers(conn: &mut Conn, period_id: i64) -> sqlx::Result<Vec<(i64, String, Scores, Option<String>)>> {
    let rows = sqlx::query(
        "SELECT r.customer_id, c.name AS customer_name, r.quality, r.delivery, r.service, r.price, r.comment \
         FROM survey_response r JOIN customer c ON c.id = r.customer_id WHERE r.period_id = $1 ORDER BY r.customer_id",
    )
    .bind(period_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let s = |c: &str| r.try_get::<i64, _>(c).map(|v| v as u8);
            Ok((
                r.try_get("customer_id")?,
                r.try_get("customer_name")?,
                Scores([s("quality")?, s("delivery")?, s("service")?, s("price")?]),
                r.try_get("comment")?,
            ))
        })
        .collect()
}

/// Per-dimension averages of every period in one query: (period id, [avg; 4]); each period's
/// answers from the covering index of its scores.
pub async fn averages_by_period(conn: &mut Conn) -> sqlx::Result<Vec<(i64, Averages)>> {
    let rows = sqlx::query(
        "SELECT p.id AS period_id, AVG(CAST(r.quality AS DOUBLE PRECISION)) AS q, AVG(CAST(r.delivery AS DOUBLE PRECISION)) AS d, \
         AVG(CAST(r.service AS DOUBLE PRECISION)) AS s, AVG(CAST(r.price AS DOUBLE PRECISION)) AS p \
         FROM survey_period p JOIN survey_response r ON r.period_id = p.id GROUP BY p.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let r2 = |v: f64| (v * 100.0).round() / 100.0;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("period_id")?,
                Averages {
                    quality: Some(r2(r.try_get("q")?)),
                    delivery: Some(r2(r.try_get("d")?)),
                    service: Some(r2(r.try_get("s")?)),
                    price: Some(r2(r.try_get("p")?)),
                },
            ))
        })
        .collect()
}

pub struct LinkRow {
    pub id: i64,
    pub period_id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub answered: bool,
    pub period_open: bool,
    pub period: Period,
    pub expires_at: Option<i64>,
}

/// The link whose token hashes to `hash`.
pub async fn link_by_hash(conn: &mut Conn, hash: &str) -> sqlx::Result<Option<LinkRow>> {
    let row = sqlx::query(
        "SELECT l.id, l.period_id, l.customer_id, c.name AS customer_name, l.answered_at, l.expires_at, p.status, p.year, p.half \
         FROM survey_link l JOIN customer c ON c.id = l.customer_id JOIN survey_period p ON p.id = l.period_id \
         WHERE l.token_hash = $1",
    )
    .bind(hash)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(LinkRow {
            id: r.try_get("id")?,
            period_id: r.try_get("period_id")?,
            customer_id: r.try_get("customer_id")?,
            customer_name: r.try_get("customer_name")?,
            answered: r.try_get::<Option<i64>, _>("answered_at")?.is_some(),
            period_open: r.try_get::<String, _>("status")? == "open",
            period: Period { year: r.try_get::<i64, _>("year")? as i32, half: r.try_get::<i64, _>("half")? as u8 },
            expires_at: r.try_get("expires_at")?,
        })
    })
    .transpose()
}

/// Uses the link once: false when it was already used.
pub async fn use_link(conn: &mut Conn, link_id: i64, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE survey_link SET answered_at = $1 WHERE id = $2 AND answered_at IS NULL")
        .bind(now)
        .bind(link_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn insert_answer(
    conn: &mut Conn,
    link: &LinkRow,
    s: Scores,
    comment: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO survey_response (link_id, period_id, customer_id, quality, delivery, service, price, comment, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(link.id)
    .bind(link.period_id)
    .bind(link.customer_id)
    .bind(s.0[0] as i32)
    .bind(s.0[1] as i32)
    .bind(s.0[2] as i32)
    .bind(s.0[3] as i32)
    .bind(comment)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn targets(conn: &mut Conn) -> sqlx::Result<Targets> {
    let mut t = Targets::default();
    for r in sqlx::query("SELECT dimension, target FROM satisfaction_target").fetch_all(&mut *conn).await? {
        let v: f64 = r.try_get("target")?;
        match Dimension::parse(&r.try_get::<String, _>("dimension")?) {
            Some(Dimension::Quality) => t.quality = v,
            Some(Dimension::Delivery) => t.delivery = v,
            Some(Dimension::Service) => t.service = v,
            Some(Dimension::Price) => t.price = v,
            None => {}
        }
    }
    Ok(t)
}

pub async fn set_target(conn: &mut Conn, d: Dimension, v: f64, by: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO satisfaction_target (dimension, target, updated_by, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (dimension) DO UPDATE SET target = excluded.target, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(d.key())
    .bind(v)
    .bind(by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn insert_action(conn: &mut Conn, number: &str, period_id: i64, t: &Trigger, now: i64) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO corrective_action (number, period_id, dimension, average, target, previous, below_target, declining, owner, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'sales', 'open', $9, $9) RETURNING id",
    )
    .bind(number)
    .bind(period_id)
    .bind(t.dimension.key())
    .bind(t.average)
    .bind(t.target)
    .bind(t.previous)
    .bind(t.below_target)
    .bind(t.declining)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

const ACTION: &str = "SELECT a.*, p.year, p.half FROM corrective_action a JOIN survey_period p ON p.id = a.period_id";

fn action_from_row(r: &AnyRow) -> sqlx::Result<CorrectiveAction> {
    let period = Period { year: r.try_get::<i64, _>("year")? as i32, half: r.try_get::<i64, _>("half")? as u8 };
    Ok(CorrectiveAction {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        number: r.try_get("number")?,
        period_id: r.try_get("period_id")?,
        period_label: period.label(),
        dimension: Dimension::parse(&r.try_get::<String, _>("dimension")?).unwrap_or(Dimension::Quality),
        average: r.try_get("average")?,
        target: r.try_get("target")?,
        previous: r.try_get("previous")?,
        below_target: get_bool(r, "below_target"),
        declining: get_bool(r, "declining"),
        owner: r.try_get("owner")?,
        status: r.try_get("status")?,
        cause_analysis: r.try_get("cause_analysis")?,
        measures: r.try_get("measures")?,
        verification: r.try_get("verification")?,
        result: r.try_get("result")?,
        created_at: rfc3339(r.try_get("created_at")?),
        closed_by: r.try_get("closed_by")?,
        closed_at: r.try_get::<Option<i64>, _>("closed_at")?.map(rfc3339),
    })
}

pub async fn action(conn: &mut Conn, id: i64) -> sqlx::Result<Option<CorrectiveAction>> {
    let row = sqlx::query(&format!("{ACTION} WHERE a.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(action_from_row).transpose()
}

/// Open first, newest first; `period` limits to one period.
pub async fn actions(conn: &mut Conn, period: Option<i64>) -> sqlx::Result<Vec<CorrectiveAction>> {
    let rows = match period {
        Some(p) => {
            sqlx::query(&format!("{ACTION} WHERE a.period_id = $1 ORDER BY a.id")).bind(p).fetch_all(&mut *conn).await?
        }
        None => {
            let select = format!("{ACTION} WHERE a.status = $1 ORDER BY a.id DESC LIMIT $2");
            one_status_at_a_time(conn, &select, &["open", "closed"], 200).await?
        }
    };
    rows.iter().map(action_from_row).collect()
}

pub async fn update_action(
    conn: &mut Conn,
    id: i64,
    version: i64,
    texts: &[Option<String>; 4],
    close_by: Option<&str>,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE corrective_action SET cause_analysis = $1, measures = $2, verification = $3, result = $4, updated_at = $5, \
         status = CASE WHEN $6 IS NULL THEN status ELSE 'closed' END, closed_by = COALESCE($6, closed_by), \
         closed_at = CASE WHEN $6 IS NULL THEN closed_at ELSE $5 END, version = version + 1 \
         WHERE id = $7 AND version = $8 AND status = 'open'",
    )
    .bind(texts[0].as_deref())
    .bind(texts[1].as_deref())
    .bind(texts[2].as_deref())
    .bind(texts[3].as_deref())
    .bind(now)
    .bind(close_by)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
