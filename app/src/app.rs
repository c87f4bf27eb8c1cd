//! The HTML shell, the app root and its routes.

use crate::api::session::current_user;
use crate::components::layout::{Layout, RequireUser};
use crate::domain::user::Me;
use crate::i18n::{I18n, Locale};
use crate::pages;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The page locale: on the server from the request (cookie or `Accept-Language`, see the
/// server's middleware), in the browser from `<html lang>` the server wrote.
pub fn current_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<Locale>().copied()).unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|l| Locale::parse(&l))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Locale::default()
    }
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = current_locale();
    #[cfg(feature = "ssr")]
    crate::backend::security::set_page_csp();
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content="Sales and after-sales service"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The signed-in user, loaded once per page and shared with every component.
pub type MeResource = Resource<Result<Option<Me>, crate::error::AppError>>;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = I18n(current_locale());
    provide_context(i18n);
    let me: MeResource = Resource::new_blocking(|| (), |_| current_user());
    provide_context(me);

    view! {
        <Stylesheet id="leptos" href="/pkg/sales.css"/>
        <Title formatter=move |text: String| if text.is_empty() { i18n.t("app.name") } else { format!("{text} · {}", i18n.t("app.name")) }/>
        <Router>
            <Layout>
                <Routes fallback=|| view! { <pages::NotFound/> }>
                    <Route path=path!("/signin") view=pages::signin::SignIn/>
                    <Route path=path!("/") view=|| view! { <RequireUser><pages::home::Home/></RequireUser> }/>
                    <Route path=path!("/customers") view=|| view! { <RequireUser><pages::customers::CustomerList/></RequireUser> }/>
                    <Route path=path!("/customers/new") view=|| view! { <RequireUser><pages::customers::CustomerNew/></RequireUser> }/>
                    <Route path=path!("/customers/:id") view=|| view! { <RequireUser><pages::customers::CustomerEdit/></RequireUser> }/>
                    <Route path=path!("/products") view=|| view! { <RequireUser><pages::products::ProductList/></RequireUser> }/>
                    <Route path=path!("/products/new") view=|| view! { <RequireUser><pages::products::ProductNew/></RequireUser> }/>
                    <Route path=path!("/products/:id") view=|| view! { <RequireUser><pages::products::ProductEdit/></RequireUser> }/>
                    <Route path=path!("/prices") view=|| view! { <RequireUser><pages::prices::PriceList/></RequireUser> }/>
                    <Route path=path!("/admin/users") view=|| view! { <RequireUser><pages::users::UserList/></RequireUser> }/>
                    <Route path=path!("/admin/users/new") view=|| view! { <RequireUser><pages::users::UserNew/></RequireUser> }/>
                    <Route path=path!("/admin/users/:id") view=|| view! { <RequireUser><pages::users::UserEdit/></RequireUser> }/>
                    <Route path=path!("/orders") view=|| view! { <RequireUser><pages::orders::OrderList/></RequireUser> }/>
                    <Route path=path!("/orders/new") view=|| view! { <RequireUser><pages::orders::OrderNew/></RequireUser> }/>
                    <Route path=path!("/orders/:id") view=|| view! { <RequireUser><pages::orders::OrderDetail/></RequireUser> }/>
                    <Route path=path!("/approvals") view=|| view! { <RequireUser><pages::approvals::ApprovalsPage/></RequireUser> }/>
                    <Route path=path!("/batches") view=|| view! { <RequireUser><pages::batches::BatchList/></RequireUser> }/>
                    <Route path=path!("/batches/:id") view=|| view! { <RequireUser><pages::batches::BatchDetail/></RequireUser> }/>
                    <Route path=path!("/delivery-notes") view=|| view! { <RequireUser><pages::delivery::NoteList/></RequireUser> }/>
                    <Route path=path!("/delivery-notes/new") view=|| view! { <RequireUser><pages::delivery::NoteNew/></RequireUser> }/>
                    <Route path=path!("/delivery-notes/:id") view=|| view! { <RequireUser><pages::delivery::NoteDetail/></RequireUser> }/>
                    <Route path=path!("/deliveries") view=|| view! { <RequireUser><pages::deliveries::DeliveryBoardPage/></RequireUser> }/>
                    <Route path=path!("/recalls") view=|| view! { <RequireUser><pages::recalls::RecallList/></RequireUser> }/>
                    <Route path=path!("/satisfaction") view=|| view! { <RequireUser><pages::satisfaction::SatisfactionPage/></RequireUser> }/>
                    <Route path=path!("/satisfaction/periods/:id") view=|| view! { <RequireUser><pages::satisfaction::PeriodPage/></RequireUser> }/>
                    <Route path=path!("/corrective-actions") view=|| view! { <RequireUser><pages::satisfaction::ActionList/></RequireUser> }/>
                    <Route path=path!("/corrective-actions/:id") view=|| view! { <RequireUser><pages::satisfaction::ActionPage/></RequireUser> }/>
                    <Route path=path!("/performance") view=|| view! { <RequireUser><pages::performance::PerformancePage/></RequireUser> }/>
                    <Route path=path!("/ledger") view=|| view! { <RequireUser><pages::ledger::LedgerPage/></RequireUser> }/>
                    <Route path=path!("/audit") view=|| view! { <RequireUser><pages::audit::AuditLog/></RequireUser> }/>
                </Routes>
            </Layout>
        </Router>
    }
}
