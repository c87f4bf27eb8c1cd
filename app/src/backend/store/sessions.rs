//! Server-side sessions (only the SHA-256 of the cookie's token is stored) and the events
//! that throttles count (failed sign-ins, guessed links), shared by every server process.

use super::Conn;
use crate::backend::db::get_bool;
use crate::domain::role::Role;
use sqlx::Row;

pub async fn insert(conn: &mut Conn, token_hash: &str, user_id: i64, now: i64, expires_at: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO user_session (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $3)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A live session's user, as read on every request.
pub struct SessionRow {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub last_seen_at: i64,
}

/// The active user of a session that has neither expired nor been idle since `idle_since`,
/// with their roles, in one round trip (every request asks).
pub async fn user_of(conn: &mut Conn, token_hash: &str, now: i64, idle_since: i64) -> sqlx::Result<Option<SessionRow>> {
    let rows = sqlx::query(
        "SELECT u.id, u.username, u.display_name, u.active, s.last_seen_at, r.role FROM user_session s \
         JOIN app_user u ON u.id = s.user_id LEFT JOIN user_role r ON r.user_id = u.id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3",
    )
    .bind(token_hash)
    .bind(now)
    .bind(idle_since)
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
            Ok(Some(SessionRow {
                user_id: r.try_get("id")?,
                username: r.try_get("username")?,
                display_name: r.try_get("display_name")?,
                roles,
                last_seen_at: r.try_get("last_seen_at")?,
            }))
        }
        _ => Ok(None),
    }
}

/// Records a request on the session (the idle clock starts again).
pub async fn touch(conn: &mut Conn, token_hash: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE user_session SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $1")
        .bind(now)
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut Conn, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM user_session WHERE token_hash = $1").bind(token_hash).execute(&mut *conn).await?;
    Ok(())
}

pub async fn delete_for_user(conn: &mut Conn, user_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM user_session WHERE user_id = $1").bind(user_id).execute(&mut *conn).await?;
    Ok(())
}

/// Ends sessions past their expiry or idle since `idle_since`.
pub async fn delete_expired(conn: &mut Conn, now: i64, idle_since: i64) -> sqlx::Result<u64> {
    let a = sqlx::query("DELETE FROM user_session WHERE expires_at <= $1 OR last_seen_at <= $2")
        .bind(now)
        .bind(idle_since)
        .execute(&mut *conn)
        .await?;
    Ok(a.rows_affected())
}

/// Counts one event for a throttle: `bucket` names it (`signin.user`), `subject` is what it
/// counts (a user name, an address).
pub async fn record_event(conn: &mut Conn, bucket: &str, subject: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO throttle_event (bucket, subject, at) VALUES ($1, $2, $3)")
        .bind(bucket)
        .bind(subject)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Counts one event and answers its id.
pub async fn record_event_returning(conn: &mut Conn, bucket: &str, subject: &str, now: i64) -> sqlx::Result<i64> {
    sqlx::query("INSERT INTO throttle_event (bucket, subject, at) VALUES ($1, $2, $3) RETURNING id")
        .bind(bucket)
        .bind(subject)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?
        .try_get("id")
}

pub async fn delete_event(conn: &mut Conn, id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM throttle_event WHERE id = $1").bind(id).execute(&mut *conn).await?;
    Ok(())
}

/// PostgreSQL only: holds a transaction-scoped advisory lock on (bucket, subject), so that
/// counting and recording an attempt is one step for parallel requests.
pub async fn lock_subject(conn: &mut Conn, bucket: &str, subject: &str) -> sqlx::Result<()> {
    sqlx::query(
        "SELECT CAST(1 AS BIGINT) AS ok FROM (SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 0))) AS l",
    )
    .bind(bucket)
    .bind(subject)
    .fetch_one(&mut *conn)
    .await?;
    Ok(())
}

/// How many events of `bucket` for `subject` happened after `since`.
pub async fn events_since(conn: &mut Conn, bucket: &str, subject: &str, since: i64) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) AS n FROM throttle_event WHERE bucket = $1 AND subject = $2 AND at > $3")
        .bind(bucket)
        .bind(subject)
        .bind(since)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")
}

pub async fn delete_events_before(conn: &mut Conn, before: i64) -> sqlx::Result<u64> {
    let a = sqlx::query("DELETE FROM throttle_event WHERE at < $1").bind(before).execute(&mut *conn).await?;
    Ok(a.rows_affected())
}
