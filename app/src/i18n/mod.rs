//! Both languages of the product: Simplified Chinese and English. Every visible string is a
//! key in `messages.rs` with both texts side by side, so a missing translation is a compile
//! error rather than a blank on screen. The locale comes from the `lang` cookie, else from
//! `Accept-Language`; `<html lang>` carries it to the browser, which reads it at hydration.
//!
//! The browser's build carries no texts: before hydrating, it fetches its page's language
//! once (`catalogue`, a cacheable file the page asks the browser to preload), so a first load
//! does not download both languages inside the WebAssembly.

/// A table of keys with their English and Chinese texts, as data (`TABLE`): one lookup
/// function for all of them keeps the code small. Not in the browser's build (see above).
macro_rules! messages {
    ($($key:literal => $en:literal, $zh:literal;)*) => {
        /// Key, English, Chinese.
        #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
        pub const TABLE: &[(&str, &str, &str)] = &[$(($key, $en, $zh)),*];
    };
}

mod document_messages;
mod messages;
mod service_messages;

use crate::error::Msg;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
mod table {
    use super::{document_messages, messages, service_messages, Locale};

    /// Every entry of both tables (the sales half's, then the service desk's), sorted by key
    /// once on first use.
    fn index() -> &'static [&'static (&'static str, &'static str, &'static str)] {
        static INDEX: std::sync::OnceLock<Vec<&'static (&'static str, &'static str, &'static str)>> =
            std::sync::OnceLock::new();
        INDEX.get_or_init(|| {
            let mut all: Vec<_> = entries().collect();
            all.sort_unstable_by_key(|entry| entry.0);
            all
        })
    }

    fn entries() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
        messages::TABLE.iter().chain(service_messages::TABLE).chain(document_messages::TABLE)
    }

    /// The text of a key in a language.
    pub fn lookup(locale: Locale, key: &str) -> Option<&'static str> {
        let index = index();
        let at = index.binary_search_by(|entry| entry.0.cmp(key)).ok()?;
        let (_, en, zh) = index[at];
        Some(match locale {
            Locale::En => en,
            Locale::Zh => zh,
        })
    }

    /// Every key of both tables.
    pub fn keys() -> impl Iterator<Item = &'static str> {
        entries().map(|entry| entry.0)
    }

    /// One language's texts as the browser fetches them: a `key<TAB>text` line per key, sorted
    /// by key (no text holds a tab or a line break; a test keeps it so).
    pub fn catalogue(locale: Locale) -> &'static str {
        static EN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        static ZH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let cell = match locale {
            Locale::En => &EN,
            Locale::Zh => &ZH,
        };
        cell.get_or_init(|| {
            let mut text = String::new();
            for &&(key, en, zh) in index() {
                let value = if locale == Locale::En { en } else { zh };
                text.push_str(key);
                text.push('\t');
                text.push_str(value);
                text.push('\n');
            }
            text
        })
    }

    /// Where the browser fetches a language's texts: the name changes whenever a text does, so
    /// the file can be cached for good.
    /// Worked out once per language: every page's head names it.
    pub fn catalogue_path(locale: Locale) -> &'static str {
        static EN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        static ZH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let cell = match locale {
            Locale::En => &EN,
            Locale::Zh => &ZH,
        };
        cell.get_or_init(|| {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            catalogue(locale).hash(&mut hasher);
            format!("/i18n/{}.{:016x}.txt", locale.tag(), hasher.finish())
        })
    }
}

#[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
use table::lookup;
#[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
pub use table::{catalogue, catalogue_path, keys};

/// The browser's texts: its page's language, fetched before hydration.
#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
mod fetched {
    use super::Locale;

    static TEXTS: std::sync::OnceLock<(Locale, Vec<(&'static str, &'static str)>)> = std::sync::OnceLock::new();

    /// Fetches the catalogue the server named in the page's head (`<link id="i18n">`, which
    /// the browser is already preloading) and keeps it for the page's life. When it cannot be
    /// fetched the page still hydrates: what the server rendered stays, and anything drawn
    /// later shows its key.
    pub async fn load() {
        let locale = crate::app::current_locale();
        let href = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("i18n"))
            .and_then(|link| link.get_attribute("href"));
        let Some(href) = href else { return };
        let text = match gloo_net::http::Request::get(&href).send().await {
            Ok(res) if res.ok() => res.text().await.ok(),
            _ => None,
        };
        let Some(text) = text else {
            leptos::logging::error!("the texts for {} could not be fetched from {href}", locale.tag());
            return;
        };
        let text: &'static str = Box::leak(text.into_boxed_str());
        let entries = text.lines().filter_map(|line| line.split_once('\t')).collect();
        let _ = TEXTS.set((locale, entries));
    }

    pub fn lookup(locale: Locale, key: &str) -> Option<&'static str> {
        let (loaded, entries) = TEXTS.get()?;
        if *loaded != locale {
            return None;
        }
        let at = entries.binary_search_by(|entry| entry.0.cmp(key)).ok()?;
        Some(entries[at].1)
    }
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
pub use fetched::load;
#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
use fetched::lookup;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Locale {
    #[default]
    En,
    Zh,
}

