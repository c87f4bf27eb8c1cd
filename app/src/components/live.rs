//! Live pages: a counter that goes up whenever the server reports a change of one of the
//! given kinds (Server-Sent Events from `/api/v1/events`). Resources that read it refetch,
//! so dashboards update without a reload. The browser reconnects by itself. The stream is
//! closed when the page goes away: a browser allows six connections to a host, and streams
//! left open by pages already left would starve every later request.

use leptos::prelude::*;

pub fn use_live(kinds: &'static [&'static str]) -> ReadSignal<u64> {
    let (tick, set_tick) = signal(0u64);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use futures::StreamExt;
        let Ok(mut source) = gloo_net::eventsource::futures::EventSource::new("/api/v1/events") else {
            return;
        };
        let streams: Vec<_> = kinds.iter().filter_map(|k| source.subscribe(*k).ok()).collect();
        let (stop, registration) = futures::future::AbortHandle::new_pair();
        let listen = async move {
            let mut all = futures::stream::select_all(streams);
            while let Some(event) = all.next().await {
                if event.is_ok() {
                    set_tick.update(|t| *t += 1);
                }
            }
        };
        leptos::task::spawn_local(async move {
            let _ = futures::future::Abortable::new(listen, registration).await;
            // dropping the source closes the connection
            drop(source);
        });
        on_cleanup(move || stop.abort());
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (kinds, set_tick);
    tick
}
