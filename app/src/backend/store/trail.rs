//! Reading the audit trail (writing it is `backend::audit`, inside each change's transaction).

use super::Conn;
use crate::backend::db::rfc3339;
use crate::domain::audit::AuditEntry;
use sqlx::Row;

/// Newest first, before `cursor` (a sequence number), optionally for one kind of record.
pub async fn list(conn: &mut Conn, entity: &str, cursor: Option<i64>, limit: i64) -> sqlx::Result<Vec<AuditEntry>> {
    let rows = sqlx::query(
        "SELECT seq, at, actor, action, entity, entity_id, before_json, after_json FROM audit_log \
         WHERE seq < $1 AND ($2 = '' OR entity = $2) ORDER BY seq DESC LIMIT $3",
    )
    .bind(cursor.unwrap_or(i64::MAX))
    .bind(entity)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
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
