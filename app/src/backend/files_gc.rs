//! The file store's collector (文件清理): removes files that no row refers to and that are
//! older than a grace period (a day by default), so that a file written by a transaction
//! that then failed does not stay for ever, while a file whose row is being committed is
//! never taken. `server files gc` runs it; `serve` runs it weekly.

use super::audit::{self, Change};
use super::db::Db;
use super::files::{is_hash, FileStore};
use super::store::files as store;
use crate::error::AppError;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Files older than this and referenced by no row are removed.
pub const GRACE: Duration = Duration::from_secs(24 * 3600);

/// What one run removed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Collected {
    /// Files removed (unreferenced files and left-over temporary files).
    pub removed: usize,
    /// Their bytes.
    pub bytes: u64,
    /// Files kept (referenced, or younger than the grace period).
    pub kept: usize,
}

/// Removes unreferenced files older than `grace` from `files`; forgets their `stored_file`
/// rows and, when anything was removed, writes one audit entry (`file_store`, `collect`).
pub async fn collect(db: &Db, files: &FileStore, grace: Duration) -> Result<Collected, AppError> {
    let referenced = {
        let mut conn = db.read.acquire().await?;
        store::referenced(&mut conn).await?
    };
    let root = files.root().to_path_buf();
    let (collected, removed) = tokio::task::spawn_blocking(move || sweep(&root, &referenced, grace))
        .await
        .map_err(|_| AppError::Internal)?
        .map_err(|e| {
            tracing::error!("file store collector: {e}");
            AppError::Internal
        })?;
    if collected.removed > 0 {
        let mut tx = db.begin().await?;
        for hash in &removed {
            store::forget(&mut tx, hash).await?;
        }
        let change = Change {
            actor: "system",
            action: "collect",
            entity: "file_store",
            entity_id: None,
            before: None,
            after: Some(serde_json::json!({"removed": collected.removed, "bytes": collected.bytes, "files": removed})),
        };
        audit::append(&mut tx, change).await?;
        tx.commit().await?;
    }
    Ok(collected)
}

/// Walks `root/ab/cdef…`: returns the counts and the hashes of the files removed.
fn sweep(
    root: &Path,
    referenced: &std::collections::HashSet<String>,
    grace: Duration,
) -> std::io::Result<(Collected, Vec<String>)> {
    let mut out = Collected::default();
    let mut removed = Vec::new();
    let dirs = match std::fs::read_dir(root) {
        Ok(d) => d,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((out, removed)),
        Err(e) => return Err(e),
    };
    for dir in dirs {
        let dir = dir?;
        let prefix = dir.file_name().to_string_lossy().to_string();
        if !dir.file_type()?.is_dir() || prefix.len() != 2 {
            continue;
        }
        for entry in std::fs::read_dir(dir.path())? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().to_string();
            let hash = format!("{prefix}{name}");
            let leftover = name.starts_with('.') && name.ends_with(".tmp");
            if !leftover && (!is_hash(&hash) || referenced.contains(&hash)) {
                out.kept += 1;
                continue;
            }
            let path: PathBuf = entry.path();
            // The time is read right before removing: a write of the same bytes refreshes it.
            let meta = std::fs::metadata(&path)?;
            let age = SystemTime::now().duration_since(meta.modified()?).unwrap_or_default();
            if age < grace {
                out.kept += 1;
                continue;
            }
            std::fs::remove_file(&path)?;
            out.removed += 1;
            out.bytes += meta.len();
            if !leftover {
                removed.push(hash);
            }
        }
    }
    Ok((out, removed))
}
