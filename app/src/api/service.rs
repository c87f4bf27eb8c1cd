//! Service desk server functions: inquiries (more of the desk follows the same shape).

use crate::domain::complaint::{Complaint, ComplaintInput, StepInput};
use crate::domain::inquiry::{AnswerInput, Inquiry, InquiryInput};
use crate::domain::service::DeskQuery;
use crate::domain::Page;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(input = Json)]
pub async fn list_inquiries(query: DeskQuery) -> Result<Page<Inquiry>, AppError> {
    super::ctx::run(|state, user| async move {
        let query = DeskQuery { limit: Some(25), ..query };
        crate::backend::inquiries::list(&state, &user, &query).await
    })
    .await
}

#[server(input = Json)]
pub async fn get_inquiry(id: i64) -> Result<Inquiry, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::inquiries::get(&state, &user, id).await }).await
}

#[server(input = Json)]
pub async fn record_inquiry(input: InquiryInput) -> Result<Inquiry, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::inquiries::create(&state, &user, &input).await }).await
}

#[server(input = Json)]
pub async fn answer_inquiry(id: i64, input: AnswerInput) -> Result<Inquiry, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::inquiries::answer(&state, &user, id, &input).await })
        .await
}

#[server(input = Json)]
pub async fn list_complaints(query: DeskQuery) -> Result<Page<Complaint>, AppError> {
    super::ctx::run(|state, user| async move {
        let query = DeskQuery { limit: Some(25), ..query };
        crate::backend::complaints::list(&state, &user, &query).await
    })
    .await
}

#[server(input = Json)]
pub async fn get_complaint(id: i64) -> Result<Complaint, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::complaints::get(&state, &user, id).await }).await
}

#[server(input = Json)]
pub async fn register_complaint(input: ComplaintInput) -> Result<Complaint, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::complaints::create(&state, &user, &input).await }).await
}

/// One 8D step by its key (`containment`, `root_cause`, `action`, `verify`, `close`).
#[server(input = Json)]
pub async fn complaint_step(id: i64, step: String, input: StepInput) -> Result<Complaint, AppError> {
    super::ctx::run(|state, user| async move {
        let step = crate::domain::complaint::Step::parse(&step).ok_or(AppError::NotFound)?;
        crate::backend::complaints::step(&state, &user, id, step, &input).await
    })
    .await
}
