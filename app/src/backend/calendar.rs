//! The company calendar service: everyone reads it (time limits are counted on it); the
//! admin sets it, audited, with the version read.

use super::audit::{self, Change};
use super::db::now_ms;
use super::store::calendar as store;
use super::{AppState, SessionUser};
use crate::domain::calendar::{Calendar, CalendarInput};
use crate::domain::Action;
use crate::error::AppError;

/// The calendar in force, as stored, or the standard one.
pub async fn current(state: &AppState) -> Result<(Calendar, i64), AppError> {
    let mut conn = state.db.read.acquire().await?;
    match store::get(&mut conn).await? {
        None => Ok((Calendar::standard(), 0)),
        Some((body, version)) => {
            let input: CalendarInput = serde_json::from_str(&body).map_err(|e| {
                tracing::error!("stored calendar unreadable: {e}");
                AppError::Internal
            })?;
            Ok((input.validate()?, version))
        }
    }
}

/// `GET /api/v1/calendar`: any signed-in user.
pub async fn get(state: &AppState, _user: &SessionUser) -> Result<CalendarInput, AppError> {
    let (calendar, version) = current(state).await?;
    Ok(CalendarInput { version: Some(version), ..calendar.to_input() })
}

/// `PUT /api/v1/calendar`: the admin, with the version read (stale → 409).
pub async fn put(state: &AppState, user: &SessionUser, input: &CalendarInput) -> Result<CalendarInput, AppError> {
    user.require(Action::ManageCalendar)?;
    let version = input.version.ok_or_else(|| AppError::validation("version", "validation.required"))?;
    let calendar = input.validate()?;
    let body = serde_json::to_string(&calendar.to_input()).map_err(|_| AppError::Internal)?;
    let before = get(state, user).await?;
    let mut tx = state.db.begin().await?;
    if !store::put(&mut tx, &body, version, user.username(), now_ms()).await? {
        return Err(AppError::conflict("conflict.stale"));
    }
    let after = CalendarInput { version: Some(version + 1), ..calendar.to_input() };
    let change = Change {
        actor: user.username(),
        action: "update",
        entity: "calendar",
        entity_id: Some(1),
        before: audit::snapshot(&before),
        after: audit::snapshot(&after),
    };
    audit::append(&mut tx, change).await?;
    tx.commit().await?;
    state.publish("calendar", 1);
    Ok(after)
}
