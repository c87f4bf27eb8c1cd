//! Idempotency keys: the first answer to a `POST` with an `Idempotency-Key` is kept per
//! caller, so a retry (a flaky network, a driver's phone coming back online) gets the same
//! answer and creates nothing new.

use super::db::{now_ms, Db};
use super::store::idempotency::{self, Stored};
use crate::error::AppError;
use sha2::{Digest, Sha256};

pub fn request_hash(body: &[u8]) -> String {
    hex::encode(Sha256::digest(body))
}

pub async fn lookup(db: &Db, username: &str, key: &str) -> Result<Option<Stored>, AppError> {
    let mut conn = db.read.acquire().await?;
    Ok(idempotency::find(&mut conn, username, key).await?)
}

pub async fn remember(
    db: &Db,
    username: &str,
    key: &str,
    hash: &str,
    status: i64,
    response: &str,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    match idempotency::insert(&mut tx, username, key, hash, status, response, now_ms()).await {
        Ok(()) => tx.commit().await?,
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {}
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
