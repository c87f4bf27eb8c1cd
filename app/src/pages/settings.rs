//! `/admin/settings` (admin): the company calendar that every after-sales limit counts on
//! (hours per weekday with split shifts, holidays, make-up working days), the service
//! tickets' limits per urgency, and who belongs to which department beyond their roles.
//! Each form saves with the version it read (someone else's change first → a clear 409).

use crate::api::settings::{
    get_calendar, get_ticket_limits, list_departments, AssignDepartment, SaveCalendar, SaveTicketLimits,
};
use crate::api::users::list_users;
use crate::components::form::{error_of, ErrorBanner};
use crate::domain::calendar::{CalendarInput, WEEKDAYS};
use crate::domain::department::{AssignmentInput, DepartmentMembers};
use crate::domain::ticket::{Limits, TicketLimits, Urgency};
use crate::i18n::use_i18n;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i = use_i18n();
    view! {
        <Title text=i.t("nav.settings")/>
        <section class="page">
            <h1>{i.t("nav.settings")}</h1>
            <CalendarForm/>
            <LimitsForm/>
            <Departments/>
        </section>
    }
}

/// `08:30-12:00, 13:30-17:30` ↔ the API's shifts.
fn shifts_text(shifts: &[[String; 2]]) -> String {
    shifts.iter().map(|[a, b]| format!("{a}-{b}")).collect::<Vec<_>>().join(", ")
}

fn parse_shifts(text: &str) -> Vec<[String; 2]> {
    text.split([',', '，', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| match s.split_once(['-', '–']) {
            Some((a, b)) => [a.trim().to_string(), b.trim().to_string()],
            None => [s.to_string(), String::new()],
        })
        .collect()
}

fn parse_dates(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == '，')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[component]
fn CalendarForm() -> impl IntoView {
    let i = use_i18n();
    let save = ServerAction::<SaveCalendar>::new();
    let data = crate::api::resource(move || save.version().get(), |_| get_calendar());
    view! {
        <h2 id="calendar">{i.t("settings.calendar")}</h2>
        <p class="muted">{i.t("settings.calendar_about")}</p>
        <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                    Ok(c) => view! { <CalendarFields c=c save=save/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CalendarFields(c: CalendarInput, save: ServerAction<SaveCalendar>) -> impl IntoView {
    let i = use_i18n();
    let form = RwSignal::new(c.clone());
    let days: Vec<RwSignal<String>> = WEEKDAYS
        .iter()
        .map(|d| RwSignal::new(shifts_text(c.hours.get(*d).map(Vec::as_slice).unwrap_or(&[]))))
        .collect();
    let holidays = RwSignal::new(c.holidays.join(" "));
    let workdays = RwSignal::new(c.workdays.join(" "));
    let error = Signal::derive(move || error_of(&save.value().get()));
    let days_for_submit = days.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut input = form.get_untracked();
        for (d, text) in WEEKDAYS.iter().zip(&days_for_submit) {
            input.hours.insert(d.to_string(), parse_shifts(&text.get_untracked()));
        }
        input.holidays = parse_dates(&holidays.get_untracked());
        input.workdays = parse_dates(&workdays.get_untracked());
        save.dispatch(SaveCalendar { input });
    };
    view! {
        <form class="record" on:submit=on_submit novalidate>
            <div class="field">
                <label for="f-timezone">{i.t("settings.timezone")}</label>
                <input id="f-timezone" prop:value=move || form.with(|f| f.timezone.clone()) on:input=move |ev| form.update(|f| f.timezone = event_target_value(&ev))/>
            </div>
            {WEEKDAYS.iter().zip(days).map(|(d, text)| {
                let id = format!("f-hours-{d}");
                view! {
                    <div class="field">
                        <label for=id.clone()>{i.t(&format!("settings.day.{d}"))}</label>
                        <input id=id placeholder="08:30-12:00, 13:30-17:30" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
                    </div>
                }
            }).collect_view()}
            <div class="field">
                <label for="f-holidays">{i.t("settings.holidays")}</label>
                <textarea id="f-holidays" rows="3" aria-describedby="f-dates-hint" prop:value=move || holidays.get() on:input=move |ev| holidays.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="f-workdays">{i.t("settings.workdays")}</label>
                <textarea id="f-workdays" rows="2" aria-describedby="f-dates-hint" prop:value=move || workdays.get() on:input=move |ev| workdays.set(event_target_value(&ev))></textarea>
                <small class="hint" id="f-dates-hint">{i.t("settings.dates_hint")}</small>
            </div>
            <ErrorBanner error=error/>
            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="banner ok" role="status">{i.t("settings.saved")}</p> })}
            <button type="submit" disabled=move || save.pending().get()>{i.t("settings.save_calendar")}</button>
        </form>
    }
}

