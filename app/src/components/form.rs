//! Form pieces: a labelled input that shows its own translated error, and a banner for
//! errors that belong to no single field.

use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// The error to show for one field, if the last save failed on it.
pub fn field_error(error: Signal<Option<AppError>>, field: impl Into<String>) -> Signal<Option<String>> {
    let i = use_i18n();
    let field: String = field.into();
    Signal::derive(move || {
        error.get().and_then(|e| match &e {
            AppError::Validation { field: f, msg } | AppError::Duplicate { field: f, msg } if *f == field => {
                Some(i.render(msg))
            }
            _ => None,
        })
    })
}

/// A labelled text input bound to a getter and a setter.
#[component]
pub fn TextField(
    /// Translation key of the label.
    label: &'static str,
    /// The field name the server names in its errors; also the input's name and id.
    name: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] hint: Option<String>,
    /// Makes the input's id unique where two forms on one page have a field of the same name
    /// (an order's status reason and its date-change reason).
    #[prop(optional)]
    form: Option<&'static str>,
) -> impl IntoView {
    let i = use_i18n();
    let err = field_error(error, name);
    let scoped = match form {
        Some(form) => format!("{form}-{name}"),
        None => name.to_string(),
    };
    let id = format!("f-{}", scoped.replace(['[', ']', '.'], "-"));
    let err_id = format!("{id}-err");
    let err_id2 = err_id.clone();
    view! {
        <div class="field" class:invalid=move || err.get().is_some()>
            <label for=id.clone()>{i.t(label)}{required.then_some(" *")}</label>
            <input
                id=id
                name=name
                type=input_type.unwrap_or("text")
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
                aria-invalid=move || err.get().is_some().to_string()
                aria-describedby=err_id.clone()
                required=required
            />
            {hint.map(|h| view! { <small class="hint">{h}</small> })}
            <p class="error" id=err_id2 role="alert">{move || err.get()}</p>
        </div>
    }
}

/// Shows an error that is not about one field (conflict, permission, network).
#[component]
pub fn ErrorBanner(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i = use_i18n();
    view! {
        {move || error.get().filter(|e| e.field().is_none()).map(|e| view! {
            <div class="banner error" role="alert">{i.render(&e.msg())}</div>
        })}
        {move || error.get().filter(|e| e.field().is_some()).map(|_| view! {
            <div class="banner error" role="alert">{i.t("form.fix_errors")}</div>
        })}
    }
}

/// Turns a server function's result into the error to show.
pub fn error_of<T>(result: &Option<Result<T, AppError>>) -> Option<AppError> {
    match result {
        Some(Err(e)) => Some(e.clone()),
        _ => None,
    }
}
