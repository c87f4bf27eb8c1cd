//! Products: list, and the create/edit form with the technical-indicator table.

use crate::api::products::{get_product, list_products, SaveProduct, SetProductActive};
use crate::components::form::{error_of, field_error, ErrorBanner, TextField};
use crate::components::layout::allowed;
use crate::components::list::{filter_query, Pager};
use crate::components::status::StatusPanel;
use crate::domain::product::{Indicator, ProductInput};
use crate::domain::Action;
use crate::i18n::use_i18n;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

#[component]
pub fn ProductList() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let cursor = move || query.read().get("cursor");
    let data = crate::api::resource(move || (q(), cursor()), |(q, c)| list_products(q, c));
    let can_write = allowed(Action::WriteProducts);
    view! {
        <Title text=i.t("nav.products")/>
        <section class="page">
            <div class="page-head">
                <h1>{i.t("nav.products")}</h1>
                {can_write.then(|| view! { <A href="/products/new" attr:class="button primary">{i.t("product.new")}</A> })}
            </div>
            <Form method="GET" action="" attr:class="search" attr:role="search">
                <label for="q" class="sr-only">{i.t("list.search")}</label>
                <input id="q" type="search" name="q" prop:value=q placeholder=i.t("product.search_hint")/>
                <button type="submit">{i.t("list.search")}</button>
            </Form>
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
                                    <th scope="col">{i.t("product.specification")}</th>
                                    <th scope="col">{i.t("product.unit")}</th>
                                    <th scope="col">{i.t("product.hazardous")}</th>
                                    <th scope="col">{i.t("product.indicators")}</th>
                                </tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(|p| view! {
                                        <tr>
                                            <td><A href=format!("/products/{}", p.id)>{p.code.clone()}</A></td>
                                            <td>{p.name.clone()}{(!p.active).then(|| view! { " " <span class="badge warn">{i.t("status.inactive")}</span> })}</td>
                                            <td>{p.specification.clone()}</td>
                                            <td>{p.unit.clone()}</td>
                                            <td>{p.hazardous.then(|| view! {
                                                <span class="badge warn">{p.un_number.clone()}" · "{i.t("product.class")}" "{p.hazard_class.clone()}</span>
                                            })}</td>
                                            <td>{p.indicators.len()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                            <Pager base="/products".into() query=filter_query(query.get(), &["q"]) next=page.next_cursor has_cursor=cursor().is_some()/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn ProductNew() -> impl IntoView {
    let i = use_i18n();
    let blank = ProductInput { unit: "t".into(), indicators: vec![Indicator::default()], ..Default::default() };
    view! {
        <Title text=i.t("product.new")/>
        <section class="page narrow">
            <h1>{i.t("product.new")}</h1>
            <ProductForm id=None initial=blank/>
        </section>
    }
}

#[component]
pub fn ProductEdit() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let data = crate::api::resource(id, get_product);
    view! {
        <section class="page narrow">
            <Suspense fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(p) => view! {
                            <Title text=p.name.clone()/>
                            <h1>{p.code.clone()}" · "{p.name.clone()}</h1>
                            <ProductForm id=Some(p.id) initial=p.to_input()/>
                            {allowed(Action::WriteProducts).then(|| {
                                let set = ServerAction::<SetProductActive>::new();
                                let id = p.id;
                                view! {
                                    <StatusPanel active=p.active version=p.version
                                        submit=move |change| { set.dispatch(SetProductActive { id, active: !p.active, change }); }
                                        pending=set.pending()
                                        error=Signal::derive(move || error_of(&set.value().get()))
                                        done=Signal::derive(move || matches!(set.value().get(), Some(Ok(_))))/>
                                }
                            })}
                        }.into_any(),
                    }
                })}
            </Suspense>
            <crate::pages::documents::ProductDocuments product_id=Signal::derive(id)/>
        </section>
    }
}

fn num(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn parse_limit(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        None
    } else {
        t.parse().ok()
    }
}

