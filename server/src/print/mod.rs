//! Print views (A4 HTML, no script): the quality certificate (产品质量合格证), the inspection
//! report and the batch label with a QR code of the batch number here; the delivery note and
//! the survey sheets beside. In the language of the request, or `?lang=zh|en`. The data comes
//! from the same services, with the same checks.

mod complaint;
mod delivery_note;
mod feedback;
mod survey;

pub use complaint::report_8d;
pub use delivery_note::delivery_note;
pub use feedback::feedback_report;
pub use survey::{survey_links, survey_report};

use crate::pages::{company, locale_of, print_page};
use crate::rest::{id, ApiErr};
use app::backend::{batches, AppState, SessionUser};
use app::domain::batch::{Batch, Inspection};
use app::error::AppError;
use app::i18n::{t, Locale};
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::response::Response;
use maud::{html, Markup};
use std::collections::HashMap;

/// Who asks for a print (print views are not public), in which language (`?lang=`, else
/// the request's), and the address the printed links and QR codes point to.
pub struct PrintCaller {
    pub user: SessionUser,
    pub locale: Locale,
    host: String,
}

impl PrintCaller {
    /// `scheme://host` of this server as the browser reached it.
    pub fn origin(&self, state: &AppState) -> String {
        format!("{}://{}", if state.secure_cookies { "https" } else { "http" }, self.host)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PrintCaller {
    type Rejection = ApiErr;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let user = parts.extensions.get::<SessionUser>().cloned().ok_or(ApiErr(AppError::Unauthenticated))?;
        let request = parts.extensions.get::<Locale>().copied().unwrap_or_default();
        let q: HashMap<String, String> = Query::try_from_uri(&parts.uri).map(|Query(q)| q).unwrap_or_default();
        let host = parts.headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("localhost").to_string();
        Ok(PrintCaller { user, locale: locale_of(&q, request), host })
    }
}

fn limits(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{a} – {b}"),
        (Some(a), None) => format!("≥ {a}"),
        (None, Some(b)) => format!("≤ {b}"),
        (None, None) => "—".into(),
    }
}

fn result_table(locale: Locale, inspection: &Inspection) -> Markup {
    html! {
        table {
            thead { tr {
                th { (t(locale, "product.indicator_name")) }
                th { (t(locale, "product.unit")) }
                th.num { (t(locale, "print.limits")) }
                th.num { (t(locale, "batch.result")) }
                th { (t(locale, "batch.verdict")) }
            } }
            tbody {
                @for m in &inspection.results {
                    tr {
                        td { (m.indicator) }
                        td { (m.unit) }
                        td.num { (limits(m.min, m.max)) }
                        td.num { (m.value) }
                        td { (if m.within { t(locale, "batch.within") } else { t(locale, "batch.out_of_spec") }) }
                    }
                }
            }
        }
    }
}

fn facts(locale: Locale, b: &Batch, inspection: &Inspection) -> Markup {
    let s = &b.summary;
    let rows = [
        ("order.product", format!("{} {}", s.product_code, s.product_name)),
        ("batch.batch_no", s.batch_no.clone()),
        ("order.quantity", format!("{} {}", s.quantity, s.unit)),
        ("batch.produced_on", s.produced_on.clone()),
        ("print.inspected_on", inspection.created_at.get(..10).unwrap_or("").to_string()),
        ("batch.report", b.report_no.clone().unwrap_or_else(|| "—".into())),
    ];
    html! {
        table {
            @for (k, v) in &rows { tr { th { (t(locale, k)) } td { (v) } } }
        }
    }
}

/// The head of every sheet: the company and the title, with the document's number.
fn sheet_head(locale: Locale, title_key: &str, number: &str) -> Markup {
    html! {
        p.company { (company(locale)) }
        h1 { (t(locale, title_key)) }
        p.no { (t(locale, "print.no")) " " (number) }
    }
}

async fn load(state: &AppState, user: &SessionUser, raw: &str) -> Result<(Batch, Inspection), ApiErr> {
    let b = batches::get(state, user, id(raw)?).await?;
    let passed = b.summary.certificate_no.is_some();
    let inspection = b.inspections.iter().rev().find(|x| x.is_final).cloned();
    match inspection {
        Some(i) if passed => Ok((b, i)),
        _ => Err(ApiErr(AppError::conflict("print.not_certified"))),
    }
}

