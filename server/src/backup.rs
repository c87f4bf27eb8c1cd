//! `server backup --to FILE` and `server restore --from FILE`: one zip archive holding a
//! consistent snapshot of the database (SQLite `VACUUM INTO`, or `pg_dump` of an exported
//! snapshot on PostgreSQL), the file store, and `manifest.json` (schema version, row count
//! of every table and the audit head, all read from that same snapshot). A restore refuses
//! a target that holds data unless forced, and ends by checking the result against the
//! manifest: integrity check, row counts, audit head and the audit chain.

use anyhow::{bail, Context};
use app::backend::audit;
use app::backend::db::{Backend, Db};
use app::backend::links::SECRET_FILE;
use app::backend::store::maintenance;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const FORMAT: u32 = 1;
const MANIFEST: &str = "manifest.json";
const SQLITE_FILE: &str = "database.sqlite";
const PG_FILE: &str = "database.pgdump";
const FILES_DIR: &str = "files";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub created_at: String,
    pub backend: String,
    pub schema_version: i64,
    pub row_counts: BTreeMap<String, i64>,
    pub audit_head: AuditHead,
    /// The audit head as an anchor line (`time sequence hash`, see `server audit anchor`):
    /// `server audit verify --anchors BACKUP.zip` checks it against the live chain.
    #[serde(default)]
    pub audit_anchor: String,
    /// Files of the file store, by path under `files/`.
    pub files: Vec<String>,
    pub server_version: String,
}

/// The data directory (the file store is its `files/`): `DATA_DIR` (`--data-dir`) when set,
/// else the SQLite file's folder, else `data`.
pub fn data_dir(database_url: &str) -> PathBuf {
    if let Some(dir) = std::env::var_os("DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    sqlite_path(database_url)
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("data"))
}

fn sqlite_path(database_url: &str) -> Option<PathBuf> {
    let rest = database_url.strip_prefix("sqlite://").or_else(|| database_url.strip_prefix("sqlite:"))?;
    let file = rest.split('?').next().unwrap_or(rest);
    (file != ":memory:").then(|| PathBuf::from(file))
}

fn backend_name(b: Backend) -> &'static str {
    match b {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// Takes a backup of the running database `db` (at `database_url`) and the file store under
/// `data_dir` into `to`, written beside it and renamed into place when complete.
pub async fn backup(db: &Db, database_url: &str, data_dir: &Path, to: &Path) -> anyhow::Result<Manifest> {
    let partial = partial_path(to);
    let snapshot = to.with_extension("snapshot");
    let _ = std::fs::remove_file(&snapshot);
    let result = async {
        // The snapshot is written into an empty file made private first (SQLite's VACUUM INTO
        // and pg_dump keep the mode of a file that is there).
        create_private(&snapshot).with_context(|| format!("creating {}", snapshot.display()))?;
        let (manifest, db_entry) = match db.backend {
            Backend::Sqlite => {
                let mut conn = db.read.acquire().await?;
                maintenance::vacuum_into(&mut conn, &snapshot.to_string_lossy()).await.context("VACUUM INTO")?;
                drop(conn);
                let mut snap = connect_file(&snapshot, true).await?;
                let ok = maintenance::integrity_check(&mut snap).await?;
                if ok != ["ok"] {
                    bail!("the snapshot failed its integrity check: {}", ok.join("; "));
                }
                let manifest = describe(&mut snap, true).await?;
                (manifest, SQLITE_FILE)
            }
            Backend::Postgres => {
                let pg_dump = tool("pg_dump")?;
                let mut conn = db.read.acquire().await?;
                let id = maintenance::export_snapshot(&mut conn).await?;
                let manifest = describe(&mut conn, false).await;
                let dumped = tokio::process::Command::new(pg_dump)
                    .args(["--format=custom", "--no-owner", "--no-privileges", "--snapshot", &id, "--file"])
                    .arg(&snapshot)
                    .arg(format!("--dbname={database_url}"))
                    .output()
                    .await;
                maintenance::end_snapshot(&mut conn).await?;
                let out = dumped.context("running pg_dump")?;
                if !out.status.success() {
                    bail!("pg_dump failed: {}", String::from_utf8_lossy(&out.stderr).trim());
                }
                (manifest?, PG_FILE)
            }
        };
        let mut manifest = manifest;
        manifest.backend = backend_name(db.backend).into();
        let files = store_files(data_dir)?;
        manifest.files = files.iter().map(|(name, _)| name.clone()).collect();
        let secret = Some(data_dir.join(SECRET_FILE)).filter(|p| p.is_file());
        write_archive(&partial, &manifest, (db_entry, &snapshot), &files, secret.as_deref())?;
        std::fs::rename(&partial, to).with_context(|| format!("moving the backup to {}", to.display()))?;
        Ok(manifest)
    }
    .await;
    let _ = std::fs::remove_file(&snapshot);
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// Creates (or empties) a file that only its owner may read and write (0600), whatever the
/// umask: backups hold every record and password hash.
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    #[cfg(unix)]
    {
        // `mode` applies only to a new file; a file that was there is made private too.
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(file)
}

fn partial_path(to: &Path) -> PathBuf {
    let mut name = to.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    to.with_file_name(name)
}

/// Whether `pg_dump` or `pg_restore` is missing from this machine.
pub fn backup_tool_missing() -> bool {
    tool("pg_dump").is_err() || tool("pg_restore").is_err()
}

fn tool(name: &str) -> anyhow::Result<PathBuf> {
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|dir| dir.join(name))
        .find(|p| p.is_file());
    found.with_context(|| {
        format!(
            "{name} is not installed: install the PostgreSQL client tools of your server's version \
             (Debian: apt-get install postgresql-client) and try again"
        )
    })
}

async fn connect_file(path: &Path, read_only: bool) -> anyhow::Result<sqlx::AnyConnection> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mode = if read_only { "ro" } else { "rwc" };
    let url = format!("sqlite://{}?mode={mode}", path.display());
    Ok(sqlx::AnyConnection::connect(&url).await?)
}

