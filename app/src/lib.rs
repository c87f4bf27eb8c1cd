#![recursion_limit = "512"]
//! The application: shared domain rules, the UI (Leptos components and routes), server
//! functions, and — with the `ssr` feature — the server side (store, services, auth).

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod pages;

mod app;
#[cfg(feature = "ssr")]
pub use app::shell;
pub use app::App;
