//! Delivery note pages: the list, issuing a note from an approved order (allocating batches
//! the release gate allows), and a note with its steps: emergency-release request, approval,
//! transport assignment, cancel. Emergency-released lines carry the special mark.

use crate::api::delivery::{
    list_notes, note_form_choices, note_screen, ApproveNote, AssignNote, CancelNote, LoadNote, NoteWithChoices,
    SaveNote,
};
use crate::api::gate::RequestRelease;
use crate::components::form::{error_of, ErrorBanner, TextField};
use crate::components::layout::{allowed, reload_to, use_me};
use crate::components::list::{filter_query, Pager};
use crate::components::live::use_live;
use crate::components::signature::SignaturePad;
use crate::domain::batch::{BatchStatus, BatchSummary, EmergencyReleaseInput, RiskLevel};
use crate::domain::delivery::{AssignInput, DeliveryNote, LoadInput, NoteFilter, NoteInput, NoteLineInput, NoteStatus};
use crate::domain::local_minute;
use crate::domain::Action;
use crate::i18n::use_i18n;
use crate::pages::batches::emergency_mark;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_params_map, use_query_map};

pub fn note_status_badge(status: NoteStatus) -> impl IntoView {
    let i = use_i18n();
    let class = match status {
        NoteStatus::Delivered => "badge ok",
        NoteStatus::Cancelled => "badge bad",
        NoteStatus::Draft => "badge",
        _ => "badge warn",
    };
    view! { <span class=class>{i.t(&format!("note.status.{}", status.key()))}</span> }
}

