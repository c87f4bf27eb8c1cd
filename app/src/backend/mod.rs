//! The server side (compiled with the `ssr` feature only): the database, the audit trail,
//! authentication, one service per area, and demo data. A service opens the transaction,
//! loads, applies the domain rule, writes the change and its audit entry, commits, and then
//! publishes an event for live pages.

pub mod amendments;
pub mod approvals;
pub mod audit;
pub mod audit_anchor;
pub mod auth;
pub mod batches;
pub mod calendar;
pub mod complaints;
pub mod customers;
pub mod db;
pub mod deliveries;
pub mod delivery_notes;
pub mod departments;
pub mod desk;
pub mod documents;
pub mod events;
pub mod export;
pub mod feedback;
pub mod files;
pub mod files_gc;
pub mod idempotency;
pub mod inquiries;
pub mod ledger;
pub mod liaison;
pub mod links;
pub mod metrics;
pub mod orders;
pub mod performance;
pub mod picks;
pub mod prices;
pub mod products;
pub mod readiness;
pub mod recalls;
pub mod registers;
pub mod releases;
pub mod satisfaction;
pub mod sds;
pub mod security;
pub mod seed;
pub mod seed_documents;
pub mod seed_history;
pub mod seed_sales;
pub mod seed_service;
pub mod seed_surveys;
pub mod service_board;
pub mod status;
pub mod store;
pub mod throttle;
pub mod tickets;
pub mod trail;
pub mod trainings;
pub mod users;

use crate::domain::{can, user::Me, Action};
use crate::error::AppError;
use leptos::config::LeptosOptions;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

/// What changed, for live pages: `{"kind":"customer","id":7}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub kind: String,
    pub id: i64,
    /// The driver a delivery note's event concerns: the only driver whose stream carries it
    /// (`domain::role::hears_event`). Not sent to the browser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub driver: Option<String>,
}

/// Everything a request handler needs, shared by the Leptos routes, server functions and the
/// JSON API.
#[derive(Clone)]
pub struct AppState {
    pub db: db::Db,
    pub events: broadcast::Sender<Event>,
    pub leptos_options: LeptosOptions,
    /// Cookies get `Secure` and the `__Host-` prefix when the app is served over https.
    pub secure_cookies: bool,
    /// A session ends after this long without a request.
    pub session_idle_ms: i64,
    /// Reverse proxies whose `X-Forwarded-For` names the client; from anyone else the
    /// header is ignored and the peer's address counts.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The bearer token that `/metrics` on the main address asks for (none: not served there).
    pub metrics_token: Option<String>,
    /// Requests, live streams and jobs counted for `/metrics`.
    pub metrics: std::sync::Arc<metrics::Registry>,
    /// Signatures, photos and documents, as files named by their hash.
    pub files: files::FileStore,
    /// The secret customers' link tokens are derived from (`links`).
    pub link_secret: links::LinkSecret,
    /// How often an open live stream checks that its session still holds.
    pub stream_recheck: std::time::Duration,
}

impl AppState {
    pub fn new(db: db::Db, leptos_options: LeptosOptions, secure_cookies: bool) -> Self {
        let (events, _) = broadcast::channel(256);
        AppState {
            db,
            events,
            leptos_options,
            secure_cookies,
            session_idle_ms: auth::SESSION_IDLE_MS,
            trusted_proxies: Vec::new(),
            metrics_token: None,
            metrics: Default::default(),
            files: files::FileStore::new("data/files"),
            link_secret: links::LinkSecret::random(),
            stream_recheck: events::RECHECK,
        }
    }

    /// The client's address, trusting `X-Forwarded-For` only from a configured proxy.
    pub fn client_ip(&self, peer: Option<std::net::IpAddr>, forwarded_for: Option<&str>) -> String {
        security::client_ip(&self.trusted_proxies, peer, forwarded_for)
    }

    /// Tells live pages that a record changed (after its transaction committed). On
    /// PostgreSQL the event goes through `NOTIFY`, so the live pages of every `server`
    /// process behind the load balancer hear it (see `events::listen`); on SQLite there is
    /// one process and it goes straight to its subscribers.
    pub fn publish(&self, kind: &str, id: i64) {
        self.send(Event { kind: kind.to_string(), id, driver: None });
    }

    /// Tells live pages that a delivery note changed, and its assigned driver's stream too.
    pub fn publish_note(&self, id: i64, driver: Option<&str>) {
        self.send(Event { kind: "delivery_note".to_string(), id, driver: driver.map(str::to_string) });
    }

    fn send(&self, event: Event) {
        match self.db.backend {
            db::Backend::Sqlite => {
                let _ = self.events.send(event);
            }
            db::Backend::Postgres => {
                let (pool, local) = (self.db.write.clone(), self.events.clone());
                tokio::spawn(async move {
                    let payload = serde_json::to_string(&event).unwrap_or_default();
                    let sent = sqlx::query("SELECT pg_notify($1, $2)")
                        .bind(events::CHANNEL)
                        .bind(payload)
                        .execute(&pool)
                        .await;
                    if let Err(e) = sent {
                        tracing::warn!("NOTIFY failed, telling this process only: {e}");
                        let _ = local.send(event);
                    }
                });
            }
        }
    }
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The signed-in user behind a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    pub user_id: i64,
    pub me: Me,
}

impl SessionUser {
    pub fn username(&self) -> &str {
        &self.me.username
    }

    /// Refuses with 403 unless one of the user's roles allows the action.
    pub fn require(&self, action: Action) -> Result<(), AppError> {
        if can(&self.me.roles, action) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// Paging limits of API.md: default 50, at most 500.
pub fn page_limit(limit: Option<i64>) -> Result<i64, AppError> {
    match limit {
        None => Ok(50),
        Some(n) if (1..=500).contains(&n) => Ok(n),
        Some(_) => Err(AppError::validation("limit", "validation.limit")),
    }
}

/// The client's address, for throttling sign-ins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientIp(pub String);
