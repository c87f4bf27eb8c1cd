//! The product sales ledger service: filtered pages for the screen, and CSV / XLSX exports
//! of everything that matches (Chinese text intact: UTF-8 CSV with a BOM for Excel, and a
//! real XLSX workbook).

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

pub async fn export_csv(
    state: &AppState,
    user: &SessionUser,
    f: &LedgerFilter,
    locale: Locale,
) -> Result<Vec<u8>, AppError> {
    user.require(Action::ReadLedger)?;
    f.validate()?;
    let rows = all_rows(state, f).await?;
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(COLUMNS.iter().map(|k| t(locale, k))).map_err(|_| AppError::Internal)?;
        for r in &rows {
            w.write_record(cells(r)).map_err(|_| AppError::Internal)?;
        }
        w.flush().map_err(|_| AppError::Internal)?;
    }
    Ok(out)
}

pub async fn export_xlsx(
    state: &AppState,
    user: &SessionUser,
    f: &LedgerFilter,
    locale: Locale,
) -> Result<Vec<u8>, AppError> {
    use rust_xlsxwriter::{Format, Workbook};
    user.require(Action::ReadLedger)?;
    f.validate()?;
    let rows = all_rows(state, f).await?;
    let xlsx = |e: rust_xlsxwriter::XlsxError| {
        tracing::error!("xlsx: {e}");
        AppError::Internal
    };
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(t(locale, "nav.ledger")).map_err(xlsx)?;
    let bold = Format::new().set_bold();
    for (c, key) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, t(locale, key), &bold).map_err(xlsx)?;
    }
    let money = Format::new().set_num_format("#,##0.00");
    let qty = Format::new().set_num_format("#,##0.000");
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        let text = cells(r);
        for (c, value) in text.iter().enumerate() {
            match c {
                4 => sheet.write_number_with_format(row, c as u16, r.quantity, &qty).map(|_| ()),
                6 => sheet.write_number_with_format(row, c as u16, r.amount_fen as f64 / 100.0, &money).map(|_| ()),
                _ => sheet.write_string(row, c as u16, value).map(|_| ()),
            }
            .map_err(xlsx)?;
        }
    }
    sheet.autofit();
    book.save_to_buffer().map_err(xlsx)
}
