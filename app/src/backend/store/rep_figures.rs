//! The sales figures kept per sales rep and month (`sales_rep_month`: delivered value by the
//! ledger's day, deliveries and deliveries on time by the note's delivery date) and the
//! customers each rep delivered to per half year (`sales_rep_customer`). The receipt adds to
//! them in its own transaction, so the performance report and the on-time chart read a few
//! dozen rows instead of months of the ledger. `recompute` derives the same figures from the
//! ledger and the delivery notes from scratch: the rebuild and the test that compares use it.

use super::Conn;
use crate::domain::satisfaction::Period;
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};

/// Delivered value in fen, deliveries and deliveries on time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub delivered_fen: i64,
    pub deliveries: i64,
    pub on_time: i64,
}

/// Every figure: per (month `YYYY-MM`, rep), and the (year, half, rep, customer) served.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub months: BTreeMap<(String, String), Tally>,
    pub customers: BTreeSet<(i32, u8, String, i64)>,
}

/// A ledger row's value for its rep in the month of `day`, and the customer as served in
/// that half year.
pub async fn add_delivered(conn: &mut Conn, rep: &str, day: &str, customer_id: i64, fen: i64) -> sqlx::Result<()> {
    add(conn, rep, month_of(day), Tally { delivered_fen: fen, deliveries: 0, on_time: 0 }).await?;
    let p = period_of(day);
    sqlx::query(
        "INSERT INTO sales_rep_customer (year, half, sales_rep, customer_id) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (year, half, sales_rep, customer_id) DO NOTHING",
    )
    .bind(p.year)
    .bind(p.half as i32)
    .bind(rep)
    .bind(customer_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One delivered note for its rep, in the month of its delivery date.
pub async fn add_delivery(conn: &mut Conn, rep: &str, delivery_date: &str, on_time: bool) -> sqlx::Result<()> {
    add(conn, rep, month_of(delivery_date), Tally { delivered_fen: 0, deliveries: 1, on_time: on_time as i64 }).await
}

async fn add(conn: &mut Conn, rep: &str, month: &str, h: Tally) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO sales_rep_month (month, sales_rep, delivered_fen, deliveries, on_time) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (month, sales_rep) DO UPDATE SET delivered_fen = sales_rep_month.delivered_fen + excluded.delivered_fen, \
         deliveries = sales_rep_month.deliveries + excluded.deliveries, on_time = sales_rep_month.on_time + excluded.on_time",
    )
    .bind(month)
    .bind(rep)
    .bind(h.delivered_fen)
    .bind(h.deliveries)
    .bind(h.on_time)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// (rep, figures) of one half year.
pub async fn of_half(conn: &mut Conn, p: Period) -> sqlx::Result<Vec<(String, Tally)>> {
    let (first, last) = if p.half == 1 { (1, 6) } else { (7, 12) };
    let rows = sqlx::query(
        "SELECT sales_rep, CAST(SUM(delivered_fen) AS BIGINT) AS delivered_fen, CAST(SUM(deliveries) AS BIGINT) AS deliveries, \
         CAST(SUM(on_time) AS BIGINT) AS on_time FROM sales_rep_month WHERE month >= $1 AND month <= $2 GROUP BY sales_rep",
    )
    .bind(format!("{:04}-{first:02}", p.year))
    .bind(format!("{:04}-{last:02}", p.year))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let h = Tally {
                delivered_fen: r.try_get("delivered_fen")?,
                deliveries: r.try_get("deliveries")?,
                on_time: r.try_get("on_time")?,
            };
            Ok((r.try_get("sales_rep")?, h))
        })
        .collect()
}

/// (month, deliveries, on time) of every month from `first` to `last` (`YYYY-MM`) that had
/// deliveries, for the on-time chart.
pub async fn on_time_by_month(conn: &mut Conn, first: &str, last: &str) -> sqlx::Result<Vec<(String, i64, i64)>> {
    let rows = sqlx::query(
        "SELECT month, CAST(SUM(deliveries) AS BIGINT) AS deliveries, CAST(SUM(on_time) AS BIGINT) AS on_time \
         FROM sales_rep_month WHERE month >= $1 AND month <= $2 GROUP BY month ORDER BY month",
    )
    .bind(first)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((r.try_get("month")?, r.try_get("deliveries")?, r.try_get("on_time")?))).collect()
}

