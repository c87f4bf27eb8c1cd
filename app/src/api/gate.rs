//! Release gate server functions: batches, inspections, stock-in, nonconformities,
//! emergency releases, trace and recalls.

use crate::domain::batch::{
    Batch, BatchFilter, BatchInput, BatchSummary, BatchTrace, EmergencyRelease, EmergencyReleaseInput, InspectionInput,
    Nonconformity, NonconformityInput, Recall, ReturnInput,
};
use crate::domain::Page;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;

#[server(input = Postcard, output = Postcard)]
pub async fn list_batches(filter: BatchFilter, cursor: Option<String>) -> Result<Page<BatchSummary>, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::batches::list(&state, &user, &filter, cursor.as_deref(), Some(25)).await
    })
    .await
}

#[server(input = Postcard)]
pub async fn get_batch(id: i64) -> Result<Batch, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::batches::get(&state, &user, id).await }).await
}

#[server(input = Postcard)]
pub async fn create_batch(input: BatchInput) -> Result<Batch, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::batches::create(&state, &user, &input).await }).await
}

#[server(input = Postcard)]
pub async fn inspect_batch(id: i64, input: InspectionInput) -> Result<Batch, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::batches::inspect(&state, &user, id, &input).await })
        .await
}

#[server(input = Postcard)]
pub async fn accept_batch(id: i64, reason: String, version: Option<i64>) -> Result<Batch, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::batches::accept_out_of_spec(&state, &user, id, &reason, version).await
    })
    .await
}

#[server(input = Postcard)]
pub async fn stock_in_batch(id: i64, certificate_no: String, version: Option<i64>) -> Result<Batch, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::batches::stock_in(&state, &user, id, Some(&certificate_no), version).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn record_nonconformity(batch_id: i64, input: NonconformityInput) -> Result<Nonconformity, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::batches::record_nonconformity(&state, &user, batch_id, &input).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn close_nonconformity(id: i64, result: String) -> Result<Nonconformity, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::batches::close_nonconformity(&state, &user, id, &result, None).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn list_nonconformities() -> Result<Vec<Nonconformity>, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::batches::nonconformities(&state, &user).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn trace_batch(id: i64) -> Result<BatchTrace, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::batches::trace(&state, &user, id).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn request_release(input: EmergencyReleaseInput) -> Result<EmergencyRelease, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::releases::request(&state, &user, &input).await }).await
}

/// Answers only whether it was done (see `orders::order_step`).
#[server(input = Postcard, output = Postcard)]
pub async fn decide_release(id: i64, approve: bool, reason: Option<String>) -> Result<(), AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::releases::decide(&state, &user, id, approve, reason.as_deref()).await.map(drop)
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn list_recalls() -> Result<Vec<Recall>, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::recalls::list(&state, &user, false).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn record_recall_return(id: i64, input: ReturnInput) -> Result<Recall, AppError> {
    super::ctx::run(
        |state, user| async move { crate::backend::recalls::record_return(&state, &user, id, &input).await },
    )
    .await
}

/// A batch's page: the batch, and its trace for those who may see it (one request, so the
/// page hydrates from one resource).
#[server(input = Postcard)]
pub async fn batch_screen(id: i64) -> Result<(Batch, Option<BatchTrace>), AppError> {
    super::ctx::run(|state, user| async move {
        let batch = crate::backend::batches::get(&state, &user, id).await?;
        let trace = if crate::domain::can(&user.me.roles, crate::domain::Action::TraceBatches) {
            Some(crate::backend::batches::trace(&state, &user, id).await?)
        } else {
            None
        };
        Ok((batch, trace))
    })
    .await
}
