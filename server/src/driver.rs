//! The driver's phone pages: today's assigned notes and the receipt of one note. Rendered
//! here as small HTML with one plain script (`/driver.js`) and a service worker (`/sw.js`),
//! not as the WebAssembly app: they must open fast on a phone at the customer's gate and keep
//! working without signal. A driver sees only the notes assigned to them (others are 404).

use crate::print::esc;
use crate::rest::{id, ApiErr};
use app::backend::{delivery_notes, AppState, SessionUser};
use app::domain::delivery::{DeliveryNote, NoteStatus};
use app::error::AppError;
use app::i18n::{render, t, Locale};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use axum::Extension;

const STYLE: &str = "*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,'Noto Sans CJK SC','PingFang SC',sans-serif;color:#14213d;background:#f5f6f8}\
header{display:flex;align-items:center;gap:8px;padding:8px 12px;background:#14213d;color:#fff}header nav{flex:1}header a.home{border:0;font-weight:700;font-size:17px;padding:0}\
header a,header button{color:#fff;background:none;border:1px solid #8a99b8;border-radius:8px;min-height:44px;min-width:44px;padding:0 12px;font:inherit;display:inline-flex;align-items:center;text-decoration:none}\
main{padding:12px;max-width:640px;margin:0 auto}h1{font-size:22px;margin:8px 0 12px}h2{font-size:18px;margin:16px 0 8px}\
.card{display:block;background:#fff;border-radius:12px;padding:14px;margin:0 0 12px;color:inherit;text-decoration:none;box-shadow:0 1px 3px rgba(0,0,0,.12);min-height:44px}\
.card b{font-size:18px}.muted{color:#4a5568}.mark{display:inline-block;background:#b00020;color:#fff;border-radius:6px;padding:2px 8px;font-weight:700}\
.banner{border-radius:10px;padding:12px;margin:0 0 12px}.warn{background:#fff4d6;border:1px solid #d69e2e}.ok{background:#e6f6ec;border:1px solid #2f855a}.bad{background:#fde8e8;border:1px solid #b00020}\
label{display:block;font-weight:600;margin:12px 0 4px}input[type=text],input[type=number],input[inputmode]{width:100%;min-height:48px;font:inherit;padding:8px 10px;border:1px solid #8a99b8;border-radius:8px;background:#fff}\
.line{background:#fff;border-radius:12px;padding:12px;margin:0 0 10px}.line p{margin:0 0 6px}\
canvas{width:100%;height:180px;border:2px dashed #4a5568;border-radius:10px;background:#fff;touch-action:none;display:block}\
button.big,.big{display:block;width:100%;min-height:52px;font:inherit;font-weight:700;border-radius:10px;border:0;background:#1d4ed8;color:#fff;margin:12px 0;text-align:center;text-decoration:none;line-height:52px}\
button.plain{min-height:44px;font:inherit;border-radius:8px;border:1px solid #8a99b8;background:#fff;padding:0 14px;margin:6px 0}\
.error{color:#b00020;font-weight:600;min-height:1.2em}ul{padding-left:20px}img.sig{max-width:100%;height:120px;background:#fff;border-radius:8px}";

fn texts(locale: Locale) -> String {
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
    serde_json::Value::Object(map).to_string().replace("</", "<\\/")
}

fn page(locale: Locale, user: &SessionUser, title: &str, body: &str) -> Response {
    let other = locale.other();
    let html = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"description\" content=\"{desc}\"><meta name=\"theme-color\" content=\"#14213d\"><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\
         <title>{title}</title><style>{STYLE}</style></head><body>\
         <header><nav aria-label=\"{navlabel}\"><a class=\"home\" href=\"/driver\">{app}</a></nav><a href=\"/lang/{otag}?return=/driver\" lang=\"{otag}\">{oname}</a><button id=\"sign-out\" type=\"button\">{signout}</button></header>\
         <main><p class=\"muted\">{who}</p>\
         <div id=\"offline\" class=\"banner warn\" role=\"status\" hidden>{offline}</div>\
         <div id=\"queue\" class=\"banner warn\" role=\"status\" hidden><strong>{queued} <span id=\"queue-count\">0</span></strong><ul id=\"queue-list\"></ul>\
         <button id=\"queue-retry\" class=\"plain\" type=\"button\">{retry}</button></div>\
         {body}</main><script type=\"application/json\" id=\"driver-text\">{texts}</script><script src=\"/driver.js\" defer></script></body></html>",
        lang = locale.tag(),
        desc = t(locale, "nav.driver.about"),
        title = esc(title),
        app = t(locale, "nav.driver"),
        navlabel = t(locale, "nav.label"),
        otag = other.tag(),
        oname = other.native_name(),
        signout = t(locale, "auth.sign_out"),
        who = esc(&user.me.display_name),
        offline = t(locale, "driver.offline"),
        queued = t(locale, "driver.queued"),
        retry = t(locale, "driver.send_now"),
        texts = texts(locale),
    );
    let mut res = Html(html).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

