//! Live-page events across processes: on PostgreSQL every process `LISTEN`s on one channel
//! and forwards what arrives to its own Server-Sent Events subscribers.

use super::Event;
use tokio::sync::broadcast;

pub const CHANNEL: &str = "app_events";

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
