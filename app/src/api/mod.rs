//! Server functions: the UI's calls to the server. Each is a few lines — who is calling,
//! the service call, the result — and runs the same services (and permission checks) as the
//! JSON API under `/api/v1`.

pub mod audit;
pub mod customers;
pub mod prices;
pub mod products;
pub mod session;
pub mod users;

/// Request context for server functions (server side only).
#[cfg(feature = "ssr")]
pub mod ctx {
    use crate::backend::{AppState, SessionUser};
    use crate::error::AppError;
    use leptos::prelude::use_context;

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or(AppError::Internal)
    }

    pub fn parts() -> Result<http::request::Parts, AppError> {
        use_context::<http::request::Parts>().ok_or(AppError::Internal)
    }

    /// The signed-in user, or 401.
    pub fn user() -> Result<SessionUser, AppError> {
        parts()?
            .extensions
            .get::<SessionUser>()
            .cloned()
            .ok_or(AppError::Unauthenticated)
    }

    /// The state and the signed-in user.
    pub fn caller() -> Result<(AppState, SessionUser), AppError> {
        Ok((state()?, user()?))
    }
}
