//! What a quality complaint starts from its batch (SPEC §5): quality records the batch as
//! nonconforming (it stops shipping) and starts its recall from every customer who
//! received it, through the release gate's own services. Each is done once; the complaint
//! links to what it opened.

use crate::api::service::{ComplaintNonconformity, ComplaintRecall};
use crate::components::form::{error_of, field_error, ErrorBanner};
use crate::components::layout::allowed;
use crate::domain::complaint::{self, Complaint, Finding, RecallInput};
use crate::domain::Action;
use crate::i18n::use_i18n;
use crate::pages::batches::NonconformityForm;
use leptos::prelude::*;
use leptos_router::components::A;

/// The findings section of a quality complaint with a batch; nothing for any other.
#[component]
pub fn ComplaintFindings(c: Complaint) -> impl IntoView {
    let i = use_i18n();
    let may = |f: Finding| complaint::may_open(f, &c).is_ok() && allowed(Action::ManageQuality);
    let (nonconformity, recall) = (may(Finding::Nonconformity), may(Finding::Recall));
    let relevant = c.category == complaint::Category::Quality && c.batch_id.is_some();
    let batch = c.batch_id.unwrap_or_default();
    let id = c.id;
    relevant.then(|| {
        view! {
            <section class="findings" aria-labelledby="findings-h">
                <h2 id="findings-h">{i.t("complaint.findings")}</h2>
                <p class="muted">{i.t("complaint.findings_about")}</p>
                <ul class="links">
                    {c.nonconformity_id.map(|_| view! {
                        <li><span class="badge bad">{i.t("complaint.nonconformity_opened")}</span>" "
                            <A href=format!("/batches/{batch}")>{c.batch_no.clone().unwrap_or_default()}</A></li>
                    })}
                    {c.recall_id.map(|_| view! {
                        <li><span class="badge bad">{i.t("complaint.recall_opened")}</span>" "
                            <A href="/recalls">{i.t("nav.recalls")}</A></li>
                    })}
                </ul>
                {nonconformity.then(|| view! { <ComplaintNonconformityForm id=id/> })}
                {recall.then(|| view! { <RecallForm id=id/> })}
            </section>
        }
    })
}

#[component]
fn ComplaintNonconformityForm(id: i64) -> impl IntoView {
    let save = ServerAction::<ComplaintNonconformity>::new();
    let error = Signal::derive(move || error_of(&save.value().get()));
    let submit = Callback::new(move |input| {
        save.dispatch(ComplaintNonconformity { id, input });
    });
    view! { <NonconformityForm submit=submit pending=save.pending() error=error/> }
}

#[component]
fn RecallForm(id: i64) -> impl IntoView {
    let i = use_i18n();
    let save = ServerAction::<ComplaintRecall>::new();
    let error = Signal::derive(move || error_of(&save.value().get()));
    let reason_err = field_error(error, "reason");
    let reason = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(ComplaintRecall { id, input: RecallInput { reason: Some(reason.get_untracked()) } });
    };
    view! {
        <form class="record" on:submit=on_submit novalidate>
            <h2>{i.t("complaint.start_recall")}</h2>
            <div class="field" class:invalid=move || reason_err.get().is_some()>
                <label for="f-reason">{i.t("complaint.recall_reason")}" *"</label>
                <textarea id="f-reason" rows="3" maxlength="1000" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                <p class="error" role="alert">{move || reason_err.get()}</p>
            </div>
            <ErrorBanner error=error/>
            <div class="actions"><button type="submit" class="primary" disabled=move || save.pending().get()>{i.t("complaint.start_recall")}</button></div>
        </form>
    }
}
