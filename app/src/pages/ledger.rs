//! The product sales ledger (产品销售台帐): filtered by date, customer and sales rep, with
//! CSV and Excel exports of everything that matches.

use crate::api::orders::list_ledger;
use crate::components::layout::urlencode;
use crate::components::list::{filter_query, CustomerFilter};
use crate::domain::format_fen;
use crate::domain::ledger::{LedgerFilter, COLUMNS};
use crate::i18n::use_i18n;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

#[component]
pub fn LedgerPage() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let get = move |k: &str| query.read().get(k).unwrap_or_default();
    let filter = move || LedgerFilter {
        from: Some(get("from")).filter(|s| !s.is_empty()),
        to: Some(get("to")).filter(|s| !s.is_empty()),
        customer_id: get("customer_id").parse().ok(),
        sales_rep: Some(get("sales_rep")).filter(|s| !s.is_empty()),
    };
    let data = crate::api::resource(move || (filter(), query.read().get("cursor")), |(f, c)| list_ledger(f, c));
    let params = move || filter_query(query.get(), &["from", "to", "customer_id", "sales_rep"]);
    view! {
        <Title text=i.t("nav.ledger")/>
        <section class="page">
            <div class="page-head">
                <h1>{i.t("nav.ledger")}</h1>
                <div class="actions">
                    <a class="button" rel="external" download="" href=move || format!("/api/v1/ledger?format=csv&{}", params())>{i.t("ledger.export_csv")}</a>
                    <a class="button" rel="external" download="" href=move || format!("/api/v1/ledger?format=xlsx&{}", params())>{i.t("ledger.export_xlsx")}</a>
                </div>
            </div>
            <Form method="GET" action="" attr:class="search filters">
                <label>{i.t("order.from")}<input type="date" name="from" prop:value=move || get("from")/></label>
                <label>{i.t("order.to")}<input type="date" name="to" prop:value=move || get("to")/></label>
                <CustomerFilter selected=Signal::derive(move || get("customer_id"))/>
                <label>{i.t("order.sales_rep")}<input name="sales_rep" prop:value=move || get("sales_rep")/></label>
                <button type="submit">{i.t("list.filter")}</button>
            </Form>
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(page) if page.items.is_empty() => view! { <p class="empty">{i.t("ledger.empty")}</p> }.into_any(),
                        Ok(page) => view! {
                            <div class="table-wrap"><table>
                                <thead><tr>{COLUMNS.iter().map(|k| view! { <th scope="col">{i.t(k)}</th> }).collect_view()}</tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(|r| view! {
                                        <tr>
                                            <td>{r.delivered_on.clone()}</td>
                                            <td>{r.customer_name.clone()}</td>
                                            <td>{r.product_name.clone()}</td>
                                            <td>{r.batch_no.clone().unwrap_or_default()}</td>
                                            <td class="num">{format!("{:.3}", r.quantity)}</td>
                                            <td>{r.unit.clone()}</td>
                                            <td class="num">{format_fen(r.amount_fen)}</td>
                                            <td>{r.sales_rep.clone()}</td>
                                            <td><A href=format!("/orders/{}", r.order_id)>{r.order_number.clone()}</A></td>
                                            <td>{r.delivery_note_id.map(|n| n.to_string()).unwrap_or_default()}</td>
                                            <td>{r.permit_no.clone().unwrap_or_default()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                            {page.next_cursor.map(|c| view! { <nav class="pager"><A href=format!("/ledger?{}&cursor={}", params(), urlencode(&c))>{i.t("list.next")}</A></nav> })}
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
