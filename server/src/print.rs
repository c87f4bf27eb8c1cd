//! Print views (A4 HTML, no script): the quality certificate (产品质量合格证), the inspection
//! report and the batch label with a QR code of the batch number. In the language of the
//! request, or `?lang=zh|en`. The data comes from the same services, with the same checks.

use crate::rest::{id, ApiErr};
use app::backend::{batches, AppState, SessionUser};
use app::domain::batch::{Batch, Inspection};
use app::i18n::{t, Locale};
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::Extension;
use std::collections::HashMap;

pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The company printed on documents: `COMPANY_NAME`, or the translated default.
pub fn company(locale: Locale) -> String {
    std::env::var("COMPANY_NAME").ok().filter(|c| !c.trim().is_empty()).unwrap_or_else(|| t(locale, "print.company"))
}

/// An SVG QR code of `text`.
pub fn qr_svg(text: &str, size: u32) -> String {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(size, size)
            .quiet_zone(true)
            .build()
            .replacen("<svg ", "<svg role=\"img\" aria-label=\"QR\" ", 1),
        Err(_) => String::new(),
    }
}

pub fn locale_of(q: &HashMap<String, String>, request: Locale) -> Locale {
    q.get("lang").and_then(|l| Locale::parse(l)).unwrap_or(request)
}

pub const STYLE: &str = "@page { size: A4; margin: 14mm; } \
    body { font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif; color: #111; margin: 0; font-size: 11pt; } \
    .sheet { max-width: 182mm; margin: 0 auto; padding: 8mm 0; } \
    h1 { text-align: center; font-size: 18pt; margin: 2mm 0; letter-spacing: .1em; } \
    .company { text-align: center; font-size: 12pt; margin: 0; } \
    .no { text-align: right; margin: 2mm 0 4mm; } \
    table { width: 100%; border-collapse: collapse; margin: 3mm 0; } \
    th, td { border: 1px solid #333; padding: 2mm 2.5mm; text-align: left; vertical-align: top; } \
    th { background: #f0f0f0; font-weight: 600; } td.num, th.num { text-align: right; } \
    .mark { border: 2px solid #b00020; color: #b00020; font-weight: 700; padding: 2mm 3mm; margin: 3mm 0; } \
    .sign { display: flex; justify-content: space-between; margin-top: 10mm; } .sign div { width: 30%; border-top: 1px solid #333; padding-top: 1mm; } \
    .hint { color: #555; font-size: 9pt; } .copy { page-break-after: always; } .copy:last-child { page-break-after: auto; } \
    @media print { .no-print { display: none; } }";

pub fn page(locale: Locale, title: &str, body: &str) -> Response {
    Html(format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>{body}</body></html>",
        locale.tag(),
        esc(title)
    ))
    .into_response()
}

fn limits(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{a} – {b}"),
        (Some(a), None) => format!("≥ {a}"),
        (None, Some(b)) => format!("≤ {b}"),
        (None, None) => "—".into(),
    }
}

fn result_table(locale: Locale, b: &Batch, inspection: &Inspection) -> String {
    let mut rows = String::new();
    for m in &inspection.results {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&m.indicator),
            esc(&m.unit),
            limits(m.min, m.max),
            m.value,
            if m.within { t(locale, "batch.within") } else { t(locale, "batch.out_of_spec") }
        ));
    }
    let _ = b;
    format!(
        "<table><thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead><tbody>{rows}</tbody></table>",
        t(locale, "product.indicator_name"),
        t(locale, "product.unit"),
        t(locale, "print.limits"),
        t(locale, "batch.result"),
        t(locale, "batch.verdict")
    )
}

fn facts(locale: Locale, b: &Batch, inspection: &Inspection) -> String {
    let s = &b.summary;
    let row = |k: &str, v: &str| format!("<tr><th>{}</th><td>{}</td></tr>", t(locale, k), esc(v));
    [
        row("order.product", &format!("{} {}", s.product_code, s.product_name)),
        row("batch.batch_no", &s.batch_no),
        row("order.quantity", &format!("{} {}", s.quantity, s.unit)),
        row("batch.produced_on", &s.produced_on),
        row("print.inspected_on", inspection.created_at.get(..10).unwrap_or("")),
        row("batch.report", b.report_no.as_deref().unwrap_or("—")),
    ]
    .concat()
}

