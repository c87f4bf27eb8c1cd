//! Customer complaints (顾客投诉记录): the list with each one's containment limit and stage,
//! the form that registers one against a product, batch and delivery note, and the page that
//! works it through the 8D steps — with the batch's other customers and the earlier
//! complaints that make it a repeat.

use crate::api::orders::order_choices;
use crate::api::service::{get_complaint, list_complaints, ComplaintStep, RegisterComplaint};
use crate::components::form::{error_of, field_error, ErrorBanner};
use crate::components::layout::{allowed, use_me};
use crate::components::list::DeskList;
use crate::components::live::use_live;
use crate::domain::complaint::{Category, Complaint, ComplaintInput, Done, Severity, Stage, Step, StepInput};
use crate::domain::local_minute;
use crate::domain::service::Channel;
use crate::domain::Action;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::pages::complaint_findings::ComplaintFindings;
use crate::pages::inquiries::SlaBadge;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

fn stage_badge(stage: Stage) -> impl IntoView {
    let i = use_i18n();
    let class = match stage {
        Stage::Closed => "badge ok",
        Stage::Verified => "badge ok",
        _ => "badge warn",
    };
    view! { <span class=class>{i.t(&format!("complaint.stage.{}", stage.key()))}</span> }
}

#[component]
pub fn ComplaintList() -> impl IntoView {
    let i = use_i18n();
    let statuses = Stage::ALL.map(|s| (s.key(), i.t(&format!("complaint.stage.{}", s.key())))).to_vec();
    let new_link = allowed(Action::WriteComplaints).then_some(("/complaints/new", "complaint.new"));
    view! {
        <DeskList title="nav.complaints" base="/complaints" api="/api/v1/complaints" new_link=new_link statuses=statuses topics=&["complaint"]
            columns=&["inquiry.number", "inquiry.received_at", "inquiry.customer", "inquiry.product", "complaint.category", "complaint.stage"]
            empty="complaint.none"
            fetch=|q| list_complaints(q)
            row=|c: Complaint| view! { <ComplaintRow c=c/> }/>
    }
}

#[component]
fn ComplaintRow(c: Complaint) -> impl IntoView {
    let i = use_i18n();
    let repeat = !c.repeat_of.is_empty();
    view! {
        <tr>
            <td><A href=format!("/complaints/{}", c.id)>{c.number.clone()}</A></td>
            <td>{local_minute(&c.received_at)}</td>
            <td>{c.customer_name.clone()}</td>
            <td>{c.product_name.clone()}{c.batch_no.clone().map(|b| format!(" · {b}"))}</td>
            <td>
                {i.t(&format!("complaint.category.{}", c.category.key()))}" · "{i.t(&format!("complaint.severity.{}", c.severity.key()))}
                {repeat.then(|| view! { " " <span class="badge bad">{i.t("complaint.repeat")}</span> })}
            </td>
            <td>{stage_badge(c.status)}{(c.status == Stage::Open).then(|| view! { " " <SlaBadge state=c.sla/> })}</td>
        </tr>
    }
}

