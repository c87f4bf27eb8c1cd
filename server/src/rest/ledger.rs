//! `GET /api/v1/ledger`: the product sales ledger as JSON pages, or `?format=csv|xlsx`.

use super::{download, export_format, limit, ApiErr, ApiResult, Caller};
use app::backend::{ledger, AppState};
use app::domain::ledger::LedgerFilter;
use app::error::AppError;
use app::i18n::Locale;
use axum::extract::{Query, State};
use axum::http::StatusCode;
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
    match export_format(&q)? {
        None => Ok(super::json(
            StatusCode::OK,
            &ledger::list(&state, &user, &filter, q.get("cursor").map(String::as_str), limit(&q)?).await?,
        )),
        Some(format) => download("sales-ledger", format, &ledger::export(&state, &user, &filter, locale).await?),
    }
}
