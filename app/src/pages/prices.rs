//! The price list: every list price with its validity period, and (for admin) a form to add
//! one; a new price closes the open-ended one before it.

use crate::api::prices::{list_prices, CreatePrice};
use crate::api::products::list_products;
use crate::components::form::{error_of, field_error, ErrorBanner, TextField};
use crate::components::layout::allowed;
use crate::domain::price::PriceInput;
use crate::domain::{format_fen, parse_yuan, Action};
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PriceList() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let cursor = move || query.read().get("cursor");
    let create = ServerAction::<CreatePrice>::new();
    let data = crate::api::resource(move || (cursor(), create.version().get()), |(c, _)| list_prices(None, c));
    view! {
        <Title text=i.t("nav.prices")/>
        <section class="page">
            <h1>{i.t("nav.prices")}</h1>
            {allowed(Action::WritePrices).then(|| view! { <PriceForm create=create/> })}
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(page) if page.items.is_empty() => view! { <p class="empty">{i.t("list.empty")}</p> }.into_any(),
                        Ok(page) => view! {
                            <div class="table-wrap"><table>
                                <thead><tr>
                                    <th scope="col">{i.t("product.code")}</th>
                                    <th scope="col">{i.t("product.name")}</th>
                                    <th scope="col" class="num">{i.t("price.unit_price")}</th>
                                    <th scope="col">{i.t("price.valid_from")}</th>
                                    <th scope="col">{i.t("price.valid_to")}</th>
                                    <th scope="col">{i.t("price.created_by")}</th>
                                </tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(|p| view! {
                                        <tr>
                                            <td><A href=format!("/products/{}", p.product_id)>{p.product_code.clone()}</A></td>
                                            <td>{p.product_name.clone()}</td>
                                            <td class="num">{format_fen(p.unit_price_fen)}</td>
                                            <td>{p.valid_from.clone()}</td>
                                            <td>{p.valid_to.clone().unwrap_or_else(|| i.t("price.open_ended"))}</td>
                                            <td>{p.created_by.clone()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                            {page.next_cursor.map(|c| view! {
                                <nav class="pager"><A href=format!("/prices?cursor={c}")>{i.t("list.next")}</A></nav>
                            })}
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PriceForm(create: ServerAction<CreatePrice>) -> impl IntoView {
    let i = use_i18n();
    let products = crate::api::resource(|| (), |_| list_products(String::new(), None));
    let product = RwSignal::new(String::new());
    let price = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let local_error = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || local_error.get().or_else(|| error_of(&create.value().get())));
    let product_err = field_error(error, "product_id");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(fen) = parse_yuan(&price.get_untracked()) else {
            local_error.set(Some(AppError::validation("unit_price_fen", "validation.money")));
            return;
        };
        local_error.set(None);
        let input = PriceInput {
            product_id: product.get_untracked().parse().unwrap_or(0),
            unit_price_fen: fen,
            valid_from: from.get_untracked(),
            valid_to: Some(to.get_untracked()).filter(|t| !t.is_empty()),
        };
        create.dispatch(CreatePrice { input });
    };
    view! {
        <form class="record inline-form" on:submit=on_submit novalidate>
            <h2>{i.t("price.add")}</h2>
            <div class="field" class:invalid=move || product_err.get().is_some()>
                <label for="f-product_id">{i.t("price.product")}" *"</label>
                <select id="f-product_id" on:change=move |ev| product.set(event_target_value(&ev))>
                    <option value="">"—"</option>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            products.await.map(|page| page.items.into_iter().map(|p| view! {
                                <option value=p.id.to_string()>{format!("{} {}", p.code, p.name)}</option>
                            }).collect_view()).ok()
                        })}
                    </Suspense>
                </select>
                <p class="error" role="alert">{move || product_err.get()}</p>
            </div>
            <TextField label="price.unit_price_yuan" name="unit_price_fen" value=price on_input=Callback::new(move |v| price.set(v)) error=error required=true/>
            <TextField label="price.valid_from" name="valid_from" value=from on_input=Callback::new(move |v| from.set(v)) error=error input_type="date" required=true/>
            <TextField label="price.valid_to" name="valid_to" value=to on_input=Callback::new(move |v| to.set(v)) error=error input_type="date"/>
            <ErrorBanner error=error/>
            {move || matches!(create.value().get(), Some(Ok(_))).then(|| view! { <div class="banner ok" role="status">{i.t("form.saved")}</div> })}
            <div class="actions"><button type="submit" class="primary" disabled=move || create.pending().get()>{i.t("price.add")}</button></div>
        </form>
    }
}
