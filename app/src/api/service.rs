//! Service desk server functions: inquiries (more of the desk follows the same shape).

use crate::domain::inquiry::{AnswerInput, Inquiry, InquiryInput, InquiryQuery};
use crate::domain::Page;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(input = Json)]
pub async fn list_inquiries(query: InquiryQuery) -> Result<Page<Inquiry>, AppError> {
    super::ctx::run(|state, user| async move {
        let query = InquiryQuery { limit: Some(25), ..query };
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
