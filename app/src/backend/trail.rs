//! The audit-trail reading service (writing is `audit::append`, inside each change).

use super::store::{trail, Page};
use super::{page_limit, AppState, SessionUser};
use crate::domain::audit::AuditEntry;
use crate::domain::Action;
use crate::error::AppError;

pub async fn list(
    state: &AppState,
    user: &SessionUser,
    entity: &str,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<AuditEntry>, AppError> {
    user.require(Action::ReadAudit)?;
    let limit = page_limit(limit)?;
    let cursor = match cursor {
        None | Some("") => None,
        Some(c) => Some(c.parse::<i64>().map_err(|_| AppError::validation("cursor", "validation.cursor"))?),
    };
    let mut conn = state.db.read.acquire().await?;
    let rows = trail::list(&mut conn, entity, cursor, limit + 1).await?;
    Ok(Page::from_rows(rows, limit, |e| e.seq.to_string()))
}
