//! Customer satisfaction (§4.2.5, §8): the trends dashboard (a chart per dimension against
//! its target, response rates, the customers behind low scores, open corrective actions),
//! a survey period's results and links, and the corrective actions. Live.

use crate::api::satisfaction::{
    get_action, get_period, list_actions, satisfaction_dashboard, ClosePeriod, OpenPeriod, SaveTargets, UpdateAction,
};
use crate::components::chart::trend_svg;
use crate::components::disclosure::Disclosure;
use crate::components::form::{error_of, field_error, ErrorBanner};
use crate::components::layout::allowed;
use crate::components::live::use_live;
use crate::domain::local_minute;
use crate::domain::satisfaction::{
    CorrectiveAction, CorrectiveActionInput, Dimension, LowScore, PeriodInput, SatisfactionBoard, SurveyPeriod, Targets,
};
use crate::domain::Action;
use crate::i18n::use_i18n;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

fn score(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.2}")).unwrap_or_else(|| "—".into())
}

fn dim_name(d: Dimension) -> String {
    use_i18n().t(&format!("survey.dim.{}", d.key()))
}

pub fn action_badge(status: &str) -> impl IntoView {
    let i = use_i18n();
    let class = if status == "open" { "badge warn" } else { "badge ok" };
    view! { <span class=class>{i.t(&format!("corrective.status.{status}"))}</span> }
}

