//! The user service: accounts and roles, managed by `admin` (and by `server user add` from the
//! command line). Every change is audited; password hashes never enter the trail.

use super::audit::{self, snapshot, Change};
use super::auth::hash_password_blocking;
use super::db::{now_ms, unique_or_internal, Db};
use super::store::{sessions, users, Page};
use super::{page_limit, AppState, SessionUser};
use crate::domain::user::{self as rules, User, UserInput};
use crate::domain::{Action, Role};
use crate::error::AppError;

pub async fn list(
    state: &AppState,
    user: &SessionUser,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<User>, AppError> {
    user.require(Action::ManageUsers)?;
    let limit = page_limit(limit)?;
    let mut conn = state.db.read.acquire().await?;
    let rows = users::list(&mut conn, cursor, limit + 1).await?;
    Ok(Page::from_rows(rows, limit, |u| u.username.clone()))
}

pub async fn get(state: &AppState, user: &SessionUser, id: i64) -> Result<User, AppError> {
    user.require(Action::ManageUsers)?;
    let mut conn = state.db.read.acquire().await?;
    users::get(&mut conn, id).await?.ok_or(AppError::NotFound)
}

/// Creates an account; `actor` is the admin, or `cli` for the command line.
pub async fn create_as(db: &Db, actor: &str, input: &UserInput) -> Result<User, AppError> {
    let username = rules::username(&input.username)?;
    let display_name = match input.display_name.trim() {
        "" => username.clone(),
        name => crate::domain::fields::required("display_name", name, 100)?,
    };
    let roles = rules::roles(&input.roles)?;
    let password = input.password.clone().unwrap_or_default();
    super::auth::check_new_password(&password)?;
    let hash = hash_password_blocking(password).await?;
    let mut tx = db.begin().await?;
    let id = users::insert(&mut tx, &username, &display_name, &hash, input.active, now_ms())
        .await
        .map_err(|e| unique_or_internal(e, "username", "validation.username_taken"))?;
    users::set_roles(&mut tx, id, &roles).await?;
    let created = users::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let change = Change {
        actor,
        action: "create",
        entity: "user",
        entity_id: Some(id),
        before: None,
        after: snapshot(&created),
    };
    audit::append(&mut tx, change).await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn create(state: &AppState, user: &SessionUser, input: &UserInput) -> Result<User, AppError> {
    user.require(Action::ManageUsers)?;
    let created = create_as(&state.db, user.username(), input).await?;
    state.publish("user", created.id);
    Ok(created)
}

/// Edits name, roles, status and (optionally) the password. An admin cannot lock themselves
/// out: no deactivating or removing the admin role from one's own account.
pub async fn update(state: &AppState, user: &SessionUser, id: i64, input: &UserInput) -> Result<User, AppError> {
    user.require(Action::ManageUsers)?;
    let version = input.version.ok_or_else(|| AppError::validation("version", "validation.required"))?;
    let display_name = crate::domain::fields::required("display_name", &input.display_name, 100)?;
    let roles = rules::roles(&input.roles)?;
    if id == user.user_id && (!input.active || !roles.contains(&Role::Admin)) {
        return Err(AppError::conflict("conflict.self_lockout"));
    }
    let hash = match input.password.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => {
            super::auth::check_new_password(p)?;
            Some(hash_password_blocking(p.to_string()).await?)
        }
        None => None,
    };
    let mut tx = state.db.begin().await?;
    let before = users::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if before.version != version
        || !users::update(&mut tx, id, version, &display_name, input.active, hash.as_deref(), now_ms()).await?
    {
        return Err(AppError::conflict("conflict.stale"));
    }
    users::set_roles(&mut tx, id, &roles).await?;
    if !input.active || hash.is_some() {
        sessions::delete_for_user(&mut tx, id).await?;
    }
    let after = users::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let mut after_json = snapshot(&after);
    if let (Some(serde_json::Value::Object(map)), true) = (after_json.as_mut(), hash.is_some()) {
        map.insert("password_changed".into(), serde_json::Value::Bool(true));
    }
    let change = Change {
        actor: user.username(),
        action: "update",
        entity: "user",
        entity_id: Some(id),
        before: snapshot(&before),
        after: after_json,
    };
    audit::append(&mut tx, change).await?;
    tx.commit().await?;
    state.publish("user", id);
    Ok(after)
}
