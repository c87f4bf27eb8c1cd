//! The controlled documents service (受控文件, §4.2.1): service and quality add a product's
//! documents and their revisions (the file goes to the file store first, the row keeps its
//! hash); everyone at a desk reads them. A new SDS revision opens its distribution in the same
//! transaction. Loading a delivery note records the revisions in force of its products.

use super::audit::{self, Change};
use super::db::{now_ms, rfc3339, today, Tx};
use super::store::documents::{self as store, CarriedRow, DocumentRow, NewRevision, RevisionRow};
use super::store::{customer_documents, customers, products, Conn};
use super::{files, sds, AppState, SessionUser};
use crate::domain::document::{Document, DocumentInput, HeldDocument, Kind, NoteDocument, Revision, RevisionInput};
use crate::domain::Action;
use crate::error::AppError;

/// Where the API serves a revision's file.
pub fn file_url(document_id: i64, revision: &str) -> String {
    format!("/api/v1/documents/{document_id}/revisions/{revision}/file")
}

fn revision(r: &RevisionRow) -> Revision {
    Revision {
        id: r.id,
        revision: r.revision.clone(),
        issued_on: r.issued_on.clone(),
        changes: r.changes.clone(),
        file_name: r.file_name.clone(),
        content_type: r.content_type.clone(),
        size: r.size,
        url: file_url(r.document_id, &r.revision),
        entered_by: r.entered_by.clone(),
        entered_at: rfc3339(r.entered_at),
    }
}

/// Rows → documents with their revisions (newest first): one query for the revisions, one for
/// the distributions their SDS revisions in force opened.
async fn documents(conn: &mut Conn, rows: Vec<DocumentRow>) -> Result<Vec<Document>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|d| d.id).collect();
    let revisions = store::revisions(conn, &ids).await?;
    let sds_in_force: Vec<i64> =
        rows.iter().filter(|d| d.kind == Kind::Sds.key()).filter_map(|d| d.current_revision_id).collect();
    let distributions = super::store::sds::of_revisions(conn, &sds_in_force).await?;
    let mut out = Vec::with_capacity(rows.len());
    for d in rows {
        let mut mine: Vec<Revision> = revisions.iter().filter(|r| r.document_id == d.id).map(revision).collect();
        mine.sort_by_key(|r| std::cmp::Reverse(r.id));
        let current = d.current_revision_id.and_then(|id| mine.iter().find(|r| r.id == id).cloned());
        let kind = Kind::parse(&d.kind).ok_or(AppError::Internal)?;
        let distribution_id = match (&current, kind) {
            (Some(c), Kind::Sds) => distributions.iter().find(|(r, _)| *r == c.id).map(|(_, id)| *id),
            _ => None,
        };
        out.push(Document {
            id: d.id,
            version: d.version,
            product_id: d.product_id,
            product_name: d.product_name,
            kind,
            title: d.title,
            current,
            revisions: mine,
            distribution_id,
        });
    }
    Ok(out)
}

async fn one(conn: &mut Conn, id: i64) -> Result<Document, AppError> {
    let row = store::get(conn, id).await?.ok_or(AppError::NotFound)?;
    documents(conn, vec![row]).await?.pop().ok_or(AppError::Internal)
}

/// `GET /api/v1/products/{id}/documents`.
pub async fn of_product(state: &AppState, user: &SessionUser, product_id: i64) -> Result<Vec<Document>, AppError> {
    user.require(Action::ReadMasterData)?;
    let mut conn = state.db.read.acquire().await?;
    products::get(&mut conn, product_id).await?.ok_or(AppError::NotFound)?;
    let rows = store::of_product(&mut conn, product_id).await?;
    documents(&mut conn, rows).await
}

/// `GET /api/v1/documents/{id}`.
pub async fn get(state: &AppState, user: &SessionUser, id: i64) -> Result<Document, AppError> {
    user.require(Action::ReadMasterData)?;
    let mut conn = state.db.read.acquire().await?;
    one(&mut conn, id).await
}

fn change<'a>(
    user: &'a SessionUser,
    action: &'a str,
    id: i64,
    before: Option<&Document>,
    after: &Document,
) -> Change<'a> {
    Change {
        actor: user.username(),
        action,
        entity: "product_document",
        entity_id: Some(id),
        before: before.and_then(audit::snapshot),
        after: audit::snapshot(after),
    }
}

/// `POST /api/v1/products/{id}/documents` `{kind, title}`: a product's kind and title once (409).
pub async fn create(
    state: &AppState,
    user: &SessionUser,
    product_id: i64,
    input: &DocumentInput,
) -> Result<Document, AppError> {
    user.require(Action::WriteDocuments)?;
    let (kind, title) = input.validate()?;
    let mut tx = state.db.begin().await?;
    products::get(&mut tx, product_id).await?.ok_or(AppError::NotFound)?;
    let id = store::insert(&mut tx, product_id, kind.key(), &title, user.username(), now_ms())
        .await?
        .ok_or_else(|| AppError::conflict("document.rule.title_taken"))?;
    let after = one(&mut tx, id).await?;
    audit::append(&mut tx, change(user, "create_document", id, None, &after)).await?;
    tx.commit().await?;
    state.publish("product_document", id);
    Ok(after)
}

