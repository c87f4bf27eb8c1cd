//! What the server-rendered pages beside the desk app share: the driver's phone pages, the
//! customer's link pages (survey) and the A4 print views. They are written with maud, whose
//! `html!` escapes every value it is given, so a customer called `<img onerror=…>` prints as
//! text; markup that is not escaped has to say so with `PreEscaped` (only the QR code's SVG
//! and the JSON of the driver's texts, both made here). Their one stylesheet is
//! `static/pages.css`, served at `/pages.css?v=<hash of the file>` and cached for a year.

use app::i18n::{t, Locale};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::LazyLock;

const CSS: &str = include_str!("../static/pages.css");

static CSS_HREF: LazyLock<String> = LazyLock::new(|| {
    let hash = hex::encode(Sha256::digest(CSS.as_bytes()));
    format!("/pages.css?v={}", &hash[..12])
});

/// `GET /pages.css`: public and unchanging under its versioned address.
pub async fn stylesheet() -> Response {
    let mut res = CSS.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    res
}

/// The `<head>` of every such page.
pub fn head(title: &str, description: Option<&str>) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            @if let Some(d) = description { meta name="description" content=(d); }
            meta name="theme-color" content="#14213d";
            link rel="icon" href="/favicon.svg" type="image/svg+xml";
            title { (title) }
            link rel="stylesheet" href=(CSS_HREF.as_str());
        }
    }
}

/// An HTML answer with this status.
pub fn respond(status: StatusCode, page: Markup) -> Response {
    (status, Html(page.into_string())).into_response()
}

/// An A4 print view.
pub fn print_page(locale: Locale, title: &str, body: Markup) -> Response {
    respond(
        StatusCode::OK,
        html! {
            (DOCTYPE)
            html lang=(locale.tag()) {
                (head(title, None))
                body.print { (body) }
            }
        },
    )
}

/// The company printed on documents: `COMPANY_NAME`, or the translated default.
pub fn company(locale: Locale) -> String {
    std::env::var("COMPANY_NAME").ok().filter(|c| !c.trim().is_empty()).unwrap_or_else(|| t(locale, "print.company"))
}

/// An SVG QR code of `text`. The text is drawn as modules, never written into the markup.
pub fn qr(text: &str, size: u32) -> Markup {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => PreEscaped(
            code.render::<qrcode::render::svg::Color>().min_dimensions(size, size).quiet_zone(true).build().replacen(
                "<svg ",
                "<svg role=\"img\" aria-label=\"QR\" ",
                1,
            ),
        ),
        Err(_) => html! {},
    }
}

/// A stored image's address, as the rows keep it: from the file store (or, in a database not
/// yet moved, a PNG data URL). Anything else is not shown.
pub fn image_src(src: &str) -> Option<&str> {
    (src.starts_with("/files/") || src.starts_with("data:image/png;base64,")).then_some(src)
}

/// `?lang=zh|en`, else the request's language.
pub fn locale_of(q: &HashMap<String, String>, request: Locale) -> Locale {
    q.get("lang").and_then(|l| Locale::parse(l)).unwrap_or(request)
}

/// JSON for a `<script type="application/json">` block: no `<` can end the element early.
pub fn json_block(value: &serde_json::Value) -> Markup {
    PreEscaped(value.to_string().replace('<', "\\u003c"))
}

/// The document revisions that go with a delivery (print view and driver's page): kind, title
/// and revision, each a link to its file; a new SDS the customer has not been sent is marked.
pub fn note_documents(locale: Locale, documents: &[app::domain::document::NoteDocument]) -> Markup {
    html! {
        @if !documents.is_empty() {
            section.documents {
                h2 { (t(locale, "doc.with_goods")) }
                ul {
                    @for d in documents {
                        li {
                            (t(locale, &format!("doc.kind.{}", d.kind.key()))) " · "
                            a href=(d.url) { (d.title) } " · " (t(locale, "doc.revision")) " " (d.revision)
                            @if d.unsent_sds { " " strong.mark-inline { (t(locale, "doc.unsent_sds")) } }
                        }
                    }
                }
            }
        }
    }
}

/// A customer's phone page behind a single-use link (survey, service confirmation, SDS): no
/// account, the page's title, a link to the other language, and the body.
pub fn link_page(locale: Locale, title_key: &str, status: StatusCode, body: Markup) -> Response {
    let other = locale.other();
    respond(
        status,
        html! {
            (DOCTYPE)
            html lang=(locale.tag()) {
                (head(&t(locale, title_key), None))
                body.phone.survey {
                    main {
                        p.lang { a href={ "?lang=" (other.tag()) } lang=(other.tag()) { (other.native_name()) } }
                        (body)
                    }
                }
            }
        },
    )
}

/// The link's page saying why it cannot be used: already used (409) reads as done, anything
/// else as an error.
pub fn link_error(locale: Locale, title_key: &str, err: &app::error::AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let class = if status == StatusCode::CONFLICT { "banner ok" } else { "banner bad" };
    link_page(
        locale,
        title_key,
        status,
        html! {
            h1 { (t(locale, title_key)) }
            p class=(class) role="status" { (app::i18n::render(locale, &err.msg())) }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_and_json_cannot_close_its_script() {
        let name = "<img src=x onerror=alert(1)>";
        let page = html! { p title=(name) { (name) } }.into_string();
        assert_eq!(page, "<p title=\"&lt;img src=x onerror=alert(1)&gt;\">&lt;img src=x onerror=alert(1)&gt;</p>");
        let json = json_block(&serde_json::json!({ "x": "</script><script>alert(1)</script>" })).into_string();
        assert!(!json.contains('<'), "{json}");
    }

    #[test]
    fn the_stylesheet_address_changes_with_the_file() {
        assert!(CSS_HREF.starts_with("/pages.css?v=") && CSS_HREF.len() == "/pages.css?v=".len() + 12);
    }
}
