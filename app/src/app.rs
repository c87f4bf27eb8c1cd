//! The HTML shell, the app root and its routes.

use crate::api::session::current_user;
use crate::components::layout::{Layout, RequireUser};
use crate::domain::user::Me;
use crate::i18n::{I18n, Locale};
use crate::pages;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{lazy_route, path, Lazy, LazyRoute};

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

/// The HTML document around the app (the server's: the browser hydrates the body).
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = current_locale();
    crate::backend::security::set_page_csp();
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content="Sales and after-sales service"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // the page's language for the browser's code, fetched before it hydrates
                {leptos::html::link().rel("preload").id("i18n").href(crate::i18n::catalogue_path(locale)).r#as("fetch").crossorigin("anonymous")}
                <HydrationScripts options/>
                <leptos_meta::MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Whether a client-side navigation is under way (see `Layout`).
#[derive(Clone, Copy)]
pub struct Routing(pub ReadSignal<bool>);

/// The signed-in user, loaded once per page and shared with every component.
pub type MeResource = Resource<Result<Option<Me>, crate::error::AppError>, crate::api::Codec>;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = I18n(current_locale());
    provide_context(i18n);
    let me: MeResource = Resource::new_with_options(|| (), |_| current_user(), true);
    provide_context(me);
    // true while the router loads the next page (its chunk and its data): the layout shows it
    let (is_routing, set_is_routing) = signal(false);
    provide_context(Routing(is_routing));

    view! {
        <Stylesheet id="leptos" href="/pkg/sales.css"/>
        <Title formatter=move |text: String| if text.is_empty() { i18n.t("app.name") } else { format!("{text} · {}", i18n.t("app.name")) }/>
        <Router set_is_routing>
            <Layout>
                <Routes fallback=|| view! { <pages::NotFound/> }>
                    <Route path=path!("/signin") view={Lazy::<SignInPage>::new()}/>
                    <Route path=path!("/") view={Lazy::<Home>::new()}/>
                    <Route path=path!("/customers") view={Lazy::<CustomerList>::new()}/>
                    <Route path=path!("/customers/new") view={Lazy::<CustomerNew>::new()}/>
                    <Route path=path!("/customers/:id") view={Lazy::<CustomerEdit>::new()}/>
                    <Route path=path!("/products") view={Lazy::<ProductList>::new()}/>
                    <Route path=path!("/products/new") view={Lazy::<ProductNew>::new()}/>
                    <Route path=path!("/products/:id") view={Lazy::<ProductEdit>::new()}/>
                    <Route path=path!("/prices") view={Lazy::<PriceList>::new()}/>
                    <Route path=path!("/admin/users") view={Lazy::<UserList>::new()}/>
                    <Route path=path!("/admin/users/new") view={Lazy::<UserNew>::new()}/>
                    <Route path=path!("/admin/users/:id") view={Lazy::<UserEdit>::new()}/>
                    <Route path=path!("/admin/settings") view={Lazy::<SettingsPage>::new()}/>
                    <Route path=path!("/orders") view={Lazy::<OrderList>::new()}/>
                    <Route path=path!("/orders/new") view={Lazy::<OrderNew>::new()}/>
                    <Route path=path!("/orders/:id") view={Lazy::<OrderDetail>::new()}/>
                    <Route path=path!("/approvals") view={Lazy::<ApprovalsPage>::new()}/>
                    <Route path=path!("/batches") view={Lazy::<BatchList>::new()}/>
                    <Route path=path!("/batches/:id") view={Lazy::<BatchDetail>::new()}/>
                    <Route path=path!("/delivery-notes") view={Lazy::<NoteList>::new()}/>
                    <Route path=path!("/delivery-notes/new") view={Lazy::<NoteNew>::new()}/>
                    <Route path=path!("/delivery-notes/:id") view={Lazy::<NoteDetail>::new()}/>
                    <Route path=path!("/deliveries") view={Lazy::<DeliveryBoardPage>::new()}/>
                    <Route path=path!("/recalls") view={Lazy::<RecallList>::new()}/>
                    <Route path=path!("/satisfaction") view={Lazy::<SatisfactionPage>::new()}/>
                    <Route path=path!("/satisfaction/periods/:id") view={Lazy::<PeriodPage>::new()}/>
                    <Route path=path!("/corrective-actions") view={Lazy::<ActionList>::new()}/>
                    <Route path=path!("/corrective-actions/:id") view={Lazy::<ActionPage>::new()}/>
                    <Route path=path!("/performance") view={Lazy::<PerformancePage>::new()}/>
                    <Route path=path!("/ledger") view={Lazy::<LedgerPage>::new()}/>
                    <Route path=path!("/inquiries") view={Lazy::<InquiryList>::new()}/>
                    <Route path=path!("/inquiries/new") view={Lazy::<InquiryNew>::new()}/>
                    <Route path=path!("/inquiries/:id") view={Lazy::<InquiryDetail>::new()}/>
                    <Route path=path!("/complaints") view={Lazy::<ComplaintList>::new()}/>
                    <Route path=path!("/complaints/new") view={Lazy::<ComplaintNew>::new()}/>
                    <Route path=path!("/complaints/:id") view={Lazy::<ComplaintDetail>::new()}/>
                    <Route path=path!("/liaison-forms") view={Lazy::<LiaisonList>::new()}/>
                    <Route path=path!("/liaison-forms/new") view={Lazy::<LiaisonNew>::new()}/>
                    <Route path=path!("/liaison-forms/:id") view={Lazy::<LiaisonDetail>::new()}/>
                    <Route path=path!("/service") view={Lazy::<ServiceBoardPage>::new()}/>
                    <Route path=path!("/tickets") view={Lazy::<TicketList>::new()}/>
                    <Route path=path!("/tickets/new") view={Lazy::<TicketNew>::new()}/>
                    <Route path=path!("/tickets/:id") view={Lazy::<TicketDetail>::new()}/>
                    <Route path=path!("/sds-distributions") view={Lazy::<DistributionList>::new()}/>
                    <Route path=path!("/sds-distributions/:id") view={Lazy::<DistributionDetail>::new()}/>
                    <Route path=path!("/trainings") view={Lazy::<TrainingList>::new()}/>
                    <Route path=path!("/trainings/new") view={Lazy::<TrainingNew>::new()}/>
                    <Route path=path!("/feedback") view={Lazy::<FeedbackPage>::new()}/>
                    <Route path=path!("/audit") view={Lazy::<AuditLog>::new()}/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The sign-in page is a lazy route too: its form (and the form-post code behind it) stays out
/// of the first chunk that every signed-in page loads.
pub struct SignInPage;

#[lazy_route]
impl LazyRoute for SignInPage {
    fn data() -> Self {
        SignInPage
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::signin::SignIn/> }.into_any()
    }
}

/// A desk page as a lazy route: with `cargo leptos build --split` its code (and whatever only
/// it uses) leaves the first chunk and is fetched when the page is first shown. The server
/// renders it as usual and tells the browser to preload its chunk, so a hard reload does not
/// wait twice. Every desk page requires a signed-in user.
macro_rules! lazy_pages {
    ($($route:ident => $page:path;)*) => {$(
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <RequireUser>{$page()}</RequireUser> }.into_any()
            }
        }
    )*};
}

