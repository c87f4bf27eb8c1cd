//! The quarterly feedback analysis `/feedback` (§4.2.3): a quarter's figures beside the quarter
//! before (charts with the table beside them), the main issues with their actions, and the
//! departments it went to. Service or the sales manager issues it; each department's people
//! acknowledge it; top management downloads the workbook.

use crate::api::documents::{load_feedback, AcknowledgeFeedback, IssueFeedback};
use crate::components::bars::bars_svg;
use crate::components::form::{error_of, ErrorBanner};
use crate::components::layout::allowed;
use crate::components::live::use_live;
use crate::domain::feedback::{figure_rows, shown, FeedbackReport};
use crate::domain::local_minute;
use crate::domain::Action;
use crate::i18n::use_i18n;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn FeedbackPage() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let pick = move || {
        let q = query.read();
        match (q.get("year").and_then(|y| y.parse().ok()), q.get("quarter").and_then(|v| v.parse().ok())) {
            (Some(y), Some(q)) => Some((y, q)),
            _ => None,
        }
    };
    let live = use_live(&["feedback_report"]);
    let issue = ServerAction::<IssueFeedback>::new();
    let ack = ServerAction::<AcknowledgeFeedback>::new();
    let data = Resource::new(
        move || (pick(), live.get(), issue.version().get(), ack.version().get()),
        |(p, _, _, _)| load_feedback(p.map(|p| p.0), p.map(|p| p.1)),
    );
    let error = Signal::derive(move || error_of(&issue.value().get()).or_else(|| error_of(&ack.value().get())));
    view! {
        <Title text=i.t("feedback.title")/>
        <section class="page feedback">
            <h1>{i.t("feedback.title")}</h1>
            <leptos_router::components::Form method="GET" action="" attr:class="search filters">
                <label>{i.t("feedback.year")}
                    <input name="year" type="number" min="2000" max="2100" prop:value=move || pick().map(|p| p.0.to_string()).unwrap_or_default()/>
                </label>
                <label>{i.t("feedback.quarter")}
                    <select name="quarter" prop:value=move || pick().map(|p| p.1.to_string()).unwrap_or_default()>
                        {[1, 2, 3, 4].map(|q| view! { <option value=q.to_string()>{format!("Q{q}")}</option> }).collect_view()}
                    </select>
                </label>
                <button type="submit">{i.t("feedback.show")}</button>
            </leptos_router::components::Form>
            <ErrorBanner error=error/>
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(r) => view! { <Report r=r issue=issue ack=ack/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Report(
    r: FeedbackReport,
    issue: ServerAction<IssueFeedback>,
    ack: ServerAction<AcknowledgeFeedback>,
) -> impl IntoView {
    let i = use_i18n();
    let (c, p) = (&r.current, &r.previous);
    let groups: Vec<(String, Vec<Option<f64>>)> = c
        .counts
        .by_type
        .iter()
        .map(|t| {
            let before = p.counts.by_type.iter().find(|b| b.key == t.key).map(|b| b.count as f64).unwrap_or(0.0);
            (i.t(&format!("feedback.kind.{}", t.key)), vec![Some(t.count as f64), Some(before)])
        })
        .collect();
    let chart =
        bars_svg(&i.t("feedback.by_type"), &groups, &[i.t("feedback.this_quarter"), i.t("feedback.previous_quarter")]);
    let table = figure_rows(|k| i.t(k), c, p);
    let groups: Vec<Option<String>> = table.iter().map(|f| f.group.clone()).collect();
    let (year, quarter) = (r.year, r.quarter);
    let status = match (&r.issued_by, &r.issued_at) {
        (Some(by), Some(at)) => i.t("feedback.issued").replace("{by}", by).replace("{at}", &local_minute(at)),
        _ => i.t("feedback.not_issued"),
    };
    let issued = r.id;
    view! {
            <h2>{format!("{year}-Q{quarter}")}</h2>
            <p class="muted" data-issued=issued.is_some()>{status}</p>
            <p class="actions">
                {(issued.is_none() && allowed(Action::IssueFeedbackReports)).then(|| view! {
                    <button type="button" disabled=move || issue.pending().get()
                        on:click=move |_| { issue.dispatch(IssueFeedback { year, quarter }); }>{i.t("feedback.issue")}</button>
                })}
                <a class="button" rel="external" target="_blank" href=format!("/print/feedback-reports/{year}/{quarter}")>{i.t("feedback.print")}</a>
                {issued.map(|id| view! {
                    <a class="button" rel="external" download="" href=format!("/api/v1/feedback-reports/{id}/report.xlsx")>{i.t("feedback.download")}</a>
                })}
            </p>
            <div class="two-col">
                <figure class="chart-card">
                    <figcaption><strong>{i.t("feedback.by_type")}</strong></figcaption>
                    <div class="chart" inner_html=chart></div>
                </figure>
                <div class="table-wrap" tabindex="0" role="region" aria-label=i.t("feedback.figure")><table class="figures">
                    <thead><tr>
                        <th scope="col">{i.t("feedback.figure")}</th>
                        <th scope="col" class="num">{i.t("feedback.this_quarter")}</th>
                        <th scope="col" class="num">{i.t("feedback.previous_quarter")}</th>
                    </tr></thead>
                    <tbody>{table.into_iter().enumerate().map(|(n, f)| {
                        let heading = f.group.clone().filter(|g| n == 0 || groups[n - 1] != Some(g.clone()));
                        view! {
                            {heading.map(|g| view! { <tr class="group"><th colspan="3" scope="colgroup">{g}</th></tr> })}
                            <tr><th scope="row">{f.label}</th><td class="num">{shown(f.now)}</td><td class="num">{shown(f.before)}</td></tr>
                        }
    }).collect_view()}</tbody>
                </table></div>
            </div>
            <h2>{i.t("feedback.main_issues")}</h2>
            <ul class="history main-issues">
                {c.main_issues.iter().map(|m| view! {
                    <li>
                        <strong>{m.product.clone()}" · "{i.t(&format!("complaint.category.{}", m.category))}" · "{m.count}</strong>
                        <br/>{m.examples.join("；")}
                        {(!m.actions.is_empty()).then(|| view! { <br/>{i.t("feedback.actions")}": "{m.actions.join("；")} })}
                    </li>
                }).collect_view()}
            </ul>
            <h2>{i.t("feedback.departments")}</h2>
            <ul class="history departments">
                {r.departments.iter().map(|d| view! {
                    <li data-department=d.department.clone()>
                        {i.t(&format!("dept.{}", d.department))}" · "
                        {match (&d.acknowledged_by, &d.acknowledged_at) {
                            (Some(by), Some(at)) => format!("{by} · {}", local_minute(at)),
                            _ => "—".to_string(),
                        }}
                    </li>
                }).collect_view()}
            </ul>
            {issued.map(|id| view! {
                <button type="button" disabled=move || ack.pending().get()
                    on:click=move |_| { ack.dispatch(AcknowledgeFeedback { id }); }>{i.t("feedback.acknowledge")}</button>
            })}
        }
}
