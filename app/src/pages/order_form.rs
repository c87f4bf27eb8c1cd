//! The order form (new orders and drafts): the customer and each line's product are found as
//! the user types; each line shows its list price and amount and the order its total, as the
//! quantities and prices change; a price other than the list price is marked as needing
//! approval, and a hazardous product for a customer whose permit will not be valid on the
//! delivery date is flagged before the server refuses it (`domain::order_line`).

use crate::api::orders::{find_picks, SaveOrder};
use crate::components::form::{error_of, field_error, ErrorBanner, TextField};
use crate::components::search_pick::SearchPick;
use crate::domain::order::{LineInput, OrderInput};
use crate::domain::order_line::{line_marks, LineMarks, Pick, PickKind};
use crate::domain::{format_fen, parse_yuan};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn OrderForm(id: Option<i64>, initial: OrderInput) -> impl IntoView {
    let i = use_i18n();
    let lines = initial.lines.len();
    let (customer_id, product_ids): (i64, Vec<i64>) =
        (initial.customer_id, initial.lines.iter().map(|l| l.product_id).collect());
    let form = RwSignal::new(initial);
    let customer = RwSignal::new(None::<Pick>);
    let products = RwSignal::new(vec![None::<Pick>; lines]);
    // a draft's choices: their labels, list prices and permit, fetched once in the browser
    Effect::new(move |_| {
        if customer_id > 0 {
            leptos::task::spawn_local(async move {
                if let Ok(found) = find_picks(PickKind::Customer, String::new(), vec![customer_id]).await {
                    customer.set(found.into_iter().next());
                }
            });
        }
        let wanted: Vec<i64> = product_ids.iter().copied().filter(|id| *id > 0).collect();
        if !wanted.is_empty() {
            let ids = product_ids.clone();
            leptos::task::spawn_local(async move {
                if let Ok(found) = find_picks(PickKind::Product, String::new(), wanted).await {
                    products.update(|ps| {
                        for (slot, id) in ps.iter_mut().zip(&ids) {
                            *slot = found.iter().find(|p| p.id == *id).cloned();
                        }
                    });
                }
            });
        }
    });
    let save = ServerAction::<SaveOrder>::new();
    let error = Signal::derive(move || error_of(&save.value().get()));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(o)) = save.value().get() {
            navigate(&format!("/orders/{}", o.id), Default::default());
            if id.is_some() {
                crate::components::layout::reload_to(&format!("/orders/{}", o.id));
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveOrder { id, input: form.get_untracked() });
    };
    let customer_err = field_error(error, "customer_id");
    let rows = move || form.with(|f| f.lines.len());
    let marks = move |n: usize| -> LineMarks {
        let (quantity, price) =
            form.with(|f| f.lines.get(n).map(|l| (l.quantity, l.unit_price_fen)).unwrap_or((0.0, None)));
        let date = form.with(|f| f.requested_delivery_date.clone());
        products.with(|ps| {
            customer.with(|c| line_marks(quantity, price, ps.get(n).and_then(Option::as_ref), c.as_ref(), &date))
        })
    };
    // removing a line draws the rows again from the form (their typed text is per row)
    let generation = RwSignal::new(0u64);
    let remove = Callback::new(move |n: usize| {
        form.update(|f| {
            if n < f.lines.len() {
                f.lines.remove(n);
            }
        });
        products.update(|ps| {
            if n < ps.len() {
                ps.remove(n);
            }
        });
        generation.update(|g| *g += 1);
    });
    let total = move || (0..rows()).filter_map(|n| marks(n).amount_fen).sum::<i64>();
    view! {
        <form class="record" on:submit=on_submit novalidate>
            <div class="field" class:invalid=move || customer_err.get().is_some()>
                <label for="f-customer_id">{i.t("order.customer")}" *"</label>
                <SearchPick kind=PickKind::Customer id="f-customer_id".to_string() selected=customer
                    invalid=Signal::derive(move || customer_err.get().is_some())
                    on_pick=Callback::new(move |p: Pick| {
                        form.update(|f| f.customer_id = p.id);
                        customer.set(Some(p));
                    })/>
                <p class="error" role="alert">{move || customer_err.get()}</p>
            </div>
            <TextField label="order.delivery_date" name="requested_delivery_date" input_type="date" required=true error=error
                value=Signal::derive(move || form.with(|f| f.requested_delivery_date.clone()))
                on_input=Callback::new(move |v| form.update(|f| f.requested_delivery_date = v))/>
            <TextField label="order.contract_ref" name="contract_ref" error=error
                value=Signal::derive(move || form.with(|f| f.contract_ref.clone().unwrap_or_default()))
                on_input=Callback::new(move |v: String| form.update(|f| f.contract_ref = Some(v).filter(|s| !s.is_empty())))/>
            <fieldset>
                <legend>{i.t("order.lines")}</legend>
                <div class="table-wrap"><table class="lines">
                    <thead><tr>
                        <th scope="col">{i.t("order.product")}</th>
                        <th scope="col">{i.t("order.quantity")}</th>
                        <th scope="col">{i.t("order.unit_price_yuan")}</th>
                        <th scope="col" class="num">{i.t("order.amount")}</th>
                        <th scope="col"><span class="sr-only">{i.t("form.remove")}</span></th>
                    </tr></thead>
                    <tbody>
                        <For each=move || { let g = generation.get(); (0..rows()).map(move |n| (n, g)) } key=|k| *k let:k>
                            <LineRow n=k.0 form=form products=products error=error marks=marks on_remove=remove/>
                        </For>
                    </tbody>
                    <tfoot><tr>
                        <th scope="row" colspan="3">{i.t("order.total")}</th>
                        <td class="num"><output id="order-total" aria-live="polite">{move || format_fen(total())}</output></td>
                        <td></td>
                    </tr></tfoot>
                </table></div>
                <button type="button" on:click=move |_| {
                    form.update(|f| f.lines.push(LineInput { quantity: 1.0, ..Default::default() }));
                    products.update(|ps| ps.push(None));
                }>{i.t("order.add_line")}</button>
                <p class="hint">{i.t("order.price_hint")}</p>
            </fieldset>
            <ErrorBanner error=error/>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || save.pending().get()>{i.t("form.save")}</button>
                <A href="/orders">{i.t("form.back")}</A>
            </div>
        </form>
    }
}

