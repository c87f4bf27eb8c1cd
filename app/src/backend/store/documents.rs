//! Controlled documents per product, their revisions (the file's hash, never its bytes), the
//! revisions each delivery note carried, and training sessions with their materials.
//! Instants are Unix milliseconds; dates are `YYYY-MM-DD`.

use super::Conn;
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct DocumentRow {
    pub id: i64,
    pub version: i64,
    pub product_id: i64,
    pub product_name: String,
    pub kind: String,
    pub title: String,
    pub current_revision_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct RevisionRow {
    pub id: i64,
    pub document_id: i64,
    pub revision: String,
    pub issued_on: String,
    pub changes: String,
    pub file_name: String,
    pub file_hash: String,
    pub content_type: String,
    pub size: i64,
    pub entered_by: String,
    pub entered_at: i64,
}

/// A revision with its document's kind and title, as a note or a training names it.
#[derive(Debug, Clone)]
pub struct CarriedRow {
    pub owner_id: i64,
    pub document_id: i64,
    pub kind: String,
    pub title: String,
    pub revision_id: i64,
    pub revision: String,
    pub product_id: i64,
}

const DOCUMENT: &str = "SELECT d.id, d.version, d.product_id, p.name AS product_name, d.kind, d.title, \
    d.current_revision_id FROM product_document d JOIN product p ON p.id = d.product_id";

const REVISION: &str = "SELECT r.id, r.document_id, r.revision, r.issued_on, r.changes, r.file_name, r.file_hash, \
    f.content_type, f.size, r.entered_by, r.entered_at FROM document_revision r \
    JOIN stored_file f ON f.hash = r.file_hash";

fn document(r: &AnyRow) -> sqlx::Result<DocumentRow> {
    Ok(DocumentRow {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        product_id: r.try_get("product_id")?,
        product_name: r.try_get("product_name")?,
        kind: r.try_get("kind")?,
        title: r.try_get("title")?,
        current_revision_id: r.try_get("current_revision_id")?,
    })
}

fn revision(r: &AnyRow) -> sqlx::Result<RevisionRow> {
    Ok(RevisionRow {
        id: r.try_get("id")?,
        document_id: r.try_get("document_id")?,
        revision: r.try_get("revision")?,
        issued_on: r.try_get("issued_on")?,
        changes: r.try_get("changes")?,
        file_name: r.try_get("file_name")?,
        file_hash: r.try_get("file_hash")?,
        content_type: r.try_get("content_type")?,
        size: r.try_get("size")?,
        entered_by: r.try_get("entered_by")?,
        entered_at: r.try_get("entered_at")?,
    })
}

fn carried(r: &AnyRow) -> sqlx::Result<CarriedRow> {
    Ok(CarriedRow {
        owner_id: r.try_get("owner_id")?,
        document_id: r.try_get("document_id")?,
        kind: r.try_get("kind")?,
        title: r.try_get("title")?,
        revision_id: r.try_get("revision_id")?,
        revision: r.try_get("revision")?,
        product_id: r.try_get("product_id")?,
    })
}

/// A new document; `None` when the product already has one of this kind and title.
pub async fn insert(
    conn: &mut Conn,
    product_id: i64,
    kind: &str,
    title: &str,
    by: &str,
    now: i64,
) -> sqlx::Result<Option<i64>> {
    let row = sqlx::query(
        "INSERT INTO product_document (product_id, kind, title, created_by, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (product_id, kind, title) DO NOTHING RETURNING id",
    )
    .bind(product_id)
    .bind(kind)
    .bind(title)
    .bind(by)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| r.try_get("id")).transpose()
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<DocumentRow>> {
    let row = sqlx::query(&format!("{DOCUMENT} WHERE d.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(document).transpose()
}

/// A product's documents, by kind then in the order they were added.
pub async fn of_product(conn: &mut Conn, product_id: i64) -> sqlx::Result<Vec<DocumentRow>> {
    let rows = sqlx::query(&format!("{DOCUMENT} WHERE d.product_id = $1 ORDER BY d.kind, d.id"))
        .bind(product_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(document).collect()
}

/// The revisions of the documents `ids` (in no particular order).
pub async fn revisions(conn: &mut Conn, ids: &[i64]) -> sqlx::Result<Vec<RevisionRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("{REVISION} WHERE r.document_id IN ({})", super::placeholders(1, ids.len()));
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    q.fetch_all(&mut *conn).await?.iter().map(revision).collect()
}

/// One revision of a document by its label.
pub async fn revision_of(conn: &mut Conn, document_id: i64, label: &str) -> sqlx::Result<Option<RevisionRow>> {
    let row = sqlx::query(&format!("{REVISION} WHERE r.document_id = $1 AND r.revision = $2"))
        .bind(document_id)
        .bind(label)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(revision).transpose()
}

pub struct NewRevision<'a> {
    pub document_id: i64,
    pub revision: &'a str,
    pub issued_on: &'a str,
    pub changes: &'a str,
    pub file_name: &'a str,
    pub file_hash: &'a str,
    pub entered_by: &'a str,
    pub now: i64,
}

/// Adds a revision and makes it the one in force, if the document is still at `version`;
/// `None` if the label is taken (or the document changed meanwhile).
pub async fn add_revision(conn: &mut Conn, version: i64, n: &NewRevision<'_>) -> sqlx::Result<Option<i64>> {
    let row = sqlx::query(
        "INSERT INTO document_revision (document_id, revision, issued_on, changes, file_name, file_hash, entered_by, \
         entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (document_id, revision) DO NOTHING RETURNING id",
    )
    .bind(n.document_id)
    .bind(n.revision)
    .bind(n.issued_on)
    .bind(n.changes)
    .bind(n.file_name)
    .bind(n.file_hash)
    .bind(n.entered_by)
    .bind(n.now)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(id) = row.map(|r| r.try_get::<i64, _>("id")).transpose()? else { return Ok(None) };
    let done = sqlx::query(
        "UPDATE product_document SET current_revision_id = $1, version = version + 1 WHERE id = $2 AND version = $3",
    )
    .bind(id)
    .bind(n.document_id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok((done.rows_affected() == 1).then_some(id))
}

const CARRIED: &str = "d.id AS document_id, d.kind, d.title, r.id AS revision_id, r.revision, d.product_id \
    FROM product_document d JOIN document_revision r ON r.document_id = d.id";

/// The documents in force of the products `product_ids` (those with a revision), in no
/// particular order.
pub async fn in_force(conn: &mut Conn, product_ids: &[i64]) -> sqlx::Result<Vec<CarriedRow>> {
    if product_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT d.product_id AS owner_id, {CARRIED} WHERE r.id = d.current_revision_id AND d.product_id IN ({})",
        super::placeholders(1, product_ids.len())
    );
    let mut q = sqlx::query(&sql);
    for id in product_ids {
        q = q.bind(*id);
    }
    q.fetch_all(&mut *conn).await?.iter().map(carried).collect()
}

/// What a delivery note carried, as recorded at its loading (in no particular order).
pub async fn of_note(conn: &mut Conn, note_id: i64) -> sqlx::Result<Vec<CarriedRow>> {
    let sql = format!(
        "SELECT n.note_id AS owner_id, {CARRIED} JOIN delivery_note_document n ON n.revision_id = r.id \
         WHERE n.note_id = $1"
    );
    sqlx::query(&sql).bind(note_id).fetch_all(&mut *conn).await?.iter().map(carried).collect()
}

/// Records the revisions a note carries (at loading).
pub async fn record_for_note(conn: &mut Conn, note_id: i64, carried: &[CarriedRow]) -> sqlx::Result<()> {
    for c in carried {
        sqlx::query(
            "INSERT INTO delivery_note_document (note_id, document_id, revision_id) VALUES ($1, $2, $3) \
             ON CONFLICT (note_id, document_id) DO NOTHING",
        )
        .bind(note_id)
        .bind(c.document_id)
        .bind(c.revision_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The revisions `ids` with their documents (training materials); unknown ids are left out.
/// In no particular order.
pub async fn carried_revisions(conn: &mut Conn, ids: &[i64]) -> sqlx::Result<Vec<CarriedRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("SELECT r.id AS owner_id, {CARRIED} WHERE r.id IN ({})", super::placeholders(1, ids.len()));
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    q.fetch_all(&mut *conn).await?.iter().map(carried).collect()
}
