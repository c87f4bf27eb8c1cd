//! Price-list server functions.

use crate::domain::price::{Price, PriceInput};
use crate::domain::Page;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;

#[server(input = Postcard, output = Postcard)]
pub async fn list_prices(product_id: Option<i64>, cursor: Option<String>) -> Result<Page<Price>, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::prices::list(&state, &user, product_id, cursor.as_deref(), Some(50)).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn create_price(input: PriceInput) -> Result<Price, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::prices::create(&state, &user, &input).await }).await
}
