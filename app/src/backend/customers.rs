//! The customer service: list, read, create and edit customers, each change audited.

use super::audit::{self, snapshot, Change};
use super::db::{now_ms, unique_or_internal};
use super::store::{customers, Page};
use super::{page_limit, AppState, SessionUser};
use crate::domain::customer::{Customer, CustomerInput};
use crate::domain::Action;
use crate::error::AppError;

pub async fn list(
    state: &AppState,
    user: &SessionUser,
    q: &str,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<Customer>, AppError> {
    user.require(Action::ReadMasterData)?;
    let limit = page_limit(limit)?;
    let mut conn = state.db.read.acquire().await?;
    let rows = customers::list(&mut conn, q, cursor, limit + 1).await?;
    Ok(Page::from_rows(rows, limit, |c| c.code.clone()))
}

pub async fn get(state: &AppState, user: &SessionUser, id: i64) -> Result<Customer, AppError> {
    user.require(Action::ReadMasterData)?;
    let mut conn = state.db.read.acquire().await?;
    customers::get(&mut conn, id).await?.ok_or(AppError::NotFound)
}

pub async fn create(state: &AppState, user: &SessionUser, input: &CustomerInput) -> Result<Customer, AppError> {
    user.require(Action::WriteCustomers)?;
    let valid = input.validate()?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let id = customers::insert(&mut tx, &valid, user.username(), now)
        .await
        .map_err(|e| unique_or_internal(e, "code", "validation.code_taken"))?;
    let created = customers::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
    audit::append(
        &mut tx,
        Change {
            actor: user.username(),
            action: "create",
            entity: "customer",
            entity_id: Some(id),
            before: None,
            after: snapshot(&created),
        },
    )
    .await?;
    tx.commit().await?;
    state.publish("customer", id);
    Ok(created)
}

/// Saves an edit made against `input.version`; a stale version is refused with 409.
pub async fn update(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    input: &CustomerInput,
) -> Result<Customer, AppError> {
    user.require(Action::WriteCustomers)?;
    let version = input.version.ok_or_else(|| AppError::validation("version", "validation.required"))?;
    let valid = input.validate()?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = customers::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if before.version != version {
        return Err(AppError::conflict("conflict.stale"));
    }
    let qualification_changed = before.license_no != valid.license_no || before.credit_rating != valid.credit_rating;
    let checked = qualification_changed.then_some((user.username(), now));
    let saved = customers::update(&mut tx, id, version, &valid, checked, now)
        .await
        .map_err(|e| unique_or_internal(e, "code", "validation.code_taken"))?;
    if !saved {
        return Err(AppError::conflict("conflict.stale"));
    }
    let after = customers::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
    audit::append(
        &mut tx,
        Change {
            actor: user.username(),
            action: "update",
            entity: "customer",
            entity_id: Some(id),
            before: snapshot(&before),
            after: snapshot(&after),
        },
    )
    .await?;
    tx.commit().await?;
    state.publish("customer", id);
    Ok(after)
}
