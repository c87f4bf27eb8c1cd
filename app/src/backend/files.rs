//! The file store (文件库): drawn signatures, receipt photos and uploaded documents are files
//! named by their SHA-256 under the data directory (`data/files/ab/cdef…`), never bytes in a
//! row. A file is written to a temporary name, flushed and renamed, so a crash leaves either
//! nothing or the whole file; rows keep the hash, recorded in `stored_file` with its content
//! type and size in the same transaction that refers to it. Writing the same bytes twice
//! stores them once.
//!
//! A service checks the caller and its rules first and writes the file last, just before its
//! transaction commits ([`Pending`]): a refused request leaves no file. A commit that fails
//! after the write leaves an unreferenced file, which [`gc`](super::files_gc) removes.

use super::db::Tx;
use super::store::files as store;
use crate::error::AppError;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug)]
pub struct FileStore {
    root: PathBuf,
}

/// A file ready to be referred to: its hash, type and size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub hash: String,
    pub content_type: String,
    pub size: i64,
}

/// A file that passed its checks and is named by its hash, not yet written: the service
/// records its row with [`Pending::stored`] and calls [`FileStore::write`] as its last step
/// before the commit.
#[derive(Clone, Debug)]
pub struct Pending {
    pub stored: Stored,
    bytes: Vec<u8>,
}

impl Pending {
    pub fn new(content_type: impl Into<String>, bytes: Vec<u8>) -> Pending {
        let hash = hex::encode(Sha256::digest(&bytes));
        Pending { stored: Stored { hash, content_type: content_type.into(), size: bytes.len() as i64 }, bytes }
    }

    /// An image given as a data URL (already validated by its domain rule).
    pub fn from_data_url(value: &str) -> Result<Pending, AppError> {
        let (content_type, bytes) = decode_data_url(value).ok_or(AppError::Internal)?;
        Ok(Pending::new(content_type, bytes))
    }

    pub fn hash(&self) -> &str {
        &self.stored.hash
    }
}

/// Whether `s` is a file store name: 64 lower-case hex digits.
pub fn is_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Where the API serves a stored file.
pub fn url(hash: &str) -> String {
    format!("/files/{hash}")
}

/// How a row's image reads in the API: the file's address for a hash; anything else (an
/// image from before the store, until it is moved) as it is.
pub fn image_ref(value: Option<String>) -> Option<String> {
    value.map(|v| if is_hash(&v) { url(&v) } else { v })
}

/// A `data:TYPE;base64,…` URL → (type, bytes).
pub fn decode_data_url(value: &str) -> Option<(String, Vec<u8>)> {
    let rest = value.strip_prefix("data:")?;
    let (content_type, data) = rest.split_once(";base64,")?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(data.trim()).ok()?;
    Some((content_type.to_string(), bytes))
}

