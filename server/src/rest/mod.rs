//! The JSON API under `/api/v1` (API.md). Handlers are thin: extract the caller and the
//! body, call the same service as the UI's server functions, and answer JSON. Errors become
//! the API error shape, translated into the caller's language by `render_errors`.

mod calendar;
mod complaints;
mod customers;
mod delivery_notes;
mod departments;
pub mod documents;
mod events;
pub mod files;
mod gate;
mod inquiries;
mod ledger;
mod liaison;
mod orders;
mod prices;
mod products;
mod satisfaction;
mod session;
mod tickets;
mod users;

use crate::middleware::error_response;
use app::backend::export::{Format, Sheet};
use app::backend::status::{self, MasterRecord};
use app::backend::{AppState, SessionUser};
use app::domain::customer::Customer;
use app::domain::fields::StatusChange;
use app::domain::product::Product;
use app::error::{AppError, Msg};
use app::i18n::Locale;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::de::DeserializeOwned;

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/session", axum::routing::post(session::sign_in).delete(session::sign_out))
        .route("/me", get(session::me))
        .route("/customers", get(customers::list).post(customers::create))
        .route("/customers/{id}", get(customers::get).put(customers::update))
        .route("/customers/{id}/documents", get(documents::of_customer))
        .route("/customers/{id}/deactivate", axum::routing::post(deactivate::<Customer>))
        .route("/customers/{id}/reactivate", axum::routing::post(reactivate::<Customer>))
        .route("/products", get(products::list).post(products::create))
        .route("/products/{id}", get(products::get).put(products::update))
        .route("/products/{id}/deactivate", axum::routing::post(deactivate::<Product>))
        .route("/products/{id}/reactivate", axum::routing::post(reactivate::<Product>))
        .route("/prices", get(prices::list).post(prices::create))
        .route("/prices/{id}", get(prices::get))
        .route("/calendar", get(calendar::get).put(calendar::put))
        .route("/users", get(users::list).post(users::create))
        .route("/users/{id}", get(users::get).put(users::update))
        .route("/orders", get(orders::list).post(orders::create))
        .route("/orders/{id}", get(orders::get).put(orders::update))
        .route("/orders/{id}/submit", axum::routing::post(orders::submit))
        .route("/orders/{id}/approve", axum::routing::post(orders::approve))
        .route("/orders/{id}/reject", axum::routing::post(orders::reject))
        .route("/orders/{id}/withdraw", axum::routing::post(orders::withdraw))
        .route("/orders/{id}/revise", axum::routing::post(orders::revise))
        .route("/orders/{id}/cancel", axum::routing::post(orders::cancel))
        .route("/orders/{id}/amendments", axum::routing::post(orders::amend))
        .route("/orders/{id}/delivery-date-changes", axum::routing::post(orders::change_date))
        .route("/amendments/{id}/approve", axum::routing::post(orders::approve_amendment))
        .route("/amendments/{id}/reject", axum::routing::post(orders::reject_amendment))
        .route("/price-exceptions/{id}/approve", axum::routing::post(orders::approve_price))
        .route("/price-exceptions/{id}/reject", axum::routing::post(orders::reject_price))
        .route("/readiness/check", axum::routing::post(orders::check_readiness))
        .route("/escalations", get(orders::escalations))
        .route("/ledger", get(ledger::get))
        .route("/batches", get(gate::list).post(gate::create))
        .route("/batches/{id}", get(gate::get))
        .route("/batches/{id}/inspections", axum::routing::post(gate::inspect))
        .route("/batches/{id}/accept", axum::routing::post(gate::accept))
        .route("/batches/{id}/stock-in", axum::routing::post(gate::stock_in))
        .route("/batches/{id}/nonconformity", axum::routing::post(gate::nonconformity))
        .route("/batches/{id}/trace", get(gate::trace))
        .route("/nonconformities", get(gate::nonconformities))
        .route("/nonconformities/{id}/close", axum::routing::post(gate::close_nonconformity))
        .route("/emergency-releases", get(gate::releases).post(gate::request_release))
        .route("/emergency-releases/{id}", get(gate::release))
        .route("/emergency-releases/{id}/approve", axum::routing::post(gate::approve_release))
        .route("/emergency-releases/{id}/reject", axum::routing::post(gate::reject_release))
        .route("/recalls", get(gate::recalls))
        .route("/recalls/{id}", get(gate::recall))
        .route("/recalls/{id}/returns", axum::routing::post(gate::recall_return))
        .route("/delivery-notes", get(delivery_notes::list).post(delivery_notes::create))
        .route("/delivery-notes/{id}", get(delivery_notes::get).put(delivery_notes::update))
        .route("/delivery-notes/{id}/approve", axum::routing::post(delivery_notes::approve))
        .route("/delivery-notes/{id}/cancel", axum::routing::post(delivery_notes::cancel))
        .route("/delivery-notes/{id}/assign", axum::routing::post(delivery_notes::assign))
        .route("/delivery-notes/{id}/load", axum::routing::post(delivery_notes::load))
        .route("/delivery-notes/{id}/receipt", axum::routing::post(delivery_notes::receipt))
        .route("/delivery-notes/{id}/print", get(crate::print::delivery_note))
        .route("/drivers", get(delivery_notes::drivers))
        .route("/dashboards/approvals", get(orders::approvals))
        .route("/dashboards/deliveries", get(delivery_notes::board))
        .route("/dashboards/satisfaction", get(satisfaction::dashboard))
        .route("/survey-periods", axum::routing::post(satisfaction::open))
        .route("/survey-periods/{id}", get(satisfaction::get))
        .route("/survey-periods/{id}/close", axum::routing::post(satisfaction::close))
        .route("/survey-periods/{id}/report.xlsx", get(satisfaction::report_xlsx))
        .route("/surveys/{token}", axum::routing::post(satisfaction::answer))
        .route("/corrective-actions", get(satisfaction::actions))
        .route("/corrective-actions/{id}", get(satisfaction::action).put(satisfaction::update_action))
        .route("/satisfaction-targets", axum::routing::put(satisfaction::set_targets))
        .route("/dashboards/performance", get(satisfaction::performance))
        .route("/sales-targets", axum::routing::put(satisfaction::set_sales_target))
        .route("/inquiries", get(inquiries::list).post(inquiries::create))
        .route("/inquiries/{id}", get(inquiries::get))
        .route("/inquiries/{id}/answer", axum::routing::post(inquiries::answer))
        .route("/complaints", get(complaints::list).post(complaints::create))
        .route("/complaints/{id}", get(complaints::get))
        .route("/complaints/{id}/containment", axum::routing::post(complaints::containment))
        .route("/complaints/{id}/root-cause", axum::routing::post(complaints::root_cause))
        .route("/complaints/{id}/action", axum::routing::post(complaints::action))
        .route("/complaints/{id}/verify", axum::routing::post(complaints::verify))
        .route("/complaints/{id}/close", axum::routing::post(complaints::close))
        .route("/complaints/{id}/nonconformity", axum::routing::post(complaints::nonconformity))
        .route("/complaints/{id}/recall", axum::routing::post(complaints::recall))
        .route("/departments", get(departments::list))
        .route("/departments/{department}", axum::routing::put(departments::assign))
        .route("/liaison-forms", get(liaison::list).post(liaison::create))
        .route("/liaison-forms/{id}", get(liaison::get))
        .route("/liaison-forms/{id}/{step}", axum::routing::post(liaison::step))
        .route("/dashboards/service", get(liaison::board))
        .route("/service-tickets", get(tickets::list).post(tickets::create))
        .route("/service-tickets/{id}", get(tickets::get))
        .route("/service-tickets/{id}/{step}", axum::routing::post(tickets::step))
        .route("/ticket-limits", get(tickets::get_limits).put(tickets::put_limits))
        .route("/confirmations/{token}", axum::routing::post(tickets::confirm_by_link))
        .route("/products/{id}/documents", get(documents::of_product).post(documents::create))
        .route("/documents/{id}", get(documents::get))
        .route(
            "/documents/{id}/revisions",
            axum::routing::post(documents::add_revision)
                .layer(axum::extract::DefaultBodyLimit::max(documents::REVISION_BODY_LIMIT)),
        )
        .route("/documents/{id}/revisions/{rev}/file", get(documents::file))
        .route("/sds-distributions", get(documents::distributions))
        .route("/sds-distributions/{id}", get(documents::distribution))
        .route(
            "/sds-distributions/{id}/recipients/{customer_id}/{step}",
            axum::routing::post(documents::recipient_step),
        )
        .route("/trainings", get(documents::trainings).post(documents::create_training))
        .route("/feedback-reports", get(documents::feedback_report).post(documents::issue_feedback_report))
        .route("/feedback-reports/{id}/acknowledge", axum::routing::post(documents::acknowledge_feedback_report))
        .route("/feedback-reports/{id}/report.xlsx", get(documents::feedback_workbook))
        .route("/sds-acknowledgements/{token}", axum::routing::post(crate::sds_link::acknowledge))
        .route("/events", get(events::stream))
        .route("/openapi.json", get(crate::openapi::document))
        .fallback(|| async { ApiErr(AppError::NotFound) })
        .layer(axum::middleware::from_fn(render_errors))
        .with_state(state)
}

