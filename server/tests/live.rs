//! The live stream (`/api/v1/events`) is its caller's: it ends when their session does or when
//! they are disabled (checked every `stream_recheck`, short here), and a driver's stream
//! carries only the events of the driver's own notes.

#[macro_use]
mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;
use support::flow::{approved_order, hcl_results, inspect, new_batch, note, stock_in};
use support::TestApp;

/// Streams re-check their session every 200 ms in these tests.
fn quick(state: &mut app::backend::AppState) {
    state.stream_recheck = Duration::from_millis(200);
}

macro_rules! both_quick {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let case = $body;
                case(support::spawn_sqlite_with(quick).await).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(app) = support::spawn_postgres_with(quick).await else {
                    eprintln!("TEST_POSTGRES_URL is not set: PostgreSQL case not run");
                    return;
                };
                let case = $body;
                case(app).await;
            }
        }
    };
}

async fn open(app: &TestApp) -> reqwest::Response {
    let res = app.get("/api/v1/events").await;
    assert_eq!(res.status(), StatusCode::OK);
    res
}

/// Reads a stream for up to `within`: whether it ended, and what it carried.
async fn read(res: &mut reqwest::Response, within: Duration) -> (bool, String) {
    let deadline = tokio::time::Instant::now() + within;
    let mut text = String::new();
    loop {
        match tokio::time::timeout_at(deadline, res.chunk()).await {
            Err(_) => return (false, text),
            Ok(Ok(Some(bytes))) => text.push_str(&String::from_utf8_lossy(&bytes)),
            Ok(Ok(None)) | Ok(Err(_)) => return (true, text),
        }
    }
}

/// The (kind, id) of each event in a stream's text.
fn events(text: &str) -> Vec<(String, i64)> {
    text.lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .map(|d| serde_json::from_str::<Value>(d).unwrap())
        .map(|e| (e["kind"].as_str().unwrap().to_string(), e["id"].as_i64().unwrap()))
        .collect()
}

both_quick!(a_disabled_users_open_stream_ends, |app: TestApp| async move {
    let sales = TestApp::client_for(&app).await;
    sales.sign_in("sales").await;
    let mut stream = open(&sales).await;
    assert!(!read(&mut stream, Duration::from_millis(700)).await.0, "a live session's stream stays open");
    app.sign_in("admin").await;
    let users: Value = app.get("/api/v1/users?limit=500").await.json().await.unwrap();
    let user = users["items"].as_array().unwrap().iter().find(|u| u["username"] == "sales").unwrap().clone();
    let body = json!({"username": "sales", "display_name": user["display_name"], "roles": user["roles"],
        "active": false, "version": user["version"]});
    assert_eq!(app.put(&format!("/api/v1/users/{}", user["id"]), &body).await.status(), StatusCode::OK);
    assert!(read(&mut stream, Duration::from_secs(5)).await.0, "the disabled user's stream ended");
});

both_quick!(a_signed_out_sessions_open_stream_ends, |app: TestApp| async move {
    app.sign_in("driver").await;
    let mut stream = open(&app).await;
    assert!(!read(&mut stream, Duration::from_millis(700)).await.0);
    assert_eq!(app.delete("/api/v1/session").await.status(), StatusCode::NO_CONTENT);
    assert!(read(&mut stream, Duration::from_secs(5)).await.0, "the signed-out session's stream ended");
});

both_quick!(a_drivers_stream_carries_only_the_events_of_their_own_notes, |app: TestApp| async move {
    let (driver, driver2, desk) =
        (TestApp::client_for(&app).await, TestApp::client_for(&app).await, TestApp::client_for(&app).await);
    driver.sign_in("driver").await;
    driver2.sign_in("driver2").await;
    desk.sign_in("logistics").await;
    let (mut mine, mut theirs, mut all) = (open(&driver).await, open(&driver2).await, open(&desk).await);
    let (order, line) = approved_order(&app, 1, 1, 5.0).await;
    let batch = new_batch(&app, 1, "HCL-LIVE", 30.0).await;
    inspect(&app, batch, &hcl_results()).await;
    assert_eq!(stock_in(&app, batch).await.status(), StatusCode::OK);
    let n: Value = note(&app, order, line, Some(batch), 5.0).await.json().await.unwrap();
    let id = n["id"].as_i64().unwrap();
    app.sign_in("sales_manager").await;
    assert_eq!(app.post(&format!("/api/v1/delivery-notes/{id}/approve"), &json!({})).await.status(), StatusCode::OK);
    app.sign_in("logistics").await;
    let assign = json!({"driver_username": "driver", "vehicle": "浙A·12345"});
    let res = app.post(&format!("/api/v1/delivery-notes/{id}/assign"), &assign).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let wait = Duration::from_millis(1500);
    let ((_, mine), (_, theirs), (_, all)) =
        (read(&mut mine, wait).await, read(&mut theirs, wait).await, read(&mut all, wait).await);
    let (mine, theirs, all) = (events(&mine), events(&theirs), events(&all));
    let this_note = ("delivery_note".to_string(), id);
    assert!(all.contains(&this_note) && all.iter().any(|e| e.0 == "order"), "the desk hears everything: {all:?}");
    assert!(mine.contains(&this_note), "the driver hears his note's assignment: {mine:?}");
    assert!(mine.iter().all(|e| e == &this_note), "and nothing else: {mine:?}");
    assert!(theirs.is_empty(), "another driver hears nothing of it: {theirs:?}");
});
