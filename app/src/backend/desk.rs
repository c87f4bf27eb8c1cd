//! What the service desk's lists share: the query (`status`, `customer_id`, `product_id`,
//! `batch_id`, `from`, `to` — local dates of receipt, both included — `cursor`, `limit`)
//! checked and turned into the store's filter of instants.

use super::page_limit;
use super::store::{batches, customers, delivery_notes, products, Conn, DeskFilter};
use crate::domain::calendar::Calendar;
use crate::domain::fields;
use crate::domain::service::DeskQuery;
use crate::error::AppError;
use chrono::{Duration, TimeZone};

/// A checked list query.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub filter: DeskFilter,
    /// `(received_at, id)` of the last row of the previous page.
    pub cursor: Option<(i64, i64)>,
    pub limit: i64,
}

fn nonempty(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

/// Start of a local date (plus `days_after`) in the company's time zone, in milliseconds.
pub fn day_start(cal: &Calendar, field: &str, date: &str, days_after: i64) -> Result<i64, AppError> {
    let d = fields::date(field, date)? + Duration::days(days_after);
    let local = d.and_hms_opt(0, 0, 0).ok_or_else(|| AppError::validation(field, "validation.date"))?;
    cal.offset
        .from_local_datetime(&local)
        .single()
        .map(|t| t.timestamp_millis())
        .ok_or_else(|| AppError::validation(field, "validation.date"))
}

/// Checks the query of a list whose records have the given statuses.
pub fn resolve(q: &DeskQuery, cal: &Calendar, statuses: &[&str]) -> Result<Resolved, AppError> {
    let status = nonempty(&q.status);
    if status.as_deref().is_some_and(|s| !statuses.contains(&s)) {
        return Err(AppError::validation("status", "validation.status"));
    }
    let cursor = match nonempty(&q.cursor) {
        None => None,
        Some(c) => {
            let bad = || AppError::validation("cursor", "validation.cursor");
            let (at, id) = c.split_once('_').ok_or_else(bad)?;
            Some((at.parse::<i64>().map_err(|_| bad())?, id.parse::<i64>().map_err(|_| bad())?))
        }
    };
    Ok(Resolved {
        filter: DeskFilter {
            status,
            customer_id: q.customer_id,
            product_id: q.product_id,
            batch_id: q.batch_id,
            from: nonempty(&q.from).map(|d| day_start(cal, "from", &d, 0)).transpose()?,
            to: nonempty(&q.to).map(|d| day_start(cal, "to", &d, 1)).transpose()?,
        },
        cursor,
        limit: page_limit(q.limit)?,
    })
}

/// The cursor of a row received at `received_at` (ms).
pub fn cursor_of(received_at: i64, id: i64) -> String {
    format!("{received_at}_{id}")
}

/// What a service desk record refers to: its customer, and where known the product, the
/// batch (which must be of that product) and the delivery note (which must be the customer's).
#[derive(Debug, Clone, Copy)]
pub struct References {
    pub customer_id: i64,
    pub product_id: Option<i64>,
    pub batch_id: Option<i64>,
    pub delivery_note_id: Option<i64>,
}

impl References {
    /// 422 naming the first field that refers to nothing, or to the wrong thing.
    pub async fn check(&self, conn: &mut Conn) -> Result<(), AppError> {
        if customers::get(conn, self.customer_id).await?.is_none() {
            return Err(AppError::validation("customer_id", "validation.customer_unknown"));
        }
        if let Some(p) = self.product_id {
            if products::get(conn, p).await?.is_none() {
                return Err(AppError::validation("product_id", "validation.product_unknown"));
            }
        }
        if let Some(b) = self.batch_id {
            let batch = batches::summary(conn, b).await?;
            if batch.is_none_or(|b| Some(b.product_id) != self.product_id) {
                return Err(AppError::validation("batch_id", "validation.batch_not_product"));
            }
        }
        if let Some(n) = self.delivery_note_id {
            let note = delivery_notes::get(conn, n).await?;
            if note.is_none_or(|n| n.customer_id != self.customer_id) {
                return Err(AppError::validation("delivery_note_id", "validation.note_not_customer"));
            }
        }
        Ok(())
    }
}
