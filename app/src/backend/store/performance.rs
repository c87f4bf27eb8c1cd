//! Sales targets and the per-rep figures of the sales performance report.

use super::Conn;
use crate::domain::satisfaction::Period;
use sqlx::Row;

/// (rep, target fen) of a half year.
pub async fn targets(conn: &mut Conn, p: Period) -> sqlx::Result<Vec<(String, i64)>> {
    let rows = sqlx::query("SELECT sales_rep, amount_fen FROM sales_target WHERE year = $1 AND half = $2")
        .bind(p.year)
        .bind(p.half as i32)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| Ok((r.try_get("sales_rep")?, r.try_get("amount_fen")?))).collect()
}

pub async fn target(conn: &mut Conn, rep: &str, p: Period) -> sqlx::Result<Option<i64>> {
    let row = sqlx::query("SELECT amount_fen FROM sales_target WHERE sales_rep = $1 AND year = $2 AND half = $3")
        .bind(rep)
        .bind(p.year)
        .bind(p.half as i32)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| r.try_get("amount_fen")).transpose()
}

/// Sets a target; an amount of 0 removes it.
pub async fn set_target(
    conn: &mut Conn,
    rep: &str,
    p: Period,
    amount_fen: i64,
    by: &str,
    now: i64,
) -> sqlx::Result<()> {
    if amount_fen == 0 {
        sqlx::query("DELETE FROM sales_target WHERE sales_rep = $1 AND year = $2 AND half = $3")
            .bind(rep)
            .bind(p.year)
            .bind(p.half as i32)
            .execute(&mut *conn)
            .await?;
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO sales_target (sales_rep, year, half, amount_fen, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (sales_rep, year, half) DO UPDATE SET amount_fen = excluded.amount_fen, updated_by = excluded.updated_by, \
         updated_at = excluded.updated_at",
    )
    .bind(rep)
    .bind(p.year)
    .bind(p.half as i32)
    .bind(amount_fen)
    .bind(by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// (username, display name) of every user holding the sales role.
pub async fn sales_reps(conn: &mut Conn) -> sqlx::Result<Vec<(String, String)>> {
    let rows = sqlx::query(
        "SELECT u.username, u.display_name FROM app_user u JOIN user_role r ON r.user_id = u.id WHERE r.role = 'sales' ORDER BY u.username",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((r.try_get("username")?, r.try_get("display_name")?))).collect()
}

/// Display names of the given usernames that are users.
pub async fn names(conn: &mut Conn) -> sqlx::Result<Vec<(String, String)>> {
    let rows = sqlx::query("SELECT username, display_name FROM app_user").fetch_all(&mut *conn).await?;
    rows.iter().map(|r| Ok((r.try_get("username")?, r.try_get("display_name")?))).collect()
}
