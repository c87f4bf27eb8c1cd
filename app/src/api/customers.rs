//! Customer server functions.

use crate::domain::customer::{Customer, CustomerInput};
use crate::domain::Page;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;

#[server(input = Postcard, output = Postcard)]
pub async fn list_customers(q: String, cursor: Option<String>) -> Result<Page<Customer>, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::customers::list(&state, &user, &q, cursor.as_deref(), Some(20)).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn get_customer(id: i64) -> Result<Customer, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::customers::get(&state, &user, id).await }).await
}

/// Creates (`id` = None) or updates a customer.
#[server(input = Postcard, output = Postcard)]
pub async fn save_customer(id: Option<i64>, input: CustomerInput) -> Result<Customer, AppError> {
    super::ctx::run(|state, user| async move {
        match id {
            None => crate::backend::customers::create(&state, &user, &input).await,
            Some(id) => crate::backend::customers::update(&state, &user, id, &input).await,
        }
    })
    .await
}

/// Deactivates (`active` = false) or reactivates a customer, with a reason.
#[server(input = Postcard, output = Postcard)]
pub async fn set_customer_active(
    id: i64,
    active: bool,
    change: crate::domain::fields::StatusChange,
) -> Result<Customer, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::status::set_active::<Customer>(&state, &user, id, active, &change).await
    })
    .await
}
