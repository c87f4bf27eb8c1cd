//! Order register API tests, on SQLite and (with TEST_POSTGRES_URL) PostgreSQL.

#[macro_use]
mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::flow::in_days;
use support::TestApp;

/// Customer 1 (C-001) has a valid permit; product 1 is hazardous hydrochloric acid, product 5
/// an ordinary one (demo data).
fn order(customer: i64, product: i64, price: Option<i64>) -> Value {
    let mut line = json!({"product_id": product, "quantity": 12.5});
    if let Some(p) = price {
        line["unit_price_fen"] = json!(p);
    }
    json!({"customer_id": customer, "requested_delivery_date": in_days(10), "contract_ref": "HT-2026-001", "lines": [line]})
}

both!(an_order_is_created_at_list_price_submitted_and_approved, |app: TestApp| async move {
    app.sign_in("sales").await;
    let res = app.post("/api/v1/orders", &order(1, 5, None)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let o: Value = res.json().await.unwrap();
    assert_eq!(o["status"], "draft");
    assert!(o["number"].as_str().unwrap().starts_with("SO-"));
    assert_eq!(o["lines"][0]["unit_price_fen"], 185000);
    assert_eq!(o["lines"][0]["quantity"], 12.5);
    assert_eq!(o["total_fen"], 2312500);
    assert_eq!(o["readiness"], "n/a");
    let id = o["id"].as_i64().unwrap();
    let s: Value = app.post(&format!("/api/v1/orders/{id}/submit"), &json!({})).await.json().await.unwrap();
    assert_eq!(s["status"], "submitted");
    app.sign_in("sales_manager").await;
    assert_eq!(app.post(&format!("/api/v1/orders/{id}/approve"), &json!({})).await.status(), StatusCode::FORBIDDEN);
    app.sign_in("deputy_gm").await;
    let dash: Value = app.get("/api/v1/dashboards/approvals").await.json().await.unwrap();
    let item =
        dash["waiting_on_me"].as_array().unwrap().iter().find(|i| i["kind"] == "order" && i["id"] == id).cloned();
    assert!(item.is_some(), "{dash}");
    assert!(item.unwrap()["age_hours"].as_f64().is_some());
    let a = app.post(&format!("/api/v1/orders/{id}/approve"), &json!({})).await;
    assert_eq!(a.status(), StatusCode::OK);
    let a: Value = a.json().await.unwrap();
    assert_eq!(a["status"], "approved");
    assert_eq!(a["approved_by"], "deputy_gm");
    assert_eq!(a["revisions"].as_array().unwrap().len(), 1);
    // approving twice is a state error, not a crash
    assert_eq!(app.post(&format!("/api/v1/orders/{id}/approve"), &json!({})).await.status(), StatusCode::CONFLICT);
});

both!(nobody_approves_their_own_order, |app: TestApp| async move {
    app.sign_in("admin").await;
    let res = app.post("/api/v1/users", &json!({"username": "both", "display_name": "Both", "roles": ["sales", "deputy_gm"], "password": "long enough"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    app.sign_in_with("both", "long enough").await;
    let o: Value = app.post("/api/v1/orders", &order(1, 5, None)).await.json().await.unwrap();
    let id = o["id"].clone();
    app.post(&format!("/api/v1/orders/{id}/submit"), &json!({})).await;
    let dash: Value = app.get("/api/v1/dashboards/approvals").await.json().await.unwrap();
    assert!(dash["waiting_on_me"].as_array().unwrap().iter().all(|i| i["id"] != id), "own order is not waiting on me");
    let res = app.post(&format!("/api/v1/orders/{id}/approve"), &json!({})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let body: Value = res.json().await.unwrap();
    assert!(body["error"]["message"].as_str().unwrap().contains("own order"), "{body}");
});

both!(a_hazardous_line_for_a_customer_with_an_expired_permit_is_refused, |app: TestApp| async move {
    app.sign_in("sales").await;
    let res = app.post("/api/v1/orders", &order(3, 1, None)).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let body: Value = res.json().await.unwrap();
    let msg = body["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("浙江清源水处理科技有限公司") && msg.contains("浙杭危化经字") && msg.contains("expired on"),
        "{msg}"
    );
    // the same customer may buy an ordinary product
    assert_eq!(app.post("/api/v1/orders", &order(3, 5, None)).await.status(), StatusCode::CREATED);
    // and a customer with a valid permit may buy the hazardous one
    assert_eq!(app.post("/api/v1/orders", &order(1, 1, None)).await.status(), StatusCode::CREATED);
    // no permit at all (C-004) is refused too
    assert_eq!(app.post("/api/v1/orders", &order(4, 1, None)).await.status(), StatusCode::CONFLICT);
    // nothing half-written
    let list: Value = app.get("/api/v1/orders").await.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
});

both!(a_price_exception_blocks_approval_until_the_sales_manager_approves_it, |app: TestApp| async move {
    app.sign_in("sales").await;
    let o: Value = app.post("/api/v1/orders", &order(1, 5, Some(170000))).await.json().await.unwrap();
    let id = o["id"].as_i64().unwrap();
    assert_eq!(o["price_exceptions"][0]["status"], "pending");
    assert_eq!(o["price_exceptions"][0]["list_price_fen"], 185000);
    let exception = o["price_exceptions"][0]["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/orders/{id}/submit"), &json!({})).await;
    app.sign_in("deputy_gm").await;
    let res = app.post(&format!("/api/v1/orders/{id}/approve"), &json!({})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.json::<Value>().await.unwrap()["error"]["message"].as_str().unwrap().contains("price exception"));
    assert_eq!(
        app.post(&format!("/api/v1/price-exceptions/{exception}/approve"), &json!({})).await.status(),
        StatusCode::FORBIDDEN
    );
    app.sign_in("sales_manager").await;
    let dash: Value = app.get("/api/v1/dashboards/approvals").await.json().await.unwrap();
    assert!(dash["waiting_on_me"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["kind"] == "price_exception" && i["id"] == exception && i["order_id"] == id));
    let res = app.post(&format!("/api/v1/price-exceptions/{exception}/approve"), &json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    app.sign_in("deputy_gm").await;
    let res = app.post(&format!("/api/v1/orders/{id}/approve"), &json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
});

both!(a_refused_price_sends_the_order_back_to_draft, |app: TestApp| async move {
    app.sign_in("sales").await;
    let o: Value = app.post("/api/v1/orders", &order(1, 5, Some(100000))).await.json().await.unwrap();
    let id = o["id"].as_i64().unwrap();
    let exception = o["price_exceptions"][0]["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/orders/{id}/submit"), &json!({})).await;
    app.sign_in("sales_manager").await;
    let res = app.post(&format!("/api/v1/price-exceptions/{exception}/reject"), &json!({"reason": "低于成本"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let now: Value = app.get(&format!("/api/v1/orders/{id}")).await.json().await.unwrap();
    assert_eq!(now["status"], "draft");
});

both!(amendments_need_the_sales_manager_and_every_version_is_kept, |app: TestApp| async move {
    app.sign_in("sales").await;
    let o: Value = app.post("/api/v1/orders", &order(1, 5, None)).await.json().await.unwrap();
    let id = o["id"].as_i64().unwrap();
    // no amendment before approval
    let early = app
        .post(
            &format!("/api/v1/orders/{id}/amendments"),
            &json!({"reason": "more", "requested_delivery_date": in_days(12)}),
        )
        .await;
    assert_eq!(early.status(), StatusCode::CONFLICT);
    app.post(&format!("/api/v1/orders/{id}/submit"), &json!({})).await;
    app.sign_in("deputy_gm").await;
    app.post(&format!("/api/v1/orders/{id}/approve"), &json!({})).await;
    app.sign_in("sales").await;
    let res = app.post(&format!("/api/v1/orders/{id}/amendments"), &json!({
        "reason": "客户追加数量", "lines": [{"product_id": 5, "quantity": 20}], "requested_delivery_date": in_days(14)})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let amendment: Value = res.json().await.unwrap();
    assert_eq!(amendment["status"], "pending");
    let second = app
        .post(
            &format!("/api/v1/orders/{id}/amendments"),
            &json!({"reason": "again", "requested_delivery_date": in_days(15)}),
        )
        .await;
    assert_eq!(second.status(), StatusCode::CONFLICT);
    let aid = amendment["id"].as_i64().unwrap();
    assert_eq!(
        app.post(&format!("/api/v1/amendments/{aid}/approve"), &json!({})).await.status(),
        StatusCode::FORBIDDEN
    );
    app.sign_in("sales_manager").await;
    let res = app.post(&format!("/api/v1/amendments/{aid}/approve"), &json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let now: Value = app.get(&format!("/api/v1/orders/{id}")).await.json().await.unwrap();
    assert_eq!(now["revision"], 2);
    assert_eq!(now["lines"][0]["quantity"], 20.0);
    assert_eq!(now["requested_delivery_date"], in_days(14));
    let revisions = now["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 2);
    assert_eq!(revisions[0]["approved_by"], "deputy_gm");
    assert_eq!(revisions[1]["approved_by"], "sales_manager");
    assert!(revisions[0]["snapshot"].as_str().unwrap().contains("12.5"), "the first version is kept as it was");
    assert_eq!(now["amendments"][0]["status"], "approved");
});

both!(a_stale_version_is_refused, |app: TestApp| async move {
    app.sign_in("sales").await;
    let o: Value = app.post("/api/v1/orders", &order(1, 5, None)).await.json().await.unwrap();
    let id = o["id"].as_i64().unwrap();
    let mut edit = order(1, 5, None);
    edit["version"] = json!(1);
    edit["lines"][0]["quantity"] = json!(30);
    let res = app.put(&format!("/api/v1/orders/{id}"), &edit).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["version"], 2);
    let res = app.put(&format!("/api/v1/orders/{id}"), &edit).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = app.post(&format!("/api/v1/orders/{id}/submit"), &json!({"version": 1})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let now: Value = app.get(&format!("/api/v1/orders/{id}")).await.json().await.unwrap();
    assert_eq!(now["status"], "draft");
    assert_eq!(now["lines"][0]["quantity"], 30.0);
});

both!(bad_order_input_names_the_field, |app: TestApp| async move {
    app.sign_in("sales").await;
    let mut bad = order(1, 5, None);
    bad["lines"][0]["quantity"] = json!(1.2345);
    let res = app.post("/api/v1/orders", &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["field"], "lines[0].quantity");
    let mut bad = order(1, 5, None);
    bad["lines"][0]["product_id"] = json!(9999);
    assert_eq!(
        app.post("/api/v1/orders", &bad).await.json::<Value>().await.unwrap()["error"]["field"],
        "lines[0].product_id"
    );
    let mut bad = order(1, 5, None);
    bad["requested_delivery_date"] = json!("2026-13-01");
    assert_eq!(
        app.post("/api/v1/orders", &bad).await.json::<Value>().await.unwrap()["error"]["field"],
        "requested_delivery_date"
    );
    let mut bad = order(1, 5, None);
    bad["lines"] = json!([]);
    assert_eq!(app.post("/api/v1/orders", &bad).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let mut bad = order(1, 5, None);
    bad["lines"][0]["quantity"] = json!("lots");
    let res = app.post("/api/v1/orders", &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["field"], "lines[0].quantity");
    assert_eq!(app.get("/api/v1/orders?status=bogus").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let list: Value = app.get("/api/v1/orders").await.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
    app.sign_in("driver").await;
    assert_eq!(app.get("/api/v1/orders").await.status(), StatusCode::FORBIDDEN);
});

both!(the_register_filters_and_pages, |app: TestApp| async move {
    app.sign_in("sales").await;
    for c in [1, 2, 2, 4, 5] {
        assert_eq!(app.post("/api/v1/orders", &order(c, 5, None)).await.status(), StatusCode::CREATED);
    }
    let by_customer: Value = app.get("/api/v1/orders?customer_id=2").await.json().await.unwrap();
    assert_eq!(by_customer["items"].as_array().unwrap().len(), 2);
    let by_rep: Value = app.get("/api/v1/orders?sales_rep=sales&status=draft").await.json().await.unwrap();
    assert_eq!(by_rep["items"].as_array().unwrap().len(), 5);
    let nobody: Value = app.get("/api/v1/orders?sales_rep=someone").await.json().await.unwrap();
    assert_eq!(nobody["items"].as_array().unwrap().len(), 0);
    let p1: Value = app.get("/api/v1/orders?limit=2").await.json().await.unwrap();
    let cursor = p1["next_cursor"].as_str().unwrap();
    let p2: Value = app.get(&format!("/api/v1/orders?limit=2&cursor={cursor}")).await.json().await.unwrap();
    assert_ne!(p1["items"][0]["id"], p2["items"][0]["id"]);
    assert!(p1["items"][0]["id"].as_i64() > p2["items"][0]["id"].as_i64(), "newest first");
});

both!(the_readiness_check_marks_orders_due_within_two_days_and_escalates, |app: TestApp| async move {
    app.sign_in("sales").await;
    let mut soon = order(1, 5, None);
    soon["requested_delivery_date"] = json!(in_days(1));
    let o: Value = app.post("/api/v1/orders", &soon).await.json().await.unwrap();
    let far: Value = app.post("/api/v1/orders", &order(1, 5, None)).await.json().await.unwrap();
    for id in [&o["id"], &far["id"]] {
        app.post(&format!("/api/v1/orders/{id}/submit"), &json!({})).await;
    }
    app.sign_in("deputy_gm").await;
    for id in [&o["id"], &far["id"]] {
        app.post(&format!("/api/v1/orders/{id}/approve"), &json!({})).await;
    }
    app.sign_in("sales").await;
    let report: Value = app.post("/api/v1/readiness/check", &json!({})).await.json().await.unwrap();
    assert_eq!(report["checked"], 1);
    // no released stock exists yet (the release gate comes later), so it is at risk
    assert_eq!(report["at_risk"], 1);
    assert_eq!(report["escalations_opened"], 1);
    let again: Value = app.post("/api/v1/readiness/check", &json!({})).await.json().await.unwrap();
    assert_eq!(again["escalations_opened"], 0, "one escalation per order, not one per run");
    let now: Value = app.get(&format!("/api/v1/orders/{}", o["id"])).await.json().await.unwrap();
    assert_eq!(now["readiness"], "at_risk");
    let later: Value = app.get(&format!("/api/v1/orders/{}", far["id"])).await.json().await.unwrap();
    assert_eq!(later["readiness"], "n/a");
    let open: Value = app.get("/api/v1/escalations").await.json().await.unwrap();
    assert_eq!(open.as_array().unwrap().len(), 1);
    assert_eq!(open[0]["order_id"], o["id"]);
    // cancelling the order closes its escalation
    app.post(&format!("/api/v1/orders/{}/cancel", o["id"]), &json!({"reason": "客户取消"})).await;
    let open: Value = app.get("/api/v1/escalations").await.json().await.unwrap();
    assert_eq!(open, json!([]));
});

both!(a_negotiated_delivery_date_is_recorded, |app: TestApp| async move {
    app.sign_in("sales").await;
    let o: Value = app.post("/api/v1/orders", &order(1, 5, None)).await.json().await.unwrap();
    let id = o["id"].as_i64().unwrap();
    let res = app.post(&format!("/api/v1/orders/{id}/delivery-date-changes"), &json!({
        "new_date": in_days(20), "reason": "客户仓库检修", "agreed_by": "王建国", "agreed_at": "2026-11-20T10:00:00+08:00"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let now: Value = res.json().await.unwrap();
    assert_eq!(now["requested_delivery_date"], in_days(20));
    assert_eq!(now["date_changes"][0]["agreed_by"], "王建国");
    assert_eq!(now["date_changes"][0]["old_date"], in_days(10));
    let res = app
        .post(
            &format!("/api/v1/orders/{id}/delivery-date-changes"),
            &json!({"new_date": in_days(21), "reason": "x", "agreed_by": ""}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
});

both!(the_ledger_pages_and_exports_with_chinese_intact, |app: TestApp| async move {
    app.sign_in("sales").await;
    let page: Value = app.get("/api/v1/ledger").await.json().await.unwrap();
    assert_eq!(page["items"], json!([]));
    let csv =
        app.client.get(app.url("/api/v1/ledger?format=csv")).header("Accept-Language", "zh-CN").send().await.unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-disposition"].to_str().unwrap().contains(".csv"));
    let text = csv.text().await.unwrap();
    assert!(text.starts_with('\u{feff}') && text.contains("购买方许可证号"), "{text}");
    let xlsx = app.get("/api/v1/ledger?format=xlsx").await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    let bytes = xlsx.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK");
    assert_eq!(app.get("/api/v1/ledger?format=pdf").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.sign_in("warehouse").await;
    assert_eq!(app.get("/api/v1/ledger").await.status(), StatusCode::FORBIDDEN);
});
