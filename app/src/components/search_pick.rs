//! A field that finds a customer or a product as the user types (an ARIA combobox): the list
//! under it shows up to ten matches from the server; arrows move, Enter or a tap picks,
//! Escape closes. The parent keeps the pick; the field shows its label.

use crate::api::orders::find_picks;
use crate::domain::order_line::{Pick, PickKind};
use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn SearchPick(
    kind: PickKind,
    /// The input's id (its `<label for>`), also the stem of the list's ids.
    id: String,
    /// The accessible name when no visible label points at the field.
    #[prop(optional, into)]
    aria_label: Option<String>,
    /// The current pick (the field shows its label when it changes).
    #[prop(into)]
    selected: Signal<Option<Pick>>,
    on_pick: Callback<Pick>,
    #[prop(into)] invalid: Signal<bool>,
) -> impl IntoView {
    let i = use_i18n();
    let text = RwSignal::new(selected.get_untracked().map(|p| p.label).unwrap_or_default());
    let results = RwSignal::new(Vec::<Pick>::new());
    let open = RwSignal::new(false);
    let searched = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    Effect::new(move |_| {
        if let Some(p) = selected.get() {
            text.set(p.label);
        }
    });
    let search = move |q: String| {
        leptos::task::spawn_local(async move {
            let found = find_picks(kind, q.clone(), Vec::new()).await.unwrap_or_default();
            // an answer to text the user has since changed is dropped
            if text.get_untracked() == q {
                results.set(found);
                searched.set(true);
                active.set(None);
            }
        });
    };
    let pick = move |p: Pick| {
        text.set(p.label.clone());
        open.set(false);
        on_pick.run(p);
    };
    let list_id = format!("{id}-list");
    let option_id = {
        let list_id = list_id.clone();
        move |k: usize| format!("{list_id}-{k}")
    };
    let option_id2 = option_id.clone();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = results.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |k| (k + 1).min(n - 1))));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(0, |k| k.saturating_sub(1))));
            }
            "Enter" if open.get_untracked() => {
                ev.prevent_default();
                let choice = active.get_untracked().or((n == 1).then_some(0));
                if let Some(p) = choice.and_then(|k| results.with_untracked(|r| r.get(k).cloned())) {
                    pick(p);
                }
            }
            "Escape" => open.set(false),
            _ => {}
        }
    };
    let placeholder = match kind {
        PickKind::Customer => i.t("order.search_customer"),
        PickKind::Product => i.t("order.search_product"),
    };
    let detail = move |p: &Pick| match kind {
        PickKind::Customer => match &p.permit_valid_until {
            Some(d) => i.t("order.permit_until").replace("{date}", d),
            None => i.t("order.no_valid_permit"),
        },
        PickKind::Product => {
            let price = p.list_price_fen.map(crate::domain::format_fen).unwrap_or_else(|| "—".into());
            let unit = if p.unit.is_empty() { String::new() } else { format!("/{}", p.unit) };
            format!("{price}{unit}{}", if p.hazardous { " ⚠" } else { "" })
        }
    };
    view! {
        <div class="pick">
            <input id=id.clone() type="text" role="combobox" autocomplete="off" aria-autocomplete="list"
                aria-label=aria_label aria-controls=list_id.clone() placeholder=placeholder
                aria-expanded=move || open.get().to_string()
                aria-activedescendant=move || active.get().filter(|_| open.get()).map(&option_id)
                aria-invalid=move || invalid.get().to_string()
                prop:value=move || text.get()
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    text.set(v.clone());
                    open.set(true);
                    search(v);
                }
                on:focus=move |_| {
                    if !searched.get_untracked() {
                        search(text.get_untracked());
                    }
                    open.set(true);
                }
                on:blur=move |_| open.set(false)
                on:keydown=on_keydown/>
            <ul id=list_id role="listbox" class="pick-list" hidden=move || !open.get() || !searched.get()>
                {move || {
                    let found = results.get();
                    if found.is_empty() {
                        return view! { <li class="muted" role="option" aria-disabled="true" aria-selected="false">{i.t("order.no_match")}</li> }.into_any();
                    }
                    found.into_iter().enumerate().map(|(k, p)| {
                        let about = detail(&p);
                        let label = p.label.clone();
                        view! {
                            <li id=option_id2(k) role="option" aria-selected=move || (active.get() == Some(k)).to_string()
                                on:mousedown=move |ev| {
                                    // keeps the focus, so the pick lands before the list closes
                                    ev.prevent_default();
                                    pick(p.clone());
                                }>
                                <span>{label}</span>" "<small class="muted">{about}</small>
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
        </div>
    }
}
