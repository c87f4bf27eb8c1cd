//! SDS distributions: one per new SDS revision, with a row per customer it must reach, their
//! sending and acknowledgement. The recipients are read from the sales ledger (one row per
//! received line, dated on the company's day of receipt).

use super::Conn;
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct DistributionRow {
    pub id: i64,
    pub version: i64,
    pub number: String,
    pub status: String,
    pub document_id: i64,
    pub product_id: i64,
    pub product_name: String,
    pub revision: String,
    pub issued_on: String,
    pub supplied_from: String,
    pub supplied_to: String,
    pub recipients: i64,
    pub acknowledged: i64,
    pub opened_by: String,
    pub opened_at: i64,
    pub completed_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct RecipientRow {
    pub distribution_id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub last_delivery_on: String,
    /// The acknowledgement link's token salt (no token is stored), hash and expiry.
    pub token_salt: Option<String>,
    pub token_hash: Option<String>,
    pub expires_at: Option<i64>,
    pub sent_channel: Option<String>,
    pub sent_by: Option<String>,
    pub sent_at: Option<i64>,
    pub acknowledged_channel: Option<String>,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<i64>,
}

const DISTRIBUTION: &str = "SELECT s.id, s.version, s.number, s.status, s.document_id, s.product_id, \
    p.name AS product_name, r.revision, r.issued_on, s.supplied_from, s.supplied_to, s.recipients, s.acknowledged, \
    s.opened_by, s.opened_at, s.completed_at FROM sds_distribution s JOIN product p ON p.id = s.product_id \
    JOIN document_revision r ON r.id = s.revision_id";

const RECIPIENT: &str =
    "SELECT x.*, c.name AS customer_name FROM sds_recipient x JOIN customer c ON c.id = x.customer_id";

fn distribution(r: &AnyRow) -> sqlx::Result<DistributionRow> {
    Ok(DistributionRow {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        number: r.try_get("number")?,
        status: r.try_get("status")?,
        document_id: r.try_get("document_id")?,
        product_id: r.try_get("product_id")?,
        product_name: r.try_get("product_name")?,
        revision: r.try_get("revision")?,
        issued_on: r.try_get("issued_on")?,
        supplied_from: r.try_get("supplied_from")?,
        supplied_to: r.try_get("supplied_to")?,
        recipients: r.try_get("recipients")?,
        acknowledged: r.try_get("acknowledged")?,
        opened_by: r.try_get("opened_by")?,
        opened_at: r.try_get("opened_at")?,
        completed_at: r.try_get("completed_at")?,
    })
}

fn recipient(r: &AnyRow) -> sqlx::Result<RecipientRow> {
    Ok(RecipientRow {
        distribution_id: r.try_get("distribution_id")?,
        customer_id: r.try_get("customer_id")?,
        customer_name: r.try_get("customer_name")?,
        last_delivery_on: r.try_get("last_delivery_on")?,
        token_salt: r.try_get("token_salt")?,
        token_hash: r.try_get("token_hash")?,
        expires_at: r.try_get("expires_at")?,
        sent_channel: r.try_get("sent_channel")?,
        sent_by: r.try_get("sent_by")?,
        sent_at: r.try_get("sent_at")?,
        acknowledged_channel: r.try_get("acknowledged_channel")?,
        acknowledged_by: r.try_get("acknowledged_by")?,
        acknowledged_at: r.try_get("acknowledged_at")?,
    })
}

/// Each customer with a receipt of `product_id` on a day in `[from, to]`, with the last such
/// day; read from the ledger's (product, day, customer) index.
pub async fn supplied(conn: &mut Conn, product_id: i64, from: &str, to: &str) -> sqlx::Result<Vec<(i64, String)>> {
    let rows = sqlx::query(
        "SELECT customer_id, MAX(delivered_on) AS last_on FROM ledger_entry \
         WHERE product_id = $1 AND delivered_on >= $2 AND delivered_on <= $3 GROUP BY customer_id",
    )
    .bind(product_id)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((r.try_get("customer_id")?, r.try_get("last_on")?))).collect()
}

