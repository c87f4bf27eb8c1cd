//! Recalls (召回): each open recall with a task per customer, and quality's record of
//! returned quantities until everything is back.

use crate::api::gate::{list_recalls, RecordRecallReturn};
use crate::components::form::{error_of, ErrorBanner};
use crate::components::layout::allowed;
use crate::components::live::use_live;
use crate::domain::batch::{Recall, RecallTask, ReturnInput};
use crate::domain::local_minute;
use crate::domain::Action;
use crate::i18n::use_i18n;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn RecallList() -> impl IntoView {
    let i = use_i18n();
    let live = use_live(&["recall", "batch"]);
    let data = crate::api::resource(move || live.get(), |_| list_recalls());
    view! {
        <Title text=i.t("nav.recalls")/>
        <section class="page">
            <h1>{i.t("nav.recalls")}</h1>
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="empty">{i.t("recall.none")}</p> }.into_any(),
                        Ok(list) => list.into_iter().map(|r| view! { <RecallCard r=r/> }).collect_view().into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RecallCard(r: Recall) -> impl IntoView {
    let i = use_i18n();
    let open = r.status == "open";
    let id = r.id;
    view! {
        <article class="record recall">
            <h2>{r.number.clone()}" · "<A href=format!("/batches/{}", r.batch_id)>{r.batch_no.clone()}</A>" · "{r.product_name.clone()}" "
                <span class=if open { "badge bad" } else { "badge ok" }>{i.t(&format!("recall.status.{}", r.status))}</span></h2>
            <p class="muted">{local_minute(&r.created_at)}{r.closed_at.as_deref().map(|c| format!(" → {}", local_minute(c)))}</p>
            {if r.tasks.is_empty() {
                view! { <p class="empty">{i.t("recall.nothing_shipped")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap"><table>
                        <thead><tr>
                            <th scope="col">{i.t("order.customer")}</th>
                            <th scope="col" class="num">{i.t("recall.delivered")}</th>
                            <th scope="col" class="num">{i.t("recall.returned")}</th>
                            <th scope="col">{i.t("recall.task")}</th>
                        </tr></thead>
                        <tbody>{r.tasks.into_iter().map(|t| view! { <TaskRow recall=id t=t/> }).collect_view()}</tbody>
                    </table></div>
                }.into_any()
            }}
        </article>
    }
}

#[component]
fn TaskRow(recall: i64, t: RecallTask) -> impl IntoView {
    let i = use_i18n();
    let save = ServerAction::<RecordRecallReturn>::new();
    let quantity = RwSignal::new(String::new());
    let error = Signal::derive(move || error_of(&save.value().get()));
    let customer_id = t.customer_id;
    let open = t.status == "open";
    let field = format!("ret-{}", t.id);
    view! {
        <tr>
            <td>{t.customer_name.clone()}</td>
            <td class="num">{t.delivered}</td>
            <td class="num">{t.returned}</td>
            <td>
                <span class=if open { "badge warn" } else { "badge ok" }>{i.t(&format!("recall.status.{}", t.status))}</span>
                {(open && allowed(Action::ManageQuality)).then(|| view! {
                    <form class="inline-form" on:submit=move |ev| {
                        ev.prevent_default();
                        save.dispatch(RecordRecallReturn { id: recall, input: ReturnInput { customer_id, quantity: quantity.get_untracked().trim().parse().unwrap_or(0.0), note: None } });
                    }>
                        <label class="sr-only" for=field.clone()>{i.t("recall.return_quantity")}</label>
                        <input id=field.clone() inputmode="decimal" placeholder=i.t("recall.return_quantity") prop:value=quantity on:input=move |ev| quantity.set(event_target_value(&ev))/>
                        <button type="submit" disabled=move || save.pending().get()>{i.t("recall.record_return")}</button>
                        <ErrorBanner error=error/>
                    </form>
                })}
            </td>
        </tr>
    }
}
