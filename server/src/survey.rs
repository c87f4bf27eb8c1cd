//! The customer's survey page `/survey/{token}`: no account, phone-friendly, in the language
//! of the browser (or `?lang=`). Plain HTML and a form post, no script. A used link shows a
//! polite "already answered" (409), an unknown one 404. Rate limited per address.

use crate::print::esc;
use app::backend::throttle::LINK_GUESS;
use app::backend::{satisfaction, AppState, ClientIp};
use app::domain::satisfaction::{Dimension, ScoresInput};
use app::error::AppError;
use app::i18n::{render, t, Locale};
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Extension;
use std::collections::HashMap;

/// Guessing links is throttled: after 20 unknown tokens from one address in ten minutes,
/// every link request from it gets 429 until the window passes (counted in the database, so
/// every server process sees the same count).
pub async fn throttle(state: &AppState, ip: &str) -> Result<(), AppError> {
    LINK_GUESS.check(&state.db, ip).await
}

/// Records an unknown token from this address.
pub async fn miss(state: &AppState, ip: &str) {
    if let Err(e) = LINK_GUESS.record(&state.db, ip).await {
        tracing::warn!("link throttle not recorded: {e}");
    }
}

const STYLE: &str = "*{box-sizing:border-box}body{margin:0;font:17px/1.5 system-ui,-apple-system,'Noto Sans CJK SC','PingFang SC',sans-serif;color:#14213d;background:#f5f6f8}\
main{max-width:560px;margin:0 auto;padding:16px}h1{font-size:22px}fieldset{border:0;background:#fff;border-radius:12px;margin:0 0 12px;padding:12px}\
legend{font-weight:700;padding:0}.scale{display:flex;gap:6px;margin-top:8px}.scale label{flex:1;text-align:center}\
.scale input{position:absolute;opacity:0}.scale span{display:block;min-height:48px;line-height:48px;border:2px solid #8a99b8;border-radius:10px;background:#fff;font-weight:700}\
.scale input:checked+span{background:#1d4ed8;color:#fff;border-color:#1d4ed8}.scale input:focus-visible+span{outline:3px solid #f59e0b}\
.ends{display:flex;justify-content:space-between;color:#4a5568;font-size:14px}textarea{width:100%;min-height:96px;font:inherit;padding:8px;border:1px solid #8a99b8;border-radius:8px}\
button{width:100%;min-height:52px;font:inherit;font-weight:700;border:0;border-radius:10px;background:#1d4ed8;color:#fff}\
.banner{border-radius:10px;padding:14px;background:#e6f6ec;border:1px solid #2f855a}.bad{background:#fde8e8;border-color:#b00020}a{color:#1d4ed8}";

fn page(locale: Locale, status: StatusCode, body: &str) -> Response {
    let other = locale.other();
    let html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body><main><p style=\"text-align:right\"><a href=\"?lang={}\" lang=\"{}\">{}</a></p>{body}</main></body></html>",
        locale.tag(),
        t(locale, "survey.title"),
        other.tag(),
        other.tag(),
        other.native_name()
    );
    (status, Html(html)).into_response()
}

fn locale_of(q: &HashMap<String, String>, request: Locale) -> Locale {
    q.get("lang").and_then(|l| Locale::parse(l)).unwrap_or(request)
}

fn error_page(locale: Locale, err: &AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let class = if status == StatusCode::CONFLICT { "banner" } else { "banner bad" };
    page(
        locale,
        status,
        &format!(
            "<h1>{}</h1><p class=\"{class}\" role=\"status\">{}</p>",
            t(locale, "survey.title"),
            esc(&render(locale, &err.msg()))
        ),
    )
}

fn form(locale: Locale, customer: &str, period: &str, error: Option<&AppError>) -> String {
    let mut b = format!(
        "<h1>{}</h1><p>{}</p>",
        t(locale, "survey.title"),
        esc(&t(locale, "survey.intro").replace("{customer}", customer).replace("{period}", period))
    );
    if let Some(e) = error {
        b.push_str(&format!("<p class=\"banner bad\" role=\"alert\">{}</p>", esc(&render(locale, &e.msg()))));
    }
    b.push_str("<form method=\"post\">");
    for d in Dimension::ALL {
        b.push_str(&format!(
            "<fieldset><legend>{}</legend><div class=\"scale\">",
            t(locale, &format!("survey.dim.{}", d.key()))
        ));
        for v in 1..=5 {
            b.push_str(&format!(
                "<label><input type=\"radio\" name=\"{k}\" value=\"{v}\" required aria-label=\"{label} {v}\"><span>{v}</span></label>",
                k = d.key(),
                label = t(locale, &format!("survey.dim.{}", d.key()))
            ));
        }
        b.push_str(&format!(
            "</div><div class=\"ends\"><span>{}</span><span>{}</span></div></fieldset>",
            t(locale, "survey.low"),
            t(locale, "survey.high")
        ));
    }
    b.push_str(&format!(
        "<fieldset><label for=\"comment\"><strong>{}</strong></label><textarea id=\"comment\" name=\"comment\" maxlength=\"2000\"></textarea></fieldset>\
         <button type=\"submit\">{}</button></form>",
        t(locale, "survey.comment"),
        t(locale, "survey.submit")
    ));
    b
}

/// `GET /survey/{token}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(ip): Extension<ClientIp>,
    Extension(request_locale): Extension<Locale>,
    Path(token): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let locale = locale_of(&q, request_locale);
    if let Err(e) = throttle(&state, &ip.0).await {
        return error_page(locale, &e);
    }
    match satisfaction::survey_for(&state, &token).await {
        Err(e) => {
            if e == AppError::NotFound {
                miss(&state, &ip.0).await;
            }
            error_page(locale, &e)
        }
        Ok((_, _, true, _)) => error_page(locale, &AppError::conflict("survey.rule.answered")),
        Ok((_, _, _, false)) => error_page(locale, &AppError::conflict("survey.rule.closed")),
        Ok((customer, period, false, true)) => {
            page(locale, StatusCode::OK, &form(locale, &customer, &period.label(), None))
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
    let locale = locale_of(&q, request_locale);
    if let Err(e) = throttle(&state, &ip.0).await {
        return error_page(locale, &e);
    }
    let n = |k: &str| f.get(k).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let input = ScoresInput {
        quality: n("quality"),
        delivery: n("delivery"),
        service: n("service"),
        price: n("price"),
        comment: f.get("comment").cloned(),
    };
    match satisfaction::answer(&state, &token, &input).await {
        Ok(()) => page(
            locale,
            StatusCode::OK,
            &format!(
                "<h1>{}</h1><p class=\"banner\" role=\"status\">{}</p>",
                t(locale, "survey.title"),
                t(locale, "survey.thanks")
            ),
        ),
        Err(e @ AppError::Validation { .. }) => match satisfaction::survey_for(&state, &token).await {
            Ok((customer, period, _, _)) => {
                page(locale, StatusCode::UNPROCESSABLE_ENTITY, &form(locale, &customer, &period.label(), Some(&e)))
            }
            Err(e) => error_page(locale, &e),
        },
        Err(e) => {
            if e == AppError::NotFound {
                miss(&state, &ip.0).await;
            }
            error_page(locale, &e)
        }
    }
}