impl FileStore {
    pub fn new(root: impl Into<PathBuf>) -> FileStore {
        FileStore { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The file of `hash`, if the name is a hash (never a path from input otherwise).
    pub fn path_of(&self, hash: &str) -> Option<PathBuf> {
        is_hash(hash).then(|| self.root.join(&hash[..2]).join(&hash[2..]))
    }

    /// Writes `bytes` (unless already there) and returns their hash.
    pub async fn put(&self, bytes: Vec<u8>) -> Result<String, AppError> {
        let file = Pending::new("", bytes);
        let hash = file.stored.hash.clone();
        self.write(file).await?;
        Ok(hash)
    }

    /// Writes a checked file (unless already there, when its time is refreshed so that the
    /// collector does not take it while a row comes to refer to it).
    pub async fn write(&self, file: Pending) -> Result<(), AppError> {
        let path = self.path_of(&file.stored.hash).ok_or(AppError::Internal)?;
        let bytes = file.bytes;
        tokio::task::spawn_blocking(move || write_once(&path, &bytes)).await.map_err(|_| AppError::Internal)?.map_err(
            |e| {
                tracing::error!("file store: {e}");
                AppError::Internal
            },
        )
    }

    /// The bytes of `hash`, if stored.
    pub async fn read(&self, hash: &str) -> Result<Option<Vec<u8>>, AppError> {
        let Some(path) = self.path_of(hash) else { return Ok(None) };
        match tokio::fs::read(&path).await {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => {
                tracing::error!("file store: reading {}: {e}", path.display());
                Err(AppError::Internal)
            }
        }
    }
}

fn write_once(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if path.exists() {
        let _ =
            std::fs::File::options().append(true).open(path).and_then(|f| f.set_modified(std::time::SystemTime::now()));
        return Ok(());
    }
    let dir = path.parent().ok_or_else(|| std::io::Error::other("no folder"))?;
    std::fs::create_dir_all(dir)?;
    let tmp =
        dir.join(format!(".{}.{}.tmp", path.file_name().and_then(|n| n.to_str()).unwrap_or("f"), std::process::id()));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A stored file for a signed-in user who may see delivery notes (or drives them):
/// (content type, bytes). An unknown or malformed name is 404.
pub async fn read_for(
    state: &super::AppState,
    user: &super::SessionUser,
    hash: &str,
) -> Result<(String, Vec<u8>), AppError> {
    use crate::domain::{can, Action};
    if !can(&user.me.roles, Action::ReadDeliveryNotes) && !can(&user.me.roles, Action::DriverDeliveries) {
        return Err(AppError::Forbidden);
    }
    if !is_hash(hash) {
        return Err(AppError::NotFound);
    }
    let mut conn = state.db.read.acquire().await?;
    let content_type = store::content_type(&mut conn, hash).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    let bytes = state.files.read(hash).await?.ok_or(AppError::NotFound)?;
    Ok((content_type, bytes))
}

/// Records a stored file in the transaction that refers to it.
pub async fn record(tx: &mut Tx, file: &Stored, now: i64) -> Result<(), AppError> {
    store::record(tx, &file.hash, &file.content_type, file.size, now).await?;
    Ok(())
}

/// A note's image columns in an audit snapshot.
type Columns = serde_json::Map<String, serde_json::Value>;

/// Moves images that rows still hold as data URLs (from before the store) into the store,
/// walking the notes once in id order, a hundred per transaction; each note moved gets an
/// audit entry (`move_images`: which columns, and their files). Returns how many images moved.
pub async fn move_inline_images(db: &super::db::Db, files: &FileStore) -> Result<usize, AppError> {
    let (mut moved, mut after) = (0, 0);
    loop {
        let mut conn = db.read.acquire().await?;
        let batch = store::inline_images(&mut conn, after, 100).await?;
        drop(conn);
        let Some(last) = batch.iter().map(|(id, _, _)| *id).max() else {
            return Ok(moved);
        };
        after = last;
        let mut tx = db.begin().await?;
        let now = super::db::now_ms();
        let mut pending = Vec::new();
        let mut notes: std::collections::BTreeMap<i64, (Columns, Columns)> = Default::default();
        for (id, column, value) in &batch {
            let (before, after) = notes.entry(*id).or_default();
            before.insert(column.to_string(), format!("data URL, {} characters", value.len()).into());
            let Ok(file) = Pending::from_data_url(value) else {
                // Not decodable: keep nothing rather than move it again forever.
                tracing::warn!("delivery note {id}: {column} is not a data URL; cleared");
                store::set_image(&mut tx, *id, column, None).await?;
                after.insert(column.to_string(), serde_json::Value::Null);
                continue;
            };
            record(&mut tx, &file.stored, now).await?;
            store::set_image(&mut tx, *id, column, Some(file.hash())).await?;
            after.insert(column.to_string(), url(file.hash()).into());
            pending.push(file);
            moved += 1;
        }
        for (id, (before, after)) in notes {
            let change = super::audit::Change {
                actor: "system",
                action: "move_images",
                entity: "delivery_note",
                entity_id: Some(id),
                before: Some(before.into()),
                after: Some(after.into()),
            };
            super::audit::append(&mut tx, change).await?;
        }
        for file in pending {
            files.write(file).await?;
        }
        tx.commit().await?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hashes_name_files() {
        let store = FileStore::new("/data/files");
        let h = "ab".repeat(32);
        assert_eq!(store.path_of(&h).unwrap(), PathBuf::from(format!("/data/files/ab/{}", &h[2..])));
        assert!(store.path_of("../../etc/passwd").is_none());
        assert!(store.path_of(&"AB".repeat(32)).is_none());
        assert_eq!(image_ref(Some(h.clone())), Some(format!("/files/{h}")));
        assert_eq!(image_ref(Some("data:image/png;base64,AA".into())), Some("data:image/png;base64,AA".into()));
    }

    #[test]
    fn data_urls_decode_to_type_and_bytes() {
        let (t, b) = decode_data_url("data:image/png;base64,aGVsbG8=").unwrap();
        assert_eq!((t.as_str(), b.as_slice()), ("image/png", b"hello".as_slice()));
        assert!(decode_data_url("data:image/png,hello").is_none());
        assert!(decode_data_url("hello").is_none());
    }

    #[tokio::test]
    async fn the_same_bytes_are_stored_once_under_their_hash() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path());
        let a = store.put(b"signature".to_vec()).await.unwrap();
        let b = store.put(b"signature".to_vec()).await.unwrap();
        assert_eq!(a, b);
        assert_eq!(a, hex::encode(Sha256::digest(b"signature")));
        assert_eq!(store.read(&a).await.unwrap().unwrap(), b"signature");
        assert_eq!(std::fs::read_dir(dir.path().join(&a[..2])).unwrap().count(), 1, "no temporary file left");
        assert!(store.read(&"0".repeat(64)).await.unwrap().is_none());
    }
}
