//! Whose is it: another rep may not cancel, amend or move the date of a rep's order (the rep
//! and the sales manager may), on the API and through the desk app's server functions; a
//! driver's phone page tells no more of an emergency release than the API lets a driver read;
//! signing out on a (shared) phone tells the browser to forget what it keeps.

#[macro_use]
mod support;

use leptos::server_fn::codec::PostcardEncoding;
use leptos::server_fn::{Encodes, ServerFn};
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::flow::{approved_order, in_days, inspect, new_batch, note, pac_results, release_body};
use support::TestApp;

fn date_change(days: i64) -> Value {
    json!({"new_date": in_days(days), "reason": "customer's site closed", "agreed_by": "王工", "agreed_at": in_days(0)})
}

/// Calls a server function the way the desk app does (postcard in, postcard out).
async fn call<F: ServerFn>(app: &TestApp, args: &F) -> StatusCode
where
    PostcardEncoding: Encodes<F>,
{
    let body = <PostcardEncoding as Encodes<F>>::encode(args).map_err(|_| "encode").unwrap().to_vec();
    app.post_bytes(F::PATH, "application/x-postcard", body).await.status()
}

both!(another_rep_may_not_cancel_amend_or_move_the_date_of_an_order_through_the_api, |app: TestApp| async move {
    let (id, _) = approved_order(&app, 1, 5, 10.0).await;
    let amend = json!({"reason": "customer wants more", "lines": [{"product_id": 5, "quantity": 12}]});
    app.sign_in("sales2").await;
    let res = app.post(&format!("/api/v1/orders/{id}/cancel"), &json!({"reason": "not mine"})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "{}", res.text().await.unwrap());
    assert_eq!(app.post(&format!("/api/v1/orders/{id}/amendments"), &amend).await.status(), StatusCode::FORBIDDEN);
    let res = app.post(&format!("/api/v1/orders/{id}/delivery-date-changes"), &date_change(9)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let o: Value = app.get(&format!("/api/v1/orders/{id}")).await.json().await.unwrap();
    assert_eq!(o["status"], "approved", "unchanged: {o}");
    assert_eq!(o["requested_delivery_date"], in_days(5));
    assert!(o["amendments"].as_array().unwrap().is_empty());
    // another rep's draft is not theirs to edit or submit either
    app.sign_in("sales").await;
    let draft: Value = app
        .post(
            "/api/v1/orders",
            &json!({"customer_id": 1, "requested_delivery_date": in_days(6), "lines": [{"product_id": 5, "quantity": 3}]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let draft_id = draft["id"].as_i64().unwrap();
    app.sign_in("sales2").await;
    let edit = json!({"customer_id": 1, "requested_delivery_date": in_days(7), "lines": [{"product_id": 5, "quantity": 4}], "version": draft["version"]});
    assert_eq!(app.put(&format!("/api/v1/orders/{draft_id}"), &edit).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.post(&format!("/api/v1/orders/{draft_id}/submit"), &json!({})).await.status(),
        StatusCode::FORBIDDEN
    );
    // the order's own rep amends it; the sales manager moves its date and cancels it
    app.sign_in("sales").await;
    let res = app.post(&format!("/api/v1/orders/{id}/amendments"), &amend).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    app.sign_in("sales_manager").await;
    let res = app.post(&format!("/api/v1/orders/{id}/delivery-date-changes"), &date_change(9)).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    // the sales manager decides amendments and does not ask for them
    let again = json!({"reason": "x", "requested_delivery_date": in_days(11)});
    assert_eq!(app.post(&format!("/api/v1/orders/{id}/amendments"), &again).await.status(), StatusCode::FORBIDDEN);
    let res = app.post(&format!("/api/v1/orders/{id}/cancel"), &json!({"reason": "customer withdrew"})).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let o: Value = res.json().await.unwrap();
    assert_eq!(o["status"], "cancelled");
    assert_eq!(o["requested_delivery_date"], in_days(9));
    // and the rep may still cancel their own
    app.sign_in("sales").await;
    let res = app.post(&format!("/api/v1/orders/{draft_id}/cancel"), &json!({"reason": "duplicate"})).await;
    assert_eq!(res.status(), StatusCode::OK);
});

both!(another_rep_may_not_change_an_order_through_the_server_functions, |app: TestApp| async move {
    use app::api::orders::{ChangeDeliveryDate, OrderStep, RequestAmendment};
    use app::domain::order::{AmendmentInput, DateChangeInput};
    let (id, _) = approved_order(&app, 1, 5, 10.0).await;
    let cancel = OrderStep { id, step: "cancel".into(), reason: Some("not mine".into()), version: None };
    let amend = RequestAmendment {
        order_id: id,
        input: AmendmentInput { lines: None, requested_delivery_date: Some(in_days(8)), reason: "later".into() },
    };
    let date = |days| ChangeDeliveryDate {
        order_id: id,
        input: DateChangeInput {
            new_date: in_days(days),
            reason: "site closed".into(),
            agreed_by: "王工".into(),
            agreed_at: in_days(0),
        },
    };
    app.sign_in("sales2").await;
    assert_eq!(call(&app, &cancel).await, StatusCode::FORBIDDEN);
    assert_eq!(call(&app, &amend).await, StatusCode::FORBIDDEN);
    assert_eq!(call(&app, &date(9)).await, StatusCode::FORBIDDEN);
    let o: Value = app.get(&format!("/api/v1/orders/{id}")).await.json().await.unwrap();
    assert_eq!((o["status"].as_str(), o["requested_delivery_date"].as_str()), (Some("approved"), Some(&*in_days(5))));
    app.sign_in("sales").await;
    assert_eq!(call(&app, &amend).await, StatusCode::OK);
    app.sign_in("sales_manager").await;
    assert_eq!(call(&app, &date(10)).await, StatusCode::OK);
    assert_eq!(call(&app, &cancel).await, StatusCode::OK);
    let o: Value = app.get(&format!("/api/v1/orders/{id}")).await.json().await.unwrap();
    assert_eq!((o["status"].as_str(), o["requested_delivery_date"].as_str()), (Some("cancelled"), Some(&*in_days(10))));
});

both!(a_drivers_page_tells_no_more_of_an_emergency_release_than_the_api, |app: TestApp| async move {
    use app::i18n::{t, Locale};
    let (order, line) = approved_order(&app, 1, 5, 8.0).await;
    let batch = new_batch(&app, 5, "PAC-ER-OWN", 20.0).await;
    inspect(&app, batch, &pac_results(true, false)).await;
    let n: Value = note(&app, order, line, None, 8.0).await.json().await.unwrap();
    let note_id = n["id"].as_i64().unwrap();
    app.sign_in("sales").await;
    let er: Value = app.post("/api/v1/emergency-releases", &release_body(note_id, batch)).await.json().await.unwrap();
    app.sign_in("deputy_gm").await;
    let res = app.post(&format!("/api/v1/emergency-releases/{}/approve", er["id"]), &json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    app.sign_in("sales_manager").await;
    assert_eq!(app.post(&format!("/api/v1/delivery-notes/{note_id}/approve"), &json!({})).await.status(), 200);
    app.sign_in("logistics").await;
    let assign = json!({"driver_username": "driver", "vehicle": "浙A·12345"});
    assert_eq!(app.post(&format!("/api/v1/delivery-notes/{note_id}/assign"), &assign).await.status(), 200);
    // what the API lets the driver read: the note is emergency-released, the release itself not
    app.sign_in("driver").await;
    let api: Value = app.get(&format!("/api/v1/delivery-notes/{note_id}")).await.json().await.unwrap();
    assert_eq!(api["emergency"], true);
    let res = app.get(&format!("/api/v1/emergency-releases/{}", er["id"])).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let about = [t(Locale::En, "note.emergency_about"), t(Locale::Zh, "note.emergency_about")];
    let withheld = ["Interim Al2O3", "王工 (plant manager)", "RS-0001", "Customer's line stops", "phone, confirmed"];
    for lang in ["en", "zh-CN"] {
        let page = app
            .client
            .get(app.url(&format!("/driver/notes/{note_id}")))
            .header("accept-language", lang)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains(&t(Locale::En, "batch.emergency_mark"))
                || page.contains(&t(Locale::Zh, "batch.emergency_mark"))
        );
        for text in about.iter().map(String::as_str).chain(withheld) {
            assert!(!page.contains(text), "the driver's page ({lang}) tells {text:?}");
        }
    }
    // a desk role that may read the release is told what it rests on
    app.sign_in("logistics").await;
    let page = app.get(&format!("/driver/notes/{note_id}")).await.text().await.unwrap();
    assert!(about.iter().any(|a| page.contains(a.as_str())), "{page}");
});

both!(signing_out_tells_the_phone_to_forget_the_drivers_pages_and_queue, |app: TestApp| async move {
    app.sign_in("driver").await;
    let page = app.get("/driver").await.text().await.unwrap();
    assert!(page.contains(r#"data-driver="driver""#), "the page names its driver for the phone's queue");
    let res = app.delete("/api/v1/session").await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let clear = res.headers().get("clear-site-data").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert!(clear.contains(r#""cache""#) && clear.contains(r#""storage""#), "Clear-Site-Data: {clear:?}");
    assert_eq!(app.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
    // the script forgets the driver's receipts and cached pages itself, too (browsers that
    // ignore the header), and asks before an unsent receipt goes
    let script = app.get("/driver.js").await.text().await.unwrap();
    assert!(script.contains("caches.delete") && script.contains("T.still_queued"));
});