async fn load(state: &AppState, user: &SessionUser, raw: &str) -> Result<(Batch, Inspection), ApiErr> {
    let b = batches::get(state, user, id(raw)?).await?;
    let passed = b.summary.certificate_no.is_some();
    let inspection = b.inspections.iter().rev().find(|x| x.is_final).cloned();
    match inspection {
        Some(i) if passed => Ok((b, i)),
        _ => Err(ApiErr(app::error::AppError::conflict("print.not_certified"))),
    }
}

/// `GET /print/batches/{id}/certificate`: 产品质量合格证.
pub async fn certificate(
    State(state): State<AppState>,
    user: Option<Extension<SessionUser>>,
    Extension(request_locale): Extension<Locale>,
    Path(raw): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiErr> {
    let user = user.ok_or(ApiErr(app::error::AppError::Unauthenticated))?.0;
    let locale = locale_of(&q, request_locale);
    let (b, inspection) = load(&state, &user, &raw).await?;
    let mark = if b.summary.emergency_released {
        format!("<p class=\"mark\">{}</p>", t(locale, "batch.emergency_print"))
    } else {
        String::new()
    };
    let concession = inspection
        .accepted_by
        .as_ref()
        .map(|by| {
            format!(
                "<p>{}: {} — {}</p>",
                t(locale, "batch.accepted_by"),
                esc(by),
                esc(inspection.accepted_reason.as_deref().unwrap_or(""))
            )
        })
        .unwrap_or_default();
    let body = format!(
        "<div class=\"sheet\"><p class=\"company\">{}</p><h1>{}</h1><p class=\"no\">{} {}</p>{mark}<table>{}</table>{}\
         <p><strong>{}</strong></p>{concession}<div class=\"sign\"><div>{}: {}</div><div>{}</div><div>{}</div></div>\
         <p class=\"hint no-print\">{}</p></div>",
        esc(&company(locale)),
        t(locale, "print.certificate_title"),
        t(locale, "print.no"),
        esc(b.summary.certificate_no.as_deref().unwrap_or("")),
        facts(locale, &b, &inspection),
        result_table(locale, &b, &inspection),
        t(locale, "print.conclusion_pass"),
        t(locale, "print.inspector"),
        esc(&inspection.inspector),
        t(locale, "print.quality_stamp"),
        t(locale, "print.date"),
        t(locale, "print.hint"),
    );
    Ok(page(locale, &format!("{} {}", t(locale, "print.certificate_title"), b.summary.batch_no), &body))
}

/// `GET /print/batches/{id}/report`: the inspection report, every result of the batch.
pub async fn report(
    State(state): State<AppState>,
    user: Option<Extension<SessionUser>>,
    Extension(request_locale): Extension<Locale>,
    Path(raw): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiErr> {
    let user = user.ok_or(ApiErr(app::error::AppError::Unauthenticated))?.0;
    let locale = locale_of(&q, request_locale);
    let (b, inspection) = load(&state, &user, &raw).await?;
    let mut history = String::new();
    for x in &b.inspections {
        history.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&x.created_at),
            if x.is_final { t(locale, "batch.final") } else { t(locale, "batch.interim") },
            t(locale, &format!("batch.verdict.{}", x.verdict.key())),
            esc(&x.inspector)
        ));
    }
    let body = format!(
        "<div class=\"sheet\"><p class=\"company\">{}</p><h1>{}</h1><p class=\"no\">{} {}</p><table>{}</table>{}\
         <table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{history}</tbody></table>\
         <div class=\"sign\"><div>{}: {}</div><div>{}</div><div>{}</div></div></div>",
        esc(&company(locale)),
        t(locale, "print.report_title"),
        t(locale, "print.no"),
        esc(b.report_no.as_deref().unwrap_or("")),
        facts(locale, &b, &inspection),
        result_table(locale, &b, &inspection),
        t(locale, "print.inspected_on"),
        t(locale, "batch.inspections"),
        t(locale, "batch.verdict"),
        t(locale, "print.inspector"),
        t(locale, "print.inspector"),
        esc(&inspection.inspector),
        t(locale, "print.reviewer"),
        t(locale, "print.date"),
    );
    Ok(page(locale, &format!("{} {}", t(locale, "print.report_title"), b.summary.batch_no), &body))
}

