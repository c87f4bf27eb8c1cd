//! The WebAssembly entry point: fetches the page's language (the browser's code carries no
//! texts, see `app::i18n`), hydrates the server-rendered page, then marks the body
//! `data-hydrated` (browser tests wait for it; CSS could too). Desk pages are lazy routes
//! (their code arrives in its own chunk), so hydration first waits for the current page's
//! chunk, which the server already asked the browser to preload.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) else { return };
        app::i18n::load().await;
        let owner = leptos::mount::hydrate_from_async(body.clone(), app::App).await;
        owner.forget();
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
