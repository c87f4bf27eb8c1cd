//! Server functions: the UI's calls to the server. Each is a few lines — who is calling,
//! the service call, the result — and runs the same services (and permission checks) as the
//! JSON API under `/api/v1`.

pub mod audit;
pub mod customers;
pub mod delivery;
pub mod documents;
pub mod gate;
pub mod orders;
pub mod prices;
pub mod products;
pub mod satisfaction;
pub mod service;
pub mod session;
pub mod settings;
pub mod users;

/// How a page's data crosses from server to browser: postcard, a compact encoding without field
/// names. The browser then carries no JSON field-matching code for each record type; that code
/// was the largest single part of its WebAssembly (serde_json: 17 % of the code). Server
/// functions answer in it too (`output = Postcard`), except the few whose records flatten
/// another (a batch, the quarterly analysis), which postcard cannot encode; those stay JSON.
pub type Codec = codee::binary::PostcardCodec;

/// A resource hydrated from postcard (see [`Codec`]); otherwise `Resource::new`.
#[track_caller]
pub fn resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> leptos::prelude::Resource<T, Codec>
where
    S: Send + Sync + Clone + PartialEq + 'static,
    T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    leptos::prelude::Resource::new_with_options(source, fetcher, false)
}

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
        parts()?.extensions.get::<SessionUser>().cloned().ok_or(AppError::Unauthenticated)
    }

    /// Gives an error its HTTP status (422, 409, …) instead of the default 500, so the
    /// network log tells the truth about what happened.
    pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if let Err(e) = &result {
            set_status(e);
        }
        result
    }

    /// Sets the status of the answer under way to the error's (when there is one under way).
    pub fn set_status(e: &AppError) {
        if let (Some(options), Ok(status)) =
            (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(e.status()))
        {
            options.set_status(status);
        }
    }

    /// Runs a server function's body for the signed-in caller; errors get their status.
    pub async fn run<T, F, Fut>(body: F) -> Result<T, AppError>
    where
        F: FnOnce(AppState, SessionUser) -> Fut,
        Fut: std::future::Future<Output = Result<T, AppError>>,
    {
        let result = match caller() {
            Ok((state, user)) => body(state, user).await,
            Err(e) => Err(e),
        };
        respond(result)
    }

    /// The state and the signed-in user.
    pub fn caller() -> Result<(AppState, SessionUser), AppError> {
        Ok((state()?, user()?))
    }
}
