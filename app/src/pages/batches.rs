//! The release gate's pages: the batch list (with registration for the laboratory), and a
//! batch with its inspection form, certificate, stock-in, concession, nonconformity, emergency
//! releases and trace. Every action shows only to the role that may take it.

use crate::api::gate::{
    batch_screen, list_batches, AcceptBatch, CloseNonconformity, CreateBatch, InspectBatch, RecordNonconformity,
    StockInBatch,
};
use crate::api::orders::order_choices;
use crate::components::form::{error_of, ErrorBanner, TextField};
use crate::components::layout::allowed;
use crate::components::list::{filter_query, Pager};
use crate::components::live::use_live;
use crate::domain::batch::{
    Batch, BatchFilter, BatchInput, BatchStatus, Classification, Disposition, InspectionInput, NonconformityInput,
    ResultInput, Verdict,
};
use crate::domain::local_minute;
use crate::domain::Action;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_params_map, use_query_map};

pub fn batch_status_badge(status: BatchStatus) -> impl IntoView {
    let i = use_i18n();
    let class = match status {
        BatchStatus::InStock | BatchStatus::Passed => "badge ok",
        BatchStatus::Failed | BatchStatus::Nonconforming => "badge bad",
        _ => "badge warn",
    };
    view! { <span class=class>{i.t(&format!("batch.status.{}", status.key()))}</span> }
}

/// The special mark of an emergency-released batch (紧急放行), shown wherever it appears.
pub fn emergency_mark() -> impl IntoView {
    let i = use_i18n();
    view! { <span class="badge emergency" title=i.t("batch.emergency_about")>{i.t("batch.emergency_mark")}</span> }
}

