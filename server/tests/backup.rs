//! The restore drill: a backup taken while writes go on restores into a fresh target that
//! passes its integrity check and audit verification, with the row counts and audit head of
//! the manifest; a target holding data is refused; the file store travels with it.

#[macro_use]
mod support;

use app::backend::db::Db;
use serde_json::json;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use support::TestApp;

fn customer(n: usize) -> serde_json::Value {
    json!({
        "code": format!("BK{n:05}"), "name": format!("备份测试客户 {n}"), "address": "上海市 1 号",
        "contact_name": "王经理", "contact_phone": "021-5555 0000", "credit_rating": "A", "license_no": "91310000MA1K00000X"
    })
}

/// A fresh, empty target: a file in a new folder, or a new PostgreSQL database.
async fn empty_target(like: &str) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    if like.starts_with("sqlite") {
        return (format!("sqlite://{}/restored.db", dir.path().display()), dir);
    }
    let base = std::env::var("TEST_POSTGRES_URL").unwrap();
    let name = format!("restore_{}", rand::random::<u64>());
    let admin = sqlx::AnyPool::connect(&base).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.unwrap();
    let (prefix, _) = base.rsplit_once('/').unwrap();
    (format!("{prefix}/{name}"), dir)
}

both!(a_backup_taken_during_writes_restores_and_checks_out, |app: TestApp| async move {
    if !app.database_url.starts_with("sqlite") && server::backup::backup_tool_missing() {
        eprintln!("pg_dump is not installed: the PostgreSQL drill is not run");
        return;
    }
    app.sign_in("sales").await;
    for n in 0..5 {
        assert_eq!(app.post("/api/v1/customers", &customer(n)).await.status(), 201);
    }
    // A file in the store, as an attachment would be.
    let source_dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(source_dir.path().join("files/ab")).unwrap();
    std::fs::write(source_dir.path().join("files/ab/abcdef.jpg"), b"not really a photo").unwrap();
    std::fs::write(source_dir.path().join("link-secret"), b"the links' secret").unwrap();

    // Writers go on while the backup is taken.
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (stop, written) = (stop.clone(), written.clone());
        let client = TestApp::client_for(&app).await;
        tokio::spawn(async move {
            client.sign_in("sales").await;
            let mut n = 100;
            while !stop.load(Ordering::Relaxed) {
                assert_eq!(client.post("/api/v1/customers", &customer(n)).await.status(), 201);
                written.fetch_add(1, Ordering::Relaxed);
                n += 1;
            }
        })
    };
    while written.load(Ordering::Relaxed) < 3 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let db = Db::connect(&app.database_url).await.unwrap();
    let archive = source_dir.path().join("backup.zip");
    let manifest = server::backup::backup(&db, &app.database_url, source_dir.path(), &archive).await.unwrap();
    while written.load(Ordering::Relaxed) < 6 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();
    assert!(manifest.row_counts["customer"] >= 8, "{:?}", manifest.row_counts);
    assert!(manifest.audit_head.seq >= 8);
    assert_eq!(manifest.files, vec!["ab/abcdef.jpg".to_string()]);
    assert!(!source_dir.path().join("backup.zip.partial").exists());

    // The live database has moved on since; the restore matches the manifest, not it.
    let (target, target_dir) = empty_target(&app.database_url).await;
    let restored = server::backup::restore(&target, target_dir.path(), &archive, false).await.unwrap();
    assert_eq!(restored.manifest, manifest);
    assert_eq!(restored.audit_entries, manifest.audit_head.seq);
    let again = Db::connect(&target).await.unwrap();
    let mut conn = again.read.acquire().await.unwrap();
    let counts = app::backend::store::maintenance::row_counts(&mut conn, target.starts_with("sqlite")).await.unwrap();
    assert_eq!(counts["customer"], manifest.row_counts["customer"]);
    assert_eq!(std::fs::read(target_dir.path().join("files/ab/abcdef.jpg")).unwrap(), b"not really a photo".to_vec());
    // The secret customer links are derived from comes back too, so the manager's links work.
    assert_eq!(std::fs::read(target_dir.path().join("link-secret")).unwrap(), b"the links' secret".to_vec());
    drop(conn);

    // The restored database serves: a server on it signs in and lists the customers.
    let served = support::spawn_on(&target).await;
    served.sign_in("sales").await;
    assert_eq!(served.get("/api/v1/customers?q=BK00004").await.status(), 200);

    // A target that holds data is refused unless forced.
    let refused = server::backup::restore(&target, target_dir.path(), &archive, false).await.unwrap_err();
    assert!(refused.to_string().contains("--force"), "{refused}");
    server::backup::restore(&target, target_dir.path(), &archive, true).await.unwrap();
});

#[tokio::test]
async fn a_damaged_or_foreign_archive_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let target = format!("sqlite://{}/t.db", dir.path().display());
    let junk = dir.path().join("junk.zip");
    std::fs::write(&junk, b"this is not a zip").unwrap();
    let e = server::backup::restore(&target, dir.path(), &junk, false).await.unwrap_err();
    assert!(e.to_string().contains("not a backup archive"), "{e}");
}

#[test]
fn scheduled_backups_keep_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["backup-20260101-000000.zip", "backup-20260102-000000.zip", "backup-20260103-000000.zip", "other.txt"]
    {
        std::fs::write(dir.path().join(name), b"x").unwrap();
    }
    server::backup::prune(dir.path(), 2).unwrap();
    let mut left: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    left.sort();
    assert_eq!(left, ["backup-20260102-000000.zip", "backup-20260103-000000.zip", "other.txt"]);
}
