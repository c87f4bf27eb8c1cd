//! Release gate and delivery note API tests, on SQLite and (with TEST_POSTGRES_URL)
//! PostgreSQL: uninspected or failed product never reaches a delivery note, the emergency
//! release is a four-eyes concession for one note, a failed emergency-released batch is
//! recalled from the customers who received it, and a receipt is recorded exactly once.

#[macro_use]
mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::flow::*;
use support::TestApp;

both!(uninspected_product_cannot_be_allocated_and_stocked_product_can, |app: TestApp| async move {
    let (order, line) = approved_order(&app, 1, 5, 12.5).await;
    let batch = new_batch(&app, 5, "pac-2611-01", 20.0).await;
    let res = note(&app, order, line, Some(batch), 12.5).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let msg = message(res).await;
    assert!(msg.contains("PAC-2611-01") && msg.contains("produced"), "{msg}");
    // an interim result does not open the gate either
    inspect(&app, batch, &pac_results(true, false)).await;
    assert_eq!(note(&app, order, line, Some(batch), 12.5).await.status(), StatusCode::CONFLICT);
    // nor a final pass before stock-in
    let passed = inspect(&app, batch, &pac_results(true, true)).await;
    assert_eq!(passed["status"], "passed");
    assert!(passed["certificate_no"].as_str().unwrap().starts_with("QC-"));
    assert!(passed["report_no"].as_str().unwrap().starts_with("IR-"));
    assert_eq!(note(&app, order, line, Some(batch), 12.5).await.status(), StatusCode::CONFLICT);
    // a draft may leave the batch out; approval then needs it
    let draft: Value = note(&app, order, line, None, 12.5).await.json().await.unwrap();
    let draft_id = draft["id"].as_i64().unwrap();
    app.sign_in("sales_manager").await;
    let res = app.post(&format!("/api/v1/delivery-notes/{draft_id}/approve"), &json!({})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(stock_in(&app, batch).await.status(), StatusCode::OK);
    app.sign_in("sales").await;
    let edit = json!({"order_id": order, "delivery_date": in_days(3), "version": draft["version"],
        "lines": [{"order_line_id": line, "batch_id": batch, "quantity": 12.5}]});
    let res = app.put(&format!("/api/v1/delivery-notes/{draft_id}"), &edit).await;
    assert_eq!(res.status(), StatusCode::OK);
    // more than the order line holds is refused with the field named
    let res = note(&app, order, line, Some(batch), 1.0).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["field"], "lines[0].quantity");
    // more than the batch holds is refused: 12.5 of 20 are on the first note
    let (order2, line2) = approved_order(&app, 2, 5, 10.0).await;
    let res = note(&app, order2, line2, Some(batch), 10.0).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(message(res).await.contains("7.5"));
    assert_eq!(note(&app, order2, line2, Some(batch), 7.5).await.status(), StatusCode::CREATED);
    app.sign_in("sales_manager").await;
    let res = app.post(&format!("/api/v1/delivery-notes/{draft_id}/approve"), &json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let b: Value = app.get(&format!("/api/v1/batches/{batch}")).await.json().await.unwrap();
    assert_eq!(b["allocated"], 20.0);
    assert!(app.audit_verify().0);
});

both!(a_failed_batch_cannot_be_stocked_in_or_allocated, |app: TestApp| async move {
    let batch = new_batch(&app, 5, "PAC-FAIL-1", 10.0).await;
    // a final result must measure every indicator
    app.sign_in("lab").await;
    let partial = json!({"final": true, "results": [{"indicator": "盐基度", "value": 60.0}]});
    let res = app.post(&format!("/api/v1/batches/{batch}/inspections"), &partial).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["field"], "results");
    let failed = inspect(&app, batch, &pac_results(false, true)).await;
    assert_eq!(failed["status"], "failed");
    assert!(failed["certificate_no"].is_null());
    let res = stock_in(&app, batch).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(message(res).await.contains("failed"));
    // only the laboratory inspects, only quality records nonconforming product
    app.sign_in("warehouse").await;
    assert_eq!(
        app.post(&format!("/api/v1/batches/{batch}/inspections"), &pac_results(true, true)).await.status(),
        StatusCode::FORBIDDEN
    );
    app.sign_in("quality").await;
    let nc = json!({"classification": "major", "disposition": "rework", "responsible": "张三 (production)"});
    let res = app.post(&format!("/api/v1/batches/{batch}/nonconformity"), &nc).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let record: Value = res.json().await.unwrap();
    assert_eq!(record["status"], "open");
    let b: Value = app.get(&format!("/api/v1/batches/{batch}")).await.json().await.unwrap();
    assert_eq!(b["status"], "nonconforming");
    let res = app
        .post(
            &format!("/api/v1/nonconformities/{}/close", record["id"]),
            &json!({"result": "Reworked into batch PAC-RW-1"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (order, line) = approved_order(&app, 1, 5, 5.0).await;
    let res = note(&app, order, line, Some(batch), 5.0).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(message(res).await.contains("never be loaded"));
});

both!(an_emergency_release_is_approved_by_the_deputy_gm_and_not_by_its_requester, |app: TestApp| async move {
    let (order, line) = approved_order(&app, 1, 5, 8.0).await;
    let batch = new_batch(&app, 5, "PAC-ER-1", 20.0).await;
    inspect(&app, batch, &pac_results(true, false)).await;
    let n: Value = note(&app, order, line, None, 8.0).await.json().await.unwrap();
    let note_id = n["id"].as_i64().unwrap();
    app.sign_in("sales").await;
    let res = app.post("/api/v1/emergency-releases", &release_body(note_id, batch)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let er: Value = res.json().await.unwrap();
    assert_eq!(er["status"], "pending");
    assert_eq!(er["quantity"], 8.0, "defaults to the note's quantity");
    let er_id = er["id"].as_i64().unwrap();
    // a second request for the same note and batch is refused
    assert_eq!(
        app.post("/api/v1/emergency-releases", &release_body(note_id, batch)).await.status(),
        StatusCode::CONFLICT
    );
    // the sales manager may not approve it
    app.sign_in("sales_manager").await;
    assert_eq!(
        app.post(&format!("/api/v1/emergency-releases/{er_id}/approve"), &json!({})).await.status(),
        StatusCode::FORBIDDEN
    );
    // a deputy GM who requested it may not approve it either
    app.sign_in("admin").await;
    let user =
        json!({"username": "dual", "display_name": "Dual", "roles": ["sales", "deputy_gm"], "password": "long enough"});
    assert_eq!(app.post("/api/v1/users", &user).await.status(), StatusCode::CREATED);
    let n2: Value = {
        let (o2, l2) = approved_order(&app, 2, 5, 4.0).await;
        note(&app, o2, l2, None, 4.0).await.json().await.unwrap()
    };
    app.sign_in_with("dual", "long enough").await;
    let own: Value = app
        .post("/api/v1/emergency-releases", &release_body(n2["id"].as_i64().unwrap(), batch))
        .await
        .json()
        .await
        .unwrap();
    let dash: Value = app.get("/api/v1/dashboards/approvals").await.json().await.unwrap();
    assert!(dash["waiting_on_me"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["id"] != own["id"] || i["kind"] != "emergency_release"));
    let res = app.post(&format!("/api/v1/emergency-releases/{}/approve", own["id"]), &json!({})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(message(res).await.contains("own"));
    // the deputy GM approves: the batch is marked and allocated to that note only
    app.sign_in("deputy_gm").await;
    let dash: Value = app.get("/api/v1/dashboards/approvals").await.json().await.unwrap();
    assert!(
        dash["waiting_on_me"].as_array().unwrap().iter().any(|i| i["kind"] == "emergency_release" && i["id"] == er_id),
        "{dash}"
    );
    let res = app.post(&format!("/api/v1/emergency-releases/{er_id}/approve"), &json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let b: Value = app.get(&format!("/api/v1/batches/{batch}")).await.json().await.unwrap();
    assert_eq!(b["emergency_released"], true);
    assert_eq!(b["status"], "inspecting");
    app.sign_in("sales").await;
    let n: Value = app.get(&format!("/api/v1/delivery-notes/{note_id}")).await.json().await.unwrap();
    assert_eq!(n["emergency"], true);
    assert_eq!(n["lines"][0]["batch_id"], batch);
    assert_eq!(n["lines"][0]["emergency_release_id"], er_id);
    // the concession covers 8 on that note: not 9, and not another note
    let edit = json!({"order_id": order, "delivery_date": in_days(3), "version": n["version"],
        "lines": [{"order_line_id": line, "batch_id": batch, "quantity": 9.0}]});
    let res = app.put(&format!("/api/v1/delivery-notes/{note_id}"), &edit).await;
    assert!(res.status() == StatusCode::CONFLICT || res.status() == StatusCode::UNPROCESSABLE_ENTITY);
    let (o3, l3) = approved_order(&app, 1, 5, 2.0).await;
    assert_eq!(note(&app, o3, l3, Some(batch), 2.0).await.status(), StatusCode::CONFLICT);
    let dash: Value = {
        app.sign_in("quality").await;
        app.get("/api/v1/dashboards/approvals").await.json().await.unwrap()
    };
    assert!(dash["released_uninspected"].as_array().unwrap().iter().any(|i| i["batch_id"] == batch), "{dash}");
    assert!(app.audit_verify().0);
});

both!(a_failed_emergency_released_and_delivered_batch_is_recalled, |app: TestApp| async move {
    let (order, line) = approved_order(&app, 1, 5, 6.0).await;
    let batch = new_batch(&app, 5, "PAC-ER-2", 10.0).await;
    inspect(&app, batch, &pac_results(true, false)).await;
    let n: Value = note(&app, order, line, None, 6.0).await.json().await.unwrap();
    let note_id = n["id"].as_i64().unwrap();
    app.sign_in("sales").await;
    let er: Value = app.post("/api/v1/emergency-releases", &release_body(note_id, batch)).await.json().await.unwrap();
    app.sign_in("deputy_gm").await;
    app.post(&format!("/api/v1/emergency-releases/{}/approve", er["id"]), &json!({})).await;
    let delivered = deliver(&app, note_id, 6.0).await;
    assert_eq!(delivered["status"], "delivered");
    // the continued inspection fails: nonconforming at once, recall opened by itself
    let failed = inspect(&app, batch, &pac_results(false, true)).await;
    assert_eq!(failed["status"], "nonconforming");
    app.sign_in("quality").await;
    let trace: Value = app.get(&format!("/api/v1/batches/{batch}/trace")).await.json().await.unwrap();
    let row = &trace["deliveries"][0];
    assert_eq!(row["customer_id"], 1);
    assert_eq!(row["quantity"], 6.0);
    assert_eq!(row["delivery_note_id"], note_id);
    assert!(!row["customer_name"].as_str().unwrap().is_empty());
    let recalls: Value = app.get("/api/v1/recalls?status=open").await.json().await.unwrap();
    let recall =
        recalls["items"].as_array().unwrap().iter().find(|r| r["batch_id"] == batch).cloned().expect("a recall");
    assert_eq!(recall["tasks"][0]["customer_id"], 1);
    assert_eq!(recall["tasks"][0]["delivered"], 6.0);
    app.sign_in("sales_manager").await;
    let dash: Value = app.get("/api/v1/dashboards/approvals").await.json().await.unwrap();
    assert!(dash["recalls"].as_array().unwrap().iter().any(|r| r["batch_id"] == batch), "{dash}");
    // returns are tracked to closure
    app.sign_in("quality").await;
    let rid = recall["id"].as_i64().unwrap();
    let res = app.post(&format!("/api/v1/recalls/{rid}/returns"), &json!({"customer_id": 1, "quantity": 7.0})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let r: Value = app
        .post(&format!("/api/v1/recalls/{rid}/returns"), &json!({"customer_id": 1, "quantity": 2.5}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(r["status"], "open");
    let r: Value = app
        .post(&format!("/api/v1/recalls/{rid}/returns"), &json!({"customer_id": 1, "quantity": 3.5}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(r["status"], "closed");
    assert_eq!(r["tasks"][0]["returned"], 6.0);
    assert!(app.audit_verify().0);
});

both!(a_receipt_is_recorded_exactly_once_by_the_assigned_driver, |app: TestApp| async move {
    let (order, line) = approved_order(&app, 1, 1, 5.0).await;
    let batch = new_batch(&app, 1, "HCL-01", 30.0).await;
    inspect(&app, batch, &hcl_results()).await;
    assert_eq!(stock_in(&app, batch).await.status(), StatusCode::OK);
    let n: Value = note(&app, order, line, Some(batch), 5.0).await.json().await.unwrap();
    let id = n["id"].as_i64().unwrap();
    app.sign_in("sales_manager").await;
    app.post(&format!("/api/v1/delivery-notes/{id}/approve"), &json!({})).await;
    app.sign_in("logistics").await;
    app.post(&format!("/api/v1/delivery-notes/{id}/assign"), &json!({"driver_username": "driver", "vehicle": "浙A·1"}))
        .await;
    app.sign_in("warehouse").await;
    let load = json!({"packaging_ok": true, "labels_ok": true, "warehouse_signature": PNG, "driver_signature": PNG});
    let loaded: Value = app.post(&format!("/api/v1/delivery-notes/{id}/load"), &load).await.json().await.unwrap();
    // the print view: three copies, each with the QR code of the receipt page
    let print = app.get(&format!("/api/v1/delivery-notes/{id}/print?lang=zh")).await;
    assert_eq!(print.status(), StatusCode::OK);
    let html = print.text().await.unwrap();
    assert_eq!(html.matches("<section class=\"copy").count(), 3);
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(html.contains("第三联 回执") && html.contains("HCL-01"));
    // the driver's phone page offers the receipt to the assigned driver only
    app.sign_in("driver").await;
    let page = app.get(&format!("/driver/notes/{id}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("id=\"receipt\""));
    // another driver cannot see or receive it
    app.sign_in("driver2").await;
    assert_eq!(app.get(&format!("/driver/notes/{id}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/api/v1/delivery-notes/{id}")).await.status(), StatusCode::NOT_FOUND);
    let res = app.post(&format!("/api/v1/delivery-notes/{id}/receipt"), &receipt(&loaded, 5.0)).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let list: Value = app.get("/api/v1/delivery-notes").await.json().await.unwrap();
    assert!(list["items"].as_array().unwrap().is_empty());
    // the assigned driver: the same key twice records one receipt
    app.sign_in("driver").await;
    let body = receipt(&loaded, 5.0);
    let send = |key: &'static str| {
        app.client
            .post(app.url(&format!("/api/v1/delivery-notes/{id}/receipt")))
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
    };
    let first = send("phone-1-receipt").await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let again = send("phone-1-receipt").await.unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    let again: Value = again.json().await.unwrap();
    assert_eq!(first["receipt"], again["receipt"]);
    let other = send("phone-1-other").await.unwrap();
    assert_eq!(other.status(), StatusCode::CONFLICT);
    let count = app
        .query_strings(&format!("SELECT CAST(COUNT(*) AS TEXT) AS s FROM ledger_entry WHERE delivery_note_id = {id}"))
        .await;
    assert_eq!(count, vec!["1".to_string()]);
    // registered on the order and in the ledger, with the permit number
    app.sign_in("sales").await;
    let o: Value = app.get(&format!("/api/v1/orders/{order}")).await.json().await.unwrap();
    assert_eq!(o["lines"][0]["delivered_quantity"], 5.0);
    assert_eq!(o["status"], "delivered");
    let ledger: Value = app.get("/api/v1/ledger").await.json().await.unwrap();
    let row = ledger["items"].as_array().unwrap().iter().find(|r| r["delivery_note_id"] == id).cloned().unwrap();
    assert_eq!(row["batch_no"], "HCL-01");
    assert!(row["permit_no"].as_str().is_some_and(|p| !p.is_empty()));
    assert_eq!(first["receipt"]["flagged"], false);
});

both!(a_receipt_signed_long_before_it_arrives_is_flagged, |app: TestApp| async move {
    let (order, line) = approved_order(&app, 2, 5, 3.0).await;
    let batch = new_batch(&app, 5, "PAC-LATE", 10.0).await;
    inspect(&app, batch, &pac_results(true, true)).await;
    stock_in(&app, batch).await;
    let n: Value = note(&app, order, line, Some(batch), 3.0).await.json().await.unwrap();
    let id = n["id"].as_i64().unwrap();
    app.sign_in("sales_manager").await;
    app.post(&format!("/api/v1/delivery-notes/{id}/approve"), &json!({})).await;
    app.sign_in("logistics").await;
    app.post(&format!("/api/v1/delivery-notes/{id}/assign"), &json!({"driver_username": "driver", "vehicle": "浙A·2"}))
        .await;
    app.sign_in("warehouse").await;
    let load = json!({"packaging_ok": true, "labels_ok": true, "warehouse_signature": PNG, "driver_signature": PNG});
    let loaded: Value = app.post(&format!("/api/v1/delivery-notes/{id}/load"), &load).await.json().await.unwrap();
    app.sign_in("driver").await;
    let mut body = receipt(&loaded, 2.0);
    body["received_at"] = json!((chrono::Utc::now() - chrono::Duration::hours(2)).to_rfc3339());
    // short delivery without a reason is refused, field named
    let res = app.post(&format!("/api/v1/delivery-notes/{id}/receipt"), &body).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"]["field"], "lines[0].note");
    body["lines"][0]["note"] = json!("one drum refused: dented");
    let res = app.post(&format!("/api/v1/delivery-notes/{id}/receipt"), &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let n: Value = res.json().await.unwrap();
    assert_eq!(n["receipt"]["flagged"], true);
    assert_eq!(n["lines"][0]["received_quantity"], 2.0);
    app.sign_in("sales").await;
    let o: Value = app.get(&format!("/api/v1/orders/{order}")).await.json().await.unwrap();
    assert_eq!(o["status"], "in_fulfilment");
});

both!(loading_is_refused_when_the_customers_permit_expired_since_the_order, |app: TestApp| async move {
    let (order, line) = approved_order(&app, 1, 1, 2.0).await;
    let batch = new_batch(&app, 1, "HCL-02", 10.0).await;
    inspect(&app, batch, &hcl_results()).await;
    stock_in(&app, batch).await;
    let n: Value = note(&app, order, line, Some(batch), 2.0).await.json().await.unwrap();
    let id = n["id"].as_i64().unwrap();
    app.sign_in("sales_manager").await;
    app.post(&format!("/api/v1/delivery-notes/{id}/approve"), &json!({})).await;
    app.sign_in("logistics").await;
    let res = app
        .post(&format!("/api/v1/delivery-notes/{id}/assign"), &json!({"driver_username": "sales", "vehicle": "浙A·3"}))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "only drivers drive");
    app.post(&format!("/api/v1/delivery-notes/{id}/assign"), &json!({"driver_username": "driver", "vehicle": "浙A·3"}))
        .await;
    app.execute(&format!("UPDATE customer SET hazardous_permit_valid_until = '{}' WHERE id = 1", in_days(-1))).await;
    app.sign_in("warehouse").await;
    let load = json!({"packaging_ok": true, "labels_ok": true, "warehouse_signature": PNG, "driver_signature": PNG});
    let res = app.post(&format!("/api/v1/delivery-notes/{id}/load"), &load).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(message(res).await.contains("expired"));
    let n: Value = app.get(&format!("/api/v1/delivery-notes/{id}")).await.json().await.unwrap();
    assert_eq!(n["status"], "assigned");
});

both!(the_delivery_board_lists_due_orders_and_the_on_time_rate, |app: TestApp| async move {
    let (order, _) = approved_order(&app, 2, 5, 1.0).await;
    app.sign_in("sales_manager").await;
    let board: Value = app.get("/api/v1/dashboards/deliveries?days=14").await.json().await.unwrap();
    assert_eq!(board["days"].as_array().unwrap().len(), 14);
    let due = board["days"].as_array().unwrap().iter().find(|d| d["date"] == in_days(5)).cloned().unwrap();
    assert!(due["orders"].as_array().unwrap().iter().any(|o| o["id"] == order), "{due}");
    assert_eq!(board["on_time"].as_array().unwrap().len(), 12);
    app.execute(&format!("UPDATE sales_order SET requested_delivery_date = '{}' WHERE id = {order}", in_days(-2)))
        .await;
    let board: Value = app.get("/api/v1/dashboards/deliveries").await.json().await.unwrap();
    let late = board["overdue"].as_array().unwrap().iter().find(|o| o["id"] == order).cloned().unwrap();
    assert_eq!(late["readiness"], "late");
    assert_eq!(app.get("/api/v1/dashboards/deliveries?days=0").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.sign_in("driver").await;
    assert_eq!(app.get("/api/v1/dashboards/deliveries").await.status(), StatusCode::FORBIDDEN);
});

both!(a_receipt_counts_toward_the_reps_sales_on_time_rate_and_customer_satisfaction, |app: TestApp| async move {
    let (order, line) = approved_order(&app, 1, 1, 5.0).await;
    let batch = new_batch(&app, 1, "HCL-PERF", 30.0).await;
    inspect(&app, batch, &hcl_results()).await;
    assert_eq!(stock_in(&app, batch).await.status(), StatusCode::OK);
    let n: Value = note(&app, order, line, Some(batch), 5.0).await.json().await.unwrap();
    let note_id = n["id"].as_i64().unwrap();
    deliver(&app, note_id, 5.0).await;
    app.sign_in("sales").await;
    let ledger: Value = app.get("/api/v1/ledger").await.json().await.unwrap();
    let entry = &ledger["items"][0];
    let amount = entry["amount_fen"].as_i64().unwrap();
    assert!(amount > 0);
    let day = entry["delivered_on"].as_str().unwrap().to_string();
    let (year, half) = (&day[..4], if &day[5..7] <= "06" { 1 } else { 2 });
    let path = format!("/api/v1/dashboards/performance?year={year}&half={half}");
    // a rep sees no one's performance; the manager sets targets, nobody else
    assert_eq!(app.get(&path).await.status(), StatusCode::FORBIDDEN);
    let target =
        json!({"sales_rep": "sales", "year": year.parse::<i32>().unwrap(), "half": half, "amount_fen": amount * 4});
    assert_eq!(app.put("/api/v1/sales-targets", &target).await.status(), StatusCode::FORBIDDEN);
    app.sign_in("sales_manager").await;
    let mut bad = target.clone();
    bad["amount_fen"] = json!(-1);
    let res = app.put("/api/v1/sales-targets", &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["field"], "amount_fen");
    assert_eq!(app.put("/api/v1/sales-targets", &target).await.status(), StatusCode::OK);
    // the customer answers this half year's survey
    let period: Value = app
        .post("/api/v1/survey-periods", &json!({"year": year.parse::<i32>().unwrap(), "half": half}))
        .await
        .json()
        .await
        .unwrap();
    let link = period["links"].as_array().unwrap().iter().find(|l| l["customer_id"] == 1).unwrap().clone();
    let anon = TestApp::client_for(&app).await;
    let answer = json!({"quality": 5, "delivery": 4, "service": 4, "price": 3});
    let res = anon.post(&format!("/api/v1/surveys/{}", link["token"].as_str().unwrap()), &answer).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let report: Value = app.get(&path).await.json().await.unwrap();
    let rep = report["reps"].as_array().unwrap().iter().find(|r| r["sales_rep"] == "sales").unwrap().clone();
    assert_eq!(rep["delivered_fen"], amount);
    assert_eq!(rep["target_fen"], amount * 4);
    assert_eq!(rep["completion"], 25.0);
    assert_eq!(rep["satisfaction"], 4.0);
    assert_eq!(rep["satisfaction_answers"], 1);
    if in_days(3)[..7] <= *format!("{year}-{}", if half == 1 { "06" } else { "12" }) {
        // received today, due in three days: on time
        assert_eq!((rep["deliveries"].as_i64(), rep["on_time_rate"].as_f64()), (Some(1), Some(100.0)));
    }
    assert_eq!(report["total_delivered_fen"], amount);
    // 0 removes the target
    let mut none = target.clone();
    none["amount_fen"] = json!(0);
    let report: Value = app.put("/api/v1/sales-targets", &none).await.json().await.unwrap();
    let rep = report["reps"].as_array().unwrap().iter().find(|r| r["sales_rep"] == "sales").unwrap().clone();
    assert_eq!(rep["completion"], Value::Null);
    // the period's report for top management, as a workbook and a print view
    let xlsx = app.get(&format!("/api/v1/survey-periods/{}/report.xlsx", period["id"])).await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert_eq!(&xlsx.bytes().await.unwrap()[..2], b"PK");
    let print = app.get(&format!("/print/survey-periods/{}/links", period["id"])).await;
    assert_eq!(print.status(), StatusCode::OK);
    let html = print.text().await.unwrap();
    assert_eq!(html.matches("<svg").count(), 9, "one QR code per unanswered link");
    assert!(!html.contains(link["token"].as_str().unwrap()), "an answered link is not printed again");
    assert!(app.audit_verify().0);
});

both!(the_kept_sales_figures_equal_the_ledger_recomputed_from_scratch, |app: TestApp| async move {
    for (i, quantity) in [5.0, 3.0].into_iter().enumerate() {
        let (order, line) = approved_order(&app, 1, 1, quantity).await;
        let batch = new_batch(&app, 1, &format!("HCL-KEPT{i}"), 30.0).await;
        inspect(&app, batch, &hcl_results()).await;
        assert_eq!(stock_in(&app, batch).await.status(), StatusCode::OK);
        let n: Value = note(&app, order, line, Some(batch), quantity).await.json().await.unwrap();
        deliver(&app, n["id"].as_i64().unwrap(), quantity).await;
    }
    use app::backend::store::rep_figures;
    let mut conn = app.pool().acquire().await.unwrap();
    let kept = rep_figures::stored(&mut conn).await.unwrap();
    let fresh = rep_figures::recompute(&mut conn, app::backend::performance::on_time).await.unwrap();
    assert_eq!(kept.months.values().map(|h| h.deliveries).sum::<i64>(), 2, "{kept:?}");
    assert!(kept.months.values().any(|h| h.delivered_fen > 0), "{kept:?}");
    assert_eq!(kept.customers.len(), 1, "{kept:?}");
    assert_eq!(kept, fresh, "the figures kept by each receipt equal those recomputed from the ledger");
});