/// One line: the product found as typed, quantity, price (the list price as placeholder and
/// hint), the amount, and the marks.
#[component]
fn LineRow(
    n: usize,
    form: RwSignal<OrderInput>,
    products: RwSignal<Vec<Option<Pick>>>,
    error: Signal<Option<crate::error::AppError>>,
    marks: impl Fn(usize) -> LineMarks + Copy + Send + Sync + 'static,
    on_remove: Callback<usize>,
) -> impl IntoView {
    let i = use_i18n();
    let field = |f: &str| field_error(error, format!("lines[{n}].{f}"));
    let (perr, qerr, uerr) = (field("product_id"), field("quantity"), field("unit_price_fen"));
    let product = Signal::derive(move || products.with(|ps| ps.get(n).cloned().flatten()));
    let list_price = move || product.with(|p| p.as_ref().and_then(|p| p.list_price_fen));
    let yuan = |fen: i64| format!("{:.2}", fen as f64 / 100.0);
    // what the user typed stays as typed; the form keeps the parsed numbers
    let (quantity0, price0) =
        form.with_untracked(|f| f.lines.get(n).map(|l| (l.quantity, l.unit_price_fen)).unwrap_or((0.0, None)));
    let quantity_text = RwSignal::new(quantity0.to_string());
    let price_text = RwSignal::new(price0.map(yuan).unwrap_or_default());
    view! {
        <tr data-line=n>
            <td>
                <SearchPick kind=PickKind::Product id=format!("f-line-{n}-product")
                    aria_label=format!("{} {}", i.t("order.product"), n + 1) selected=product
                    invalid=Signal::derive(move || perr.get().is_some())
                    on_pick=Callback::new(move |p: Pick| {
                        form.update(|f| if let Some(l) = f.lines.get_mut(n) { l.product_id = p.id });
                        products.update(|ps| if let Some(slot) = ps.get_mut(n) { *slot = Some(p) });
                    })/>
                <p class="error" role="alert">{move || perr.get()}</p>
                {move || marks(n).permit_refused.then(|| view! { <p class="flag bad" role="alert">{i.t("order.permit_refused")}</p> })}
            </td>
            <td>
                <input class="short" type="number" step="0.001" min="0" aria-label=format!("{} {}", i.t("order.quantity"), n + 1)
                    prop:value=quantity_text
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| if let Some(l) = f.lines.get_mut(n) { l.quantity = v.trim().parse().unwrap_or(0.0) });
                        quantity_text.set(v);
                    }/>
                <p class="error" role="alert">{move || qerr.get()}</p>
            </td>
            <td>
                <input class="short" inputmode="decimal" aria-label=format!("{} {}", i.t("order.unit_price_yuan"), n + 1)
                    placeholder=move || list_price().map(yuan).unwrap_or_default()
                    prop:value=price_text
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| if let Some(l) = f.lines.get_mut(n) { l.unit_price_fen = parse_yuan(&v) });
                        price_text.set(v);
                    }/>
                <small class="hint">{move || list_price().map(|p| format!("{} {}", i.t("order.list_price"), format_fen(p)))}</small>
                {move || marks(n).price_exception.then(|| view! { <p class="flag warn">{i.t("order.needs_approval")}</p> })}
                <p class="error" role="alert">{move || uerr.get()}</p>
            </td>
            <td class="num line-amount">{move || marks(n).amount_fen.map(format_fen).unwrap_or_else(|| "—".into())}</td>
            <td><button type="button" class="link" on:click=move |_| on_remove.run(n)>{i.t("form.remove")}</button></td>
        </tr>
    }
}