impl Locale {
    /// The BCP 47 tag used in `<html lang>`, the cookie and `Accept-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Zh => "zh-CN",
        }
    }

    pub fn parse(tag: &str) -> Option<Locale> {
        let t = tag.trim().to_ascii_lowercase();
        if t.starts_with("zh") {
            Some(Locale::Zh)
        } else if t.starts_with("en") {
            Some(Locale::En)
        } else {
            None
        }
    }

    /// Picks the first supported language of an `Accept-Language` header, honouring q-values.
    pub fn negotiate(accept_language: &str) -> Locale {
        let mut choices: Vec<(f32, Locale)> = accept_language
            .split(',')
            .filter_map(|part| {
                let mut it = part.split(';');
                let locale = Locale::parse(it.next()?)?;
                let q = it.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
                Some((q, locale))
            })
            .collect();
        choices.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
        choices.first().map(|c| c.1).unwrap_or_default()
    }

    /// The language's own name, as the switch shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Zh => "简体中文",
        }
    }

    pub fn other(self) -> Locale {
        match self {
            Locale::En => Locale::Zh,
            Locale::Zh => Locale::En,
        }
    }
}

/// The text of a key; an unknown key shows itself (and a test keeps that from happening).
pub fn t(locale: Locale, key: &str) -> String {
    lookup(locale, key).map(str::to_string).unwrap_or_else(|| key.to_string())
}

/// Renders a message with its `{name}` arguments filled in.
pub fn render(locale: Locale, msg: &Msg) -> String {
    let mut text = t(locale, &msg.key);
    for (name, value) in &msg.args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// The current page's locale, provided once at the root of the app.
#[derive(Clone, Copy)]
pub struct I18n(pub Locale);

impl I18n {
    pub fn t(&self, key: &str) -> String {
        t(self.0, key)
    }
    pub fn render(&self, msg: &Msg) -> String {
        render(self.0, msg)
    }
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or(I18n(Locale::En))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_highest_quality_supported_language() {
        assert_eq!(Locale::negotiate("zh-CN,zh;q=0.9,en;q=0.8"), Locale::Zh);
        assert_eq!(Locale::negotiate("fr-FR, en;q=0.5, zh;q=0.3"), Locale::En);
        assert_eq!(Locale::negotiate("de"), Locale::En);
        assert_eq!(Locale::negotiate("en;q=0.2, zh-TW;q=0.9"), Locale::Zh);
    }

    #[test]
    fn every_key_has_both_texts_and_the_same_placeholders() {
        for key in keys() {
            let en = lookup(Locale::En, key).expect(key);
            let zh = lookup(Locale::Zh, key).expect(key);
            assert!(!en.is_empty() && !zh.is_empty(), "{key}");
            let holes = |s: &str| {
                let mut v: Vec<String> =
                    s.split('{').skip(1).filter_map(|p| p.split_once('}').map(|x| x.0.to_string())).collect();
                v.sort();
                v
            };
            assert_eq!(holes(en), holes(zh), "placeholders differ in {key}");
        }
    }

    #[test]
    fn a_catalogue_has_every_key_once_sorted_with_its_languages_text() {
        for locale in [Locale::En, Locale::Zh] {
            let lines: Vec<(&str, &str)> =
                catalogue(locale).lines().map(|l| l.split_once('\t').expect("key<TAB>text")).collect();
            assert_eq!(lines.len(), keys().count());
            assert!(lines.windows(2).all(|w| w[0].0 < w[1].0), "sorted by key, each key once");
            for (key, text) in lines {
                assert_eq!(Some(text), lookup(locale, key), "{key}");
                assert!(!text.contains('\t') && !text.contains('\n'), "{key}");
            }
        }
        assert!(catalogue(Locale::Zh).contains("nav.orders\t合同/订单\n"));
        assert_ne!(catalogue_path(Locale::En), catalogue_path(Locale::Zh));
        assert!(catalogue_path(Locale::Zh).starts_with("/i18n/zh-CN."));
    }

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<&str> = keys().collect();
        keys.sort();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len());
    }

    #[test]
    fn every_key_used_in_the_source_exists() {
        // Scan the crate's sources for t("…") / msg keys and check each is defined.
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut missing = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(root)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.to_string_lossy().ends_with("messages.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for prefix in ["t(\"", "validation(\"", "Msg::new(\"", "conflict(\"", "tr!(\""] {
                        let mut from = 0;
                        while let Some(at) = text[from..].find(prefix) {
                            let start = from + at;
                            from = start + prefix.len();
                            // `t("` and `tr!("` must be the call itself, not the end of another
                            // name (`include_str!("…")`)
                            let before = text[..start].chars().next_back();
                            if (prefix == "t(\"" || prefix == "tr!(\"")
                                && before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                            {
                                continue;
                            }
                            let piece = &text[from..];
                            let key = if prefix == "validation(\"" {
                                // validation("field", "key"): the key is the second string
                                match piece.split('"').nth(2) {
                                    Some(k) => k,
                                    None => continue,
                                }
                            } else {
                                piece.split('"').next().unwrap_or("")
                            };
                            let looks_like_key = key.contains('.') && !key.contains(' ') && !key.contains('{');
                            if looks_like_key && !keys().any(|k| k == key) {
                                missing.push(format!("{}: {key}", path.display()));
                            }
                        }
                    }
                }
            }
        }
        assert!(missing.is_empty(), "keys without translation: {missing:#?}");
    }
}
