//! Idempotency keys: the first answer to a `POST` with an `Idempotency-Key` is kept per
//! caller, so a retry (a flaky network, a phone coming back online) gets the same answer and
//! creates nothing new. The key is claimed before the request runs, so two copies sent at
//! once cannot both create: the second is told the first is still running (409).

use super::db::{now_ms, Db};
use super::store::idempotency::{self as store, Stored};
use crate::error::AppError;
use sha2::{Digest, Sha256};

/// A claim older than this whose request never finished is taken over.
const STALE_MS: i64 = 60_000;

pub fn request_hash(body: &[u8]) -> String {
    hex::encode(Sha256::digest(body))
}

pub enum Claim {
    /// Ours: run the request, then `complete` or `release`.
    Fresh,
    /// Answered before: send this again.
    Replay(Stored),
    /// The key was used with another body.
    Mismatch,
    /// The first request with this key is still running.
    InProgress,
}

pub async fn claim(db: &Db, username: &str, key: &str, hash: &str) -> Result<Claim, AppError> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    match store::claim(&mut tx, username, key, hash, now).await {
        Ok(()) => {
            tx.commit().await?;
            return Ok(Claim::Fresh);
        }
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {}
        Err(e) => return Err(e.into()),
    }
    drop(tx);
    let mut tx = db.begin().await?;
    let Some(first) = store::find(&mut tx, username, key).await? else {
        return Ok(Claim::InProgress);
    };
    if first.request_hash != hash && first.status != 0 {
        return Ok(Claim::Mismatch);
    }
    if first.status != 0 {
        return Ok(Claim::Replay(first));
    }
    if store::reclaim(&mut tx, username, key, hash, now - STALE_MS, now).await? {
        tx.commit().await?;
        return Ok(Claim::Fresh);
    }
    Ok(if first.request_hash == hash { Claim::InProgress } else { Claim::Mismatch })
}

pub async fn complete(db: &Db, username: &str, key: &str, status: i64, response: &str) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    store::complete(&mut tx, username, key, status, response).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn release(db: &Db, username: &str, key: &str) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    store::release(&mut tx, username, key).await?;
    tx.commit().await?;
    Ok(())
}
