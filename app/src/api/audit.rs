//! Reading the audit trail.

use crate::domain::audit::AuditEntry;
use crate::domain::Page;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;

#[server(input = Postcard, output = Postcard)]
pub async fn list_audit(entity: String, cursor: Option<String>) -> Result<Page<AuditEntry>, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::trail::list(&state, &user, &entity, cursor.as_deref(), Some(50)).await
    })
    .await
}
