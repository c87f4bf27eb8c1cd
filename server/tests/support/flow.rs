//! The way of an order to the customer, step by step through the API, for tests that need a
//! delivered note: approve an order, make, inspect and stock a batch, deliver and receive.

use super::TestApp;
use reqwest::StatusCode;
use serde_json::{json, Value};

pub const PNG: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/// The company's day (UTC+8, as the server counts days) `n` days from today.
pub fn in_days(n: i64) -> String {
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    (today + chrono::Duration::days(n)).format("%Y-%m-%d").to_string()
}

/// An approved order of `quantity` of `product` for `customer`; returns (order id, line id).
pub async fn approved_order(app: &TestApp, customer: i64, product: i64, quantity: f64) -> (i64, i64) {
    app.sign_in("sales").await;
    let body = json!({"customer_id": customer, "requested_delivery_date": in_days(5), "lines": [{"product_id": product, "quantity": quantity}]});
    let res = app.post("/api/v1/orders", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let o: Value = res.json().await.unwrap();
    let id = o["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/orders/{id}/submit"), &json!({})).await;
    app.sign_in("deputy_gm").await;
    assert_eq!(app.post(&format!("/api/v1/orders/{id}/approve"), &json!({})).await.status(), StatusCode::OK);
    (id, o["lines"][0]["id"].as_i64().unwrap())
}

pub async fn new_batch(app: &TestApp, product: i64, no: &str, quantity: f64) -> i64 {
    app.sign_in("lab").await;
    let res = app
        .post(
            "/api/v1/batches",
            &json!({"product_id": product, "batch_no": no, "quantity": quantity, "produced_on": in_days(-1)}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let b: Value = res.json().await.unwrap();
    assert_eq!(b["status"], "produced");
    b["id"].as_i64().unwrap()
}

/// Results for polyaluminium chloride (product 5): passing, or failing on Al2O3.
pub fn pac_results(pass: bool, is_final: bool) -> Value {
    json!({"final": is_final, "results": [
        {"indicator": "氧化铝(Al2O3)", "value": if pass { 30.2 } else { 27.9 }},
        {"indicator": "盐基度", "value": 62.0},
        {"indicator": "pH(1%水溶液)", "value": 4.1}
    ]})
}

pub fn hcl_results() -> Value {
    json!({"final": true, "results": [
        {"indicator": "总酸度(以HCl计)", "value": 31.6},
        {"indicator": "铁(Fe)", "value": 0.004},
        {"indicator": "灼烧残渣", "value": 0.05}
    ]})
}

pub async fn inspect(app: &TestApp, batch: i64, results: &Value) -> Value {
    app.sign_in("lab").await;
    let res = app.post(&format!("/api/v1/batches/{batch}/inspections"), results).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

pub async fn stock_in(app: &TestApp, batch: i64) -> reqwest::Response {
    app.sign_in("warehouse").await;
    app.post(&format!("/api/v1/batches/{batch}/stock-in"), &json!({})).await
}

pub async fn note(app: &TestApp, order: i64, line: i64, batch: Option<i64>, quantity: f64) -> reqwest::Response {
    app.sign_in("sales").await;
    let body = json!({"order_id": order, "delivery_date": in_days(3), "lines": [{"order_line_id": line, "batch_id": batch, "quantity": quantity}]});
    app.post("/api/v1/delivery-notes", &body).await
}

pub async fn message(res: reqwest::Response) -> String {
    let body: Value = res.json().await.unwrap();
    body["error"]["message"].as_str().unwrap_or_default().to_string()
}

pub fn release_body(note: i64, batch: i64) -> Value {
    json!({"delivery_note_id": note, "batch_id": batch, "reason": "Customer's line stops without it",
        "risk_level": "medium", "risk_assessment": "Interim Al2O3 within limits; pH pending",
        "customer_consent_by": "王工 (plant manager)", "customer_consent_how": "phone, confirmed by e-mail",
        "customer_consent_at": "2026-11-20T09:30:00+08:00", "retained_sample_ref": "RS-0001"})
}

/// Approve, assign, load, receive: the whole way of a note.
pub async fn deliver(app: &TestApp, note: i64, quantity: f64) -> Value {
    app.sign_in("sales_manager").await;
    let res = app.post(&format!("/api/v1/delivery-notes/{note}/approve"), &json!({})).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    app.sign_in("logistics").await;
    let res = app
        .post(
            &format!("/api/v1/delivery-notes/{note}/assign"),
            &json!({"driver_username": "driver", "vehicle": "浙A·12345"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.sign_in("warehouse").await;
    let load = json!({"packaging_ok": true, "labels_ok": true, "warehouse_signature": PNG, "driver_signature": PNG});
    let res = app.post(&format!("/api/v1/delivery-notes/{note}/load"), &load).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let n: Value = res.json().await.unwrap();
    app.sign_in("driver").await;
    let res = app
        .client
        .post(app.url(&format!("/api/v1/delivery-notes/{note}/receipt")))
        .header("Idempotency-Key", format!("receipt-{note}"))
        .json(&receipt(&n, quantity))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

pub fn receipt(note: &Value, quantity: f64) -> Value {
    json!({"receiver_name": "李四", "signature": PNG, "received_at": chrono::Utc::now().to_rfc3339(),
        "lines": [{"line_id": note["lines"][0]["id"], "received_quantity": quantity}]})
}

/// An approved note of 4 of product 5 for customer 1, from a fresh batch `batch_no`, assigned
/// to `driver` and loaded; answers the loaded note.
pub async fn loaded_note(app: &TestApp, batch_no: &str) -> Value {
    let (order, line) = approved_order(app, 1, 5, 4.0).await;
    let batch = new_batch(app, 5, batch_no, 10.0).await;
    inspect(app, batch, &pac_results(true, true)).await;
    assert_eq!(stock_in(app, batch).await.status(), StatusCode::OK);
    let id = note(app, order, line, Some(batch), 4.0).await.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.sign_in("sales_manager").await;
    app.post(&format!("/api/v1/delivery-notes/{id}/approve"), &json!({})).await;
    app.sign_in("logistics").await;
    let assign = json!({"driver_username": "driver", "vehicle": "浙A·12345"});
    app.post(&format!("/api/v1/delivery-notes/{id}/assign"), &assign).await;
    app.sign_in("warehouse").await;
    let load = json!({"packaging_ok": true, "labels_ok": true, "warehouse_signature": PNG, "driver_signature": PNG});
    let res = app.post(&format!("/api/v1/delivery-notes/{id}/load"), &load).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}
