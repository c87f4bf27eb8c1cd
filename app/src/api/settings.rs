//! Settings server functions (admin): the company calendar, the service tickets' limits and
//! the departments' members.

use crate::domain::calendar::CalendarInput;
use crate::domain::department::{AssignmentInput, DepartmentMembers};
use crate::domain::ticket::TicketLimits;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;

#[server(input = Postcard, output = Postcard)]
pub async fn get_calendar() -> Result<CalendarInput, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::calendar::get(&state, &user).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn save_calendar(input: CalendarInput) -> Result<CalendarInput, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::calendar::put(&state, &user, &input).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn get_ticket_limits() -> Result<TicketLimits, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::tickets::get_limits(&state, &user).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn save_ticket_limits(input: TicketLimits) -> Result<TicketLimits, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::tickets::put_limits(&state, &user, &input).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn list_departments() -> Result<Vec<DepartmentMembers>, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::departments::list(&state, &user).await }).await
}

/// Replaces the people the admin assigned to `department`.
#[server(input = Postcard, output = Postcard)]
pub async fn assign_department(department: String, input: AssignmentInput) -> Result<Vec<DepartmentMembers>, AppError> {
    super::ctx::run(|state, user| async move {
        let d = crate::domain::service::Department::parse(&department)
            .ok_or_else(|| AppError::validation("department", "validation.department"))?;
        crate::backend::departments::assign(&state, &user, d, &input).await
    })
    .await
}