#[component]
fn ProductForm(id: Option<i64>, initial: ProductInput) -> impl IntoView {
    let i = use_i18n();
    let form = RwSignal::new(initial);
    let save = ServerAction::<SaveProduct>::new();
    let error = Signal::derive(move || error_of(&save.value().get()));
    let saved = RwSignal::new(false);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(p)) = save.value().get() {
            if id.is_none() {
                navigate(&format!("/products/{}", p.id), Default::default());
            } else {
                form.set(p.to_input());
                saved.set(true);
            }
        }
    });
    let read_only = !allowed(Action::WriteProducts);
    let text = move |get: fn(&ProductInput) -> String, set: fn(&mut ProductInput, String)| {
        (
            Signal::derive(move || form.with(get)),
            Callback::new(move |v: String| {
                saved.set(false);
                form.update(|f| set(f, v))
            }),
        )
    };
    let (code, set_code) = text(|f| f.code.clone(), |f, v| f.code = v);
    let (name, set_name) = text(|f| f.name.clone(), |f, v| f.name = v);
    let (spec, set_spec) = text(|f| f.specification.clone(), |f, v| f.specification = v);
    let (unit, set_unit) = text(|f| f.unit.clone(), |f, v| f.unit = v);
    let (un, set_un) = text(|f| f.un_number.clone().unwrap_or_default(), |f, v| f.un_number = Some(v));
    let (class, set_class) = text(|f| f.hazard_class.clone().unwrap_or_default(), |f, v| f.hazard_class = Some(v));
    let hazardous = move || form.with(|f| f.hazardous);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveProduct { id, input: form.get_untracked() });
    };
    let rows = move || form.with(|f| f.indicators.len());
    view! {
        <form class="record" on:submit=on_submit novalidate>
            <fieldset disabled=read_only>
                <legend>{i.t("product.identity")}</legend>
                <TextField label="product.code" name="code" value=code on_input=set_code error=error required=true/>
                <TextField label="product.name" name="name" value=name on_input=set_name error=error required=true/>
                <TextField label="product.specification" name="specification" value=spec on_input=set_spec error=error/>
                <TextField label="product.unit" name="unit" value=unit on_input=set_unit error=error required=true/>
                <div class="field check">
                    <input id="f-hazardous" type="checkbox" prop:checked=hazardous
                        on:change=move |ev| form.update(|f| f.hazardous = event_target_checked(&ev))/>
                    <label for="f-hazardous">{i.t("product.hazardous")}</label>
                </div>
                <Show when=hazardous>
                    <TextField label="product.un_number" name="un_number" value=un on_input=set_un error=error required=true/>
                    <TextField label="product.hazard_class" name="hazard_class" value=class on_input=set_class error=error/>
                </Show>
            </fieldset>
            <fieldset disabled=read_only>
                <legend>{i.t("product.indicators")}</legend>
                <div class="table-wrap"><table class="indicators">
                    <thead><tr>
                        <th scope="col">{i.t("product.indicator_name")}</th>
                        <th scope="col">{i.t("product.indicator_unit")}</th>
                        <th scope="col">{i.t("product.indicator_min")}</th>
                        <th scope="col">{i.t("product.indicator_max")}</th>
                        <th scope="col"><span class="sr-only">{i.t("form.remove")}</span></th>
                    </tr></thead>
                    <tbody>
                        <For each=move || 0..rows() key=|n| *n let:n>
                            <IndicatorRow n=n form=form error=error/>
                        </For>
                    </tbody>
                </table></div>
                <button type="button" on:click=move |_| form.update(|f| f.indicators.push(Indicator::default()))>
                    {i.t("product.indicator_add")}
                </button>
            </fieldset>
            <ErrorBanner error=error/>
            {move || saved.get().then(|| view! { <div class="banner ok" role="status">{i.t("form.saved")}</div> })}
            {(!read_only).then(|| view! {
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || save.pending().get()>{i.t("form.save")}</button>
                    <A href="/products">{i.t("form.back")}</A>
                </div>
            })}
        </form>
    }
}

#[component]
fn IndicatorRow(
    n: usize,
    form: RwSignal<ProductInput>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let i = use_i18n();
    let get = move |f: fn(&Indicator) -> String| move || form.with(|p| p.indicators.get(n).map(f).unwrap_or_default());
    let fields = ["name", "unit", "min", "max"].map(|f| format!("indicators[{n}].{f}"));
    let errs = fields.map(|f| field_error(error, f));
    let label = move |key: &str| format!("{} {}", i.t(key), n + 1);
    view! {
        <tr>
            <td>
                <input aria-label=label("product.indicator_name") prop:value=get(|d| d.name.clone())
                    on:input=move |ev| form.update(|p| if let Some(d) = p.indicators.get_mut(n) { d.name = event_target_value(&ev) })/>
                <p class="error" role="alert">{move || errs[0].get()}</p>
            </td>
            <td>
                <input aria-label=label("product.indicator_unit") class="short" prop:value=get(|d| d.unit.clone())
                    on:input=move |ev| form.update(|p| if let Some(d) = p.indicators.get_mut(n) { d.unit = event_target_value(&ev) })/>
                <p class="error" role="alert">{move || errs[1].get()}</p>
            </td>
            <td>
                <input aria-label=label("product.indicator_min") class="short" type="number" step="any" prop:value=get(|d| num(d.min))
                    on:change=move |ev| form.update(|p| if let Some(d) = p.indicators.get_mut(n) { d.min = parse_limit(&event_target_value(&ev)) })/>
                <p class="error" role="alert">{move || errs[2].get()}</p>
            </td>
            <td>
                <input aria-label=label("product.indicator_max") class="short" type="number" step="any" prop:value=get(|d| num(d.max))
                    on:change=move |ev| form.update(|p| if let Some(d) = p.indicators.get_mut(n) { d.max = parse_limit(&event_target_value(&ev)) })/>
                <p class="error" role="alert">{move || errs[3].get()}</p>
            </td>
            <td>
                <button type="button" class="link" on:click=move |_| form.update(|p| { if n < p.indicators.len() { p.indicators.remove(n); } })>
                    {i.t("form.remove")}
                </button>
            </td>
        </tr>
    }
}