/// `POST /api/v1/documents/{id}/revisions`: checked first (413 over the limit, 422 for a
/// file that is not a PDF or an image), then the revision recorded (a revision label once
/// per document: 409) and its file stored last, before the commit, so a refused revision
/// leaves no file. An SDS revision opens its distribution.
pub async fn add_revision(
    state: &AppState,
    user: &SessionUser,
    document_id: i64,
    input: &RevisionInput,
) -> Result<Document, AppError> {
    user.require(Action::WriteDocuments)?;
    let mut valid = input.validate()?;
    {
        let mut conn = state.db.read.acquire().await?;
        store::get(&mut conn, document_id).await?.ok_or(AppError::NotFound)?;
    }
    let file = files::Pending::new(valid.content_type, std::mem::take(&mut valid.bytes));
    let stored = file.stored.clone();
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = one(&mut tx, document_id).await?;
    files::record(&mut tx, &stored, now).await?;
    let issued_on = valid.issued_on.format("%Y-%m-%d").to_string();
    let new = NewRevision {
        document_id,
        revision: &valid.revision,
        issued_on: &issued_on,
        changes: &valid.changes,
        file_name: &valid.file_name,
        file_hash: &stored.hash,
        entered_by: user.username(),
        now,
    };
    let revision_id = store::add_revision(&mut tx, before.version, &new)
        .await?
        .ok_or_else(|| AppError::conflict("document.rule.revision_taken"))?;
    let distribution = if before.kind == Kind::Sds {
        Some(sds::open(&mut tx, &state.link_secret, user, &before, revision_id, valid.issued_on, today(), now).await?)
    } else {
        None
    };
    let after = one(&mut tx, document_id).await?;
    audit::append(&mut tx, change(user, "add_revision", document_id, Some(&before), &after)).await?;
    state.files.write(file).await?;
    tx.commit().await?;
    state.publish("product_document", document_id);
    if let Some(id) = distribution {
        state.publish("sds_distribution", id);
    }
    Ok(after)
}

/// `GET /api/v1/documents/{id}/revisions/{rev}/file`: (content type, file name, bytes).
pub async fn file(
    state: &AppState,
    user: &SessionUser,
    document_id: i64,
    label: &str,
) -> Result<(String, String, Vec<u8>), AppError> {
    if !crate::domain::can(&user.me.roles, Action::ReadMasterData)
        && !crate::domain::can(&user.me.roles, Action::DriverDeliveries)
    {
        return Err(AppError::Forbidden);
    }
    revision_file(state, document_id, label).await
}

/// A revision's file by document and label, for whoever may have it (a signed-in user, or a
/// customer's SDS link).
pub async fn revision_file(
    state: &AppState,
    document_id: i64,
    label: &str,
) -> Result<(String, String, Vec<u8>), AppError> {
    if label.is_empty() || label.len() > 20 {
        return Err(AppError::NotFound);
    }
    let mut conn = state.db.read.acquire().await?;
    let r = store::revision_of(&mut conn, document_id, label).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    let bytes = state.files.read(&r.file_hash).await?.ok_or(AppError::NotFound)?;
    Ok((r.content_type, r.file_name, bytes))
}

fn note_document(c: &CarriedRow, unsent: &[(i64, i64)]) -> Option<NoteDocument> {
    Some(NoteDocument {
        document_id: c.document_id,
        kind: Kind::parse(&c.kind)?,
        title: c.title.clone(),
        revision: c.revision.clone(),
        revision_id: c.revision_id,
        url: file_url(c.document_id, &c.revision),
        unsent_sds: unsent.iter().any(|(_, d)| *d == c.document_id),
    })
}

/// The documents of a delivery note: those recorded at its loading, or — before loading —
/// the revisions in force of its products, each marked where it is a new SDS this customer
/// has not been sent yet.
pub async fn of_note(
    conn: &mut Conn,
    note_id: i64,
    customer_id: i64,
    product_ids: &[i64],
    loaded: bool,
) -> Result<Vec<NoteDocument>, AppError> {
    let mut carried =
        if loaded { store::of_note(conn, note_id).await? } else { store::in_force(conn, product_ids).await? };
    carried.sort_by(|a, b| (a.product_id, &a.kind, a.document_id).cmp(&(b.product_id, &b.kind, b.document_id)));
    let unsent = if loaded { Vec::new() } else { super::store::sds::unsent(conn, customer_id, product_ids).await? };
    Ok(carried.iter().filter_map(|c| note_document(c, &unsent)).collect())
}

/// At loading: records the revisions in force that go with the goods, and counts each new
/// SDS revision the customer had not been sent as sent with them.
pub async fn record_loading(
    tx: &mut Tx,
    note_id: i64,
    customer_id: i64,
    product_ids: &[i64],
    by: &str,
    now: i64,
) -> Result<(), AppError> {
    let carried = store::in_force(tx, product_ids).await?;
    store::record_for_note(tx, note_id, &carried).await?;
    let handed: Vec<(i64, i64)> = carried.iter().map(|c| (c.document_id, c.revision_id)).collect();
    super::store::customer_documents::hold(tx, customer_id, &handed, now).await?;
    sds::sent_with_goods(tx, by, customer_id, product_ids, now).await
}

/// `GET /api/v1/customers/{id}/documents`: the revisions the customer holds, by document, each
/// with the revision in force where that is newer.
pub async fn held_by(state: &AppState, user: &SessionUser, customer_id: i64) -> Result<Vec<HeldDocument>, AppError> {
    user.require(Action::ReadAfterSales)?;
    let mut conn = state.db.read.acquire().await?;
    customers::get(&mut conn, customer_id).await?.ok_or(AppError::NotFound)?;
    let rows = customer_documents::held_by(&mut conn, customer_id).await?;
    rows.into_iter()
        .map(|r| {
            Ok(HeldDocument {
                kind: Kind::parse(&r.kind).ok_or(AppError::Internal)?,
                url: file_url(r.document_id, &r.revision),
                newer_revision: r.current_revision.filter(|c| *c != r.revision),
                document_id: r.document_id,
                product_id: r.product_id,
                product_name: r.product_name,
                title: r.title,
                revision: r.revision,
                issued_on: r.issued_on,
                held_since: rfc3339(r.held_since),
            })
        })
        .collect()
}
