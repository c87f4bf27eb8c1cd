//! Deactivating or reactivating a master record: the current status, a required reason, and
//! the button. Records are never deleted; the reason goes into the audit trail.

use crate::components::form::{ErrorBanner, TextField};
use crate::components::layout::reload_to;
use crate::domain::fields::StatusChange;
use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// The page owns the server action; `submit` dispatches it. When it succeeds (`done`), the
/// page reloads so the form shows the new version.
#[component]
pub fn StatusPanel(
    active: bool,
    version: i64,
    #[prop(into)] submit: Callback<StatusChange>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(into)] done: Signal<bool>,
) -> impl IntoView {
    let i = use_i18n();
    let reason = RwSignal::new(String::new());
    let here = leptos_router::hooks::use_location().pathname;
    Effect::new(move |_| {
        if done.get() {
            reload_to(&here.get_untracked());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit.run(StatusChange { reason: reason.get_untracked(), version });
    };
    let (state_key, button_key) =
        if active { ("status.active", "status.deactivate") } else { ("status.inactive", "status.reactivate") };
    view! {
        <form class="record status-panel" on:submit=on_submit novalidate>
            <h2>{i.t("status.title")}": "<span class=if active { "badge ok" } else { "badge warn" }>{i.t(state_key)}</span></h2>
            <TextField label="status.reason" name="reason" value=reason on_input=Callback::new(move |v| reason.set(v)) error=error required=true/>
            <ErrorBanner error=error/>
            <div class="actions">
                <button type="submit" disabled=move || pending.get()>{i.t(button_key)}</button>
            </div>
        </form>
    }
}