/// `POST /{customers|products}/{id}/deactivate` `{reason, version}`: never a delete.
async fn deactivate<T: MasterRecord + 'static>(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: ApiJson<StatusChange>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &status::set_active::<T>(&state, &user, id(&raw)?, false, &body.value).await?))
}

/// `POST /{customers|products}/{id}/reactivate` `{reason, version}`.
async fn reactivate<T: MasterRecord + 'static>(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(raw): Path<String>,
    body: ApiJson<StatusChange>,
) -> ApiResult {
    Ok(json(StatusCode::OK, &status::set_active::<T>(&state, &user, id(&raw)?, true, &body.value).await?))
}

/// An error on its way out: carries the `AppError` until `render_errors` knows the language.
pub struct ApiErr(pub AppError);

impl From<AppError> for ApiErr {
    fn from(e: AppError) -> Self {
        ApiErr(e)
    }
}

impl IntoResponse for ApiErr {
    fn into_response(self) -> Response {
        let mut res =
            StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response();
        res.extensions_mut().insert(self.0);
        res
    }
}

pub type ApiResult = Result<Response, ApiErr>;

/// Renders every `ApiErr` (and axum's own rejections) in the API error shape.
pub async fn render_errors(req: Request, next: Next) -> Response {
    let locale = req.extensions().get::<Locale>().copied().unwrap_or_default();
    let res = next.run(req).await;
    if let Some(err) = res.extensions().get::<AppError>().cloned() {
        return error_response(err, locale);
    }
    match res.status() {
        StatusCode::METHOD_NOT_ALLOWED => error_response(AppError::BadRequest(Msg::new("error.bad_request")), locale)
            .tap_status(StatusCode::METHOD_NOT_ALLOWED),
        StatusCode::PAYLOAD_TOO_LARGE => error_response(AppError::TooLarge, locale),
        _ => res,
    }
}