/// `GET /print/batches/{id}/certificate`: 产品质量合格证.
pub async fn certificate(
    State(state): State<AppState>,
    PrintCaller { user, locale, .. }: PrintCaller,
    Path(raw): Path<String>,
) -> Result<Response, ApiErr> {
    let (b, inspection) = load(&state, &user, &raw).await?;
    let body = html! {
        div.sheet {
            (sheet_head(locale, "print.certificate_title", b.summary.certificate_no.as_deref().unwrap_or("")))
            @if b.summary.emergency_released { p.mark { (t(locale, "batch.emergency_print")) } }
            (facts(locale, &b, &inspection))
            (result_table(locale, &inspection))
            p { strong { (t(locale, "print.conclusion_pass")) } }
            @if let Some(by) = &inspection.accepted_by {
                p { (t(locale, "batch.accepted_by")) ": " (by) " — " (inspection.accepted_reason.as_deref().unwrap_or("")) }
            }
            div.sign {
                div { (t(locale, "print.inspector")) ": " (inspection.inspector) }
                div { (t(locale, "print.quality_stamp")) }
                div { (t(locale, "print.date")) }
            }
            p.hint.no-print { (t(locale, "print.hint")) }
        }
    };
    Ok(print_page(locale, &format!("{} {}", t(locale, "print.certificate_title"), b.summary.batch_no), body))
}

/// `GET /print/batches/{id}/report`: the inspection report, every result of the batch.
pub async fn report(
    State(state): State<AppState>,
    PrintCaller { user, locale, .. }: PrintCaller,
    Path(raw): Path<String>,
) -> Result<Response, ApiErr> {
    let (b, inspection) = load(&state, &user, &raw).await?;
    let body = html! {
        div.sheet {
            (sheet_head(locale, "print.report_title", b.report_no.as_deref().unwrap_or("")))
            (facts(locale, &b, &inspection))
            (result_table(locale, &inspection))
            table {
                thead { tr {
                    th { (t(locale, "print.inspected_on")) }
                    th { (t(locale, "batch.inspections")) }
                    th { (t(locale, "batch.verdict")) }
                    th { (t(locale, "print.inspector")) }
                } }
                tbody {
                    @for x in &b.inspections {
                        tr {
                            td { (app::domain::local_minute(&x.created_at)) }
                            td { (if x.is_final { t(locale, "batch.final") } else { t(locale, "batch.interim") }) }
                            td { (t(locale, &format!("batch.verdict.{}", x.verdict.key()))) }
                            td { (x.inspector) }
                        }
                    }
                }
            }
            div.sign {
                div { (t(locale, "print.inspector")) ": " (inspection.inspector) }
                div { (t(locale, "print.reviewer")) }
                div { (t(locale, "print.date")) }
            }
        }
    };
    Ok(print_page(locale, &format!("{} {}", t(locale, "print.report_title"), b.summary.batch_no), body))
}

/// `GET /print/batches/{id}/label`: the stock label with a QR code of the batch number.
pub async fn label(
    State(state): State<AppState>,
    PrintCaller { user, locale, .. }: PrintCaller,
    Path(raw): Path<String>,
) -> Result<Response, ApiErr> {
    let (b, _) = load(&state, &user, &raw).await?;
    let s = &b.summary;
    let body = html! {
        div.sheet.label {
            p.company { (company(locale)) }
            h1 { (t(locale, "print.label_title")) }
            @if s.emergency_released { p.mark { (t(locale, "batch.emergency_print")) } }
            div.center { (crate::pages::qr(&s.batch_no, 160)) }
            table {
                tr { th { (t(locale, "batch.batch_no")) } td { strong { (s.batch_no) } } }
                tr { th { (t(locale, "order.product")) } td { (s.product_name) } }
                tr { th { (t(locale, "order.quantity")) } td { (s.quantity) " " (s.unit) } }
                tr { th { (t(locale, "batch.produced_on")) } td { (s.produced_on) } }
                tr { th { (t(locale, "batch.certificate")) } td { (s.certificate_no.as_deref().unwrap_or("")) } }
            }
        }
    };
    Ok(print_page(locale, &format!("{} {}", t(locale, "print.label_title"), s.batch_no), body))
}
