//! Service ticket API tests (SPEC §5, API.md "After-sales"), on SQLite and (with
//! TEST_POSTGRES_URL) PostgreSQL: limits counted in working time on the company calendar, a
//! pause for the customer that really stops the clock, escalation into the approvals board,
//! and the customer's single-use confirmation link.

#[macro_use]
mod support;

use chrono::{Datelike, Duration, FixedOffset, NaiveTime, TimeZone, Utc, Weekday};
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::TestApp;

fn ago(minutes: i64) -> String {
    (Utc::now() - Duration::minutes(minutes)).to_rfc3339()
}

async fn open(app: &TestApp, body: Value) -> Value {
    let res = app.post("/api/v1/service-tickets", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

async fn step(app: &TestApp, id: i64, step: &str, body: Value) -> Value {
    let res = app.post(&format!("/api/v1/service-tickets/{id}/{step}"), &body).await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{step}: {body}");
    body
}

/// Every day worked from 00:00 to 23:59: working time is (almost) wall-clock time, so a test
/// that runs at night or on a weekend measures the same as one at noon on a Tuesday.
async fn round_the_clock(app: &TestApp) {
    app.sign_in("admin").await;
    let day = json!([["00:00", "23:59"]]);
    let body = json!({"timezone": "Asia/Shanghai", "version": 0,
        "hours": {"mon": day, "tue": day, "wed": day, "thu": day, "fri": day, "sat": day, "sun": day}});
    assert_eq!(app.put("/api/v1/calendar", &body).await.status(), StatusCode::OK);
}

both!(a_ticket_paused_for_two_hours_does_not_go_overdue, |app: TestApp| async move {
    round_the_clock(&app).await;
    app.sign_in("service").await;
    // urgent: a first response within two working hours; received three hours ago
    let base = json!({"customer_id": 1, "kind": "repair", "urgency": "urgent", "received_at": ago(180),
        "description": "Dosing pump leaks at the flange"});
    let late = open(&app, base.clone()).await;
    assert_eq!(late["sla"], "overdue", "three hours without a response: {late}");
    let t = open(&app, base).await;
    let id = t["id"].as_i64().unwrap();
    // waiting for the customer's photos from 10 minutes after receipt for two hours
    let w = step(&app, id, "wait", json!({"version": 1, "reason": "photos of the flange", "at": ago(170)})).await;
    assert_eq!((w["status"].as_str(), w["sla"].as_str()), (Some("waiting"), Some("paused")));
    assert!(w["waiting_since"].is_string());
    let r = step(&app, id, "resume", json!({"version": 2, "at": ago(50)})).await;
    assert_eq!(r["status"], "open");
    assert_eq!(r["sla"], "on_time", "10 + 50 minutes used of 120: {r}");
    let paused = r["paused_ms"].as_i64().unwrap();
    assert!((7_190_000..=7_210_000).contains(&paused), "two hours paused: {paused}");
    assert!(r["response_due_at"].as_str().unwrap() > late["response_due_at"].as_str().unwrap());
    // a step dated before the previous one is refused on its field
    let res = app
        .post(&format!("/api/v1/service-tickets/{id}/respond"), &json!({"version": 3, "response": "x", "at": ago(60)}))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // responding stops the response clock: met
    let done = step(&app, id, "respond", json!({"version": 3, "response": "Engineer booked for tomorrow"})).await;
    assert_eq!((done["status"].as_str(), done["sla"].as_str()), (Some("responded"), Some("on_time")));
    assert!(done["response_due_at"].is_null(), "the response is done: {done}");
    // a step out of order is 409, a stale version 409
    let res = app.post(&format!("/api/v1/service-tickets/{id}/resume"), &json!({"version": 4})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = app.post(&format!("/api/v1/service-tickets/{id}/resolve"), &json!({"version": 1, "result": "x"})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // the overdue one is escalated to the deputy GM, not to the sales manager
    app.sign_in("deputy_gm").await;
    let board: Value = app.get("/api/v1/dashboards/approvals").await.json().await.unwrap();
    let mine: Vec<i64> = board["waiting_on_me"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "service_ticket_overdue")
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(mine, [late["id"].as_i64().unwrap()], "{board}");
    app.sign_in("sales_manager").await;
    let board: Value = app.get("/api/v1/dashboards/approvals").await.json().await.unwrap();
    assert!(!board["waiting_on_me"].as_array().unwrap().iter().any(|i| i["kind"] == "service_ticket_overdue"));
    assert!(board["pending"].as_array().unwrap().iter().any(|i| i["kind"] == "service_ticket_overdue"));
});

/// Friday 16:00 (company time) between one and two weeks back.
fn a_recent_friday_at_four() -> chrono::DateTime<FixedOffset> {
    let cn = FixedOffset::east_opt(8 * 3600).unwrap();
    let mut day = (Utc::now().with_timezone(&cn) - Duration::days(7)).date_naive();
    while day.weekday() != Weekday::Fri {
        day -= Duration::days(1);
    }
    cn.from_local_datetime(&day.and_time(NaiveTime::from_hms_opt(16, 0, 0).unwrap())).unwrap()
}

both!(a_friday_ticket_with_eight_working_hours_is_due_monday_afternoon, |app: TestApp| async move {
    app.sign_in("service").await;
    let friday = a_recent_friday_at_four();
    // high: 8 working hours to respond. 16:00–17:30 Friday, 08:30–12:00 and 13:30–16:30 Monday.
    let t = open(
        &app,
        json!({"customer_id": 1, "kind": "guidance", "urgency": "high", "received_at": friday.to_rfc3339(),
            "product_id": 5, "description": "How to dose PAC in cold water?"}),
    )
    .await;
    let monday = friday + Duration::days(3);
    let due = monday.date_naive().and_time(NaiveTime::from_hms_opt(16, 30, 0).unwrap());
    let due = FixedOffset::east_opt(8 * 3600).unwrap().from_local_datetime(&due).unwrap();
    assert_eq!(t["response_due_at"], due.to_rfc3339(), "{t}");
    assert_eq!(t["response_limit_minutes"], 480);
    assert_eq!(t["resolution_limit_minutes"], 72 * 60);
    assert!(t["number"].as_str().unwrap().starts_with("SVC-"));
    // the admin can change the limits; a ticket keeps the ones it was received under
    app.sign_in("admin").await;
    let mut limits: Value = app.get("/api/v1/ticket-limits").await.json().await.unwrap();
    assert_eq!(limits["version"], 0);
    limits["high"]["response_minutes"] = json!(240);
    let saved: Value = app.put("/api/v1/ticket-limits", &limits).await.json().await.unwrap();
    assert_eq!(saved["version"], 1);
    assert_eq!(app.put("/api/v1/ticket-limits", &limits).await.status(), StatusCode::CONFLICT, "stale");
    let mut bad = saved.clone();
    bad["urgent"]["response_minutes"] = json!(0);
    assert_eq!(app.put("/api/v1/ticket-limits", &bad).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.sign_in("service").await;
    assert_eq!(app.put("/api/v1/ticket-limits", &saved).await.status(), StatusCode::FORBIDDEN);
    let again: Value = app.get(&format!("/api/v1/service-tickets/{}", t["id"])).await.json().await.unwrap();
    assert_eq!(again["response_limit_minutes"], 480);
    let newer = open(&app, json!({"customer_id": 1, "kind": "repair", "urgency": "high", "description": "x y"})).await;
    assert_eq!(newer["response_limit_minutes"], 240);
});

both!(only_the_service_desk_opens_tickets_and_nothing_is_half_saved, |app: TestApp| async move {
    let body = json!({"customer_id": 1, "kind": "return", "urgency": "normal", "description": "Wrong drum size"});
    for who in ["driver", "lab", "sales"] {
        app.sign_in(who).await;
        assert_eq!(app.post("/api/v1/service-tickets", &body).await.status(), StatusCode::FORBIDDEN, "{who}");
    }
    app.sign_in("lab").await;
    assert_eq!(app.get("/api/v1/service-tickets").await.status(), StatusCode::OK, "the lab may read");
    app.sign_in("driver").await;
    assert_eq!(app.get("/api/v1/service-tickets").await.status(), StatusCode::FORBIDDEN);
    app.sign_in("service").await;
    for (bad, field) in [
        (json!({"customer_id": 1, "kind": "polish", "urgency": "normal", "description": "x"}), "kind"),
        (json!({"customer_id": 1, "kind": "return", "urgency": "soon", "description": "x"}), "urgency"),
        (json!({"customer_id": 999, "kind": "return", "urgency": "normal", "description": "x"}), "customer_id"),
        (json!({"customer_id": 1, "kind": "return", "urgency": "normal", "description": " "}), "description"),
        (
            json!({"customer_id": 1, "kind": "return", "urgency": "normal", "description": "x", "batch_id": 1}),
            "batch_id",
        ),
        (
            json!({"customer_id": 1, "kind": "return", "urgency": "normal", "description": "x", "received_at": "tomorrow"}),
            "received_at",
        ),
    ] {
        let res = app.post("/api/v1/service-tickets", &bad).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["field"], field, "{bad}");
    }
    let list: Value = app.get("/api/v1/service-tickets").await.json().await.unwrap();
    assert_eq!(list["items"], json!([]), "nothing half-saved");
    assert_eq!(app.get("/api/v1/service-tickets/999").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.post("/api/v1/service-tickets/1/polish", &json!({})).await.status(), StatusCode::NOT_FOUND);
});

both!(the_customer_confirms_once_through_the_link, |app: TestApp| async move {
    app.sign_in("service").await;
    let t =
        open(&app, json!({"customer_id": 1, "kind": "exchange", "urgency": "normal", "description": "Torn bag"})).await;
    let id = t["id"].as_i64().unwrap();
    assert!(t["confirmation_link"].is_null(), "no link before the result");
    // resolving without a response answers the customer too
    let r = step(&app, id, "resolve", json!({"version": 1, "result": "Bag replaced", "fee_fen": 0})).await;
    assert_eq!(r["status"], "resolved");
    assert_eq!(r["responded_at"], r["resolved_at"]);
    let link = r["confirmation_link"].as_str().unwrap().to_string();
    let token = link.trim_start_matches("/confirm/");
    // the page, with no account, in Chinese
    let anonymous = TestApp::client_for(&app).await;
    let page = anonymous.client.get(app.url(&link)).header("Accept-Language", "zh-CN").send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Bag replaced") && html.contains("服务结果确认"), "{html}");
    // not satisfied: back to work, the link used up
    let res = anonymous
        .post(&format!("/api/v1/confirmations/{token}"), &json!({"satisfied": false, "comment": "Still torn"}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let again = anonymous.post(&format!("/api/v1/confirmations/{token}"), &json!({"satisfied": true})).await;
    assert_eq!(again.status(), StatusCode::CONFLICT, "used twice");
    let back: Value = app.get(&format!("/api/v1/service-tickets/{id}")).await.json().await.unwrap();
    assert_eq!((back["status"].as_str(), back["reopened"].as_i64()), (Some("responded"), Some(1)));
    assert_eq!(back["confirmation_note"], "Still torn");
    // resolved again: a new link; this time staff record the customer's phone call
    let r = step(&app, id, "resolve", json!({"version": back["version"], "result": "Second bag sent"})).await;
    assert_ne!(r["confirmation_link"].as_str().unwrap(), link);
    let res = app
        .post(&format!("/api/v1/service-tickets/{id}/confirm"), &json!({"version": r["version"], "channel": "pigeon"}))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let c = step(&app, id, "confirm", json!({"version": r["version"], "channel": "phone", "note": "OK now"})).await;
    assert_eq!(
        (c["status"].as_str(), c["satisfied"].as_bool(), c["confirmed_via"].as_str()),
        (Some("closed"), Some(true), Some("phone"))
    );
    let used = r["confirmation_link"].as_str().unwrap().trim_start_matches("/confirm/").to_string();
    let res = anonymous.post(&format!("/api/v1/confirmations/{used}"), &json!({"satisfied": true})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(
        anonymous.client.get(app.url(&format!("/confirm/{used}"))).send().await.unwrap().status(),
        StatusCode::CONFLICT
    );
    // unknown links are 404, and guessing is throttled
    for n in 0..19 {
        let res = anonymous.post(&format!("/api/v1/confirmations/guess{n}"), &json!({"satisfied": true})).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    assert_eq!(anonymous.client.get(app.url("/confirm/guess")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    let res = anonymous.post("/api/v1/confirmations/guess", &json!({"satisfied": true})).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // every step is in the audit trail, in order
    let actions = app
        .query_strings(&format!(
            "SELECT action AS s FROM audit_log WHERE entity = 'service_ticket' AND entity_id = {id} ORDER BY seq"
        ))
        .await;
    assert_eq!(actions, ["create", "resolve", "confirm_not_satisfied", "resolve", "confirm"]);
    assert!(app.audit_verify().0);
});
