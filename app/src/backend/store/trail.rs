//! Reading the audit trail (writing it is `backend::audit`, inside each change's transaction).

use super::{Arg, Conditions, Conn};
use crate::backend::db::rfc3339;
use crate::domain::audit::AuditEntry;
use sqlx::Row;

/// Newest first, before `cursor` (a sequence number), optionally for one kind of record.
pub async fn list(conn: &mut Conn, entity: &str, cursor: Option<i64>, limit: i64) -> sqlx::Result<Vec<AuditEntry>> {
    let mut w =
        Conditions::new("SELECT seq, at, actor, action, entity, entity_id, before_json, after_json FROM audit_log");
    if let Some(c) = cursor {
        w.and("seq < $1", vec![Arg::Int(c)]);
    }
    if !entity.is_empty() {
        w.and("entity = $1", vec![Arg::Text(entity.to_string())]);
    }
    let rows = w.fetch_all(conn, "ORDER BY seq DESC LIMIT $limit", limit).await?;
    rows.iter()
        .map(|r| {
            Ok(AuditEntry {
                seq: r.try_get("seq")?,
                at: rfc3339(r.try_get("at")?),
                actor: r.try_get("actor")?,
                action: r.try_get("action")?,
                entity: r.try_get("entity")?,
                entity_id: r.try_get("entity_id")?,
                before: r.try_get("before_json")?,
                after: r.try_get("after_json")?,
            })
        })
        .collect()
}

/// The stored hash of entry `seq`, if there is one.
pub async fn hash_at(conn: &mut Conn, seq: i64) -> sqlx::Result<Option<String>> {
    let row = sqlx::query("SELECT hash FROM audit_log WHERE seq = $1").bind(seq).fetch_optional(&mut *conn).await?;
    row.map(|r| r.try_get("hash")).transpose()
}
