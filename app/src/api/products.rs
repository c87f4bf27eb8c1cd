//! Product server functions.

use crate::domain::product::{Product, ProductInput};
use crate::domain::Page;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;

#[server(input = Postcard, output = Postcard)]
pub async fn list_products(q: String, cursor: Option<String>) -> Result<Page<Product>, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::products::list(&state, &user, &q, cursor.as_deref(), Some(20)).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn get_product(id: i64) -> Result<Product, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::products::get(&state, &user, id).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn save_product(id: Option<i64>, input: ProductInput) -> Result<Product, AppError> {
    super::ctx::run(|state, user| async move {
        match id {
            None => crate::backend::products::create(&state, &user, &input).await,
            Some(id) => crate::backend::products::update(&state, &user, id, &input).await,
        }
    })
    .await
}

/// Deactivates (`active` = false) or reactivates a product, with a reason.
#[server(input = Postcard, output = Postcard)]
pub async fn set_product_active(
    id: i64,
    active: bool,
    change: crate::domain::fields::StatusChange,
) -> Result<Product, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::status::set_active::<Product>(&state, &user, id, active, &change).await
    })
    .await
}
