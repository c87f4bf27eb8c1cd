//! Customer training (§4.2.1): the register (by customer) and the form that records a session
//! — date, customer, topic, trainer, attendees, product and the document revisions handed out —
//! and the customer page's after-sales: the revisions the customer holds and its trainings.

use crate::api::documents::{list_trainings, load_customer_held, product_documents, RecordTraining};
use crate::api::orders::order_choices;
use crate::components::form::{error_of, field_error, ErrorBanner};
use crate::components::layout::allowed;
use crate::components::list::DeskList;
use crate::components::live::use_live;
use crate::domain::training::{Training, TrainingInput};
use crate::domain::Action;
use crate::i18n::use_i18n;
use crate::pages::documents::HeldRow;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

#[component]
pub fn TrainingList() -> impl IntoView {
    let new_link = allowed(Action::WriteTrainings).then_some(("/trainings/new", "training.add"));
    view! {
        <DeskList title="training.trainings" base="/trainings" api="/api/v1/trainings" new_link=new_link statuses=Vec::new() topics=&["training"]
            columns=&["training.held_on", "inquiry.customer", "training.topic", "training.trainer", "training.attendees", "training.materials"]
            empty="training.none" exports=false
            fetch=|q| list_trainings(q.customer_id, q.cursor)
            row=|t: Training| view! { <TrainingRow t=t/> }/>
    }
}

#[component]
fn TrainingRow(t: Training) -> impl IntoView {
    let i = use_i18n();
    view! {
        <tr data-training=t.id>
            <td>{t.held_on.clone()}</td>
            <td>{t.customer_name.clone()}</td>
            <td>{t.topic.clone()}{t.product_name.clone().map(|p| view! { <br/><span class="muted">{p}</span> })}</td>
            <td>{t.trainer.clone()}</td>
            <td>{t.attendees.join("、")}</td>
            <td>{t.materials.into_iter().map(|m| view! {
                <a href=m.url.clone() rel="external">{i.t(&format!("doc.kind.{}", m.kind.key()))}" "{m.revision.clone()}</a>" "
            }).collect_view()}</td>
        </tr>
    }
}

#[component]
pub fn TrainingNew() -> impl IntoView {
    let i = use_i18n();
    let form = RwSignal::new(TrainingInput::default());
    let attendees = RwSignal::new(String::new());
    let choices = crate::api::resource(|| (), |_| order_choices());
    let product = Signal::derive(move || form.with(|f| f.product_id));
    let documents = crate::api::resource(
        move || product.get(),
        |p| async move {
            match p {
                Some(p) => product_documents(p).await,
                None => Ok(Vec::new()),
            }
        },
    );
    let save = ServerAction::<RecordTraining>::new();
    let error = Signal::derive(move || error_of(&save.value().get()));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            navigate("/trainings", Default::default());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut input = form.get_untracked();
        input.attendees = attendees.get_untracked().lines().map(str::to_string).collect();
        save.dispatch(RecordTraining { input });
    };
    let err = |f: &'static str| field_error(error, f);
    let (customer_err, held_err, topic_err, trainer_err, attendees_err) =
        (err("customer_id"), err("held_on"), err("topic"), err("trainer"), err("attendees"));
    view! {
        <Title text=i.t("training.add")/>
        <section class="page narrow">
            <h1>{i.t("training.add")}</h1>
            <form class="record" on:submit=on_submit novalidate>
                <Suspense fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                    {move || Suspend::new(async move {
                        let (customers, products) = choices.await.unwrap_or_default();
                        view! {
                            <div class="field" class:invalid=move || customer_err.get().is_some()>
                                <label for="t-customer">{i.t("inquiry.customer")}" *"</label>
                                <select id="t-customer" on:change=move |ev| form.update(|f| f.customer_id = event_target_value(&ev).parse().unwrap_or(0))>
                                    <option value="0">"—"</option>
                                    {customers.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.label}</option> }).collect_view()}
                                </select>
                                <p class="error" role="alert">{move || customer_err.get()}</p>
                            </div>
                            <div class="field">
                                <label for="t-product">{i.t("inquiry.product")}</label>
                                <select id="t-product" on:change=move |ev| form.update(|f| {
                                    f.product_id = event_target_value(&ev).parse().ok().filter(|p| *p > 0);
                                    f.materials.clear();
                                })>
                                    <option value="0">{i.t("inquiry.product_none")}</option>
                                    {products.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.label}</option> }).collect_view()}
                                </select>
                            </div>
                        }
                    })}
                </Suspense>
                <fieldset class="field">
                    <legend>{i.t("training.materials")}</legend>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let docs = documents.await.unwrap_or_default();
                            docs.into_iter().filter_map(|d| d.current.map(|c| (d.kind, d.title, c))).map(|(kind, title, c)| {
                                let rid = c.id;
                                view! {
                                    <label class="check">
                                        <input type="checkbox" on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            form.update(|f| { f.materials.retain(|m| *m != rid); if on { f.materials.push(rid); } });
                                        }/>
                                        {i.t(&format!("doc.kind.{}", kind.key()))}" · "{title}" · "{i.t("doc.revision")}" "{c.revision}
                                    </label>
                                }
                            }).collect_view()
                        })}
                    </Transition>
                </fieldset>
                <div class="field" class:invalid=move || held_err.get().is_some()>
                    <label for="t-held">{i.t("training.held_on")}" *"</label>
                    <input id="t-held" type="date" on:input=move |ev| form.update(|f| f.held_on = event_target_value(&ev))/>
                    <p class="error" role="alert">{move || held_err.get()}</p>
                </div>
                <div class="field" class:invalid=move || topic_err.get().is_some()>
                    <label for="t-topic">{i.t("training.topic")}" *"</label>
                    <input id="t-topic" maxlength="200" on:input=move |ev| form.update(|f| f.topic = event_target_value(&ev))/>
                    <p class="error" role="alert">{move || topic_err.get()}</p>
                </div>
                <div class="field" class:invalid=move || trainer_err.get().is_some()>
                    <label for="t-trainer">{i.t("training.trainer")}" *"</label>
                    <input id="t-trainer" maxlength="100" on:input=move |ev| form.update(|f| f.trainer = event_target_value(&ev))/>
                    <p class="error" role="alert">{move || trainer_err.get()}</p>
                </div>
                <div class="field" class:invalid=move || attendees_err.get().is_some()>
                    <label for="t-attendees">{i.t("training.attendees")}" *"</label>
                    <textarea id="t-attendees" rows="4" on:input=move |ev| attendees.set(event_target_value(&ev))></textarea>
                    <p class="error" role="alert">{move || attendees_err.get()}</p>
                </div>
                <ErrorBanner error=error/>
                <button type="submit" disabled=move || save.pending().get()>{i.t("training.add")}</button>
            </form>
        </section>
    }
}

