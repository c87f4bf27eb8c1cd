//! Liaison forms (信息联络处理单): the register, the form that records what a customer said
//! (from an inquiry, carrying its facts) and routes it, and the page that works it through the
//! department — acknowledge, analysis, measure — to verification and result, each step with
//! who and when.

use crate::api::orders::order_choices;
use crate::api::service::{get_liaison, list_liaison, LiaisonStep, RecordLiaison};
use crate::components::form::{error_of, field_error, ErrorBanner};
use crate::components::layout::allowed;
use crate::components::list::DeskList;
use crate::components::live::use_live;
use crate::domain::complaint::Done;
use crate::domain::liaison::{Kind, Liaison, LiaisonInput, LiaisonStepInput, Status, Step};
use crate::domain::local_minute;
use crate::domain::service::{Channel, Department};
use crate::domain::Action;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

#[component]
pub fn LiaisonList() -> impl IntoView {
    let i = use_i18n();
    let statuses = Status::ALL.map(|s| (s.key(), i.t(&format!("liaison.status.{}", s.key())))).to_vec();
    let new_link = allowed(Action::WriteLiaison).then_some(("/liaison-forms/new", "liaison.new"));
    view! {
        <DeskList title="nav.liaison" base="/liaison-forms" api="/api/v1/liaison-forms" new_link=new_link statuses=statuses topics=&["liaison_form"]
            columns=&["inquiry.number", "inquiry.received_at", "inquiry.customer", "liaison.kind", "liaison.department", "liaison.stage"]
            empty="liaison.none"
            fetch=|q| list_liaison(q)
            row=|l: Liaison| view! { <LiaisonRow l=l/> }/>
    }
}

fn department_name(i: crate::i18n::I18n, d: Option<Department>) -> String {
    d.map(|d| i.t(&format!("dept.{}", d.key()))).unwrap_or_else(|| "—".into())
}

#[component]
fn LiaisonRow(l: Liaison) -> impl IntoView {
    let i = use_i18n();
    view! {
        <tr>
            <td><A href=format!("/liaison-forms/{}", l.id)>{l.number.clone()}</A></td>
            <td>{local_minute(&l.received_at)}</td>
            <td>{l.customer_name.clone()}</td>
            <td>{i.t(&format!("liaison.kind.{}", l.kind.key()))}</td>
            <td>{department_name(i, l.department)}</td>
            <td>{i.t(&format!("liaison.status.{}", l.status.key()))}</td>
        </tr>
    }
}

