//! `GET /api/v1/events`: Server-Sent Events telling live pages what changed. The stream is
//! the caller's: it carries only what they may hear (a driver: their own notes) and ends when
//! their session does (checked every `AppState::stream_recheck`, a minute by default).

use super::{ApiErr, Caller};
use app::backend::auth;
use app::backend::events::Subscription;
use app::backend::AppState;
use app::error::AppError;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::stream::Stream;

pub async fn stream(
    State(state): State<AppState>,
    Caller(user): Caller,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>>, ApiErr> {
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let token = auth::cookie_value(cookies, auth::session_cookie_name(state.secure_cookies))
        .ok_or(ApiErr(AppError::Unauthenticated))?;
    let subscription = Subscription::open(&state, token, user);
    let open = app::backend::metrics::StreamGuard::open(state.metrics.clone());
    let events = futures::stream::unfold((subscription, open), |(mut subscription, open)| async move {
        let e = subscription.next().await?;
        let event =
            Event::default().event(e.kind.clone()).data(serde_json::json!({"kind": e.kind, "id": e.id}).to_string());
        Some((Ok(event), (subscription, open)))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}
