//! Controlled documents on the product page (each with its revisions and files; service and
//! quality add documents and revisions), and the SDS distributions: the register and the page
//! of one, where staff record each recipient's sending and acknowledgement.

use crate::api::documents::{get_distribution, list_distributions, product_documents, AddDocument, RecordSdsStep};
use crate::components::form::{error_of, field_error, ErrorBanner};
use crate::components::layout::allowed;
use crate::components::list::DeskList;
use crate::components::live::use_live;
use crate::domain::document::{Distribution, Document, DocumentInput, Handover, HeldDocument, Kind, Recipient};
use crate::domain::local_minute;
use crate::domain::Action;
use crate::i18n::use_i18n;
use crate::pages::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The product page's documents: a table of each document's revision in force, its history
/// and — for service and quality — a form for the next revision, and one for a new document.
#[component]
pub fn ProductDocuments(#[prop(into)] product_id: Signal<i64>) -> impl IntoView {
    let i = use_i18n();
    let reload = RwSignal::new(0u32);
    let data = crate::api::resource(move || (product_id.get(), reload.get()), |(id, _)| product_documents(id));
    let writer = allowed(Action::WriteDocuments);
    view! {
        <section class="documents" aria-labelledby="documents-h">
            <h2 id="documents-h">{i.t("doc.documents")}</h2>
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(docs) if docs.is_empty() => view! { <p class="empty">{i.t("doc.none")}</p> }.into_any(),
                        Ok(docs) => view! {
                            <ul class="document-list">
                                {docs.into_iter().map(|d| view! { <DocumentItem d=d writer=writer reload=reload/> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
            {writer.then(|| view! { <NewDocument product_id=product_id reload=reload/> })}
        </section>
    }
}

/// One document a customer holds (the customer page): where a newer revision is in force, which.
#[component]
pub fn HeldRow(h: HeldDocument) -> impl IntoView {
    let i = use_i18n();
    let standing = match &h.newer_revision {
        Some(r) => view! { <span class="badge warn">{i.t("doc.newer").replace("{revision}", r)}</span> }.into_any(),
        None => view! { <span class="badge ok">{i.t("doc.up_to_date")}</span> }.into_any(),
    };
    view! {
        <tr data-document=h.document_id data-outdated=h.newer_revision.is_some().to_string()>
            <td>{h.product_name.clone()}</td>
            <td>{i.t(&format!("doc.kind.{}", h.kind.key()))}" · "{h.title.clone()}</td>
            <td><a href=h.url.clone() rel="external">{h.revision.clone()}</a></td>
            <td>{h.issued_on.clone()}</td>
            <td>{local_minute(&h.held_since)}</td>
            <td>{standing}</td>
        </tr>
    }
}

#[component]
fn DocumentItem(d: Document, writer: bool, reload: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let current = d.current.clone();
    let id = d.id;
    view! {
        <li data-document=d.id data-kind=d.kind.key()>
            <p>
                <strong>{i.t(&format!("doc.kind.{}", d.kind.key()))}</strong>" · "{d.title.clone()}
                {current.map(|c| view! {
                    " · "{i.t("doc.current")}": "<a href=c.url.clone() rel="external">{i.t("doc.revision")}" "{c.revision.clone()}</a>
                    <span class="muted">" ("{c.issued_on.clone()}")"</span>
                })}
                {d.distribution_id.map(|id| view! {
                    " · "<A href=format!("/sds-distributions/{id}")>{i.t("sds.distribution")}</A>
                })}
            </p>
            {(!d.revisions.is_empty()).then(|| view! {
                <details>
                    <summary>{i.t("doc.revision")}" ("{d.revisions.len()}")"</summary>
                    <table class="revisions">
                        <thead><tr>
                            <th scope="col">{i.t("doc.revision")}</th>
                            <th scope="col">{i.t("doc.issued_on")}</th>
                            <th scope="col">{i.t("doc.changes")}</th>
                            <th scope="col">{i.t("doc.file")}</th>
                        </tr></thead>
                        <tbody>{d.revisions.iter().map(|r| view! {
                            <tr>
                                <td>{r.revision.clone()}</td>
                                <td>{r.issued_on.clone()}</td>
                                <td>{r.changes.clone()}</td>
                                <td><a href=r.url.clone() rel="external">{r.file_name.clone()}</a></td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table>
                </details>
            })}
            {writer.then(|| view! { <NewRevision document_id=id reload=reload/> })}
        </li>
    }
}

#[component]
fn NewDocument(product_id: Signal<i64>, reload: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let form = RwSignal::new(DocumentInput { kind: Kind::Sds.key().into(), title: String::new() });
    let save = ServerAction::<AddDocument>::new();
    let error = Signal::derive(move || error_of(&save.value().get()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            form.update(|f| f.title.clear());
            reload.update(|n| *n += 1);
        }
    });
    let title_err = field_error(error, "title");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(AddDocument { product_id: product_id.get_untracked(), input: form.get_untracked() });
    };
    view! {
        <form class="record inline" on:submit=on_submit novalidate>
            <h3>{i.t("doc.add")}</h3>
            <div class="field">
                <label for="d-kind">{i.t("doc.kind")}</label>
                <select id="d-kind" prop:value=move || form.with(|f| f.kind.clone()) on:change=move |ev| form.update(|f| f.kind = event_target_value(&ev))>
                    {Kind::ALL.map(|k| view! { <option value=k.key()>{i.t(&format!("doc.kind.{}", k.key()))}</option> }).collect_view()}
                </select>
            </div>
            <div class="field" class:invalid=move || title_err.get().is_some()>
                <label for="d-title">{i.t("doc.title")}" *"</label>
                <input id="d-title" maxlength="200" prop:value=move || form.with(|f| f.title.clone()) on:input=move |ev| form.update(|f| f.title = event_target_value(&ev))/>
                <p class="error" role="alert">{move || title_err.get()}</p>
            </div>
            <ErrorBanner error=error/>
            <button type="submit" disabled=move || save.pending().get()>{i.t("doc.add")}</button>
        </form>
    }
}

/// The next revision of a document: its label, issue date, what changed and the file, sent
/// to the JSON API (whose body limit fits a 10 MiB file).
#[component]
fn NewRevision(document_id: i64, reload: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let (revision, issued_on, changes) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let file = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        #[cfg(feature = "hydrate")]
        if let Some(input) = file.get_untracked() {
            busy.set(true);
            message.set(None);
            let fields = (revision.get_untracked(), issued_on.get_untracked(), changes.get_untracked());
            upload::read_and_send(i, input, document_id, fields, move |result| {
                busy.set(false);
                match result {
                    Ok(()) => {
                        revision.set(String::new());
                        changes.set(String::new());
                        reload.update(|n| *n += 1);
                    }
                    Err(m) => message.set(Some(m)),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (document_id, &file, reload);
    };
    let id = |k: &str| format!("r-{document_id}-{k}");
    view! {
        <details class="new-revision">
            <summary>{i.t("doc.add_revision")}</summary>
            <form class="record" on:submit=on_submit novalidate>
                <div class="field">
                    <label for=id("revision")>{i.t("doc.revision")}" *"</label>
                    <input id=id("revision") maxlength="20" required prop:value=move || revision.get() on:input=move |ev| revision.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for=id("issued")>{i.t("doc.issued_on")}" *"</label>
                    <input id=id("issued") type="date" required prop:value=move || issued_on.get() on:input=move |ev| issued_on.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for=id("changes")>{i.t("doc.changes")}" *"</label>
                    <textarea id=id("changes") rows="2" maxlength="2000" prop:value=move || changes.get() on:input=move |ev| changes.set(event_target_value(&ev))></textarea>
                </div>
                <div class="field">
                    <label for=id("file")>{i.t("doc.file")}" * (PDF, PNG, JPEG ≤ 10 MB)"</label>
                    <input id=id("file") type="file" accept="application/pdf,image/png,image/jpeg" required node_ref=file/>
                </div>
                {move || message.get().map(|m| view! { <div class="banner error" role="alert">{m}</div> })}
                <button type="submit" disabled=move || busy.get()>{i.t("doc.add_revision")}</button>
            </form>
        </details>
    }
}

#[cfg(feature = "hydrate")]
mod upload {
    use crate::domain::document::{RevisionInput, MAX_FILE_BYTES};
    use wasm_bindgen::JsCast;

    #[derive(serde::Deserialize)]
    struct ApiError {
        error: ErrorBody,
    }
    #[derive(serde::Deserialize)]
    struct ErrorBody {
        message: String,
    }

    /// Reads the chosen file, posts the revision and calls `done` with the outcome (the
    /// server's own, translated message on failure).
    pub fn read_and_send(
        i: crate::i18n::I18n,
        input: web_sys::HtmlInputElement,
        document_id: i64,
        (revision, issued_on, changes): (String, String, String),
        done: impl FnOnce(Result<(), String>) + 'static,
    ) {
        let too_large = || i.t("error.too_large");
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return done(Err(i.t("validation.file_type")));
        };
        if file.size() > MAX_FILE_BYTES as f64 {
            return done(Err(too_large()));
        }
        let Ok(reader) = web_sys::FileReader::new() else { return done(Err(too_large())) };
        let file_name = file.name();
        let r = reader.clone();
        let onload = wasm_bindgen::closure::Closure::once_into_js(move || {
            let content = r
                .result()
                .ok()
                .and_then(|v| v.as_string())
                .and_then(|u| u.split_once(";base64,").map(|(_, b)| b.to_string()));
            let body =
                RevisionInput { revision, issued_on, changes, file_name, content_base64: content.unwrap_or_default() };
            leptos::task::spawn_local(async move { done(send(document_id, &body).await) });
        });
        reader.set_onloadend(Some(onload.unchecked_ref()));
        let _ = reader.read_as_data_url(&file);
    }

    async fn send(document_id: i64, body: &RevisionInput) -> Result<(), String> {
        let url = format!("/api/v1/documents/{document_id}/revisions");
        let res = gloo_net::http::Request::post(&url)
            .json(body)
            .map_err(|e| e.to_string())?
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if res.ok() {
            return Ok(());
        }
        Err(res.json::<ApiError>().await.map(|e| e.error.message).unwrap_or_else(|_| res.status_text()))
    }
}

#[component]
pub fn DistributionList() -> impl IntoView {
    let i = use_i18n();
    let statuses = ["open", "complete"].map(|s| (s, i.t(&format!("sds.status.{s}")))).to_vec();
    view! {
        <DeskList title="sds.distributions" base="/sds-distributions" api="/api/v1/sds-distributions" new_link=None statuses=statuses topics=&["sds_distribution"]
            columns=&["sds.distribution", "order.product", "doc.revision", "doc.issued_on", "sds.recipients", "note.status"]
            empty="sds.none" exports=false by_customer=false
            fetch=|q| list_distributions(q.status, q.cursor)
            row=|d: Distribution| view! { <DistributionRow d=d/> }/>
    }
}

#[component]
fn DistributionRow(d: Distribution) -> impl IntoView {
    let i = use_i18n();
    view! {
        <tr>
            <td><A href=format!("/sds-distributions/{}", d.id)>{d.number.clone()}</A></td>
            <td>{d.product_name.clone()}</td>
            <td>{d.revision.clone()}</td>
            <td>{d.issued_on.clone()}</td>
            <td>{i.t("sds.progress").replace("{done}", &d.acknowledged_count.to_string()).replace("{total}", &d.recipient_count.to_string())}</td>
            <td>{i.t(&format!("sds.status.{}", d.status.key()))}</td>
        </tr>
    }
}

#[component]
pub fn DistributionDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let live = use_live(&["sds_distribution"]);
    let step = ServerAction::<RecordSdsStep>::new();
    let data =
        crate::api::resource(move || (id(), live.get(), step.version().get()), |(id, _, _)| get_distribution(id));
    let error = Signal::derive(move || error_of(&step.value().get()));
    view! {
        <section class="page">
            <Transition fallback=move || view! { <p class="muted">{i.t("list.loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                        Ok(d) => view! { <DistributionView d=d step=step/> }.into_any(),
                    }
                })}
            </Transition>
            <ErrorBanner error=error/>
        </section>
    }
}

#[component]
fn DistributionView(d: Distribution, step: ServerAction<RecordSdsStep>) -> impl IntoView {
    let i = use_i18n();
    let window = i.t("sds.window").replace("{from}", &d.supplied_from).replace("{to}", &d.supplied_to);
    let progress = i
        .t("sds.progress")
        .replace("{done}", &d.acknowledged_count.to_string())
        .replace("{total}", &d.recipient_count.to_string());
    let id = d.id;
    view! {
        <Title text=d.number.clone()/>
        <h1>{i.t("sds.distribution")}" "{d.number.clone()}</h1>
        <p>
            <strong>{d.product_name.clone()}</strong>" · "{i.t("doc.revision")}" "{d.revision.clone()}" · "{i.t("doc.issued_on")}" "{d.issued_on.clone()}
            <br/>{window}" · "<span class="badge" data-status=d.status.key()>{i.t(&format!("sds.status.{}", d.status.key()))}</span>" · "<span class="progress">{progress}</span>
        </p>
        <h2>{i.t("sds.recipients")}</h2>
        {if d.recipients.is_empty() {
            view! { <p class="empty">{i.t("sds.none")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap"><table class="recipients">
                    <thead><tr>
                        <th scope="col">{i.t("inquiry.customer")}</th>
                        <th scope="col">{i.t("sds.last_delivery")}</th>
                        <th scope="col">{i.t("sds.sent")}</th>
                        <th scope="col">{i.t("sds.acknowledged")}</th>
                    </tr></thead>
                    <tbody>{d.recipients.into_iter().map(|r| view! { <RecipientRow id=id r=r step=step/> }).collect_view()}</tbody>
                </table></div>
            }.into_any()
        }}
    }
}

fn handed(i: crate::i18n::I18n, h: &Option<crate::domain::document::Handed>) -> Option<String> {
    h.as_ref()
        .map(|h| format!("{} · {} · {}", i.t(&format!("handover.{}", h.channel.key())), h.by, local_minute(&h.at)))
}

#[component]
fn RecipientRow(id: i64, r: Recipient, step: ServerAction<RecordSdsStep>) -> impl IntoView {
    let i = use_i18n();
    let channel = RwSignal::new(Handover::Email.key().to_string());
    let customer = r.customer_id;
    let record = move |which: &'static str| {
        move |_| {
            step.dispatch(RecordSdsStep {
                id,
                customer_id: customer,
                step: which.into(),
                channel: channel.get_untracked(),
            });
        }
    };
    let open = r.acknowledged.is_none();
    let sent = handed(i, &r.sent);
    let acknowledged = handed(i, &r.acknowledged);
    let not_sent = sent.is_none();
    view! {
        <tr data-customer=r.customer_id>
            <td>{r.customer_name.clone()}</td>
            <td>{r.last_delivery_on.clone()}</td>
            <td class="sent">{sent.unwrap_or_else(|| "—".into())}</td>
            <td class="acknowledged">
                {acknowledged.unwrap_or_else(|| "—".into())}
                {open.then(|| view! {
                    <div class="row-actions">
                        <label class="sr-only" for=format!("ch-{customer}")>{i.t("inquiry.channel")}</label>
                        <select id=format!("ch-{customer}") on:change=move |ev| channel.set(event_target_value(&ev))>
                            {Handover::BY_STAFF.map(|h| view! { <option value=h.key()>{i.t(&format!("handover.{}", h.key()))}</option> }).collect_view()}
                        </select>
                        {not_sent.then(|| view! { <button type="button" on:click=record("sent") disabled=move || step.pending().get()>{i.t("sds.mark_sent")}</button> })}
                        <button type="button" on:click=record("acknowledged") disabled=move || step.pending().get()>{i.t("sds.mark_acknowledged")}</button>
                    </div>
                })}
            </td>
        </tr>
    }
}
