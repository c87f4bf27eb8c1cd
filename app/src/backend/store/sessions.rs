//! Server-side sessions (only the SHA-256 of the cookie's token is stored) and the record of
//! failed sign-ins that throttling counts.

use super::Conn;
use crate::backend::db::get_bool;
use crate::domain::role::Role;
use sqlx::Row;

pub async fn insert(conn: &mut Conn, token_hash: &str, user_id: i64, now: i64, expires_at: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO user_session (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The live session's user: (id, username, display name), if the session exists, has not
/// expired, and its user is active.
/// The active user of a live session with their roles, in one round trip (every request
/// asks): (id, username, display name, roles).
pub async fn user_of(
    conn: &mut Conn,
    token_hash: &str,
    now: i64,
) -> sqlx::Result<Option<(i64, String, String, Vec<Role>)>> {
    let rows = sqlx::query(
        "SELECT u.id, u.username, u.display_name, u.active, r.role FROM user_session s JOIN app_user u ON u.id = s.user_id \
         LEFT JOIN user_role r ON r.user_id = u.id WHERE s.token_hash = $1 AND s.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    match rows.first() {
        Some(r) if get_bool(r, "active") => {
            let mut roles: Vec<Role> = rows
                .iter()
                .filter_map(|r| r.try_get::<Option<String>, _>("role").ok().flatten())
                .filter_map(|k| Role::parse(&k))
                .collect();
            roles.sort();
            Ok(Some((r.try_get("id")?, r.try_get("username")?, r.try_get("display_name")?, roles)))
        }
        _ => Ok(None),
    }
}

pub async fn delete(conn: &mut Conn, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM user_session WHERE token_hash = $1").bind(token_hash).execute(&mut *conn).await?;
    Ok(())
}

pub async fn delete_for_user(conn: &mut Conn, user_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM user_session WHERE user_id = $1").bind(user_id).execute(&mut *conn).await?;
    Ok(())
}

pub async fn delete_expired(conn: &mut Conn, now: i64) -> sqlx::Result<u64> {
    let a = sqlx::query("DELETE FROM user_session WHERE expires_at <= $1").bind(now).execute(&mut *conn).await?;
    Ok(a.rows_affected())
}

pub async fn record_failure(conn: &mut Conn, username: &str, ip: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO login_failure (username, ip, at) VALUES ($1, $2, $3)")
        .bind(username)
        .bind(ip)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Failed sign-ins since `since`: (for this user name, from this address).
pub async fn failures_since(conn: &mut Conn, username: &str, ip: &str, since: i64) -> sqlx::Result<(i64, i64)> {
    let by_name: i64 = sqlx::query("SELECT COUNT(*) AS n FROM login_failure WHERE username = $1 AND at > $2")
        .bind(username)
        .bind(since)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?;
    let by_ip: i64 = sqlx::query("SELECT COUNT(*) AS n FROM login_failure WHERE ip = $1 AND at > $2")
        .bind(ip)
        .bind(since)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?;
    Ok((by_name, by_ip))
}

pub async fn delete_failures_before(conn: &mut Conn, before: i64) -> sqlx::Result<u64> {
    let a = sqlx::query("DELETE FROM login_failure WHERE at < $1").bind(before).execute(&mut *conn).await?;
    Ok(a.rows_affected())
}
