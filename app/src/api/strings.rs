//! The service desk's strings for the browser, sent with a service desk page (see
//! `lazy_service_pages!` in app.rs and `i18n::install_service_strings`).

use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;

/// `(key, text)` of every service desk string in `locale`.
#[server]
pub async fn service_strings(locale: Locale) -> Result<Vec<(String, String)>, AppError> {
    Ok(crate::i18n::service_entries(locale))
}
