//! The customer's SDS acknowledgement page `/sds/{token}` (SPEC §5, documents): no account,
//! phone-sized, in the language of the browser (or `?lang=`). It shows the new revision, lets
//! the customer open its file, and records the acknowledgement with a plain form post, no
//! script. A used link says so (409), an unknown one 404; guessing is throttled with the
//! survey and confirmation links. `POST /api/v1/sds-acknowledgements/{token}` does the same
//! for a client of the API.

use crate::pages;
use crate::rest::{json, ApiErr, ApiResult};
use crate::survey::guarded;
use app::backend::{documents, sds, AppState, ClientIp};
use app::domain::document::{Distribution, Recipient};
use app::error::AppError;
use app::i18n::{t, Locale};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use maud::{html, Markup};
use std::collections::HashMap;

fn page(locale: Locale, status: StatusCode, body: Markup) -> Response {
    pages::link_page(locale, "sds.ack.title", status, body)
}

fn error_page(locale: Locale, err: &AppError) -> Response {
    pages::link_error(locale, "sds.ack.title", err)
}

fn form(locale: Locale, token: &str, d: &Distribution, r: &Recipient) -> Markup {
    let intro = t(locale, "sds.ack.intro")
        .replace("{customer}", &r.customer_name)
        .replace("{product}", &d.product_name)
        .replace("{revision}", &d.revision)
        .replace("{issued_on}", &d.issued_on);
    html! {
        h1 { (t(locale, "sds.ack.title")) }
        p { (intro) }
        p { a.big href={ "/sds/" (token) "/file" } { (t(locale, "sds.ack.download")) } }
        form method="post" {
            button.big type="submit" { (t(locale, "sds.ack.confirm")) }
        }
    }
}

/// `GET /sds/{token}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    Extension(request_locale): Extension<Locale>,
    Path(token): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let locale = pages::locale_of(&q, request_locale);
    match guarded(&state, &ip.0, sds::for_link(&state, &token)).await {
        Ok((d, r)) => page(locale, StatusCode::OK, form(locale, &token, &d, &r)),
        Err(e) => error_page(locale, &e),
    }
}

/// `GET /sds/{token}/file`: the new revision's file, while the link is unused.
pub async fn file(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    Path(token): Path<String>,
) -> Result<Response, ApiErr> {
    let (d, _) = guarded(&state, &ip.0, sds::for_link(&state, &token)).await?;
    let (content_type, name, bytes) = documents::revision_file(&state, d.document_id, &d.revision).await?;
    Ok(crate::rest::documents::file_response(content_type, &name, bytes))
}

/// `POST /sds/{token}` (the form).
pub async fn submit(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    Extension(request_locale): Extension<Locale>,
    Path(token): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let locale = pages::locale_of(&q, request_locale);
    match guarded(&state, &ip.0, sds::acknowledge_by_link(&state, &token)).await {
        Ok(_) => page(
            locale,
            StatusCode::OK,
            html! {
                h1 { (t(locale, "sds.ack.title")) }
                p.banner.ok role="status" { (t(locale, "sds.ack.thanks")) }
            },
        ),
        Err(e) => error_page(locale, &e),
    }
}

/// `POST /api/v1/sds-acknowledgements/{token}`: the customer's own row, acknowledged.
pub async fn acknowledge(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    Path(token): Path<String>,
) -> ApiResult {
    let r = guarded(&state, &ip.0, sds::acknowledge_by_link(&state, &token)).await?;
    Ok(json(StatusCode::OK, &r))
}
