//! The driver's phone pages: today's assigned notes and the receipt of one note. Rendered
//! here as small HTML with one plain script (`/driver.js`) and a service worker (`/sw.js`),
//! not as the WebAssembly app: they must open fast on a phone at the customer's gate and keep
//! working without signal. A driver sees only the notes assigned to them (others are 404).

use crate::pages;
use crate::rest::{id, ApiErr};
use app::backend::{delivery_notes, AppState, SessionUser};
use app::domain::delivery::{DeliveryNote, NoteStatus};
use app::domain::{can, Action};
use app::error::AppError;
use app::i18n::{render, t, Locale};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use maud::{html, Markup, DOCTYPE};

fn texts(locale: Locale) -> Markup {
    let keys = [
        "need_name",
        "need_signature",
        "bad_quantity",
        "need_exception",
        "queued_send_first",
        "still_queued",
        "signin_to_send",
        "locating",
        "located",
        "no_location",
    ];
    let map: serde_json::Map<String, serde_json::Value> =
        keys.iter().map(|k| (k.to_string(), serde_json::Value::String(t(locale, &format!("driver.js.{k}"))))).collect();
    pages::json_block(&serde_json::Value::Object(map))
}

fn page(locale: Locale, user: &SessionUser, status: StatusCode, title: &str, body: Markup) -> Response {
    let other = locale.other();
    let mut res = pages::respond(
        status,
        html! {
            (DOCTYPE)
            html lang=(locale.tag()) {
                (pages::head(title, Some(&t(locale, "nav.driver.about"))))
                body.phone data-driver=(user.username()) {
                    header {
                        nav aria-label=(t(locale, "nav.label")) { a.home href="/driver" { (t(locale, "nav.driver")) } }
                        a href={ "/lang/" (other.tag()) "?return=/driver" } lang=(other.tag()) { (other.native_name()) }
                        button id="sign-out" type="button" { (t(locale, "auth.sign_out")) }
                    }
                    main {
                        p.muted { (user.me.display_name) }
                        div id="offline" class="banner warn" role="status" hidden { (t(locale, "driver.offline")) }
                        div id="queue" class="banner warn" role="status" hidden {
                            strong { (t(locale, "driver.queued")) " " span id="queue-count" { "0" } }
                            ul id="queue-list" {}
                            button id="queue-retry" class="plain" type="button" { (t(locale, "driver.send_now")) }
                        }
                        (body)
                    }
                    script type="application/json" id="driver-text" { (texts(locale)) }
                    script src="/driver.js" defer {}
                }
            }
        },
    );
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

fn back(locale: Locale) -> Markup {
    html! { a.big href="/driver" { (t(locale, "driver.back")) } }
}

fn emergency_mark(locale: Locale) -> Markup {
    html! { " " span.mark { (t(locale, "batch.emergency_mark")) } }
}

fn error_page(locale: Locale, user: &SessionUser, err: &AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = html! {
        div.banner.bad role="alert" { (render(locale, &err.msg())) }
        (back(locale))
    };
    page(locale, user, status, &t(locale, "nav.driver"), body)
}

fn status_text(locale: Locale, status: NoteStatus) -> String {
    t(locale, &format!("note.status.{}", status.key()))
}

/// `GET /driver`: today's (and still open) notes assigned to me.
pub async fn home(
    State(state): State<AppState>,
    Extension(user): Extension<SessionUser>,
    Extension(locale): Extension<Locale>,
) -> Response {
    let notes = match delivery_notes::for_driver(&state, &user).await {
        Ok(n) => n,
        Err(e) => return error_page(locale, &user, &e),
    };
    let body = html! {
        h1 { (t(locale, "driver.today")) }
        @if notes.is_empty() {
            div.banner.ok role="status" {
                p { (t(locale, "driver.none")) }
                p.muted { (t(locale, "driver.none_hint")) }
            }
        }
        @for n in &notes {
            a.card data-note-link href={ "/driver/notes/" (n.id) } {
                b { (n.number) }
                @if n.emergency { (emergency_mark(locale)) }
                br; (n.customer_name)
                br; span.muted { (n.customer_address) }
                br; (n.delivery_date) " · " (status_text(locale, n.status))
                br; span.muted {
                    @for (i, l) in n.lines.iter().enumerate() {
                        @if i > 0 { " · " }
                        (l.product_name) " " (l.quantity) " " (l.unit)
                        @if l.hazardous { " " span.mark { (t(locale, "product.hazardous")) } }
                    }
                }
            }
        }
        a.big href="/driver" { (t(locale, "driver.refresh")) }
    };
    page(locale, &user, StatusCode::OK, &t(locale, "driver.today"), body)
}

/// `GET /driver/notes/{id}`: the note, and the customer's receipt form while it is loaded.
pub async fn note(
    State(state): State<AppState>,
    Extension(user): Extension<SessionUser>,
    Extension(locale): Extension<Locale>,
    Path(raw): Path<String>,
) -> Response {
    let found = match id(&raw) {
        Ok(id) => delivery_notes::get(&state, &user, id).await,
        Err(ApiErr(e)) => Err(e),
    };
    match found {
        // desk roles may open the page too (the QR code on the print), but only the
        // assigned driver may record the receipt
        Ok(n) => page(locale, &user, StatusCode::OK, &n.number, note_body(locale, &user, &n)),
        Err(e) => error_page(locale, &user, &e),
    }
}

fn note_body(locale: Locale, user: &SessionUser, n: &DeliveryNote) -> Markup {
    let mine = n.driver_username.as_deref() == Some(user.username());
    html! {
        h1 { (t(locale, "note.title")) " " (n.number) }
        p {
            strong { (n.customer_name) }
            br; (n.customer_address)
            br; (n.delivery_date) " · " (status_text(locale, n.status))
        }
        @if n.emergency {
            div.banner.bad role="note" {
                span.mark { (t(locale, "batch.emergency_mark")) }
                // what the release rests on (approval, consent) is for those who may read the
                // release through the API; a driver is told only that the goods are released so
                @if can(&user.me.roles, Action::ReadBatches) { " " (t(locale, "note.emergency_about")) }
            }
        }
        @if let Some(r) = &n.receipt {
            div.banner.ok role="status" {
                (t(locale, "driver.received_by")) ": " (r.receiver_name) " · " (r.received_at_device)
                @if r.flagged { " · " (t(locale, "driver.flagged")) }
            }
            @if let Some(src) = pages::image_src(&r.signature) {
                img.sig alt=(t(locale, "driver.signature")) src=(src);
            }
            @for l in &n.lines {
                div.line {
                    p { b { (l.product_name) } " · " (l.batch_no.as_deref().unwrap_or("")) }
                    p {
                        (t(locale, "note.received")) ": " (l.received_quantity.unwrap_or(0.0)) " / " (l.quantity) " " (l.unit)
                        @if let Some(x) = &l.exception_note { " · " (x) }
                    }
                }
            }
            (pages::note_documents(locale, &n.documents))
            (back(locale))
        } @else if n.status != NoteStatus::Loaded || !mine {
            @for l in &n.lines {
                div.line {
                    p { b { (l.product_name) } " · " (l.quantity) " " (l.unit) " · " (l.batch_no.as_deref().unwrap_or("")) }
                }
            }
            div.banner.warn role="status" {
                (if mine { t(locale, "driver.not_loaded") } else { t(locale, "driver.not_yours") })
            }
            (back(locale))
        } @else {
            (pages::note_documents(locale, &n.documents))
            (receipt_form(locale, n))
        }
    }
}

fn receipt_form(locale: Locale, n: &DeliveryNote) -> Markup {
    html! {
        div id="queued-here" class="banner warn" role="status" hidden { (t(locale, "driver.queued_here")) }
        div id="sent" class="banner ok" role="status" hidden { (t(locale, "driver.sent")) }
        form id="receipt" data-note=(n.id) data-number=(n.number) novalidate {
            h2 { (t(locale, "driver.receipt")) }
            @for (i, l) in n.lines.iter().enumerate() {
                div.line data-line=(l.id) data-loaded=(l.quantity) {
                    p {
                        b { (l.product_name) }
                        @if l.hazardous { " (" (t(locale, "product.hazardous")) ")" }
                        " · " (l.batch_no.as_deref().unwrap_or(""))
                        @if l.emergency_release_id.is_some() { (emergency_mark(locale)) }
                    }
                    p.muted { (t(locale, "driver.loaded")) ": " (l.quantity) " " (l.unit) }
                    label for={ "received-" (i) } { (t(locale, "note.received")) " (" (l.unit) ")" }
                    input id={ "received-" (i) } name="received" inputmode="decimal" value=(l.quantity);
                    label for={ "note-" (i) } { (t(locale, "driver.exception")) }
                    input id={ "note-" (i) } name="note" type="text" placeholder=(t(locale, "driver.exception_hint"));
                }
            }
            label for="receiver_name" { (t(locale, "driver.receiver_name")) }
            input id="receiver_name" name="receiver_name" type="text" autocomplete="name" required;
            label for="signature" { (t(locale, "driver.signature")) }
            canvas id="signature" role="img" aria-label=(t(locale, "driver.signature_hint")) {}
            button id="clear-signature" class="plain" type="button" { (t(locale, "driver.clear_signature")) }
            label for="photo" { (t(locale, "driver.photo")) }
            input id="photo" name="photo" type="file" accept="image/*" capture="environment";
            button id="locate" class="plain" type="button" { (t(locale, "driver.add_location")) }
            p id="form-error" class="error" role="alert" {}
            button.big type="submit" { (t(locale, "driver.confirm_receipt")) }
        }
        (back(locale))
    }
}

pub async fn script() -> Response {
    static_file(include_str!("../static/driver.js"), "text/javascript; charset=utf-8")
}

pub async fn service_worker() -> Response {
    let mut res = static_file(include_str!("../static/sw.js"), "text/javascript; charset=utf-8");
    res.headers_mut().insert("service-worker-allowed", HeaderValue::from_static("/driver"));
    res
}

fn static_file(body: &'static str, content_type: &'static str) -> Response {
    let mut res = body.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}