/// `/liaison-forms/new`, optionally carrying an inquiry's facts in its query string.
#[component]
pub fn LiaisonNew() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let q = move |k: &str| query.read_untracked().get(k).filter(|v| !v.is_empty());
    let form = RwSignal::new(LiaisonInput {
        customer_id: q("customer_id").and_then(|v| v.parse().ok()).unwrap_or(0),
        product_id: q("product_id").and_then(|v| v.parse().ok()),
        inquiry_id: q("inquiry_id").and_then(|v| v.parse().ok()),
        channel: Some(q("channel").unwrap_or_else(|| "phone".into())),
        received_at: q("received_at"),
        description: q("description").unwrap_or_default(),
        kind: "suggestion".into(),
        department: None,
    });
    let choices = crate::api::resource(|| (), |_| order_choices());
    let save = ServerAction::<RecordLiaison>::new();
    let error = Signal::derive(move || error_of(&save.value().get()));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(l)) = save.value().get() {
            navigate(&format!("/liaison-forms/{}", l.id), Default::default());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(RecordLiaison { input: form.get_untracked() });
    };
    let err = |f: &'static str| field_error(error, f);
    let (customer_err, received_err, description_err) = (err("customer_id"), err("received_at"), err("description"));
    let text = move |get: fn(&LiaisonInput) -> Option<String>| move || form.with(get).unwrap_or_default();
    view! {
        <Title text=i.t("liaison.new")/>
        <section class="page narrow">
            <h1>{i.t("liaison.new")}</h1>
            <form class="record" on:submit=on_submit novalidate>
                <Suspense fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                    {move || Suspend::new(async move {
                        let (customers, products) = choices.await.unwrap_or_default();
                        let customer = form.with_untracked(|f| f.customer_id.to_string());
                        let product = form.with_untracked(|f| f.product_id.unwrap_or(0).to_string());
                        view! {
                            <div class="field" class:invalid=move || customer_err.get().is_some()>
                                <label for="f-customer_id">{i.t("inquiry.customer")}" *"</label>
                                <select id="f-customer_id" prop:value=customer on:change=move |ev| form.update(|f| f.customer_id = event_target_value(&ev).parse().unwrap_or(0))>
                                    <option value="0">"—"</option>
                                    {customers.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.label}</option> }).collect_view()}
                                </select>
                                <p class="error" role="alert">{move || customer_err.get()}</p>
                            </div>
                            <div class="field">
                                <label for="f-product_id">{i.t("inquiry.product")}</label>
                                <select id="f-product_id" prop:value=product on:change=move |ev| form.update(|f| f.product_id = event_target_value(&ev).parse().ok().filter(|p| *p > 0))>
                                    <option value="0">{i.t("inquiry.product_none")}</option>
                                    {products.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.label}</option> }).collect_view()}
                                </select>
                            </div>
                        }
                    })}
                </Suspense>
                <div class="field">
                    <label for="f-kind">{i.t("liaison.kind")}" *"</label>
                    <select id="f-kind" prop:value=move || form.with(|f| f.kind.clone()) on:change=move |ev| form.update(|f| f.kind = event_target_value(&ev))>
                        {Kind::ALL.map(|k| view! { <option value=k.key()>{i.t(&format!("liaison.kind.{}", k.key()))}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-channel">{i.t("inquiry.channel")}</label>
                    <select id="f-channel" prop:value=text(|f| f.channel.clone()) on:change=move |ev| form.update(|f| f.channel = Some(event_target_value(&ev)))>
                        {Channel::ALL.map(|c| view! { <option value=c.key()>{i.t(&format!("channel.{}", c.key()))}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field" class:invalid=move || received_err.get().is_some()>
                    <label for="f-received_at">{i.t("inquiry.received_at")}</label>
                    <input id="f-received_at" type="datetime-local" prop:value=text(|f| f.received_at.clone()) aria-describedby="f-received_at-hint"
                        on:input=move |ev| form.update(|f| f.received_at = Some(event_target_value(&ev)).filter(|v| !v.is_empty()))/>
                    <small class="hint" id="f-received_at-hint">{i.t("inquiry.received_hint")}</small>
                    <p class="error" role="alert">{move || received_err.get()}</p>
                </div>
                <div class="field" class:invalid=move || description_err.get().is_some()>
                    <label for="f-description">{i.t("liaison.description")}" *"</label>
                    <textarea id="f-description" rows="5" maxlength="4000" prop:value=move || form.with(|f| f.description.clone())
                        on:input=move |ev| form.update(|f| f.description = event_target_value(&ev))></textarea>
                    <p class="error" role="alert">{move || description_err.get()}</p>
                </div>
                <DepartmentSelect id="f-department" on_change=move |d| form.update(|f| f.department = d)/>
                <ErrorBanner error=error/>
                <button type="submit" disabled=move || save.pending().get()>{i.t("liaison.save")}</button>
            </form>
        </section>
    }
}

/// The department a form is routed to ("not yet" allowed).
#[component]
fn DepartmentSelect(id: &'static str, on_change: impl Fn(Option<String>) + 'static) -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="field">
            <label for=id>{i.t("liaison.route_to")}</label>
            <select id=id on:change=move |ev| on_change(Some(event_target_value(&ev)).filter(|v| !v.is_empty()))>
                <option value="">{i.t("liaison.not_routed")}</option>
                {Department::ALL.map(|d| view! { <option value=d.key()>{i.t(&format!("dept.{}", d.key()))}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// `/liaison-forms/:id`: the form, its steps so far, and the next step for who may take it.
#[component]
pub fn LiaisonDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let live = use_live(&["liaison_form"]);
    let data = crate::api::resource(move || (id(), live.get()), |(id, _)| get_liaison(id));
    view! {
        <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <Title text=i.t("liaison.title")/><section class="page"><h1>{i.t("liaison.title")}</h1><LoadError error=e/></section> }.into_any(),
                    Ok((l, mine)) => view! { <LiaisonView l=l mine=mine/> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn done_text(d: &Option<Done>) -> String {
    d.as_ref().map(|d| format!("{} · {}", local_minute(&d.at), d.by)).unwrap_or_else(|| "—".into())
}

#[component]
fn LiaisonView(l: Liaison, mine: Vec<String>) -> impl IntoView {
    let i = use_i18n();
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    let next: Vec<Step> =
        Step::ALL.into_iter().filter(|s| s.allowed_in(l.status) && mine.iter().any(|m| m == s.key())).collect();
    let trail = [
        ("liaison.step.route", department_name(i, l.department), &l.routed),
        ("liaison.step.acknowledge", String::new(), &l.acknowledged),
        ("liaison.step.analysis", dash(&l.analysis), &l.analysed),
        (
            "liaison.step.measure",
            match (&l.measure, &l.measure_owner, &l.measure_due_on) {
                (Some(m), Some(o), Some(d)) => {
                    format!("{m} ({} {o}, {} {d})", i.t("liaison.owner"), i.t("liaison.due_on"))
                }
                _ => "—".into(),
            },
            &l.measure_set,
        ),
        (
            "liaison.step.verify",
            match (&l.verification, l.effective) {
                (Some(v), Some(e)) => {
                    format!("{} — {v}", i.t(if e { "liaison.effective" } else { "liaison.not_effective" }))
                }
                _ => "—".into(),
            },
            &l.verified,
        ),
        ("liaison.step.close", dash(&l.result), &l.closed),
    ]
    .into_iter()
    .map(|(label, text, done)| {
        let state = if done.is_some() { "done" } else { "todo" };
        view! {
            <li class=state>
                <strong>{i.t(label)}</strong>" "<span class="muted">{done_text(done)}</span>
                {(!text.is_empty()).then(|| view! { <p class="text">{text.clone()}</p> })}
            </li>
        }
    })
    .collect_view();
    view! {
        <Title text=format!("{} {}", i.t("liaison.title"), l.number)/>
        <section class="page">
            <h1>{i.t("liaison.title")}" "{l.number.clone()}</h1>
            <p class="muted">{i.t(&format!("liaison.status.{}", l.status.key()))}</p>
            <dl class="facts">
                <div><dt>{i.t("inquiry.customer")}</dt><dd>{l.customer_name.clone()}</dd></div>
                <div><dt>{i.t("liaison.kind")}</dt><dd>{i.t(&format!("liaison.kind.{}", l.kind.key()))}</dd></div>
                <div><dt>{i.t("inquiry.channel")}</dt><dd>{i.t(&format!("channel.{}", l.channel.key()))}</dd></div>
                <div><dt>{i.t("inquiry.received_at")}</dt><dd>{local_minute(&l.received_at)}</dd></div>
                <div><dt>{i.t("inquiry.entered")}</dt><dd>{local_minute(&l.entered_at)}" · "{l.entered_by.clone()}</dd></div>
                <div><dt>{i.t("inquiry.product")}</dt><dd>{dash(&l.product_name)}</dd></div>
                <div><dt>{i.t("liaison.department")}</dt><dd>{department_name(i, l.department)}</dd></div>
                {l.inquiry_id.map(|q| view! { <div><dt>{i.t("inquiry.title")}</dt><dd><A href=format!("/inquiries/{q}")>{format!("#{q}")}</A></dd></div> })}
            </dl>
            <h2>{i.t("liaison.description")}</h2>
            <p class="text">{l.description.clone()}</p>
            {(l.failed_verifications > 0).then(|| view! {
                <p class="banner warn" role="status">{i.t("liaison.failed").replace("{n}", &l.failed_verifications.to_string())}</p>
            })}
            <h2>{i.t("liaison.steps")}</h2>
            <ol class="history steps">{trail}</ol>
            {next.into_iter().map(|s| view! { <LiaisonStepForm id=l.id version=l.version step=s/> }).collect_view()}
        </section>
    }
}

/// The next step's form.
#[component]
fn LiaisonStepForm(id: i64, version: i64, step: Step) -> impl IntoView {
    let i = use_i18n();
    let input = RwSignal::new(LiaisonStepInput { version: Some(version), ..Default::default() });
    let save = ServerAction::<LiaisonStep>::new();
    let error: Signal<Option<AppError>> = Signal::derive(move || error_of(&save.value().get()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(LiaisonStep { id, step: step.key().to_string(), input: input.get_untracked() });
    };
    let key = step.key();
    let err = |f: &'static str| field_error(error, f);
    let (text_err, owner_err, due_err, result_err) = (err("text"), err("owner"), err("due_on"), err("result"));
    let text_field = matches!(step, Step::Analysis | Step::Measure | Step::Verify).then(|| {
        let fid = format!("f-{key}-text");
        view! {
            <div class="field" class:invalid=move || text_err.get().is_some()>
                <label for=fid.clone()>{i.t(&format!("liaison.text.{key}"))}" *"</label>
                <textarea id=fid rows="3" maxlength="4000" on:input=move |ev| input.update(|x| x.text = Some(event_target_value(&ev)))></textarea>
                <p class="error" role="alert">{move || text_err.get()}</p>
            </div>
        }
    });
    view! {
        <form class="record" on:submit=on_submit novalidate>
            <h2>{i.t(&format!("liaison.do.{key}"))}</h2>
            {(step == Step::Route).then(|| view! {
                <DepartmentSelect id="f-route-department" on_change=move |d| input.update(|x| x.department = d)/>
                <p class="error" role="alert">{move || field_error(error, "department").get()}</p>
            })}
            {text_field}
            {(step == Step::Measure).then(|| view! {
                <div class="field" class:invalid=move || owner_err.get().is_some()>
                    <label for="f-measure-owner">{i.t("liaison.owner")}" *"</label>
                    <input id="f-measure-owner" maxlength="64" autocomplete="off" on:input=move |ev| input.update(|x| x.owner = Some(event_target_value(&ev)))/>
                    <p class="error" role="alert">{move || owner_err.get()}</p>
                </div>
                <div class="field" class:invalid=move || due_err.get().is_some()>
                    <label for="f-measure-due">{i.t("liaison.due_on")}" *"</label>
                    <input id="f-measure-due" type="date" on:input=move |ev| input.update(|x| x.due_on = Some(event_target_value(&ev)))/>
                    <p class="error" role="alert">{move || due_err.get()}</p>
                </div>
            })}
            {(step == Step::Verify).then(|| view! {
                <fieldset class="field">
                    <legend>{i.t("liaison.finding")}" *"</legend>
                    <label class="check"><input type="radio" name="effective" id="f-effective-yes" on:change=move |_| input.update(|x| x.effective = Some(true))/>{i.t("liaison.effective")}</label>
                    <label class="check"><input type="radio" name="effective" id="f-effective-no" on:change=move |_| input.update(|x| x.effective = Some(false))/>{i.t("liaison.not_effective")}</label>
                    <p class="error" role="alert">{move || field_error(error, "effective").get()}</p>
                </fieldset>
            })}
            {(step == Step::Close).then(|| view! {
                <div class="field" class:invalid=move || result_err.get().is_some()>
                    <label for="f-close-result">{i.t("liaison.result")}" *"</label>
                    <textarea id="f-close-result" rows="3" maxlength="4000" on:input=move |ev| input.update(|x| x.result = Some(event_target_value(&ev)))></textarea>
                    <p class="error" role="alert">{move || result_err.get()}</p>
                </div>
            })}
            <ErrorBanner error=error/>
            <button type="submit" disabled=move || save.pending().get()>{i.t(&format!("liaison.do.{key}"))}</button>
        </form>
    }
}
