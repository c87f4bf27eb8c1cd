//! Deactivating and reactivating master records (customers, products): a reason is
//! required, the version must be current, and the reason goes into the audit trail. Records
//! are never deleted (第十四条).

use super::audit::{self, snapshot, Change};
use super::db::now_ms;
use super::store::status::{self as store, Master};
use super::store::{customers, products, Conn};
use super::{AppState, SessionUser};
use crate::domain::customer::Customer;
use crate::domain::fields::StatusChange;
use crate::domain::product::Product;
use crate::domain::Action;
use crate::error::AppError;
use serde::Serialize;
use std::future::Future;

/// A master record that can be deactivated.
pub trait MasterRecord: Serialize + Sized + Send {
    const MASTER: Master;
    const ENTITY: &'static str;
    const WRITE: Action;
    fn version(&self) -> i64;
    fn load(conn: &mut Conn, id: i64) -> impl Future<Output = sqlx::Result<Option<Self>>> + Send;
}

impl MasterRecord for Customer {
    const MASTER: Master = Master::Customer;
    const ENTITY: &'static str = "customer";
    const WRITE: Action = Action::WriteCustomers;
    fn version(&self) -> i64 {
        self.version
    }
    fn load(conn: &mut Conn, id: i64) -> impl Future<Output = sqlx::Result<Option<Self>>> + Send {
        customers::get(conn, id)
    }
}

impl MasterRecord for Product {
    const MASTER: Master = Master::Product;
    const ENTITY: &'static str = "product";
    const WRITE: Action = Action::WriteProducts;
    fn version(&self) -> i64 {
        self.version
    }
    fn load(conn: &mut Conn, id: i64) -> impl Future<Output = sqlx::Result<Option<Self>>> + Send {
        products::get(conn, id)
    }
}

/// Deactivates (`active` = false) or reactivates a record, with the reason in the trail.
pub async fn set_active<T: MasterRecord>(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    active: bool,
    change: &StatusChange,
) -> Result<T, AppError> {
    user.require(T::WRITE)?;
    let reason = change.validate()?;
    let mut tx = state.db.begin().await?;
    let before = T::load(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if before.version() != change.version
        || !store::set_active(&mut tx, T::MASTER, id, change.version, active, &reason, now_ms()).await?
    {
        return Err(AppError::conflict("conflict.stale"));
    }
    let after = T::load(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let mut after_json = snapshot(&after);
    if let Some(serde_json::Value::Object(map)) = after_json.as_mut() {
        map.insert("reason".into(), serde_json::Value::String(reason));
    }
    let action = if active { "reactivate" } else { "deactivate" };
    let entry = Change {
        actor: user.username(),
        action,
        entity: T::ENTITY,
        entity_id: Some(id),
        before: snapshot(&before),
        after: after_json,
    };
    audit::append(&mut tx, entry).await?;
    tx.commit().await?;
    state.publish(T::ENTITY, id);
    Ok(after)
}
