//! `GET /api/v1/ledger`: the product sales ledger as JSON pages, or `?format=csv|xlsx`.

use super::{limit, ApiErr, ApiResult, Caller};
use app::backend::{ledger, AppState};
use app::domain::ledger::LedgerFilter;
use app::error::AppError;
use app::i18n::Locale;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::Extension;
use std::collections::HashMap;

pub async fn get(
    State(state): State<AppState>,
    Caller(user): Caller,
    Extension(locale): Extension<Locale>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let filter = LedgerFilter {
        from: q.get("from").cloned().filter(|s| !s.is_empty()),
        to: q.get("to").cloned().filter(|s| !s.is_empty()),
        customer_id: match q.get("customer_id").filter(|s| !s.is_empty()) {
            Some(c) => Some(c.parse().map_err(|_| ApiErr(AppError::validation("customer_id", "validation.id")))?),
            None => None,
        },
        sales_rep: q.get("sales_rep").cloned().filter(|s| !s.is_empty()),
    };
    let stamp = app::backend::db::today().format("%Y%m%d");
    let file = |ext: &str, content_type: &'static str, body: Vec<u8>| {
        let mut res = (StatusCode::OK, body).into_response();
        res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"sales-ledger-{stamp}.{ext}\"")) {
            res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
        }
        res
    };
    match q.get("format").map(String::as_str) {
        None | Some("json") => Ok(super::json(
            StatusCode::OK,
            &ledger::list(&state, &user, &filter, q.get("cursor").map(String::as_str), limit(&q)?).await?,
        )),
        Some("csv") => {
            Ok(file("csv", "text/csv; charset=utf-8", ledger::export_csv(&state, &user, &filter, locale).await?))
        }
        Some("xlsx") => Ok(file(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ledger::export_xlsx(&state, &user, &filter, locale).await?,
        )),
        Some(_) => Err(ApiErr(AppError::validation("format", "validation.format"))),
    }
}
