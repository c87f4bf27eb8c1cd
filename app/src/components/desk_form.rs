//! The fields every service desk record starts with — whose it is (the customer), what about
//! (the product), how and when the customer reached us — shared by the inquiry, complaint,
//! service ticket and liaison forms. Each field shows the server's error for it.

use crate::api::orders::order_choices;
use crate::components::form::field_error;
use crate::domain::service::Channel;
use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// The customer (required) and the product (required for a complaint, else optional), chosen
/// from the active ones.
#[component]
pub fn CustomerProductFields(
    #[prop(into)] customer: Signal<i64>,
    #[prop(into)] on_customer: Callback<i64>,
    #[prop(into)] product: Signal<Option<i64>>,
    #[prop(into)] on_product: Callback<Option<i64>>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] product_required: bool,
) -> impl IntoView {
    let i = use_i18n();
    let choices = Resource::new(|| (), |_| order_choices());
    let (customer_err, product_err) = (field_error(error, "customer_id"), field_error(error, "product_id"));
    let none = if product_required { "—".to_string() } else { i.t("inquiry.product_none") };
    view! {
        <Suspense fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
            {move || {
                let none = none.clone();
                Suspend::new(async move {
                    let (customers, products) = choices.await.unwrap_or_default();
                    view! {
                        <div class="field" class:invalid=move || customer_err.get().is_some()>
                            <label for="f-customer_id">{i.t("inquiry.customer")}" *"</label>
                            <select id="f-customer_id" prop:value=move || customer.get().to_string()
                                on:change=move |ev| on_customer.run(event_target_value(&ev).parse().unwrap_or(0))>
                                <option value="0">"—"</option>
                                {customers.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.label}</option> }).collect_view()}
                            </select>
                            <p class="error" role="alert">{move || customer_err.get()}</p>
                        </div>
                        <div class="field" class:invalid=move || product_err.get().is_some()>
                            <label for="f-product_id">{i.t("inquiry.product")}{product_required.then_some(" *")}</label>
                            <select id="f-product_id" prop:value=move || product.get().unwrap_or(0).to_string()
                                on:change=move |ev| on_product.run(event_target_value(&ev).parse::<i64>().ok().filter(|p| *p > 0))>
                                <option value="0">{none}</option>
                                {products.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.label}</option> }).collect_view()}
                            </select>
                            <p class="error" role="alert">{move || product_err.get()}</p>
                        </div>
                    }
                })
            }}
        </Suspense>
    }
}

/// How the customer reached us, and when — which may be earlier than now (a call written down
/// later, a letter): a local time in the company's time zone.
#[component]
pub fn ChannelReceivedFields(
    #[prop(into)] channel: Signal<String>,
    #[prop(into)] on_channel: Callback<String>,
    #[prop(into)] received_at: Signal<String>,
    #[prop(into)] on_received: Callback<Option<String>>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] channel_required: bool,
) -> impl IntoView {
    let i = use_i18n();
    let (channel_err, received_err) = (field_error(error, "channel"), field_error(error, "received_at"));
    view! {
        <div class="field" class:invalid=move || channel_err.get().is_some()>
            <label for="f-channel">{i.t("inquiry.channel")}{channel_required.then_some(" *")}</label>
            <select id="f-channel" prop:value=move || channel.get() on:change=move |ev| on_channel.run(event_target_value(&ev))>
                {Channel::ALL.map(|c| view! { <option value=c.key()>{i.t(&format!("channel.{}", c.key()))}</option> }).collect_view()}
            </select>
            <p class="error" role="alert">{move || channel_err.get()}</p>
        </div>
        <div class="field" class:invalid=move || received_err.get().is_some()>
            <label for="f-received_at">{i.t("inquiry.received_at")}</label>
            <input id="f-received_at" type="datetime-local" aria-describedby="f-received_at-hint" prop:value=move || received_at.get()
                on:input=move |ev| on_received.run(Some(event_target_value(&ev)).filter(|v| !v.is_empty()))/>
            <small class="hint" id="f-received_at-hint">{i.t("inquiry.received_hint")}</small>
            <p class="error" role="alert">{move || received_err.get()}</p>
        </div>
    }
}
