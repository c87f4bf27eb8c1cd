//! User administration server functions.

use crate::domain::user::{User, UserInput};
use crate::domain::Page;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;

#[server(input = Postcard, output = Postcard)]
pub async fn list_users(cursor: Option<String>) -> Result<Page<User>, AppError> {
    super::ctx::run(|state, user| async move {
        crate::backend::users::list(&state, &user, cursor.as_deref(), Some(100)).await
    })
    .await
}

#[server(input = Postcard, output = Postcard)]
pub async fn get_user(id: i64) -> Result<User, AppError> {
    super::ctx::run(|state, user| async move { crate::backend::users::get(&state, &user, id).await }).await
}

#[server(input = Postcard, output = Postcard)]
pub async fn save_user(id: Option<i64>, input: UserInput) -> Result<User, AppError> {
    super::ctx::run(|state, user| async move {
        match id {
            None => crate::backend::users::create(&state, &user, &input).await,
            Some(id) => crate::backend::users::update(&state, &user, id, &input).await,
        }
    })
    .await
}
