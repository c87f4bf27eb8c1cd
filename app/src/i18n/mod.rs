//! Both languages of the product: Simplified Chinese and English. Every visible string is a
//! key in `messages.rs` with both texts side by side, so a missing translation is a compile
//! error rather than a blank on screen. The locale comes from the `lang` cookie, else from
//! `Accept-Language`; `<html lang>` carries it to the browser, which reads it at hydration.

/// A table of keys with their English and Chinese texts, as data (`TABLE`): one lookup
/// function for all of them keeps the browser's code small.
macro_rules! messages {
    ($($key:literal => $en:literal, $zh:literal;)*) => {
        /// Key, English, Chinese.
        pub const TABLE: &[(&str, &str, &str)] = &[$(($key, $en, $zh)),*];
    };
}

mod document_messages;
mod messages;
mod service_messages;

use crate::error::Msg;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Every entry of both tables (the sales half's, then the service desk's), sorted by key once
/// on first use.
fn index() -> &'static [&'static (&'static str, &'static str, &'static str)] {
    static INDEX: std::sync::OnceLock<Vec<&'static (&'static str, &'static str, &'static str)>> =
        std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut all: Vec<_> =
            messages::TABLE.iter().chain(service_messages::TABLE).chain(document_messages::TABLE).collect();
        all.sort_unstable_by_key(|entry| entry.0);
        all
    })
}

/// The text of a key in a language.
fn lookup(locale: Locale, key: &str) -> Option<&'static str> {
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
    messages::TABLE.iter().chain(service_messages::TABLE).chain(document_messages::TABLE).map(|entry| entry.0)
}

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