trait TapStatus {
    fn tap_status(self, status: StatusCode) -> Self;
}

impl TapStatus for Response {
    fn tap_status(mut self, status: StatusCode) -> Self {
        *self.status_mut() = status;
        self
    }
}

/// The signed-in caller, or 401.
pub struct Caller(pub SessionUser);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiErr;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<SessionUser>().cloned().map(Caller).ok_or(ApiErr(AppError::Unauthenticated))
    }
}

/// A JSON body whose errors name the field: malformed JSON → 400, a missing or wrong-typed
/// field → 422 with `field`, too large → 413. The raw bytes are kept for idempotency.
pub struct ApiJson<T> {
    pub value: T,
    pub raw: Bytes,
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiErr;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let raw = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiErr(AppError::TooLarge)
            } else {
                ApiErr(AppError::BadRequest(Msg::new("error.bad_request")))
            }
        })?;
        parse_json(&raw).map(|value| ApiJson { value, raw })
    }
}

/// A JSON body that may be absent: an empty body reads as `T::default()`.
pub struct OptionalJson<T>(pub T);

impl<T: DeserializeOwned + Default, S: Send + Sync> FromRequest<S> for OptionalJson<T> {
    type Rejection = ApiErr;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let raw = Bytes::from_request(req, state)
            .await
            .map_err(|_| ApiErr(AppError::BadRequest(Msg::new("error.bad_request"))))?;
        if raw.iter().all(|b| b.is_ascii_whitespace()) {
            return Ok(OptionalJson(T::default()));
        }
        parse_json(&raw).map(OptionalJson)
    }
}

pub fn parse_json<T: DeserializeOwned>(raw: &[u8]) -> Result<T, ApiErr> {
    let de = &mut serde_json::Deserializer::from_slice(raw);
    serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                let text = inner.to_string();
                let missing =
                    text.strip_prefix("missing field `").and_then(|r| r.split('`').next()).map(str::to_string);
                let field = match (missing, path.as_str()) {
                    (Some(m), "." | "") => m,
                    (Some(m), p) => format!("{p}.{m}"),
                    (None, p) => p.trim_start_matches('.').to_string(),
                };
                let detail = text.split(" at line").next().unwrap_or("").to_string();
                ApiErr(AppError::Validation { field, msg: Msg::new("error.field_type").arg("detail", detail) })
            }
            _ => {
                let detail = inner.to_string();
                ApiErr(AppError::BadRequest(Msg::new("error.malformed_json").arg("detail", detail)))
            }
        }
    })
}

/// A record id from the path; anything that is not one is simply not found.
pub fn id(text: &str) -> Result<i64, ApiErr> {
    text.parse::<i64>().ok().filter(|i| *i > 0).ok_or(ApiErr(AppError::NotFound))
}

