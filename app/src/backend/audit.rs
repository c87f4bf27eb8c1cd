//! The audit trail (审计日志, 第十四条: no falsified or altered sales records). Every change to
//! business data appends one entry — who, when, what, before and after — in the same
//! transaction as the change. Entries are hash-chained: each hash covers its content and the
//! previous hash, and `audit_head` keeps the latest sequence number and hash, so an altered,
//! removed or truncated entry is found by `verify`.

use super::db::{internal, now_ms, Db, Tx};
use crate::error::AppError;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;

/// One change, as a service describes it.
pub struct Change<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Serialises a record for the trail.
pub fn snapshot<T: Serialize>(value: &T) -> Option<serde_json::Value> {
    serde_json::to_value(value).ok()
}

/// The hash of one entry: SHA-256 over a JSON array of its fields and the previous hash.
#[allow(clippy::too_many_arguments)]
pub fn entry_hash(
    seq: i64,
    at: i64,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    before: Option<&str>,
    after: Option<&str>,
    prev_hash: &str,
) -> String {
    let canonical = serde_json::json!([seq, at, actor, action, entity, entity_id, before, after, prev_hash]);
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}

/// Appends an entry inside the caller's transaction. Advancing `audit_head` first takes its
/// row lock, so concurrent writers (several server processes on PostgreSQL) are serialised
/// and the chain never forks.
pub async fn append(tx: &mut Tx, change: Change<'_>) -> Result<i64, AppError> {
    let head = sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut **tx)
        .await
        .map_err(internal)?;
    let seq: i64 = head.try_get("seq").map_err(internal)?;
    let prev_hash: String = head.try_get("hash").map_err(internal)?;
    let at = now_ms();
    let before = change.before.map(|v| v.to_string());
    let after = change.after.map(|v| v.to_string());
    let hash = entry_hash(
        seq,
        at,
        change.actor,
        change.action,
        change.entity,
        change.entity_id,
        before.as_deref(),
        after.as_deref(),
        &prev_hash,
    );
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(seq)
    .bind(at)
    .bind(change.actor)
    .bind(change.action)
    .bind(change.entity)
    .bind(change.entity_id)
    .bind(before)
    .bind(after)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut **tx)
    .await
    .map_err(internal)?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&hash)
        .execute(&mut **tx)
        .await
        .map_err(internal)?;
    Ok(seq)
}

/// The first place where the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub seq: i64,
    pub reason: String,
}

/// The head of the chain: the newest entry's sequence number and hash (0 and zeros when
/// nothing was recorded yet).
pub async fn head(db: &Db) -> Result<(i64, String), AppError> {
    let mut conn = db.read.acquire().await.map_err(internal)?;
    super::store::maintenance::audit_head(&mut conn).await.map_err(internal)
}

/// Walks the whole chain in order. `Ok(n)` is the number of intact entries.
pub async fn verify(db: &Db) -> Result<Result<i64, Broken>, AppError> {
    use futures_util::TryStreamExt;
    let mut rows = sqlx::query(
        "SELECT seq, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash \
         FROM audit_log ORDER BY seq",
    )
    .fetch(&db.read);
    let mut expected_seq = 1i64;
    let mut prev = "0".repeat(64);
    while let Some(row) = rows.try_next().await.map_err(internal)? {
        let seq: i64 = row.try_get("seq").map_err(internal)?;
        if seq != expected_seq {
            return Ok(Err(Broken { seq: expected_seq, reason: format!("entry {expected_seq} is missing") }));
        }
        let stored_prev: String = row.try_get("prev_hash").map_err(internal)?;
        let stored_hash: String = row.try_get("hash").map_err(internal)?;
        let before: Option<String> = row.try_get("before_json").map_err(internal)?;
        let after: Option<String> = row.try_get("after_json").map_err(internal)?;
        let actual = entry_hash(
            seq,
            row.try_get("at").map_err(internal)?,
            &row.try_get::<String, _>("actor").map_err(internal)?,
            &row.try_get::<String, _>("action").map_err(internal)?,
            &row.try_get::<String, _>("entity").map_err(internal)?,
            row.try_get("entity_id").map_err(internal)?,
            before.as_deref(),
            after.as_deref(),
            &stored_prev,
        );
        if stored_prev != prev {
            return Ok(Err(Broken { seq, reason: format!("entry {seq} does not follow entry {}", seq - 1) }));
        }
        if actual != stored_hash {
            return Ok(Err(Broken { seq, reason: format!("entry {seq} was altered") }));
        }
        prev = stored_hash;
        expected_seq += 1;
    }
    let head =
        sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(&db.read).await.map_err(internal)?;
    let head_seq: i64 = head.try_get("seq").map_err(internal)?;
    let head_hash: String = head.try_get("hash").map_err(internal)?;
    if head_seq != expected_seq - 1 || head_hash != prev {
        let seq = expected_seq;
        return Ok(Err(Broken { seq, reason: format!("entries from {seq} to {head_seq} were removed") }));
    }
    Ok(Ok(expected_seq - 1))
}
