//! SDS distribution (REACH Art. 31(9); 《危险化学品安全管理条例》): a new safety data sheet
//! revision must reach every customer supplied with the product in the 12 months before it.
//! The distribution opens with the revision, lists those customers from the sales ledger with
//! their last delivery day, and stays open — on the service board — until each has
//! acknowledged it: through staff (service, quality) or the customer's single-use link.

use super::audit::{self, Change};
use super::db::{now_ms, rfc3339, Tx};
use super::links::{self, LinkKind, LinkSecret};
use super::store::orders::next_number;
use super::store::sds::{self as store, DistributionRow, NewDistribution, NewRecipient, RecipientRow};
use super::store::Conn;
use super::{AppState, SessionUser};
use crate::domain::document::{
    self as rules, Distribution, DistributionStatus, Document, Handed, Handover, HandoverInput, Recipient,
    DISTRIBUTION_PREFIX,
};
use crate::domain::service::number;
use crate::domain::{Action, Page, Role};
use crate::error::AppError;
use chrono::{Datelike, NaiveDate};

fn handed(channel: Option<String>, by: Option<String>, at: Option<i64>) -> Option<Handed> {
    Some(Handed { channel: Handover::parse(&channel?)?, by: by?, at: rfc3339(at?) })
}

/// A recipient as read; `link` is filled in only for the role that sends the links.
fn recipient(r: RecipientRow, link: Option<String>) -> Recipient {
    Recipient {
        customer_id: r.customer_id,
        customer_name: r.customer_name,
        last_delivery_on: r.last_delivery_on,
        sent_at: r.sent_at.map(rfc3339),
        sent: handed(r.sent_channel, r.sent_by, r.sent_at),
        acknowledged_at: r.acknowledged_at.map(rfc3339),
        acknowledged: handed(r.acknowledged_channel, r.acknowledged_by, r.acknowledged_at),
        link,
    }
}

fn record(r: DistributionRow, recipients: Vec<Recipient>) -> Distribution {
    Distribution {
        id: r.id,
        version: r.version,
        number: r.number,
        status: DistributionStatus::parse(&r.status).unwrap_or(DistributionStatus::Open),
        document_id: r.document_id,
        product_id: r.product_id,
        product_name: r.product_name,
        revision: r.revision,
        issued_on: r.issued_on,
        supplied_from: r.supplied_from,
        supplied_to: r.supplied_to,
        recipient_count: r.recipients,
        acknowledged_count: r.acknowledged,
        opened_by: r.opened_by,
        opened_at: rfc3339(r.opened_at),
        completed_at: r.completed_at.map(rfc3339),
        recipients,
    }
}

/// The customer's acknowledgement link, while it can be used.
fn link_of(secret: &LinkSecret, r: &RecipientRow, now: i64) -> Option<String> {
    if r.acknowledged_at.is_some() || links::check_expiry(r.expires_at, now).is_err() {
        return None;
    }
    let row = links::sds_row(r.distribution_id, r.customer_id);
    secret.token_of(LinkKind::Sds, &row, r.token_salt.as_deref()).map(|t| format!("/sds/{t}"))
}

/// Opens the distribution of a new SDS revision (in the revision's transaction): every
/// customer with a receipt of the product in [`rules::supply_window`]. Returns its id.
#[allow(clippy::too_many_arguments)]
pub async fn open(
    tx: &mut Tx,
    secret: &LinkSecret,
    user: &SessionUser,
    document: &Document,
    revision_id: i64,
    issued_on: NaiveDate,
    entered_on: NaiveDate,
    now: i64,
) -> Result<i64, AppError> {
    let (from, to) = rules::supply_window(issued_on, entered_on);
    let (from, to) = (from.format("%Y-%m-%d").to_string(), to.format("%Y-%m-%d").to_string());
    let supplied = store::supplied(tx, document.product_id, &from, &to).await?;
    let year = entered_on.year();
    let seq = next_number(tx, DISTRIBUTION_PREFIX, year).await?;
    let n = NewDistribution {
        number: &number(DISTRIBUTION_PREFIX, year, seq),
        document_id: document.id,
        revision_id,
        product_id: document.product_id,
        supplied_from: &from,
        supplied_to: &to,
        opened_by: user.username(),
        now,
    };
    // the distribution's id is part of each link's token: list the recipients once it exists
    let id = store::open(tx, &n, supplied.len()).await?;
    let recipients: Vec<NewRecipient> = supplied
        .into_iter()
        .map(|(customer_id, last_delivery_on)| {
            let link = secret.issue(LinkKind::Sds, &links::sds_row(id, customer_id));
            NewRecipient { customer_id, last_delivery_on, salt: link.salt, hash: link.hash }
        })
        .collect();
    let expires_at = links::expiry_from(tx, now).await?;
    store::add_recipients(tx, id, &recipients, expires_at).await?;
    let after = full(tx, id).await?;
    let mut entry = change(user.username(), "open_distribution", id, None, &after);
    // the audit keeps each link's token hash, never the token
    if let Some(list) = entry.after.as_mut().and_then(|v| v.get_mut("recipients")).and_then(|l| l.as_array_mut()) {
        for (item, r) in list.iter_mut().zip(&recipients) {
            if let Some(o) = item.as_object_mut() {
                o.insert("token_hash".into(), serde_json::json!(r.hash));
            }
        }
    }
    audit::append(tx, entry).await?;
    Ok(id)
}