pub struct NewDistribution<'a> {
    pub number: &'a str,
    pub document_id: i64,
    pub revision_id: i64,
    pub product_id: i64,
    pub supplied_from: &'a str,
    pub supplied_to: &'a str,
    pub opened_by: &'a str,
    pub now: i64,
}

/// A recipient to list: the customer, the last delivery day, and the link's token salt and
/// hash (the token itself is not kept).
pub struct NewRecipient {
    pub customer_id: i64,
    pub last_delivery_on: String,
    pub salt: String,
    pub hash: String,
}

/// Opens a distribution for `recipients` customers (listed next with [`add_recipients`]);
/// one without recipients is complete at once.
pub async fn open(conn: &mut Conn, n: &NewDistribution<'_>, recipients: usize) -> sqlx::Result<i64> {
    let complete = recipients == 0;
    sqlx::query(
        "INSERT INTO sds_distribution (number, status, document_id, revision_id, product_id, supplied_from, supplied_to, \
         recipients, opened_by, opened_at, completed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(n.number)
    .bind(if complete { "complete" } else { "open" })
    .bind(n.document_id)
    .bind(n.revision_id)
    .bind(n.product_id)
    .bind(n.supplied_from)
    .bind(n.supplied_to)
    .bind(recipients as i64)
    .bind(n.opened_by)
    .bind(n.now)
    .bind(complete.then_some(n.now))
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

/// Lists a distribution's recipients, whose links expire at `expires_at`. The plain `token`
/// column keeps the hash as well (it is `UNIQUE NOT NULL`).
pub async fn add_recipients(
    conn: &mut Conn,
    id: i64,
    recipients: &[NewRecipient],
    expires_at: i64,
) -> sqlx::Result<()> {
    for r in recipients {
        sqlx::query(
            "INSERT INTO sds_recipient (distribution_id, customer_id, last_delivery_on, token, token_hash, token_salt, \
             expires_at) VALUES ($1, $2, $3, $4, $4, $5, $6)",
        )
        .bind(id)
        .bind(r.customer_id)
        .bind(&r.last_delivery_on)
        .bind(&r.hash)
        .bind(&r.salt)
        .bind(expires_at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<DistributionRow>> {
    let row = sqlx::query(&format!("{DISTRIBUTION} WHERE s.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(distribution).transpose()
}

/// The distributions the revisions `ids` opened: `(revision, distribution)`, in no particular
/// order; one query for a product's documents (by the unique revision key).
pub async fn of_revisions(conn: &mut Conn, ids: &[i64]) -> sqlx::Result<Vec<(i64, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT revision_id, id FROM sds_distribution WHERE revision_id IN ({})",
        super::placeholders(1, ids.len())
    );
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    let rows = q.fetch_all(&mut *conn).await?;
    rows.iter().map(|r| Ok((r.try_get("revision_id")?, r.try_get("id")?))).collect()
}

/// Newest first, `limit` rows with ids below `before`; of one status, or of one product.
pub async fn list(
    conn: &mut Conn,
    status: Option<&str>,
    product_id: Option<i64>,
    before: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<DistributionRow>> {
    let before = before.unwrap_or(i64::MAX);
    let rows = match (status, product_id) {
        (Some(s), _) => {
            sqlx::query(&format!("{DISTRIBUTION} WHERE s.status = $1 AND s.id < $2 ORDER BY s.id DESC LIMIT $3"))
                .bind(s)
                .bind(before)
                .bind(limit)
                .fetch_all(&mut *conn)
                .await?
        }
        (None, Some(p)) => {
            sqlx::query(&format!("{DISTRIBUTION} WHERE s.product_id = $1 AND s.id < $2 ORDER BY s.id DESC LIMIT $3"))
                .bind(p)
                .bind(before)
                .bind(limit)
                .fetch_all(&mut *conn)
                .await?
        }
        (None, None) => {
            sqlx::query(&format!("{DISTRIBUTION} WHERE s.id < $1 ORDER BY s.id DESC LIMIT $2"))
                .bind(before)
                .bind(limit)
                .fetch_all(&mut *conn)
                .await?
        }
    };
    rows.iter().map(distribution).collect()
}

pub async fn recipients(conn: &mut Conn, distribution_id: i64) -> sqlx::Result<Vec<RecipientRow>> {
    let rows =
        sqlx::query(&format!("{RECIPIENT} WHERE x.distribution_id = $1 ORDER BY x.distribution_id, x.customer_id"))
            .bind(distribution_id)
            .fetch_all(&mut *conn)
            .await?;
    rows.iter().map(recipient).collect()
}

pub async fn recipient_of(
    conn: &mut Conn,
    distribution_id: i64,
    customer_id: i64,
) -> sqlx::Result<Option<RecipientRow>> {
    let row = sqlx::query(&format!("{RECIPIENT} WHERE x.distribution_id = $1 AND x.customer_id = $2"))
        .bind(distribution_id)
        .bind(customer_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(recipient).transpose()
}

/// The recipient whose link's token hashes to `hash`.
pub async fn by_token_hash(conn: &mut Conn, hash: &str) -> sqlx::Result<Option<RecipientRow>> {
    let row =
        sqlx::query(&format!("{RECIPIENT} WHERE x.token_hash = $1")).bind(hash).fetch_optional(&mut *conn).await?;
    row.as_ref().map(recipient).transpose()
}

/// Records the sending, once: false if it was already recorded.
pub async fn mark_sent(
    conn: &mut Conn,
    distribution_id: i64,
    customer_id: i64,
    channel: &str,
    by: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE sds_recipient SET sent_channel = $1, sent_by = $2, sent_at = $3 \
         WHERE distribution_id = $4 AND customer_id = $5 AND sent_at IS NULL",
    )
    .bind(channel)
    .bind(by)
    .bind(now)
    .bind(distribution_id)
    .bind(customer_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records the acknowledgement, once (a recipient not yet sent counts as sent the same way),
/// and counts it on the distribution, which completes with its last recipient. False if it
/// was already acknowledged.
pub async fn mark_acknowledged(
    conn: &mut Conn,
    distribution_id: i64,
    customer_id: i64,
    channel: &str,
    by: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE sds_recipient SET acknowledged_channel = $1, acknowledged_by = $2, acknowledged_at = $3, \
         sent_channel = COALESCE(sent_channel, $1), sent_by = COALESCE(sent_by, $2), sent_at = COALESCE(sent_at, $3) \
         WHERE distribution_id = $4 AND customer_id = $5 AND acknowledged_at IS NULL",
    )
    .bind(channel)
    .bind(by)
    .bind(now)
    .bind(distribution_id)
    .bind(customer_id)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE sds_distribution SET acknowledged = acknowledged + 1, version = version + 1, \
         status = CASE WHEN acknowledged + 1 >= recipients THEN 'complete' ELSE status END, \
         completed_at = CASE WHEN acknowledged + 1 >= recipients THEN $1 ELSE completed_at END WHERE id = $2",
    )
    .bind(now)
    .bind(distribution_id)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// Open distributions of the products `product_ids` in which `customer_id` has not been sent
/// the revision yet: `(distribution, document)`.
pub async fn unsent(conn: &mut Conn, customer_id: i64, product_ids: &[i64]) -> sqlx::Result<Vec<(i64, i64)>> {
    if product_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT s.id, s.document_id FROM sds_recipient x JOIN sds_distribution s ON s.id = x.distribution_id \
         WHERE x.customer_id = $1 AND x.sent_at IS NULL AND s.status = 'open' AND s.product_id IN ({})",
        super::placeholders(2, product_ids.len())
    );
    let mut q = sqlx::query(&sql).bind(customer_id);
    for id in product_ids {
        q = q.bind(*id);
    }
    let rows = q.fetch_all(&mut *conn).await?;
    rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("document_id")?))).collect()
}

/// How many distributions are open (the service board).
pub async fn open_count(conn: &mut Conn) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) AS n FROM sds_distribution WHERE status = 'open'")
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")
}
