//! A signature drawn on a canvas with finger, pen or mouse (pointer events). The drawing
//! becomes a PNG data URL in `value`; clearing empties it.

use crate::i18n::use_i18n;
use leptos::html::Canvas;
use leptos::prelude::*;

#[component]
pub fn SignaturePad(
    /// Translation key of the label.
    label: &'static str,
    /// The field name the server names in its errors; also the canvas id.
    name: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    let i = use_i18n();
    let canvas = NodeRef::<Canvas>::new();
    let drawing = StoredValue::new(false);
    let strokes = StoredValue::new(0u32);
    #[cfg(feature = "hydrate")]
    let context = move || -> Option<(web_sys::HtmlCanvasElement, web_sys::CanvasRenderingContext2d)> {
        use wasm_bindgen::JsCast;
        let el = canvas.get_untracked()?;
        let ctx = el.get_context("2d").ok()??.dyn_into::<web_sys::CanvasRenderingContext2d>().ok()?;
        Some((el, ctx))
    };
    #[cfg(feature = "hydrate")]
    let point = move |el: &web_sys::HtmlCanvasElement, x: i32, y: i32| {
        let r = el.get_bounding_client_rect();
        let sx = el.width() as f64 / r.width().max(1.0);
        let sy = el.height() as f64 / r.height().max(1.0);
        ((x as f64 - r.left()) * sx, (y as f64 - r.top()) * sy)
    };
    let clear = move || {
        #[cfg(feature = "hydrate")]
        if let Some((el, ctx)) = context() {
            ctx.set_fill_style_str("#fff");
            ctx.fill_rect(0.0, 0.0, el.width() as f64, el.height() as f64);
        }
        strokes.set_value(0);
        value.set(String::new());
    };
    Effect::new(move |_| {
        if canvas.get().is_some() {
            clear();
        }
    });
    let down = move |ev: leptos::ev::PointerEvent| {
        ev.prevent_default();
        drawing.set_value(true);
        #[cfg(feature = "hydrate")]
        if let Some((el, ctx)) = context() {
            let _ = el.set_pointer_capture(ev.pointer_id());
            let (x, y) = point(&el, ev.client_x(), ev.client_y());
            ctx.set_line_width(3.0);
            ctx.set_line_cap("round");
            ctx.set_stroke_style_str("#111");
            ctx.begin_path();
            ctx.move_to(x, y);
        }
    };
    let moved = move |ev: leptos::ev::PointerEvent| {
        if !drawing.get_value() {
            return;
        }
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        if let Some((el, ctx)) = context() {
            let (x, y) = point(&el, ev.client_x(), ev.client_y());
            ctx.line_to(x, y);
            ctx.stroke();
            strokes.update_value(|s| *s += 1);
        }
    };
    let up = move |_ev: leptos::ev::PointerEvent| {
        if !drawing.get_value() {
            return;
        }
        drawing.set_value(false);
        #[cfg(feature = "hydrate")]
        if strokes.get_value() >= 3 {
            if let Some((el, _)) = context() {
                if let Ok(url) = el.to_data_url() {
                    value.set(url);
                }
            }
        }
    };
    let id = format!("sig-{name}");
    view! {
        <div class="field signature">
            <label for=id.clone()>{i.t(label)}" *"</label>
            <canvas id=id node_ref=canvas width="600" height="200" role="img" aria-label=i.t(label)
                on:pointerdown=down on:pointermove=moved on:pointerup=up on:pointercancel=up on:pointerleave=up></canvas>
            <button type="button" on:click=move |_| clear()>{i.t("driver.clear_signature")}</button>
            <span class="hint">{move || if value.get().is_empty() { i.t("signature.empty") } else { i.t("signature.done") }}</span>
        </div>
    }
}
