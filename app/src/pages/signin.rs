//! The sign-in page. Works without JavaScript too (a plain form post).

use crate::api::session::SignIn;
use crate::components::layout::reload_to;
use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignIn() -> impl IntoView {
    let i = use_i18n();
    let action = ServerAction::<SignIn>::new();
    Effect::new(move |_| {
        if let Some(Ok(me)) = action.value().get() {
            let home = if me.roles == vec![crate::domain::Role::Driver] { "/driver" } else { "/" };
            reload_to(home);
        }
    });
    let error = move || {
        action.value().get().and_then(|r| r.err()).map(|e| match e {
            AppError::Unauthenticated => i.t("auth.bad_credentials"),
            other => i.render(&other.msg()),
        })
    };
    view! {
        <Title text=i.t("auth.sign_in")/>
        <section class="page narrow signin">
            <h1>{i.t("auth.sign_in")}</h1>
            <ActionForm action=action>
                <div class="field">
                    <label for="username">{i.t("auth.username")}</label>
                    <input id="username" name="username" autocomplete="username" autocapitalize="none" required/>
                </div>
                <div class="field">
                    <label for="password">{i.t("auth.password")}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                {move || error().map(|e| view! { <div class="banner error" role="alert">{e}</div> })}
                <button type="submit" class="primary" disabled=move || action.pending().get()>{i.t("auth.sign_in")}</button>
            </ActionForm>
        </section>
    }
}