fn error_page(locale: Locale, user: &SessionUser, err: &AppError) -> Response {
    let mut res = page(
        locale,
        user,
        &t(locale, "nav.driver"),
        &format!(
            "<div class=\"banner bad\" role=\"alert\">{}</div><a class=\"big\" href=\"/driver\">{}</a>",
            esc(&render(locale, &err.msg())),
            t(locale, "driver.back")
        ),
    );
    *res.status_mut() =
        axum::http::StatusCode::from_u16(err.status()).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    res
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
    let mut body = format!("<h1>{}</h1>", t(locale, "driver.today"));
    if notes.is_empty() {
        body.push_str(&format!(
            "<div class=\"banner ok\" role=\"status\"><p>{}</p><p class=\"muted\">{}</p></div>",
            t(locale, "driver.none"),
            t(locale, "driver.none_hint")
        ));
    }
    for n in &notes {
        let mark = if n.emergency {
            format!(" <span class=\"mark\">{}</span>", t(locale, "batch.emergency_mark"))
        } else {
            String::new()
        };
        let goods: Vec<String> =
            n.lines.iter().map(|l| format!("{} {} {}", esc(&l.product_name), l.quantity, esc(&l.unit))).collect();
        body.push_str(&format!(
            "<a class=\"card\" data-note-link href=\"/driver/notes/{id}\"><b>{number}</b>{mark}<br>{customer}<br><span class=\"muted\">{address}</span><br>{date} · {status}<br><span class=\"muted\">{goods}</span></a>",
            id = n.id,
            number = esc(&n.number),
            customer = esc(&n.customer_name),
            address = esc(&n.customer_address),
            date = esc(&n.delivery_date),
            status = status_text(locale, n.status),
            goods = goods.join(" · "),
        ));
    }
    body.push_str(&format!("<a class=\"big\" href=\"/driver\">{}</a>", t(locale, "driver.refresh")));
    page(locale, &user, &t(locale, "driver.today"), &body)
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
    let n = match found {
        // desk roles may open the page too (the QR code on the print), but only the
        // assigned driver may record the receipt
        Ok(n) => n,
        Err(e) => return error_page(locale, &user, &e),
    };
    page(locale, &user, &n.number, &note_body(locale, &user, &n))
}

