//! Customer inquiries (§4.2.2): the list with each one's time limit, the form that records a
//! question (back-dated when the call came earlier), and the page that answers it.

use crate::api::orders::order_choices;
use crate::api::service::{get_inquiry, list_inquiries, AnswerInquiry, RecordInquiry};
use crate::components::form::{error_of, field_error, ErrorBanner};
use crate::components::layout::{allowed, urlencode};
use crate::components::list::DeskList;
use crate::components::live::use_live;
use crate::domain::inquiry::{AnswerInput, Inquiry, InquiryInput};
use crate::domain::local_minute;
use crate::domain::service::{Channel, Department};
use crate::domain::sla::SlaState;
use crate::domain::Action;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

/// The SLA state as a badge: red when overdue or missed, amber near the limit.
#[component]
pub fn SlaBadge(state: SlaState) -> impl IntoView {
    let i = use_i18n();
    let class = match state {
        SlaState::Overdue | SlaState::Missed => "badge bad",
        SlaState::Near | SlaState::Paused => "badge warn",
        SlaState::OnTime | SlaState::Met => "badge ok",
    };
    view! { <span class=class>{i.t(&format!("sla.{}", state.key()))}</span> }
}

#[component]
pub fn InquiryList() -> impl IntoView {
    let i = use_i18n();
    let statuses = ["open", "answered"].map(|s| (s, i.t(&format!("inquiry.status.{s}")))).to_vec();
    let new_link = allowed(Action::WriteInquiries).then_some(("/inquiries/new", "inquiry.new"));
    view! {
        <DeskList title="nav.inquiries" base="/inquiries" api="/api/v1/inquiries" new_link=new_link statuses=statuses topics=&["inquiry"]
            columns=&["inquiry.number", "inquiry.received_at", "inquiry.customer", "inquiry.channel", "inquiry.question", "inquiry.sla"]
            empty="inquiry.none"
            fetch=|q| list_inquiries(q)
            row=|q: Inquiry| view! { <InquiryRow q=q/> }/>
    }
}

#[component]
fn InquiryRow(q: Inquiry) -> impl IntoView {
    let i = use_i18n();
    let question: String = q.question.chars().take(80).collect();
    view! {
        <tr>
            <td><A href=format!("/inquiries/{}", q.id)>{q.number.clone()}</A></td>
            <td>{local_minute(&q.received_at)}</td>
            <td>{q.customer_name.clone()}</td>
            <td>{i.t(&format!("channel.{}", q.channel.key()))}</td>
            <td>{question}</td>
            <td><SlaBadge state=q.sla/>" "<span class="muted">{i.t(&format!("inquiry.status.{}", q.status))}</span></td>
        </tr>
    }
}

