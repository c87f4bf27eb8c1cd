//! List paging: keyset pages ("next page" carries the cursor of the last row shown).

use crate::components::layout::urlencode;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;

/// "First page" (when on a later one) and "next page" links of a list at `base`, keeping the
/// list's filters (`query`, as `filter_query` makes it).
#[component]
pub fn Pager(base: String, query: String, next: Option<String>, has_cursor: bool) -> impl IntoView {
    let i = use_i18n();
    let qpart = if query.is_empty() { String::new() } else { format!("{query}&") };
    let first = format!("{base}?{query}");
    let next_href = next.map(|c| format!("{base}?{qpart}cursor={}", urlencode(&c)));
    view! {
        <nav class="pager" aria-label=i.t("list.paging")>
            {has_cursor.then(|| view! { <A href=first.clone()>{i.t("list.first")}</A> })}
            {next_href.map(|h| view! { <A href=h>{i.t("list.next")}</A> })}
        </nav>
    }
}

/// The given filters of the current query string, `k=v&…`, for paging and export links.
pub fn filter_query(query: leptos_router::params::ParamsMap, keys: &[&str]) -> String {
    keys.iter()
        .filter_map(|k| query.get(k).filter(|v| !v.is_empty()).map(|v| format!("{k}={}", urlencode(&v))))
        .collect::<Vec<_>>()
        .join("&")
}

/// The customer filter of a list (`customer_id` in the query string), active customers only.
#[component]
pub fn CustomerFilter(#[prop(into)] selected: Signal<String>) -> impl IntoView {
    let i = use_i18n();
    let choices = Resource::new(|| (), |_| crate::api::orders::order_choices());
    view! {
        <label>{i.t("order.customer")}
            <select name="customer_id" prop:value=move || selected.get()>
                <option value="">{i.t("list.all")}</option>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        choices.await.map(|(cs, _)| cs.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.label}</option> }).collect_view()).ok()
                    })}
                </Suspense>
            </select>
        </label>
    }
}