#[component]
pub fn SatisfactionPage() -> impl IntoView {
    let i = use_i18n();
    let live = use_live(&["survey", "corrective_action"]);
    let data = crate::api::resource(move || live.get(), |_| satisfaction_dashboard());
    view! {
        <Title text=i.t("nav.satisfaction")/>
        <section class="page">
            <h1>{i.t("nav.satisfaction")}</h1>
            {allowed(Action::ManageSurveys).then(|| view! { <Disclosure panel=true title="survey.open_period" load=open_period_form/> })}
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

#[component]
fn Board(b: SatisfactionBoard) -> impl IntoView {
    let i = use_i18n();
    if b.periods.is_empty() {
        return view! { <p class="empty">{i.t("survey.none")}</p> }.into_any();
    }
    let latest = b.periods.last().cloned();
    let charts = Dimension::ALL
        .into_iter()
        .map(|d| {
            let points: Vec<(String, Option<f64>)> =
                b.periods.iter().map(|p| (p.label.clone(), p.averages.get(d))).collect();
            let target = b.targets.get(d);
            let last = b.periods.iter().rev().find_map(|p| p.averages.get(d));
            let svg = trend_svg(&format!("{} — {}", dim_name(d), i.t("survey.chart_label")), &points, target, &i.t("survey.target"));
            view! {
                <figure class="chart-card" data-dimension=d.key()>
                    <figcaption><strong>{dim_name(d)}</strong>" "
                        <span class=if last.is_some_and(|v| v < target) { "badge bad" } else { "badge ok" }>{score(last)}</span>
                    </figcaption>
                    <div class="chart" aria-hidden="false" inner_html=svg></div>
                </figure>
            }
        })
        .collect_view();
    view! {
        {latest.map(|p| view! {
            <p class="lead">{i.t("survey.latest")}" "<A href=format!("/satisfaction/periods/{}", p.id)>{p.label.clone()}</A>" · "
                {i.t(&format!("survey.status.{}", p.status))}" · "{i.t("survey.response_rate")}": "
                <strong class="response-rate">{p.response_rate.map(|r| format!("{r:.1} %")).unwrap_or_else(|| "—".into())}</strong>
                " ("{p.answered}"/"{p.links}")"</p>
        })}
        <div class="charts">{charts}</div>
        <h2 id="periods">{i.t("survey.periods")}</h2>
        <div class="table-wrap"><table class="trend-table">
            <caption class="sr-only">{i.t("survey.table_caption")}</caption>
            <thead><tr>
                <th scope="col">{i.t("survey.period")}</th>
                <th scope="col" class="num">{i.t("survey.response_rate")}</th>
                {Dimension::ALL.into_iter().map(|d| view! { <th scope="col" class="num">{dim_name(d)}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {b.periods.clone().into_iter().rev().map(|p| {
                    let cells = Dimension::ALL.into_iter().map(|d| {
                        let v = p.averages.get(d);
                        let below = v.is_some_and(|v| v < b.targets.get(d));
                        view! { <td class="num" class:below=below>{score(v)}{below.then_some(" ▼")}</td> }
                    }).collect_view();
                    view! {
                        <tr>
                            <th scope="row"><A href=format!("/satisfaction/periods/{}", p.id)>{p.label.clone()}</A>
                                {(p.status == "open").then(|| view! { " "<span class="badge warn">{i.t("survey.status.open")}</span> })}</th>
                            <td class="num">{p.response_rate.map(|r| format!("{r:.1} %")).unwrap_or_else(|| "—".into())}" ("{p.answered}"/"{p.links}")"</td>
                            {cells}
                        </tr>
                    }
                }).collect_view()}
                <tr class="targets-row">
                    <th scope="row">{i.t("survey.target")}</th><td></td>
                    {Dimension::ALL.into_iter().map(|d| view! { <td class="num">{format!("{:.2}", b.targets.get(d))}</td> }).collect_view()}
                </tr>
            </tbody>
        </table></div>
        {allowed(Action::ManageSurveys).then(|| {
            let targets = b.targets;
            view! { <Disclosure panel=true title="survey.set_targets" load=move || targets_form(targets)/> }
        })}
        <h2>{i.t("survey.low_scores")}" "<span class="badge">{b.low_scores.len()}</span></h2>
        <LowScores rows=b.low_scores.clone() filter=None/>
        <h2>{i.t("corrective.open")}" "<span class="badge">{b.open_actions.len()}</span></h2>
        <ActionTable rows=b.open_actions.clone()/>
        <p><A href="/corrective-actions">{i.t("corrective.all")}</A></p>
    }
    .into_any()
}

// The two tool panels open on few visits: each form is fetched (with `--split`) when first opened.

#[lazy]
fn open_period_form() -> AnyView {
    view! { <OpenPeriodForm/> }.into_any()
}

#[lazy]
fn targets_form(targets: Targets) -> AnyView {
    view! { <TargetsForm targets=targets/> }.into_any()
}

#[component]
fn OpenPeriodForm() -> impl IntoView {
    let i = use_i18n();
    let open = ServerAction::<OpenPeriod>::new();
    let error = Signal::derive(move || error_of(&open.value().get()));
    let year = RwSignal::new(String::new());
    let half = RwSignal::new("1".to_string());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(p)) = open.value().get() {
            navigate(&format!("/satisfaction/periods/{}", p.id), Default::default());
        }
    });
    let year_err = field_error(error, "year");
    let half_err = field_error(error, "half");
    view! {
        <form class="inline-form" on:submit=move |ev| {
            ev.prevent_default();
            open.dispatch(OpenPeriod { input: PeriodInput {
                year: year.get_untracked().trim().parse().unwrap_or(0),
                half: half.get_untracked().parse().unwrap_or(0),
            } });
        }>
            <div class="field" class:invalid=move || year_err.get().is_some()>
                <label for="survey-year">{i.t("survey.year")}</label>
                <input id="survey-year" inputmode="numeric" required placeholder="2026" prop:value=year on:input=move |ev| year.set(event_target_value(&ev))/>
                <p class="error" role="alert">{move || year_err.get()}</p>
            </div>
            <div class="field" class:invalid=move || half_err.get().is_some()>
                <label for="survey-half">{i.t("survey.half")}</label>
                <select id="survey-half" prop:value=half on:change=move |ev| half.set(event_target_value(&ev))>
                    <option value="1">{i.t("survey.h1")}</option>
                    <option value="2">{i.t("survey.h2")}</option>
                </select>
                <p class="error" role="alert">{move || half_err.get()}</p>
            </div>
            <button type="submit" class="primary" disabled=move || open.pending().get()>{i.t("survey.open_button")}</button>
            <ErrorBanner error=error/>
        </form>
        <p class="hint">{i.t("survey.open_hint")}</p>
    }
}

#[component]
fn TargetsForm(targets: Targets) -> impl IntoView {
    let i = use_i18n();
    let save = ServerAction::<SaveTargets>::new();
    let error = Signal::derive(move || error_of(&save.value().get()));
    let values: Vec<(Dimension, RwSignal<String>)> =
        Dimension::ALL.into_iter().map(|d| (d, RwSignal::new(format!("{:.2}", targets.get(d))))).collect();
    let read = values.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let v = |d: Dimension| {
            read.iter()
                .find(|(x, _)| *x == d)
                .and_then(|(_, s)| s.get_untracked().trim().parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        save.dispatch(SaveTargets {
            targets: Targets {
                quality: v(Dimension::Quality),
                delivery: v(Dimension::Delivery),
                service: v(Dimension::Service),
                price: v(Dimension::Price),
            },
        });
    };
    view! {
        <form class="inline-form" on:submit=on_submit>
            {values.into_iter().map(|(d, s)| {
                let err = field_error(error, d.key());
                let id = format!("target-{}", d.key());
                view! {
                    <div class="field" class:invalid=move || err.get().is_some()>
                        <label for=id.clone()>{dim_name(d)}</label>
                        <input id=id type="number" min="1" max="5" step="0.1" required prop:value=s on:input=move |ev| s.set(event_target_value(&ev))/>
                        <p class="error" role="alert">{move || err.get()}</p>
                    </div>
                }
            }).collect_view()}
            <button type="submit" disabled=move || save.pending().get()>{i.t("form.save")}</button>
            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <span class="badge ok" role="status">{i.t("form.saved")}</span> })}
            <ErrorBanner error=error/>
        </form>
        <p class="hint">{i.t("survey.targets_hint")}</p>
    }
}