/// (rep, average of the four scores, answers) of the customers each rep delivered to in the
/// half year, from the survey of `period_id`.
pub async fn satisfaction(conn: &mut Conn, p: Period, period_id: i64) -> sqlx::Result<Vec<(String, f64, i64)>> {
    let rows = sqlx::query(
        "SELECT x.sales_rep, AVG(CAST(r.quality + r.delivery + r.service + r.price AS DOUBLE PRECISION) / 4.0) AS score, \
         COUNT(*) AS answers FROM sales_rep_customer x \
         JOIN survey_response r ON r.period_id = $3 AND r.customer_id = x.customer_id \
         WHERE x.year = $1 AND x.half = $2 GROUP BY x.sales_rep",
    )
    .bind(p.year)
    .bind(p.half as i32)
    .bind(period_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((r.try_get("sales_rep")?, r.try_get("score")?, r.try_get("answers")?))).collect()
}

/// The kept figures as they are.
pub async fn stored(conn: &mut Conn) -> sqlx::Result<Figures> {
    let mut f = Figures::default();
    for r in sqlx::query("SELECT month, sales_rep, delivered_fen, deliveries, on_time FROM sales_rep_month")
        .fetch_all(&mut *conn)
        .await?
    {
        let key = (r.try_get("month")?, r.try_get("sales_rep")?);
        let h = Tally {
            delivered_fen: r.try_get("delivered_fen")?,
            deliveries: r.try_get("deliveries")?,
            on_time: r.try_get("on_time")?,
        };
        f.months.insert(key, h);
    }
    for r in
        sqlx::query("SELECT year, half, sales_rep, customer_id FROM sales_rep_customer").fetch_all(&mut *conn).await?
    {
        f.customers.insert((
            r.try_get::<i32, _>("year")?,
            r.try_get::<i32, _>("half")? as u8,
            r.try_get("sales_rep")?,
            r.try_get("customer_id")?,
        ));
    }
    Ok(f)
}

/// The figures derived from scratch: the ledger by (rep, day, customer), the delivered notes
/// with their orders' reps; `on_time(delivery date, received instant)` decides punctuality.
pub async fn recompute(conn: &mut Conn, on_time: impl Fn(&str, i64) -> bool) -> sqlx::Result<Figures> {
    let mut f = Figures::default();
    let rows = sqlx::query(
        "SELECT sales_rep, delivered_on, customer_id, CAST(SUM(amount_fen) AS BIGINT) AS fen FROM ledger_entry \
         GROUP BY sales_rep, delivered_on, customer_id",
    )
    .fetch_all(&mut *conn)
    .await?;
    for r in rows {
        let day: String = r.try_get("delivered_on")?;
        let p = period_of(&day);
        let rep: String = r.try_get("sales_rep")?;
        f.months.entry((month_of(&day).to_string(), rep.clone())).or_default().delivered_fen +=
            r.try_get::<i64, _>("fen")?;
        f.customers.insert((p.year, p.half, rep, r.try_get("customer_id")?));
    }
    let rows = sqlx::query(
        "SELECT o.sales_rep, n.delivery_date, n.received_at_device FROM delivery_note n \
         JOIN sales_order o ON o.id = n.order_id WHERE n.status = 'delivered'",
    )
    .fetch_all(&mut *conn)
    .await?;
    for r in rows {
        let date: String = r.try_get("delivery_date")?;
        let received = r.try_get::<Option<i64>, _>("received_at_device")?.unwrap_or(0);
        let h = f.months.entry((month_of(&date).to_string(), r.try_get("sales_rep")?)).or_default();
        h.deliveries += 1;
        h.on_time += on_time(&date, received) as i64;
    }
    Ok(f)
}

/// Replaces the kept figures with `f`.
pub async fn replace(conn: &mut Conn, f: &Figures) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sales_rep_month").execute(&mut *conn).await?;
    sqlx::query("DELETE FROM sales_rep_customer").execute(&mut *conn).await?;
    for ((month, rep), h) in &f.months {
        add(conn, rep, month, *h).await?;
    }
    for (year, half, rep, customer) in &f.customers {
        sqlx::query("INSERT INTO sales_rep_customer (year, half, sales_rep, customer_id) VALUES ($1, $2, $3, $4)")
            .bind(*year)
            .bind(*half as i32)
            .bind(rep)
            .bind(*customer)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Whether figures are kept at all while the ledger has rows (a database from before the
/// figures existed).
pub async fn missing(conn: &mut Conn) -> sqlx::Result<bool> {
    let kept = sqlx::query("SELECT 1 AS one FROM sales_rep_month LIMIT 1").fetch_optional(&mut *conn).await?.is_some();
    let ledger = sqlx::query("SELECT 1 AS one FROM ledger_entry LIMIT 1").fetch_optional(&mut *conn).await?.is_some();
    Ok(ledger && !kept)
}

/// `YYYY-MM` of a `YYYY-MM-DD` day.
fn month_of(day: &str) -> &str {
    day.get(..7).unwrap_or(day)
}

fn period_of(date: &str) -> Period {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap_or_default();
    Period::of_date(d)
}
