//! The demo (`serve --demo`), on SQLite and PostgreSQL: three years of sales and after-sales
//! history made through the services at their own past instants — deliveries signed for, so
//! the on-time rate and each rep's sales come from real receipts; the quarterly analysis with
//! real quarters to compare, complaints falling over the years — today's work waiting for
//! every role, and the audit trail still verifies.

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

    // Sales: twelve months of receipts behind the on-time rate, a few of them late; today's
    // work on the deadlines board.
    let board: Value = app.get("/api/v1/dashboards/deliveries").await.json().await.unwrap();
    let months = board["on_time"].as_array().unwrap();
    assert_eq!(months.len(), 12, "{board}");
    // (the current month's deliveries are today's, not yet signed for)
    assert!(months[..11].iter().all(|m| m["delivered"].as_i64().unwrap() >= 3), "every month has deliveries: {board}");
    let late: i64 = months.iter().map(|m| m["delivered"].as_i64().unwrap() - m["on_time"].as_i64().unwrap()).sum();
    assert!(late >= 2, "some deliveries were late: {board}");
    assert!(!board["overdue"].as_array().unwrap().is_empty(), "an order past its date: {board}");
    let marks: Vec<String> = board["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["orders"].as_array().unwrap().iter().map(|o| o["readiness"].as_str().unwrap().to_string()))
        .collect();
    assert!(marks.iter().any(|m| m == "ready") && marks.iter().any(|m| m == "at_risk"), "{marks:?}");
    // each rep's delivered sales, from the ledger, against a target
    let perf: Value = app.get("/api/v1/dashboards/performance").await.json().await.unwrap();
    for rep in ["sales", "sales2"] {
        let row = perf["reps"].as_array().unwrap().iter().find(|r| r["sales_rep"] == rep).cloned().unwrap();
        assert!(row["delivered_fen"].as_i64().unwrap() > 0 && row["target_fen"].as_i64().is_some(), "{row}");
    }
    // approvals of every kind wait (the deputy GM decides orders and the emergency release)
    app.sign_in("deputy_gm").await;
    let approvals: Value = app.get("/api/v1/dashboards/approvals").await.json().await.unwrap();
    let kinds: std::collections::BTreeSet<&str> =
        approvals["pending"].as_array().unwrap().iter().map(|a| a["kind"].as_str().unwrap()).collect();
    for kind in ["order", "amendment", "price_exception", "delivery_note", "emergency_release"] {
        assert!(kinds.contains(kind), "{kind} waits: {approvals}");
    }
    app.sign_in("sales_manager").await;
    let ledger: Value = app.get("/api/v1/ledger?limit=500").await.json().await.unwrap();
    assert!(ledger["items"].as_array().unwrap().len() >= 100, "years of ledger rows");
    // today's deliveries on the drivers' phones: two loaded for driver (one hazardous), one for driver2
    for (driver, loaded) in [("driver", 2), ("driver2", 1)] {
        app.sign_in(driver).await;
        let mine: Value = app.get("/api/v1/delivery-notes?status=loaded").await.json().await.unwrap();
        let today = mine["items"].as_array().unwrap().clone();
        assert_eq!(today.len(), loaded, "{driver}: {mine}");
        let mut hazardous = 0;
        for n in &today {
            let note: Value = app.get(&format!("/api/v1/delivery-notes/{}", n["id"])).await.json().await.unwrap();
            assert_eq!(note["driver_username"], driver, "{note}");
            hazardous += note["lines"].as_array().unwrap().iter().any(|l| l["hazardous"] == true) as usize;
        }
        if driver == "driver" {
            assert_eq!(hazardous, 1, "one of today's two is hazardous: {mine}");
        }
    }
    app.sign_in("sales_manager").await;

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
