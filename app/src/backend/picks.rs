//! What the order form's pickers find as the user types: active customers and products whose
//! code or name holds the text (ten at most, by code), or — to show a draft's choices — the
//! records with the given ids. Products carry today's list price, customers their permit's
//! last day.

use super::db::today;
use super::store::{customers, prices, products};
use super::{AppState, SessionUser};
use crate::domain::order_line::{Pick, PickKind};
use crate::domain::Action;
use crate::error::AppError;

const SHOWN: usize = 10;

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
    let mut out = Vec::new();
    match kind {
        PickKind::Customer => {
            let found = if ids.is_empty() {
                customers::list(&mut conn, q, None, 3 * SHOWN as i64).await?.into_iter().filter(|c| c.active).collect()
            } else {
                let mut v = Vec::new();
                for id in ids {
                    v.extend(customers::get(&mut conn, *id).await?);
                }
                v
            };
            for c in found.into_iter().take(SHOWN) {
                out.push(Pick {
                    id: c.id,
                    label: format!("{} {}", c.code, c.name),
                    permit_valid_until: c.hazardous_permit_no.as_ref().and(c.hazardous_permit_valid_until.clone()),
                    ..Default::default()
                });
            }
        }
        PickKind::Product => {
            let found = if ids.is_empty() {
                products::list(&mut conn, q, None, 3 * SHOWN as i64).await?.into_iter().filter(|p| p.active).collect()
            } else {
                let mut v = Vec::new();
                for id in ids {
                    v.extend(products::get(&mut conn, *id).await?);
                }
                v
            };
            let day = today().format("%Y-%m-%d").to_string();
            for p in found.into_iter().take(SHOWN) {
                let price = prices::valid_on(&mut conn, p.id, &day).await?.map(|x| x.unit_price_fen);
                out.push(Pick {
                    id: p.id,
                    label: format!("{} {}", p.code, p.name),
                    list_price_fen: price,
                    hazardous: p.hazardous,
                    unit: p.unit,
                    permit_valid_until: None,
                });
            }
        }
    }
    Ok(out)
}
