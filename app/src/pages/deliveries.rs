//! The delivery deadlines dashboard: the next 14 days by date with each order's readiness,
//! overdue deliveries, and the on-time delivery rate by month. Live.

use crate::api::delivery::delivery_board;
use crate::components::bars::bars_svg;
use crate::components::live::use_live;
use crate::domain::delivery::{DueOrder, MonthRate};
use crate::i18n::use_i18n;
use crate::pages::orders::readiness_badge;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn DeliveryBoardPage() -> impl IntoView {
    let i = use_i18n();
    let live = use_live(&["order", "delivery_note"]);
    let data = crate::api::resource(move || live.get(), |_| delivery_board());
    view! {
        <Title text=i.t("nav.deliveries")/>
        <section class="page">
            <h1>{i.t("nav.deliveries")}</h1>
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(b) => view! {
                            <h2>{i.t("board.overdue")}" "<span class="badge">{b.overdue.len()}</span></h2>
                            {if b.overdue.is_empty() {
                                view! { <p class="empty">{i.t("board.none_overdue")}</p> }.into_any()
                            } else {
                                view! { <ul class="history">{b.overdue.into_iter().map(|o| view! { <li class="overdue"><DueLink o=o/></li> }).collect_view()}</ul> }.into_any()
                            }}
                            <h2>{i.t("board.next_days")}</h2>
                            <div class="table-wrap"><table class="board">
                                <thead><tr><th scope="col">{i.t("board.date")}</th><th scope="col">{i.t("board.orders")}</th></tr></thead>
                                <tbody>{b.days.into_iter().map(|d| view! {
                                    <tr>
                                        <th scope="row">{d.date.clone()}</th>
                                        <td>{if d.orders.is_empty() { view! { <span class="muted">"—"</span> }.into_any() } else {
                                            d.orders.into_iter().map(|o| view! { <div><DueLink o=o/></div> }).collect_view().into_any()
                                        }}</td>
                                    </tr>
                                }).collect_view()}</tbody>
                            </table></div>
                            <h2 id="on-time">{i.t("board.on_time")}</h2>
                            <OnTimeChart months=b.on_time.clone()/>
                            <div class="table-wrap"><table class="on-time">
                                <caption class="sr-only">{i.t("board.on_time")}</caption>
                                <thead><tr>
                                    <th scope="col">{i.t("board.month")}</th>
                                    <th scope="col" class="num">{i.t("board.delivered")}</th>
                                    <th scope="col" class="num">{i.t("board.on_time_count")}</th>
                                    <th scope="col">{i.t("board.rate")}</th>
                                </tr></thead>
                                <tbody>{b.on_time.into_iter().map(|m| view! {
                                    <tr>
                                        <th scope="row">{m.month.clone()}</th>
                                        <td class="num">{m.delivered}</td>
                                        <td class="num">{m.on_time}</td>
                                        <td>{match m.rate {
                                            Some(r) => view! { <span class="bar" style=format!("--w:{r}%")>{format!("{r:.1} %")}</span> }.into_any(),
                                            None => view! { <span class="muted">"—"</span> }.into_any(),
                                        }}</td>
                                    </tr>
                                }).collect_view()}</tbody>
                            </table></div>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The on-time rate of each month as bars (a month without deliveries has none); the table
/// below it carries the same figures for screen readers.
#[component]
fn OnTimeChart(months: Vec<MonthRate>) -> impl IntoView {
    let i = use_i18n();
    let groups: Vec<(String, Vec<Option<f64>>)> =
        months.iter().map(|m| (m.month.get(2..).unwrap_or(&m.month).to_string(), vec![m.rate])).collect();
    let svg = bars_svg(&i.t("board.on_time"), &groups, &[i.t("board.rate_pct")]);
    view! {
        <figure class="chart-card wide">
            <div class="chart" inner_html=svg></div>
        </figure>
    }
}

#[component]
fn DueLink(o: DueOrder) -> impl IntoView {
    view! {
        <A href=format!("/orders/{}", o.id)>{o.number.clone()}</A>" · "{o.customer_name.clone()}" · "{o.requested_delivery_date.clone()}" "{readiness_badge(o.readiness)}
    }
}