/// The manifest's facts, read through `conn` (inside the snapshot).
async fn describe(conn: &mut sqlx::AnyConnection, sqlite: bool) -> anyhow::Result<Manifest> {
    let (seq, hash) = maintenance::audit_head(conn).await?;
    let created_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let anchor = app::backend::audit_anchor::Anchor { at: created_at.clone(), seq, hash: hash.clone() };
    Ok(Manifest {
        format: FORMAT,
        created_at,
        backend: String::new(),
        schema_version: maintenance::schema_version(conn, sqlite).await?,
        row_counts: maintenance::row_counts(conn, sqlite).await?,
        audit_head: AuditHead { seq, hash },
        audit_anchor: anchor.line(),
        files: Vec::new(),
        server_version: env!("CARGO_PKG_VERSION").into(),
    })
}

/// Every file of the store (`DATA/files/…`), by its path relative to that folder.
fn store_files(data_dir: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let root = data_dir.join(FILES_DIR);
    let mut out = Vec::new();
    let mut pending = vec![root.clone()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(rel) = path.strip_prefix(&root) {
                let name = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                out.push((name, path));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn write_archive(
    to: &Path,
    manifest: &Manifest,
    database: (&str, &Path),
    files: &[(String, PathBuf)],
    link_secret: Option<&Path>,
) -> anyhow::Result<()> {
    let file = create_private(to).with_context(|| format!("creating {}", to.display()))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let deflated =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    zip.start_file(MANIFEST, deflated)?;
    zip.write_all(serde_json::to_string_pretty(manifest)?.as_bytes())?;
    zip.start_file(database.0, deflated)?;
    std::io::copy(&mut std::fs::File::open(database.1)?, &mut zip)?;
    for (name, path) in files {
        zip.start_file(format!("{FILES_DIR}/{name}"), deflated)?;
        std::io::copy(&mut std::fs::File::open(path)?, &mut zip)?;
    }
    // The secret that customer links are derived from: without it a restored server would show
    // the sales manager links that do not work (the customers' own links still would).
    if let Some(path) = link_secret {
        zip.start_file(SECRET_FILE, deflated)?;
        std::io::copy(&mut std::fs::File::open(path)?, &mut zip)?;
    }
    let mut inner = zip.finish()?;
    inner.flush()?;
    inner.get_ref().sync_all()?;
    Ok(())
}

/// What a restore found, for the command's report.
#[derive(Debug)]
pub struct Restored {
    pub manifest: Manifest,
    pub audit_entries: i64,
}

type Archive = zip::ZipArchive<std::io::BufReader<std::fs::File>>;

/// A backup archive and its manifest.
fn open_archive(from: &Path) -> anyhow::Result<(Archive, Manifest)> {
    let file = std::fs::File::open(from).with_context(|| format!("opening {}", from.display()))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).context("not a backup archive (zip)")?;
    let mut text = String::new();
    zip.by_name(MANIFEST).context("the archive has no manifest.json")?.read_to_string(&mut text)?;
    let manifest = serde_json::from_str(&text).context("manifest.json is not a backup manifest")?;
    Ok((zip, manifest))
}

/// The manifest of the backup archive `path` (its audit anchor is what `audit verify
/// --anchors` reads from a backup).
pub fn manifest_of(path: &Path) -> anyhow::Result<Manifest> {
    Ok(open_archive(path)?.1)
}

/// The anchors in `path`: the lines of `server audit anchor`, or a backup archive's manifest.
pub fn read_anchors(path: &Path) -> anyhow::Result<Vec<app::backend::audit_anchor::Anchor>> {
    use app::backend::audit_anchor::Anchor;
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = if bytes.starts_with(b"PK") { manifest_of(path)?.audit_anchor } else { String::from_utf8(bytes)? };
    let anchors = Anchor::parse_all(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    anyhow::ensure!(!anchors.is_empty(), "{} holds no anchor", path.display());
    Ok(anchors)
}

/// Restores `from` into the database at `database_url` (and its file store under
/// `data_dir`). A target holding data is refused unless `force`.
pub async fn restore(database_url: &str, data_dir: &Path, from: &Path, force: bool) -> anyhow::Result<Restored> {
    let (mut zip, manifest) = open_archive(from)?;
    if manifest.format != FORMAT {
        bail!("backup format {} is not known to this version (expects {FORMAT})", manifest.format);
    }
    let target_sqlite = sqlite_path(database_url);
    match (manifest.backend.as_str(), &target_sqlite) {
        ("sqlite", Some(_)) | ("postgres", None) => {}
        (b, _) => bail!("this is a {b} backup; restore it into a database of the same kind"),
    }
    let latest = sqlx::migrate!("../migrations/sqlite").migrations.iter().map(|m| m.version).max().unwrap_or(0);
    if manifest.schema_version > latest {
        bail!(
            "the backup's schema ({}) is newer than this server's ({latest}): use a newer server",
            manifest.schema_version
        );
    }
    let scratch = data_dir.join(".restoring");
    std::fs::create_dir_all(&scratch)?;
    let result = async {
        match &target_sqlite {
            Some(path) => restore_sqlite(&mut zip, path, &scratch, force).await?,
            None => restore_postgres(&mut zip, database_url, &scratch, force).await?,
        }
        restore_files(&mut zip, &manifest, data_dir)?;
        if zip.index_for_name(SECRET_FILE).is_some() {
            extract(&mut zip, SECRET_FILE, &data_dir.join(SECRET_FILE))?;
        }
        check(database_url, &manifest).await
    }
    .await;
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

async fn restore_sqlite(
    zip: &mut zip::ZipArchive<std::io::BufReader<std::fs::File>>,
    path: &Path,
    scratch: &Path,
    force: bool,
) -> anyhow::Result<()> {
    if path.exists() && std::fs::metadata(path)?.len() > 0 {
        let mut conn = connect_file(path, true).await?;
        let holds_data = maintenance::row_counts(&mut conn, true).await?.values().any(|n| *n > 0);
        drop(conn);
        if holds_data && !force {
            bail!("{} already holds data: restore into an empty target, or add --force to replace it", path.display());
        }
    }
    let staged = scratch.join(SQLITE_FILE);
    extract(zip, SQLITE_FILE, &staged)?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    for suffix in ["-wal", "-shm"] {
        let mut side = path.as_os_str().to_os_string();
        side.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(side));
    }
    std::fs::rename(&staged, path).with_context(|| format!("moving the database to {}", path.display()))?;
    Ok(())
}

async fn restore_postgres(
    zip: &mut zip::ZipArchive<std::io::BufReader<std::fs::File>>,
    database_url: &str,
    scratch: &Path,
    force: bool,
) -> anyhow::Result<()> {
    use sqlx::Connection;
    let pg_restore = tool("pg_restore")?;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(database_url).await.context("connecting to the target database")?;
    if !maintenance::tables(&mut conn, false).await?.is_empty() {
        if !force {
            bail!(
                "the target database already has tables: restore into an empty database, or add --force to replace it"
            );
        }
        maintenance::drop_all(&mut conn).await?;
    }
    drop(conn);
    let staged = scratch.join(PG_FILE);
    extract(zip, PG_FILE, &staged)?;
    let out = tokio::process::Command::new(pg_restore)
        .args(["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"])
        .arg(format!("--dbname={database_url}"))
        .arg(&staged)
        .output()
        .await
        .context("running pg_restore")?;
    if !out.status.success() {
        bail!("pg_restore failed: {}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(())
}

fn extract(zip: &mut zip::ZipArchive<std::io::BufReader<std::fs::File>>, name: &str, to: &Path) -> anyhow::Result<()> {
    let mut entry = zip.by_name(name).with_context(|| format!("the archive has no {name}"))?;
    let mut out = create_private(to)?;
    std::io::copy(&mut entry, &mut out)?;
    out.sync_all()?;
    Ok(())
}

fn restore_files(
    zip: &mut zip::ZipArchive<std::io::BufReader<std::fs::File>>,
    manifest: &Manifest,
    data_dir: &Path,
) -> anyhow::Result<()> {
    let root = data_dir.join(FILES_DIR);
    for name in &manifest.files {
        // Names come from the archive: only plain relative paths are written.
        let rel = Path::new(name);
        if rel.components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
            bail!("the archive names an unsafe path: {name}");
        }
        let to = root.join(rel);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        extract(zip, &format!("{FILES_DIR}/{name}"), &to)?;
    }
    Ok(())
}

/// The restored database against the manifest: integrity (SQLite), row counts, audit head,
/// and the whole audit chain.
async fn check(database_url: &str, manifest: &Manifest) -> anyhow::Result<Restored> {
    let db = Db::connect(database_url).await?;
    let sqlite = db.backend == Backend::Sqlite;
    let mut conn = db.read.acquire().await?;
    if sqlite {
        let ok = maintenance::integrity_check(&mut conn).await?;
        if ok != ["ok"] {
            bail!("integrity check failed: {}", ok.join("; "));
        }
    }
    let counts = maintenance::row_counts(&mut conn, sqlite).await?;
    if counts != manifest.row_counts {
        let differ: Vec<String> = manifest
            .row_counts
            .iter()
            .filter(|(t, n)| counts.get(*t) != Some(n))
            .map(|(t, n)| format!("{t}: {n} in the manifest, {} restored", counts.get(t).copied().unwrap_or(0)))
            .collect();
        bail!("row counts differ from the manifest: {}", differ.join("; "));
    }
    let (seq, hash) = maintenance::audit_head(&mut conn).await?;
    if seq != manifest.audit_head.seq || hash != manifest.audit_head.hash {
        bail!("the audit head ({seq}) differs from the manifest's ({})", manifest.audit_head.seq);
    }
    drop(conn);
    let entries = match audit::verify(&db).await.map_err(|e| anyhow::anyhow!("{e}"))? {
        Ok(n) => n,
        Err(broken) => bail!("the audit trail is broken at entry {}: {}", broken.seq, broken.reason),
    };
    db.migrate().await?;
    Ok(Restored { manifest: manifest.clone(), audit_entries: entries })
}

/// Scheduled backups: every `every`, a file `backup-YYYYMMDD-HHMMSS.zip` in `dir`; the
/// newest `keep` are kept.
pub fn spawn_schedule(
    state: app::backend::AppState,
    database_url: String,
    dir: PathBuf,
    every: std::time::Duration,
    keep: usize,
) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.tick().await;
        loop {
            tick.tick().await;
            let name = format!("backup-{}.zip", chrono::Utc::now().format("%Y%m%d-%H%M%S"));
            let result = async {
                std::fs::create_dir_all(&dir)?;
                let m = backup(&state.db, &database_url, &data_dir(&database_url), &dir.join(&name)).await?;
                prune(&dir, keep)?;
                anyhow::Ok(m)
            }
            .await;
            state.metrics.job_ran("backup", result.is_ok());
            match result {
                Ok(m) => tracing::info!("backup {name}: audit head {}, schema {}", m.audit_head.seq, m.schema_version),
                Err(e) => tracing::error!("scheduled backup failed: {e:#}"),
            }
        }
    });
}

/// Keeps the newest `keep` scheduled backups in `dir`.
pub fn prune(dir: &Path, keep: usize) -> anyhow::Result<()> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("backup-") && n.ends_with(".zip"))
        .collect();
    names.sort();
    let excess = names.len().saturating_sub(keep.max(1));
    for old in &names[..excess] {
        std::fs::remove_file(dir.join(old))?;
    }
    Ok(())
}
