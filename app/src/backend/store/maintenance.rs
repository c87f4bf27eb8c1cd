//! What backups and restores ask of a database: its tables and their row counts, the schema
//! version, SQLite's integrity check and a consistent snapshot.

use super::Conn;
use sqlx::Row;
use std::collections::BTreeMap;

/// The product's tables (not the database's own), by name.
pub async fn tables(conn: &mut Conn, sqlite: bool) -> sqlx::Result<Vec<String>> {
    let sql = if sqlite {
        "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    } else {
        "SELECT CAST(table_name AS TEXT) AS t FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
    };
    sqlx::query(sql).fetch_all(&mut *conn).await?.iter().map(|r| r.try_get("t")).collect()
}

/// Rows in every table. Table names come from the catalogue, never from input.
pub async fn row_counts(conn: &mut Conn, sqlite: bool) -> sqlx::Result<BTreeMap<String, i64>> {
    let mut counts = BTreeMap::new();
    for table in tables(conn, sqlite).await? {
        let quoted = table.replace('"', "\"\"");
        let n: i64 = sqlx::query(&format!("SELECT COUNT(*) AS n FROM \"{quoted}\""))
            .fetch_one(&mut *conn)
            .await?
            .try_get("n")?;
        counts.insert(table, n);
    }
    Ok(counts)
}

/// The newest migration applied (0 for a database never migrated).
pub async fn schema_version(conn: &mut Conn, sqlite: bool) -> sqlx::Result<i64> {
    if !tables(conn, sqlite).await?.iter().any(|t| t == "_sqlx_migrations") {
        return Ok(0);
    }
    let row = sqlx::query("SELECT COALESCE(MAX(version), 0) AS v FROM _sqlx_migrations WHERE success = TRUE")
        .fetch_one(&mut *conn)
        .await?;
    row.try_get("v")
}

/// The audit head (sequence, hash) as this connection sees it.
pub async fn audit_head(conn: &mut Conn) -> sqlx::Result<(i64, String)> {
    let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(&mut *conn).await?;
    Ok((row.try_get("seq")?, row.try_get("hash")?))
}

/// SQLite's `PRAGMA integrity_check`: `["ok"]` when the file is sound, else what is wrong.
pub async fn integrity_check(conn: &mut Conn) -> sqlx::Result<Vec<String>> {
    sqlx::query("PRAGMA integrity_check").fetch_all(&mut *conn).await?.iter().map(|r| r.try_get(0)).collect()
}

/// SQLite: writes a consistent copy of the database to `path` while others go on writing.
pub async fn vacuum_into(conn: &mut Conn, path: &str) -> sqlx::Result<()> {
    sqlx::query(&format!("VACUUM INTO '{}'", path.replace('\'', "''"))).execute(&mut *conn).await?;
    Ok(())
}

/// PostgreSQL: starts a read-only snapshot transaction and exports it for `pg_dump --snapshot`.
pub async fn export_snapshot(conn: &mut Conn) -> sqlx::Result<String> {
    sqlx::query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").execute(&mut *conn).await?;
    sqlx::query("SELECT pg_export_snapshot() AS s").fetch_one(&mut *conn).await?.try_get("s")
}

pub async fn end_snapshot(conn: &mut Conn) -> sqlx::Result<()> {
    sqlx::query("COMMIT").execute(&mut *conn).await?;
    Ok(())
}

/// PostgreSQL: empties the schema before a forced restore.
pub async fn drop_all(conn: &mut Conn) -> sqlx::Result<()> {
    sqlx::query("DROP SCHEMA public CASCADE").execute(&mut *conn).await?;
    sqlx::query("CREATE SCHEMA public").execute(&mut *conn).await?;
    Ok(())
}

/// SQLite: copies the write-ahead log into the database file and empties it.
pub async fn checkpoint(conn: &mut Conn) -> sqlx::Result<()> {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut *conn).await?;
    Ok(())
}

/// The database's size in bytes (SQLite: pages in use and free; PostgreSQL: on disk).
pub async fn database_size(conn: &mut Conn, sqlite: bool) -> sqlx::Result<i64> {
    let sql = if sqlite {
        "SELECT p.page_count * s.page_size AS n FROM pragma_page_count() p, pragma_page_size() s"
    } else {
        "SELECT CAST(pg_database_size(current_database()) AS BIGINT) AS n"
    };
    sqlx::query(sql).fetch_one(&mut *conn).await?.try_get("n")
}

/// Gives the space of deleted data back to the file system (SQLite `VACUUM`; PostgreSQL
/// `VACUUM FULL`).
pub async fn vacuum(conn: &mut Conn, sqlite: bool) -> sqlx::Result<()> {
    sqlx::query(if sqlite { "VACUUM" } else { "VACUUM FULL" }).execute(&mut *conn).await?;
    Ok(())
}
