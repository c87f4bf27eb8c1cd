//! Service desk server functions: inquiries, liaison forms, complaints, service tickets and
//! the service board.

use crate::domain::batch::NonconformityInput;
use crate::domain::complaint::{Complaint, ComplaintInput, RecallInput, StepInput};
use crate::domain::inquiry::{AnswerInput, Inquiry, InquiryInput};
use crate::domain::liaison::{Liaison, LiaisonInput, LiaisonStepInput};
use crate::domain::service::DeskQuery;
use crate::domain::service_board::ServiceBoard;
use crate::domain::ticket::{Ticket, TicketInput, TicketStepInput};
use crate::domain::Page;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;

#[server(input = Postcard, output = Postcard)]
pub async fn list_inquiries(query: DeskQuery) -> Result<Page<Inquiry>, AppError> {
    super::ctx::run(|state, user| async move {
        let query = DeskQuery { limit: Some(25), ..query };
        crate::backend::inquiries::list(&state, &user, &query).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn get_inquiry(id: i64) -> Result<Inquiry, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::inquiries::get(&state, &user, id).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn record_inquiry(input: InquiryInput) -> Result<Inquiry, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::inquiries::create(&state, &user, &input).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn answer_inquiry(id: i64, input: AnswerInput) -> Result<Inquiry, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::inquiries::answer(&state, &user, id, &input).await })
        .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn list_complaints(query: DeskQuery) -> Result<Page<Complaint>, AppError> {
    super::ctx::run(|state, user| async move {
        let query = DeskQuery { limit: Some(25), ..query };
        crate::backend::complaints::list(&state, &user, &query).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn get_complaint(id: i64) -> Result<Complaint, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::complaints::get(&state, &user, id).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn register_complaint(input: ComplaintInput) -> Result<Complaint, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::complaints::create(&state, &user, &input).await }).await
}

/// One 8D step by its key (`containment`, `root_cause`, `action`, `verify`, `close`).
#[server(input = Postcard, output = Postcard)]
pub async fn complaint_step(id: i64, step: String, input: StepInput) -> Result<Complaint, AppError> {
    super::ctx::run(|state, user| async move {
        let step = crate::domain::complaint::Step::parse(&step).ok_or(AppError::NotFound)?;
        crate::backend::complaints::step(&state, &user, id, step, &input).await
    })
    .await
}

/// Quality records the complaint's batch as nonconforming.
#[server(input = Postcard, output = Postcard)]
pub async fn complaint_nonconformity(id: i64, input: NonconformityInput) -> Result<Complaint, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::complaints::open_nonconformity(&state, &user, id, &input).await
    })
    .await
}

/// Quality starts the recall of the complaint's batch.
#[server(input = Postcard, output = Postcard)]
pub async fn complaint_recall(id: i64, input: RecallInput) -> Result<Complaint, AppError> {
    super::ctx::run(
        |state, user| async move { crate::backend::complaints::start_recall(&state, &user, id, &input).await },
    )
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn list_tickets(query: DeskQuery) -> Result<Page<Ticket>, AppError> {
    super::ctx::run(|state, user| async move {
        let query = DeskQuery { limit: Some(25), ..query };
        crate::backend::tickets::list(&state, &user, &query).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn get_ticket(id: i64) -> Result<Ticket, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::tickets::get(&state, &user, id).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn record_ticket(input: TicketInput) -> Result<Ticket, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::tickets::create(&state, &user, &input).await }).await
}

/// One step by its key (`respond`, `wait`, `resume`, `resolve`, `confirm`).
#[server(input = Postcard, output = Postcard)]
pub async fn ticket_step(id: i64, step: String, input: TicketStepInput) -> Result<Ticket, AppError> {
    super::ctx::run(|state, user| async move {
        let step = crate::domain::ticket::Step::parse(&step).ok_or(AppError::NotFound)?;
        crate::backend::tickets::step(&state, &user, id, step, &input).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn list_liaison(query: DeskQuery) -> Result<Page<Liaison>, AppError> {
    super::ctx::run(|state, user| async move {
        let query = DeskQuery { limit: Some(25), ..query };
        crate::backend::liaison::list(&state, &user, &query).await
    })
    .await
}

/// The form and the steps the signed-in user may take on it.
#[server(input = Postcard, output = Postcard)]
pub async fn get_liaison(id: i64) -> Result<(Liaison, Vec<String>), AppError> {
    super::ctx::run(|state, user| async move { crate::backend::liaison::get_for(&state, &user, id).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn record_liaison(input: LiaisonInput) -> Result<Liaison, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::liaison::create(&state, &user, &input).await }).await
}

/// One step by its key (`route`, `acknowledge`, `analysis`, `measure`, `verify`, `close`).
#[server(input = Postcard, output = Postcard)]
pub async fn liaison_step(id: i64, step: String, input: LiaisonStepInput) -> Result<Liaison, AppError> {
    super::ctx::run(|state, user| async move {
        let step = crate::domain::liaison::Step::parse(&step).ok_or(AppError::NotFound)?;
        crate::backend::liaison::step(&state, &user, id, step, &input).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn load_service_board() -> Result<ServiceBoard, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::service_board::service_board(&state, &user).await })
        .await
}
