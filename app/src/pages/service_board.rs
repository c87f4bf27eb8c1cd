//! The service board `/service`: open after-sales records by their state against the limits,
//! the records that need someone now, unanswered inquiries by age, complaints by 8D stage,
//! and the tickets' first-response and resolution times by month (chart and table). Live: it
//! reads again whenever an inquiry, complaint, ticket or SDS distribution changes.

use crate::api::service::load_service_board;
use crate::components::bars::bars_svg;
use crate::components::live::use_live;
use crate::domain::local_minute;
use crate::domain::service_board::{MonthTimes, ServiceBoard, Times};
use crate::i18n::use_i18n;
use crate::pages::inquiries::SlaBadge;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ServiceBoardPage() -> impl IntoView {
    let i = use_i18n();
    let live = use_live(&["inquiry", "complaint", "service_ticket", "sds_distribution"]);
    let data = crate::api::resource(move || live.get(), |_| load_service_board());
    view! {
        <Title text=i.t("nav.service")/>
        <section class="page service-board">
            <h1>{i.t("nav.service")}</h1>
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(b) => view! { <Board b=b/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn hours(v: Option<f64>) -> String {
    v.map(|h| format!("{h:.1}")).unwrap_or_else(|| "—".into())
}

#[component]
fn Board(b: ServiceBoard) -> impl IntoView {
    let i = use_i18n();
    let ServiceBoard { sla, inquiry_ages, complaint_stages, months, attention, sds_open_count, sds_open, as_of } = b;
    let sds = if sds_open.is_empty() {
        view! { <p class="empty">{i.t("sds.none")}</p> }.into_any()
    } else {
        view! {
            <ul class="history sds-open">
                {sds_open.into_iter().map(|d| view! {
                    <li data-distribution=d.id>
                        <A href=format!("/sds-distributions/{}", d.id)>{d.number.clone()}</A>
                        " · "{d.product_name.clone()}" · "{i.t("doc.revision")}" "{d.revision.clone()}" · "
                        <span class="progress">{i.t("sds.progress")
                            .replace("{done}", &d.acknowledged_count.to_string())
                            .replace("{total}", &d.recipient_count.to_string())}</span>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let sla_rows = sla
        .into_iter()
        .map(|c| {
            view! {
                <tr data-record=c.record.clone()>
                    <th scope="row">{i.t(&format!("service.record.{}", c.record))}</th>
                    <td class="num on-time">{c.on_time}</td>
                    <td class="num near" class:warn=c.near != 0>{c.near}</td>
                    <td class="num overdue" class:bad=c.overdue != 0>{c.overdue}</td>
                    <td class="num paused">{c.paused}</td>
                </tr>
            }
        })
        .collect_view();
    let attention_count = attention.len();
    let attention = if attention.is_empty() {
        view! { <p class="empty">{i.t("service.none_attention")}</p> }.into_any()
    } else {
        view! {
            <ul class="history attention">
                {attention.into_iter().map(|a| view! {
                    <li class=a.sla.key() data-record=a.record.clone()>
                        <SlaBadge state=a.sla/>" "
                        <A href=a.href()>{a.number.clone()}</A>" · "{a.customer_name.clone()}
                        {a.due_at.as_deref().map(|d| view! { " · "<span class="muted">{i.t("service.due")}" "{local_minute(d)}</span> })}
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let series = vec![i.t("service.median_h"), i.t("service.p90_h")];
    let chart = |title: String, pick: fn(&MonthTimes) -> &Times| {
        let groups: Vec<(String, Vec<Option<f64>>)> = months
            .iter()
            .map(|m| (m.month.get(2..).unwrap_or(&m.month).to_string(), vec![pick(m).median_h, pick(m).p90_h]))
            .collect();
        let svg = bars_svg(&title, &groups, &series);
        view! {
            <figure class="chart-card">
                <figcaption><strong>{title}</strong></figcaption>
                <div class="chart" inner_html=svg></div>
            </figure>
        }
    };
    let charts = view! {
        {chart(i.t("service.response_times"), |m| &m.response)}
        {chart(i.t("service.resolution_times"), |m| &m.resolution)}
    };
    view! {
        <p class="muted as-of">{i.t("service.as_of")}" "{local_minute(&as_of)}</p>
        <h2>{i.t("service.by_sla")}</h2>
        <div class="table-wrap"><table class="sla-table">
            <thead><tr>
                <th scope="col">{i.t("service.record")}</th>
                <th scope="col" class="num">{i.t("sla.on_time")}</th>
                <th scope="col" class="num">{i.t("sla.near")}</th>
                <th scope="col" class="num">{i.t("sla.overdue")}</th>
                <th scope="col" class="num">{i.t("sla.paused")}</th>
            </tr></thead>
            <tbody>{sla_rows}</tbody>
        </table></div>
        <h2>{i.t("service.attention")}" "<span class="badge">{attention_count}</span></h2>
        {attention}
        <h2>{i.t("sds.open_count")}" "<span class="badge sds-open-count">{sds_open_count}</span></h2>
        {sds}
        <div class="two-col">
            <div>
                <h2>{i.t("service.inquiry_ages")}</h2>
                <table class="ages">
                    <thead><tr><th scope="col">{i.t("service.age")}</th><th scope="col" class="num">{i.t("service.count")}</th></tr></thead>
                    <tbody>{inquiry_ages.into_iter().map(|a| view! {
                        <tr data-age=a.age.clone()><th scope="row">{i.t(&format!("service.age.{}", a.age))}</th><td class="num">{a.count}</td></tr>
                    }).collect_view()}</tbody>
                </table>
            </div>
            <div>
                <h2>{i.t("service.complaint_stages")}</h2>
                <table class="stages">
                    <thead><tr><th scope="col">{i.t("service.stage")}</th><th scope="col" class="num">{i.t("service.count")}</th></tr></thead>
                    <tbody>{complaint_stages.into_iter().map(|s| view! {
                        <tr data-stage=s.stage.key()><th scope="row">{i.t(&format!("complaint.stage.{}", s.stage.key()))}</th><td class="num">{s.count}</td></tr>
                    }).collect_view()}</tbody>
                </table>
            </div>
        </div>
        <h2>{i.t("service.times")}</h2>
        <div class="charts">
            {charts}
        </div>
        <div class="table-wrap"><table class="times">
            <caption class="sr-only">{i.t("service.times")}</caption>
            <thead><tr>
                <th scope="col">{i.t("board.month")}</th>
                <th scope="col" class="num">{i.t("service.responses")}</th>
                <th scope="col" class="num">{i.t("service.median_h")}</th>
                <th scope="col" class="num">{i.t("service.p90_h")}</th>
                <th scope="col" class="num">{i.t("service.resolutions")}</th>
                <th scope="col" class="num">{i.t("service.median_h")}</th>
                <th scope="col" class="num">{i.t("service.p90_h")}</th>
            </tr></thead>
            <tbody>{months.into_iter().rev().map(|m| view! {
                <tr>
                    <th scope="row">{m.month.clone()}</th>
                    <td class="num">{m.response.count}</td>
                    <td class="num">{hours(m.response.median_h)}</td>
                    <td class="num">{hours(m.response.p90_h)}</td>
                    <td class="num">{m.resolution.count}</td>
                    <td class="num">{hours(m.resolution.median_h)}</td>
                    <td class="num">{hours(m.resolution.p90_h)}</td>
                </tr>
            }).collect_view()}</tbody>
        </table></div>
    }
}
