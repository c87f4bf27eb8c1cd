//! Service tickets (售后服务记录): the register with each ticket's clock, the form that records
//! a request (from an inquiry, carrying its facts), and the page that works it — respond,
//! wait for the customer, resume, resolve — to the customer's confirmation through the link
//! or recorded by staff.

use crate::api::orders::order_choices;
use crate::api::service::{get_ticket, list_tickets, RecordTicket, TicketStep};
use crate::components::form::{error_of, field_error, ErrorBanner};
use crate::components::layout::allowed;
use crate::components::list::DeskList;
use crate::components::live::use_live;
use crate::domain::format_fen;
use crate::domain::local_minute;
use crate::domain::service::Channel;
use crate::domain::ticket::{Kind, Status, Step, Ticket, TicketInput, TicketStepInput, Urgency};
use crate::domain::Action;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::pages::inquiries::SlaBadge;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

#[component]
pub fn TicketList() -> impl IntoView {
    let i = use_i18n();
    let statuses = Status::ALL.map(|s| (s.key(), i.t(&format!("ticket.status.{}", s.key())))).to_vec();
    let new_link = allowed(Action::WriteTickets).then_some(("/tickets/new", "ticket.new"));
    view! {
        <DeskList title="nav.tickets" base="/tickets" api="/api/v1/service-tickets" new_link=new_link statuses=statuses topics=&["service_ticket"]
            columns=&["inquiry.number", "inquiry.received_at", "inquiry.customer", "ticket.kind", "ticket.urgency", "inquiry.sla"]
            empty="ticket.none"
            fetch=|q| list_tickets(q)
            row=|t: Ticket| view! { <TicketRow t=t/> }/>
    }
}

#[component]
fn TicketRow(t: Ticket) -> impl IntoView {
    let i = use_i18n();
    view! {
        <tr>
            <td><A href=format!("/tickets/{}", t.id)>{t.number.clone()}</A></td>
            <td>{local_minute(&t.received_at)}</td>
            <td>{t.customer_name.clone()}</td>
            <td>{i.t(&format!("ticket.kind.{}", t.kind.key()))}{t.product_name.clone().map(|p| format!(" · {p}"))}</td>
            <td>{i.t(&format!("ticket.urgency.{}", t.urgency.key()))}</td>
            <td><SlaBadge state=t.sla/>" "<span class="muted">{i.t(&format!("ticket.status.{}", t.status.key()))}</span></td>
        </tr>
    }
}