/// `/complaints/new`.
#[component]
pub fn ComplaintNew() -> impl IntoView {
    let i = use_i18n();
    // opened from an inquiry, the form carries its facts: `?customer_id=&product_id=&channel=
    // &received_at=&description=`
    let query = use_query_map().get_untracked();
    let given = |k: &str| query.get(k).filter(|v| !v.is_empty());
    let form = RwSignal::new(ComplaintInput {
        customer_id: given("customer_id").and_then(|v| v.parse().ok()).unwrap_or(0),
        product_id: given("product_id").and_then(|v| v.parse().ok()).unwrap_or(0),
        channel: given("channel"),
        received_at: given("received_at"),
        description: given("description").unwrap_or_default(),
        severity: "major".into(),
        category: "quality".into(),
        ..Default::default()
    });
    let choices = crate::api::resource(|| (), |_| order_choices());
    let save = ServerAction::<RegisterComplaint>::new();
    let error = Signal::derive(move || error_of(&save.value().get()));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(c)) = save.value().get() {
            navigate(&format!("/complaints/{}", c.id), Default::default());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(RegisterComplaint { input: form.get_untracked() });
    };
    let err = |f: &'static str| field_error(error, f);
    let (customer_err, product_err, batch_err, note_err) =
        (err("customer_id"), err("product_id"), err("batch_id"), err("delivery_note_id"));
    let (received_err, description_err) = (err("received_at"), err("description"));
    let id_of = |v: String| v.trim().parse::<i64>().ok().filter(|n| *n > 0);
    view! {
        <Title text=i.t("complaint.new")/>
        <section class="page narrow">
            <h1>{i.t("complaint.new")}</h1>
            <form class="record" on:submit=on_submit novalidate>
                <Suspense fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                    {move || Suspend::new(async move {
                        let (customers, products) = choices.await.unwrap_or_default();
                        view! {
                            <div class="field" class:invalid=move || customer_err.get().is_some()>
                                <label for="f-customer_id">{i.t("inquiry.customer")}" *"</label>
                                <select id="f-customer_id" prop:value=move || form.with(|f| f.customer_id.to_string()) on:change=move |ev| form.update(|f| f.customer_id = event_target_value(&ev).parse().unwrap_or(0))>
                                    <option value="0">"—"</option>
                                    {customers.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.label}</option> }).collect_view()}
                                </select>
                                <p class="error" role="alert">{move || customer_err.get()}</p>
                            </div>
                            <div class="field" class:invalid=move || product_err.get().is_some()>
                                <label for="f-product_id">{i.t("inquiry.product")}" *"</label>
                                <select id="f-product_id" prop:value=move || form.with(|f| f.product_id.to_string()) on:change=move |ev| form.update(|f| f.product_id = event_target_value(&ev).parse().unwrap_or(0))>
                                    <option value="0">"—"</option>
                                    {products.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.label}</option> }).collect_view()}
                                </select>
                                <p class="error" role="alert">{move || product_err.get()}</p>
                            </div>
                        }
                    })}
                </Suspense>
                <div class="field" class:invalid=move || batch_err.get().is_some()>
                    <label for="f-batch_id">{i.t("complaint.batch_id")}</label>
                    <input id="f-batch_id" inputmode="numeric" on:input=move |ev| form.update(|f| f.batch_id = id_of(event_target_value(&ev)))/>
                    <p class="error" role="alert">{move || batch_err.get()}</p>
                </div>
                <div class="field" class:invalid=move || note_err.get().is_some()>
                    <label for="f-delivery_note_id">{i.t("complaint.note_id")}</label>
                    <input id="f-delivery_note_id" inputmode="numeric" on:input=move |ev| form.update(|f| f.delivery_note_id = id_of(event_target_value(&ev)))/>
                    <p class="error" role="alert">{move || note_err.get()}</p>
                </div>
                <div class="field">
                    <label for="f-severity">{i.t("complaint.severity")}" *"</label>
                    <select id="f-severity" prop:value=move || form.with(|f| f.severity.clone()) on:change=move |ev| form.update(|f| f.severity = event_target_value(&ev))>
                        {Severity::ALL.map(|s| view! { <option value=s.key()>{i.t(&format!("complaint.severity.{}", s.key()))}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-category">{i.t("complaint.category")}" *"</label>
                    <select id="f-category" prop:value=move || form.with(|f| f.category.clone()) on:change=move |ev| form.update(|f| f.category = event_target_value(&ev))>
                        {Category::ALL.map(|c| view! { <option value=c.key()>{i.t(&format!("complaint.category.{}", c.key()))}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-channel">{i.t("inquiry.channel")}</label>
                    <select id="f-channel" prop:value=move || form.with(|f| f.channel.clone().unwrap_or_else(|| "phone".into()))
                        on:change=move |ev| form.update(|f| f.channel = Some(event_target_value(&ev)))>
                        {Channel::ALL.map(|c| view! { <option value=c.key()>{i.t(&format!("channel.{}", c.key()))}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field" class:invalid=move || received_err.get().is_some()>
                    <label for="f-received_at">{i.t("inquiry.received_at")}</label>
                    <input id="f-received_at" type="datetime-local" aria-describedby="f-received_at-hint"
                        prop:value=move || form.with(|f| f.received_at.clone().unwrap_or_default())
                        on:input=move |ev| form.update(|f| f.received_at = Some(event_target_value(&ev)).filter(|v| !v.is_empty()))/>
                    <small class="hint" id="f-received_at-hint">{i.t("inquiry.received_hint")}</small>
                    <p class="error" role="alert">{move || received_err.get()}</p>
                </div>
                <div class="field" class:invalid=move || description_err.get().is_some()>
                    <label for="f-description">{i.t("complaint.description")}" *"</label>
                    <textarea id="f-description" rows="5" maxlength="4000" prop:value=move || form.with(|f| f.description.clone()) on:input=move |ev| form.update(|f| f.description = event_target_value(&ev))></textarea>
                    <p class="error" role="alert">{move || description_err.get()}</p>
                </div>
                <ErrorBanner error=error/>
                <button type="submit" disabled=move || save.pending().get()>{i.t("complaint.register")}</button>
            </form>
        </section>
    }
}

/// `/complaints/:id`.
#[component]
pub fn ComplaintDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let live = use_live(&["complaint"]);
    let data = crate::api::resource(move || (id(), live.get()), |(id, _)| get_complaint(id));
    view! {
        <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <Title text=i.t("complaint.title")/><section class="page"><h1>{i.t("complaint.title")}</h1><LoadError error=e/></section> }.into_any(),
                    Ok(c) => view! { <ComplaintView c=c/> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn done_line(d: &Option<Done>) -> Option<String> {
    d.as_ref().map(|d| format!("{} · {}", d.by, local_minute(&d.at)))
}

#[component]
fn ComplaintView(c: Complaint) -> impl IntoView {
    let i = use_i18n();
    let dash = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    let next = Step::next(c.status);
    let editable = allowed(Action::WriteComplaints);
    let steps: Vec<(&str, Option<String>, Option<String>)> = vec![
        ("complaint.containment", c.containment.clone(), done_line(&c.contained)),
        ("complaint.root_cause", c.root_cause.clone(), done_line(&c.analysed)),
        (
            "complaint.action",
            c.action.clone().map(|a| {
                format!(
                    "{a}\n{}: {} · {}: {} · {}: {}",
                    i.t("complaint.owner"),
                    c.action_owner.clone().unwrap_or_default(),
                    i.t("complaint.due_on"),
                    c.action_due_on.clone().unwrap_or_default(),
                    i.t("complaint.verify_on"),
                    c.verify_on.clone().unwrap_or_default()
                )
            }),
            done_line(&c.action_set),
        ),
        (
            "complaint.verification",
            c.evidence.clone().map(|e| {
                let found = if c.effective == Some(true) { "complaint.effective" } else { "complaint.not_effective" };
                format!("{e}\n{}", i.t(found))
            }),
            done_line(&c.verified),
        ),
        ("complaint.closure", None, done_line(&c.closed)),
    ];
    view! {
        <Title text=format!("{} {}", i.t("complaint.title"), c.number)/>
        <section class="page">
            <div class="page-head">
                <h1>{i.t("complaint.title")}" "{c.number.clone()}" "{stage_badge(c.status)}</h1>
                <a class="button" rel="external" target="_blank" href=format!("/print/complaints/{}/8d", c.id)>{i.t("complaint.print_8d")}</a>
            </div>
            {(!c.repeat_of.is_empty()).then(|| view! {
                <div class="banner error" role="note">
                    {i.t("complaint.repeat_about")}" "
                    {c.repeat_of.iter().map(|r| view! { <A href=format!("/complaints/{r}")>{format!("#{r}")}</A>" " }).collect_view()}
                </div>
            })}
            <dl class="facts">
                <div><dt>{i.t("inquiry.customer")}</dt><dd>{c.customer_name.clone()}</dd></div>
                <div><dt>{i.t("inquiry.product")}</dt><dd>{c.product_name.clone()}</dd></div>
                <div><dt>{i.t("complaint.batch")}</dt><dd>{match (c.batch_id, c.batch_no.clone()) {
                    (Some(b), Some(no)) => view! { <A href=format!("/batches/{b}")>{no}</A> }.into_any(),
                    _ => "—".into_any(),
                }}</dd></div>
                <div><dt>{i.t("complaint.note")}</dt><dd>{match (c.delivery_note_id, c.delivery_note_number.clone()) {
                    (Some(n), Some(no)) => view! { <A href=format!("/delivery-notes/{n}")>{no}</A> }.into_any(),
                    _ => "—".into_any(),
                }}</dd></div>
                <div><dt>{i.t("complaint.severity")}</dt><dd>{i.t(&format!("complaint.severity.{}", c.severity.key()))}</dd></div>
                <div><dt>{i.t("complaint.category")}</dt><dd>{i.t(&format!("complaint.category.{}", c.category.key()))}</dd></div>
                <div><dt>{i.t("inquiry.received_at")}</dt><dd>{local_minute(&c.received_at)}" · "{i.t(&format!("channel.{}", c.channel.key()))}</dd></div>
                <div><dt>{i.t("complaint.containment_due")}</dt><dd>{dash(c.containment_due_at.as_deref().map(local_minute))}" "<SlaBadge state=c.sla/></dd></div>
            </dl>
            <h2>{i.t("complaint.description")}</h2>
            <p class="text">{c.description.clone()}</p>
            <h2>{i.t("complaint.steps")}</h2>
            <ol class="steps">
                {steps.into_iter().map(|(key, text, by)| {
                    let done = by.is_some();
                    view! {
                        <li class:done=done>
                            <strong>{i.t(key)}</strong>
                            {by.map(|b| view! { " " <span class="muted">{b}</span> })}
                            {text.map(|t| view! { <p class="text">{t}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {(c.failed_verifications > 0).then(|| view! {
                <p class="muted">{i.t("complaint.failed_verifications").replace("{count}", &c.failed_verifications.to_string())}</p>
            })}
            {next.filter(|_| editable).map(|step| view! { <StepForm id=c.id version=c.version step=step owner=c.action_owner.clone()/> })}
            <ComplaintFindings c=c.clone()/>
            {(!c.batch_recipients.is_empty()).then(|| view! {
                <h2>{i.t("complaint.recipients")}</h2>
                <div class="table-wrap"><table>
                    <thead><tr><th scope="col">{i.t("inquiry.customer")}</th><th scope="col" class="num">{i.t("recall.delivered")}</th></tr></thead>
                    <tbody>{c.batch_recipients.iter().map(|r| view! { <tr><td>{r.customer_name.clone()}</td><td class="num">{r.quantity}</td></tr> }).collect_view()}</tbody>
                </table></div>
            })}
        </section>
    }
}

/// The form of the step a complaint waits for.
#[component]
fn StepForm(id: i64, version: i64, step: Step, owner: Option<String>) -> impl IntoView {
    let i = use_i18n();
    let input = RwSignal::new(StepInput { version: Some(version), ..Default::default() });
    let save = ServerAction::<ComplaintStep>::new();
    let error: Signal<Option<AppError>> = Signal::derive(move || error_of(&save.value().get()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(ComplaintStep { id, step: step.key().to_string(), input: input.get_untracked() });
    };
    let err = |f: &'static str| field_error(error, f);
    let text_field = move |label: &'static str, name: &'static str| {
        let e = err(name);
        let fid = format!("f-{name}");
        view! {
            <div class="field" class:invalid=move || e.get().is_some()>
                <label for=fid.clone()>{i.t(label)}" *"</label>
                <textarea id=fid rows="4" maxlength="4000" on:input=move |ev| {
                    let v = Some(event_target_value(&ev));
                    input.update(|x| if name == "evidence" { x.evidence = v } else { x.text = v });
                }></textarea>
                <p class="error" role="alert">{move || e.get()}</p>
            </div>
        }
    };
    let date_field = move |label: &'static str, name: &'static str| {
        let e = err(name);
        let fid = format!("f-{name}");
        view! {
            <div class="field" class:invalid=move || e.get().is_some()>
                <label for=fid.clone()>{i.t(label)}" *"</label>
                <input id=fid type="date" on:input=move |ev| {
                    let v = Some(event_target_value(&ev));
                    input.update(|x| if name == "due_on" { x.due_on = v } else { x.verify_on = v });
                }/>
                <p class="error" role="alert">{move || e.get()}</p>
            </div>
        }
    };
    let owner_err = err("owner");
    let effective_err = err("effective");
    let me = use_me().username;
    let own_action = owner.as_deref() == Some(me.as_str());
    view! {
        <form class="record" on:submit=on_submit novalidate>
            <h2>{i.t(&format!("complaint.do.{}", step.key()))}</h2>
            {match step {
                Step::Containment => text_field("complaint.containment", "text").into_any(),
                Step::RootCause => text_field("complaint.root_cause", "text").into_any(),
                Step::Action => view! {
                    {text_field("complaint.action", "text")}
                    <div class="field" class:invalid=move || owner_err.get().is_some()>
                        <label for="f-owner">{i.t("complaint.owner")}" *"</label>
                        <input id="f-owner" autocomplete="off" on:input=move |ev| input.update(|x| x.owner = Some(event_target_value(&ev)))/>
                        <small class="hint">{i.t("complaint.owner_hint")}</small>
                        <p class="error" role="alert">{move || owner_err.get()}</p>
                    </div>
                    {date_field("complaint.due_on", "due_on")}
                    {date_field("complaint.verify_on", "verify_on")}
                }.into_any(),
                Step::Verify => view! {
                    {own_action.then(|| view! { <p class="banner warn" role="note">{i.t("complaint.rule.owner_verifies")}</p> })}
                    {text_field("complaint.evidence", "evidence")}
                    <fieldset>
                        <legend>{i.t("complaint.finding")}" *"</legend>
                        <div class="check"><input type="radio" id="f-effective-yes" name="effective" on:change=move |_| input.update(|x| x.effective = Some(true))/><label for="f-effective-yes">{i.t("complaint.effective")}</label></div>
                        <div class="check"><input type="radio" id="f-effective-no" name="effective" on:change=move |_| input.update(|x| x.effective = Some(false))/><label for="f-effective-no">{i.t("complaint.not_effective")}</label></div>
                        <p class="error" role="alert">{move || effective_err.get()}</p>
                    </fieldset>
                }.into_any(),
                Step::Close => view! { <p>{i.t("complaint.close_about")}</p> }.into_any(),
            }}
            <ErrorBanner error=error/>
            <button type="submit" disabled=move || save.pending().get()>{i.t(&format!("complaint.do.{}", step.key()))}</button>
        </form>
    }
}