/// The customers behind low scores; `filter` limits to one dimension.
#[component]
fn LowScores(rows: Vec<LowScore>, filter: Option<Dimension>) -> impl IntoView {
    let i = use_i18n();
    let rows: Vec<LowScore> = rows.into_iter().filter(|r| filter.is_none_or(|d| r.dimension == d)).collect();
    if rows.is_empty() {
        return view! { <p class="empty">{i.t("survey.no_low")}</p> }.into_any();
    }
    view! {
        <div class="table-wrap"><table class="low-scores">
            <thead><tr>
                <th scope="col">{i.t("order.customer")}</th>
                <th scope="col">{i.t("survey.dimension")}</th>
                <th scope="col" class="num">{i.t("survey.score")}</th>
                <th scope="col">{i.t("survey.comment_short")}</th>
            </tr></thead>
            <tbody>{rows.into_iter().map(|l| view! {
                <tr>
                    <td><A href=format!("/customers/{}", l.customer_id)>{l.customer_name.clone()}</A></td>
                    <td>{dim_name(l.dimension)}</td>
                    <td class="num"><span class="badge bad">{l.score}</span></td>
                    <td>{l.comment.clone().unwrap_or_default()}</td>
                </tr>
            }).collect_view()}</tbody>
        </table></div>
    }
    .into_any()
}

#[component]
fn ActionTable(rows: Vec<CorrectiveAction>) -> impl IntoView {
    let i = use_i18n();
    if rows.is_empty() {
        return view! { <p class="empty">{i.t("corrective.none")}</p> }.into_any();
    }
    view! {
        <div class="table-wrap"><table>
            <thead><tr>
                <th scope="col">{i.t("corrective.number")}</th>
                <th scope="col">{i.t("survey.period")}</th>
                <th scope="col">{i.t("survey.dimension")}</th>
                <th scope="col">{i.t("corrective.why")}</th>
                <th scope="col">{i.t("corrective.status")}</th>
            </tr></thead>
            <tbody>{rows.into_iter().map(|a| { let (reason, number) = (why(&a), a.number.clone()); view! {
                <tr>
                    <td><A href=format!("/corrective-actions/{}", a.id)>{number}</A></td>
                    <td>{a.period_label.clone()}</td>
                    <td>{dim_name(a.dimension)}</td>
                    <td>{reason}</td>
                    <td>{action_badge(&a.status)}</td>
                </tr>
            } }).collect_view()}</tbody>
        </table></div>
    }
    .into_any()
}

