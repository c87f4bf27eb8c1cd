//! Users and their roles.

use super::Conn;
use crate::backend::db::{get_bool, rfc3339};
use crate::domain::{user::User, Role};
use sqlx::any::AnyRow;
use sqlx::Row;

pub struct Credentials {
    pub id: i64,
    pub password_hash: String,
    pub active: bool,
}

pub async fn insert(
    conn: &mut Conn,
    username: &str,
    display_name: &str,
    password_hash: &str,
    active: bool,
    now: i64,
) -> sqlx::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO app_user (username, display_name, password_hash, active, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(username)
    .bind(display_name)
    .bind(password_hash)
    .bind(active)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    row.try_get("id")
}

pub async fn set_roles(conn: &mut Conn, user_id: i64, roles: &[Role]) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM user_role WHERE user_id = $1").bind(user_id).execute(&mut *conn).await?;
    for role in roles {
        sqlx::query("INSERT INTO user_role (user_id, role) VALUES ($1, $2)")
            .bind(user_id)
            .bind(role.key())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn roles_of(conn: &mut Conn, user_id: i64) -> sqlx::Result<Vec<Role>> {
    let rows = sqlx::query("SELECT role FROM user_role WHERE user_id = $1 ORDER BY role")
        .bind(user_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut roles: Vec<Role> =
        rows.iter().filter_map(|r| r.try_get::<String, _>("role").ok()).filter_map(|k| Role::parse(&k)).collect();
    roles.sort();
    Ok(roles)
}

pub async fn credentials(conn: &mut Conn, username: &str) -> sqlx::Result<Option<Credentials>> {
    let row = sqlx::query("SELECT id, password_hash, active FROM app_user WHERE username = $1")
        .bind(username)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| {
        Ok(Credentials {
            id: r.try_get("id")?,
            password_hash: r.try_get("password_hash")?,
            active: get_bool(&r, "active"),
        })
    })
    .transpose()
}

const COLUMNS: &str = "id, version, username, display_name, active, created_at";

fn from_row(row: &AnyRow) -> sqlx::Result<User> {
    Ok(User {
        id: row.try_get("id")?,
        version: row.try_get("version")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        roles: Vec::new(),
        active: get_bool(row, "active"),
        created_at: rfc3339(row.try_get("created_at")?),
    })
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<User>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM app_user WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        None => Ok(None),
        Some(row) => {
            let mut user = from_row(&row)?;
            user.roles = roles_of(conn, id).await?;
            Ok(Some(user))
        }
    }
}

/// Users ordered by user name, after `cursor`.
pub async fn list(conn: &mut Conn, cursor: Option<&str>, limit: i64) -> sqlx::Result<Vec<User>> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM app_user WHERE username > $1 ORDER BY username LIMIT $2"))
        .bind(cursor.unwrap_or(""))
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    let mut users = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut user = from_row(row)?;
        user.roles = roles_of(conn, user.id).await?;
        users.push(user);
    }
    Ok(users)
}

/// Updates name and status (and the hash when given) if the version still matches.
pub async fn update(
    conn: &mut Conn,
    id: i64,
    version: i64,
    display_name: &str,
    active: bool,
    password_hash: Option<&str>,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE app_user SET display_name = $1, active = $2, password_hash = COALESCE($3, password_hash), \
         updated_at = $4, version = version + 1 WHERE id = $5 AND version = $6",
    )
    .bind(display_name)
    .bind(active)
    .bind(password_hash)
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn count(conn: &mut Conn) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) AS n FROM app_user").fetch_one(&mut *conn).await?.try_get("n")
}

/// Active users holding a role, for pickers (drivers for logistics).
pub async fn active_with_role(conn: &mut Conn, role: &str) -> sqlx::Result<Vec<(String, String)>> {
    let rows = sqlx::query(
        "SELECT u.username, u.display_name, u.active FROM app_user u JOIN user_role r ON r.user_id = u.id \
         WHERE r.role = $1 ORDER BY u.username",
    )
    .bind(role)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .iter()
        .filter(|r| get_bool(r, "active"))
        .filter_map(|r| Some((r.try_get("username").ok()?, r.try_get("display_name").ok()?)))
        .collect())
}
