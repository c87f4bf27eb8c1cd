//! The demo (`serve --demo`), on SQLite and PostgreSQL: three years of after-sales history made
//! through the services at their own past instants, so the quarterly analysis has real
//! quarters to compare — each issued, most acknowledged, complaints falling over the years —
//! and the audit trail still verifies.

#[macro_use]
mod support;

use reqwest::StatusCode;
use serde_json::Value;

async fn seeded_demo(url: String, pg_name: Option<String>) {
    let addr = "127.0.0.1:0".parse().unwrap();
    let state = server::state(&url, addr, false).await.expect("database");
    app::backend::seed::seed_demo(&state.db).await.expect("users and master data");
    let started = std::time::Instant::now();
    app::backend::seed::seed_demo_orders(&state).await.expect("the demo's records");
    eprintln!("demo records seeded in {:?}", started.elapsed());
    drop(state);
    let app = support::spawn_owning(&url, pg_name).await;
    app.sign_in("sales_manager").await;

    let mut q = current_quarter();
    let mut complaints = Vec::new();
    for age in 1..=12 {
        q = previous(q);
        let r: Value =
            app.get(&format!("/api/v1/feedback-reports?year={}&quarter={}", q.0, q.1)).await.json().await.unwrap();
        assert!(r["id"].is_i64(), "{}-Q{} issued: {r}", q.0, q.1);
        assert!(r["total"].as_i64().unwrap() >= 10, "{}-Q{} has its records: {r}", q.0, q.1);
        assert!(r["response"]["median_h"].as_f64().is_some(), "times worked out: {r}");
        let count = r["counts"]["by_type"].as_array().unwrap().iter().find(|c| c["key"] == "complaint").unwrap()
            ["count"]
            .as_i64()
            .unwrap();
        complaints.push(count);
        let waiting = r["departments"].as_array().unwrap().iter().filter(|d| d["acknowledged_at"].is_null()).count();
        let sales = r["departments"].as_array().unwrap().iter().find(|d| d["department"] == "sales").unwrap();
        assert!(sales["acknowledged_at"].is_string(), "{r}");
        if age == 1 {
            assert!(waiting > 0, "the last quarter's report still waits for some departments: {r}");
        }
    }
    assert!(complaints[0] < complaints[11], "fewer complaints lately than three years ago: {complaints:?}");

    // This quarter's analysis has the quarter before beside it.
    let now: Value = app.get("/api/v1/feedback-reports").await.json().await.unwrap();
    assert!(now["previous"]["total"].as_i64().unwrap() >= 10, "{now}");
    // Old records are in the registers, closed, at their own dates.
    app.sign_in("service").await;
    let old: Value = app.get("/api/v1/complaints?status=closed").await.json().await.unwrap();
    assert!(!old["items"].as_array().unwrap().is_empty(), "{old}");
    assert_eq!(app.get("/api/v1/dashboards/service").await.status(), StatusCode::OK);
    let (ok, out) = app.audit_verify();
    assert!(ok, "{out}");
}

fn current_quarter() -> (i32, u32) {
    use chrono::Datelike;
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    (today.year(), (today.month() - 1) / 3 + 1)
}

fn previous((year, quarter): (i32, u32)) -> (i32, u32) {
    if quarter == 1 {
        (year - 1, 4)
    } else {
        (year, quarter - 1)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_has_three_years_of_after_sales_history_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    seeded_demo(format!("sqlite://{}/app.db", dir.path().display()), None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_has_three_years_of_after_sales_history_postgres() {
    let Some((url, name)) = support::fresh_postgres().await else {
        eprintln!("TEST_POSTGRES_URL is not set: PostgreSQL case not run");
        return;
    };
    seeded_demo(url, Some(name)).await;
}
