//! Liaison form and service board API tests (SPEC §5, API.md "After-sales"), on SQLite and
//! (with TEST_POSTGRES_URL) PostgreSQL: the department it is routed to does its steps and
//! nobody else; the measure's owner never verifies it; a measure that did not work goes back
//! to the analysis; the service board counts open records by their state.

#[macro_use]
mod support;

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::TestApp;

async fn step(app: &TestApp, id: i64, step: &str, body: Value) -> (StatusCode, Value) {
    let res = app.post(&format!("/api/v1/liaison-forms/{id}/{step}"), &body).await;
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

both!(a_liaison_form_goes_through_its_department_in_order, |app: TestApp| async move {
    app.sign_in("sales").await;
    let res = app
        .post(
            "/api/v1/liaison-forms",
            &json!({"customer_id": 1, "kind": "suggestion", "description": "Print the batch number on the drum lid too"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let f: Value = res.json().await.unwrap();
    let id = f["id"].as_i64().unwrap();
    assert!(f["number"].as_str().unwrap().starts_with("LF-"));
    assert_eq!(f["status"], "open");
    // nothing half-saved on bad input
    let res = app.post("/api/v1/liaison-forms", &json!({"customer_id": 1, "kind": "wish", "description": "x"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // acknowledging before it is routed is out of order; routing names a known department
    let (s, _) = step(&app, id, "route", json!({"department": "finance"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, f) = step(&app, id, "route", json!({"version": 1, "department": "quality"})).await;
    assert_eq!(s, StatusCode::OK, "{f}");
    assert_eq!((f["status"].as_str(), f["department"].as_str()), (Some("routed"), Some("quality")));
    assert_eq!(f["routed"]["by"], "sales");
    // only the quality department's people take its steps
    let (s, _) = step(&app, id, "acknowledge", json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "sales is not in quality");
    app.sign_in("lab").await;
    let (s, _) = step(&app, id, "acknowledge", json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "the lab is not in quality");
    app.sign_in("quality").await;
    let (s, f) = step(&app, id, "acknowledge", json!({})).await;
    assert_eq!((s, f["acknowledged"]["by"].as_str()), (StatusCode::OK, Some("quality")));
    let (s, _) = step(&app, id, "measure", json!({"text": "x", "owner": "quality", "due_on": "2099-01-01"})).await;
    assert_eq!(s, StatusCode::CONFLICT, "no measure before the analysis");
    let (s, _) = step(&app, id, "analysis", json!({"text": "The lid label is applied before filling"})).await;
    assert_eq!(s, StatusCode::OK);
    let due = (Utc::now() + Duration::days(14)).format("%Y-%m-%d").to_string();
    let (s, body) =
        step(&app, id, "measure", json!({"text": "Label the lid", "owner": "nobody_here", "due_on": due})).await;
    assert_eq!((s, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("owner")), "{body}");
    let (s, f) =
        step(&app, id, "measure", json!({"text": "Label the lid after filling", "owner": "sales", "due_on": due}))
            .await;
    assert_eq!((s, f["status"].as_str()), (StatusCode::OK, Some("measure")), "{f}");
    // the department does not verify its own measure: the desk does, but never its owner
    let (s, _) = step(&app, id, "verify", json!({"text": "checked", "effective": true})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    app.sign_in("sales").await;
    let (s, _) = step(&app, id, "verify", json!({"text": "checked", "effective": true})).await;
    assert_eq!(s, StatusCode::CONFLICT, "the owner verifies → 409");
    app.sign_in("service").await;
    let (s, f) = step(&app, id, "verify", json!({"text": "Two drums still unlabelled", "effective": false})).await;
    assert_eq!(
        (s, f["status"].as_str(), f["failed_verifications"].as_i64()),
        (StatusCode::OK, Some("acknowledged"), Some(1))
    );
    app.sign_in("quality").await;
    step(&app, id, "analysis", json!({"text": "Night shift skipped the step"})).await;
    let (s, _) =
        step(&app, id, "measure", json!({"text": "Checklist at the filling line", "owner": "quality", "due_on": due}))
            .await;
    assert_eq!(s, StatusCode::OK);
    app.sign_in("service").await;
    let (s, _) = step(&app, id, "close", json!({"result": "x"})).await;
    assert_eq!(s, StatusCode::CONFLICT, "no result before verification");
    let (s, _) =
        step(&app, id, "verify", json!({"text": "Ten drums checked at the customer", "effective": true})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, f) = step(&app, id, "close", json!({"result": "Lids labelled since week 49; customer informed"})).await;
    assert_eq!((s, f["status"].as_str()), (StatusCode::OK, Some("closed")));
    for k in ["routed", "acknowledged", "analysed", "measure_set", "verified", "closed"] {
        assert!(f[k]["by"].is_string() && f[k]["at"].is_string(), "{k} keeps who and when: {f}");
    }
    // the list filters by department and status; the audit has every step in order
    let page: Value = app.get("/api/v1/liaison-forms?department=quality&status=closed").await.json().await.unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let page: Value = app.get("/api/v1/liaison-forms?department=rd").await.json().await.unwrap();
    assert!(page["items"].as_array().unwrap().is_empty());
    assert_eq!(app.get("/api/v1/liaison-forms?department=x").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let actions = app
        .query_strings(&format!(
            "SELECT action AS s FROM audit_log WHERE entity = 'liaison_form' AND entity_id = {id} ORDER BY seq"
        ))
        .await;
    assert_eq!(
        actions,
        ["create", "route", "acknowledge", "analysis", "measure", "verify", "analysis", "measure", "verify", "close"]
    );
    assert!(app.audit_verify().0);
    // the warehouse and logistics read only what is routed to their department
    app.sign_in("service").await;
    let res = app
        .post(
            "/api/v1/liaison-forms",
            &json!({"customer_id": 2, "kind": "expectation", "department": "logistics",
            "description": "Deliveries before 8:00, please"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let other = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.sign_in("logistics").await;
    assert_eq!(app.get(&format!("/api/v1/liaison-forms/{id}")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("/api/v1/liaison-forms/{other}")).await.status(), StatusCode::OK);
    let page: Value = app.get("/api/v1/liaison-forms").await.json().await.unwrap();
    let ids: Vec<i64> = page["items"].as_array().unwrap().iter().map(|f| f["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [other], "only logistics' forms");
    assert_eq!(app.get("/api/v1/liaison-forms?department=quality").await.status(), StatusCode::FORBIDDEN);
    let (s, _) = step(&app, other, "acknowledge", json!({})).await;
    assert_eq!(s, StatusCode::OK);
    // a driver reads nothing of it
    app.sign_in("driver").await;
    assert_eq!(app.get(&format!("/api/v1/liaison-forms/{id}")).await.status(), StatusCode::FORBIDDEN);
});

both!(the_service_board_counts_open_records_by_state, |app: TestApp| async move {
    app.sign_in("service").await;
    let ago = |m: i64| (Utc::now() - Duration::minutes(m)).to_rfc3339();
    let before: Value = app.get("/api/v1/dashboards/service").await.json().await.unwrap();
    let count = |b: &Value, record: &str, state: &str| {
        b["sla"].as_array().unwrap().iter().find(|r| r["record"] == record).unwrap()[state].as_i64().unwrap()
    };
    // an inquiry received now is on time; a ticket waiting for the customer is paused
    let res = app
        .post("/api/v1/inquiries", &json!({"customer_id": 1, "channel": "phone", "question": "Shelf life of PAC-30?"}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let t: Value = app
        .post(
            "/api/v1/service-tickets",
            &json!({"customer_id": 1, "kind": "guidance", "urgency": "normal",
            "received_at": ago(5), "description": "How to dose in winter"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = t["id"].as_i64().unwrap();
    let res =
        app.post(&format!("/api/v1/service-tickets/{id}/wait"), &json!({"version": 1, "reason": "jar test"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let after: Value = app.get("/api/v1/dashboards/service").await.json().await.unwrap();
    assert_eq!(count(&after, "inquiry", "on_time"), count(&before, "inquiry", "on_time") + 1, "{after}");
    assert_eq!(count(&after, "service_ticket", "paused"), count(&before, "service_ticket", "paused") + 1);
    let ages: i64 = after["inquiry_ages"].as_array().unwrap().iter().map(|a| a["count"].as_i64().unwrap()).sum();
    assert_eq!(
        ages,
        after["sla"][0]["on_time"].as_i64().unwrap()
            + after["sla"][0]["near"].as_i64().unwrap()
            + after["sla"][0]["overdue"].as_i64().unwrap()
    );
    assert_eq!(after["months"].as_array().unwrap().len(), 12);
    assert_eq!(after["complaint_stages"].as_array().unwrap().len(), 5, "every stage but closed");
    // who may see it
    for (user, status) in
        [("sales_manager", StatusCode::OK), ("driver", StatusCode::FORBIDDEN), ("warehouse", StatusCode::FORBIDDEN)]
    {
        app.sign_in(user).await;
        assert_eq!(app.get("/api/v1/dashboards/service").await.status(), status, "{user}");
    }
});

both!(the_admin_puts_people_in_departments_and_they_work_its_forms, |app: TestApp| async move {
    app.sign_in("service").await;
    let res = app
        .post(
            "/api/v1/liaison-forms",
            &json!({"customer_id": 3, "kind": "expectation", "department": "rd",
            "description": "A low-temperature grade of PAC"}),
        )
        .await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    // nobody's role is R&D: the lab cannot acknowledge it yet
    app.sign_in("lab").await;
    let (s, _) = step(&app, id, "acknowledge", json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // only the admin assigns, and only active users
    let res = app.put("/api/v1/departments/rd", &json!({"members": ["lab"]})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    app.sign_in("admin").await;
    let res = app.put("/api/v1/departments/rd", &json!({"members": ["lab", "ghost"]})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.put("/api/v1/departments/finance", &json!({"members": []})).await.status(), StatusCode::NOT_FOUND);
    let res = app.put("/api/v1/departments/rd", &json!({"members": ["lab"]})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let all: Value = res.json().await.unwrap();
    let rd = all.as_array().unwrap().iter().find(|d| d["department"] == "rd").unwrap();
    assert_eq!(
        rd["members"],
        json!([{"username": "lab", "display_name": rd["members"][0]["display_name"], "by_role": false, "assigned": true}])
    );
    let quality = all.as_array().unwrap().iter().find(|d| d["department"] == "quality").unwrap();
    assert!(quality["members"].as_array().unwrap().iter().any(|m| m["username"] == "quality" && m["by_role"] == true));
    app.sign_in("lab").await;
    let (s, f) = step(&app, id, "acknowledge", json!({})).await;
    assert_eq!((s, f["acknowledged"]["by"].as_str()), (StatusCode::OK, Some("lab")));
    let actions = app.query_strings("SELECT action AS s FROM audit_log WHERE entity = 'department' ORDER BY seq").await;
    assert_eq!(actions, ["assign"]);
});
