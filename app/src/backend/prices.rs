//! The price-list service. A new price may follow an open-ended one, which it then closes;
//! any other overlap of validity periods for the same product is refused (409).

use super::audit::{self, snapshot, Change};
use super::db::now_ms;
use super::store::{prices, products, Page};
use super::{page_limit, AppState, SessionUser};
use crate::domain::price::{succession, Period, Price, PriceInput, Succession};
use crate::domain::{fields, Action};
use crate::error::{AppError, Msg};

pub async fn list(
    state: &AppState,
    user: &SessionUser,
    product_id: Option<i64>,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<Price>, AppError> {
    user.require(Action::ReadMasterData)?;
    let limit = page_limit(limit)?;
    let cursor = match cursor {
        None | Some("") => 0,
        Some(c) => c.parse().map_err(|_| AppError::validation("cursor", "validation.cursor"))?,
    };
    let mut conn = state.db.read.acquire().await?;
    let rows = prices::list(&mut conn, product_id, cursor, limit + 1).await?;
    Ok(Page::from_rows(rows, limit, |p| p.id.to_string()))
}

pub async fn get(state: &AppState, user: &SessionUser, id: i64) -> Result<Price, AppError> {
    user.require(Action::ReadMasterData)?;
    let mut conn = state.db.read.acquire().await?;
    prices::get(&mut conn, id).await?.ok_or(AppError::NotFound)
}

fn period_of(p: &Price) -> Result<Period, AppError> {
    Ok(Period {
        from: fields::date("valid_from", &p.valid_from)?,
        to: fields::optional_date("valid_to", p.valid_to.as_deref())?,
    })
}

pub async fn create(state: &AppState, user: &SessionUser, input: &PriceInput) -> Result<Price, AppError> {
    user.require(Action::WritePrices)?;
    let valid = input.validate()?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    if products::get(&mut tx, valid.product_id).await?.is_none() {
        return Err(AppError::validation("product_id", "validation.product_unknown"));
    }
    for existing in prices::of_product(&mut tx, valid.product_id).await? {
        match succession(&period_of(&existing)?, &valid.period) {
            Succession::Unaffected => {}
            Succession::EndsOn(day) => {
                let day = day.format("%Y-%m-%d").to_string();
                prices::close(&mut tx, existing.id, &day, now).await?;
                let closed = prices::get(&mut tx, existing.id).await?;
                let change = Change {
                    actor: user.username(),
                    action: "close",
                    entity: "price",
                    entity_id: Some(existing.id),
                    before: snapshot(&existing),
                    after: closed.as_ref().and_then(snapshot),
                };
                audit::append(&mut tx, change).await?;
            }
            Succession::Conflicts => {
                return Err(AppError::Conflict(
                    Msg::new("conflict.price_overlap")
                        .arg("from", &existing.valid_from)
                        .arg("to", existing.valid_to.as_deref().unwrap_or("…")),
                ));
            }
        }
    }
    let id = prices::insert(&mut tx, &valid, user.username(), now).await?;
    let created = prices::get(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let change = Change {
        actor: user.username(),
        action: "create",
        entity: "price",
        entity_id: Some(id),
        before: None,
        after: snapshot(&created),
    };
    audit::append(&mut tx, change).await?;
    tx.commit().await?;
    state.publish("price", id);
    Ok(created)
}