fn note_body(locale: Locale, user: &SessionUser, n: &DeliveryNote) -> String {
    let mut b = format!(
        "<h1>{} {}</h1><p><strong>{}</strong><br>{}<br>{} · {}</p>",
        t(locale, "note.title"),
        esc(&n.number),
        esc(&n.customer_name),
        esc(&n.customer_address),
        esc(&n.delivery_date),
        status_text(locale, n.status)
    );
    if n.emergency {
        b.push_str(&format!(
            "<div class=\"banner bad\" role=\"note\"><span class=\"mark\">{}</span> {}</div>",
            t(locale, "batch.emergency_mark"),
            t(locale, "note.emergency_about")
        ));
    }
    if let Some(r) = &n.receipt {
        b.push_str(&format!(
            "<div class=\"banner ok\" role=\"status\">{}: {} · {}{}</div><img class=\"sig\" alt=\"{}\" src=\"{}\">",
            t(locale, "driver.received_by"),
            esc(&r.receiver_name),
            esc(&r.received_at_device),
            if r.flagged { format!(" · {}", t(locale, "driver.flagged")) } else { String::new() },
            t(locale, "driver.signature"),
            esc(&r.signature)
        ));
        for l in &n.lines {
            b.push_str(&format!(
                "<div class=\"line\"><p><b>{}</b> · {}</p><p>{}: {} / {} {}{}</p></div>",
                esc(&l.product_name),
                esc(l.batch_no.as_deref().unwrap_or("")),
                t(locale, "note.received"),
                l.received_quantity.unwrap_or(0.0),
                l.quantity,
                esc(&l.unit),
                l.exception_note.as_deref().map(|x| format!(" · {}", esc(x))).unwrap_or_default()
            ));
        }
        b.push_str(&format!("<a class=\"big\" href=\"/driver\">{}</a>", t(locale, "driver.back")));
        return b;
    }
    let mine = n.driver_username.as_deref() == Some(user.username());
    if n.status != NoteStatus::Loaded || !mine {
        for l in &n.lines {
            b.push_str(&format!(
                "<div class=\"line\"><p><b>{}</b> · {} {} · {}</p></div>",
                esc(&l.product_name),
                l.quantity,
                esc(&l.unit),
                esc(l.batch_no.as_deref().unwrap_or(""))
            ));
        }
        let why = if mine { t(locale, "driver.not_loaded") } else { t(locale, "driver.not_yours") };
        b.push_str(&format!(
            "<div class=\"banner warn\" role=\"status\">{why}</div><a class=\"big\" href=\"/driver\">{}</a>",
            t(locale, "driver.back")
        ));
        return b;
    }
    b.push_str(&format!(
        "<div id=\"queued-here\" class=\"banner warn\" role=\"status\" hidden>{}</div><div id=\"sent\" class=\"banner ok\" role=\"status\" hidden>{}</div>\
         <form id=\"receipt\" data-note=\"{}\" data-number=\"{}\" novalidate><h2>{}</h2>",
        t(locale, "driver.queued_here"),
        t(locale, "driver.sent"),
        n.id,
        esc(&n.number),
        t(locale, "driver.receipt")
    ));
    for (i, l) in n.lines.iter().enumerate() {
        let mark = if l.emergency_release_id.is_some() {
            format!(" <span class=\"mark\">{}</span>", t(locale, "batch.emergency_mark"))
        } else {
            String::new()
        };
        b.push_str(&format!(
            "<div class=\"line\" data-line=\"{id}\" data-loaded=\"{q}\"><p><b>{product}</b>{hz} · {batch}{mark}</p><p class=\"muted\">{loaded_t}: {q} {unit}</p>\
             <label for=\"received-{i}\">{received_t} ({unit})</label><input id=\"received-{i}\" name=\"received\" inputmode=\"decimal\" value=\"{q}\">\
             <label for=\"note-{i}\">{note_t}</label><input id=\"note-{i}\" name=\"note\" type=\"text\" placeholder=\"{note_hint}\"></div>",
            id = l.id,
            q = l.quantity,
            product = esc(&l.product_name),
            hz = if l.hazardous { format!(" ({})", t(locale, "product.hazardous")) } else { String::new() },
            batch = esc(l.batch_no.as_deref().unwrap_or("")),
            loaded_t = t(locale, "driver.loaded"),
            unit = esc(&l.unit),
            received_t = t(locale, "note.received"),
            note_t = t(locale, "driver.exception"),
            note_hint = t(locale, "driver.exception_hint"),
        ));
    }
    b.push_str(&format!(
        "<label for=\"receiver_name\">{}</label><input id=\"receiver_name\" name=\"receiver_name\" type=\"text\" autocomplete=\"name\" required>\
         <label for=\"signature\">{}</label><canvas id=\"signature\" role=\"img\" aria-label=\"{}\"></canvas>\
         <button id=\"clear-signature\" class=\"plain\" type=\"button\">{}</button>\
         <label for=\"photo\">{}</label><input id=\"photo\" name=\"photo\" type=\"file\" accept=\"image/*\" capture=\"environment\">\
         <button id=\"locate\" class=\"plain\" type=\"button\">{}</button>\
         <p id=\"form-error\" class=\"error\" role=\"alert\"></p><button class=\"big\" type=\"submit\">{}</button></form>\
         <a class=\"big\" href=\"/driver\">{}</a>",
        t(locale, "driver.receiver_name"),
        t(locale, "driver.signature"),
        t(locale, "driver.signature_hint"),
        t(locale, "driver.clear_signature"),
        t(locale, "driver.photo"),
        t(locale, "driver.add_location"),
        t(locale, "driver.confirm_receipt"),
        t(locale, "driver.back"),
    ));
    b
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
