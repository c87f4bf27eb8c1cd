//! The start page: who is signed in, their roles, and the work areas they can open.

use crate::components::layout::{nav_for, use_me};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn Home() -> impl IntoView {
    let i = use_i18n();
    let me = use_me();
    let areas: Vec<_> = nav_for(&me).into_iter().filter(|(_, href)| *href != "/").collect();
    view! {
        <Title text=i.t("nav.home")/>
        <section class="page">
            <h1>{i.t("home.welcome").replace("{name}", &me.display_name)}</h1>
            <p class="roles">
                {i.t("home.your_roles")}": "
                {me.roles.iter().map(|r| view! { <span class="badge">{i.t(&format!("role.{}", r.key()))}</span> }).collect_view()}
            </p>
            <ul class="cards">
                {areas.into_iter().map(|(key, href)| view! {
                    <li><A href=href><strong>{i.t(key)}</strong><span>{i.t(&format!("{key}.about"))}</span></A></li>
                }).collect_view()}
            </ul>
        </section>
    }
}
