//! The customer's survey page `/survey/{token}`: no account, phone-friendly, in the language
//! of the browser (or `?lang=`). Plain HTML and a form post, no script. A used link shows a
//! polite "already answered" (409), an expired one 410, an unknown one 404. Rate limited per
//! address.

use crate::pages;
use app::backend::throttle::LINK_GUESS;
use app::backend::{satisfaction, AppState, ClientIp};
use app::domain::satisfaction::{Dimension, ScoresInput};
use app::error::AppError;
use app::i18n::{render, t, Locale};
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use maud::{html, Markup};
use std::collections::HashMap;

/// Runs `f`, which looks a link's token up, behind the link throttle (survey, confirmation
/// and SDS links alike): after 20 unknown tokens from one address in ten minutes every link
/// request from it gets 429 until the window passes (counted in the database, so every server
/// process sees the same count). The attempt is counted *before* the lookup, in one step with
/// the check, so a burst of parallel guesses cannot all pass the check before any is
/// recorded; it is taken back when the token was one of ours (anything but 404).
pub async fn guarded<T>(
    state: &AppState,
    ip: &str,
    f: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let attempt = LINK_GUESS.attempt(&state.db, ip).await?;
    let out = f.await;
    if !matches!(out, Err(AppError::NotFound)) {
        if let Err(e) = attempt.forgive(&state.db).await {
            tracing::warn!("link attempt not forgiven: {e}");
        }
    }
    out
}

fn page(locale: Locale, status: StatusCode, body: Markup) -> Response {
    pages::link_page(locale, "survey.title", status, body)
}

fn error_page(locale: Locale, err: &AppError) -> Response {
    pages::link_error(locale, "survey.title", err)
}

fn form(locale: Locale, customer: &str, period: &str, error: Option<&AppError>) -> Markup {
    html! {
        h1 { (t(locale, "survey.title")) }
        p { (t(locale, "survey.intro").replace("{customer}", customer).replace("{period}", period)) }
        @if let Some(e) = error {
            p.banner.bad role="alert" { (render(locale, &e.msg())) }
        }
        form method="post" {
            @for d in Dimension::ALL {
                @let label = t(locale, &format!("survey.dim.{}", d.key()));
                fieldset {
                    legend { (label) }
                    div.scale {
                        @for v in 1..=5 {
                            label {
                                input type="radio" name=(d.key()) value=(v) required aria-label={ (label) " " (v) };
                                span { (v) }
                            }
                        }
                    }
                    div.ends { span { (t(locale, "survey.low")) } span { (t(locale, "survey.high")) } }
                }
            }
            fieldset {
                label for="comment" { strong { (t(locale, "survey.comment")) } }
                textarea id="comment" name="comment" maxlength="2000" {}
            }
            button.big type="submit" { (t(locale, "survey.submit")) }
        }
    }
}

/// `GET /survey/{token}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    Extension(request_locale): Extension<Locale>,
    Path(token): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let locale = pages::locale_of(&q, request_locale);
    match guarded(&state, &ip.0, satisfaction::survey_for(&state, &token)).await {
        Err(e) => error_page(locale, &e),
        Ok((_, _, true, _)) => error_page(locale, &AppError::conflict("survey.rule.answered")),
        Ok((_, _, _, false)) => error_page(locale, &AppError::conflict("survey.rule.closed")),
        Ok((customer, period, false, true)) => {
            page(locale, StatusCode::OK, form(locale, &customer, &period.label(), None))
        }
    }
}

/// `POST /survey/{token}` (the form).
pub async fn submit(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    Extension(request_locale): Extension<Locale>,
    Path(token): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let locale = pages::locale_of(&q, request_locale);
    let n = |k: &str| f.get(k).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let input = ScoresInput {
        quality: n("quality"),
        delivery: n("delivery"),
        service: n("service"),
        price: n("price"),
        comment: f.get("comment").cloned(),
    };
    match guarded(&state, &ip.0, satisfaction::answer(&state, &token, &input)).await {
        Ok(()) => page(
            locale,
            StatusCode::OK,
            html! {
                h1 { (t(locale, "survey.title")) }
                p.banner.ok role="status" { (t(locale, "survey.thanks")) }
            },
        ),
        Err(e @ AppError::Validation { .. }) => {
            match guarded(&state, &ip.0, satisfaction::survey_for(&state, &token)).await {
                Ok((customer, period, _, _)) => {
                    page(locale, StatusCode::UNPROCESSABLE_ENTITY, form(locale, &customer, &period.label(), Some(&e)))
                }
                Err(e) => error_page(locale, &e),
            }
        }
        Err(e) => error_page(locale, &e),
    }
}
