//! No orphan files (issue 31, item 7), on SQLite and PostgreSQL: a request refused after its
//! checks leaves nothing in the file store (another driver's receipt with a photo, a
//! duplicate document revision); `server files gc` removes files that no row refers to and
//! that are older than a day, and keeps referenced and fresh ones.

#[macro_use]
mod support;

use base64::Engine;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use support::flow::*;
use support::TestApp;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Bytes no other test writes, and the name the store would give them.
fn unique(tag: &str) -> (Vec<u8>, String) {
    let bytes = format!("{tag}-{}-{}", rand::random::<u64>(), "x".repeat(64)).into_bytes();
    let hash = hex::encode(Sha256::digest(&bytes));
    (bytes, hash)
}

fn store_path(root: &Path, hash: &str) -> PathBuf {
    root.join(&hash[..2]).join(&hash[2..])
}

fn store_root(app: &TestApp) -> PathBuf {
    server::backup::data_dir(&app.database_url).join("files")
}

both!(another_drivers_receipt_with_a_photo_leaves_no_file, |app: TestApp| async move {
    let n = loaded_note(&app, "pac-orphan-01").await;
    let id = n["id"].as_i64().unwrap();
    let (photo, photo_hash) = unique("photo");
    let (signature, signature_hash) = unique("signature");
    let mut body = receipt(&n, 4.0);
    body["photo"] = json!(format!("data:image/jpeg;base64,{}", b64(&photo)));
    body["signature"] = json!(format!("data:image/png;base64,{}", b64(&signature)));
    app.sign_in("driver2").await;
    let res = app.post(&format!("/api/v1/delivery-notes/{id}/receipt"), &body).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let root = store_root(&app);
    assert!(!store_path(&root, &photo_hash).exists(), "the refused photo is not in the store");
    assert!(!store_path(&root, &signature_hash).exists(), "the refused signature is not in the store");
    let rows = app.query_strings(&format!("SELECT hash AS s FROM stored_file WHERE hash = '{photo_hash}'")).await;
    assert!(rows.is_empty());
    // The note's own driver: the same receipt is stored, files and rows agreeing.
    app.sign_in("driver").await;
    let res = app.post(&format!("/api/v1/delivery-notes/{id}/receipt"), &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert!(store_path(&root, &photo_hash).exists() && store_path(&root, &signature_hash).exists());
    let rows = app.query_strings(&format!("SELECT photo AS s FROM delivery_note WHERE id = {id}")).await;
    assert_eq!(rows, [photo_hash]);
});

both!(a_duplicate_document_revision_leaves_no_file, |app: TestApp| async move {
    app.sign_in("quality").await;
    let res = app.post("/api/v1/products/5/documents", &json!({"kind": "manual", "title": "Manual orphan test"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let doc = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let revision = |bytes: &[u8]| {
        let mut pdf = b"%PDF-1.4\n".to_vec();
        pdf.extend_from_slice(bytes);
        pdf.extend_from_slice(b"\n%%EOF\n");
        let hash = hex::encode(Sha256::digest(&pdf));
        let body = json!({"revision": "1.0", "issued_on": in_days(0), "changes": "First issue",
            "file_name": "TDS.pdf", "content_base64": b64(&pdf)});
        (body, hash)
    };
    let (first, first_hash) = revision(&unique("first").0);
    let (second, second_hash) = revision(&unique("second").0);
    let path = format!("/api/v1/documents/{doc}/revisions");
    assert_eq!(app.post(&path, &first).await.status(), StatusCode::CREATED);
    assert_eq!(app.post(&path, &second).await.status(), StatusCode::CONFLICT);
    let root = store_root(&app);
    assert!(store_path(&root, &first_hash).exists());
    assert!(!store_path(&root, &second_hash).exists(), "the refused revision's file is not in the store");
});

/// Plants a file in the store `root` with its time `age` ago.
fn plant(root: &Path, name: &str, bytes: &[u8], age: std::time::Duration) -> PathBuf {
    let path = root.join(&name[..2]).join(&name[2..]);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let f = std::fs::File::options().append(true).open(&path).unwrap();
    f.set_modified(std::time::SystemTime::now() - age).unwrap();
    path
}

both!(files_gc_removes_old_unreferenced_files_only, |app: TestApp| async move {
    // A referenced file: a document revision's.
    app.sign_in("quality").await;
    let res = app.post("/api/v1/products/5/documents", &json!({"kind": "manual", "title": "Manual gc test"})).await;
    let doc = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let pdf = format!("%PDF-1.4\n{}\n%%EOF\n", rand::random::<u64>()).into_bytes();
    let body = json!({"revision": "1.0", "issued_on": in_days(0), "changes": "First issue", "file_name": "TDS.pdf",
        "content_base64": b64(&pdf)});
    assert_eq!(app.post(&format!("/api/v1/documents/{doc}/revisions"), &body).await.status(), StatusCode::CREATED);
    let referenced = hex::encode(Sha256::digest(&pdf));

    // A store of its own for the command: the referenced file, an old orphan (with its
    // stored_file row, as a failed commit could not leave but an older version could), a
    // fresh orphan and a temporary file left by a crash.
    let data = tempfile::tempdir().unwrap();
    let root = data.path().join("files");
    let two_days = std::time::Duration::from_secs(2 * 24 * 3600);
    let kept = plant(&root, &referenced, &pdf, two_days);
    let (old_bytes, old_hash) = unique("old-orphan");
    let old = plant(&root, &old_hash, &old_bytes, two_days);
    let (fresh_bytes, fresh_hash) = unique("fresh-orphan");
    let fresh = plant(&root, &fresh_hash, &fresh_bytes, std::time::Duration::from_secs(3600));
    let tmp = plant(&root, &format!("ab.{}.1.tmp", "c".repeat(10)), b"partial", two_days);
    app.execute(&format!(
        "INSERT INTO stored_file (hash, content_type, size, created_at) VALUES ('{old_hash}', 'image/png', 1, 0)"
    ))
    .await;
    let head_before = app.query_strings("SELECT CAST(seq AS TEXT) AS s FROM audit_head").await;

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--database-url", &app.database_url, "--data-dir"])
        .arg(data.path())
        .args(["files", "gc"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    let bytes = old_bytes.len() + b"partial".len();
    assert!(text.contains(&format!("removed 2 files ({bytes} bytes), kept 2")), "{text}");
    assert!(kept.exists(), "a referenced file stays, however old");
    assert!(fresh.exists(), "an unreferenced file younger than a day stays");
    assert!(!old.exists() && !tmp.exists(), "old unreferenced and temporary files go");
    let rows = app.query_strings(&format!("SELECT hash AS s FROM stored_file WHERE hash = '{old_hash}'")).await;
    assert!(rows.is_empty(), "the removed file's row is forgotten");
    let actions = app
        .query_strings(&format!(
            "SELECT action AS s FROM audit_log WHERE seq > {} AND entity = 'file_store'",
            head_before[0]
        ))
        .await;
    assert_eq!(actions, ["collect"], "the collection is audited");
    let (ok, text) = app.audit_verify();
    assert!(ok, "{text}");
});
