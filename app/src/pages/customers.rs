//! Customers: the searchable, paged list and the create/edit form with field-level errors and
//! optimistic concurrency (a stale edit is refused and the user is told to reload).

use crate::api::customers::{get_customer, list_customers, SaveCustomer, SetCustomerActive};
use crate::components::form::{error_of, ErrorBanner, TextField};
use crate::components::layout::allowed;
use crate::components::list::{filter_query, Pager};
use crate::components::status::StatusPanel;
use crate::domain::customer::{Customer, CustomerInput, PermitStatus, CREDIT_RATINGS};
use crate::domain::local_minute;
use crate::domain::Action;
use crate::i18n::use_i18n;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

#[component]
pub fn CustomerList() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let cursor = move || query.read().get("cursor");
    let data = crate::api::resource(move || (q(), cursor()), |(q, c)| list_customers(q, c));
    let can_write = allowed(Action::WriteCustomers);
    view! {
        <Title text=i.t("nav.customers")/>
        <section class="page">
            <div class="page-head">
                <h1>{i.t("nav.customers")}</h1>
                {can_write.then(|| view! { <A href="/customers/new" attr:class="button primary">{i.t("customer.new")}</A> })}
            </div>
            <Form method="GET" action="" attr:class="search" attr:role="search">
                <label for="q" class="sr-only">{i.t("list.search")}</label>
                <input id="q" type="search" name="q" prop:value=q placeholder=i.t("customer.search_hint")/>
                <button type="submit">{i.t("list.search")}</button>
            </Form>
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(page) if page.items.is_empty() => view! { <p class="empty">{i.t("list.empty")}</p> }.into_any(),
                        Ok(page) => view! {
                            <div class="table-wrap">
                                <table>
                                    <thead><tr>
                                        <th scope="col">{i.t("customer.code")}</th>
                                        <th scope="col">{i.t("customer.name")}</th>
                                        <th scope="col">{i.t("customer.contact_name")}</th>
                                        <th scope="col">{i.t("customer.credit_rating")}</th>
                                        <th scope="col">{i.t("customer.permit")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {page.items.into_iter().map(|c| view! { <CustomerRow c=c/> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <Pager base="/customers".into() query=filter_query(query.get(), &["q"]) next=page.next_cursor has_cursor=cursor().is_some()/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CustomerRow(c: Customer) -> impl IntoView {
    let i = use_i18n();
    let (class, key) = match c.permit_status {
        PermitStatus::None => ("badge", "customer.permit_none"),
        PermitStatus::Valid => ("badge ok", "customer.permit_valid"),
        PermitStatus::Expired => ("badge warn", "customer.permit_expired"),
    };
    let until = c.hazardous_permit_valid_until.clone().unwrap_or_default();
    view! {
        <tr>
            <td><A href=format!("/customers/{}", c.id)>{c.code.clone()}</A></td>
            <td>{c.name.clone()}{(!c.active).then(|| view! { " " <span class="badge warn">{i.t("status.inactive")}</span> })}</td>
            <td>{c.contact_name.clone()}" · "{c.contact_phone.clone()}</td>
            <td>{c.credit_rating.clone()}</td>
            <td><span class=class>{i.t(key)}</span>" "<small>{until}</small></td>
        </tr>
    }
}

#[component]
pub fn CustomerNew() -> impl IntoView {
    let i = use_i18n();
    view! {
        <Title text=i.t("customer.new")/>
        <section class="page narrow">
            <h1>{i.t("customer.new")}</h1>
            <CustomerForm id=None initial=CustomerInput { credit_rating: "A".into(), ..Default::default() }/>
        </section>
    }
}

#[component]
pub fn CustomerEdit() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let data = crate::api::resource(id, get_customer);
    view! {
        <section class="page narrow">
            <Suspense fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(c) => view! {
                            <Title text=c.name.clone()/>
                            <h1>{c.code.clone()}" · "{c.name.clone()}</h1>
                            <p class="muted">
                                {i.t("customer.checked")}": "{c.qualification_checked_by.clone().unwrap_or_default()}" "
                                {c.qualification_checked_at.as_deref().map(local_minute).unwrap_or_default()}
                            </p>
                            <CustomerForm id=Some(c.id) initial=c.to_input()/>
                            {allowed(Action::WriteCustomers).then(|| {
                                let set = ServerAction::<SetCustomerActive>::new();
                                let id = c.id;
                                view! {
                                    <StatusPanel active=c.active version=c.version
                                        submit=move |change| { set.dispatch(SetCustomerActive { id, active: !c.active, change }); }
                                        pending=set.pending()
                                        error=Signal::derive(move || error_of(&set.value().get()))
                                        done=Signal::derive(move || matches!(set.value().get(), Some(Ok(_))))/>
                                }
                            })}
                        }.into_any(),
                    }
                })}
            </Suspense>
            {crate::components::layout::allowed(crate::domain::Action::ReadAfterSales)
                .then(|| view! { <crate::pages::trainings::CustomerAfterSales customer_id=Signal::derive(id)/> })}
        </section>
    }
}

/// The create/edit form. Fields are bound to one signal holding the whole input.
#[component]
fn CustomerForm(id: Option<i64>, initial: CustomerInput) -> impl IntoView {
    let i = use_i18n();
    let form = RwSignal::new(initial);
    let save = ServerAction::<SaveCustomer>::new();
    let error = Signal::derive(move || error_of(&save.value().get()));
    let saved = RwSignal::new(false);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(c)) = save.value().get() {
            if id.is_none() {
                navigate(&format!("/customers/{}", c.id), Default::default());
            } else {
                form.set(c.to_input());
                saved.set(true);
            }
        }
    });
    let read_only = !allowed(Action::WriteCustomers);
    macro_rules! bind {
        ($field:ident) => {
            (
                Signal::derive(move || form.with(|f| f.$field.clone())),
                Callback::new(move |v: String| {
                    saved.set(false);
                    form.update(|f| f.$field = v)
                }),
            )
        };
        (opt $field:ident) => {
            (
                Signal::derive(move || form.with(|f| f.$field.clone().unwrap_or_default())),
                Callback::new(move |v: String| {
                    saved.set(false);
                    form.update(|f| f.$field = if v.is_empty() { None } else { Some(v) })
                }),
            )
        };
    }
    let (code, set_code) = bind!(code);
    let (name, set_name) = bind!(name);
    let (address, set_address) = bind!(address);
    let (contact, set_contact) = bind!(contact_name);
    let (phone, set_phone) = bind!(contact_phone);
    let (license, set_license) = bind!(license_no);
    let (permit, set_permit) = bind!(opt hazardous_permit_no);
    let (scope, set_scope) = bind!(opt hazardous_permit_scope);
    let (until, set_until) = bind!(opt hazardous_permit_valid_until);
    let rating_err = crate::components::form::field_error(error, "credit_rating");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveCustomer { id, input: form.get_untracked() });
    };
    view! {
        <form class="record" on:submit=on_submit novalidate>
            <fieldset disabled=read_only>
                <legend>{i.t("customer.identity")}</legend>
                <TextField label="customer.code" name="code" value=code on_input=set_code error=error required=true/>
                <TextField label="customer.name" name="name" value=name on_input=set_name error=error required=true/>
                <TextField label="customer.address" name="address" value=address on_input=set_address error=error required=true/>
                <TextField label="customer.contact_name" name="contact_name" value=contact on_input=set_contact error=error required=true/>
                <TextField label="customer.contact_phone" name="contact_phone" value=phone on_input=set_phone error=error required=true input_type="tel"/>
            </fieldset>
            <fieldset disabled=read_only>
                <legend>{i.t("customer.qualification")}</legend>
                <TextField label="customer.license_no" name="license_no" value=license on_input=set_license error=error required=true/>
                <div class="field" class:invalid=move || rating_err.get().is_some()>
                    <label for="f-credit_rating">{i.t("customer.credit_rating")}" *"</label>
                    <select id="f-credit_rating" name="credit_rating"
                        on:change=move |ev| form.update(|f| f.credit_rating = event_target_value(&ev))
                        prop:value=move || form.with(|f| f.credit_rating.clone())>
                        {CREDIT_RATINGS.iter().map(|r| view! { <option value=*r>{*r}</option> }).collect_view()}
                    </select>
                    <p class="error" role="alert">{move || rating_err.get()}</p>
                </div>
            </fieldset>
            <fieldset disabled=read_only>
                <legend>{i.t("customer.permit")}</legend>
                <TextField label="customer.permit_no" name="hazardous_permit_no" value=permit on_input=set_permit error=error/>
                <TextField label="customer.permit_scope" name="hazardous_permit_scope" value=scope on_input=set_scope error=error/>
                <TextField label="customer.permit_until" name="hazardous_permit_valid_until" value=until on_input=set_until error=error input_type="date"/>
            </fieldset>
            <ErrorBanner error=error/>
            {move || saved.get().then(|| view! { <div class="banner ok" role="status">{i.t("form.saved")}</div> })}
            {(!read_only).then(|| view! {
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || save.pending().get()>{i.t("form.save")}</button>
                    <A href="/customers">{i.t("form.back")}</A>
                </div>
            })}
        </form>
    }
}
