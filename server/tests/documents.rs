//! Controlled documents, SDS distribution and customer training (SPEC §5, API.md
//! "After-sales"), on SQLite and PostgreSQL: a new SDS revision reaches exactly the customers
//! supplied in the 12 months before it; uploads are checked before anything is stored; a note
//! records the revisions in force at its loading.

#[macro_use]
mod support;

use base64::Engine;
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::flow::*;
use support::TestApp;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn revision(label: &str, issued_on: &str, bytes: &[u8]) -> Value {
    json!({"revision": label, "issued_on": issued_on, "changes": "Section 8 exposure limits revised",
        "file_name": format!("SDS 聚合氯化铝 {label}.pdf"), "content_base64": b64(bytes)})
}

/// Product 5 (polyaluminium chloride) delivered to `customer` today; returns the note's id.
async fn supply(app: &TestApp, customer: i64, batch_no: &str) -> i64 {
    let (order, line) = approved_order(app, customer, 5, 10.0).await;
    let batch = new_batch(app, 5, batch_no, 20.0).await;
    inspect(app, batch, &pac_results(true, true)).await;
    assert_eq!(stock_in(app, batch).await.status(), StatusCode::OK);
    let res = note(app, order, line, Some(batch), 10.0).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    deliver(app, id, 10.0).await;
    id
}

