//! The release approvals dashboard: what waits on me (with approve / reject right there),
//! and everything pending with its age. Updates live when anything changes.

use crate::api::orders::{approval_queue, DecideAmendment, DecidePriceException, OrderStep};
use crate::components::form::error_of;
use crate::components::live::use_live;
use crate::domain::approval::ApprovalItem;
use crate::i18n::use_i18n;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let i = use_i18n();
    let live = use_live(&["order", "amendment", "price_exception"]);
    let done = RwSignal::new(0u64);
    let data = Resource::new(move || (live.get(), done.get()), |_| approval_queue());
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
        <div class="table-wrap"><table class="approvals">
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
    let asking_reason = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let pending = move || order.pending().get() || amendment.pending().get() || price.pending().get();
    let error = Signal::derive(move || {
        error_of(&order.value().get())
            .or_else(|| error_of(&amendment.value().get()))
            .or_else(|| error_of(&price.value().get()))
    });
    Effect::new(move |_| {
        let ok = matches!(order.value().get(), Some(Ok(_)))
            || matches!(amendment.value().get(), Some(Ok(_)))
            || matches!(price.value().get(), Some(Ok(_)));
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
            _ => {
                price.dispatch(DecidePriceException { id, approve, reason: why });
            }
        }
    };
    let decide2 = decide.clone();
    let link = item.order_id.map(|o| format!("/orders/{o}")).unwrap_or_default();
    let age = if item.age_hours < 24.0 {
        i.t("approvals.hours").replace("{n}", &format!("{:.1}", item.age_hours))
    } else {
        i.t("approvals.days").replace("{n}", &format!("{:.1}", item.age_hours / 24.0))
    };
    let old = item.age_hours >= 48.0;
    let title = item.title.clone();
    view! {
        <tr class:overdue=old>
            <td><span class="badge">{i.t(&format!("approvals.kind.{}", item.kind))}</span></td>
            <td><A href=link>{item.title.clone()}</A>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{i.render(&e.msg())}</p> })}
            </td>
            <td>{item.requested_by.clone()}</td>
            <td class="num">{age}</td>
            {actions.then(move || view! {
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
                                <button disabled=pending on:click=move |_| asking_reason.set(true)>{i.t("approvals.reject")}</button>
                            }
                        }
                    </Show>
                </td>
            })}
        </tr>
    }
}
