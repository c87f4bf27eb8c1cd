//! Sales performance (第十八条): per sales rep and half year, delivered value against target,
//! the satisfaction of the rep's customers, on-time delivery and complaints; the sales
//! manager edits the targets in place. Live.

use crate::api::satisfaction::{performance_board, SetSalesTarget};
use crate::components::bars::bars_svg;
use crate::components::form::{error_of, ErrorBanner};
use crate::components::layout::allowed;
use crate::components::live::use_live;
use crate::domain::performance::{RepPerformance, SalesTargetInput};
use crate::domain::{format_fen, parse_yuan, Action};
use crate::i18n::use_i18n;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1} %")).unwrap_or_else(|| "—".into())
}

#[component]
pub fn PerformancePage() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let year = move || query.read().get("year").and_then(|y| y.parse::<i32>().ok());
    let half = move || query.read().get("half").and_then(|h| h.parse::<u8>().ok());
    let live = use_live(&["delivery_note", "survey", "sales_target"]);
    let data = crate::api::resource(move || (year(), half(), live.get()), |(y, h, _)| performance_board(y, h));
    view! {
        <Title text=i.t("nav.performance")/>
        <section class="page">
            <h1>{i.t("nav.performance")}</h1>
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(r) => {
                            let (y, h) = (r.year, r.half);
                            view! {
                                <PeriodPicker year=y half=h/>
                                <p class="muted">{r.from.clone()}" – "{r.to.clone()}</p>
                                <RepChart reps=r.reps.clone()/>
                                <div class="table-wrap"><table class="performance">
                                    <caption class="sr-only">{i.t("nav.performance")}</caption>
                                    <thead><tr>
                                        <th scope="col">{i.t("perf.rep")}</th>
                                        <th scope="col" class="num">{i.t("perf.delivered")}</th>
                                        <th scope="col" class="num">{i.t("perf.target")}</th>
                                        <th scope="col">{i.t("perf.completion")}</th>
                                        <th scope="col" class="num">{i.t("perf.satisfaction")}</th>
                                        <th scope="col" class="num">{i.t("perf.on_time")}</th>
                                        <th scope="col" class="num">{i.t("perf.complaints")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {r.reps.into_iter().map(|rep| view! { <RepRow rep=rep year=y half=h/> }).collect_view()}
                                    </tbody>
                                    <tfoot><tr>
                                        <th scope="row">{i.t("perf.total")}</th>
                                        <td class="num">{format_fen(r.total_delivered_fen)}</td>
                                        <td class="num">{format_fen(r.total_target_fen)}</td>
                                        <td>{pct(r.total_completion)}</td>
                                        <td></td><td></td><td></td>
                                    </tr></tfoot>
                                </table></div>
                                <p class="hint">{i.t("perf.hint")}</p>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// Each rep's delivered sales beside the target, in ten thousands of yuan; the table below
/// carries the same figures for screen readers.
#[component]
fn RepChart(reps: Vec<RepPerformance>) -> impl IntoView {
    let i = use_i18n();
    let wan = |fen: i64| (fen as f64 / 1_000_000.0 * 10.0).round() / 10.0;
    let groups: Vec<(String, Vec<Option<f64>>)> = reps
        .iter()
        .map(|r| {
            let name = r.name.clone().unwrap_or_else(|| r.sales_rep.clone());
            (name, vec![Some(wan(r.delivered_fen)), r.target_fen.map(wan)])
        })
        .collect();
    let svg = bars_svg(&i.t("perf.chart"), &groups, &[i.t("perf.delivered"), i.t("perf.target")]);
    view! {
        <figure class="chart-card wide">
            <figcaption><strong>{i.t("perf.chart")}</strong></figcaption>
            <div class="chart" inner_html=svg></div>
        </figure>
    }
}

#[component]
fn PeriodPicker(year: i32, half: u8) -> impl IntoView {
    let i = use_i18n();
    let navigate = use_navigate();
    let (prev, next) = {
        let p = crate::domain::satisfaction::Period { year, half };
        let prev = p.previous();
        let next = if half == 1 { (year, 2) } else { (year + 1, 1) };
        ((prev.year, prev.half), next)
    };
    let go = move |y: i32, h: u8| navigate(&format!("/performance?year={y}&half={h}"), Default::default());
    let go2 = go.clone();
    view! {
        <nav class="actions" aria-label=i.t("perf.period")>
            <button type="button" on:click=move |_| go(prev.0, prev.1)>{format!("← {}-H{}", prev.0, prev.1)}</button>
            <strong class="period-label">{format!("{year}-H{half}")}</strong>
            <button type="button" on:click=move |_| go2(next.0, next.1)>{format!("{}-H{} →", next.0, next.1)}</button>
        </nav>
    }
}

#[component]
fn RepRow(rep: RepPerformance, year: i32, half: u8) -> impl IntoView {
    let i = use_i18n();
    let save = ServerAction::<SetSalesTarget>::new();
    let error = Signal::derive(move || error_of(&save.value().get()));
    let target = RwSignal::new(rep.target_fen.map(|f| format!("{}.{:02}", f / 100, f % 100)).unwrap_or_default());
    let rep_name = rep.sales_rep.clone();
    let field = format!("target-{}", rep.sales_rep);
    let bad_amount = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = target.get_untracked();
        let amount = if text.trim().is_empty() { Some(0) } else { parse_yuan(text.trim()) };
        match amount {
            Some(amount_fen) => {
                bad_amount.set(false);
                save.dispatch(SetSalesTarget {
                    input: SalesTargetInput { sales_rep: rep_name.clone(), year, half, amount_fen },
                });
            }
            None => bad_amount.set(true),
        }
    };
    let completion = rep.completion;
    view! {
        <tr data-rep=rep.sales_rep.clone()>
            <th scope="row">{rep.name.clone().unwrap_or_else(|| rep.sales_rep.clone())}<br/><small class="muted">{rep.sales_rep.clone()}</small></th>
            <td class="num">{format_fen(rep.delivered_fen)}</td>
            <td class="num">{if allowed(Action::ManageSalesTargets) {
                view! {
                    <form class="inline-form" on:submit=on_submit>
                        <label class="sr-only" for=field.clone()>{i.t("perf.target")}" "{rep.sales_rep.clone()}</label>
                        <input id=field.clone() class="money" inputmode="decimal" placeholder="¥" prop:value=target on:input=move |ev| target.set(event_target_value(&ev))
                            aria-invalid=move || bad_amount.get().to_string()/>
                        <button type="submit" disabled=move || save.pending().get()>{i.t("form.save")}</button>
                        {move || bad_amount.get().then(|| view! { <p class="error" role="alert">{i.t("validation.amount")}</p> })}
                        <ErrorBanner error=error/>
                    </form>
                }.into_any()
            } else {
                view! { <span>{rep.target_fen.map(format_fen).unwrap_or_else(|| "—".into())}</span> }.into_any()
            }}</td>
            <td>{match completion {
                Some(c) => view! { <span class="bar" style=format!("--w:{}%", c.min(100.0))>{pct(Some(c))}</span> }.into_any(),
                None => view! { <span class="muted">"—"</span> }.into_any(),
            }}</td>
            <td class="num">{rep.satisfaction.map(|s| format!("{s:.2} ({})", rep.satisfaction_answers)).unwrap_or_else(|| "—".into())}</td>
            <td class="num">{pct(rep.on_time_rate)}{(rep.deliveries > 0).then(|| format!(" ({}/{})", rep.on_time, rep.deliveries))}</td>
            <td class="num">{rep.complaints.map(|c| c.to_string()).unwrap_or_else(|| "—".into())}</td>
        </tr>
    }
}
