//! The release approvals dashboard: what waits on me (with approve / reject right there),
//! and everything pending with its age. Updates live when anything changes.

use crate::api::delivery::ApproveNote;
use crate::api::gate::DecideRelease;
use crate::api::orders::{approval_queue, DecideAmendment, DecidePriceException, OrderStep};
use crate::components::form::error_of;
use crate::components::live::use_live;
use crate::domain::approval::{ApprovalItem, GateItem};
use crate::i18n::use_i18n;
use crate::pages::batches::emergency_mark;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let i = use_i18n();
    let live = use_live(&[
        "order",
        "amendment",
        "price_exception",
        "delivery_note",
        "emergency_release",
        "batch",
        "recall",
        "service_ticket",
    ]);
    let done = RwSignal::new(0u64);
    let data = crate::api::resource(move || (live.get(), done.get()), |_| approval_queue());
    view! {
        <Title text=i.t("nav.approvals")/>
        <section class="page">
            <h1>{i.t("nav.approvals")}</h1>
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(a) => view! {
                            <h2>{i.t("approvals.mine")}" "<span class="badge">{a.waiting_on_me.len()}</span></h2>
                            {if a.waiting_on_me.is_empty() {
                                view! { <p class="empty">{i.t("approvals.nothing_mine")}</p> }.into_any()
                            } else {
                                view! { <ApprovalTable items=a.waiting_on_me actions=true done=done/> }.into_any()
                            }}
                            <h2>{i.t("approvals.all")}" "<span class="badge">{a.pending.len()}</span></h2>
                            {if a.pending.is_empty() {
                                view! { <p class="empty">{i.t("approvals.nothing")}</p> }.into_any()
                            } else {
                                view! { <ApprovalTable items=a.pending actions=false done=done/> }.into_any()
                            }}
                            <h2>{i.t("gate.recalls")}" "<span class="badge">{a.recalls.len()}</span></h2>
                            {if a.recalls.is_empty() {
                                view! { <p class="empty">{i.t("recall.none")}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap"><table class="recalls">
                                        <thead><tr>
                                            <th scope="col">{i.t("recall.number")}</th>
                                            <th scope="col">{i.t("batch.batch_no")}</th>
                                            <th scope="col" class="num">{i.t("recall.customers")}</th>
                                            <th scope="col" class="num">{i.t("recall.delivered")}</th>
                                            <th scope="col" class="num">{i.t("recall.returned")}</th>
                                            <th scope="col" class="num">{i.t("approvals.age")}</th>
                                        </tr></thead>
                                        <tbody>{a.recalls.into_iter().map(|r| view! {
                                            <tr class="overdue">
                                                <td><A href="/recalls">{r.number.clone()}</A></td>
                                                <td><A href=format!("/batches/{}", r.batch_id)>{r.batch_no.clone()}</A>" · "{r.product_name.clone()}</td>
                                                <td class="num">{r.customers}</td>
                                                <td class="num">{r.delivered}</td>
                                                <td class="num">{r.returned}</td>
                                                <td class="num">{age_text(r.age_hours)}</td>
                                            </tr>
                                        }).collect_view()}</tbody>
                                    </table></div>
                                }.into_any()
                            }}
                            <h2>{i.t("gate.released_uninspected")}" "<span class="badge">{a.released_uninspected.len()}</span></h2>
                            <GateTable items=a.released_uninspected emergency=true/>
                            <h2>{i.t("gate.pending_inspections")}" "<span class="badge">{a.pending_inspections.len()}</span></h2>
                            <GateTable items=a.pending_inspections emergency=false/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ApprovalTable(items: Vec<ApprovalItem>, actions: bool, done: RwSignal<u64>) -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="table-wrap"><table class="approvals stack">
            <thead><tr>
                <th scope="col">{i.t("approvals.kind")}</th>
                <th scope="col">{i.t("approvals.item")}</th>
                <th scope="col">{i.t("approvals.requested_by")}</th>
                <th scope="col" class="num">{i.t("approvals.age")}</th>
                {actions.then(|| view! { <th scope="col">{i.t("approvals.decide")}</th> })}
            </tr></thead>
            <tbody>
                {items.into_iter().map(|item| view! { <ApprovalRow item=item actions=actions done=done/> }).collect_view()}
            </tbody>
        </table></div>
    }
}

