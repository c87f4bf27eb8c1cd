//! Signing in and out, and who is signed in.

use crate::domain::user::Me;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;

/// The signed-in user, if any.
#[server(output = Postcard)]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    use super::ctx;
    Ok(ctx::parts()?.extensions.get::<crate::backend::SessionUser>().map(|u| u.me.clone()))
}

#[server(output = Postcard)]
pub async fn sign_in(username: String, password: String) -> Result<Me, AppError> {
    use super::ctx;
    use crate::backend::auth;
    let state = ctx::state()?;
    let parts = ctx::parts()?;
    let ip = parts.extensions.get::<crate::backend::ClientIp>().map(|c| c.0.clone()).unwrap_or_default();
    let (user, token) = ctx::respond(auth::sign_in(&state, &username, &password, &ip).await)?;
    let response = expect_context::<leptos_axum::ResponseOptions>();
    if let Ok(value) = http::HeaderValue::from_str(&auth::session_cookie(&token, state.secure_cookies)) {
        response.append_header(http::header::SET_COOKIE, value);
    }
    Ok(user.me)
}

#[server(output = Postcard)]
pub async fn sign_out() -> Result<(), AppError> {
    use super::ctx;
    use crate::backend::auth;
    let state = ctx::state()?;
    let parts = ctx::parts()?;
    let cookies = parts.headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if let Some(token) = auth::cookie_value(cookies, auth::session_cookie_name(state.secure_cookies)) {
        auth::sign_out(&state.db, token).await?;
    }
    let response = expect_context::<leptos_axum::ResponseOptions>();
    if let Ok(value) = http::HeaderValue::from_str(&auth::clear_cookie(state.secure_cookies)) {
        response.append_header(http::header::SET_COOKIE, value);
    }
    Ok(())
}