fn why(a: &CorrectiveAction) -> String {
    let i = use_i18n();
    let mut parts = Vec::new();
    if a.below_target {
        parts.push(format!("{} {:.2} < {} {:.2}", i.t("survey.average"), a.average, i.t("survey.target"), a.target));
    }
    if a.declining {
        parts.push(format!("{} {} → {:.2}", i.t("corrective.declining"), score(a.previous), a.average));
    }
    parts.join(" · ")
}

#[component]
pub fn PeriodPage() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let live = use_live(&["survey", "corrective_action"]);
    let data = crate::api::resource(move || (id(), live.get()), |(id, _)| get_period(id));
    view! {
        <section class="page">
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || {
                    // the drill-down filter is part of the address, so back and forward work
                    let filter = query.read().get("dimension").and_then(|d| Dimension::parse(&d));
                    Suspend::new(async move {
                        match data.await {
                            Err(e) => view! { <LoadError error=e/> }.into_any(),
                            Ok(p) => view! { <PeriodView p=p filter=filter/> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn PeriodView(p: SurveyPeriod, filter: Option<Dimension>) -> impl IntoView {
    let i = use_i18n();
    let close = ServerAction::<ClosePeriod>::new();
    let error = Signal::derive(move || error_of(&close.value().get()));
    let confirming = RwSignal::new(false);
    let (id, version) = (p.id, p.version);
    let open = p.status == "open";
    let answered = p.links.iter().filter(|l| l.answered).count();
    let comparisons = p.same_half_earlier.clone();
    view! {
        <Title text=format!("{} {}", i.t("survey.period"), p.label)/>
        <p class="crumbs"><A href="/satisfaction">{i.t("nav.satisfaction")}</A></p>
        <h1>{i.t("survey.period")}" "{p.label.clone()}" "
            <span class=if open { "badge warn" } else { "badge ok" }>{i.t(&format!("survey.status.{}", p.status))}</span></h1>
        <p class="lead">{i.t("survey.response_rate")}": "<strong class="response-rate">{p.response_rate.map(|r| format!("{r:.1} %")).unwrap_or_else(|| "—".into())}</strong>
            " ("{answered}"/"{p.links.len()}")"</p>
        <div class="actions">
            <a class="button" rel="external" target="_blank" href=format!("/print/survey-periods/{id}/report")>{i.t("survey.print_report")}</a>
            <a class="button" rel="external" download="" href=format!("/api/v1/survey-periods/{id}/report.xlsx")>{i.t("ledger.export_xlsx")}</a>
            {(open && allowed(Action::ManageSurveys)).then(|| view! {
                <a class="button" rel="external" target="_blank" href=format!("/print/survey-periods/{id}/links")>{i.t("survey.print_links")}</a>
                <button type="button" on:click=move |_| confirming.set(true)>{i.t("survey.close")}</button>
            })}
        </div>
        {move || confirming.get().then(|| view! {
            <div class="panel" role="dialog" aria-label=i.t("survey.close")>
                <p>{i.t("survey.close_confirm")}</p>
                <button class="primary" disabled=move || close.pending().get() on:click=move |_| { close.dispatch(ClosePeriod { id, version: Some(version) }); }>{i.t("survey.close")}</button>
                " "<button type="button" on:click=move |_| confirming.set(false)>{i.t("form.cancel")}</button>
            </div>
        })}
        <ErrorBanner error=error/>
        <h2>{i.t("survey.results")}</h2>
        <div class="table-wrap"><table>
            <thead><tr>
                <th scope="col">{i.t("survey.dimension")}</th>
                <th scope="col" class="num">{i.t("survey.average")}</th>
                <th scope="col" class="num">{i.t("survey.target")}</th>
                <th scope="col" class="num">{i.t("survey.previous")}</th>
                {comparisons.iter().map(|c| view! { <th scope="col" class="num">{c.label.clone()}</th> }).collect_view()}
                <th scope="col">{i.t("survey.drill_down")}</th>
            </tr></thead>
            <tbody>{Dimension::ALL.into_iter().map(|d| {
                let avg = p.averages.get(d);
                let below = avg.is_some_and(|a| a < p.targets.get(d));
                let prev = p.previous.and_then(|a| a.get(d));
                let declining = matches!((avg, prev), (Some(a), Some(b)) if a < b - 0.005);
                view! {
                    <tr>
                        <th scope="row">{dim_name(d)}</th>
                        <td class="num" class:below=below>{score(avg)}{below.then_some(" ▼")}</td>
                        <td class="num">{format!("{:.2}", p.targets.get(d))}</td>
                        <td class="num">{score(prev)}{declining.then(|| view! { " "<span class="badge bad">{i.t("corrective.declining")}</span> })}</td>
                        {comparisons.iter().map(|c| view! { <td class="num">{score(c.averages.get(d))}</td> }).collect_view()}
                        <td><A href=format!("/satisfaction/periods/{id}?dimension={}#low", d.key())>{i.t("survey.low_customers")}</A></td>
                    </tr>
                }
            }).collect_view()}</tbody>
        </table></div>
        <h2>{i.t("survey.main_items")}</h2>
        {if p.main_dissatisfaction.is_empty() {
            view! { <p class="empty">{i.t("survey.no_low")}</p> }.into_any()
        } else {
            view! { <ol>{p.main_dissatisfaction.iter().map(|m| view! {
                <li><strong>{dim_name(m.dimension)}</strong>" — "{m.low_count}" "{i.t("survey.low_count")}
                    {(!m.comments.is_empty()).then(|| format!(": {}", m.comments.join(" / ")))}</li>
            }).collect_view()}</ol> }.into_any()
        }}
        <h2 id="low">{i.t("survey.low_scores")}{filter.map(|d| format!(" — {}", dim_name(d)))}</h2>
        {filter.map(|_| view! { <p><A href=format!("/satisfaction/periods/{id}#low")>{i.t("survey.all_dimensions")}</A></p> })}
        <LowScores rows=p.low_scores.clone() filter=filter/>
        <h2>{i.t("corrective.title")}</h2>
        {if open {
            view! { <p class="muted">{i.t("corrective.on_close")}</p> }.into_any()
        } else {
            view! { <ActionTable rows=p.corrective_actions.clone()/> }.into_any()
        }}
        <h2>{i.t("survey.links")}</h2>
        <div class="table-wrap"><table>
            <thead><tr>
                <th scope="col">{i.t("order.customer")}</th>
                <th scope="col">{i.t("survey.answered")}</th>
                {(open && allowed(Action::ManageSurveys)).then(|| view! { <th scope="col">{i.t("survey.link")}</th> })}
            </tr></thead>
            <tbody>{p.links.iter().map(|l| view! {
                <tr>
                    <td>{l.customer_name.clone()}</td>
                    <td>{if l.answered { view! { <span class="badge ok">{i.t("survey.answered")}</span> }.into_any() } else { view! { <span class="muted">"—"</span> }.into_any() }}</td>
                    {(open && allowed(Action::ManageSurveys)).then(|| view! {
                        <td>{l.token.clone().filter(|_| !l.answered).map(|token| view! { <a rel="external" class="survey-link" href=format!("/survey/{token}")>{format!("/survey/{token}")}</a> })}</td>
                    })}
                </tr>
            }).collect_view()}</tbody>
        </table></div>
    }
}

#[component]
pub fn ActionList() -> impl IntoView {
    let i = use_i18n();
    let live = use_live(&["corrective_action"]);
    let data = crate::api::resource(move || live.get(), |_| list_actions());
    view! {
        <Title text=i.t("corrective.title")/>
        <section class="page">
            <p class="crumbs"><A href="/satisfaction">{i.t("nav.satisfaction")}</A></p>
            <h1>{i.t("corrective.title")}</h1>
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(rows) => view! { <ActionTable rows=rows/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn ActionPage() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let live = use_live(&["corrective_action"]);
    let data = crate::api::resource(move || (id(), live.get()), |(id, _)| get_action(id));
    view! {
        <section class="page">
            <p class="crumbs"><A href="/corrective-actions">{i.t("corrective.title")}</A></p>
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(a) => view! { <ActionView a=a/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ActionView(a: CorrectiveAction) -> impl IntoView {
    let i = use_i18n();
    let save = ServerAction::<UpdateAction>::new();
    let error = Signal::derive(move || error_of(&save.value().get()));
    let open = a.status == "open";
    let editable = open && allowed(Action::ManageCorrectiveActions);
    let fields = [
        ("cause_analysis", "corrective.cause_analysis", a.cause_analysis.clone()),
        ("measures", "corrective.measures", a.measures.clone()),
        ("verification", "corrective.verification", a.verification.clone()),
        ("result", "corrective.result", a.result.clone()),
    ];
    let signals: Vec<(&'static str, &'static str, RwSignal<String>)> =
        fields.into_iter().map(|(n, l, v)| (n, l, RwSignal::new(v.unwrap_or_default()))).collect();
    let get = {
        let s = signals.clone();
        move |name: &str| {
            s.iter().find(|(n, _, _)| *n == name).map(|(_, _, v)| v.get_untracked()).filter(|v| !v.trim().is_empty())
        }
    };
    let (id, version) = (a.id, a.version);
    let submit = move |close: bool| {
        save.dispatch(UpdateAction {
            id,
            input: CorrectiveActionInput {
                cause_analysis: get("cause_analysis"),
                measures: get("measures"),
                verification: get("verification"),
                result: get("result"),
                close,
                version: Some(version),
            },
        });
    };
    let submit2 = submit.clone();
    let (reason, period_label) = (why(&a), a.period_label.clone());
    view! {
        <Title text=a.number.clone()/>
        <h1>{a.number.clone()}" "{action_badge(&a.status)}</h1>
        <dl class="facts">
            <dt>{i.t("survey.period")}</dt><dd><A href=format!("/satisfaction/periods/{}", a.period_id)>{period_label}</A></dd>
            <dt>{i.t("survey.dimension")}</dt><dd>{dim_name(a.dimension)}</dd>
            <dt>{i.t("corrective.why")}</dt><dd>{reason}</dd>
            <dt>{i.t("corrective.owner")}</dt><dd>{i.t("corrective.owner_sales")}</dd>
            {a.closed_by.clone().map(|by| view! { <dt>{i.t("corrective.closed_by")}</dt><dd>{by}" · "{a.closed_at.as_deref().map(local_minute).unwrap_or_default()}</dd> })}
        </dl>
        <form class="stack" on:submit=move |ev| { ev.prevent_default(); submit(false); }>
            {signals.into_iter().map(|(name, label, value)| {
                let err = field_error(error, name);
                let fid = format!("ca-{name}");
                view! {
                    <div class="field" class:invalid=move || err.get().is_some()>
                        <label for=fid.clone()>{i.t(label)}</label>
                        <textarea id=fid rows="3" name=name disabled=!editable prop:value=value on:input=move |ev| value.set(event_target_value(&ev))></textarea>
                        <p class="error" role="alert">{move || err.get()}</p>
                    </div>
                }
            }).collect_view()}
            {editable.then(|| view! {
                <div class="actions">
                    <button type="submit" disabled=move || save.pending().get()>{i.t("form.save")}</button>
                    <button type="button" class="primary" disabled=move || save.pending().get() on:click=move |_| submit2(true)>{i.t("corrective.close")}</button>
                </div>
            })}
            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="badge ok" role="status">{i.t("form.saved")}</p> })}
            <ErrorBanner error=error/>
        </form>
    }
}