lazy_pages! {
    Home => pages::home::Home;
    CustomerList => pages::customers::CustomerList;
    CustomerNew => pages::customers::CustomerNew;
    CustomerEdit => pages::customers::CustomerEdit;
    ProductList => pages::products::ProductList;
    ProductNew => pages::products::ProductNew;
    ProductEdit => pages::products::ProductEdit;
    PriceList => pages::prices::PriceList;
    UserList => pages::users::UserList;
    UserNew => pages::users::UserNew;
    UserEdit => pages::users::UserEdit;
    OrderList => pages::orders::OrderList;
    OrderNew => pages::orders::OrderNew;
    OrderDetail => pages::orders::OrderDetail;
    ApprovalsPage => pages::approvals::ApprovalsPage;
    BatchList => pages::batches::BatchList;
    BatchDetail => pages::batches::BatchDetail;
    NoteList => pages::delivery::NoteList;
    NoteNew => pages::delivery::NoteNew;
    NoteDetail => pages::delivery::NoteDetail;
    DeliveryBoardPage => pages::deliveries::DeliveryBoardPage;
    RecallList => pages::recalls::RecallList;
    SatisfactionPage => pages::satisfaction::SatisfactionPage;
    PeriodPage => pages::satisfaction::PeriodPage;
    ActionList => pages::satisfaction::ActionList;
    ActionPage => pages::satisfaction::ActionPage;
    PerformancePage => pages::performance::PerformancePage;
    LedgerPage => pages::ledger::LedgerPage;
    AuditLog => pages::audit::AuditLog;
    SettingsPage => pages::settings::SettingsPage;
    InquiryList => pages::inquiries::InquiryList;
    InquiryNew => pages::inquiries::InquiryNew;
    InquiryDetail => pages::inquiries::InquiryDetail;
    ComplaintList => pages::complaints::ComplaintList;
    ComplaintNew => pages::complaints::ComplaintNew;
    ComplaintDetail => pages::complaints::ComplaintDetail;
    LiaisonList => pages::liaison::LiaisonList;
    LiaisonNew => pages::liaison::LiaisonNew;
    LiaisonDetail => pages::liaison::LiaisonDetail;
    ServiceBoardPage => pages::service_board::ServiceBoardPage;
    TicketList => pages::tickets::TicketList;
    TicketNew => pages::tickets::TicketNew;
    TicketDetail => pages::tickets::TicketDetail;
    DistributionList => pages::documents::DistributionList;
    DistributionDetail => pages::documents::DistributionDetail;
    TrainingList => pages::trainings::TrainingList;
    TrainingNew => pages::trainings::TrainingNew;
    FeedbackPage => pages::feedback::FeedbackPage;
}