/// `/inquiries/new`: customer, channel, when it came, the product if any, the question.
#[component]
pub fn InquiryNew() -> impl IntoView {
    let i = use_i18n();
    let form = RwSignal::new(InquiryInput { channel: "phone".into(), ..Default::default() });
    let choices = crate::api::resource(|| (), |_| order_choices());
    let save = ServerAction::<RecordInquiry>::new();
    let error = Signal::derive(move || error_of(&save.value().get()));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(q)) = save.value().get() {
            navigate(&format!("/inquiries/{}", q.id), Default::default());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(RecordInquiry { input: form.get_untracked() });
    };
    let err = |f: &'static str| field_error(error, f);
    let (customer_err, channel_err, received_err, question_err) =
        (err("customer_id"), err("channel"), err("received_at"), err("question"));
    view! {
        <Title text=i.t("inquiry.new")/>
        <section class="page narrow">
            <h1>{i.t("inquiry.new")}</h1>
            <form class="record" on:submit=on_submit novalidate>
                <Suspense fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                    {move || Suspend::new(async move {
                        let (customers, products) = choices.await.unwrap_or_default();
                        view! {
                            <div class="field" class:invalid=move || customer_err.get().is_some()>
                                <label for="f-customer_id">{i.t("inquiry.customer")}" *"</label>
                                <select id="f-customer_id" on:change=move |ev| form.update(|f| f.customer_id = event_target_value(&ev).parse().unwrap_or(0))>
                                    <option value="0">"—"</option>
                                    {customers.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.label}</option> }).collect_view()}
                                </select>
                                <p class="error" role="alert">{move || customer_err.get()}</p>
                            </div>
                            <div class="field">
                                <label for="f-product_id">{i.t("inquiry.product")}</label>
                                <select id="f-product_id" on:change=move |ev| form.update(|f| f.product_id = event_target_value(&ev).parse().ok().filter(|p| *p > 0))>
                                    <option value="0">{i.t("inquiry.product_none")}</option>
                                    {products.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.label}</option> }).collect_view()}
                                </select>
                            </div>
                        }
                    })}
                </Suspense>
                <div class="field" class:invalid=move || channel_err.get().is_some()>
                    <label for="f-channel">{i.t("inquiry.channel")}" *"</label>
                    <select id="f-channel" prop:value=move || form.with(|f| f.channel.clone()) on:change=move |ev| form.update(|f| f.channel = event_target_value(&ev))>
                        {Channel::ALL.map(|c| view! { <option value=c.key()>{i.t(&format!("channel.{}", c.key()))}</option> }).collect_view()}
                    </select>
                    <p class="error" role="alert">{move || channel_err.get()}</p>
                </div>
                <div class="field" class:invalid=move || received_err.get().is_some()>
                    <label for="f-received_at">{i.t("inquiry.received_at")}</label>
                    <input id="f-received_at" type="datetime-local" aria-describedby="f-received_at-hint"
                        on:input=move |ev| form.update(|f| f.received_at = Some(event_target_value(&ev)).filter(|v| !v.is_empty()))/>
                    <small class="hint" id="f-received_at-hint">{i.t("inquiry.received_hint")}</small>
                    <p class="error" role="alert">{move || received_err.get()}</p>
                </div>
                <div class="field" class:invalid=move || question_err.get().is_some()>
                    <label for="f-question">{i.t("inquiry.question")}" *"</label>
                    <textarea id="f-question" rows="5" maxlength="4000" on:input=move |ev| form.update(|f| f.question = event_target_value(&ev))></textarea>
                    <p class="error" role="alert">{move || question_err.get()}</p>
                </div>
                <ErrorBanner error=error/>
                <button type="submit" disabled=move || save.pending().get()>{i.t("inquiry.save")}</button>
            </form>
        </section>
    }
}