#[component]
pub fn BatchList() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let get = move |k: &str| query.read().get(k).unwrap_or_default();
    let filter = move || BatchFilter {
        status: Some(get("status")).filter(|s| !s.is_empty()),
        product_id: get("product_id").parse().ok(),
        q: Some(get("q")).filter(|s| !s.is_empty()),
    };
    let live = use_live(&["batch"]);
    let data = crate::api::resource(
        move || (filter(), query.read().get("cursor"), live.get()),
        |(f, c, _)| list_batches(f, c),
    );
    let base_query = move || filter_query(query.get(), &["status", "product_id", "q"]);
    view! {
        <Title text=i.t("nav.batches")/>
        <section class="page">
            <div class="page-head"><h1>{i.t("nav.batches")}</h1></div>
            {allowed(Action::WriteBatches).then(|| view! { <BatchForm/> })}
            <Form method="GET" action="" attr:class="search filters">
                <label>{i.t("batch.status")}
                    <select name="status" prop:value=move || get("status")>
                        <option value="">{i.t("list.all")}</option>
                        {BatchStatus::ALL.iter().map(|s| view! { <option value=s.key()>{i.t(&format!("batch.status.{}", s.key()))}</option> }).collect_view()}
                    </select>
                </label>
                <label>{i.t("batch.batch_no")}<input name="q" prop:value=move || get("q")/></label>
                <button type="submit">{i.t("list.filter")}</button>
            </Form>
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(page) if page.items.is_empty() => view! { <p class="empty">{i.t("list.empty")}</p> }.into_any(),
                        Ok(page) => {
                            view! {
                                <div class="table-wrap"><table>
                                    <thead><tr>
                                        <th scope="col">{i.t("batch.batch_no")}</th>
                                        <th scope="col">{i.t("order.product")}</th>
                                        <th scope="col" class="num">{i.t("order.quantity")}</th>
                                        <th scope="col" class="num">{i.t("batch.allocated")}</th>
                                        <th scope="col">{i.t("batch.produced_on")}</th>
                                        <th scope="col">{i.t("batch.status")}</th>
                                        <th scope="col">{i.t("batch.certificate")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {page.items.into_iter().map(|b| view! {
                                            <tr>
                                                <td><A href=format!("/batches/{}", b.id)>{b.batch_no.clone()}</A>{b.emergency_released.then(|| view! { " " {emergency_mark()} })}</td>
                                                <td>{b.product_name.clone()}</td>
                                                <td class="num">{format!("{} {}", b.quantity, b.unit)}</td>
                                                <td class="num">{b.allocated}</td>
                                                <td>{b.produced_on.clone()}</td>
                                                <td>{batch_status_badge(b.status)}</td>
                                                <td>{b.certificate_no.clone().unwrap_or_else(|| "—".into())}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                                <Pager base="/batches".into() query=base_query() next=page.next_cursor.clone() has_cursor=query.read().get("cursor").is_some()/>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// Registers a production batch (laboratory, quality).
#[component]
fn BatchForm() -> impl IntoView {
    let i = use_i18n();
    let save = ServerAction::<CreateBatch>::new();
    let choices = crate::api::resource(|| (), |_| order_choices());
    let product = RwSignal::new(String::new());
    let batch_no = RwSignal::new(String::new());
    let quantity = RwSignal::new(String::new());
    let produced_on = RwSignal::new(String::new());
    let error = Signal::derive(move || {
        error_of(&save.value().get()).or_else(|| {
            (!quantity.get().is_empty() && quantity.get().trim().parse::<f64>().is_err())
                .then(|| crate::error::AppError::validation("quantity", "validation.number"))
        })
    });
    Effect::new(move |_| {
        if let Some(Ok(b)) = save.value().get() {
            crate::components::layout::reload_to(&format!("/batches/{}", b.summary.id));
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(CreateBatch {
            input: BatchInput {
                product_id: product.get_untracked().parse().unwrap_or(0),
                batch_no: batch_no.get_untracked(),
                quantity: quantity.get_untracked().trim().parse().unwrap_or(0.0),
                produced_on: produced_on.get_untracked(),
            },
        });
    };
    let product_err = crate::components::form::field_error(error, "product_id");
    view! {
        <details class="record">
            <summary>{i.t("batch.new")}</summary>
            <form on:submit=submit novalidate>
                <div class="field" class:invalid=move || product_err.get().is_some()>
                    <label for="f-product_id">{i.t("order.product")}" *"</label>
                    <select id="f-product_id" name="product_id" on:change=move |ev| product.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                choices.await.map(|(_, ps)| ps.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.label}</option> }).collect_view()).ok()
                            })}
                        </Suspense>
                    </select>
                    <p class="error" role="alert">{move || product_err.get()}</p>
                </div>
                <TextField label="batch.batch_no" name="batch_no" value=batch_no on_input=Callback::new(move |v| batch_no.set(v)) error=error required=true/>
                <TextField label="order.quantity" name="quantity" value=quantity on_input=Callback::new(move |v| quantity.set(v)) error=error required=true input_type="number"/>
                <TextField label="batch.produced_on" name="produced_on" value=produced_on on_input=Callback::new(move |v| produced_on.set(v)) error=error required=true input_type="date"/>
                <ErrorBanner error=error/>
                <div class="actions"><button type="submit" class="primary" disabled=move || save.pending().get()>{i.t("batch.register")}</button></div>
            </form>
        </details>
    }
}

#[component]
pub fn BatchDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let live = use_live(&["batch", "emergency_release", "recall", "nonconformity"]);
    let data = Resource::new(move || (id(), live.get()), |(id, _)| batch_screen(id));
    view! {
        <section class="page">
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok((b, trace)) => view! { <BatchView b=b trace=trace/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn BatchView(b: Batch, trace: Option<crate::domain::batch::BatchTrace>) -> impl IntoView {
    let i = use_i18n();
    let s = b.summary.clone();
    let latest = b.inspections.last().cloned();
    let lang = i.0.tag();
    let (inspections, releases, nonconformities) =
        (b.inspections.clone(), b.releases.clone(), b.nonconformities.clone());
    let open_nc = nonconformities.iter().any(|n| n.status == "open");
    view! {
        <Title text=s.batch_no.clone()/>
        <div class="page-head">
            <h1>{s.batch_no.clone()}" · "{s.product_name.clone()}</h1>
            <div>{batch_status_badge(s.status)}{s.emergency_released.then(|| view! { " " {emergency_mark()} })}</div>
        </div>
        {s.emergency_released.then(|| view! { <div class="banner emergency" role="note">{i.t("batch.emergency_about")}</div> })}
        <dl class="facts">
            <div><dt>{i.t("order.quantity")}</dt><dd>{format!("{} {}", s.quantity, s.unit)}</dd></div>
            <div><dt>{i.t("batch.allocated")}</dt><dd>{s.allocated}</dd></div>
            <div><dt>{i.t("batch.produced_on")}</dt><dd>{s.produced_on.clone()}</dd></div>
            <div><dt>{i.t("batch.registered_by")}</dt><dd>{b.created_by.clone()}</dd></div>
            <div><dt>{i.t("batch.report")}</dt><dd>{b.report_no.clone().unwrap_or_else(|| "—".into())}</dd></div>
            <div><dt>{i.t("batch.certificate")}</dt><dd>{s.certificate_no.clone().unwrap_or_else(|| "—".into())}</dd></div>
            {b.stocked_by.clone().map(|w| view! { <div><dt>{i.t("batch.stocked_by")}</dt><dd>{w}" "{b.stocked_at.as_deref().map(local_minute).unwrap_or_default()}</dd></div> })}
        </dl>
        {s.certificate_no.is_some().then(|| view! {
            <p class="actions">
                <a class="button" rel="external" target="_blank" href=format!("/print/batches/{}/certificate?lang={lang}", s.id)>{i.t("batch.print_certificate")}</a>
                <a class="button" rel="external" target="_blank" href=format!("/print/batches/{}/report?lang={lang}", s.id)>{i.t("batch.print_report")}</a>
                {(s.status == BatchStatus::InStock).then(|| view! {
                    <a class="button" rel="external" target="_blank" href=format!("/print/batches/{}/label?lang={lang}", s.id)>{i.t("batch.print_label")}</a>
                })}
            </p>
        })}
        <h2>{i.t("batch.indicators")}</h2>
        <div class="table-wrap"><table>
            <thead><tr>
                <th scope="col">{i.t("product.indicator_name")}</th>
                <th scope="col" class="num">{i.t("product.indicator_min")}</th>
                <th scope="col" class="num">{i.t("product.indicator_max")}</th>
                <th scope="col" class="num">{i.t("batch.result")}</th>
                <th scope="col">{i.t("batch.verdict")}</th>
            </tr></thead>
            <tbody>
                {b.indicators.iter().map(|ind| {
                    let m = latest.as_ref().and_then(|x| x.results.iter().find(|r| r.indicator == ind.name).cloned());
                    view! {
                        <tr>
                            <td>{ind.name.clone()}{(!ind.unit.is_empty()).then(|| format!(" ({})", ind.unit))}</td>
                            <td class="num">{ind.min.map(|v| v.to_string()).unwrap_or_else(|| "—".into())}</td>
                            <td class="num">{ind.max.map(|v| v.to_string()).unwrap_or_else(|| "—".into())}</td>
                            <td class="num">{m.as_ref().map(|m| m.value.to_string()).unwrap_or_else(|| "—".into())}</td>
                            <td>{m.map(|m| if m.within { view! { <span class="badge ok">{i.t("batch.within")}</span> }.into_any() } else { view! { <span class="badge bad">{i.t("batch.out_of_spec")}</span> }.into_any() })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
        {(allowed(Action::Inspect) && s.status.inspection_open()).then(|| view! { <InspectionForm b=b.clone()/> })}
        {(allowed(Action::StockIn) && s.status == BatchStatus::Passed).then(|| view! { <StockInForm id=s.id version=s.version/> })}
        {(allowed(Action::ManageQuality) && s.status == BatchStatus::Failed).then(|| view! { <AcceptForm id=s.id version=s.version/> })}
        {(allowed(Action::ManageQuality) && s.status.is_failed() && !open_nc).then(|| view! { <BatchNonconformity id=s.id/> })}
        {(!inspections.is_empty()).then(move || view! {
            <h2>{i.t("batch.inspections")}</h2>
            <ul class="history">
                {inspections.into_iter().rev().map(|x| view! {
                    <li>
                        <span class=match x.verdict { Verdict::Pass => "badge ok", Verdict::Fail => "badge bad", Verdict::Pending => "badge" }>
                            {i.t(&format!("batch.verdict.{}", x.verdict.key()))}
                        </span>" "
                        {if x.is_final { i.t("batch.final") } else { i.t("batch.interim") }}" · "{x.inspector.clone()}" "{local_minute(&x.created_at)}
                        {x.accepted_by.clone().map(|a| format!(" · {} {a}: {}", i.t("batch.accepted_by"), x.accepted_reason.clone().unwrap_or_default()))}
                    </li>
                }).collect_view()}
            </ul>
        })}
        {(!releases.is_empty()).then(move || view! {
            <h2>{i.t("release.title")}</h2>
            <ul class="history">
                {releases.into_iter().map(|r| view! {
                    <li>
                        <span class="badge">{i.t(&format!("decision.{}", r.status.key()))}</span>" "
                        <A href=format!("/delivery-notes/{}", r.delivery_note_id)>{r.delivery_note_number.clone()}</A>
                        " · "{r.customer_name.clone()}" · "{r.quantity}" · "{i.t(&format!("release.risk.{}", r.risk_level.key()))}
                        " · "{i.t("release.retained_sample")}" "{r.retained_sample_ref.clone()}
                        " · "{r.requested_by.clone()}{r.decided_by.clone().map(|d| format!(" → {d}"))}
                    </li>
                }).collect_view()}
            </ul>
        })}
        {(!nonconformities.is_empty()).then(move || view! {
            <h2>{i.t("nonconformity.title")}</h2>
            <ul class="history">
                {nonconformities.into_iter().map(|n| view! { <NonconformityItem n=n/> }).collect_view()}
            </ul>
        })}
        {trace.map(|t| view! { <Trace t=t/> })}
    }
}

#[component]
fn NonconformityItem(n: crate::domain::batch::Nonconformity) -> impl IntoView {
    let i = use_i18n();
    let close = ServerAction::<CloseNonconformity>::new();
    let result = RwSignal::new(String::new());
    let error = Signal::derive(move || error_of(&close.value().get()));
    let id = n.id;
    let open = n.status == "open";
    view! {
        <li>
            <span class=if open { "badge warn" } else { "badge ok" }>{i.t(&format!("nonconformity.status.{}", n.status))}</span>" "
            {i.t(&format!("nonconformity.class.{}", n.classification.key()))}" · "
            {i.t(&format!("nonconformity.disposition.{}", n.disposition.key()))}" · "
            {i.t("nonconformity.responsible")}" "{n.responsible.clone()}
            {n.result.clone().map(|r| format!(" · {r}"))}
            {(open && allowed(Action::ManageQuality)).then(|| view! {
                <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); close.dispatch(CloseNonconformity { id, result: result.get_untracked() }); }>
                    <TextField label="nonconformity.result" name="result" value=result on_input=Callback::new(move |v| result.set(v)) error=error required=true/>
                    <ErrorBanner error=error/>
                    <button type="submit" disabled=move || close.pending().get()>{i.t("nonconformity.close")}</button>
                </form>
            })}
        </li>
    }
}

/// The laboratory's results: a value per indicator; interim saves, final closes.
#[component]
fn InspectionForm(b: Batch) -> impl IntoView {
    let i = use_i18n();
    let save = ServerAction::<InspectBatch>::new();
    let values: Vec<(String, RwSignal<String>)> =
        b.indicators.iter().map(|ind| (ind.name.clone(), RwSignal::new(String::new()))).collect();
    let is_final = RwSignal::new(false);
    let error = Signal::derive(move || error_of(&save.value().get()));
    let id = b.summary.id;
    let values2 = values.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let results = values2
            .iter()
            .filter(|(_, v)| !v.get_untracked().trim().is_empty())
            .map(|(name, v)| ResultInput {
                indicator: name.clone(),
                value: v.get_untracked().trim().parse().unwrap_or(f64::NAN),
            })
            .collect();
        save.dispatch(InspectBatch { id, input: InspectionInput { results, is_final: is_final.get_untracked() } });
    };
    view! {
        <form class="record" on:submit=submit novalidate>
            <h2>{i.t("batch.enter_results")}</h2>
            {values.into_iter().enumerate().map(|(n, (name, v))| {
                let field_id = format!("result-{n}");
                view! {
                    <div class="field">
                        <label for=field_id.clone()>{name.clone()}</label>
                        <input id=field_id type="text" inputmode="decimal" name=format!("results[{n}].value") prop:value=v on:input=move |ev| v.set(event_target_value(&ev))/>
                    </div>
                }
            }).collect_view()}
            <label class="check"><input type="checkbox" name="final" prop:checked=is_final on:change=move |ev| is_final.set(event_target_checked(&ev))/>" "{i.t("batch.final_result")}</label>
            <ErrorBanner error=error/>
            {move || error.get().and_then(|e| e.field().map(|_| view! { <p class="error" role="alert">{i.render(&e.msg())}</p> }))}
            <div class="actions"><button type="submit" class="primary" disabled=move || save.pending().get()>{i.t("batch.save_results")}</button></div>
        </form>
    }
}

#[component]
fn StockInForm(id: i64, version: i64) -> impl IntoView {
    let i = use_i18n();
    let save = ServerAction::<StockInBatch>::new();
    let certificate = RwSignal::new(String::new());
    let error = Signal::derive(move || error_of(&save.value().get()));
    view! {
        <form class="record" on:submit=move |ev| { ev.prevent_default(); save.dispatch(StockInBatch { id, certificate_no: certificate.get_untracked(), version: Some(version) }); } novalidate>
            <h2>{i.t("batch.stock_in")}</h2>
            <p class="hint">{i.t("batch.stock_in_about")}</p>
            <TextField label="batch.certificate" name="certificate_no" value=certificate on_input=Callback::new(move |v| certificate.set(v)) error=error required=true/>
            <ErrorBanner error=error/>
            <div class="actions"><button type="submit" class="primary" disabled=move || save.pending().get() || certificate.get().trim().is_empty()>{i.t("batch.stock_in")}</button></div>
        </form>
    }
}

#[component]
fn AcceptForm(id: i64, version: i64) -> impl IntoView {
    let i = use_i18n();
    let save = ServerAction::<AcceptBatch>::new();
    let reason = RwSignal::new(String::new());
    let error = Signal::derive(move || error_of(&save.value().get()));
    view! {
        <form class="record" on:submit=move |ev| { ev.prevent_default(); save.dispatch(AcceptBatch { id, reason: reason.get_untracked(), version: Some(version) }); } novalidate>
            <h2>{i.t("batch.accept")}</h2>
            <TextField label="batch.accept_reason" name="reason" value=reason on_input=Callback::new(move |v| reason.set(v)) error=error required=true/>
            <ErrorBanner error=error/>
            <div class="actions"><button type="submit" disabled=move || save.pending().get()>{i.t("batch.accept")}</button></div>
        </form>
    }
}

#[component]
fn BatchNonconformity(id: i64) -> impl IntoView {
    let save = ServerAction::<RecordNonconformity>::new();
    let error = Signal::derive(move || error_of(&save.value().get()));
    let submit = Callback::new(move |input| {
        save.dispatch(RecordNonconformity { batch_id: id, input });
    });
    view! { <NonconformityForm submit=submit pending=save.pending() error=error/> }
}

/// 不良品处理: classification, disposition, the responsible person and what was found — for
/// a failed batch here, and for a quality complaint's batch on the complaint's page.
#[component]
pub fn NonconformityForm(
    #[prop(into)] submit: Callback<NonconformityInput>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i = use_i18n();
    let classification = RwSignal::new("major".to_string());
    let disposition = RwSignal::new("rework".to_string());
    let responsible = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit.run(NonconformityInput {
            classification: classification.get_untracked(),
            disposition: disposition.get_untracked(),
            responsible: responsible.get_untracked(),
            description: Some(description.get_untracked()),
        });
    };
    view! {
        <form class="record" on:submit=on_submit novalidate>
            <h2>{i.t("nonconformity.record")}</h2>
            <div class="field"><label for="f-classification">{i.t("nonconformity.classification")}</label>
                <select id="f-classification" on:change=move |ev| classification.set(event_target_value(&ev)) prop:value=classification>
                    {Classification::ALL.iter().map(|c| view! { <option value=c.key()>{i.t(&format!("nonconformity.class.{}", c.key()))}</option> }).collect_view()}
                </select></div>
            <div class="field"><label for="f-disposition">{i.t("nonconformity.disposition")}</label>
                <select id="f-disposition" on:change=move |ev| disposition.set(event_target_value(&ev)) prop:value=disposition>
                    {Disposition::ALL.iter().map(|d| view! { <option value=d.key()>{i.t(&format!("nonconformity.disposition.{}", d.key()))}</option> }).collect_view()}
                </select></div>
            <TextField label="nonconformity.responsible" name="responsible" value=responsible on_input=Callback::new(move |v| responsible.set(v)) error=error required=true/>
            <TextField label="nonconformity.description" name="description" value=description on_input=Callback::new(move |v| description.set(v)) error=error/>
            <ErrorBanner error=error/>
            <div class="actions"><button type="submit" class="primary" disabled=move || pending.get()>{i.t("nonconformity.record")}</button></div>
        </form>
    }
}

/// Every delivery note and customer that took the batch.
#[component]
fn Trace(t: crate::domain::batch::BatchTrace) -> impl IntoView {
    let i = use_i18n();
    view! {
        <h2>{i.t("batch.trace")}</h2>
        {if t.deliveries.is_empty() {
            view! { <p class="empty">{i.t("batch.trace_empty")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap"><table>
                    <thead><tr>
                        <th scope="col">{i.t("note.number")}</th>
                        <th scope="col">{i.t("order.customer")}</th>
                        <th scope="col">{i.t("note.delivery_date")}</th>
                        <th scope="col">{i.t("note.status")}</th>
                        <th scope="col" class="num">{i.t("order.quantity")}</th>
                    </tr></thead>
                    <tbody>
                        {t.deliveries.into_iter().map(|d| view! {
                            <tr>
                                <td><A href=format!("/delivery-notes/{}", d.delivery_note_id)>{d.delivery_note_number.clone()}</A>{d.emergency_release_id.map(|_| view! { " " {emergency_mark()} })}</td>
                                <td>{d.customer_name.clone()}</td>
                                <td>{d.delivery_date.clone()}</td>
                                <td>{i.t(&format!("note.status.{}", d.status))}</td>
                                <td class="num">{d.quantity}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            }.into_any()
        }}
    }
}