#[component]
pub fn NoteList() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let get = move |k: &str| query.read().get(k).unwrap_or_default();
    let filter = move || NoteFilter {
        status: Some(get("status")).filter(|s| !s.is_empty()),
        order_id: get("order_id").parse().ok(),
    };
    let live = use_live(&["delivery_note", "emergency_release"]);
    let data =
        crate::api::resource(move || (filter(), query.read().get("cursor"), live.get()), |(f, c, _)| list_notes(f, c));
    let base_query = move || filter_query(query.get(), &["status", "order_id"]);
    view! {
        <Title text=i.t("nav.delivery_notes")/>
        <section class="page">
            <div class="page-head"><h1>{i.t("nav.delivery_notes")}</h1></div>
            <Form method="GET" action="" attr:class="search filters">
                <label>{i.t("note.status")}
                    <select name="status" prop:value=move || get("status")>
                        <option value="">{i.t("list.all")}</option>
                        {NoteStatus::ALL.iter().map(|s| view! { <option value=s.key()>{i.t(&format!("note.status.{}", s.key()))}</option> }).collect_view()}
                    </select>
                </label>
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
                                        <th scope="col">{i.t("note.number")}</th>
                                        <th scope="col">{i.t("order.number")}</th>
                                        <th scope="col">{i.t("order.customer")}</th>
                                        <th scope="col">{i.t("note.delivery_date")}</th>
                                        <th scope="col">{i.t("note.status")}</th>
                                        <th scope="col">{i.t("note.driver")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {page.items.into_iter().map(|n| view! {
                                            <tr>
                                                <td><A href=format!("/delivery-notes/{}", n.id)>{n.number.clone()}</A>{n.emergency.then(|| view! { " " {emergency_mark()} })}</td>
                                                <td><A href=format!("/orders/{}", n.order_id)>{n.order_number.clone()}</A></td>
                                                <td>{n.customer_name.clone()}</td>
                                                <td>{n.delivery_date.clone()}</td>
                                                <td>{note_status_badge(n.status)}</td>
                                                <td>{n.driver_username.clone().unwrap_or_else(|| "—".into())}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                                <Pager base="/delivery-notes".into() query=base_query() next=page.next_cursor.clone() has_cursor=query.read().get("cursor").is_some()/>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// `/delivery-notes/new?order=ID`: a line per open order line, with a batch the gate allows.
#[component]
pub fn NoteNew() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let order_id = move || query.read().get("order").and_then(|o| o.parse::<i64>().ok()).unwrap_or(0);
    let data = crate::api::resource(order_id, note_form_choices);
    view! {
        <Title text=i.t("note.new")/>
        <section class="page">
            <h1>{i.t("note.new")}</h1>
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(c) => view! { <NoteForm order=c.order batches=c.batches/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NoteForm(order: crate::domain::order::Order, batches: Vec<BatchSummary>) -> impl IntoView {
    let i = use_i18n();
    let save = ServerAction::<SaveNote>::new();
    let date = RwSignal::new(order.requested_delivery_date.clone());
    let rows: Vec<(crate::domain::order::OrderLine, RwSignal<String>, RwSignal<String>)> = order
        .lines
        .iter()
        .filter(|l| l.quantity > l.delivered_quantity)
        .map(|l| {
            (
                l.clone(),
                RwSignal::new(format!("{}", ((l.quantity - l.delivered_quantity) * 1000.0).round() / 1000.0)),
                RwSignal::new(String::new()),
            )
        })
        .collect();
    let error = Signal::derive(move || error_of(&save.value().get()));
    Effect::new(move |_| {
        if let Some(Ok(n)) = save.value().get() {
            reload_to(&format!("/delivery-notes/{}", n.id));
        }
    });
    let order_id = order.id;
    let rows2 = rows.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lines = rows2
            .iter()
            .map(|(l, q, b)| NoteLineInput {
                order_line_id: l.id,
                batch_id: b.get_untracked().parse().ok(),
                quantity: q.get_untracked().trim().parse().unwrap_or(0.0),
            })
            .collect();
        save.dispatch(SaveNote {
            id: None,
            input: NoteInput { order_id, delivery_date: date.get_untracked(), lines, version: None },
        });
    };
    view! {
        <p>{order.number.clone()}" · "{order.customer_name.clone()}</p>
        <form class="record" on:submit=submit novalidate>
            <TextField label="note.delivery_date" name="delivery_date" value=date on_input=Callback::new(move |v| date.set(v)) error=error required=true input_type="date"/>
            {rows.into_iter().enumerate().map(|(n, (l, q, b))| {
                let options: Vec<BatchSummary> = batches.iter().filter(|x| x.product_id == l.product_id && x.status == BatchStatus::InStock && x.allocated < x.quantity).cloned().collect();
                let qerr = crate::components::form::field_error(error, format!("lines[{n}].quantity"));
                let berr = crate::components::form::field_error(error, format!("lines[{n}].batch_id"));
                view! {
                    <fieldset class="line">
                        <legend>{l.product_name.clone()}" ("{l.unit.clone()}")"</legend>
                        <div class="field" class:invalid=move || qerr.get().is_some()>
                            <label for=format!("q-{n}")>{i.t("order.quantity")}</label>
                            <input id=format!("q-{n}") inputmode="decimal" prop:value=q on:input=move |ev| q.set(event_target_value(&ev))/>
                            <p class="error" role="alert">{move || qerr.get()}</p>
                        </div>
                        <div class="field" class:invalid=move || berr.get().is_some()>
                            <label for=format!("b-{n}")>{i.t("note.batch")}</label>
                            <select id=format!("b-{n}") on:change=move |ev| b.set(event_target_value(&ev))>
                                <option value="">{i.t("note.batch_later")}</option>
                                {options.into_iter().map(|x| view! { <option value=x.id.to_string()>{format!("{} · {} {}", x.batch_no, ((x.quantity - x.allocated) * 1000.0).round() / 1000.0, x.unit)}</option> }).collect_view()}
                            </select>
                            <p class="error" role="alert">{move || berr.get()}</p>
                        </div>
                    </fieldset>
                }
            }).collect_view()}
            <ErrorBanner error=error/>
            <div class="actions"><button type="submit" class="primary" disabled=move || save.pending().get()>{i.t("note.issue")}</button></div>
        </form>
    }
}

#[component]
pub fn NoteDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let live = use_live(&["delivery_note", "emergency_release", "batch"]);
    let data = crate::api::resource(move || (id(), live.get()), |(id, _)| note_screen(id));
    view! {
        <section class="page">
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(p) => view! { <NoteView p=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NoteView(p: NoteWithChoices) -> impl IntoView {
    let i = use_i18n();
    let NoteWithChoices { note: n, candidates, drivers, releases } = p;
    let me = use_me();
    let draft = n.status == NoteStatus::Draft;
    let for_release = n.clone();
    let order_number = n.order_number.clone();
    view! {
        <Title text=n.number.clone()/>
        <div class="page-head">
            <h1>{i.t("note.title")}" "{n.number.clone()}</h1>
            <div>{note_status_badge(n.status)}{n.emergency.then(|| view! { " " {emergency_mark()} })}</div>
        </div>
        {n.emergency.then(|| view! { <div class="banner emergency" role="note">{i.t("note.emergency_about")}</div> })}
        <p class="actions"><a class="button" rel="external" target="_blank" href=format!("/api/v1/delivery-notes/{}/print?lang={}", n.id, i.0.tag())>{i.t("note.print")}</a></p>
        <dl class="facts">
            <div><dt>{i.t("order.number")}</dt><dd><A href=format!("/orders/{}", n.order_id)>{order_number}</A></dd></div>
            <div><dt>{i.t("order.customer")}</dt><dd>{n.customer_name.clone()}</dd></div>
            <div><dt>{i.t("note.delivery_date")}</dt><dd>{n.delivery_date.clone()}</dd></div>
            <div><dt>{i.t("note.created_by")}</dt><dd>{n.created_by.clone()}</dd></div>
            {n.approved_by.clone().map(|a| view! { <div><dt>{i.t("order.approved_by")}</dt><dd>{a}" "{n.approved_at.as_deref().map(local_minute).unwrap_or_default()}</dd></div> })}
            {n.driver_username.clone().map(|d| view! { <div><dt>{i.t("note.driver")}</dt><dd>{d}" · "{n.vehicle.clone().unwrap_or_default()}</dd></div> })}
            {n.permit_no.clone().map(|p| view! { <div><dt>{i.t("customer.permit_no")}</dt><dd>{p}</dd></div> })}
        </dl>
        <div class="table-wrap"><table>
            <thead><tr>
                <th scope="col">"#"</th>
                <th scope="col">{i.t("order.product")}</th>
                <th scope="col">{i.t("note.batch")}</th>
                <th scope="col" class="num">{i.t("order.quantity")}</th>
                <th scope="col" class="num">{i.t("note.received")}</th>
            </tr></thead>
            <tbody>
                {n.lines.iter().map(|l| view! {
                    <tr class:emergency=l.emergency_release_id.is_some()>
                        <td>{l.position}</td>
                        <td>{l.product_name.clone()}{l.hazardous.then(|| view! { " " <span class="badge warn">{i.t("product.hazardous")}</span> })}</td>
                        <td>{match (l.batch_id, l.batch_no.clone()) {
                            (Some(b), Some(no)) => view! { <A href=format!("/batches/{b}")>{no}</A> }.into_any(),
                            _ => view! { <span class="muted">{i.t("note.unallocated")}</span> }.into_any(),
                        }}{l.emergency_release_id.map(|_| view! { " " {emergency_mark()} })}</td>
                        <td class="num">{format!("{} {}", l.quantity, l.unit)}</td>
                        <td class="num">{l.received_quantity.map(|q| q.to_string()).unwrap_or_else(|| "—".into())}{l.exception_note.clone().map(|x| format!(" · {x}"))}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
        <NoteDocuments documents=n.documents.clone()/>
        {(!releases.is_empty()).then(move || view! {
            <h2>{i.t("release.title")}</h2>
            <ul class="history releases">
                {releases.into_iter().map(|r| view! {
                    <li>
                        <span class="badge">{i.t(&format!("decision.{}", r.status.key()))}</span>" "
                        <A href=format!("/batches/{}", r.batch_id)>{r.batch_no.clone()}</A>" · "{r.quantity}" · "
                        {i.t(&format!("release.risk.{}", r.risk_level.key()))}" · "{i.t("release.retained_sample")}" "{r.retained_sample_ref.clone()}
                        " · "{r.requested_by.clone()}{r.decided_by.clone().map(|d| format!(" → {d}"))}
                    </li>
                }).collect_view()}
            </ul>
        })}
        {(draft && allowed(Action::ApproveDeliveryNotes) && n.created_by != me.username).then(|| view! { <ApproveNoteForm id=n.id version=n.version/> })}
        {(draft && allowed(Action::WriteDeliveryNotes)).then(|| view! { <ReleaseForm n=for_release.clone() candidates=candidates.clone()/> })}
        {(matches!(n.status, NoteStatus::Approved | NoteStatus::Assigned) && allowed(Action::AssignTransport)).then(|| view! { <AssignForm id=n.id version=n.version drivers=drivers.clone()/> })}
        {(n.status == NoteStatus::Assigned && allowed(Action::LoadDeliveries)).then(|| view! {
            <LoadForm id=n.id version=n.version driver=n.driver_username.clone().unwrap_or_default()/>
        })}
        {(matches!(n.status, NoteStatus::Draft | NoteStatus::Approved | NoteStatus::Assigned) && allowed(Action::WriteDeliveryNotes)).then(|| view! { <CancelForm id=n.id/> })}
    }
}

#[component]
fn ApproveNoteForm(id: i64, version: i64) -> impl IntoView {
    let i = use_i18n();
    let approve = ServerAction::<ApproveNote>::new();
    let error = Signal::derive(move || error_of(&approve.value().get()));
    view! {
        <div class="record">
            <ErrorBanner error=error/>
            <div class="actions"><button class="primary" disabled=move || approve.pending().get() on:click=move |_| { approve.dispatch(ApproveNote { id, version: Some(version) }); }>{i.t("note.approve")}</button></div>
        </div>
    }
}

/// 紧急放行 request: for a line whose product has a batch still in inspection.
#[component]
fn ReleaseForm(n: DeliveryNote, candidates: Vec<BatchSummary>) -> impl IntoView {
    let i = use_i18n();
    let request = ServerAction::<RequestRelease>::new();
    let batch = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let risk = RwSignal::new("medium".to_string());
    let assessment = RwSignal::new(String::new());
    let consent_by = RwSignal::new(String::new());
    let consent_how = RwSignal::new(String::new());
    let consent_at = RwSignal::new(String::new());
    let sample = RwSignal::new(String::new());
    let error = Signal::derive(move || error_of(&request.value().get()));
    let note_id = n.id;
    let products: Vec<i64> = n.lines.iter().filter(|l| l.batch_id.is_none()).map(|l| l.product_id).collect();
    let offer = !products.is_empty() && candidates.iter().any(|b| products.contains(&b.product_id));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        request.dispatch(RequestRelease {
            input: EmergencyReleaseInput {
                delivery_note_id: note_id,
                batch_id: batch.get_untracked().parse().unwrap_or(0),
                quantity: None,
                reason: reason.get_untracked(),
                risk_level: risk.get_untracked(),
                risk_assessment: assessment.get_untracked(),
                customer_consent_by: consent_by.get_untracked(),
                customer_consent_how: Some(consent_how.get_untracked()),
                customer_consent_at: consent_at.get_untracked(),
                retained_sample_ref: sample.get_untracked(),
            },
        });
    };
    let batch_err = crate::components::form::field_error(error, "batch_id");
    offer.then(move || view! {
        <details class="record" id="emergency-release">
            <summary>{i.t("release.request")}</summary>
            <p class="hint">{i.t("release.about")}</p>
            {move || request.value().get().and_then(|r| r.ok()).map(|_| view! { <div class="banner ok" role="status">{i.t("release.requested")}</div> })}
            <form on:submit=submit novalidate>
                <div class="field" class:invalid=move || batch_err.get().is_some()>
                    <label for="f-release-batch">{i.t("note.batch")}" *"</label>
                    <select id="f-release-batch" on:change=move |ev| batch.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {candidates.into_iter()
                            .filter(|b| b.status.inspection_open() && products.contains(&b.product_id))
                            .map(|b| view! { <option value=b.id.to_string()>{format!("{} · {} · {}", b.batch_no, b.product_name, i.t(&format!("batch.status.{}", b.status.key())))}</option> })
                            .collect_view()}
                    </select>
                    <p class="error" role="alert">{move || batch_err.get()}</p>
                </div>
                <TextField label="release.reason" name="reason" value=reason on_input=Callback::new(move |v| reason.set(v)) error=error required=true/>
                <div class="field"><label for="f-risk_level">{i.t("release.risk_level")}</label>
                    <select id="f-risk_level" prop:value=risk on:change=move |ev| risk.set(event_target_value(&ev))>
                        {RiskLevel::ALL.iter().map(|r| view! { <option value=r.key()>{i.t(&format!("release.risk.{}", r.key()))}</option> }).collect_view()}
                    </select></div>
                <TextField label="release.risk_assessment" name="risk_assessment" value=assessment on_input=Callback::new(move |v| assessment.set(v)) error=error required=true/>
                <TextField label="release.consent_by" name="customer_consent_by" value=consent_by on_input=Callback::new(move |v| consent_by.set(v)) error=error required=true/>
                <TextField label="release.consent_how" name="customer_consent_how" value=consent_how on_input=Callback::new(move |v| consent_how.set(v)) error=error/>
                <TextField label="release.consent_at" name="customer_consent_at" value=consent_at on_input=Callback::new(move |v| consent_at.set(v)) error=error required=true input_type="date"/>
                <TextField label="release.retained_sample" name="retained_sample_ref" value=sample on_input=Callback::new(move |v| sample.set(v)) error=error required=true/>
                <ErrorBanner error=error/>
                <div class="actions"><button type="submit" class="primary" disabled=move || request.pending().get()>{i.t("release.submit")}</button></div>
            </form>
        </details>
    })
}

#[component]
fn AssignForm(id: i64, version: i64, drivers: Vec<(String, String)>) -> impl IntoView {
    let i = use_i18n();
    let assign = ServerAction::<AssignNote>::new();
    let driver = RwSignal::new(String::new());
    let vehicle = RwSignal::new(String::new());
    let error = Signal::derive(move || error_of(&assign.value().get()));
    let derr = crate::components::form::field_error(error, "driver_username");
    view! {
        <form class="record" on:submit=move |ev| { ev.prevent_default(); assign.dispatch(AssignNote { id, input: AssignInput { driver_username: driver.get_untracked(), vehicle: vehicle.get_untracked(), version: Some(version) } }); } novalidate>
            <h2>{i.t("note.assign")}</h2>
            <div class="field" class:invalid=move || derr.get().is_some()>
                <label for="f-driver">{i.t("note.driver")}" *"</label>
                <select id="f-driver" on:change=move |ev| driver.set(event_target_value(&ev))>
                    <option value="">"—"</option>
                    {drivers.into_iter().map(|(u, name)| view! { <option value=u.clone()>{format!("{name} ({u})")}</option> }).collect_view()}
                </select>
                <p class="error" role="alert">{move || derr.get()}</p>
            </div>
            <TextField label="note.vehicle" name="vehicle" value=vehicle on_input=Callback::new(move |v| vehicle.set(v)) error=error required=true/>
            <ErrorBanner error=error/>
            <div class="actions"><button type="submit" class="primary" disabled=move || assign.pending().get()>{i.t("note.assign")}</button></div>
        </form>
    }
}

#[component]
fn CancelForm(id: i64) -> impl IntoView {
    let i = use_i18n();
    let cancel = ServerAction::<CancelNote>::new();
    let reason = RwSignal::new(String::new());
    let error = Signal::derive(move || error_of(&cancel.value().get()));
    view! {
        <details class="record">
            <summary>{i.t("note.cancel")}</summary>
            <form on:submit=move |ev| { ev.prevent_default(); cancel.dispatch(CancelNote { id, reason: reason.get_untracked() }); } novalidate>
                <TextField label="order.reason" name="reason" value=reason on_input=Callback::new(move |v| reason.set(v)) error=error required=true/>
                <ErrorBanner error=error/>
                <div class="actions"><button type="submit" disabled=move || cancel.pending().get()>{i.t("note.cancel")}</button></div>
            </form>
        </details>
    }
}

/// Loading (§4.1.3): packaging and labels intact, warehouse keeper and driver sign on screen.
#[component]
fn LoadForm(id: i64, version: i64, driver: String) -> impl IntoView {
    let i = use_i18n();
    let load = ServerAction::<LoadNote>::new();
    let packaging = RwSignal::new(false);
    let labels = RwSignal::new(false);
    let warehouse_signature = RwSignal::new(String::new());
    let driver_signature = RwSignal::new(String::new());
    let error = Signal::derive(move || error_of(&load.value().get()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        load.dispatch(LoadNote {
            id,
            input: LoadInput {
                packaging_ok: packaging.get_untracked(),
                labels_ok: labels.get_untracked(),
                warehouse_signature: warehouse_signature.get_untracked(),
                driver_signature: driver_signature.get_untracked(),
                version: Some(version),
            },
        });
    };
    let field = move |name: &'static str| crate::components::form::field_error(error, name);
    let (perr, lerr) = (field("packaging_ok"), field("labels_ok"));
    view! {
        <form class="record" on:submit=submit novalidate>
            <h2>{i.t("note.load")}</h2>
            <p class="hint">{i.t("note.load_about")}</p>
            <label class="check"><input type="checkbox" prop:checked=packaging on:change=move |ev| packaging.set(event_target_checked(&ev))/>" "{i.t("note.packaging_ok")}</label>
            <p class="error" role="alert">{move || perr.get()}</p>
            <label class="check"><input type="checkbox" prop:checked=labels on:change=move |ev| labels.set(event_target_checked(&ev))/>" "{i.t("note.labels_ok")}</label>
            <p class="error" role="alert">{move || lerr.get()}</p>
            <SignaturePad label="note.warehouse_signature" name="warehouse_signature" value=warehouse_signature/>
            <p class="error" role="alert">{move || field("warehouse_signature").get()}</p>
            <p class="muted">{i.t("note.driver")}": "{driver}</p>
            <SignaturePad label="note.driver_signature" name="driver_signature" value=driver_signature/>
            <p class="error" role="alert">{move || field("driver_signature").get()}</p>
            <ErrorBanner error=error/>
            <div class="actions"><button type="submit" class="primary" disabled=move || load.pending().get()>{i.t("note.confirm_load")}</button></div>
        </form>
    }
}

/// The document revisions that go (or went) with the goods; a new SDS the customer has not
/// been sent is marked, so the warehouse hands it over at loading.
#[component]
fn NoteDocuments(documents: Vec<crate::domain::document::NoteDocument>) -> impl IntoView {
    let i = use_i18n();
    let unsent = documents.iter().any(|d| d.unsent_sds);
    (!documents.is_empty()).then(|| {
        view! {
            <h2>{i.t("doc.with_goods")}</h2>
            {unsent.then(|| view! { <div class="banner warn" role="note">{i.t("doc.unsent_sds")}</div> })}
            <ul class="history note-documents">
                {documents.into_iter().map(|d| view! {
                    <li class:unsent=d.unsent_sds>
                        {i.t(&format!("doc.kind.{}", d.kind.key()))}" · "
                        <a href=d.url.clone() rel="external">{d.title.clone()}</a>" · "{i.t("doc.revision")}" "{d.revision.clone()}
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}
