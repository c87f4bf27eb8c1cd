//! Sessions, headers and throttles (ASVS 5.0 level 2): idle sessions end, a disabled user is
//! out at once, pages and answers are not cached, common passwords are refused, and throttles
//! are counted in the database so that several server processes share them.

#[macro_use]
mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::flow::{approved_order, in_days, inspect, new_batch, note, receipt, stock_in, PNG};
use support::TestApp;

const MINUTE_MS: i64 = 60 * 1000;

both!(an_idle_session_ends_and_a_busy_one_goes_on, |app: TestApp| async move {
    app.sign_in("sales").await;
    // 29 minutes without a request: still signed in, and the request restarts the clock.
    app.execute(&format!("UPDATE user_session SET last_seen_at = last_seen_at - {}", 29 * MINUTE_MS)).await;
    assert_eq!(app.get("/api/v1/me").await.status(), StatusCode::OK);
    app.execute(&format!("UPDATE user_session SET last_seen_at = last_seen_at - {}", 29 * MINUTE_MS)).await;
    assert_eq!(app.get("/api/v1/me").await.status(), StatusCode::OK, "the last request restarted the idle clock");
    // 31 minutes without a request: the session is over, for the API and for pages.
    app.execute(&format!("UPDATE user_session SET last_seen_at = last_seen_at - {}", 31 * MINUTE_MS)).await;
    assert_eq!(app.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
    let page = app.client.get(app.url("/orders")).send().await.unwrap();
    assert!(page.url().path().starts_with("/signin"), "an idle session's page goes to sign-in: {}", page.url());
});

/// The admin edits the demo user `sales`: its current fields with `change` laid over them.
async fn edit_sales_user(app: &TestApp, change: Value) {
    app.sign_in("admin").await;
    let users: Value = app.get("/api/v1/users?limit=500").await.json().await.unwrap();
    let user = users["items"].as_array().unwrap().iter().find(|u| u["username"] == "sales").unwrap().clone();
    let mut body = json!({"username": "sales", "display_name": user["display_name"], "roles": user["roles"],
        "active": user["active"], "version": user["version"]});
    for (k, v) in change.as_object().unwrap() {
        body[k] = v.clone();
    }
    let res = app.put(&format!("/api/v1/users/{}", user["id"]), &body).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
}

both!(a_disabled_user_is_out_at_once, |app: TestApp| async move {
    let sales = TestApp::client_for(&app).await;
    sales.sign_in("sales").await;
    assert_eq!(sales.get("/api/v1/orders").await.status(), StatusCode::OK);
    edit_sales_user(&app, json!({"active": false})).await;
    assert_eq!(sales.get("/api/v1/orders").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(sales.post("/api/v1/session", &json!({"username": "sales", "password": "demo"})).await.status(), 401);
});

both!(a_password_change_ends_the_users_other_sessions, |app: TestApp| async move {
    let sales = TestApp::client_for(&app).await;
    sales.sign_in("sales").await;
    edit_sales_user(&app, json!({"active": true, "password": "a fresh passphrase"})).await;
    assert_eq!(sales.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
    sales.sign_in_with("sales", "a fresh passphrase").await;
});

both!(pages_and_answers_are_not_cached, |app: TestApp| async move {
    app.sign_in("sales_manager").await;
    for path in ["/api/v1/orders", "/api/v1/me", "/orders", "/approvals", "/api/v1/orders/999999"] {
        let res = app.get(path).await;
        let cache = res.headers().get("cache-control").map(|v| v.to_str().unwrap().to_string());
        assert_eq!(cache.as_deref(), Some("no-store"), "{path} ({})", res.status());
        // Read the page to its end: this test is about the headers. (Hanging up mid-render once
        // deadlocked a worker in Leptos's owner tree; vendor/reactive_graph is patched for it.)
        let _ = res.bytes().await;
    }
    let anonymous = TestApp::client_for(&app).await;
    let res = anonymous.get("/api/v1/orders").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.headers()["cache-control"], "no-store");
});

both!(a_server_function_given_arguments_that_do_not_decode_answers_400, |app: TestApp| async move {
    use leptos::server_fn::ServerFn;
    app.sign_in("lab").await;
    let path = <app::api::gate::ListBatches as ServerFn>::PATH;
    for body in [b"garbage".to_vec(), Vec::new(), vec![0xff; 9]] {
        let res = app.post_bytes(path, "application/x-postcard", body.clone()).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{body:?}");
    }
    // the same call, well formed (a filter of three empty options, no cursor), answers
    let res = app.post_bytes(path, "application/x-postcard", vec![0, 0, 0, 0]).await;
    assert_eq!(res.status(), StatusCode::OK);
});

both!(common_short_and_overlong_passwords_are_refused, |app: TestApp| async move {
    app.sign_in("admin").await;
    let create = |name: &str, password: String| json!({"username": name, "display_name": "", "roles": ["sales"], "password": password});
    for (password, key) in [
        ("Password123".to_string(), "common"),
        ("qwertyuiop".to_string(), "common"),
        ("nine char".to_string(), "at least 10"),
        ("x".repeat(129), "at most 128"),
    ] {
        let res = app.post("/api/v1/users", &create("weak", password.clone())).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{password}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["field"], "password", "{password}");
        let message = body["error"]["message"].as_str().unwrap().to_lowercase();
        assert!(message.contains(key), "{password}: {message}");
    }
    let res = app.post("/api/v1/users", &create("strong", "x".repeat(128))).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    app.sign_in_with("strong", &"x".repeat(128)).await;
});

both!(two_server_processes_share_the_sign_in_throttle, |app: TestApp| async move {
    let second = support::spawn_on(&app.database_url).await;
    for n in 0..5 {
        let via = if n % 2 == 0 { &app } else { &second };
        let res = via.post("/api/v1/session", &json!({"username": "admin", "password": "wrong password"})).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    // The sixth try through the second process is refused, even with the right password.
    let res = second.post("/api/v1/session", &json!({"username": "admin", "password": "demo"})).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let res = app.post("/api/v1/session", &json!({"username": "admin", "password": "demo"})).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
});

both!(a_forged_forwarded_for_does_not_escape_the_address_throttle, |app: TestApp| async move {
    // 20 guessed survey links, each claiming another client address: the peer is not a
    // trusted proxy, so they all count against it.
    for n in 0..20 {
        let res = app
            .client
            .get(app.url(&format!("/survey/guess{n}")))
            .header("x-forwarded-for", format!("198.51.100.{n}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    let res = app.client.get(app.url("/survey/guess")).header("x-forwarded-for", "198.51.100.99").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // …and the count is shared by a second process on the same database.
    let second = support::spawn_on(&app.database_url).await;
    assert_eq!(second.get("/survey/another").await.status(), StatusCode::TOO_MANY_REQUESTS);
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_list_the_routes_to_a_caller_with_the_token() {
    let app = support::spawn_sqlite_with(|s| s.metrics_token = Some("scrape-secret".into())).await;
    app.sign_in("sales").await;
    assert_eq!(app.get("/api/v1/orders").await.status(), StatusCode::OK);
    assert_eq!(app.get("/api/v1/orders/999999").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get("/metrics").await.status(), StatusCode::UNAUTHORIZED, "no token");
    let wrong = app.client.get(app.url("/metrics")).bearer_auth("guess").send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let res = app.client.get(app.url("/metrics")).bearer_auth("scrape-secret").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let text = res.text().await.unwrap();
    for line in [
        r#"http_requests_total{method="GET",route="/api/v1/orders",status="200"} 1"#,
        r#"http_requests_total{method="GET",route="/api/v1/orders/{id}",status="404"} 1"#,
        r#"http_request_duration_seconds_bucket{method="GET",route="/api/v1/orders",status="200",le="+Inf"} 1"#,
        r#"db_pool_connections{pool="write",state="max"} 1"#,
        "sse_streams_open 0",
        "# TYPE audit_head_sequence gauge",
    ] {
        assert!(text.contains(line), "missing {line}:\n{text}");
    }
    // Without a token configured, /metrics is not served on the main address at all.
    let plain = support::spawn_sqlite().await;
    assert_eq!(plain.get("/metrics").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_carries_a_request_id() {
    let app = support::spawn_sqlite().await;
    let a = app.get("/healthz").await.headers()["x-request-id"].to_str().unwrap().to_string();
    let b = app.get("/api/v1/me").await.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(!a.is_empty() && a != b);
}

const XSS: &str = "<img src=x onerror=alert(1)>";

/// The name is in the page as text: escaped, never as an element.
async fn shows_escaped(app: &TestApp, path: &str) {
    let res = app.get(path).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    let html = res.text().await.unwrap();
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{path} does not show the name:\n{html}");
    assert!(!html.contains("<img src=x"), "{path} renders the name as markup:\n{html}");
    assert!(!html.contains("<b>Fe"), "{path} renders the indicator as markup");
}

both!(names_that_look_like_markup_are_shown_as_text_on_every_server_page, |app: TestApp| async move {
    app.sign_in("admin").await;
    let product: Value = app
        .post(
            "/api/v1/products",
            &json!({"code": "XSS-1", "name": XSS, "unit": "t", "hazardous": false,
                "indicators": [{"name": "<b>Fe</b>", "unit": "%", "max": 1.0}]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let product = product["id"].as_i64().unwrap();
    let price = json!({"product_id": product, "unit_price_fen": 100000, "valid_from": in_days(-30)});
    assert_eq!(app.post("/api/v1/prices", &price).await.status(), StatusCode::CREATED);
    app.sign_in("sales").await;
    let customer: Value = app
        .post(
            "/api/v1/customers",
            &json!({"code": "XSS-C", "name": XSS, "address": XSS, "contact_name": "王经理",
                "contact_phone": "021-5555 0000", "credit_rating": "A", "license_no": "91310000MA1K00000X"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let customer = customer["id"].as_i64().unwrap();
    let (order, line) = approved_order(&app, customer, product, 5.0).await;
    let batch = new_batch(&app, product, "XSS-B1", 5.0).await;
    inspect(&app, batch, &json!({"final": true, "results": [{"indicator": "<b>Fe</b>", "value": 0.5}]})).await;
    assert_eq!(stock_in(&app, batch).await.status(), StatusCode::OK);
    shows_escaped(&app, &format!("/print/batches/{batch}/certificate")).await;
    shows_escaped(&app, &format!("/print/batches/{batch}/label")).await;
    let res = note(&app, order, line, Some(batch), 5.0).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let n: Value = res.json().await.unwrap();
    let id = n["id"].as_i64().unwrap();
    app.sign_in("sales_manager").await;
    assert_eq!(app.post(&format!("/api/v1/delivery-notes/{id}/approve"), &json!({})).await.status(), StatusCode::OK);
    app.sign_in("logistics").await;
    let assign = json!({"driver_username": "driver", "vehicle": XSS});
    assert_eq!(app.post(&format!("/api/v1/delivery-notes/{id}/assign"), &assign).await.status(), StatusCode::OK);
    app.sign_in("warehouse").await;
    let load = json!({"packaging_ok": true, "labels_ok": true, "warehouse_signature": PNG, "driver_signature": PNG});
    let loaded: Value = app.post(&format!("/api/v1/delivery-notes/{id}/load"), &load).await.json().await.unwrap();
    // the driver's list and the receipt form
    app.sign_in("driver").await;
    shows_escaped(&app, "/driver").await;
    shows_escaped(&app, &format!("/driver/notes/{id}")).await;
    let mut r = receipt(&loaded, 5.0);
    r["receiver_name"] = json!(XSS);
    let res = app
        .client
        .post(app.url(&format!("/api/v1/delivery-notes/{id}/receipt")))
        .header("Idempotency-Key", "xss-receipt")
        .json(&r)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    shows_escaped(&app, &format!("/driver/notes/{id}")).await;
    app.sign_in("sales").await;
    shows_escaped(&app, &format!("/api/v1/delivery-notes/{id}/print")).await;
    // the customer's survey page
    app.sign_in("sales_manager").await;
    let period: Value =
        app.post("/api/v1/survey-periods", &json!({"year": 2026, "half": 2})).await.json().await.unwrap();
    let link = period["links"].as_array().unwrap().iter().find(|l| l["customer_id"] == customer).expect("a link");
    let anon = TestApp::client_for(&app).await;
    shows_escaped(&anon, &format!("/survey/{}", link["token"].as_str().unwrap())).await;
    shows_escaped(&app, &format!("/print/survey-periods/{}/links", period["id"])).await;
});
