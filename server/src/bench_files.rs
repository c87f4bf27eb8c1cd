//! `server bench --attachments`: how big the database is with every delivered note's three
//! signatures (≈6 KB each) and, on every fourth note, a receipt photo (≈150 KB, a phone
//! picture at 1280 px) kept in the rows as data URLs — as before the file store — and after
//! the server moves them into the store: database and store sizes, and the time the move takes.

use app::backend::db::{Backend, Db};
use app::backend::files::{move_inline_images, FileStore};
use app::backend::store::{bench, maintenance};
use base64::Engine;
use std::path::Path;
use std::time::Instant;

const SIGNATURE_BYTES: usize = 6 * 1024;
const PHOTO_BYTES: usize = 150 * 1024;
const PHOTO_EVERY: usize = 4;

/// Bytes that do not compress, as image data does not.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn data_url(kind: &str, bytes: &[u8]) -> String {
    format!("data:{kind};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes))
}

fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(|e| e.ok())
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                dir_size(&p)
            } else {
                e.metadata().map(|m| m.len()).unwrap_or(0)
            }
        })
        .sum()
}

fn mb(n: u64) -> f64 {
    n as f64 / 1_048_576.0
}

pub async fn run(db: &Db, data_dir: &Path) -> anyhow::Result<()> {
    let sqlite = db.backend == Backend::Sqlite;
    let store = FileStore::new(data_dir.join("files"));
    let _ = std::fs::remove_dir_all(store.root());
    let mut conn = db.read.acquire().await?;
    let ids = bench::delivered_note_ids(&mut conn).await?;
    drop(conn);
    let mut tx = db.begin().await?;
    let mut photos = 0;
    for (k, id) in ids.iter().enumerate() {
        let s: Vec<String> =
            (0..3).map(|j| data_url("image/png", &noise(*id as u64 * 4 + j, SIGNATURE_BYTES))).collect();
        let photo = (k % PHOTO_EVERY == 0).then(|| data_url("image/jpeg", &noise(*id as u64 * 4 + 3, PHOTO_BYTES)));
        photos += usize::from(photo.is_some());
        bench::set_inline_images(&mut tx, *id, [&s[0], &s[1], &s[2]], photo.as_deref()).await?;
    }
    tx.commit().await?;
    let mut conn = db.write.acquire().await?;
    if sqlite {
        maintenance::checkpoint(&mut conn).await?;
    }
    maintenance::vacuum(&mut conn, sqlite).await?;
    let inline = maintenance::database_size(&mut conn, sqlite).await? as u64;
    drop(conn);

    let began = Instant::now();
    let moved = move_inline_images(db, &store).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let took = began.elapsed();
    let mut conn = db.write.acquire().await?;
    if sqlite {
        maintenance::checkpoint(&mut conn).await?;
    }
    maintenance::vacuum(&mut conn, sqlite).await?;
    let after = maintenance::database_size(&mut conn, sqlite).await? as u64;
    let files = dir_size(store.root());
    println!(
        "\nAttachments ({} delivered notes, 3 signatures each, {photos} photos; {}):\n\n\
         | | database | file store |\n|---|---:|---:|\n\
         | images in the rows (before) | {:.0} MB | — |\n\
         | images in the file store (after) | {:.0} MB | {:.0} MB |\n\n\
         {moved} images moved in {:.1} s ({:.0} per second).",
        ids.len(),
        if sqlite { "SQLite" } else { "PostgreSQL" },
        mb(inline),
        mb(after),
        mb(files),
        took.as_secs_f64(),
        moved as f64 / took.as_secs_f64().max(0.001)
    );
    Ok(())
}
