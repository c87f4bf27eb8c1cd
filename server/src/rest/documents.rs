//! `/api/v1/products/{id}/documents`, `/api/v1/documents/…` and `/api/v1/sds-distributions`
//! (API.md "After-sales"): controlled documents with their revisions and files, and the
//! distribution of each new SDS revision.

use super::{id, idempotent, json, limit, query_id, ApiErr, ApiJson, ApiResult, Caller, OptionalJson};
use app::backend::sds::Step;
use app::backend::{documents, sds, AppState};
use app::domain::document::{DocumentInput, HandoverInput, RevisionInput};
use app::error::AppError;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

/// The largest revision upload: the file's limit base64-encoded, with room for the fields.
pub const REVISION_BODY_LIMIT: usize = app::domain::document::MAX_FILE_BYTES / 3 * 4 + 64 * 1024;

pub async fn of_product(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &documents::of_product(&state, &user, id(&raw)?).await?))
}

/// `GET /api/v1/customers/{id}/documents`: the revisions the customer holds.
pub async fn of_customer(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &documents::held_by(&state, &user, id(&raw)?).await?))
}

pub async fn create(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: ApiJson<DocumentInput>,
) -> ApiResult {
    let product = id(&raw)?;
    idempotent(&state, &user, &headers, &body.raw, documents::create(&state, &user, product, &body.value)).await
}

pub async fn get(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &documents::get(&state, &user, id(&raw)?).await?))
}

/// `POST /api/v1/documents/{id}/revisions`: answers the document, 201.
pub async fn add_revision(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: ApiJson<RevisionInput>,
) -> ApiResult {
    let document = id(&raw)?;
    idempotent(&state, &user, &headers, &body.raw, documents::add_revision(&state, &user, document, &body.value)).await
}

/// A stored file as a download that opens in the browser, named as it was uploaded.
pub fn file_response(content_type: String, file_name: &str, bytes: Vec<u8>) -> Response {
    let mut res = ([(header::CONTENT_TYPE, content_type)], bytes).into_response();
    let ascii: String =
        file_name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    res
}

/// `GET /api/v1/documents/{id}/revisions/{rev}/file`.
pub async fn file(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path((raw, label)): Path<(String, String)>,
) -> ApiResult {
    let (content_type, name, bytes) = documents::file(&state, &user, id(&raw)?, &label).await?;
    Ok(file_response(content_type, &name, bytes))
}

/// `GET /api/v1/sds-distributions?status=open|complete&product_id=&cursor=&limit=`.
pub async fn distributions(
    State(state): State<AppState>,
    Caller(user): Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let page = sds::list(
        &state,
        &user,
        q.get("status").map(String::as_str),
        query_id(&q, "product_id")?,
        q.get("cursor").map(String::as_str),
        limit(&q)?,
    )
    .await?;
    Ok(json(StatusCode::OK, &page))
}

pub async fn distribution(State(state): State<AppState>, Caller(user): Caller, Path(raw): Path<String>) -> ApiResult {
    Ok(json(StatusCode::OK, &sds::get(&state, &user, id(&raw)?).await?))
}

/// `POST /api/v1/sds-distributions/{id}/recipients/{customer_id}/{sent|acknowledged}` `{channel}`.
pub async fn recipient_step(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path((raw, customer, step)): Path<(String, String, String)>,
    body: OptionalJson<HandoverInput>,
) -> ApiResult {
    let step = Step::parse(&step).ok_or(ApiErr(AppError::NotFound))?;
    let d = sds::record_step(&state, &user, id(&raw)?, id(&customer)?, step, &body.0).await?;
    Ok(json(StatusCode::OK, &d))
}

/// `GET /api/v1/trainings?customer_id=&cursor=&limit=`.
pub async fn trainings(
    State(state): State<AppState>,
    Caller(user): Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let page = app::backend::trainings::list(
        &state,
        &user,
        query_id(&q, "customer_id")?,
        q.get("cursor").map(String::as_str),
        limit(&q)?,
    )
    .await?;
    Ok(json(StatusCode::OK, &page))
}

/// `POST /api/v1/trainings`.
pub async fn create_training(
    State(state): State<AppState>,
    Caller(user): Caller,
    headers: HeaderMap,
    body: ApiJson<app::domain::training::TrainingInput>,
) -> ApiResult {
    idempotent(&state, &user, &headers, &body.raw, app::backend::trainings::create(&state, &user, &body.value)).await
}

/// `GET /api/v1/feedback-reports?year=&quarter=`: both or neither (the current quarter).
pub async fn feedback_report(
    State(state): State<AppState>,
    Caller(user): Caller,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let number = |name: &str| -> Result<Option<i64>, ApiErr> {
        match q.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => v.parse::<i64>().map(Some).map_err(|_| ApiErr(AppError::validation(name, "validation.number"))),
        }
    };
    let quarter = match (number("year")?, number("quarter")?) {
        (Some(y), Some(q)) => Some(app::domain::feedback::Quarter::new(
            i32::try_from(y).map_err(|_| ApiErr(AppError::validation("year", "validation.number")))?,
            u32::try_from(q).map_err(|_| ApiErr(AppError::validation("quarter", "validation.number")))?,
        )?),
        (None, None) => None,
        (None, Some(_)) => return Err(ApiErr(AppError::validation("year", "validation.required"))),
        (Some(_), None) => return Err(ApiErr(AppError::validation("quarter", "validation.required"))),
    };
    Ok(json(StatusCode::OK, &app::backend::feedback::get(&state, &user, quarter).await?))
}

/// `POST /api/v1/feedback-reports` `{year, quarter}`.
pub async fn issue_feedback_report(
    State(state): State<AppState>,
    Caller(user): Caller,
    body: ApiJson<app::domain::feedback::IssueInput>,
) -> ApiResult {
    Ok(json(StatusCode::CREATED, &app::backend::feedback::issue(&state, &user, &body.value).await?))
}

/// `POST /api/v1/feedback-reports/{id}/acknowledge`.
pub async fn acknowledge_feedback_report(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &app::backend::feedback::acknowledge(&state, &user, id(&raw)?).await?))
}

/// `GET /api/v1/feedback-reports/{id}/report.xlsx`.
pub async fn feedback_workbook(
    State(state): State<AppState>,
    Caller(user): Caller,
    axum::Extension(locale): axum::Extension<app::i18n::Locale>,
    Path(raw): Path<String>,
) -> ApiResult {
    let id = id(&raw)?;
    let bytes = app::backend::feedback::workbook(&state, &user, id, locale).await?;
    let mut res = (StatusCode::OK, bytes).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"feedback-report-{id}.xlsx\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}
