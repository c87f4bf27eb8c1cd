//! The product sales ledger service: filtered pages for the screen, and everything that
//! matches as a sheet for the CSV / XLSX export.

use super::export::{Cell, Sheet};
use super::store::{ledger as store, Page};
use super::{page_limit, AppState, SessionUser};
use crate::domain::ledger::{LedgerFilter, LedgerRow, COLUMNS};
use crate::domain::Action;
use crate::error::AppError;
use crate::i18n::{t, Locale};

fn parse_cursor(cursor: Option<&str>) -> Result<Option<(String, i64)>, AppError> {
    match cursor.filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(c) => {
            let bad = || AppError::validation("cursor", "validation.cursor");
            let (d, id) = c.split_once('_').ok_or_else(bad)?;
            Ok(Some((d.to_string(), id.parse().map_err(|_| bad())?)))
        }
    }
}

pub async fn list(
    state: &AppState,
    user: &SessionUser,
    f: &LedgerFilter,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<LedgerRow>, AppError> {
    user.require(Action::ReadLedger)?;
    f.validate()?;
    let limit = page_limit(limit)?;
    let mut conn = state.db.read.acquire().await?;
    let rows = store::list(&mut conn, f, parse_cursor(cursor)?, limit + 1).await?;
    Ok(Page::from_rows(rows, limit, |r| format!("{}_{}", r.delivered_on, r.id)))
}

/// Every matching row, newest first, read page by page.
async fn all_rows(state: &AppState, f: &LedgerFilter) -> Result<Vec<LedgerRow>, AppError> {
    let mut conn = state.db.read.acquire().await?;
    let mut out = Vec::new();
    let mut cursor = None;
    loop {
        let rows = store::list(&mut conn, f, cursor.clone(), 5000).await?;
        let done = rows.len() < 5000;
        cursor = rows.last().map(|r| (r.delivered_on.clone(), r.id));
        out.extend(rows);
        if done {
            return Ok(out);
        }
    }
}

fn cells(r: &LedgerRow) -> [String; 11] {
    [
        r.delivered_on.clone(),
        r.customer_name.clone(),
        r.product_name.clone(),
        r.batch_no.clone().unwrap_or_default(),
        format!("{:.3}", r.quantity),
        r.unit.clone(),
        format!("{:.2}", r.amount_fen as f64 / 100.0),
        r.sales_rep.clone(),
        r.order_number.clone(),
        r.delivery_note_id.map(|n| n.to_string()).unwrap_or_default(),
        r.permit_no.clone().unwrap_or_default(),
    ]
}

/// Everything that matches, as a sheet for `?format=csv|xlsx`.
pub async fn export(state: &AppState, user: &SessionUser, f: &LedgerFilter, locale: Locale) -> Result<Sheet, AppError> {
    user.require(Action::ReadLedger)?;
    f.validate()?;
    let rows = all_rows(state, f).await?;
    let mut sheet = Sheet::new(&t(locale, "nav.ledger"), COLUMNS.iter().map(|k| t(locale, k)).collect());
    for r in &rows {
        let mut row: Vec<Cell> = cells(r).into_iter().map(Cell::Text).collect();
        row[4] = Cell::Number(r.quantity, "#,##0.000");
        row[6] = Cell::Number(r.amount_fen as f64 / 100.0, "#,##0.00");
        sheet.rows.push(row);
    }
    Ok(sheet)
}
