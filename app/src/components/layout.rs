//! The app shell: header with the navigation the user's roles allow, the language switch,
//! the user's name and sign-out; and `RequireUser`, which sends anonymous visitors to the
//! sign-in page.

use crate::api::session::SignOut;
use crate::app::{MeResource, Routing};
use crate::domain::{can, user::Me, Action};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_location;

/// A navigation entry: label key, link, and the action that makes it visible.
pub const NAV: &[(&str, &str, Option<Action>)] = &[
    ("nav.home", "/", None),
    ("nav.driver", "/driver", Some(Action::DriverDeliveries)),
    ("nav.approvals", "/approvals", Some(Action::ViewApprovals)),
    ("nav.deliveries", "/deliveries", Some(Action::ViewDeliveries)),
    ("nav.orders", "/orders", Some(Action::ReadOrders)),
    ("nav.delivery_notes", "/delivery-notes", Some(Action::ReadDeliveryNotes)),
    ("nav.batches", "/batches", Some(Action::ReadBatches)),
    ("nav.recalls", "/recalls", Some(Action::TraceBatches)),
    ("nav.service", "/service", Some(Action::ViewServiceBoard)),
    ("nav.inquiries", "/inquiries", Some(Action::ReadAfterSales)),
    ("nav.liaison", "/liaison-forms", Some(Action::ReadLiaison)),
    ("nav.complaints", "/complaints", Some(Action::ReadAfterSales)),
    ("nav.tickets", "/tickets", Some(Action::ReadAfterSales)),
    ("nav.sds", "/sds-distributions", Some(Action::DistributeSds)),
    ("nav.trainings", "/trainings", Some(Action::ReadAfterSales)),
    ("nav.feedback", "/feedback", Some(Action::ReadFeedbackReports)),
    ("nav.satisfaction", "/satisfaction", Some(Action::ReadSatisfaction)),
    ("nav.performance", "/performance", Some(Action::ViewPerformance)),
    ("nav.ledger", "/ledger", Some(Action::ReadLedger)),
    ("nav.customers", "/customers", Some(Action::ReadMasterData)),
    ("nav.products", "/products", Some(Action::ReadMasterData)),
    ("nav.prices", "/prices", Some(Action::ReadMasterData)),
    ("nav.users", "/admin/users", Some(Action::ManageUsers)),
    ("nav.settings", "/admin/settings", Some(Action::ManageCalendar)),
    ("nav.audit", "/audit", Some(Action::ReadAudit)),
];

/// The navigation entries a user may see.
pub fn nav_for(me: &Me) -> Vec<(&'static str, &'static str)> {
    NAV.iter().filter(|(_, _, a)| a.is_none_or(|a| can(&me.roles, a))).map(|(k, h, _)| (*k, *h)).collect()
}

/// The page's content (the routes) keeps its type rather than being erased into an `AnyView`:
/// only the routes wait for a lazy page's code, and every erased view hydrates at once (see
/// `vendor/README.md`).
#[component]
pub fn Layout<C>(children: TypedChildren<C>) -> impl IntoView
where
    C: IntoView + 'static,
{
    let children = children.into_inner();
    let i = use_i18n();
    let me = expect_context::<MeResource>();
    let location = use_location();
    let lang_href = move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        let here =
            if search.is_empty() { location.pathname.get() } else { format!("{}?{search}", location.pathname.get()) };
        format!("/lang/{}?return={}", i.0.other().tag(), urlencode(&here))
    };
    let routing = use_context::<Routing>().map(|r| r.0);
    let busy = move || routing.is_some_and(|r| r.get());
    // on a phone the navigation folds into a menu, closed again on every page change
    let menu_open = RwSignal::new(false);
    Effect::new(move |_| {
        location.pathname.track();
        menu_open.set(false);
    });
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            reload_to("/signin");
        }
    });
    view! {
        <a class="skip" href="#main">{i.t("nav.skip")}</a>
        <header class="topbar">
            <a class="brand" href="/">{i.t("app.name")}</a>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let me = me.await.ok().flatten();
                    me.map(|me| {
                        let items = nav_for(&me);
                        view! {
                            <button type="button" class="menu-toggle" aria-controls="mainnav"
                                aria-expanded=move || menu_open.get().to_string()
                                on:click=move |_| menu_open.update(|open| *open = !*open)>
                                <span aria-hidden="true">"☰ "</span>{i.t("nav.menu")}
                            </button>
                            <nav id="mainnav" aria-label=i.t("nav.label") class="mainnav" class:open=move || menu_open.get()>
                                <ul>
                                    {items.into_iter().map(|(key, href)| if href == "/driver" {
                                        // the driver's pages live outside the app (light, offline)
                                        view! { <li><a href=href rel="external">{i.t(key)}</a></li> }.into_any()
                                    } else {
                                        view! { <li><A href=href exact=true>{i.t(key)}</A></li> }.into_any()
                                    }).collect_view()}
                                </ul>
                            </nav>
                            <div class="who">
                                <span class="user" title={me.roles.iter().map(|r| r.key()).collect::<Vec<_>>().join(", ")}>{me.display_name.clone()}</span>
                                <ActionForm action=sign_out attr:class="inline">
                                    <button type="submit" class="link">{i.t("auth.sign_out")}</button>
                                </ActionForm>
                            </div>
                        }
                    })
                })}
            </Suspense>
            <a class="lang" rel="external" href=lang_href hreflang=i.0.other().tag() lang=i.0.other().tag()>
                {i.0.other().native_name()}
            </a>
        </header>
        <div class="route-progress" class:active=busy aria-hidden="true"></div>
        <main id="main" aria-busy=move || busy().to_string()>{children()}</main>
    }
}

/// Renders its children only for a signed-in user (provided to them as `Me`), otherwise
/// redirects to the sign-in page.
#[component]
pub fn RequireUser(children: ChildrenFn) -> impl IntoView {
    let me = expect_context::<MeResource>();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => {
                        provide_context(me);
                        children.with_value(|c| c()).into_any()
                    }
                    _ => view! { <Redirect path="/signin"/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The signed-in user (inside `RequireUser`).
pub fn use_me() -> Me {
    use_context::<Me>().unwrap_or(Me { username: String::new(), display_name: String::new(), roles: vec![] })
}

/// Whether the signed-in user may do something (the server checks again).
pub fn allowed(action: Action) -> bool {
    can(&use_me().roles, action)
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A full page load (so the server renders with the new session or language).
pub fn reload_to(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}
