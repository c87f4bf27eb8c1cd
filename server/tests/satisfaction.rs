//! Satisfaction API tests, on SQLite and (with TEST_POSTGRES_URL) PostgreSQL: single-use
//! links, scores 1–5, and the corrective action a declining dimension opens at close.

#[macro_use]
mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::TestApp;

fn scores(q: i64, d: i64, s: i64, p: i64) -> Value {
    json!({"quality": q, "delivery": d, "service": s, "price": p, "comment": "ok"})
}

async fn open(app: &TestApp, year: i64, half: i64) -> Value {
    app.sign_in("sales_manager").await;
    let res = app.post("/api/v1/survey-periods", &json!({"year": year, "half": half})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

fn tokens(period: &Value) -> Vec<String> {
    period["links"].as_array().unwrap().iter().map(|l| l["token"].as_str().unwrap().to_string()).collect()
}

both!(a_link_is_used_once_and_scores_are_one_to_five, |app: TestApp| async move {
    let p = open(&app, 2026, 1).await;
    let links = tokens(&p);
    assert_eq!(links.len(), 10, "one link per active customer");
    assert_eq!(
        app.post("/api/v1/survey-periods", &json!({"year": 2026, "half": 1})).await.status(),
        StatusCode::CONFLICT
    );
    // the customer has no account
    let anon = TestApp::client_for(&app).await;
    for (bad, field) in [(scores(0, 4, 4, 4), "quality"), (scores(4, 4, 4, 6), "price")] {
        let res = anon.post(&format!("/api/v1/surveys/{}", links[0]), &bad).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["field"], field);
    }
    assert_eq!(
        anon.post(&format!("/api/v1/surveys/{}", links[0]), &scores(5, 4, 4, 3)).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        anon.post(&format!("/api/v1/surveys/{}", links[0]), &scores(5, 4, 4, 3)).await.status(),
        StatusCode::CONFLICT
    );
    assert_eq!(anon.post("/api/v1/surveys/not-a-token", &scores(5, 4, 4, 3)).await.status(), StatusCode::NOT_FOUND);
    // the HTML page: a form, then a polite "already answered", unknown is 404
    let page = anon.get(&format!("/survey/{}", links[1])).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("name=\"quality\""));
    let used = anon.get(&format!("/survey/{}", links[0])).await;
    assert_eq!(used.status(), StatusCode::CONFLICT);
    assert!(used.text().await.unwrap().contains("already been answered"));
    assert_eq!(anon.get("/survey/nope").await.status(), StatusCode::NOT_FOUND);
    let period: Value = app.get(&format!("/api/v1/survey-periods/{}", p["id"])).await.json().await.unwrap();
    assert_eq!(period["response_rate"], 10.0);
    assert_eq!(period["averages"]["quality"], 5.0);
    assert!(app.audit_verify().0);
});

both!(closing_a_period_with_a_declining_dimension_opens_one_corrective_action, |app: TestApp| async move {
    let anon = TestApp::client_for(&app).await;
    let h2 = open(&app, 2025, 2).await;
    for t in tokens(&h2).iter().take(4) {
        assert_eq!(anon.post(&format!("/api/v1/surveys/{t}"), &scores(5, 5, 5, 5)).await.status(), StatusCode::CREATED);
    }
    app.sign_in("sales_manager").await;
    let closed: Value =
        app.post(&format!("/api/v1/survey-periods/{}/close", h2["id"]), &json!({})).await.json().await.unwrap();
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["corrective_actions"].as_array().unwrap().len(), 0);
    // a closed period takes no more answers
    let late = tokens(&h2)[5].clone();
    assert_eq!(anon.post(&format!("/api/v1/surveys/{late}"), &scores(5, 5, 5, 5)).await.status(), StatusCode::CONFLICT);
    // next half year: delivery drops from 5.0 to 4.25 — still above the 4.0 target, but declining
    let h1 = open(&app, 2026, 1).await;
    for (i, t) in tokens(&h1).iter().take(4).enumerate() {
        let d = if i == 0 { 2 } else { 5 };
        assert_eq!(anon.post(&format!("/api/v1/surveys/{t}"), &scores(5, d, 5, 5)).await.status(), StatusCode::CREATED);
    }
    let closed: Value =
        app.post(&format!("/api/v1/survey-periods/{}/close", h1["id"]), &json!({})).await.json().await.unwrap();
    assert_eq!(closed["previous"]["delivery"], 5.0);
    assert_eq!(closed["averages"]["delivery"], 4.25);
    let actions = closed["corrective_actions"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{closed}");
    assert_eq!(actions[0]["dimension"], "delivery");
    assert_eq!(actions[0]["declining"], true);
    assert_eq!(actions[0]["below_target"], false);
    assert_eq!(closed["low_scores"][0]["dimension"], "delivery");
    // closing twice changes nothing
    assert_eq!(
        app.post(&format!("/api/v1/survey-periods/{}/close", h1["id"]), &json!({})).await.status(),
        StatusCode::CONFLICT
    );
    // the sales department works the action to closure; closing needs all four steps
    let id = actions[0]["id"].as_i64().unwrap();
    let res = app
        .put(
            &format!("/api/v1/corrective-actions/{id}"),
            &json!({"cause_analysis": "Driver shortage in March", "close": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let done = json!({"cause_analysis": "Driver shortage in March", "measures": "Second carrier contracted",
        "verification": "On-time rate April–May 98 %", "result": "Effective", "close": true});
    let res = app.put(&format!("/api/v1/corrective-actions/{id}"), &done).await;
    assert_eq!(res.status(), StatusCode::OK);
    let a: Value = res.json().await.unwrap();
    assert_eq!(a["status"], "closed");
    assert_eq!(a["closed_by"], "sales_manager");
    // the dashboard: both periods in order, with targets
    let board: Value = app.get("/api/v1/dashboards/satisfaction").await.json().await.unwrap();
    let labels: Vec<&str> = board["periods"].as_array().unwrap().iter().map(|p| p["label"].as_str().unwrap()).collect();
    assert_eq!(labels, vec!["2025-H2", "2026-H1"]);
    assert_eq!(board["targets"]["delivery"], 4.0);
    app.sign_in("driver").await;
    assert_eq!(app.get("/api/v1/dashboards/satisfaction").await.status(), StatusCode::FORBIDDEN);
    assert!(app.audit_verify().0);
});
