//! The product service: products and their technical indicators, each change audited.

use super::audit::{self, snapshot, Change};
use super::db::{now_ms, unique_or_internal};
use super::store::{products, Page};
use super::{page_limit, AppState, SessionUser};
use crate::domain::product::{Product, ProductInput};
use crate::domain::Action;
use crate::error::AppError;

pub async fn list(
    state: &AppState,
    user: &SessionUser,
    q: &str,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<Product>, AppError> {
    user.require(Action::ReadMasterData)?;
    let limit = page_limit(limit)?;
    let mut conn = state.db.read.acquire().await?;
    let rows = products::list(&mut conn, q, cursor, limit + 1).await?;
    Ok(Page::from_rows(rows, limit, |p| p.code.clone()))
}

pub async fn get(state: &AppState, user: &SessionUser, id: i64) -> Result<Product, AppError> {
    user.require(Action::ReadMasterData)?;
    let mut conn = state.db.read.acquire().await?;
    products::get(&mut conn, id).await?.ok_or(AppError::NotFound)
}

pub async fn create(state: &AppState, user: &SessionUser, input: &ProductInput) -> Result<Product, AppError> {
    user.require(Action::WriteProducts)?;
    let valid = input.validate()?;
    let mut tx = state.db.begin().await?;
    let id = products::insert(&mut tx, &valid, now_ms())
        .await
        .map_err(|e| unique_or_internal(e, "code", "validation.code_taken"))?;
    let created = products::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let change = Change {
        actor: user.username(),
        action: "create",
        entity: "product",
        entity_id: Some(id),
        before: None,
        after: snapshot(&created),
    };
    audit::append(&mut tx, change).await?;
    tx.commit().await?;
    state.publish("product", id);
    Ok(created)
}

pub async fn update(state: &AppState, user: &SessionUser, id: i64, input: &ProductInput) -> Result<Product, AppError> {
    user.require(Action::WriteProducts)?;
    let version = input.version.ok_or_else(|| AppError::validation("version", "validation.required"))?;
    let valid = input.validate()?;
    let mut tx = state.db.begin().await?;
    let before = products::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if before.version != version {
        return Err(AppError::conflict("conflict.stale"));
    }
    let saved = products::update(&mut tx, id, version, &valid, now_ms())
        .await
        .map_err(|e| unique_or_internal(e, "code", "validation.code_taken"))?;
    if !saved {
        return Err(AppError::conflict("conflict.stale"));
    }
    let after = products::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let change = Change {
        actor: user.username(),
        action: "update",
        entity: "product",
        entity_id: Some(id),
        before: snapshot(&before),
        after: snapshot(&after),
    };
    audit::append(&mut tx, change).await?;
    tx.commit().await?;
    state.publish("product", id);
    Ok(after)
}