/// `GET /print/batches/{id}/label`: the stock label with a QR code of the batch number.
pub async fn label(
    State(state): State<AppState>,
    user: Option<Extension<SessionUser>>,
    Extension(request_locale): Extension<Locale>,
    Path(raw): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiErr> {
    let user = user.ok_or(ApiErr(app::error::AppError::Unauthenticated))?.0;
    let locale = locale_of(&q, request_locale);
    let (b, _) = load(&state, &user, &raw).await?;
    let s = &b.summary;
    let mark = if s.emergency_released {
        format!("<p class=\"mark\">{}</p>", t(locale, "batch.emergency_print"))
    } else {
        String::new()
    };
    let body = format!(
        "<div class=\"sheet\" style=\"max-width:100mm;border:2px solid #111;padding:5mm\"><p class=\"company\">{}</p>\
         <h1 style=\"font-size:14pt\">{}</h1>{mark}<div style=\"text-align:center\">{}</div>\
         <table><tr><th>{}</th><td><strong>{}</strong></td></tr><tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td>{} {}</td></tr>\
         <tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td>{}</td></tr></table></div>",
        esc(&company(locale)),
        t(locale, "print.label_title"),
        qr_svg(&s.batch_no, 160),
        t(locale, "batch.batch_no"),
        esc(&s.batch_no),
        t(locale, "order.product"),
        esc(&s.product_name),
        t(locale, "order.quantity"),
        s.quantity,
        esc(&s.unit),
        t(locale, "batch.produced_on"),
        esc(&s.produced_on),
        t(locale, "batch.certificate"),
        esc(s.certificate_no.as_deref().unwrap_or("")),
    );
    Ok(page(locale, &format!("{} {}", t(locale, "print.label_title"), s.batch_no), &body))
}

/// `GET /api/v1/delivery-notes/{id}/print`: the note in three copies on A4 — stub (存根),
/// customer (客户) and receipt (回执) — with a QR code that opens the note's receipt page,
/// the emergency-release mark where it applies and, after receipt, the signatures.
pub async fn delivery_note(
    State(state): State<AppState>,
    user: Option<Extension<SessionUser>>,
    Extension(request_locale): Extension<Locale>,
    headers: axum::http::HeaderMap,
    Path(raw): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiErr> {
    let user = user.ok_or(ApiErr(app::error::AppError::Unauthenticated))?.0;
    let locale = locale_of(&q, request_locale);
    let n = app::backend::delivery_notes::get(&state, &user, id(&raw)?).await?;
    let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = if state.secure_cookies { "https" } else { "http" };
    let receipt_url = format!("{scheme}://{host}/driver/notes/{}", n.id);
    let qr = qr_svg(&receipt_url, 110);
    let mut lines = String::new();
    for l in &n.lines {
        let mark = if l.emergency_release_id.is_some() {
            format!(" <strong style=\"color:#b00020\">{}</strong>", t(locale, "batch.emergency_mark"))
        } else {
            String::new()
        };
        lines.push_str(&format!(
            "<tr><td>{}</td><td>{}{}</td><td>{}{mark}</td><td class=\"num\">{} {}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            l.position,
            esc(&l.product_name),
            if l.hazardous { format!(" ({})", t(locale, "product.hazardous")) } else { String::new() },
            esc(l.batch_no.as_deref().unwrap_or("—")),
            l.quantity,
            esc(&l.unit),
            l.received_quantity.map(|q| q.to_string()).unwrap_or_default(),
            esc(l.exception_note.as_deref().unwrap_or("")),
        ));
    }
    let mark = if n.emergency {
        format!("<p class=\"mark\">{}</p>", t(locale, "note.emergency_about"))
    } else {
        String::new()
    };
    let img = |src: Option<&str>| match src {
        Some(s) if s.starts_with("/files/") || s.starts_with("data:image/png;base64,") => {
            format!("<img alt=\"\" src=\"{}\" style=\"height:18mm\">", esc(s))
        }
        _ => String::new(),
    };
    let receipt = n.receipt.as_ref();
    let signatures = format!(
        "<div class=\"sign\"><div>{}: {} {}</div><div>{}: {} {}</div><div>{}: {} {}<br>{}</div></div>",
        t(locale, "print.warehouse_sign"),
        esc(n.loaded_by.as_deref().unwrap_or("")),
        img(n.warehouse_signature.as_deref()),
        t(locale, "print.driver_sign"),
        esc(n.driver_username.as_deref().unwrap_or("")),
        img(n.driver_signature.as_deref()),
        t(locale, "print.customer_sign"),
        esc(receipt.map(|r| r.receiver_name.as_str()).unwrap_or("")),
        img(receipt.map(|r| r.signature.as_str())),
        esc(receipt.map(|r| r.received_at_device.as_str()).unwrap_or("")),
    );
    let copy = |name: &str| {
        format!(
            "<section class=\"copy sheet\"><div style=\"display:flex;justify-content:space-between;align-items:flex-start\">\
             <div><p class=\"company\" style=\"text-align:left\">{}</p><h1 style=\"text-align:left\">{}</h1>\
             <p>{} <strong>{}</strong> · {} {}</p></div><div style=\"text-align:center\">{qr}<br><small>{}</small></div></div>\
             <p style=\"text-align:right;font-weight:700\">{name}</p>{mark}\
             <table><tr><th>{}</th><td>{}</td><th>{}</th><td>{}</td></tr><tr><th>{}</th><td>{}</td><th>{}</th><td>{}</td></tr>\
             <tr><th>{}</th><td>{}</td><th>{}</th><td>{}</td></tr></table>\
             <table><thead><tr><th>#</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead><tbody>{lines}</tbody></table>\
             {signatures}</section>",
            esc(&company(locale)),
            t(locale, "note.title"),
            t(locale, "print.no"),
            esc(&n.number),
            t(locale, "order.number"),
            esc(&n.order_number),
            t(locale, "print.scan_to_receive"),
            t(locale, "order.customer"),
            esc(&n.customer_name),
            t(locale, "note.delivery_date"),
            esc(&n.delivery_date),
            t(locale, "print.address"),
            esc(&n.customer_address),
            t(locale, "customer.permit_no"),
            esc(n.permit_no.as_deref().unwrap_or("—")),
            t(locale, "note.driver"),
            esc(n.driver_username.as_deref().unwrap_or("—")),
            t(locale, "note.vehicle"),
            esc(n.vehicle.as_deref().unwrap_or("—")),
            t(locale, "order.product"),
            t(locale, "note.batch"),
            t(locale, "order.quantity"),
            t(locale, "note.received"),
            t(locale, "print.exception"),
        )
    };
    let body = format!(
        "{}{}{}",
        copy(&t(locale, "print.copy_stub")),
        copy(&t(locale, "print.copy_customer")),
        copy(&t(locale, "print.copy_receipt"))
    );
    Ok(page(locale, &format!("{} {}", t(locale, "note.title"), n.number), &body))
}

/// `GET /print/survey-periods/{id}/links`: one line per customer with the survey link and
/// its QR code, to send by post, fax or chat. Only unanswered links of an open period.
pub async fn survey_links(
    State(state): State<AppState>,
    user: Option<Extension<SessionUser>>,
    Extension(request_locale): Extension<Locale>,
    headers: axum::http::HeaderMap,
    Path(raw): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiErr> {
    let user = user.ok_or(ApiErr(app::error::AppError::Unauthenticated))?.0;
    user.require(app::domain::Action::ManageSurveys)?;
    let locale = locale_of(&q, request_locale);
    let p = app::backend::satisfaction::get(&state, &user, id(&raw)?).await?;
    let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = if state.secure_cookies { "https" } else { "http" };
    let mut rows = String::new();
    for l in p.links.iter().filter(|l| !l.answered) {
        let url = format!("{scheme}://{host}/survey/{}", l.token);
        rows.push_str(&format!(
            "<tr style=\"page-break-inside:avoid\"><td>{}</td><td><code style=\"word-break:break-all\">{}</code></td><td style=\"text-align:center\">{}</td></tr>",
            esc(&l.customer_name),
            esc(&url),
            qr_svg(&url, 90)
        ));
    }
    let closed = if p.status == "open" {
        String::new()
    } else {
        format!("<p class=\"mark\">{}</p>", t(locale, "survey.rule.closed"))
    };
    let body = format!(
        "<div class=\"sheet\"><p class=\"company\">{}</p><h1>{}</h1><p class=\"no\">{} · {}</p>{closed}\
         <p>{}</p><table><thead><tr><th>{}</th><th>{}</th><th>QR</th></tr></thead><tbody>{rows}</tbody></table></div>",
        esc(&company(locale)),
        t(locale, "survey.links_title"),
        esc(&p.label),
        t(locale, "survey.unanswered_links")
            .replace("{count}", &p.links.iter().filter(|l| !l.answered).count().to_string()),
        t(locale, "survey.links_hint"),
        t(locale, "order.customer"),
        t(locale, "survey.link"),
    );
    Ok(page(locale, &format!("{} {}", t(locale, "survey.links_title"), p.label), &body))
}

/// `GET /print/survey-periods/{id}/report`: the results for top management — response
/// rate, each dimension against target, the previous half year and the same half of earlier
/// years, the main dissatisfaction items, the customers behind low scores, and the
/// corrective actions.
pub async fn survey_report(
    State(state): State<AppState>,
    user: Option<Extension<SessionUser>>,
    Extension(request_locale): Extension<Locale>,
    Path(raw): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiErr> {
    use app::domain::satisfaction::Dimension;
    let user = user.ok_or(ApiErr(app::error::AppError::Unauthenticated))?.0;
    let locale = locale_of(&q, request_locale);
    let p = app::backend::satisfaction::get(&state, &user, id(&raw)?).await?;
    let f = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_else(|| "—".into());
    let mut head = format!(
        "<th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>",
        t(locale, "survey.dimension"),
        t(locale, "survey.average"),
        t(locale, "survey.target"),
        t(locale, "survey.previous")
    );
    for c in &p.same_half_earlier {
        head.push_str(&format!("<th class=\"num\">{}</th>", esc(&c.label)));
    }
    let mut rows = String::new();
    for d in Dimension::ALL {
        let avg = p.averages.get(d);
        let below = avg.is_some_and(|a| a < p.targets.get(d));
        let mut row = format!(
            "<tr><th>{}</th><td class=\"num\">{}{}</td><td class=\"num\">{:.2}</td><td class=\"num\">{}</td>",
            t(locale, &format!("survey.dim.{}", d.key())),
            f(avg),
            if below { " ▼" } else { "" },
            p.targets.get(d),
            f(p.previous.and_then(|a| a.get(d)))
        );
        for c in &p.same_half_earlier {
            row.push_str(&format!("<td class=\"num\">{}</td>", f(c.averages.get(d))));
        }
        row.push_str("</tr>");
        rows.push_str(&row);
    }
    let mut items = String::new();
    for i in &p.main_dissatisfaction {
        items.push_str(&format!(
            "<li><strong>{}</strong> — {} {}{}</li>",
            t(locale, &format!("survey.dim.{}", i.dimension.key())),
            i.low_count,
            t(locale, "survey.low_count"),
            if i.comments.is_empty() { String::new() } else { format!(": {}", esc(&i.comments.join(" / "))) }
        ));
    }
    if items.is_empty() {
        items = format!("<li>{}</li>", t(locale, "survey.no_low"));
    }
    let mut low = String::new();
    for l in &p.low_scores {
        low.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&l.customer_name),
            t(locale, &format!("survey.dim.{}", l.dimension.key())),
            l.score,
            esc(l.comment.as_deref().unwrap_or(""))
        ));
    }
    let mut actions = String::new();
    for a in &p.corrective_actions {
        actions.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&a.number),
            t(locale, &format!("survey.dim.{}", a.dimension.key())),
            t(locale, &format!("corrective.status.{}", a.status)),
            esc(a.measures.as_deref().unwrap_or("—"))
        ));
    }
    let answered = p.links.iter().filter(|l| l.answered).count();
    let body = format!(
        "<div class=\"sheet\"><p class=\"company\">{}</p><h1>{}</h1><p class=\"no\">{}</p>\
         <p>{}: <strong>{}</strong> ({answered}/{})</p>\
         <table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>\
         <h2>{}</h2><ul>{items}</ul>\
         <h2>{}</h2><table><thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead><tbody>{low}</tbody></table>\
         <h2>{}</h2><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{actions}</tbody></table>\
         <div class=\"sign\"><div>{}</div><div>{}</div><div>{}</div></div></div>",
        esc(&company(locale)),
        t(locale, "survey.report.title"),
        esc(&p.label),
        t(locale, "survey.response_rate"),
        p.response_rate.map(|r| format!("{r:.1} %")).unwrap_or_else(|| "—".into()),
        p.links.len(),
        t(locale, "survey.main_items"),
        t(locale, "survey.low_scores"),
        t(locale, "order.customer"),
        t(locale, "survey.dimension"),
        t(locale, "survey.score"),
        t(locale, "survey.comment_short"),
        t(locale, "corrective.title"),
        t(locale, "corrective.number"),
        t(locale, "survey.dimension"),
        t(locale, "corrective.status"),
        t(locale, "corrective.measures"),
        t(locale, "print.prepared_by"),
        t(locale, "print.reviewer"),
        t(locale, "print.date"),
    );
    Ok(page(locale, &format!("{} {}", t(locale, "survey.report.title"), p.label), &body))
}
