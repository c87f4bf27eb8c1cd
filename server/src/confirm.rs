//! The customer's confirmation page `/confirm/{token}` (SPEC §5, service tickets): no account,
//! phone-sized, in the language of the browser (or `?lang=`). It shows the request and its
//! result and asks whether the customer is satisfied; a plain form post, no script. A used
//! link says so (409), an expired one 410, an unknown one 404; guessing is throttled with
//! survey links.

use crate::pages;
use crate::survey::guarded;
use app::backend::{tickets, AppState, ClientIp};
use app::domain::ticket::{ConfirmationInput, Ticket};
use app::error::AppError;
use app::i18n::{render, t, Locale};
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use maud::{html, Markup};
use std::collections::HashMap;

fn page(locale: Locale, status: StatusCode, body: Markup) -> Response {
    pages::link_page(locale, "confirm.title", status, body)
}

fn error_page(locale: Locale, err: &AppError) -> Response {
    pages::link_error(locale, "confirm.title", err)
}

fn form(locale: Locale, ticket: &Ticket, error: Option<&AppError>) -> Markup {
    html! {
        h1 { (t(locale, "confirm.title")) }
        p { (t(locale, "confirm.intro").replace("{customer}", &ticket.customer_name).replace("{number}", &ticket.number)) }
        dl.facts {
            div { dt { (t(locale, "ticket.kind")) } dd { (t(locale, &format!("ticket.kind.{}", ticket.kind.key()))) } }
            @if let Some(p) = &ticket.product_name {
                div { dt { (t(locale, "ticket.product")) } dd { (p) } }
            }
        }
        h2 { (t(locale, "ticket.description")) }
        p.text { (ticket.description) }
        h2 { (t(locale, "ticket.result")) }
        p.text { (ticket.result.as_deref().unwrap_or("—")) }
        @if let Some(e) = error {
            p.banner.bad role="alert" { (render(locale, &e.msg())) }
        }
        form method="post" {
            fieldset {
                legend { (t(locale, "confirm.question")) }
                div.scale {
                    label { input type="radio" name="satisfied" value="yes" required; span { (t(locale, "confirm.yes")) } }
                    label { input type="radio" name="satisfied" value="no"; span { (t(locale, "confirm.no")) } }
                }
            }
            fieldset {
                label for="comment" { strong { (t(locale, "confirm.comment")) } }
                textarea id="comment" name="comment" maxlength="2000" {}
            }
            button.big type="submit" { (t(locale, "confirm.submit")) }
        }
    }
}

/// `GET /confirm/{token}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    Extension(request_locale): Extension<Locale>,
    Path(token): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let locale = pages::locale_of(&q, request_locale);
    match guarded(&state, &ip.0, tickets::for_link(&state, &token)).await {
        Ok(ticket) => page(locale, StatusCode::OK, form(locale, &ticket, None)),
        Err(e) => error_page(locale, &e),
    }
}

/// `POST /confirm/{token}` (the form).
pub async fn submit(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    Extension(request_locale): Extension<Locale>,
    Path(token): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let locale = pages::locale_of(&q, request_locale);
    let satisfied = match f.get("satisfied").map(String::as_str) {
        Some("yes") => true,
        Some("no") => false,
        _ => {
            let e = AppError::validation("satisfied", "validation.required");
            return match guarded(&state, &ip.0, tickets::for_link(&state, &token)).await {
                Ok(ticket) => page(locale, StatusCode::UNPROCESSABLE_ENTITY, form(locale, &ticket, Some(&e))),
                Err(e) => error_page(locale, &e),
            };
        }
    };
    let input = ConfirmationInput { satisfied, comment: f.get("comment").cloned() };
    match guarded(&state, &ip.0, tickets::confirm_by_link(&state, &token, &input)).await {
        Ok(_) => {
            let thanks = if satisfied { "confirm.thanks" } else { "confirm.thanks_reopened" };
            page(
                locale,
                StatusCode::OK,
                html! {
                    h1 { (t(locale, "confirm.title")) }
                    p.banner.ok role="status" { (t(locale, thanks)) }
                },
            )
        }
        Err(e @ AppError::Validation { .. }) => match guarded(&state, &ip.0, tickets::for_link(&state, &token)).await {
            Ok(ticket) => page(locale, StatusCode::UNPROCESSABLE_ENTITY, form(locale, &ticket, Some(&e))),
            Err(e) => error_page(locale, &e),
        },
        Err(e) => error_page(locale, &e),
    }
}
