//! The contract/order register (合同/订单登记表): the filtered register, a new order, and
//! one order with its lines, price exceptions, actions for the signed-in user's roles,
//! amendments, approved revisions and negotiated date changes.

use crate::api::orders::{
    get_order, list_orders, open_escalations, ChangeDeliveryDate, OrderStep, RequestAmendment, RunReadiness,
};
use crate::components::disclosure::Disclosure;
use crate::components::form::{error_of, ErrorBanner, TextField};
use crate::components::layout::{allowed, use_me};
use crate::components::list::{filter_query, CustomerFilter, Pager};
use crate::components::live::use_live;
use crate::domain::local_minute;
use crate::domain::order::{AmendmentInput, DateChangeInput, LineInput, Order, OrderInput, OrderStatus, Readiness};
use crate::domain::role::{can_change_order, OrderChange};
use crate::domain::{format_fen, Action};

use crate::i18n::use_i18n;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_params_map, use_query_map};

pub fn status_badge(status: OrderStatus) -> impl IntoView {
    let i = use_i18n();
    let class = match status {
        OrderStatus::Approved | OrderStatus::InFulfilment | OrderStatus::Delivered | OrderStatus::Closed => "badge ok",
        OrderStatus::Rejected | OrderStatus::Cancelled => "badge warn",
        _ => "badge",
    };
    view! { <span class=class>{i.t(&format!("order.status.{}", status.key()))}</span> }
}

pub fn readiness_badge(r: Readiness) -> impl IntoView {
    let i = use_i18n();
    let class = match r {
        Readiness::Ready => "badge ok",
        Readiness::AtRisk | Readiness::Late => "badge warn",
        Readiness::NotApplicable => "badge muted",
    };
    let key = format!("order.readiness.{}", r.key().replace('/', ""));
    view! { <span class=class>{i.t(&key)}</span> }
}