/// `/tickets/new`, optionally carrying an inquiry's facts in its query string.
#[component]
pub fn TicketNew() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let q = move |k: &str| query.read_untracked().get(k).filter(|v| !v.is_empty());
    let form = RwSignal::new(TicketInput {
        customer_id: q("customer_id").and_then(|v| v.parse().ok()).unwrap_or(0),
        product_id: q("product_id").and_then(|v| v.parse().ok()),
        inquiry_id: q("inquiry_id").and_then(|v| v.parse().ok()),
        channel: Some(q("channel").unwrap_or_else(|| "phone".into())),
        received_at: q("received_at"),
        description: q("description").unwrap_or_default(),
        kind: "guidance".into(),
        urgency: "normal".into(),
        ..Default::default()
    });
    let choices = crate::api::resource(|| (), |_| order_choices());
    let save = ServerAction::<RecordTicket>::new();
    let error = Signal::derive(move || error_of(&save.value().get()));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(t)) = save.value().get() {
            navigate(&format!("/tickets/{}", t.id), Default::default());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(RecordTicket { input: form.get_untracked() });
    };
    let err = |f: &'static str| field_error(error, f);
    let (customer_err, received_err, description_err, engineer_err) =
        (err("customer_id"), err("received_at"), err("description"), err("engineer"));
    let text = move |get: fn(&TicketInput) -> Option<String>| move || form.with(get).unwrap_or_default();
    view! {
        <Title text=i.t("ticket.new")/>
        <section class="page narrow">
            <h1>{i.t("ticket.new")}</h1>
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
                    <label for="f-kind">{i.t("ticket.kind")}" *"</label>
                    <select id="f-kind" prop:value=move || form.with(|f| f.kind.clone()) on:change=move |ev| form.update(|f| f.kind = event_target_value(&ev))>
                        {Kind::ALL.map(|k| view! { <option value=k.key()>{i.t(&format!("ticket.kind.{}", k.key()))}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-urgency">{i.t("ticket.urgency")}" *"</label>
                    <select id="f-urgency" prop:value=move || form.with(|f| f.urgency.clone()) on:change=move |ev| form.update(|f| f.urgency = event_target_value(&ev))>
                        {Urgency::ALL.map(|u| view! { <option value=u.key()>{i.t(&format!("ticket.urgency.{}", u.key()))}</option> }).collect_view()}
                    </select>
                    <small class="hint">{i.t("ticket.urgency_hint")}</small>
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
                <div class="field" class:invalid=move || engineer_err.get().is_some()>
                    <label for="f-engineer">{i.t("ticket.engineer")}</label>
                    <input id="f-engineer" maxlength="100" on:input=move |ev| form.update(|f| f.engineer = Some(event_target_value(&ev)))/>
                    <p class="error" role="alert">{move || engineer_err.get()}</p>
                </div>
                <div class="field" class:invalid=move || description_err.get().is_some()>
                    <label for="f-description">{i.t("ticket.description")}" *"</label>
                    <textarea id="f-description" rows="5" maxlength="4000" prop:value=move || form.with(|f| f.description.clone())
                        on:input=move |ev| form.update(|f| f.description = event_target_value(&ev))></textarea>
                    <p class="error" role="alert">{move || description_err.get()}</p>
                </div>
                <ErrorBanner error=error/>
                <button type="submit" disabled=move || save.pending().get()>{i.t("ticket.save")}</button>
            </form>
        </section>
    }
}

/// `/tickets/:id`: the ticket, its clocks, and the next steps.
#[component]
pub fn TicketDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let live = use_live(&["service_ticket"]);
    let data = crate::api::resource(move || (id(), live.get()), |(id, _)| get_ticket(id));
    view! {
        <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <Title text=i.t("ticket.title")/><section class="page"><h1>{i.t("ticket.title")}</h1><LoadError error=e/></section> }.into_any(),
                    Ok(t) => view! { <TicketView t=t/> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn by_at(by: &Option<String>, at: &Option<String>) -> String {
    match (by, at) {
        (Some(by), Some(at)) => format!("{} · {by}", local_minute(at)),
        _ => "—".into(),
    }
}

#[component]
fn TicketView(t: Ticket) -> impl IntoView {
    let i = use_i18n();
    let dash = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    let hours = |m: i64| i.t("inquiry.hours").replace("{hours}", &format!("{:.1}", m as f64 / 60.0));
    let paused = hours(t.paused_ms / 60_000);
    let may_work = allowed(Action::WriteTickets);
    let steps: Vec<Step> = Step::ALL.into_iter().filter(|s| may_work && s.allowed_in(t.status)).collect();
    let link = t.confirmation_link.clone();
    view! {
        <Title text=format!("{} {}", i.t("ticket.title"), t.number)/>
        <section class="page">
            <h1>{i.t("ticket.title")}" "{t.number.clone()}" "<SlaBadge state=t.sla/></h1>
            <p class="muted">{i.t(&format!("ticket.status.{}", t.status.key()))}</p>
            <dl class="facts">
                <div><dt>{i.t("inquiry.customer")}</dt><dd>{t.customer_name.clone()}</dd></div>
                <div><dt>{i.t("ticket.kind")}</dt><dd>{i.t(&format!("ticket.kind.{}", t.kind.key()))}</dd></div>
                <div><dt>{i.t("ticket.urgency")}</dt><dd>{i.t(&format!("ticket.urgency.{}", t.urgency.key()))}</dd></div>
                <div><dt>{i.t("inquiry.channel")}</dt><dd>{i.t(&format!("channel.{}", t.channel.key()))}</dd></div>
                <div><dt>{i.t("inquiry.received_at")}</dt><dd>{local_minute(&t.received_at)}</dd></div>
                <div><dt>{i.t("inquiry.entered")}</dt><dd>{local_minute(&t.entered_at)}" · "{t.entered_by.clone()}</dd></div>
                <div><dt>{i.t("inquiry.product")}</dt><dd>{dash(t.product_name.clone())}{t.batch_no.clone().map(|b| format!(" · {b}"))}</dd></div>
                <div><dt>{i.t("ticket.engineer")}</dt><dd>{dash(t.engineer.clone())}</dd></div>
                <div><dt>{i.t("ticket.response_due")}</dt><dd>{dash(t.response_due_at.as_deref().map(local_minute))}" ("{hours(t.response_limit_minutes)}")"</dd></div>
                <div><dt>{i.t("ticket.resolution_due")}</dt><dd>{dash(t.resolution_due_at.as_deref().map(local_minute))}" ("{hours(t.resolution_limit_minutes)}")"</dd></div>
                <div><dt>{i.t("ticket.paused")}</dt><dd>{paused}</dd></div>
                {t.inquiry_id.map(|q| view! { <div><dt>{i.t("inquiry.title")}</dt><dd><A href=format!("/inquiries/{q}")>{format!("#{q}")}</A></dd></div> })}
            </dl>
            {t.waiting_since.clone().map(|since| view! {
                <p class="banner warn" role="status">{i.t("ticket.waiting_since").replace("{at}", &local_minute(&since))}" "{t.wait_reason.clone().unwrap_or_default()}</p>
            })}
            <h2>{i.t("ticket.description")}</h2>
            <p class="text">{t.description.clone()}</p>
            <h2>{i.t("ticket.response")}</h2>
            <p class="text">{dash(t.response.clone())}</p>
            <p class="muted">{by_at(&t.responded_by, &t.responded_at)}</p>
            <h2>{i.t("ticket.result")}</h2>
            <p class="text">{dash(t.result.clone())}{t.fee_fen.map(|f| format!(" · {} {}", i.t("ticket.fee"), format_fen(f)))}</p>
            <p class="muted">{by_at(&t.resolved_by, &t.resolved_at)}{(t.reopened > 0).then(|| format!(" · {}", i.t("ticket.reopened").replace("{n}", &t.reopened.to_string())))}</p>
            {t.confirmed_at.clone().map(|at| {
                let verdict = if t.satisfied == Some(false) { "ticket.not_satisfied" } else { "ticket.satisfied" };
                view! {
                    <h2>{i.t("ticket.confirmation")}</h2>
                    <p>{i.t(verdict)}" · "{local_minute(&at)}" · "{dash(t.confirmed_via.clone())}" · "{dash(t.confirmed_by.clone())}</p>
                    <p class="text">{t.confirmation_note.clone().unwrap_or_default()}</p>
                }
            })}
            {link.map(|l| view! {
                <h2>{i.t("ticket.confirmation")}</h2>
                <p>{i.t("ticket.link_about")}</p>
                <p><a href=l.clone() class="link-out">{l.clone()}</a></p>
            })}
            {steps.into_iter().map(|s| view! { <StepForm id=t.id version=t.version step=s/> }).collect_view()}
        </section>
    }
}

/// One step's form: the text it needs (response, reason, result, note), the fee and channel
/// where they apply, and when it happened if earlier than now.
#[component]
fn StepForm(id: i64, version: i64, step: Step) -> impl IntoView {
    let i = use_i18n();
    let input = RwSignal::new(TicketStepInput { version: Some(version), ..Default::default() });
    let save = ServerAction::<TicketStep>::new();
    let error: Signal<Option<AppError>> = Signal::derive(move || error_of(&save.value().get()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(TicketStep { id, step: step.key().to_string(), input: input.get_untracked() });
    };
    let (text_name, required) = match step {
        Step::Respond => ("response", true),
        Step::Wait => ("reason", false),
        Step::Resolve => ("result", true),
        Step::Confirm => ("note", false),
        Step::Resume => ("", false),
    };
    let text_err = field_error(error, text_name);
    let at_err = field_error(error, "at");
    let fee_err = field_error(error, "fee_fen");
    let key = step.key();
    view! {
        <form class="record" on:submit=on_submit novalidate>
            <h2>{i.t(&format!("ticket.do.{key}"))}</h2>
            {(!text_name.is_empty()).then(|| {
                let fid = format!("f-{key}-{text_name}");
                view! {
                    <div class="field" class:invalid=move || text_err.get().is_some()>
                        <label for=fid.clone()>{i.t(&format!("ticket.{text_name}"))}{required.then_some(" *")}</label>
                        <textarea id=fid rows="3" maxlength="4000" on:input=move |ev| {
                            let v = Some(event_target_value(&ev));
                            input.update(|x| match text_name {
                                "response" => x.response = v,
                                "reason" => x.reason = v,
                                "result" => x.result = v,
                                _ => x.note = v,
                            });
                        }></textarea>
                        <p class="error" role="alert">{move || text_err.get()}</p>
                    </div>
                }
            })}
            {(step == Step::Resolve).then(|| view! {
                <div class="field" class:invalid=move || fee_err.get().is_some()>
                    <label for="f-fee">{i.t("ticket.fee_yuan")}</label>
                    <input id="f-fee" type="number" min="0" step="0.01" inputmode="decimal" on:input=move |ev| {
                        let fen = event_target_value(&ev).trim().parse::<f64>().ok().map(|y| (y * 100.0).round() as i64);
                        input.update(|x| x.fee_fen = fen);
                    }/>
                    <p class="error" role="alert">{move || fee_err.get()}</p>
                </div>
            })}
            {(step == Step::Confirm).then(|| view! {
                <div class="field">
                    <label for="f-confirm-channel">{i.t("inquiry.channel")}" *"</label>
                    <select id="f-confirm-channel" on:change=move |ev| input.update(|x| x.channel = Some(event_target_value(&ev)))>
                        <option value="">"—"</option>
                        {Channel::ALL.map(|c| view! { <option value=c.key()>{i.t(&format!("channel.{}", c.key()))}</option> }).collect_view()}
                    </select>
                </div>
                <div class="check">
                    <input type="checkbox" id="f-not-satisfied" on:change=move |ev| input.update(|x| x.satisfied = Some(!event_target_checked(&ev)))/>
                    <label for="f-not-satisfied">{i.t("ticket.not_satisfied")}</label>
                </div>
            })}
            {(step != Step::Confirm).then(|| {
                let fid = format!("f-{key}-at");
                view! {
                    <div class="field" class:invalid=move || at_err.get().is_some()>
                        <label for=fid.clone()>{i.t("ticket.at")}</label>
                        <input id=fid type="datetime-local" on:input=move |ev| input.update(|x| x.at = Some(event_target_value(&ev)).filter(|v| !v.is_empty()))/>
                        <p class="error" role="alert">{move || at_err.get()}</p>
                    </div>
                }
            })}
            <ErrorBanner error=error/>
            <button type="submit" disabled=move || save.pending().get()>{i.t(&format!("ticket.do.{key}"))}</button>
        </form>
    }
}