async fn new_document(app: &TestApp, kind: &str, title: &str) -> i64 {
    app.sign_in("quality").await;
    let res = app.post("/api/v1/products/5/documents", &json!({"kind": kind, "title": title})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

async fn add_revision(app: &TestApp, document: i64, body: &Value) -> Value {
    let res = app.post(&format!("/api/v1/documents/{document}/revisions"), body).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

both!(a_new_sds_revision_reaches_exactly_the_customers_supplied_in_the_year_before_it, |app: TestApp| async move {
    for (customer, batch) in [(1, "pac-sds-01"), (2, "pac-sds-02"), (3, "pac-sds-03")] {
        supply(&app, customer, batch).await;
    }
    // Customer 2 was last supplied 364 days ago, customer 3 366 days ago.
    app.execute(&format!("UPDATE ledger_entry SET delivered_on = '{}' WHERE customer_id = 2", in_days(-364))).await;
    app.execute(&format!("UPDATE ledger_entry SET delivered_on = '{}' WHERE customer_id = 3", in_days(-366))).await;

    let sds = new_document(&app, "sds", "SDS 聚合氯化铝").await;
    let doc = add_revision(&app, sds, &revision("2.0", &in_days(0), PDF)).await;
    assert_eq!(doc["current"]["revision"], "2.0");
    let id = doc["distribution_id"].as_i64().expect("an SDS revision opens a distribution");
    let d: Value = app.get(&format!("/api/v1/sds-distributions/{id}")).await.json().await.unwrap();
    let recipients: Vec<i64> =
        d["recipients"].as_array().unwrap().iter().map(|r| r["customer_id"].as_i64().unwrap()).collect();
    let mut sorted = recipients.clone();
    sorted.sort();
    assert_eq!(sorted, vec![1, 2], "364 days before: in; 366 days before: out");
    let two = d["recipients"].as_array().unwrap().iter().find(|r| r["customer_id"] == 2).unwrap();
    assert_eq!(two["last_delivery_on"], in_days(-364));
    assert_eq!((d["status"].as_str(), d["recipient_count"].as_i64()), (Some("open"), Some(2)));

    // The service board shows it open.
    app.sign_in("service").await;
    let board: Value = app.get("/api/v1/dashboards/service").await.json().await.unwrap();
    assert_eq!(board["sds_open_count"], 1);
    assert_eq!(board["sds_open"][0]["id"], id);

    // Customer 1 acknowledges through the link, once; an unknown link is 404. The service desk
    // sends the links (quality reads the distribution without them).
    assert!(d["recipients"].as_array().unwrap().iter().all(|r| r["link"].is_null()));
    let d: Value = app.get(&format!("/api/v1/sds-distributions/{id}")).await.json().await.unwrap();
    let one = d["recipients"].as_array().unwrap().iter().find(|r| r["customer_id"] == 1).unwrap();
    let link = one["link"].as_str().unwrap().to_string();
    let token = link.trim_start_matches("/sds/").to_string();
    let customer = TestApp::client_for(&app).await;
    let page = customer.get(&link).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("2.0"));
    let file = customer.get(&format!("{link}/file")).await;
    assert_eq!(file.headers()["content-type"], "application/pdf");
    assert_eq!(file.bytes().await.unwrap().as_ref(), PDF);
    let res = customer.post(&format!("/api/v1/sds-acknowledgements/{token}"), &json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let mine: Value = res.json().await.unwrap();
    assert_eq!(mine["acknowledged"]["channel"], "link");
    assert_eq!(
        customer.post(&format!("/api/v1/sds-acknowledgements/{token}"), &json!({})).await.status(),
        StatusCode::CONFLICT
    );
    assert_eq!(customer.get(&link).await.status(), StatusCode::CONFLICT);
    assert_eq!(
        customer.post("/api/v1/sds-acknowledgements/not-a-token", &json!({})).await.status(),
        StatusCode::NOT_FOUND
    );

    // Staff record customer 2's sending and acknowledgement, once each.
    let step = |c: i64, s: &str| format!("/api/v1/sds-distributions/{id}/recipients/{c}/{s}");
    assert_eq!(
        app.post(&step(2, "sent"), &json!({"channel": "link"})).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(app.post(&step(2, "sent"), &json!({"channel": "email"})).await.status(), StatusCode::OK);
    assert_eq!(app.post(&step(2, "sent"), &json!({"channel": "email"})).await.status(), StatusCode::CONFLICT);
    assert_eq!(app.post(&step(3, "sent"), &json!({"channel": "email"})).await.status(), StatusCode::NOT_FOUND);
    let res = app.post(&step(2, "acknowledged"), &json!({"channel": "email"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let done: Value = res.json().await.unwrap();
    assert_eq!((done["status"].as_str(), done["acknowledged_count"].as_i64()), (Some("complete"), Some(2)));
    let board: Value = app.get("/api/v1/dashboards/service").await.json().await.unwrap();
    assert_eq!(board["sds_open_count"], 0);
    let open: Value = app.get("/api/v1/sds-distributions?status=open").await.json().await.unwrap();
    assert_eq!(open["items"].as_array().unwrap().len(), 0);

    // Not for everyone.
    app.sign_in("driver").await;
    assert_eq!(app.get("/api/v1/sds-distributions").await.status(), StatusCode::FORBIDDEN);
    app.sign_in("sales").await;
    assert_eq!(app.post(&step(1, "sent"), &json!({"channel": "email"})).await.status(), StatusCode::FORBIDDEN);
    let (ok, out) = app.audit_verify();
    assert!(ok, "{out}");
});

both!(uploads_are_checked_before_anything_is_stored, |app: TestApp| async move {
    let manual = new_document(&app, "manual", "使用说明书").await;
    let count = |app: &TestApp| {
        let app = app.pool().clone();
        async move {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM stored_file").fetch_one(&app).await.unwrap();
            let r: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM document_revision").fetch_one(&app).await.unwrap();
            (n, r)
        }
    };
    let before = count(&app).await;
    let path = format!("/api/v1/documents/{manual}/revisions");
    // A file over 10 MiB: 413. A program or a page: 422 on the file.
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let res = app.post(&path, &revision("1.0", &in_days(0), &big)).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    for bytes in [b"MZ\x90\x00\x03".as_slice(), b"<html><script>alert(1)</script>".as_slice()] {
        let res = app.post(&path, &revision("1.0", &in_days(0), bytes)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["field"], "content_base64", "{body}");
    }
    let mut no_date = revision("1.0", "someday", PDF);
    no_date["changes"] = json!("");
    assert_eq!(app.post(&path, &no_date).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A body far over the limit is refused before it is read (through its own connection).
    let other = TestApp::client_for(&app).await;
    other.sign_in("quality").await;
    let huge = json!({"revision": "1.0", "issued_on": in_days(0), "changes": "x", "file_name": "a.pdf", "content_base64": "A".repeat(17 * 1024 * 1024)});
    // The server answers 413 without reading the rest; the client may still be writing
    // the body when the connection closes.
    match other.client.post(other.url(&path)).json(&huge).send().await {
        Ok(res) => assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE),
        Err(e) => assert!(e.is_request(), "{e}"),
    }
    assert_eq!(count(&app).await, before, "nothing stored");

    // A good one, once per label; its file comes back with its type.
    let doc = add_revision(&app, manual, &revision("1.0", &in_days(0), PDF)).await;
    assert_eq!(doc["revisions"].as_array().unwrap().len(), 1);
    assert!(doc["distribution_id"].is_null(), "only an SDS is distributed");
    assert_eq!(app.post(&path, &revision("1.0", &in_days(0), PDF)).await.status(), StatusCode::CONFLICT);
    let url = doc["current"]["url"].as_str().unwrap().to_string();
    app.sign_in("sales").await;
    let file = app.get(&url).await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    assert_eq!(file.bytes().await.unwrap().as_ref(), PDF);
    assert_eq!(app.post(&path, &revision("1.1", &in_days(0), PDF)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&format!("/api/v1/documents/{manual}/revisions/9.9/file")).await.status(),
        StatusCode::NOT_FOUND
    );
    let docs: Value = app.get("/api/v1/products/5/documents").await.json().await.unwrap();
    assert_eq!(docs[0]["title"], "使用说明书");
    app.sign_in("quality").await;
    let res = app.post("/api/v1/products/5/documents", &json!({"kind": "manual", "title": "使用说明书"})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = app.post("/api/v1/products/5/documents", &json!({"kind": "recipe", "title": "x"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.post("/api/v1/products/999/documents", &json!({"kind": "manual", "title": "x"})).await.status(),
        StatusCode::NOT_FOUND
    );
});

both!(a_note_carries_the_revisions_in_force_when_it_is_loaded, |app: TestApp| async move {
    let manual = new_document(&app, "manual", "使用说明书").await;
    add_revision(&app, manual, &revision("A", &in_days(0), PDF)).await;
    // Customer 1 had the product before the new SDS: it is a recipient not yet sent it.
    supply(&app, 1, "pac-load-01").await;
    let sds = new_document(&app, "sds", "SDS").await;
    let doc = add_revision(&app, sds, &revision("3", &in_days(0), PDF)).await;
    let distribution = doc["distribution_id"].as_i64().unwrap();

    let (order, line) = approved_order(&app, 1, 5, 5.0).await;
    let batch = new_batch(&app, 5, "pac-load-02", 20.0).await;
    inspect(&app, batch, &pac_results(true, true)).await;
    stock_in(&app, batch).await;
    let id = note(&app, order, line, Some(batch), 5.0).await.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.sign_in("sales").await;
    let n: Value = app.get(&format!("/api/v1/delivery-notes/{id}")).await.json().await.unwrap();
    let docs = n["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2, "{n}");
    let sds_doc = docs.iter().find(|d| d["kind"] == "sds").unwrap();
    assert_eq!((sds_doc["revision"].as_str(), sds_doc["unsent_sds"].as_bool()), (Some("3"), Some(true)));

    // A new manual revision before loading goes with the goods; one after it does not.
    app.sign_in("quality").await;
    add_revision(&app, manual, &revision("B", &in_days(0), PDF)).await;
    let delivered = deliver(&app, id, 5.0).await;
    let carried = |n: &Value| {
        let mut v: Vec<String> = n["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| format!("{}:{}", d["kind"].as_str().unwrap(), d["revision"].as_str().unwrap()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(carried(&delivered), vec!["manual:B", "sds:3"]);
    app.sign_in("quality").await;
    add_revision(&app, manual, &revision("C", &in_days(0), PDF)).await;
    app.sign_in("sales").await;
    let n: Value = app.get(&format!("/api/v1/delivery-notes/{id}")).await.json().await.unwrap();
    assert_eq!(carried(&n), vec!["manual:B", "sds:3"], "recorded at loading");
    assert!(n["documents"].as_array().unwrap().iter().all(|d| d["unsent_sds"] == false));
    // The SDS went with the goods: the customer counts as sent it.
    app.sign_in("service").await;
    let d: Value = app.get(&format!("/api/v1/sds-distributions/{distribution}")).await.json().await.unwrap();
    assert_eq!(d["recipients"][0]["sent"]["channel"], "delivery", "{d}");
    assert!(d["recipients"][0]["acknowledged"].is_null());
});

both!(training_sessions_keep_their_attendees_and_materials, |app: TestApp| async move {
    let manual = new_document(&app, "manual", "使用说明书").await;
    let doc = add_revision(&app, manual, &revision("1", &in_days(0), PDF)).await;
    let material = doc["current"]["id"].as_i64().unwrap();
    let body = json!({"customer_id": 1, "held_on": in_days(-2), "topic": "安全操作与泄漏处置", "trainer": "王工",
        "attendees": ["李明", " ", "赵强"], "product_id": 5, "materials": [material]});
    app.sign_in("sales").await;
    assert_eq!(app.post("/api/v1/trainings", &body).await.status(), StatusCode::FORBIDDEN);
    app.sign_in("service").await;
    let mut unknown = body.clone();
    unknown["materials"] = json!([material + 1000]);
    let res = app.post("/api/v1/trainings", &unknown).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["field"], "materials");
    let res = app.post("/api/v1/trainings", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let t: Value = res.json().await.unwrap();
    assert_eq!(t["attendees"], json!(["李明", "赵强"]));
    assert_eq!(t["materials"][0]["revision"], "1");
    let list: Value = app.get("/api/v1/trainings?customer_id=1").await.json().await.unwrap();
    assert_eq!(list["items"][0]["id"], t["id"]);
    assert_eq!(list["items"][0]["materials"][0]["kind"], "manual");
    let other: Value = app.get("/api/v1/trainings?customer_id=2").await.json().await.unwrap();
    assert!(other["items"].as_array().unwrap().is_empty());
    assert_eq!(app.get("/api/v1/trainings?cursor=nonsense").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
});

/// What a customer holds, as `kind:revision` with ` (newer R)` where superseded, sorted.
async fn held(app: &TestApp, customer: i64) -> Vec<String> {
    app.sign_in("service").await;
    let v: Value = app.get(&format!("/api/v1/customers/{customer}/documents")).await.json().await.unwrap();
    let mut out: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let newer = h["newer_revision"].as_str().map(|r| format!(" (newer {r})")).unwrap_or_default();
            format!("{}:{}{newer}", h["kind"].as_str().unwrap(), h["revision"].as_str().unwrap())
        })
        .collect();
    out.sort();
    out
}

both!(a_customer_holds_the_revisions_handed_over_and_sees_which_are_superseded, |app: TestApp| async move {
    let manual = new_document(&app, "manual", "使用说明书").await;
    let doc = add_revision(&app, manual, &revision("A", &in_days(0), PDF)).await;
    let manual_a = doc["current"]["id"].as_i64().unwrap();
    let sds = new_document(&app, "sds", "SDS").await;
    add_revision(&app, sds, &revision("1", &in_days(0), PDF)).await;
    supply(&app, 1, "pac-held-01").await;

    assert_eq!(held(&app, 1).await, vec!["manual:A", "sds:1"], "with the goods");

    // A new SDS revision: customer 1 holds a superseded one until it is sent.
    app.sign_in("quality").await;
    let doc = add_revision(&app, sds, &revision("2", &in_days(0), PDF)).await;
    let distribution = doc["distribution_id"].as_i64().unwrap();
    assert_eq!(held(&app, 1).await, vec!["manual:A", "sds:1 (newer 2)"]);
    let res = app
        .post(&format!("/api/v1/sds-distributions/{distribution}/recipients/1/sent"), &json!({"channel": "email"}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(held(&app, 1).await, vec!["manual:A", "sds:2"]);

    // Training material counts too; an older revision never replaces a newer one.
    assert!(held(&app, 2).await.is_empty());
    let body = json!({"customer_id": 2, "held_on": in_days(-1), "topic": "储存与使用", "trainer": "王工",
        "attendees": ["李明"], "materials": [manual_a]});
    assert_eq!(app.post("/api/v1/trainings", &body).await.status(), StatusCode::CREATED);
    assert_eq!(held(&app, 2).await, vec!["manual:A"]);

    assert_eq!(app.get("/api/v1/customers/999/documents").await.status(), StatusCode::NOT_FOUND);
    app.sign_in("driver").await;
    assert_eq!(app.get("/api/v1/customers/1/documents").await.status(), StatusCode::FORBIDDEN);
});