#[component]
pub fn OrderList() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let get = move |k: &str| query.read().get(k).unwrap_or_default();
    let filter = move || crate::domain::order::OrderFilter {
        status: Some(get("status")).filter(|s| !s.is_empty()),
        customer_id: get("customer_id").parse().ok(),
        sales_rep: Some(get("sales_rep")).filter(|s| !s.is_empty()),
        from: Some(get("from")).filter(|s| !s.is_empty()),
        to: Some(get("to")).filter(|s| !s.is_empty()),
    };
    let live = use_live(&["order"]);
    let data =
        crate::api::resource(move || (filter(), query.read().get("cursor"), live.get()), |(f, c, _)| list_orders(f, c));
    let readiness = ServerAction::<RunReadiness>::new();
    let base_query = move || filter_query(query.get(), &["status", "customer_id", "sales_rep", "from", "to"]);
    view! {
        <Title text=i.t("nav.orders")/>
        <section class="page">
            <div class="page-head">
                <h1>{i.t("nav.orders")}</h1>
                <div class="actions">
                    {allowed(Action::RunReadiness).then(|| view! {
                        <button on:click=move |_| { readiness.dispatch(RunReadiness {}); }>{i.t("order.run_readiness")}</button>
                    })}
                    {allowed(Action::WriteOrders).then(|| view! { <A href="/orders/new" attr:class="button primary">{i.t("order.new")}</A> })}
                </div>
            </div>
            {move || readiness.value().get().map(|r| match r {
                Ok(r) => view! { <div class="banner ok" role="status">{
                    i.t("order.readiness_report").replace("{checked}", &r.checked.to_string()).replace("{ready}", &r.ready.to_string())
                        .replace("{at_risk}", &r.at_risk.to_string()).replace("{late}", &r.late.to_string())
                        .replace("{escalations}", &r.escalations_opened.to_string())
                }</div> }.into_any(),
                Err(e) => view! { <LoadError error=e/> }.into_any(),
            })}
            {allowed(Action::RunReadiness).then(|| view! { <EscalationList live=live done=readiness.version()/> })}
            <Form method="GET" action="" attr:class="search filters">
                <label>{i.t("order.status")}
                    <select name="status" prop:value=move || get("status")>
                        <option value="">{i.t("list.all")}</option>
                        {OrderStatus::ALL.iter().map(|s| view! { <option value=s.key()>{i.t(&format!("order.status.{}", s.key()))}</option> }).collect_view()}
                    </select>
                </label>
                <CustomerFilter selected=Signal::derive(move || get("customer_id"))/>
                <label>{i.t("order.sales_rep")}<input name="sales_rep" prop:value=move || get("sales_rep")/></label>
                <label>{i.t("order.from")}<input type="date" name="from" prop:value=move || get("from")/></label>
                <label>{i.t("order.to")}<input type="date" name="to" prop:value=move || get("to")/></label>
                <button type="submit">{i.t("list.filter")}</button>
            </Form>
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(page) if page.items.is_empty() => view! { <p class="empty">{i.t("list.empty")}</p> }.into_any(),
                        Ok(page) => {
                            view! {
                                <div class="table-wrap"><table>
                                    <thead><tr>
                                        <th scope="col">{i.t("order.number")}</th>
                                        <th scope="col">{i.t("order.date")}</th>
                                        <th scope="col">{i.t("order.customer")}</th>
                                        <th scope="col">{i.t("order.sales_rep")}</th>
                                        <th scope="col">{i.t("order.status")}</th>
                                        <th scope="col">{i.t("order.delivery_date")}</th>
                                        <th scope="col">{i.t("order.readiness")}</th>
                                        <th scope="col" class="num">{i.t("order.total")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {page.items.into_iter().map(|o| view! {
                                            <tr>
                                                <td><A href=format!("/orders/{}", o.id)>{o.number.clone()}</A></td>
                                                <td>{o.order_date.clone()}</td>
                                                <td>{o.customer_name.clone()}</td>
                                                <td>{o.sales_rep.clone()}</td>
                                                <td>{status_badge(o.status)}</td>
                                                <td>{o.requested_delivery_date.clone()}</td>
                                                <td>{readiness_badge(o.readiness)}</td>
                                                <td class="num">{format_fen(o.total_fen)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                                <Pager base="/orders".into() query=base_query() next=page.next_cursor.clone() has_cursor=query.read().get("cursor").is_some()/>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// Orders the readiness check found at risk or late: what sales must act on now.
#[component]
fn EscalationList(live: ReadSignal<u64>, done: RwSignal<usize>) -> impl IntoView {
    let i = use_i18n();
    let data = crate::api::resource(move || (live.get(), done.get()), |_| open_escalations());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().filter(|list| !list.is_empty()).map(|list| view! {
                    <section class="escalations" aria-labelledby="esc-title">
                        <h2 id="esc-title">{i.t("order.escalations")}" "<span class="badge warn">{list.len()}</span></h2>
                        <ul class="history">
                            {list.into_iter().map(|e| view! {
                                <li>{readiness_badge(e.readiness)}" "
                                    <A href=format!("/orders/{}", e.order_id)>{e.order_number.clone()}</A>" · "{e.customer_name.clone()}" · "
                                    {i.t("order.delivery_date")}" "{e.requested_delivery_date.clone()}" · "{e.sales_rep.clone()}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Transition>
    }
}

#[component]
pub fn OrderNew() -> impl IntoView {
    let i = use_i18n();
    let blank = OrderInput { lines: vec![LineInput { quantity: 1.0, ..Default::default() }], ..Default::default() };
    view! {
        <Title text=i.t("order.new")/>
        <section class="page narrow">
            <h1>{i.t("order.new")}</h1>
            <crate::pages::order_form::OrderForm id=None initial=blank/>
        </section>
    }
}

#[component]
pub fn OrderDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let live = use_live(&["order", "amendment", "price_exception"]);
    let data = crate::api::resource(move || (id(), live.get()), |(id, _)| get_order(id));
    view! {
        <section class="page">
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(o) => view! { <OrderView o=o/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn OrderView(o: Order) -> impl IntoView {
    let i = use_i18n();
    let me = use_me();
    let is_draft = o.status == OrderStatus::Draft;
    // another rep's order is theirs: only its rep (and, to cancel or move the date, the sales
    // manager) is offered the changes (the server checks again)
    let may = |change| can_change_order(&me.roles, &me.username, &o.sales_rep, change);
    let (edits, amends, cancels, dates) =
        (may(OrderChange::Edit), may(OrderChange::Amend), may(OrderChange::Cancel), may(OrderChange::ChangeDate));
    let draft_input = OrderInput {
        customer_id: o.customer_id,
        requested_delivery_date: o.requested_delivery_date.clone(),
        contract_ref: o.contract_ref.clone(),
        lines: o
            .lines
            .iter()
            .map(|l| LineInput {
                product_id: l.product_id,
                quantity: l.quantity,
                unit_price_fen: Some(l.unit_price_fen),
            })
            .collect(),
        version: Some(o.version),
    };
    let can_approve = allowed(Action::ApproveOrders) && o.sales_rep != me.username;
    view! {
        <Title text=o.number.clone()/>
        <div class="page-head">
            <h1>{o.number.clone()}" · "{o.customer_name.clone()}</h1>
            <div>{status_badge(o.status)}" "{readiness_badge(o.readiness)}</div>
        </div>
        <dl class="facts">
            <div><dt>{i.t("order.date")}</dt><dd>{o.order_date.clone()}</dd></div>
            <div><dt>{i.t("order.delivery_date")}</dt><dd>{o.requested_delivery_date.clone()}</dd></div>
            <div><dt>{i.t("order.sales_rep")}</dt><dd>{o.sales_rep.clone()}</dd></div>
            <div><dt>{i.t("order.contract_ref")}</dt><dd>{o.contract_ref.clone().unwrap_or_else(|| "—".into())}</dd></div>
            <div><dt>{i.t("order.revision")}</dt><dd>{o.revision}</dd></div>
            <div><dt>{i.t("order.total")}</dt><dd>{format_fen(o.total_fen)}</dd></div>
            {o.approved_by.clone().map(|a| view! { <div><dt>{i.t("order.approved_by")}</dt><dd>{a}" "{o.approved_at.as_deref().map(local_minute).unwrap_or_default()}</dd></div> })}
            {o.status_reason.clone().map(|r| view! { <div><dt>{i.t("order.reason")}</dt><dd>{r}</dd></div> })}
        </dl>
        <div class="table-wrap"><table>
            <thead><tr>
                <th scope="col">"#"</th>
                <th scope="col">{i.t("order.product")}</th>
                <th scope="col" class="num">{i.t("order.quantity")}</th>
                <th scope="col" class="num">{i.t("order.unit_price")}</th>
                <th scope="col" class="num">{i.t("order.list_price")}</th>
                <th scope="col" class="num">{i.t("order.amount")}</th>
                <th scope="col" class="num">{i.t("order.delivered")}</th>
            </tr></thead>
            <tbody>
                {o.lines.iter().map(|l| view! {
                    <tr>
                        <td>{l.position}</td>
                        <td>{l.product_name.clone()}{l.hazardous.then(|| view! { " " <span class="badge warn">{i.t("product.hazardous")}</span> })}</td>
                        <td class="num">{format!("{} {}", l.quantity, l.unit)}</td>
                        <td class="num">{format_fen(l.unit_price_fen)}</td>
                        <td class="num">{format_fen(l.list_price_fen)}</td>
                        <td class="num">{format_fen(l.amount_fen)}</td>
                        <td class="num">{format!("{} {}", l.delivered_quantity, l.unit)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
        <StepButtons o=o.clone() edits=edits cancels=cancels can_approve=can_approve/>
        <p class="actions">
            {(o.status.is_open() && allowed(Action::WriteDeliveryNotes)).then(|| view! {
                <A href=format!("/delivery-notes/new?order={}", o.id) attr:class="button primary">{i.t("note.new")}</A>
            })}
            {allowed(Action::ReadDeliveryNotes).then(|| view! {
                <A href=format!("/delivery-notes?order_id={}", o.id) attr:class="button">{i.t("nav.delivery_notes")}</A>
            })}
        </p>
        {(!o.price_exceptions.is_empty()).then(|| view! {
            <h2>{i.t("order.price_exceptions")}</h2>
            <ul class="history">
                {o.price_exceptions.iter().map(|x| view! {
                    <li>{x.product_name.clone()}": "{format_fen(x.list_price_fen)}" → "{format_fen(x.unit_price_fen)}" · "
                        <span class="badge">{i.t(&format!("decision.{}", x.status.key()))}</span>
                        {x.decided_by.clone().map(|d| format!(" · {d} {}", x.decided_at.as_deref().map(local_minute).unwrap_or_default()))}
                    </li>
                }).collect_view()}
            </ul>
        })}
        {(is_draft && edits).then(|| {
            let (id, initial) = (o.id, draft_input.clone());
            view! { <Disclosure title="order.edit_draft" load=move || draft_form(id, initial.clone())/> }
        })}
        {(o.status.is_open() && amends).then(|| {
            let o = o.clone();
            view! { <Disclosure title="order.request_amendment" load=move || amend_form(o.clone())/> }
        })}
        {(dates && !matches!(o.status, OrderStatus::Delivered | OrderStatus::Closed | OrderStatus::Cancelled | OrderStatus::Rejected)).then(|| {
            let id = o.id;
            view! { <Disclosure title="order.change_date" load=move || date_change_form(id)/> }
        })}
        {(!o.amendments.is_empty()).then(|| view! {
            <h2>{i.t("order.amendments")}</h2>
            <ul class="history">
                {o.amendments.iter().map(|a| view! {
                    <li><span class="badge">{i.t(&format!("decision.{}", a.status.key()))}</span>" "{a.reason.clone()}" · "{a.requested_by.clone()}" "{local_minute(&a.created_at)}
                        {a.decided_by.clone().map(|d| format!(" · {d} {}", a.decided_at.as_deref().map(local_minute).unwrap_or_default()))}
                    </li>
                }).collect_view()}
            </ul>
        })}
        {(!o.revisions.is_empty()).then(|| view! {
            <h2>{i.t("order.revisions")}</h2>
            <ul class="history">
                {o.revisions.iter().map(|r| view! {
                    <li>{i.t("order.revision")}" "{r.revision}" · "{i.t("order.approved_by")}" "{r.approved_by.clone()}" "{local_minute(&r.approved_at)}</li>
                }).collect_view()}
            </ul>
        })}
        {(!o.date_changes.is_empty()).then(|| view! {
            <h2>{i.t("order.date_changes")}</h2>
            <ul class="history">
                {o.date_changes.iter().map(|d| view! {
                    <li>{d.old_date.clone()}" → "{d.new_date.clone()}" · "{d.reason.clone()}" · "{i.t("order.agreed_by")}" "{d.agreed_by.clone()}" "{local_minute(&d.agreed_at)}" · "{d.recorded_by.clone()}</li>
                }).collect_view()}
            </ul>
        })}
    }
}

/// The status actions this user may take now (the server checks again).
#[component]
fn StepButtons(o: Order, edits: bool, cancels: bool, can_approve: bool) -> impl IntoView {
    let i = use_i18n();
    let step = ServerAction::<OrderStep>::new();
    let reason = RwSignal::new(String::new());
    let error = Signal::derive(move || error_of(&step.value().get()));
    let (id, version, status) = (o.id, o.version, o.status);
    let go = move |name: &'static str| {
        step.dispatch(OrderStep {
            id,
            step: name.into(),
            reason: Some(reason.get_untracked()).filter(|r| !r.is_empty()),
            version: Some(version),
        });
    };
    let mut buttons: Vec<(&'static str, &'static str, bool)> = Vec::new();
    if edits {
        match status {
            OrderStatus::Draft => buttons.push(("submit", "order.submit", false)),
            OrderStatus::Submitted => buttons.push(("withdraw", "order.withdraw", false)),
            OrderStatus::Rejected => buttons.push(("revise", "order.revise", false)),
            _ => {}
        }
    }
    if cancels && matches!(status, OrderStatus::Draft | OrderStatus::Submitted | OrderStatus::Approved) {
        buttons.push(("cancel", "order.cancel", true));
    }
    if can_approve && status == OrderStatus::Submitted {
        buttons.insert(0, ("approve", "approvals.approve", false));
        buttons.push(("reject", "approvals.reject", true));
    }
    let needs_reason = buttons.iter().any(|b| b.2);
    (!buttons.is_empty()).then(move || view! {
        <div class="record step-actions">
            {needs_reason.then(|| view! {
                <TextField label="order.reason" name="reason" value=reason on_input=Callback::new(move |v| reason.set(v)) error=error/>
            })}
            <ErrorBanner error=error/>
            <div class="actions">
                {buttons.into_iter().map(|(name, key, _)| view! {
                    <button class=if name == "approve" || name == "submit" { "primary" } else { "" } disabled=move || step.pending().get() on:click=move |_| go(name)>{i.t(key)}</button>
                }).collect_view()}
            </div>
        </div>
    })
}

// The forms below are opened on few visits: each is fetched (with `--split`) when first opened.

#[lazy]
fn draft_form(id: i64, initial: OrderInput) -> AnyView {
    view! { <crate::pages::order_form::OrderForm id=Some(id) initial=initial/> }.into_any()
}

#[lazy]
fn amend_form(o: Order) -> AnyView {
    view! { <AmendForm o=o/> }.into_any()
}

#[lazy]
fn date_change_form(id: i64) -> AnyView {
    view! { <DateChangeForm id=id/> }.into_any()
}

#[component]
fn AmendForm(o: Order) -> impl IntoView {
    let i = use_i18n();
    let amend = ServerAction::<RequestAmendment>::new();
    let error = Signal::derive(move || error_of(&amend.value().get()));
    let reason = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let quantities: Vec<RwSignal<String>> = o.lines.iter().map(|l| RwSignal::new(l.quantity.to_string())).collect();
    let lines = o.lines.clone();
    let id = o.id;
    let q2 = quantities.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new_lines: Vec<LineInput> = lines
            .iter()
            .zip(q2.iter())
            .map(|(l, q)| LineInput {
                product_id: l.product_id,
                quantity: q.get_untracked().parse().unwrap_or(0.0),
                unit_price_fen: Some(l.unit_price_fen),
            })
            .collect();
        let changed = new_lines.iter().zip(lines.iter()).any(|(n, l)| (n.quantity - l.quantity).abs() > 1e-9);
        amend.dispatch(RequestAmendment {
            order_id: id,
            input: AmendmentInput {
                lines: changed.then_some(new_lines),
                requested_delivery_date: Some(date.get_untracked()).filter(|d| !d.is_empty()),
                reason: reason.get_untracked(),
            },
        });
    };
    view! {
        <form on:submit=on_submit novalidate>
            {o.lines.iter().zip(quantities.into_iter()).map(|(l, q)| view! {
                <div class="field">
                    <label>{format!("{} ({})", l.product_name, l.unit)}
                        <input type="number" step="0.001" prop:value=q on:input=move |ev| q.set(event_target_value(&ev))/>
                    </label>
                </div>
            }).collect_view()}
            <TextField form="amend" label="order.new_delivery_date" name="requested_delivery_date" input_type="date" value=date on_input=Callback::new(move |v| date.set(v)) error=error/>
            <TextField form="amend" label="order.reason" name="reason" required=true value=reason on_input=Callback::new(move |v| reason.set(v)) error=error/>
            <ErrorBanner error=error/>
            {move || matches!(amend.value().get(), Some(Ok(_))).then(|| view! { <div class="banner ok" role="status">{i.t("order.amendment_sent")}</div> })}
            <div class="actions"><button type="submit" class="primary" disabled=move || amend.pending().get()>{i.t("order.request_amendment")}</button></div>
        </form>
    }
}

#[component]
fn DateChangeForm(id: i64) -> impl IntoView {
    let i = use_i18n();
    let change = ServerAction::<ChangeDeliveryDate>::new();
    let error = Signal::derive(move || error_of(&change.value().get()));
    let input = RwSignal::new(DateChangeInput::default());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        change.dispatch(ChangeDeliveryDate { order_id: id, input: input.get_untracked() });
    };
    let bind = |get: fn(&DateChangeInput) -> String, set: fn(&mut DateChangeInput, String)| {
        (Signal::derive(move || input.with(get)), Callback::new(move |v: String| input.update(|d| set(d, v))))
    };
    let (date, set_date) = bind(|d| d.new_date.clone(), |d, v| d.new_date = v);
    let (reason, set_reason) = bind(|d| d.reason.clone(), |d, v| d.reason = v);
    let (who, set_who) = bind(|d| d.agreed_by.clone(), |d, v| d.agreed_by = v);
    let (when, set_when) = bind(|d| d.agreed_at.clone(), |d, v| d.agreed_at = v);
    view! {
        <form on:submit=on_submit novalidate>
            <TextField form="date-change" label="order.new_delivery_date" name="new_date" input_type="date" required=true value=date on_input=set_date error=error/>
            <TextField form="date-change" label="order.reason" name="reason" required=true value=reason on_input=set_reason error=error/>
            <TextField form="date-change" label="order.agreed_by" name="agreed_by" required=true value=who on_input=set_who error=error/>
            <TextField form="date-change" label="order.agreed_at" name="agreed_at" input_type="date" required=true value=when on_input=set_when error=error/>
            <ErrorBanner error=error/>
            <div class="actions"><button type="submit" class="primary" disabled=move || change.pending().get()>{i.t("order.change_date")}</button></div>
        </form>
    }
}
