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
    let choices = crate::api::resource(|| (), |_| crate::api::orders::order_choices());
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

/// A service desk register: its heading (with the "new" button where allowed, and the CSV
/// and Excel exports of everything the filter matches), a status and customer filter, the
/// table of one page and the pager. Live: it reloads when a record of
/// its kind changes. `fetch` loads a page for the query; `row` draws one record.
#[component]
pub fn DeskList<T, F, Fut, R, V>(
    /// i18n key of the heading.
    title: &'static str,
    /// The list's path, e.g. `/service-tickets`.
    base: &'static str,
    /// The register's API path, e.g. `/api/v1/service-tickets`, for the exports.
    api: &'static str,
    /// `(href, label key)` of the "new" button, when the user may create.
    new_link: Option<(&'static str, &'static str)>,
    /// The statuses to filter by, `(key, label)`.
    statuses: Vec<(&'static str, String)>,
    /// Event kinds that change the list.
    topics: &'static [&'static str],
    /// i18n keys of the column headings.
    columns: &'static [&'static str],
    /// i18n key of the "none yet" line.
    empty: &'static str,
    /// Whether the register offers its CSV and Excel exports.
    #[prop(default = true)]
    exports: bool,
    /// Whether it filters by customer.
    #[prop(default = true)]
    by_customer: bool,
    fetch: F,
    row: R,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(crate::domain::service::DeskQuery) -> Fut + Copy + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<crate::domain::Page<T>, crate::error::AppError>> + Send + 'static,
    R: Fn(T) -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let get = move |k: &str| query.read().get(k).unwrap_or_default();
    let filter = move || crate::domain::service::DeskQuery {
        status: Some(get("status")).filter(|s| !s.is_empty()),
        customer_id: get("customer_id").parse().ok(),
        cursor: query.read().get("cursor"),
        ..Default::default()
    };
    let live = crate::components::live::use_live(topics);
    let data = crate::api::resource(move || (filter(), live.get()), move |(f, _)| fetch(f));
    let base_query = move || filter_query(query.get(), &["status", "customer_id"]);
    view! {
        <leptos_meta::Title text=i.t(title)/>
        <section class="page">
            <div class="page-head">
                <h1>{i.t(title)}</h1>
                <div class="actions">
                    {exports.then(|| view! {
                        <a class="button" rel="external" download="" href=move || format!("{api}?format=csv&{}", base_query())>{i.t("export.csv")}</a>
                        <a class="button" rel="external" download="" href=move || format!("{api}?format=xlsx&{}", base_query())>{i.t("export.xlsx")}</a>
                    })}
                    {new_link.map(|(href, label)| view! { <A href=href attr:class="button">{i.t(label)}</A> })}
                </div>
            </div>
            <leptos_router::components::Form method="GET" action="" attr:class="search filters">
                {(!statuses.is_empty()).then(|| view! {
                    <label>{i.t("note.status")}
                        <select name="status" prop:value=move || get("status")>
                            <option value="">{i.t("list.all")}</option>
                            {statuses.into_iter().map(|(k, label)| view! { <option value=k>{label}</option> }).collect_view()}
                        </select>
                    </label>
                })}
                {by_customer.then(|| view! { <CustomerFilter selected=Signal::derive(move || get("customer_id"))/> })}
                <button type="submit">{i.t("list.filter")}</button>
            </leptos_router::components::Form>
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <crate::pages::LoadError error=e/> }.into_any(),
                        Ok(page) if page.items.is_empty() => view! { <p class="empty">{i.t(empty)}</p> }.into_any(),
                        Ok(page) => view! {
                            <div class="table-wrap"><table>
                                <thead><tr>{columns.iter().map(|c| view! { <th scope="col">{i.t(c)}</th> }).collect_view()}</tr></thead>
                                <tbody>{page.items.into_iter().map(row).collect_view()}</tbody>
                            </table></div>
                            <Pager base=base.into() query=base_query() next=page.next_cursor.clone() has_cursor=query.read().get("cursor").is_some()/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
