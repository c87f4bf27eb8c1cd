//! The driver's start page, built for a phone held in one hand: today's date and the
//! deliveries assigned to this driver (none until delivery notes exist).

use crate::components::layout::use_me;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DriverHome() -> impl IntoView {
    let i = use_i18n();
    let me = use_me();
    view! {
        <Title text=i.t("nav.driver")/>
        <section class="page driver">
            <h1>{i.t("driver.today")}</h1>
            <p class="muted">{me.display_name.clone()}</p>
            <div class="empty" role="status">
                <p>{i.t("driver.none")}</p>
                <p class="muted">{i.t("driver.none_hint")}</p>
            </div>
            <a class="big-button" href="/driver">{i.t("driver.refresh")}</a>
        </section>
    }
}
