//! The survey sheets: the links to send, and the half year's report for top management.

use super::PrintCaller;
use crate::pages::{company, print_page, qr};
use crate::rest::{id, ApiErr};
use app::backend::AppState;
use app::domain::satisfaction::Dimension;
use app::i18n::t;
use axum::extract::{Path, State};
use axum::response::Response;
use maud::html;

/// `GET /print/survey-periods/{id}/links`: one line per customer with the survey link and
/// its QR code, to send by post, fax or chat. Only unanswered links of an open period.
pub async fn survey_links(
    State(state): State<AppState>,
    caller: PrintCaller,
    Path(raw): Path<String>,
) -> Result<Response, ApiErr> {
    let PrintCaller { ref user, locale, .. } = caller;
    user.require(app::domain::Action::ManageSurveys)?;
    let p = app::backend::satisfaction::get(&state, user, id(&raw)?).await?;
    let origin = caller.origin(&state);
    // a link made before tokens were stored hashed cannot be shown again
    let open: Vec<_> = p.links.iter().filter(|l| !l.answered).filter_map(|l| Some((l, l.token.as_deref()?))).collect();
    let body = html! {
        div.sheet {
            p.company { (company(locale)) }
            h1 { (t(locale, "survey.links_title")) }
            p.no { (p.label) " · " (t(locale, "survey.unanswered_links").replace("{count}", &open.len().to_string())) }
            @if p.status != "open" { p.mark { (t(locale, "survey.rule.closed")) } }
            p { (t(locale, "survey.links_hint")) }
            table {
                thead { tr { th { (t(locale, "order.customer")) } th { (t(locale, "survey.link")) } th { "QR" } } }
                tbody {
                    @for (l, token) in &open {
                        @let url = format!("{origin}/survey/{token}");
                        tr.keep {
                            td { (l.customer_name) }
                            td { code.url { (url) } }
                            td.center { (qr(&url, 90)) }
                        }
                    }
                }
            }
        }
    };
    Ok(print_page(locale, &format!("{} {}", t(locale, "survey.links_title"), p.label), body))
}

/// `GET /print/survey-periods/{id}/report`: the results for top management — response
/// rate, each dimension against target, the previous half year and the same half of earlier
/// years, the main dissatisfaction items, the customers behind low scores, and the
/// corrective actions.
pub async fn survey_report(
    State(state): State<AppState>,
    caller: PrintCaller,
    Path(raw): Path<String>,
) -> Result<Response, ApiErr> {
    let PrintCaller { ref user, locale, .. } = caller;
    let p = app::backend::satisfaction::get(&state, user, id(&raw)?).await?;
    let f = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_else(|| "—".into());
    let dim = |d: Dimension| t(locale, &format!("survey.dim.{}", d.key()));
    let answered = p.links.iter().filter(|l| l.answered).count();
    let body = html! {
        div.sheet {
            p.company { (company(locale)) }
            h1 { (t(locale, "survey.report.title")) }
            p.no { (p.label) }
            p {
                (t(locale, "survey.response_rate")) ": "
                strong { (p.response_rate.map(|r| format!("{r:.1} %")).unwrap_or_else(|| "—".into())) }
                " (" (answered) "/" (p.links.len()) ")"
            }
            table {
                thead { tr {
                    th { (t(locale, "survey.dimension")) }
                    th.num { (t(locale, "survey.average")) }
                    th.num { (t(locale, "survey.target")) }
                    th.num { (t(locale, "survey.previous")) }
                    @for c in &p.same_half_earlier { th.num { (c.label) } }
                } }
                tbody {
                    @for d in Dimension::ALL {
                        @let avg = p.averages.get(d);
                        tr {
                            th { (dim(d)) }
                            td.num { (f(avg)) @if avg.is_some_and(|a| a < p.targets.get(d)) { " ▼" } }
                            td.num { (format!("{:.2}", p.targets.get(d))) }
                            td.num { (f(p.previous.and_then(|a| a.get(d)))) }
                            @for c in &p.same_half_earlier { td.num { (f(c.averages.get(d))) } }
                        }
                    }
                }
            }
            h2 { (t(locale, "survey.main_items")) }
            ul {
                @for i in &p.main_dissatisfaction {
                    li {
                        strong { (dim(i.dimension)) } " — " (i.low_count) " " (t(locale, "survey.low_count"))
                        @if !i.comments.is_empty() { ": " (i.comments.join(" / ")) }
                    }
                }
                @if p.main_dissatisfaction.is_empty() { li { (t(locale, "survey.no_low")) } }
            }
            h2 { (t(locale, "survey.low_scores")) }
            table {
                thead { tr {
                    th { (t(locale, "order.customer")) }
                    th { (t(locale, "survey.dimension")) }
                    th.num { (t(locale, "survey.score")) }
                    th { (t(locale, "survey.comment_short")) }
                } }
                tbody {
                    @for l in &p.low_scores {
                        tr {
                            td { (l.customer_name) }
                            td { (dim(l.dimension)) }
                            td.num { (l.score) }
                            td { (l.comment.as_deref().unwrap_or("")) }
                        }
                    }
                }
            }
            h2 { (t(locale, "corrective.title")) }
            table {
                thead { tr {
                    th { (t(locale, "corrective.number")) }
                    th { (t(locale, "survey.dimension")) }
                    th { (t(locale, "corrective.status")) }
                    th { (t(locale, "corrective.measures")) }
                } }
                tbody {
                    @for a in &p.corrective_actions {
                        tr {
                            td { (a.number) }
                            td { (dim(a.dimension)) }
                            td { (t(locale, &format!("corrective.status.{}", a.status))) }
                            td { (a.measures.as_deref().unwrap_or("—")) }
                        }
                    }
                }
            }
            div.sign {
                div { (t(locale, "print.prepared_by")) }
                div { (t(locale, "print.reviewer")) }
                div { (t(locale, "print.date")) }
            }
        }
    };
    Ok(print_page(locale, &format!("{} {}", t(locale, "survey.report.title"), p.label), body))
}
