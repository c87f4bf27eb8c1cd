//! User administration (admin only): accounts, display names, roles, deactivation and
//! password resets.

use crate::api::users::{get_user, list_users, SaveUser};
use crate::components::form::{error_of, field_error, ErrorBanner, TextField};
use crate::domain::user::UserInput;
use crate::domain::Role;
use crate::i18n::use_i18n;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn UserList() -> impl IntoView {
    let i = use_i18n();
    let data = crate::api::resource(|| (), |_| list_users(None));
    view! {
        <Title text=i.t("nav.users")/>
        <section class="page">
            <div class="page-head">
                <h1>{i.t("nav.users")}</h1>
                <A href="/admin/users/new" attr:class="button primary">{i.t("user.new")}</A>
            </div>
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(page) => view! {
                            <div class="table-wrap"><table>
                                <thead><tr>
                                    <th scope="col">{i.t("user.username")}</th>
                                    <th scope="col">{i.t("user.display_name")}</th>
                                    <th scope="col">{i.t("user.roles")}</th>
                                    <th scope="col">{i.t("user.status")}</th>
                                </tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(|u| view! {
                                        <tr>
                                            <td><A href=format!("/admin/users/{}", u.id)>{u.username.clone()}</A></td>
                                            <td>{u.display_name.clone()}</td>
                                            <td>{u.roles.iter().map(|r| i.t(&format!("role.{}", r.key()))).collect::<Vec<_>>().join("、")}</td>
                                            <td>{if u.active { i.t("user.active") } else { i.t("user.inactive") }}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn UserNew() -> impl IntoView {
    let i = use_i18n();
    view! {
        <Title text=i.t("user.new")/>
        <section class="page narrow">
            <h1>{i.t("user.new")}</h1>
            <UserForm id=None initial=UserInput { active: true, ..Default::default() }/>
        </section>
    }
}

#[component]
pub fn UserEdit() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let data = crate::api::resource(id, get_user);
    view! {
        <section class="page narrow">
            <Suspense fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(u) => {
                            let input = UserInput {
                                username: u.username.clone(),
                                display_name: u.display_name.clone(),
                                roles: u.roles.iter().map(|r| r.key().to_string()).collect(),
                                password: None,
                                active: u.active,
                                version: Some(u.version),
                            };
                            view! {
                                <Title text=u.username.clone()/>
                                <h1>{u.username.clone()}</h1>
                                <UserForm id=Some(u.id) initial=input/>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn UserForm(id: Option<i64>, initial: UserInput) -> impl IntoView {
    let i = use_i18n();
    let form = RwSignal::new(initial);
    let save = ServerAction::<SaveUser>::new();
    let error = Signal::derive(move || error_of(&save.value().get()));
    let roles_err = field_error(error, "roles");
    let saved = RwSignal::new(false);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(u)) = save.value().get() {
            if id.is_none() {
                navigate(&format!("/admin/users/{}", u.id), Default::default());
            } else {
                form.update(|f| {
                    f.version = Some(u.version);
                    f.password = None;
                });
                saved.set(true);
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveUser { id, input: form.get_untracked() });
    };
    view! {
        <form class="record" on:submit=on_submit novalidate>
            {id.is_none().then(|| view! {
                <TextField label="user.username" name="username" required=true
                    value=Signal::derive(move || form.with(|f| f.username.clone()))
                    on_input=Callback::new(move |v| form.update(|f| f.username = v)) error=error/>
            })}
            <TextField label="user.display_name" name="display_name" required=true
                value=Signal::derive(move || form.with(|f| f.display_name.clone()))
                on_input=Callback::new(move |v| form.update(|f| f.display_name = v)) error=error/>
            <TextField label=if id.is_none() { "user.password" } else { "user.new_password" } name="password" input_type="password"
                required=id.is_none()
                value=Signal::derive(move || form.with(|f| f.password.clone().unwrap_or_default()))
                on_input=Callback::new(move |v| form.update(|f| f.password = Some(v))) error=error/>
            <fieldset class="roles" class:invalid=move || roles_err.get().is_some()>
                <legend>{i.t("user.roles")}" *"</legend>
                {Role::ALL.iter().map(|role| {
                    let key = role.key();
                    let id = format!("role-{key}");
                    view! {
                        <div class="check">
                            <input type="checkbox" id=id.clone()
                                prop:checked=move || form.with(|f| f.roles.iter().any(|r| r == key))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    form.update(|f| {
                                        f.roles.retain(|r| r != key);
                                        if on { f.roles.push(key.to_string()); }
                                    })
                                }/>
                            <label for=id>{i.t(&format!("role.{key}"))}</label>
                        </div>
                    }
                }).collect_view()}
                <p class="error" role="alert">{move || roles_err.get()}</p>
            </fieldset>
            <div class="field check">
                <input type="checkbox" id="f-active" prop:checked=move || form.with(|f| f.active)
                    on:change=move |ev| form.update(|f| f.active = event_target_checked(&ev))/>
                <label for="f-active">{i.t("user.active")}</label>
            </div>
            <ErrorBanner error=error/>
            {move || saved.get().then(|| view! { <div class="banner ok" role="status">{i.t("form.saved")}</div> })}
            <div class="actions">
                <button type="submit" class="primary" disabled=move || save.pending().get()>{i.t("form.save")}</button>
                <A href="/admin/users">{i.t("form.back")}</A>
            </div>
        </form>
    }
}
