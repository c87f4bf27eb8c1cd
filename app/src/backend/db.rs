//! The database handle: one set of portable queries through `sqlx::Any`, on embedded SQLite
//! (the default) or PostgreSQL. This is the one place where the two dialects differ: how to
//! connect, which migrations to run and how a write transaction begins. Instants are stored
//! as BIGINT unix milliseconds UTC and dates as TEXT `YYYY-MM-DD`; conversions live here.

use crate::error::AppError;
use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Row, Transaction};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Read and write pools. On SQLite the writer is a single connection (one writer at a time
/// is how SQLite works; a pool of writers only produces `SQLITE_BUSY`); on PostgreSQL both
/// are the same pool.
#[derive(Clone, Debug)]
pub struct Db {
    pub read: AnyPool,
    pub write: AnyPool,
    pub backend: Backend,
}

pub type Tx = Transaction<'static, Any>;

impl Db {
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        if url.starts_with("sqlite:") {
            let url = sqlite_url(url)?;
            let file = sqlite_file(&url);
            if let Some(file) = file {
                create_private(file)?;
            }
            let options = || {
                AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10)).after_connect(|conn, _meta| {
                    Box::pin(async move {
                        use sqlx::Executor;
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = FULL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        // Reads of scattered rows (a customer's orders over ten years) touch
                        // pages all over the file: map it (no read call per page) and keep a
                        // larger cache of decoded pages per connection.
                        conn.execute("PRAGMA mmap_size = 1073741824").await?;
                        conn.execute("PRAGMA cache_size = -32768").await?;
                        conn.execute("PRAGMA temp_store = MEMORY").await?;
                        Ok(())
                    })
                })
            };
            let write = options().max_connections(1).min_connections(1).connect(&url).await?;
            let read = options().max_connections(8).connect(&url).await?;
            if let Some(file) = file {
                make_private(file);
            }
            Ok(Db { read, write, backend: Backend::Sqlite })
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool =
                AnyPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect(url).await?;
            Ok(Db { read: pool.clone(), write: pool, backend: Backend::Postgres })
        } else {
            anyhow::bail!("unsupported database URL (use sqlite://… or postgres://…): {url}")
        }
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("../migrations/sqlite").run(&self.write).await?,
            Backend::Postgres => sqlx::migrate!("../migrations/postgres").run(&self.write).await?,
        }
        Ok(())
    }

    /// Begins a write transaction. SQLite takes the write lock up front (`BEGIN IMMEDIATE`),
    /// so a transaction that reads and then writes never fails half-way with `SQLITE_BUSY`.
    pub async fn begin(&self) -> Result<Tx, AppError> {
        let tx = match self.backend {
            Backend::Sqlite => self.write.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.write.begin().await,
        };
        tx.map_err(internal)
    }

    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.read).await.is_ok()
    }
}

/// `sqlite://data/app.db` → a URL that creates the file, after creating its folder.
fn sqlite_url(url: &str) -> anyhow::Result<String> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let (file, query) = path.split_once('?').unwrap_or((path, ""));
    if file != ":memory:" {
        if let Some(parent) = std::path::Path::new(file).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)?;
            }
        }
    }
    let query = if query.contains("mode=") {
        query.to_string()
    } else if query.is_empty() {
        "mode=rwc".into()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{file}?{query}"))
}

/// The database file of a URL from [`sqlite_url`] that may be written, unless it is in memory.
fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url.trim_start_matches("sqlite://");
    let (file, query) = rest.split_once('?').unwrap_or((rest, ""));
    let writable = !query.split('&').any(|p| p == "mode=ro" || p == "mode=memory");
    (writable && file != ":memory:" && !file.is_empty()).then_some(file)
}

/// Creates the database file, readable and writable by its owner only (0600), before SQLite
/// opens it: SQLite gives its `-wal` and `-shm` files the database file's mode.
fn create_private(file: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(file) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(e),
        _ => Ok(()),
    }
}

/// Sets the database file and its `-wal` and `-shm` files (those that exist) to 0600, so that
/// a file made by an older version, or copied in, is private too.
fn make_private(file: &str) {
    #[cfg(unix)]
    for suffix in ["", "-wal", "-shm"] {
        use std::os::unix::fs::PermissionsExt;
        let path = format!("{file}{suffix}");
        match std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                tracing::warn!("could not make {path} private (0600): {e}");
            }
            _ => {}
        }
    }
    #[cfg(not(unix))]
    let _ = file;
}

/// Logs a database error and hides it from the user.
pub fn internal(err: impl std::fmt::Display) -> AppError {
    tracing::error!("database error: {err}");
    AppError::Internal
}

/// Maps a unique-constraint violation to a named conflict, anything else to `internal`.
pub fn unique_or_internal(err: sqlx::Error, field: &str, key: &str) -> AppError {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            AppError::Duplicate { field: field.to_string(), msg: crate::error::Msg::new(key) }
        }
        _ => internal(err),
    }
}

tokio::task_local! {
    /// The instant the demo's history is being made at (see `as_of`); unset otherwise.
    static AS_OF: DateTime<Utc>;
}

/// Now: the clock every service reads. Only the demo's history, made through the services
/// under `as_of`, sees another instant.
pub fn now() -> DateTime<Utc> {
    AS_OF.try_with(|at| *at).unwrap_or_else(|_| Utc::now())
}

pub fn now_ms() -> i64 {
    now().timestamp_millis()
}

/// Runs `work` as if it were `at`: how the demo seeds years of records through the same
/// services (and audit trail) as real use.
pub async fn as_of<F: std::future::Future>(at: DateTime<Utc>, work: F) -> F::Output {
    AS_OF.scope(at, work).await
}

/// The company's time zone. China keeps one offset all year (Asia/Shanghai, UTC+8).
pub fn company_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// Unix milliseconds → RFC 3339 in the company's time zone.
pub fn rfc3339(ms: i64) -> String {
    instant(ms).with_timezone(&company_offset()).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Unix milliseconds → an instant (the epoch for an invalid one).
pub fn instant(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

/// Unix milliseconds → `YYYY-MM-DD` in the company's time zone; empty for an invalid instant.
pub fn company_date(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&company_offset()).format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// Today's date in the company's time zone.
pub fn today() -> chrono::NaiveDate {
    now().with_timezone(&company_offset()).date_naive()
}

/// Reads a flag stored as BOOLEAN (PostgreSQL) or INTEGER 0/1 (SQLite).
pub fn get_bool(row: &AnyRow, column: &str) -> bool {
    row.try_get::<bool, _>(column).or_else(|_| row.try_get::<i64, _>(column).map(|v| v != 0)).unwrap_or(false)
}