fn change<'a>(
    actor: &'a str,
    action: &'a str,
    id: i64,
    before: Option<&Distribution>,
    after: &Distribution,
) -> Change<'a> {
    Change {
        actor,
        action,
        entity: "sds_distribution",
        entity_id: Some(id),
        before: before.and_then(audit::snapshot),
        after: audit::snapshot(after),
    }
}

/// The distribution with its recipients, without their links (what the audit keeps).
async fn full(conn: &mut Conn, id: i64) -> Result<Distribution, AppError> {
    let row = store::get(conn, id).await?.ok_or(AppError::NotFound)?;
    let recipients = store::recipients(conn, id).await?.into_iter().map(|r| recipient(r, None)).collect();
    Ok(record(row, recipients))
}

/// The distribution as `user` reads it: the acknowledgement links only for the service desk
/// (售后服务), who sends them to the customers; quality works the distribution without them.
async fn full_for(state: &AppState, user: &SessionUser, conn: &mut Conn, id: i64) -> Result<Distribution, AppError> {
    let row = store::get(conn, id).await?.ok_or(AppError::NotFound)?;
    let sends = user.me.roles.contains(&Role::Service);
    let now = now_ms();
    let recipients = store::recipients(conn, id)
        .await?
        .into_iter()
        .map(|r| {
            let link = if sends { link_of(&state.link_secret, &r, now) } else { None };
            recipient(r, link)
        })
        .collect();
    Ok(record(row, recipients))
}

/// `GET /api/v1/sds-distributions/{id}`.
pub async fn get(state: &AppState, user: &SessionUser, id: i64) -> Result<Distribution, AppError> {
    user.require(Action::DistributeSds)?;
    let mut conn = state.db.read.acquire().await?;
    full_for(state, user, &mut conn, id).await
}

/// `GET /api/v1/sds-distributions?status=&product_id=&cursor=&limit=`: newest first.
pub async fn list(
    state: &AppState,
    user: &SessionUser,
    status: Option<&str>,
    product_id: Option<i64>,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<Distribution>, AppError> {
    user.require(Action::DistributeSds)?;
    let status = match status.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => {
            Some(DistributionStatus::parse(s).ok_or_else(|| AppError::validation("status", "validation.status"))?)
        }
    };
    let before = match cursor.filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(c.parse::<i64>().map_err(|_| AppError::validation("cursor", "validation.cursor"))?),
    };
    let limit = super::page_limit(limit)?;
    let mut conn = state.db.read.acquire().await?;
    let rows = store::list(&mut conn, status.map(|s| s.key()), product_id, before, limit + 1).await?;
    let page = Page::from_rows(rows, limit, |r| r.id.to_string());
    Ok(Page { items: page.items.into_iter().map(|r| record(r, Vec::new())).collect(), next_cursor: page.next_cursor })
}

/// The newest open distributions, without their recipients (the service board).
pub async fn open_ones(conn: &mut Conn, limit: i64) -> Result<Vec<Distribution>, AppError> {
    let rows = store::list(conn, Some(DistributionStatus::Open.key()), None, None, limit).await?;
    Ok(rows.into_iter().map(|r| record(r, Vec::new())).collect())
}

/// Which step staff record for a recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Sent,
    Acknowledged,
}

impl Step {
    pub fn parse(key: &str) -> Option<Step> {
        match key {
            "sent" => Some(Step::Sent),
            "acknowledged" => Some(Step::Acknowledged),
            _ => None,
        }
    }
}

