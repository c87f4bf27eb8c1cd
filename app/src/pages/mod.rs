//! Pages, one module per area, mirroring the services.

pub mod approvals;
pub mod audit;
pub mod batches;
pub mod complaint_findings;
pub mod complaints;
pub mod customers;
pub mod deliveries;
pub mod delivery;
pub mod documents;
pub mod feedback;
pub mod home;
pub mod inquiries;
pub mod ledger;
pub mod liaison;
pub mod order_form;
pub mod orders;
pub mod performance;
pub mod prices;
pub mod products;
pub mod recalls;
pub mod satisfaction;
pub mod service_board;
pub mod settings;
pub mod signin;
pub mod tickets;
pub mod trainings;
pub mod users;

use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    let i = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=i.t("error.not_found")/>
        <section class="page narrow">
            <h1>{i.t("error.not_found")}</h1>
            <p><a href="/">{i.t("nav.home")}</a></p>
        </section>
    }
}

/// A server error shown where the page's content would be.
#[component]
pub fn LoadError(error: crate::error::AppError) -> impl IntoView {
    let i = use_i18n();
    view! { <div class="banner error" role="alert">{i.render(&error.msg())}</div> }
}
