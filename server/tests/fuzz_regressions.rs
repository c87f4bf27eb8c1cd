//! What the schemathesis run (end2end/fuzz, `make test-fuzz`) found: answers that API.md
//! allows but `openapi.json` did not declare (an error status of a hand-written operation, the
//! CSV and XLSX of `?format=`, the print page's HTML). Each case makes the request and checks
//! that the document declares the status and the content type it got.

#[macro_use]
mod support;

use reqwest::{Method, StatusCode};
use serde_json::Value;
use support::TestApp;

/// The request, and the operation of the document it belongs to.
struct Case {
    role: Option<&'static str>,
    method: Method,
    url: &'static str,
    template: &'static str,
}

/// The content types `doc` declares for `template`'s `method` answering `status` (the error
/// responses are references to `components/responses/Error`); `None` when the status is not
/// declared at all.
fn declared(doc: &Value, template: &str, method: &Method, status: StatusCode) -> Option<Vec<String>> {
    let op = &doc["paths"][template][method.as_str().to_lowercase()];
    assert!(op.is_object(), "{method} {template} is not in the document");
    let mut response = op["responses"].get(status.as_str())?.clone();
    if let Some(name) = response["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/responses/")) {
        response = doc["components"]["responses"][name].clone();
    }
    Some(response["content"].as_object().map(|c| c.keys().cloned().collect()).unwrap_or_default())
}

async fn check(app: &TestApp, case: Case, expected: StatusCode) {
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    if let Some(role) = case.role {
        app.sign_in(role).await;
    }
    let res = app.client.request(case.method.clone(), app.url(case.url)).send().await.unwrap();
    assert_eq!(res.status(), expected, "{} {}", case.method, case.url);
    let got = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let got = got.split(';').next().unwrap_or("").trim().to_string();
    let types = declared(&doc, case.template, &case.method, expected)
        .unwrap_or_else(|| panic!("{} {} may answer {expected}, the document does not say so", case.method, case.url));
    assert!(
        types.is_empty() || types.contains(&got),
        "{} {} answers {got}, the document declares {types:?}",
        case.method,
        case.url
    );
    if let Some(role) = case.role {
        assert_eq!(app.delete("/api/v1/session").await.status(), StatusCode::NO_CONTENT, "{role} signs out");
    }
}

fn case(role: Option<&'static str>, method: Method, url: &'static str, template: &'static str) -> Case {
    Case { role, method, url, template }
}

both!(a_list_refusing_its_query_declares_422, |app: TestApp| async move {
    check(
        &app,
        case(Some("sales"), Method::GET, "/api/v1/batches?limit=x", "/batches"),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    check(
        &app,
        case(Some("sales"), Method::GET, "/api/v1/dashboards/deliveries?days=x", "/dashboards/deliveries"),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
});

both!(a_list_refusing_the_role_declares_403, |app: TestApp| async move {
    check(&app, case(Some("sales"), Method::GET, "/api/v1/users", "/users"), StatusCode::FORBIDDEN).await;
    check(
        &app,
        case(Some("sales"), Method::GET, "/api/v1/sds-distributions", "/sds-distributions"),
        StatusCode::FORBIDDEN,
    )
    .await;
});

both!(the_print_page_declares_html_and_404, |app: TestApp| async move {
    check(
        &app,
        case(Some("sales"), Method::GET, "/api/v1/delivery-notes/0/print", "/delivery-notes/{id}/print"),
        StatusCode::NOT_FOUND,
    )
    .await;
});

both!(a_survey_answer_without_a_body_declares_400, |app: TestApp| async move {
    check(&app, case(None, Method::POST, "/api/v1/surveys/0", "/surveys/{token}"), StatusCode::BAD_REQUEST).await;
});

both!(exports_declare_their_csv_and_xlsx, |app: TestApp| async move {
    check(&app, case(Some("sales"), Method::GET, "/api/v1/inquiries?format=csv", "/inquiries"), StatusCode::OK).await;
    check(&app, case(Some("sales"), Method::GET, "/api/v1/inquiries?format=xlsx", "/inquiries"), StatusCode::OK).await;
    check(&app, case(Some("sales"), Method::GET, "/api/v1/liaison-forms?format=csv", "/liaison-forms"), StatusCode::OK)
        .await;
});
