//! Customers' single-use links (survey, service confirmation, SDS acknowledgement), on SQLite
//! and (with TEST_POSTGRES_URL) PostgreSQL: only the role that sends a link reads its token
//! (API, server functions, pages); the database and the audit keep only its SHA-256; a link
//! expires (410); plain tokens of an older database are hashed at start-up; a burst of guessed
//! links is throttled before the lookups run.

#[macro_use]
mod support;

use leptos::server_fn::codec::PostcardEncoding;
use leptos::server_fn::{Encodes, ServerFn};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use support::flow::*;
use support::TestApp;

fn sha256(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn scores() -> Value {
    json!({"quality": 5, "delivery": 4, "service": 4, "price": 3})
}

/// Opens a survey period as the sales manager; returns (period id, tokens).
async fn open_period(app: &TestApp, year: i64, half: i64) -> (i64, Vec<String>) {
    app.sign_in("sales_manager").await;
    let res = app.post("/api/v1/survey-periods", &json!({"year": year, "half": half})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let p: Value = res.json().await.unwrap();
    let tokens = p["links"].as_array().unwrap().iter().map(|l| l["token"].as_str().unwrap().to_string()).collect();
    (p["id"].as_i64().unwrap(), tokens)
}

/// A server function's raw answer, called the way the desk app calls it.
async fn call<F: ServerFn>(app: &TestApp, args: &F) -> (StatusCode, Vec<u8>)
where
    PostcardEncoding: Encodes<F>,
{
    let body = <PostcardEncoding as Encodes<F>>::encode(args).map_err(|_| "encode").unwrap().to_vec();
    let res = app.post_bytes(F::PATH, "application/x-postcard", body).await;
    (res.status(), res.bytes().await.unwrap().to_vec())
}

fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

both!(survey_tokens_reach_only_the_sales_manager, |app: TestApp| async move {
    let (id, tokens) = open_period(&app, 2030, 1).await;
    assert_eq!(tokens.len(), 10);
    let get_period = app::api::satisfaction::GetPeriod { id };
    // the sales manager, who sends the links, reads them again (API and the page's data)
    let again: Value = app.get(&format!("/api/v1/survey-periods/{id}")).await.json().await.unwrap();
    assert_eq!(again["links"][0]["token"], tokens[0].as_str());
    let (status, data) = call(&app, &get_period).await;
    assert_eq!(status, StatusCode::OK);
    assert!(holds(&data, &tokens[0]));
    // and the token works for the customer
    let customer = TestApp::client_for(&app).await;
    assert_eq!(customer.get(&format!("/survey/{}", tokens[0])).await.status(), StatusCode::OK);
    assert_eq!(customer.post(&format!("/api/v1/surveys/{}", tokens[1]), &scores()).await.status(), StatusCode::CREATED);
    // everyone else who reads satisfaction gets the links without tokens
    for who in ["sales", "deputy_gm", "executive", "quality"] {
        app.sign_in(who).await;
        let p: Value = app.get(&format!("/api/v1/survey-periods/{id}")).await.json().await.unwrap();
        let links = p["links"].as_array().unwrap();
        assert_eq!(links.len(), 10, "{who}");
        for l in links {
            assert!(l.as_object().unwrap().contains_key("token") && l["token"].is_null(), "{who}: {l}");
        }
        assert_eq!(links[1]["answered"], true);
        let (status, data) = call(&app, &get_period).await;
        assert_eq!(status, StatusCode::OK, "{who}");
        let page = app.get(&format!("/satisfaction/periods/{id}")).await.text().await.unwrap();
        for t in &tokens {
            assert!(!holds(&data, t), "{who}: a token in the server function's answer");
            assert!(!page.contains(t.as_str()), "{who}: a token in the page");
        }
    }
    // the audit keeps each token's hash, never the token
    let audit = app
        .query_strings(&format!(
            "SELECT after_json AS s FROM audit_log WHERE entity = 'survey_period' AND entity_id = {id}"
        ))
        .await;
    assert!(!audit.is_empty());
    for t in &tokens {
        assert!(audit.iter().all(|a| !a.contains(t.as_str())), "a token in the audit");
    }
    assert!(audit[0].contains(&sha256(&tokens[0])), "the open entry names the token's hash");
    assert!(app.audit_verify().0);
});

both!(stored_links_hold_no_plain_token_and_old_ones_are_hashed_at_start_up, |app: TestApp| async move {
    let (id, tokens) = open_period(&app, 2030, 2).await;
    for t in &tokens {
        let n = app
            .query_strings(&format!(
                "SELECT CAST(COUNT(*) AS TEXT) AS s FROM survey_link WHERE token = '{t}' OR token_hash = '{t}' OR token_salt = '{t}'"
            ))
            .await;
        assert_eq!(n, ["0"], "a plain token in survey_link");
        let h = sha256(t);
        let n = app
            .query_strings(&format!("SELECT CAST(COUNT(*) AS TEXT) AS s FROM survey_link WHERE token_hash = '{h}'"))
            .await;
        assert_eq!(n, ["1"]);
    }
    // a database from before hashed links: a plain token in the old column
    let legacy = "legacyPlainToken0123456789";
    app.execute(&format!(
        "UPDATE survey_link SET token = '{legacy}', token_hash = NULL, token_salt = NULL, expires_at = NULL \
         WHERE period_id = {id} AND customer_id = (SELECT MIN(customer_id) FROM survey_link WHERE period_id = {id})"
    ))
    .await;
    // the next start hashes it once: the customer's link still works, the token is gone
    let restarted = support::spawn_on(&app.database_url).await;
    assert_eq!(restarted.get(&format!("/survey/{legacy}")).await.status(), StatusCode::OK);
    let left =
        app.query_strings(&format!("SELECT token AS s FROM survey_link WHERE token_hash = '{}'", sha256(legacy))).await;
    assert_eq!(left, [sha256(legacy)], "the plain column keeps the hash, not the token");
    // staff cannot be shown a token that was never derived
    restarted.sign_in("sales_manager").await;
    let p: Value = restarted.get(&format!("/api/v1/survey-periods/{id}")).await.json().await.unwrap();
    assert!(p["links"][0]["token"].is_null());
    assert_eq!(p["links"][1]["token"], tokens[1].as_str());
});

both!(an_expired_link_answers_410_with_a_friendly_page, |app: TestApp| async move {
    let (_, tokens) = open_period(&app, 2030, 1).await;
    let customer = TestApp::client_for(&app).await;
    app.execute(&format!("UPDATE survey_link SET expires_at = 1 WHERE token_hash = '{}'", sha256(&tokens[0]))).await;
    let page = customer.get(&format!("/survey/{}", tokens[0])).await;
    assert_eq!(page.status(), StatusCode::GONE);
    assert!(page.text().await.unwrap().contains("This link has expired"));
    let res = customer.post(&format!("/api/v1/surveys/{}", tokens[0]), &scores()).await;
    assert_eq!(res.status(), StatusCode::GONE);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "gone");
    assert_eq!(customer.get(&format!("/survey/{}", tokens[1])).await.status(), StatusCode::OK, "others still work");

    // a confirmation link lasts the set days (30 unless the setting says otherwise)
    app.sign_in("service").await;
    let ticket = |d: &str| json!({"customer_id": 1, "kind": "guidance", "urgency": "normal", "description": d});
    let t: Value = app.post("/api/v1/service-tickets", &ticket("Dosage")).await.json().await.unwrap();
    let r: Value = app
        .post(&format!("/api/v1/service-tickets/{}/resolve", t["id"]), &json!({"version": 1, "result": "Explained"}))
        .await
        .json()
        .await
        .unwrap();
    let link = r["confirmation_link"].as_str().unwrap().to_string();
    let days = |id: &Value| {
        let app = app.pool().clone();
        let id = id.as_i64().unwrap();
        async move {
            let row: (i64,) = sqlx::query_as(&format!(
                "SELECT confirm_expires_at - resolved_at AS d FROM service_ticket WHERE id = {id}"
            ))
            .fetch_one(&app)
            .await
            .unwrap();
            (row.0 as f64 / 86_400_000.0).round() as i64
        }
    };
    assert_eq!(days(&t["id"]).await, 30);
    app.execute(&format!("UPDATE service_ticket SET confirm_expires_at = 1 WHERE id = {}", t["id"])).await;
    let page = customer.get(&link).await;
    assert_eq!(page.status(), StatusCode::GONE);
    assert!(page.text().await.unwrap().contains("This link has expired"));
    let token = link.trim_start_matches("/confirm/");
    let res = customer.post(&format!("/api/v1/confirmations/{token}"), &json!({"satisfied": true})).await;
    assert_eq!(res.status(), StatusCode::GONE);
    let staff: Value = app.get(&format!("/api/v1/service-tickets/{}", t["id"])).await.json().await.unwrap();
    assert!(staff["confirmation_link"].is_null(), "an expired link is not offered to send");
    // the setting
    app.execute(
        "INSERT INTO setting (key, body, version, updated_by, updated_at) VALUES ('link_expiry', '{\"days\": 7}', 1, 'admin', 0)",
    )
    .await;
    let t2: Value = app.post("/api/v1/service-tickets", &ticket("Storage")).await.json().await.unwrap();
    let res = app
        .post(&format!("/api/v1/service-tickets/{}/resolve", t2["id"]), &json!({"version": 1, "result": "Dry"}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(days(&t2["id"]).await, 7);
});

both!(the_confirmation_link_is_only_for_the_service_desk_and_the_engineer, |app: TestApp| async move {
    app.sign_in("service").await;
    let body =
        json!({"customer_id": 1, "kind": "repair", "urgency": "normal", "description": "Pump", "engineer": "quality"});
    let t: Value = app.post("/api/v1/service-tickets", &body).await.json().await.unwrap();
    let id = t["id"].as_i64().unwrap();
    let r: Value = app
        .post(&format!("/api/v1/service-tickets/{id}/resolve"), &json!({"version": 1, "result": "Seal replaced"}))
        .await
        .json()
        .await
        .unwrap();
    let link = r["confirmation_link"].as_str().expect("the service desk sends it").to_string();
    let token = link.trim_start_matches("/confirm/").to_string();
    // the ticket's own engineer sees it too
    app.sign_in("quality").await;
    let mine: Value = app.get(&format!("/api/v1/service-tickets/{id}")).await.json().await.unwrap();
    assert_eq!(mine["confirmation_link"], link.as_str());
    // other readers of the service desk do not
    for who in ["sales", "sales_manager", "executive", "deputy_gm"] {
        app.sign_in(who).await;
        let one: Value = app.get(&format!("/api/v1/service-tickets/{id}")).await.json().await.unwrap();
        assert!(one.as_object().unwrap().contains_key("confirmation_link"), "{who}");
        assert!(one["confirmation_link"].is_null(), "{who}: {one}");
        let list = app.get("/api/v1/service-tickets").await.text().await.unwrap();
        assert!(!list.contains(&token), "{who}: the token in the list");
    }
    // stored and audited as a hash only
    let n = app
        .query_strings(&format!(
            "SELECT CAST(COUNT(*) AS TEXT) AS s FROM service_ticket WHERE confirm_token = '{token}' \
             OR confirm_token_hash = '{token}' OR confirm_token_salt = '{token}'"
        ))
        .await;
    assert_eq!(n, ["0"]);
    let audit = app
        .query_strings(&format!(
            "SELECT after_json AS s FROM audit_log WHERE entity = 'service_ticket' AND entity_id = {id}"
        ))
        .await;
    assert!(audit.iter().all(|a| !a.contains(&token)), "a token in the audit");
    assert!(audit.iter().any(|a| a.contains(&sha256(&token))), "the resolve entry names the hash");
    // and the customer's link works
    let customer = TestApp::client_for(&app).await;
    let res = customer.post(&format!("/api/v1/confirmations/{token}"), &json!({"satisfied": true})).await;
    assert_eq!(res.status(), StatusCode::OK);
});

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

both!(sds_acknowledgement_links_are_only_for_the_service_desk, |app: TestApp| async move {
    use base64::Engine;
    let (order, line) = approved_order(&app, 1, 5, 10.0).await;
    let batch = new_batch(&app, 5, "pac-links-01", 20.0).await;
    inspect(&app, batch, &pac_results(true, true)).await;
    assert_eq!(stock_in(&app, batch).await.status(), StatusCode::OK);
    let res = note(&app, order, line, Some(batch), 10.0).await;
    let note_id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    deliver(&app, note_id, 10.0).await;
    app.sign_in("quality").await;
    let res = app.post("/api/v1/products/5/documents", &json!({"kind": "sds", "title": "SDS PAC"})).await;
    let doc = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let body = json!({"revision": "2.0", "issued_on": in_days(0), "changes": "Section 8",
        "file_name": "sds.pdf", "content_base64": base64::engine::general_purpose::STANDARD.encode(PDF)});
    let res = app.post(&format!("/api/v1/documents/{doc}/revisions"), &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["distribution_id"].as_i64().unwrap();
    // quality works the distribution, without the customers' links
    let d: Value = app.get(&format!("/api/v1/sds-distributions/{id}")).await.json().await.unwrap();
    assert!(d["recipients"][0]["link"].is_null(), "{d}");
    // the service desk sends them
    app.sign_in("service").await;
    let d: Value = app.get(&format!("/api/v1/sds-distributions/{id}")).await.json().await.unwrap();
    let link = d["recipients"][0]["link"].as_str().unwrap().to_string();
    let token = link.trim_start_matches("/sds/").to_string();
    let n = app
        .query_strings(&format!(
            "SELECT CAST(COUNT(*) AS TEXT) AS s FROM sds_recipient WHERE token = '{token}' OR token_salt = '{token}'"
        ))
        .await;
    assert_eq!(n, ["0"]);
    let audit = app
        .query_strings(&format!(
            "SELECT after_json AS s FROM audit_log WHERE entity = 'sds_distribution' AND entity_id = {id}"
        ))
        .await;
    assert!(audit.iter().all(|a| !a.contains(&token)));
    assert!(audit[0].contains(&sha256(&token)));
    let customer = TestApp::client_for(&app).await;
    assert_eq!(customer.get(&link).await.status(), StatusCode::OK);
    app.execute(&format!("UPDATE sds_recipient SET expires_at = 1 WHERE token_hash = '{}'", sha256(&token))).await;
    assert_eq!(customer.get(&link).await.status(), StatusCode::GONE);
    let res = customer.post(&format!("/api/v1/sds-acknowledgements/{token}"), &json!({})).await;
    assert_eq!(res.status(), StatusCode::GONE);
});

both!(a_burst_of_guessed_links_is_throttled_before_the_lookups, |app: TestApp| async move {
    let guesser = TestApp::client_for(&app).await;
    let paths: Vec<String> = (0..30)
        .map(|n| match n % 3 {
            0 => format!("/survey/madeUpToken{n}"),
            1 => format!("/confirm/madeUpToken{n}"),
            _ => format!("/sds/madeUpToken{n}"),
        })
        .collect();
    let answers = futures::future::join_all(paths.iter().map(|p| guesser.client.get(guesser.url(p)).send())).await;
    let statuses: Vec<StatusCode> = answers.into_iter().map(|r| r.unwrap().status()).collect();
    let limited = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    let looked_up = statuses.iter().filter(|s| **s == StatusCode::NOT_FOUND).count();
    assert_eq!(limited + looked_up, 30, "{statuses:?}");
    assert!(looked_up <= 20 && limited >= 10, "{looked_up} lookups, {limited} × 429");
});

both!(a_made_up_token_with_invalid_answers_is_a_counted_guess, |app: TestApp| async move {
    // the token is looked up (and counted) before the answers are checked: no free lookups
    let guesser = TestApp::client_for(&app).await;
    let bad = json!({"quality": 9, "delivery": 0, "service": 4, "price": 4});
    for n in 0..20 {
        let res = guesser.post(&format!("/api/v1/surveys/madeUpToken{n}"), &bad).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "guess {n}");
    }
    let res = guesser.post("/api/v1/surveys/madeUpTokenX", &bad).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let form =
        guesser.client.post(guesser.url("/confirm/madeUpTokenY")).form(&[("comment", "x")]).send().await.unwrap();
    assert_eq!(form.status(), StatusCode::TOO_MANY_REQUESTS, "the form's validation path is throttled too");
});
