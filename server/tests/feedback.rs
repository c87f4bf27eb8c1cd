//! The quarterly feedback analysis (SPEC §5, API.md "After-sales"), on SQLite and
//! PostgreSQL: a quarter's feedback counted and timed beside the quarter before, issued once
//! to the departments concerned, acknowledged by their people only.

#[macro_use]
mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::TestApp;

/// This quarter, as the company counts it (UTC+8).
fn this_quarter() -> (i64, i64) {
    use chrono::Datelike;
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    (today.year() as i64, ((today.month() - 1) / 3 + 1) as i64)
}

both!(a_quarter_is_analysed_issued_and_acknowledged_by_its_departments, |app: TestApp| async move {
    app.sign_in("service").await;
    for (customer, category, description) in
        [(1, "packaging", "Torn bags"), (2, "packaging", "Bags split on unloading"), (3, "delivery", "Late by a day")]
    {
        let body = json!({"customer_id": customer, "product_id": 5, "severity": "major", "category": category,
            "channel": "phone", "description": description});
        assert_eq!(app.post("/api/v1/complaints", &body).await.status(), StatusCode::CREATED);
    }
    let q: Value = app
        .post(
            "/api/v1/inquiries",
            &json!({"customer_id": 1, "channel": "wechat", "question": "Do you ship on Saturdays?"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = q["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/inquiries/{id}/answer"), &json!({"version": 1, "answer": "Yes"})).await;

    let (year, quarter) = this_quarter();
    let r: Value =
        app.get(&format!("/api/v1/feedback-reports?year={year}&quarter={quarter}")).await.json().await.unwrap();
    assert!(r["id"].is_null(), "not issued yet: {r}");
    assert_eq!(r["total"], 4);
    let by_type = &r["counts"]["by_type"];
    assert_eq!((by_type[0]["key"].as_str(), by_type[0]["count"].as_i64()), (Some("complaint"), Some(3)));
    assert_eq!(r["counts"]["by_channel"][0]["key"], "phone");
    assert_eq!(r["counts"]["by_category"][0], json!({"key": "packaging", "count": 2}));
    assert_eq!(r["repeats"], 1, "the second packaging complaint repeats the first");
    assert_eq!(r["main_issues"][0]["count"], 2);
    assert_eq!(r["response"]["count"], 1, "the answered inquiry");
    assert_eq!(r["previous"]["total"], 0, "the quarter before is beside it");
    let departments: Vec<&str> =
        r["departments"].as_array().unwrap().iter().map(|d| d["department"].as_str().unwrap()).collect();
    assert!(
        departments.contains(&"warehouse") && departments.contains(&"logistics") && !departments.contains(&"lab"),
        "{departments:?}"
    );
    assert_eq!(
        app.get(&format!("/api/v1/feedback-reports?year={year}&quarter=5")).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.get(&format!("/api/v1/feedback-reports?year={year}")).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // issued once, by service or the sales manager, never for a quarter to come
    app.sign_in("sales").await;
    let body = json!({"year": year, "quarter": quarter});
    assert_eq!(app.post("/api/v1/feedback-reports", &body).await.status(), StatusCode::FORBIDDEN);
    app.sign_in("service").await;
    let future = json!({"year": year + 1, "quarter": quarter});
    assert_eq!(app.post("/api/v1/feedback-reports", &future).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.post("/api/v1/feedback-reports", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let issued: Value = res.json().await.unwrap();
    let report = issued["id"].as_i64().unwrap();
    assert_eq!(issued["issued_by"], "service");
    assert_eq!(app.post("/api/v1/feedback-reports", &body).await.status(), StatusCode::CONFLICT);

    // the figures stay as sent: a complaint entered afterwards does not change them
    let late =
        json!({"customer_id": 4, "product_id": 5, "severity": "minor", "category": "price", "description": "Too dear"});
    assert_eq!(app.post("/api/v1/complaints", &late).await.status(), StatusCode::CREATED);
    let again: Value =
        app.get(&format!("/api/v1/feedback-reports?year={year}&quarter={quarter}")).await.json().await.unwrap();
    assert_eq!((again["id"].as_i64(), again["total"].as_i64()), (Some(report), Some(4)));

    // a department's people acknowledge it; others cannot
    app.sign_in("lab").await;
    let ack = format!("/api/v1/feedback-reports/{report}/acknowledge");
    assert_eq!(
        app.post(&ack, &json!({})).await.status(),
        StatusCode::FORBIDDEN,
        "the lab is not among its departments"
    );
    app.sign_in("warehouse").await;
    let res = app.post(&ack, &json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let done: Value = res.json().await.unwrap();
    let warehouse =
        done["departments"].as_array().unwrap().iter().find(|d| d["department"] == "warehouse").unwrap().clone();
    assert_eq!(warehouse["acknowledged_by"], "warehouse");
    assert!(warehouse["acknowledged_at"].is_string());
    assert_eq!(app.post(&ack, &json!({})).await.status(), StatusCode::CONFLICT);
    assert_eq!(app.post("/api/v1/feedback-reports/999/acknowledge", &json!({})).await.status(), StatusCode::NOT_FOUND);

    // the workbook for top management
    app.sign_in("executive").await;
    let xlsx = app.get(&format!("/api/v1/feedback-reports/{report}/report.xlsx")).await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
    // and its print view, in the reader's language; the quarter before, not issued, is marked so
    let print = app.get(&format!("/print/feedback-reports/{year}/{quarter}?lang=zh")).await;
    assert_eq!(print.status(), StatusCode::OK);
    let html = print.text().await.unwrap();
    assert!(html.contains("顾客反馈季度分析") && html.contains(&format!("{year}-Q{quarter}")), "{html}");
    assert!(html.contains("包装") && html.contains("仓库"), "categories and departments translated: {html}");
    let before = if quarter == 1 { format!("{}/4", year - 1) } else { format!("{year}/{}", quarter - 1) };
    let html = app.get(&format!("/print/feedback-reports/{before}?lang=en")).await.text().await.unwrap();
    assert!(html.contains("Not issued yet"), "{html}");
    assert_eq!(app.get("/print/feedback-reports/2026/7").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get("/print/feedback-reports/x/1").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.sign_in("driver").await;
    assert_eq!(
        app.get(&format!("/api/v1/feedback-reports?year={year}&quarter={quarter}")).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get(&format!("/print/feedback-reports/{year}/{quarter}")).await.status(), StatusCode::FORBIDDEN);
    let (ok, out) = app.audit_verify();
    assert!(ok, "{out}");
});
