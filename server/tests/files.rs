//! The file store: signatures and photos are files named by their hash, never data URLs in
//! rows; the API serves them with their type to those who may see the note; images left in
//! rows by an older version move into the store when the server starts.

#[macro_use]
mod support;

use base64::Engine;
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::flow::*;
use support::TestApp;

const JPEG: &str = "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==";

async fn delivered_note(app: &TestApp, batch_no: &str, photo: Option<&str>) -> i64 {
    let (order, line) = approved_order(app, 1, 5, 12.5).await;
    let batch = new_batch(app, 5, batch_no, 20.0).await;
    inspect(app, batch, &pac_results(true, true)).await;
    assert_eq!(stock_in(app, batch).await.status(), StatusCode::OK);
    let res = note(app, order, line, Some(batch), 12.5).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.sign_in("sales_manager").await;
    app.post(&format!("/api/v1/delivery-notes/{id}/approve"), &json!({})).await;
    app.sign_in("logistics").await;
    let assign = json!({"driver_username": "driver", "vehicle": "浙A·12345"});
    app.post(&format!("/api/v1/delivery-notes/{id}/assign"), &assign).await;
    app.sign_in("warehouse").await;
    let load = json!({"packaging_ok": true, "labels_ok": true, "warehouse_signature": PNG, "driver_signature": PNG});
    let n: Value = app.post(&format!("/api/v1/delivery-notes/{id}/load"), &load).await.json().await.unwrap();
    app.sign_in("driver").await;
    let mut body = receipt(&n, 12.5);
    if let Some(p) = photo {
        body["photo"] = json!(p);
    }
    let res = app.post(&format!("/api/v1/delivery-notes/{id}/receipt"), &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    id
}

fn bytes_of(data_url: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.decode(data_url.split_once(";base64,").unwrap().1).unwrap()
}

both!(signatures_and_photos_are_files_named_by_their_hash, |app: TestApp| async move {
    let id = delivered_note(&app, "pac-file-01", Some(JPEG)).await;
    let n: Value = app.get(&format!("/api/v1/delivery-notes/{id}")).await.json().await.unwrap();
    let signature = n["receipt"]["signature"].as_str().unwrap().to_string();
    let photo = n["receipt"]["photo"].as_str().unwrap().to_string();
    assert!(signature.starts_with("/files/") && photo.starts_with("/files/"), "{n}");
    assert!(n["warehouse_signature"].as_str().unwrap().starts_with("/files/"));
    // The rows hold hashes only.
    let inline = app
        .query_strings(&format!(
            "SELECT CAST(id AS TEXT) AS s FROM delivery_note WHERE id = {id} AND (customer_signature LIKE 'data:%' \
             OR photo LIKE 'data:%' OR warehouse_signature LIKE 'data:%' OR driver_signature LIKE 'data:%')"
        ))
        .await;
    assert!(inline.is_empty());
    // The driver (and the office) get the files with their type.
    let res = app.get(&photo).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert_eq!(res.bytes().await.unwrap().to_vec(), bytes_of(JPEG));
    app.sign_in("sales_manager").await;
    let res = app.get(&signature).await;
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.unwrap().to_vec(), bytes_of(PNG));
    // Not for everyone, and nothing but hashes name files.
    app.sign_in("lab").await;
    assert_eq!(app.get(&signature).await.status(), StatusCode::FORBIDDEN);
    app.sign_in("sales_manager").await;
    assert_eq!(app.get("/files/..%2F..%2Fapp.db").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/files/{}", "0".repeat(64))).await.status(), StatusCode::NOT_FOUND);
    let anonymous = TestApp::client_for(&app).await;
    let res = anonymous.get(&photo).await;
    assert!(res.url().path().starts_with("/signin"), "without a session a file is the sign-in page: {}", res.url());
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
});

both!(images_left_in_rows_move_into_the_store_at_start, |app: TestApp| async move {
    let id = delivered_note(&app, "pac-file-02", None).await;
    // As an older version left them: data URLs in the row.
    app.execute(&format!(
        "UPDATE delivery_note SET photo = '{JPEG}', customer_signature = '{PNG}', warehouse_signature = '{PNG}' WHERE id = {id}"
    ))
    .await;
    let restarted = support::spawn_on(&app.database_url).await;
    restarted.sign_in("sales_manager").await;
    let n: Value = restarted.get(&format!("/api/v1/delivery-notes/{id}")).await.json().await.unwrap();
    let photo = n["receipt"]["photo"].as_str().unwrap();
    assert!(photo.starts_with("/files/"), "{n}");
    assert_eq!(restarted.get(photo).await.bytes().await.unwrap().to_vec(), bytes_of(JPEG));
    let left = app
        .query_strings("SELECT CAST(COUNT(*) AS TEXT) AS s FROM delivery_note WHERE photo LIKE 'data:%' OR customer_signature LIKE 'data:%'")
        .await;
    assert_eq!(left, ["0"]);
});
