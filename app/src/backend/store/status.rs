//! Deactivating and reactivating master records (never deleting them).

use super::Conn;

/// The master tables that can be deactivated.
#[derive(Debug, Clone, Copy)]
pub enum Master {
    Customer,
    Product,
}

impl Master {
    fn table(self) -> &'static str {
        match self {
            Master::Customer => "customer",
            Master::Product => "product",
        }
    }
}

/// Sets the active flag with its reason if `version` is current; `false` if it is stale.
pub async fn set_active(
    conn: &mut Conn,
    what: Master,
    id: i64,
    version: i64,
    active: bool,
    reason: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let sql = format!(
        "UPDATE {} SET active = $1, void_reason = $2, updated_at = $3, version = version + 1 WHERE id = $4 AND version = $5",
        what.table()
    );
    let done = sqlx::query(&sql).bind(active).bind(reason).bind(now).bind(id).bind(version).execute(&mut *conn).await?;
    Ok(done.rows_affected() == 1)
}
