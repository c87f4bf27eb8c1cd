//! The quarterly feedback analysis for top management (§4.2.3): the figures beside the quarter
//! before, the main issues with their actions, and the departments it went to with their
//! acknowledgements. Issued or, before that, as worked out now (marked so).

use super::PrintCaller;
use crate::pages::{company, print_page};
use crate::rest::ApiErr;
use app::backend::AppState;
use app::domain::feedback::{figure_rows, shown, Quarter};
use app::domain::local_minute;
use app::error::AppError;
use app::i18n::t;
use axum::extract::{Path, State};
use axum::response::Response;
use maud::html;

/// `GET /print/feedback-reports/{year}/{quarter}`.
pub async fn feedback_report(
    State(state): State<AppState>,
    caller: PrintCaller,
    Path((year, quarter)): Path<(String, String)>,
) -> Result<Response, ApiErr> {
    let PrintCaller { ref user, locale, .. } = caller;
    let year: i32 = year.parse().map_err(|_| AppError::validation("year", "validation.number"))?;
    let quarter: u32 = quarter.parse().map_err(|_| AppError::validation("quarter", "validation.number"))?;
    let r = app::backend::feedback::get(&state, user, Some(Quarter::new(year, quarter)?)).await?;
    let label = Quarter { year, quarter }.label();
    let tr = |k: &str| t(locale, k);
    let rows = figure_rows(tr, &r.current, &r.previous);
    let body = html! {
        div.sheet {
            p.company { (company(locale)) }
            h1 { (tr("feedback.title")) }
            p.no { (label) }
            p {
                @match (&r.issued_by, &r.issued_at) {
                    (Some(by), Some(at)) => { (tr("feedback.issued").replace("{by}", by).replace("{at}", &local_minute(at))) }
                    _ => { strong.mark { (tr("feedback.not_issued")) } }
                }
            }
            table {
                thead { tr {
                    th { (tr("feedback.figure")) }
                    th.num { (tr("feedback.this_quarter")) }
                    th.num { (tr("feedback.previous_quarter")) }
                } }
                tbody {
                    @for (n, f) in rows.iter().enumerate() {
                        @if let Some(g) = f.group.as_ref().filter(|g| n == 0 || rows[n - 1].group.as_ref() != Some(*g)) {
                            tr.group { th colspan="3" { (g) } }
                        }
                        tr { th { (f.label) } td.num { (shown(f.now)) } td.num { (shown(f.before)) } }
                    }
                }
            }
            h2 { (tr("feedback.main_issues")) }
            table {
                thead { tr {
                    th { (tr("order.product")) }
                    th { (tr("complaint.category")) }
                    th.num { (tr("feedback.kind.complaint")) }
                    th { (tr("feedback.actions")) }
                } }
                tbody {
                    @for m in &r.current.main_issues {
                        tr.keep {
                            td { (m.product) }
                            td { (tr(&format!("complaint.category.{}", m.category))) }
                            td.num { (m.count) }
                            td {
                                (m.examples.join("；"))
                                @if !m.actions.is_empty() { br; strong { (tr("feedback.actions")) ": " } (m.actions.join("；")) }
                            }
                        }
                    }
                }
            }
            h2 { (tr("feedback.departments")) }
            table {
                tbody {
                    @for d in &r.departments {
                        tr {
                            th { (tr(&format!("dept.{}", d.department))) }
                            td { (d.acknowledged_by.as_deref().unwrap_or("—")) }
                            td { (d.acknowledged_at.as_deref().map(local_minute).unwrap_or_else(|| "—".into())) }
                        }
                    }
                }
            }
        }
    };
    Ok(print_page(locale, &format!("{} {label}", tr("feedback.title")), body))
}
