//! The one error type the whole product speaks: domain rules, services, server functions and
//! the JSON API all return `AppError`. Every variant means something to a user and carries a
//! translation key (see `i18n`), never an internal detail.

use serde::{Deserialize, Serialize};

/// A translatable message: a key from `i18n::messages` plus named arguments (`{code}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Msg {
    pub key: String,
    /// Always written (even empty): the compact encoding the browser reads has no field names,
    /// so a field cannot be left out.
    #[serde(default)]
    pub args: Vec<(String, String)>,
}

impl Msg {
    pub fn new(key: &str) -> Self {
        Msg { key: key.to_string(), args: Vec::new() }
    }
    pub fn arg(mut self, name: &str, value: impl ToString) -> Self {
        self.args.push((name.to_string(), value.to_string()));
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// 400: the request itself is malformed (not JSON, wrong content type, bad query).
    #[error("bad request: {0:?}")]
    BadRequest(Msg),
    /// 401: nobody is signed in.
    #[error("not signed in")]
    Unauthenticated,
    /// 403: signed in, but the roles do not allow it.
    #[error("forbidden")]
    Forbidden,
    /// 404: no such record, or one the caller may not see.
    #[error("not found")]
    NotFound,
    /// 409: wrong state, stale version, duplicate, or a business rule; the message says which.
    #[error("conflict: {0:?}")]
    Conflict(Msg),
    /// 409: a value that must be unique is already taken (the field is named).
    #[error("duplicate {field}")]
    Duplicate { field: String, msg: Msg },
    /// 413: the body is larger than the server accepts.
    #[error("payload too large")]
    TooLarge,
    /// 422: a field's value is invalid.
    #[error("invalid {field}: {msg:?}")]
    Validation { field: String, msg: Msg },
    /// 429: too many attempts.
    #[error("rate limited")]
    RateLimited,
    /// 500: something broke on our side; details are in the server log only.
    #[error("internal error")]
    Internal,
    /// 410: a customer's link whose time is up (a survey after its half year, a confirmation
    /// or SDS link after its days).
    #[error("gone: {0:?}")]
    Gone(Msg),
}

impl AppError {
    pub fn validation(field: &str, key: &str) -> Self {
        AppError::Validation { field: field.to_string(), msg: Msg::new(key) }
    }
    pub fn conflict(key: &str) -> Self {
        AppError::Conflict(Msg::new(key))
    }
    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest(_) => 400,
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Conflict(_) | AppError::Duplicate { .. } => 409,
            AppError::TooLarge => 413,
            AppError::Validation { .. } => 422,
            AppError::RateLimited => 429,
            AppError::Internal => 500,
            AppError::Gone(_) => 410,
        }
    }
    /// The stable machine-readable code of the API error shape.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest(_) => "bad_request",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Conflict(_) => "conflict",
            AppError::Duplicate { .. } => "duplicate",
            AppError::TooLarge => "payload_too_large",
            AppError::Validation { .. } => "validation",
            AppError::RateLimited => "rate_limited",
            AppError::Internal => "internal",
            AppError::Gone(_) => "gone",
        }
    }
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Validation { field, .. } | AppError::Duplicate { field, .. } => Some(field),
            _ => None,
        }
    }
    /// The message to show, as a translatable key with arguments.
    pub fn msg(&self) -> Msg {
        match self {
            AppError::BadRequest(m) | AppError::Conflict(m) | AppError::Gone(m) => m.clone(),
            AppError::Validation { msg, .. } | AppError::Duplicate { msg, .. } => msg.clone(),
            AppError::Unauthenticated => Msg::new("error.unauthenticated"),
            AppError::Forbidden => Msg::new("error.forbidden"),
            AppError::NotFound => Msg::new("error.not_found"),
            AppError::TooLarge => Msg::new("error.too_large"),
            AppError::RateLimited => Msg::new("error.rate_limited"),
            AppError::Internal => Msg::new("error.internal"),
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::PostcardEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        let err = match value {
            E::Request(_) | E::Response(_) => AppError::BadRequest(Msg::new("error.network")),
            E::Args(_) | E::MissingArg(_) | E::Deserialization(_) => {
                AppError::BadRequest(Msg::new("error.bad_request"))
            }
            _ => AppError::Internal,
        };
        // On the server, arguments that do not decode are the caller's mistake: 400, not the
        // 500 server functions answer with by default.
        #[cfg(feature = "ssr")]
        crate::api::ctx::set_status(&err);
        err
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    /// Database failures are ours, not the user's: logged in full, shown as "internal".
    fn from(err: sqlx::Error) -> Self {
        tracing::error!("database error: {err}");
        AppError::Internal
    }
}