/// `/inquiries/:id`: the inquiry and, while open, its answer.
#[component]
pub fn InquiryDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let live = use_live(&["inquiry"]);
    let data = crate::api::resource(move || (id(), live.get()), |(id, _)| get_inquiry(id));
    view! {
        <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <Title text=i.t("inquiry.title")/><section class="page"><h1>{i.t("inquiry.title")}</h1><LoadError error=e/></section> }.into_any(),
                    Ok(q) => view! { <InquiryView q=q/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn InquiryView(q: Inquiry) -> impl IntoView {
    let i = use_i18n();
    let open = q.status == "open";
    let dash = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    let consulted: Vec<String> = q.consulted.iter().map(|d| i.t(&format!("dept.{}", d.key()))).collect();
    let hours = format!("{:.1}", q.working_minutes as f64 / 60.0);
    view! {
        <Title text=format!("{} {}", i.t("inquiry.title"), q.number)/>
        <section class="page">
            <h1>{i.t("inquiry.title")}" "{q.number.clone()}" "<SlaBadge state=q.sla/></h1>
            <dl class="facts">
                <div><dt>{i.t("inquiry.customer")}</dt><dd>{q.customer_name.clone()}</dd></div>
                <div><dt>{i.t("inquiry.channel")}</dt><dd>{i.t(&format!("channel.{}", q.channel.key()))}</dd></div>
                <div><dt>{i.t("inquiry.received_at")}</dt><dd>{local_minute(&q.received_at)}</dd></div>
                <div><dt>{i.t("inquiry.entered")}</dt><dd>{local_minute(&q.entered_at)}" · "{q.entered_by.clone()}</dd></div>
                <div><dt>{i.t("inquiry.product")}</dt><dd>{dash(q.product_name.clone())}</dd></div>
                <div><dt>{i.t("inquiry.due")}</dt><dd>{dash(q.due_at.as_deref().map(local_minute))}</dd></div>
                <div><dt>{i.t("inquiry.working_time")}</dt><dd>{i.t("inquiry.hours").replace("{hours}", &hours)}</dd></div>
            </dl>
            <h2>{i.t("inquiry.question")}</h2>
            <p class="text">{q.question.clone()}</p>
            {(!open).then(|| view! {
                <h2>{i.t("inquiry.answer")}</h2>
                <p class="text">{dash(q.answer.clone())}</p>
                <dl class="facts">
                    <div><dt>{i.t("inquiry.answered_by")}</dt><dd>{dash(q.answered_by.clone())}" · "{dash(q.answered_at.as_deref().map(local_minute))}</dd></div>
                    <div><dt>{i.t("inquiry.consulted")}</dt><dd>{if consulted.is_empty() { "—".to_string() } else { consulted.join("、") }}</dd></div>
                </dl>
            })}
            {(open && allowed(Action::WriteInquiries)).then(|| view! { <AnswerForm id=q.id version=q.version/> })}
            <p class="actions">
                {allowed(Action::WriteLiaison).then(|| view! { <A href=format!("{}&inquiry_id={}", carried("/liaison-forms/new", &q), q.id) attr:class="button">{i.t("inquiry.to_liaison")}</A> })}
                {allowed(Action::WriteComplaints).then(|| view! { <A href=carried("/complaints/new", &q) attr:class="button">{i.t("inquiry.to_complaint")}</A> })}
                {allowed(Action::WriteTickets).then(|| view! { <A href=format!("{}&inquiry_id={}", carried("/tickets/new", &q), q.id) attr:class="button">{i.t("inquiry.to_ticket")}</A> })}
            </p>
        </section>
    }
}

/// A complaint's or ticket's form at `path`, carrying this inquiry's customer, product,
/// channel, time and question.
fn carried(path: &str, q: &Inquiry) -> String {
    let mut href = format!("{path}?customer_id={}&channel={}", q.customer_id, q.channel.key());
    if let Some(p) = q.product_id {
        href.push_str(&format!("&product_id={p}"));
    }
    let received = q.received_at.get(..16).unwrap_or_default();
    href.push_str(&format!(
        "&received_at={}&description={}",
        urlencode(received),
        urlencode(&format!("{}: {}", q.number, q.question))
    ));
    href
}

#[component]
fn AnswerForm(id: i64, version: i64) -> impl IntoView {
    let i = use_i18n();
    let answer = RwSignal::new(String::new());
    let consulted = RwSignal::new(Vec::<String>::new());
    let answered_at = RwSignal::new(None::<String>);
    let save = ServerAction::<AnswerInquiry>::new();
    let error: Signal<Option<AppError>> = Signal::derive(move || error_of(&save.value().get()));
    let answer_err = field_error(error, "answer");
    let at_err = field_error(error, "answered_at");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = AnswerInput {
            version: Some(version),
            answer: answer.get_untracked(),
            consulted: consulted.get_untracked(),
            answered_at: answered_at.get_untracked(),
        };
        save.dispatch(AnswerInquiry { id, input });
    };
    view! {
        <form class="record" on:submit=on_submit novalidate>
            <h2>{i.t("inquiry.answer")}</h2>
            <div class="field" class:invalid=move || answer_err.get().is_some()>
                <label for="f-answer">{i.t("inquiry.answer")}" *"</label>
                <textarea id="f-answer" rows="5" maxlength="4000" on:input=move |ev| answer.set(event_target_value(&ev))></textarea>
                <p class="error" role="alert">{move || answer_err.get()}</p>
            </div>
            <div class="field" class:invalid=move || at_err.get().is_some()>
                <label for="f-answered_at">{i.t("inquiry.answered_at")}</label>
                <input id="f-answered_at" type="datetime-local" aria-describedby="f-answered_at-hint"
                    on:input=move |ev| answered_at.set(Some(event_target_value(&ev)).filter(|v| !v.is_empty()))/>
                <small class="hint" id="f-answered_at-hint">{i.t("inquiry.answered_hint")}</small>
                <p class="error" role="alert">{move || at_err.get()}</p>
            </div>
            <fieldset class="roles">
                <legend>{i.t("inquiry.consulted")}</legend>
                {Department::ALL.map(|d| {
                    let key = d.key();
                    let id = format!("f-dept-{key}");
                    view! {
                        <div class="check">
                            <input type="checkbox" id=id.clone() on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                consulted.update(|c| { c.retain(|k| k != key); if on { c.push(key.to_string()); } });
                            }/>
                            <label for=id>{i.t(&format!("dept.{key}"))}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <ErrorBanner error=error/>
            <button type="submit" disabled=move || save.pending().get()>{i.t("inquiry.give_answer")}</button>
        </form>
    }
}
