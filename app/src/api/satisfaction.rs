//! Satisfaction and sales performance server functions: the trends dashboard, survey
//! periods, targets, corrective actions, and the per-rep performance report.

use crate::domain::performance::{PerformanceReport, SalesTargetInput};
use crate::domain::satisfaction::{
    CorrectiveAction, CorrectiveActionInput, PeriodInput, SatisfactionBoard, SurveyPeriod, Targets,
};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;

#[server(input = Postcard, output = Postcard)]
pub async fn satisfaction_dashboard() -> Result<SatisfactionBoard, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::satisfaction::dashboard(&state, &user).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn open_period(input: PeriodInput) -> Result<SurveyPeriod, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::satisfaction::open(&state, &user, &input).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn get_period(id: i64) -> Result<SurveyPeriod, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::satisfaction::get(&state, &user, id).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn close_period(id: i64, version: Option<i64>) -> Result<SurveyPeriod, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::satisfaction::close(&state, &user, id, version).await })
        .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn save_targets(targets: Targets) -> Result<Targets, AppError> {
    super::ctx::run(
        |state, user| async move { crate::backend::satisfaction::set_targets(&state, &user, &targets).await },
    )
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn list_actions() -> Result<Vec<CorrectiveAction>, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::satisfaction::actions(&state, &user).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn get_action(id: i64) -> Result<CorrectiveAction, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::satisfaction::action(&state, &user, id).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn update_action(id: i64, input: CorrectiveActionInput) -> Result<CorrectiveAction, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::satisfaction::update_action(&state, &user, id, &input).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn performance_board(year: Option<i32>, half: Option<u8>) -> Result<PerformanceReport, AppError> {
    super::ctx::run(|state, user| async move {
        let period = crate::backend::performance::period_or_current(year, half)?;
        crate::backend::performance::report(&state, &user, period).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn set_sales_target(input: SalesTargetInput) -> Result<PerformanceReport, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::performance::set_target(&state, &user, &input).await })
        .await
}
