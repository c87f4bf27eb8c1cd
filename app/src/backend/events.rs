//! Live-page events across processes: on PostgreSQL every process `LISTEN`s on one channel
//! and forwards what arrives to its own Server-Sent Events subscribers. A subscriber hears
//! only what its user may (a driver: their own notes) and only while its session holds.

use super::db::now_ms;
use super::store::sessions;
use super::{AppState, Event, SessionUser};
use crate::domain::role::hears_event;
use std::time::Duration;
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;

pub const CHANNEL: &str = "app_events";

/// How often an open stream checks its session by default (`AppState::stream_recheck`).
pub const RECHECK: Duration = Duration::from_secs(60);

/// One open live stream: the session it was opened with, who that is, and the events.
pub struct Subscription {
    state: AppState,
    token_hash: String,
    user: SessionUser,
    events: broadcast::Receiver<Event>,
    recheck: tokio::time::Interval,
}

impl Subscription {
    /// Subscribes for the user behind the session `token` (already checked by the request).
    pub fn open(state: &AppState, token: &str, user: SessionUser) -> Subscription {
        let period = state.stream_recheck.max(Duration::from_millis(10));
        let mut recheck = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        recheck.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        Subscription {
            state: state.clone(),
            token_hash: super::auth::token_hash(token),
            user,
            events: state.events.subscribe(),
            recheck,
        }
    }

    /// The next event this subscriber may hear, or `None` once the stream must end: the
    /// session was signed out, expired or went idle, the user was disabled, or the server
    /// stops. A driver hears only the events of notes assigned to them; the filter compares
    /// names carried by the event, so no event costs a query.
    pub async fn next(&mut self) -> Option<Event> {
        loop {
            tokio::select! {
                _ = self.recheck.tick() => {
                    if !self.still_live().await {
                        return None;
                    }
                }
                got = self.events.recv() => match got {
                    Ok(e) if hears_event(&self.user.me.roles, self.user.username(), e.driver.as_deref()) => return Some(e),
                    Ok(_) | Err(RecvError::Lagged(_)) => {}
                    Err(RecvError::Closed) => return None,
                },
            }
        }
    }

    /// Whether the session still holds, read without restarting its idle clock (an open
    /// stream alone does not keep a session alive); picks up changed roles. A failed read
    /// ends the stream: the browser reconnects and is checked afresh.
    async fn still_live(&mut self) -> bool {
        let now = now_ms();
        let row = match self.state.db.read.acquire().await {
            Ok(mut conn) => sessions::user_of(&mut conn, &self.token_hash, now, now - self.state.session_idle_ms).await,
            Err(e) => Err(e),
        };
        match row {
            Ok(Some(row)) if row.user_id == self.user.user_id => {
                self.user.me.roles = row.roles;
                true
            }
            Ok(_) => false,
            Err(e) => {
                tracing::warn!("live stream: session check failed: {e}");
                false
            }
        }
    }
}

/// Listens for events from every process sharing the PostgreSQL database, reconnecting
/// after a lost connection.
pub fn listen(database_url: String, local: broadcast::Sender<Event>) {
    tokio::spawn(async move {
        loop {
            match sqlx::postgres::PgListener::connect(&database_url).await {
                Ok(mut listener) => {
                    if let Err(e) = listener.listen(CHANNEL).await {
                        tracing::warn!("LISTEN failed: {e}");
                    } else {
                        loop {
                            match listener.recv().await {
                                Ok(n) => {
                                    if let Ok(event) = serde_json::from_str::<Event>(n.payload()) {
                                        let _ = local.send(event);
                                    }
                                }
                                Err(e) => {
                                    tracing::warn!("event listener lost its connection: {e}");
                                    break;
                                }
                            }
                        }
                    }
                }
                Err(e) => tracing::warn!("event listener cannot connect: {e}"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        }
    });
}