/// `?limit=` as API.md defines it (1–500), with a field-named error otherwise.
pub fn limit(q: &std::collections::HashMap<String, String>) -> Result<Option<i64>, ApiErr> {
    match q.get("limit") {
        None => Ok(None),
        Some(l) => l.parse::<i64>().map(Some).map_err(|_| ApiErr(AppError::validation("limit", "validation.limit"))),
    }
}

/// The query of a service desk list (API.md "After-sales").
pub fn desk_query(q: &std::collections::HashMap<String, String>) -> Result<app::domain::service::DeskQuery, ApiErr> {
    Ok(app::domain::service::DeskQuery {
        status: q.get("status").cloned(),
        customer_id: query_id(q, "customer_id")?,
        product_id: query_id(q, "product_id")?,
        batch_id: query_id(q, "batch_id")?,
        department: q.get("department").cloned(),
        from: q.get("from").cloned(),
        to: q.get("to").cloned(),
        cursor: q.get("cursor").cloned(),
        limit: limit(q)?,
    })
}

/// `?format=csv|xlsx` asks a register for a file; none (or `json`) for the JSON page.
pub fn export_format(q: &std::collections::HashMap<String, String>) -> Result<Option<Format>, ApiErr> {
    match q.get("format").map(String::as_str) {
        None | Some("") | Some("json") => Ok(None),
        Some(f) => {
            Format::parse(f).map(Some).ok_or_else(|| ApiErr(AppError::validation("format", "validation.format")))
        }
    }
}

/// A register as a download: `{stem}-{YYYYMMDD}.{csv|xlsx}`.
pub fn download(stem: &str, format: Format, sheet: &Sheet) -> ApiResult {
    use axum::http::{header, HeaderValue};
    let stamp = app::backend::db::today().format("%Y%m%d");
    let mut res = (StatusCode::OK, sheet.write(format)?).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{stem}-{stamp}.{}\"", format.extension())) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

/// An optional id in the query (`?customer_id=3`): empty is none, anything else not an id
/// is a field-named 422.
pub fn query_id(q: &std::collections::HashMap<String, String>, name: &str) -> Result<Option<i64>, ApiErr> {
    match q.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse::<i64>().map(Some).map_err(|_| ApiErr(AppError::validation(name, "validation.id"))),
    }
}

/// A JSON answer with a status.
pub fn json<T: serde::Serialize>(status: StatusCode, value: &T) -> Response {
    (status, axum::Json(value)).into_response()
}

/// Runs a create once per `Idempotency-Key`: a retry with the same key and body gets the
/// first answer; the same key with another body is refused.
pub async fn idempotent<T, F>(
    state: &AppState,
    user: &SessionUser,
    headers: &axum::http::HeaderMap,
    raw: &[u8],
    create: F,
) -> ApiResult
where
    T: serde::Serialize,
    F: std::future::Future<Output = Result<T, AppError>>,
{
    use app::backend::idempotency;
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::trim).filter(|k| !k.is_empty());
    let Some(key) = key else {
        return Ok(json(StatusCode::CREATED, &create.await?));
    };
    let hash = idempotency::request_hash(raw);
    let user_name = user.username();
    match idempotency::claim(&state.db, user_name, key, &hash).await? {
        idempotency::Claim::Replay(first) => {
            let status = StatusCode::from_u16(first.status as u16).unwrap_or(StatusCode::OK);
            let mut res = (status, first.response).into_response();
            res.headers_mut()
                .insert(axum::http::header::CONTENT_TYPE, axum::http::HeaderValue::from_static("application/json"));
            return Ok(res);
        }
        idempotency::Claim::Mismatch => return Err(ApiErr(AppError::Conflict(Msg::new("error.idempotency_mismatch")))),
        idempotency::Claim::InProgress => {
            return Err(ApiErr(AppError::Conflict(Msg::new("error.idempotency_running"))))
        }
        idempotency::Claim::Fresh => {}
    }
    let value = match create.await {
        Ok(v) => v,
        Err(e) => {
            idempotency::release(&state.db, user_name, key).await?;
            return Err(ApiErr(e));
        }
    };
    let body = serde_json::to_string(&value).map_err(|_| ApiErr(AppError::Internal))?;
    idempotency::complete(&state.db, user_name, key, 201, &body).await?;
    let mut res = (StatusCode::CREATED, body).into_response();
    res.headers_mut()
        .insert(axum::http::header::CONTENT_TYPE, axum::http::HeaderValue::from_static("application/json"));
    Ok(res)
}
