//! What the order form's pickers find as the user types: active customers and products whose
//! code or name holds the text (ten at most, by code), or — to show a draft's choices — the
//! records with the given ids. Products carry today's list price, customers their permit's
//! last day. The other forms' drop-downs (`all`) are made of the same picks.

use super::db::today;
use super::store::{customers, prices, products, Conn};
use super::{AppState, SessionUser};
use crate::domain::customer::Customer;
use crate::domain::order_line::{Pick, PickKind};
use crate::domain::product::Product;
use crate::domain::Action;
use crate::error::AppError;

const SHOWN: usize = 10;
/// The most records a drop-down of every active customer or product lists.
const ALL: i64 = 500;

pub async fn find(
    state: &AppState,
    user: &SessionUser,
    kind: PickKind,
    q: &str,
    ids: &[i64],
) -> Result<Vec<Pick>, AppError> {
    user.require(Action::ReadMasterData)?;
    let q = q.trim();
    if q.chars().count() > 100 {
        return Err(AppError::Validation {
            field: "q".into(),
            msg: crate::error::Msg::new("validation.too_long").arg("max", 100),
        });
    }
    if ids.len() > 50 {
        return Err(AppError::validation("ids", "validation.too_many_ids"));
    }
    let mut conn = state.db.read.acquire().await?;
    match kind {
        PickKind::Customer => {
            let found = if ids.is_empty() {
                active_customers(&mut conn, q, 3 * SHOWN as i64).await?
            } else {
                let mut v = Vec::new();
                for id in ids {
                    v.extend(customers::get(&mut conn, *id).await?);
                }
                v
            };
            Ok(found.into_iter().take(SHOWN).map(customer_pick).collect())
        }
        PickKind::Product => {
            let found = if ids.is_empty() {
                active_products(&mut conn, q, 3 * SHOWN as i64).await?
            } else {
                let mut v = Vec::new();
                for id in ids {
                    v.extend(products::get(&mut conn, *id).await?);
                }
                v
            };
            product_picks(&mut conn, found.into_iter().take(SHOWN)).await
        }
    }
}

/// Every active customer and product (up to 500 each, by code), for the forms' drop-downs.
pub async fn all(state: &AppState, user: &SessionUser) -> Result<(Vec<Pick>, Vec<Pick>), AppError> {
    user.require(Action::ReadMasterData)?;
    let mut conn = state.db.read.acquire().await?;
    let cs = active_customers(&mut conn, "", ALL).await?.into_iter().map(customer_pick).collect();
    let found = active_products(&mut conn, "", ALL).await?;
    let ps = product_picks(&mut conn, found).await?;
    Ok((cs, ps))
}

async fn active_customers(conn: &mut Conn, q: &str, limit: i64) -> Result<Vec<Customer>, AppError> {
    Ok(customers::list(conn, q, None, limit).await?.into_iter().filter(|c| c.active).collect())
}

async fn active_products(conn: &mut Conn, q: &str, limit: i64) -> Result<Vec<Product>, AppError> {
    Ok(products::list(conn, q, None, limit).await?.into_iter().filter(|p| p.active).collect())
}

fn customer_pick(c: Customer) -> Pick {
    Pick {
        id: c.id,
        label: format!("{} {}", c.code, c.name),
        permit_valid_until: c.hazardous_permit_no.as_ref().and(c.hazardous_permit_valid_until.clone()),
        ..Default::default()
    }
}

/// Products as picks, each with the list price valid today.
async fn product_picks(conn: &mut Conn, found: impl IntoIterator<Item = Product>) -> Result<Vec<Pick>, AppError> {
    let day = today().format("%Y-%m-%d").to_string();
    let mut out = Vec::new();
    for p in found {
        let price = prices::valid_on(conn, p.id, &day).await?.map(|x| x.unit_price_fen);
        out.push(Pick {
            id: p.id,
            label: format!("{} {}", p.code, p.name),
            list_price_fen: price,
            hazardous: p.hazardous,
            unit: p.unit,
            permit_valid_until: None,
        });
    }
    Ok(out)
}
