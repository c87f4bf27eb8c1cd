//! Controlled documents, SDS distributions and customer training: server functions. A
//! revision's file is uploaded to the JSON API (`POST /api/v1/documents/{id}/revisions`), whose
//! body limit fits it; everything else goes through here.

use crate::domain::document::{Distribution, Document, DocumentInput};
use crate::domain::training::{CustomerHeld, Training, TrainingInput};
use crate::domain::Page;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;

#[server(input = Postcard, output = Postcard)]
pub async fn product_documents(product_id: i64) -> Result<Vec<Document>, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::documents::of_product(&state, &user, product_id).await })
        .await
}

/// The customer page's after-sales: the revisions the customer holds (one per document) and
/// its latest trainings, in one request.
#[server(input = Postcard, output = Postcard)]
pub async fn load_customer_held(customer_id: i64) -> Result<CustomerHeld, AppError> {
    super::ctx::run(|state, user| async move {
        let documents = crate::backend::documents::held_by(&state, &user, customer_id).await?;
        let trainings = crate::backend::trainings::list(&state, &user, Some(customer_id), None, Some(25)).await?.items;
        Ok(CustomerHeld { documents, trainings })
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn add_document(product_id: i64, input: DocumentInput) -> Result<Document, AppError> {
    super::ctx::run(
        |state, user| async move { crate::backend::documents::create(&state, &user, product_id, &input).await },
    )
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn list_distributions(
    status: Option<String>,
    cursor: Option<String>,
) -> Result<Page<Distribution>, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::sds::list(&state, &user, status.as_deref(), None, cursor.as_deref(), Some(25)).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn get_distribution(id: i64) -> Result<Distribution, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::sds::get(&state, &user, id).await }).await
}

/// `step`: `sent` or `acknowledged`.
#[server(input = Postcard, output = Postcard)]
pub async fn record_sds_step(
    id: i64,
    customer_id: i64,
    step: String,
    channel: String,
) -> Result<Distribution, AppError> {
    super::ctx::run(|state, user| async move {
        let step = crate::backend::sds::Step::parse(&step).ok_or(AppError::NotFound)?;
        crate::backend::sds::record_step(
            &state,
            &user,
            id,
            customer_id,
            step,
            &crate::domain::document::HandoverInput { channel },
        )
        .await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn list_trainings(customer_id: Option<i64>, cursor: Option<String>) -> Result<Page<Training>, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::trainings::list(&state, &user, customer_id, cursor.as_deref(), Some(25)).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn record_training(input: TrainingInput) -> Result<Training, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::trainings::create(&state, &user, &input).await }).await
}

/// The quarter's analysis (this quarter without `year` and `quarter`).
#[server(input = Postcard)]
pub async fn load_feedback(
    year: Option<i32>,
    quarter: Option<u32>,
) -> Result<crate::domain::feedback::FeedbackReport, AppError> {
    super::ctx::run(|state, user| async move {
        let q = match (year, quarter) {
            (Some(y), Some(q)) => Some(crate::domain::feedback::Quarter::new(y, q)?),
            _ => None,
        };
        crate::backend::feedback::get(&state, &user, q).await
    })
    .await
}

#[server(input = Postcard)]
pub async fn issue_feedback(year: i32, quarter: u32) -> Result<crate::domain::feedback::FeedbackReport, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::feedback::issue(&state, &user, &crate::domain::feedback::IssueInput { year, quarter }).await
    })
    .await
}

#[server(input = Postcard)]
pub async fn acknowledge_feedback(id: i64) -> Result<crate::domain::feedback::FeedbackReport, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::feedback::acknowledge(&state, &user, id).await }).await
}
