//! A section that shows its title and builds its content the first time it is opened.
//!
//! A form that most visits never open (an amendment request, a negotiated date, a survey's
//! targets) need not weigh on the page's first load: give `Disclosure` a `#[lazy]` function
//! that returns the form, and with `cargo leptos build --split` the form's code is fetched
//! only when the user opens it.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use std::future::Future;

/// A `<details>` section titled by the translation key `title`: a record's section (`record`,
/// titled by a heading) or a tool panel above a dashboard (`panel`). Its content comes from
/// `load` on the first opening and stays, so closing and reopening keeps what was typed.
#[component]
pub fn Disclosure<L, F>(title: &'static str, load: L, #[prop(optional)] panel: bool) -> impl IntoView
where
    L: Fn() -> F + Send + Sync + 'static,
    F: Future<Output = AnyView> + Send + 'static,
{
    let i = use_i18n();
    let opened = RwSignal::new(false);
    // A live update that redraws the page may keep this `<details>` element, open, for a new
    // `Disclosure`: then it is already opened, and shows its content again.
    let details = NodeRef::<leptos::html::Details>::new();
    Effect::new(move |_| {
        if details.get().is_some_and(|el| el.has_attribute("open")) && !opened.get_untracked() {
            opened.set(true);
        }
    });
    let summary = if panel {
        view! { <summary>{i.t(title)}</summary> }.into_any()
    } else {
        view! { <summary><h2 class="inline">{i.t(title)}</h2></summary> }.into_any()
    };
    view! {
        <details node_ref=details class=if panel { "panel" } else { "record" } on:toggle=move |_| {
            if !opened.get_untracked() {
                opened.set(true);
            }
        }>
            {summary}
            {move || opened.get().then(|| {
                let content = load();
                view! {
                    <Suspense fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                        {Suspend::new(content)}
                    </Suspense>
                }
            })}
        </details>
    }
}