/// The customer page's after-sales, read in one request: the document revisions the customer
/// holds (each marked where a newer one is in force) and the sessions held for it, newest
/// first, with the revisions they handed out. Follows new loadings, sendings and trainings.
#[component]
pub fn CustomerAfterSales(#[prop(into)] customer_id: Signal<i64>) -> impl IntoView {
    let i = use_i18n();
    let live = use_live(&["training", "sds_distribution", "delivery_note"]);
    let data = crate::api::resource(move || (customer_id.get(), live.get()), |(id, _)| load_customer_held(id));
    view! {
        <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <crate::pages::LoadError error=e/> }.into_any(),
                    Ok(held) => view! {
                        <section class="held-documents" aria-labelledby="held-h">
                            <h2 id="held-h">{i.t("doc.held")}</h2>
                            {if held.documents.is_empty() {
                                view! { <p class="empty">{i.t("doc.held_none")}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="held-h"><table>
                                        <thead><tr>
                                            <th scope="col">{i.t("order.product")}</th>
                                            <th scope="col">{i.t("doc.documents")}</th>
                                            <th scope="col">{i.t("doc.revision")}</th>
                                            <th scope="col">{i.t("doc.issued_on")}</th>
                                            <th scope="col">{i.t("doc.held_since")}</th>
                                            <th scope="col">{i.t("doc.standing")}</th>
                                        </tr></thead>
                                        <tbody>{held.documents.into_iter().map(|h| view! { <HeldRow h=h/> }).collect_view()}</tbody>
                                    </table></div>
                                }.into_any()
                            }}
                        </section>
                        <section class="trainings" aria-labelledby="trainings-h">
                            <h2 id="trainings-h">{i.t("training.trainings")}</h2>
                            {if held.trainings.is_empty() {
                                view! { <p class="empty">{i.t("training.none")}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="trainings-h"><table>
                                        <thead><tr>
                                            <th scope="col">{i.t("training.held_on")}</th>
                                            <th scope="col">{i.t("inquiry.customer")}</th>
                                            <th scope="col">{i.t("training.topic")}</th>
                                            <th scope="col">{i.t("training.trainer")}</th>
                                            <th scope="col">{i.t("training.attendees")}</th>
                                            <th scope="col">{i.t("training.materials")}</th>
                                        </tr></thead>
                                        <tbody>{held.trainings.into_iter().map(|t| view! { <TrainingRow t=t/> }).collect_view()}</tbody>
                                    </table></div>
                                }.into_any()
                            }}
                        </section>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