#[component]
fn ApprovalRow(item: ApprovalItem, actions: bool, done: RwSignal<u64>) -> impl IntoView {
    let i = use_i18n();
    let id = item.id;
    let kind = item.kind.clone();
    let order = ServerAction::<OrderStep>::new();
    let amendment = ServerAction::<DecideAmendment>::new();
    let price = ServerAction::<DecidePriceException>::new();
    let note = ServerAction::<ApproveNote>::new();
    let release = ServerAction::<DecideRelease>::new();
    let asking_reason = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let pending = move || {
        order.pending().get()
            || amendment.pending().get()
            || price.pending().get()
            || note.pending().get()
            || release.pending().get()
    };
    let error = Signal::derive(move || {
        error_of(&order.value().get())
            .or_else(|| error_of(&amendment.value().get()))
            .or_else(|| error_of(&price.value().get()))
            .or_else(|| error_of(&note.value().get()))
            .or_else(|| error_of(&release.value().get()))
    });
    Effect::new(move |_| {
        let ok = matches!(order.value().get(), Some(Ok(_)))
            || matches!(amendment.value().get(), Some(Ok(_)))
            || matches!(price.value().get(), Some(Ok(_)))
            || matches!(note.value().get(), Some(Ok(_)))
            || matches!(release.value().get(), Some(Ok(_)));
        if ok {
            done.update(|d| *d += 1);
        }
    });
    let decide = move |approve: bool| {
        let why = (!approve).then(|| reason.get_untracked());
        match kind.as_str() {
            "order" => {
                order.dispatch(OrderStep {
                    id,
                    step: if approve { "approve" } else { "reject" }.into(),
                    reason: why,
                    version: None,
                });
            }
            "amendment" => {
                amendment.dispatch(DecideAmendment { id, approve, reason: why });
            }
            "emergency_release" => {
                release.dispatch(DecideRelease { id, approve, reason: why });
            }
            "delivery_note" if approve => {
                note.dispatch(ApproveNote { id, version: None });
            }
            "delivery_note" => {}
            _ => {
                price.dispatch(DecidePriceException { id, approve, reason: why });
            }
        }
    };
    let decide2 = decide.clone();
    let link = item.link.clone();
    let age = age_text(item.age_hours);
    let can_reject = item.kind != "delivery_note";
    // an escalated service ticket is not decided here: it is opened and worked
    let escalated = item.kind.starts_with("service_ticket");
    let open_link = item.link.clone();
    let old = item.age_hours >= 48.0;
    let title = item.title.clone();
    view! {
        <tr class:overdue=old>
            <td data-label=i.t("approvals.kind")><span class="badge">{i.t(&format!("approvals.kind.{}", item.kind))}</span>{(item.kind == "emergency_release").then(|| view! { " " {emergency_mark()} })}</td>
            <td data-label=i.t("approvals.item")><A href=link>{item.title.clone()}</A>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{i.render(&e.msg())}</p> })}
            </td>
            <td data-label=i.t("approvals.requested_by")>{item.requested_by.clone()}</td>
            <td class="num" data-label=i.t("approvals.age")>{age}</td>
            {(actions && escalated).then(|| view! { <td class="decide"><A href=open_link attr:class="button">{i.t("approvals.open")}</A></td> })}
            {(actions && !escalated).then(move || view! {
                <td class="decide">
                    <Show when=move || !asking_reason.get() fallback=move || {
                        let decide2 = decide2.clone();
                        view! {
                            <label class="sr-only" for=format!("reason-{id}")>{i.t("approvals.reason")}</label>
                            <input id=format!("reason-{id}") placeholder=i.t("approvals.reason") prop:value=reason
                                on:input=move |ev| reason.set(event_target_value(&ev))/>
                            <button disabled=pending on:click=move |_| decide2(false)>{i.t("approvals.confirm_reject")}</button>
                        }
                    }>
                        {
                            let decide = decide.clone();
                            let label = format!("{} {}", i.t("approvals.approve"), title);
                            view! {
                                <button class="primary" aria-label=label disabled=pending on:click=move |_| decide(true)>{i.t("approvals.approve")}</button>
                                {can_reject.then(|| view! { <button disabled=pending on:click=move |_| asking_reason.set(true)>{i.t("approvals.reject")}</button> })}
                            }
                        }
                    </Show>
                </td>
            })}
        </tr>
    }
}

fn age_text(hours: f64) -> String {
    let i = use_i18n();
    if hours < 24.0 {
        i.t("approvals.hours").replace("{n}", &format!("{hours:.1}"))
    } else {
        i.t("approvals.days").replace("{n}", &format!("{:.1}", hours / 24.0))
    }
}

/// Batches on the release board: pending inspections, or emergency-released ones whose
/// inspection is still open (with the time since release).
#[component]
fn GateTable(items: Vec<GateItem>, emergency: bool) -> impl IntoView {
    let i = use_i18n();
    if items.is_empty() {
        return view! { <p class="empty">{i.t("gate.none")}</p> }.into_any();
    }
    view! {
        <div class="table-wrap"><table>
            <thead><tr>
                <th scope="col">{i.t("batch.batch_no")}</th>
                <th scope="col">{i.t("order.product")}</th>
                <th scope="col">{i.t("batch.status")}</th>
                <th scope="col" class="num">{if emergency { i.t("gate.since_release") } else { i.t("approvals.age") }}</th>
            </tr></thead>
            <tbody>{items.into_iter().map(|b| view! {
                <tr class:overdue={b.age_hours >= 48.0}>
                    <td><A href=format!("/batches/{}", b.batch_id)>{b.batch_no.clone()}</A>{emergency.then(|| view! { " " {emergency_mark()} })}</td>
                    <td>{b.product_name.clone()}</td>
                    <td>{i.t(&format!("batch.status.{}", b.status))}</td>
                    <td class="num">{age_text(b.age_hours)}</td>
                </tr>
            }).collect_view()}</tbody>
        </table></div>
    }.into_any()
}
