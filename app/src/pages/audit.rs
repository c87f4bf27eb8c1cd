//! The audit trail, newest first, filterable by kind of record.

use crate::api::audit::list_audit;
use crate::domain::local_minute;
use crate::i18n::use_i18n;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

const ENTITIES: [&str; 7] = ["customer", "product", "price", "user", "order", "amendment", "price_exception"];

#[component]
pub fn AuditLog() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let entity = move || query.read().get("entity").unwrap_or_default();
    let cursor = move || query.read().get("cursor");
    let data = crate::api::resource(move || (entity(), cursor()), |(e, c)| list_audit(e, c));
    view! {
        <Title text=i.t("nav.audit")/>
        <section class="page">
            <h1>{i.t("nav.audit")}</h1>
            <Form method="GET" action="" attr:class="search">
                <label for="entity">{i.t("audit.entity")}</label>
                <select id="entity" name="entity" prop:value=entity>
                    <option value="">{i.t("audit.all")}</option>
                    {ENTITIES.iter().map(|e| view! { <option value=*e>{i.t(&format!("entity.{e}"))}</option> }).collect_view()}
                </select>
                <button type="submit">{i.t("list.filter")}</button>
            </Form>
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(page) => view! {
                            <div class="table-wrap"><table class="audit">
                                <thead><tr>
                                    <th scope="col">"#"</th>
                                    <th scope="col">{i.t("audit.at")}</th>
                                    <th scope="col">{i.t("audit.actor")}</th>
                                    <th scope="col">{i.t("audit.action")}</th>
                                    <th scope="col">{i.t("audit.entity")}</th>
                                    <th scope="col">{i.t("audit.change")}</th>
                                </tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(|e| view! {
                                        <tr>
                                            <td>{e.seq}</td>
                                            <td><time datetime=e.at.clone()>{local_minute(&e.at)}</time></td>
                                            <td>{e.actor.clone()}</td>
                                            <td>{i.t(&format!("audit.{}", e.action))}</td>
                                            <td>{i.t(&format!("entity.{}", e.entity))}" "{e.entity_id}</td>
                                            <td><details><summary>{i.t("audit.show")}</summary>
                                                <pre>{e.before.clone().unwrap_or_default()}</pre>
                                                <pre>{e.after.clone().unwrap_or_default()}</pre>
                                            </details></td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                            {page.next_cursor.map(|c| view! {
                                <nav class="pager"><A href=format!("/audit?entity={}&cursor={c}", entity())>{i.t("list.next")}</A></nav>
                            })}
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