#[component]
fn LimitsForm() -> impl IntoView {
    let i = use_i18n();
    let save = ServerAction::<SaveTicketLimits>::new();
    let data = crate::api::resource(move || save.version().get(), |_| get_ticket_limits());
    view! {
        <h2 id="limits">{i.t("settings.limits")}</h2>
        <p class="muted">{i.t("settings.limits_about")}</p>
        <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                    Ok(l) => view! { <LimitFields l=l save=save/> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn hours(minutes: i64) -> String {
    let h = minutes as f64 / 60.0;
    if h.fract() == 0.0 {
        format!("{h:.0}")
    } else {
        format!("{h:.2}")
    }
}

fn slot(f: &mut TicketLimits, u: Urgency) -> &mut Limits {
    match u {
        Urgency::Urgent => &mut f.urgent,
        Urgency::High => &mut f.high,
        Urgency::Normal => &mut f.normal,
    }
}

#[component]
fn LimitFields(l: TicketLimits, save: ServerAction<SaveTicketLimits>) -> impl IntoView {
    let i = use_i18n();
    let form = RwSignal::new(l);
    let error = Signal::derive(move || error_of(&save.value().get()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveTicketLimits { input: form.get_untracked() });
    };
    view! {
        <form class="record" on:submit=on_submit novalidate>
            <div class="table-wrap"><table>
                <thead><tr>
                    <th scope="col">{i.t("ticket.urgency")}</th>
                    <th scope="col">{i.t("settings.response_h")}</th>
                    <th scope="col">{i.t("settings.resolution_h")}</th>
                </tr></thead>
                <tbody>{Urgency::ALL.map(|u| {
                    let key = u.key();
                    let now = form.with_untracked(|f| f.of(u));
                    view! {
                        <tr>
                            <th scope="row">{i.t(&format!("ticket.urgency.{key}"))}</th>
                            <td><input id=format!("f-{key}-response") type="number" min="0.25" step="0.25" inputmode="decimal"
                                aria-label=format!("{} — {}", i.t(&format!("ticket.urgency.{key}")), i.t("settings.response_h"))
                                value=hours(now.response_minutes)
                                on:input=move |ev| {
                                    let m = (event_target_value(&ev).trim().parse::<f64>().unwrap_or(0.0) * 60.0).round() as i64;
                                    form.update(|f| slot(f, u).response_minutes = m);
                                }/></td>
                            <td><input id=format!("f-{key}-resolution") type="number" min="0.25" step="0.25" inputmode="decimal"
                                aria-label=format!("{} — {}", i.t(&format!("ticket.urgency.{key}")), i.t("settings.resolution_h"))
                                value=hours(now.resolution_minutes)
                                on:input=move |ev| {
                                    let m = (event_target_value(&ev).trim().parse::<f64>().unwrap_or(0.0) * 60.0).round() as i64;
                                    form.update(|f| slot(f, u).resolution_minutes = m);
                                }/></td>
                        </tr>
                    }
                }).collect_view()}</tbody>
            </table></div>
            <small class="hint">{i.t("settings.limits_hint")}</small>
            <ErrorBanner error=error/>
            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="banner ok" role="status">{i.t("settings.saved")}</p> })}
            <button type="submit" disabled=move || save.pending().get()>{i.t("settings.save_limits")}</button>
        </form>
    }
}

#[component]
fn Departments() -> impl IntoView {
    let i = use_i18n();
    let save = ServerAction::<AssignDepartment>::new();
    let data = crate::api::resource(
        move || save.version().get(),
        |_| async move { Ok::<_, crate::error::AppError>((list_departments().await?, list_users(None).await?.items)) },
    );
    let error = Signal::derive(move || error_of(&save.value().get()));
    view! {
        <h2 id="departments">{i.t("settings.departments")}</h2>
        <p class="muted">{i.t("settings.departments_about")}</p>
        <ErrorBanner error=error/>
        <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                    Ok((departments, users)) => departments.into_iter().map(|d| {
                        let people: Vec<(String, String)> = users.iter().filter(|u| u.active).map(|u| (u.username.clone(), u.display_name.clone())).collect();
                        view! { <DepartmentForm d=d people=people save=save/> }
                    }).collect_view().into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DepartmentForm(
    d: DepartmentMembers,
    people: Vec<(String, String)>,
    save: ServerAction<AssignDepartment>,
) -> impl IntoView {
    let i = use_i18n();
    let key = d.department.key();
    let by_role: Vec<String> = d.members.iter().filter(|m| m.by_role).map(|m| m.display_name.clone()).collect();
    let chosen = RwSignal::new(d.members.iter().filter(|m| m.assigned).map(|m| m.username.clone()).collect::<Vec<_>>());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(AssignDepartment {
            department: key.to_string(),
            input: AssignmentInput { members: chosen.get_untracked() },
        });
    };
    let roles_line = if by_role.is_empty() { "—".to_string() } else { by_role.join(", ") };
    view! {
        <form class="record department" data-department=key on:submit=on_submit>
            <fieldset>
                <legend>{i.t(&format!("dept.{key}"))}</legend>
                <p class="muted">{i.t("settings.by_role")}": "{roles_line}</p>
                <div class="checks">
                    {people.into_iter().map(|(name, display)| {
                        let id = format!("f-dept-{key}-{name}");
                        let checked = chosen.with_untracked(|c| c.contains(&name));
                        let n = name.clone();
                        view! {
                            <label class="check" for=id.clone()>
                                <input type="checkbox" id=id.clone() prop:checked=checked on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| { c.retain(|x| *x != n); if on { c.push(n.clone()); } });
                                }/>
                                {display}
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <button type="submit" disabled=move || save.pending().get()>{i.t("settings.save_department")}</button>
        </form>
    }
}