/// `POST /api/v1/sds-distributions/{id}/recipients/{customer_id}/{sent|acknowledged}`
/// `{channel}`: once each (409); a customer who is not a recipient is 404.
pub async fn record_step(
    state: &AppState,
    user: &SessionUser,
    id: i64,
    customer_id: i64,
    step: Step,
    input: &HandoverInput,
) -> Result<Distribution, AppError> {
    user.require(Action::DistributeSds)?;
    let channel = Handover::by_staff(&input.channel)?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let before = full(&mut tx, id).await?;
    let r = before.recipients.iter().find(|r| r.customer_id == customer_id).ok_or(AppError::NotFound)?;
    let by = user.username();
    let done = match step {
        Step::Sent => {
            rules::check_step(r.sent_at.is_some())?;
            store::mark_sent(&mut tx, id, customer_id, channel.key(), by, now).await?
        }
        Step::Acknowledged => {
            rules::check_step(r.acknowledged_at.is_some())?;
            store::mark_acknowledged(&mut tx, id, customer_id, channel.key(), by, now).await?
        }
    };
    rules::check_step(!done)?;
    super::store::customer_documents::hold_distributed(&mut tx, id, customer_id, now).await?;
    let after = full(&mut tx, id).await?;
    let action = if step == Step::Sent { "sds_sent" } else { "sds_acknowledged" };
    audit::append(&mut tx, change(by, action, id, Some(&before), &after)).await?;
    let shown = full_for(state, user, &mut tx, id).await?;
    tx.commit().await?;
    state.publish("sds_distribution", id);
    Ok(shown)
}

/// What the customer's link shows: the distribution and the customer it was made for. Unknown
/// → 404; already acknowledged → 409.
pub async fn for_link(state: &AppState, token: &str) -> Result<(Distribution, Recipient), AppError> {
    let mut conn = state.db.read.acquire().await?;
    by_link(&mut conn, token).await
}

/// The recipient behind a token (by its hash): unknown → 404, acknowledged → 409, past its
/// days → 410.
async fn by_link(conn: &mut Conn, token: &str) -> Result<(Distribution, Recipient), AppError> {
    if !links::plausible(token) {
        return Err(AppError::NotFound);
    }
    let row = store::by_token_hash(conn, &links::hash(token)).await?.ok_or(AppError::NotFound)?;
    if row.acknowledged_at.is_some() {
        return Err(AppError::conflict("sds.rule.done"));
    }
    links::check_expiry(row.expires_at, now_ms())?;
    let d = store::get(conn, row.distribution_id).await?.ok_or(AppError::NotFound)?;
    Ok((record(d, Vec::new()), recipient(row, None)))
}

/// `POST /api/v1/sds-acknowledgements/{token}` (and the link's form): the customer, no
/// account. Single use: a second time is 409. Answers with the customer's own row only.
pub async fn acknowledge_by_link(state: &AppState, token: &str) -> Result<Recipient, AppError> {
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let (d, r) = by_link(&mut tx, token).await?;
    let before = full(&mut tx, d.id).await?;
    if !store::mark_acknowledged(&mut tx, d.id, r.customer_id, Handover::Link.key(), "customer", now).await? {
        return Err(AppError::conflict("sds.rule.done"));
    }
    super::store::customer_documents::hold_distributed(&mut tx, d.id, r.customer_id, now).await?;
    let after = full(&mut tx, d.id).await?;
    audit::append(&mut tx, change("customer", "sds_acknowledged", d.id, Some(&before), &after)).await?;
    tx.commit().await?;
    state.publish("sds_distribution", d.id);
    let mine = after.recipients.into_iter().find(|x| x.customer_id == r.customer_id).ok_or(AppError::Internal)?;
    Ok(Recipient { link: None, ..mine })
}

/// At loading (in the note's transaction): the goods carry the revision, so a recipient of
/// an open distribution of the product who was not sent it yet is marked sent by `delivery`,
/// with its audit entry.
pub async fn sent_with_goods(
    tx: &mut Tx,
    by: &str,
    customer_id: i64,
    product_ids: &[i64],
    now: i64,
) -> Result<(), AppError> {
    for (id, _) in store::unsent(tx, customer_id, product_ids).await? {
        let before = full(tx, id).await?;
        if store::mark_sent(tx, id, customer_id, Handover::Delivery.key(), by, now).await? {
            let after = full(tx, id).await?;
            audit::append(tx, change(by, "sds_sent", id, Some(&before), &after)).await?;
        }
    }
    Ok(())
}
