//! `GET /api/v1/events`: Server-Sent Events telling live pages what changed.

use super::Caller;
use app::backend::AppState;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::stream::Stream;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

pub async fn stream(
    State(state): State<AppState>,
    _caller: Caller,
) -> Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>> {
    let open = app::backend::metrics::StreamGuard::open(state.metrics.clone());
    let events = BroadcastStream::new(state.events.subscribe()).filter_map(move |e| {
        let _counted = &open;
        let e = e.ok()?;
        Some(Ok(Event::default()
            .event(e.kind.clone())
            .data(serde_json::json!({"kind": e.kind, "id": e.id}).to_string())))
    });
    Sse::new(events).keep_alive(KeepAlive::default())
}
