//! Pure domain types and rules, compiled for both the browser and the server. No I/O, no
//! async: the UI uses these functions to show only what is allowed, the server uses the very
//! same functions to enforce it.

pub mod approval;
pub mod audit;
pub mod batch;
pub mod calendar;
pub mod complaint;
pub mod customer;
pub mod delivery;
pub mod department;
pub mod document;
pub mod emergency_release;
pub mod feedback;
pub mod fields;
pub mod inquiry;
pub mod ledger;
pub mod liaison;
pub mod nonconformity;
pub mod order;
pub mod order_line;
pub mod performance;
pub mod price;
pub mod product;
pub mod recall;
pub mod role;
pub mod satisfaction;
pub mod service;
pub mod service_board;
pub mod sla;
pub mod ticket;
pub mod training;
pub mod user;

pub use role::{can, Action, Role};

/// A record's identity and version, as every API record carries them.
pub type Id = i64;

/// A page of a list: the items and the cursor of the next page, if any.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from `limit + 1` fetched rows: the extra row only proves there is more.
    pub fn from_rows(mut rows: Vec<T>, limit: i64, cursor_of: impl Fn(&T) -> String) -> Page<T> {
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        let next_cursor = if more { rows.last().map(cursor_of) } else { None };
        Page { items: rows, next_cursor }
    }
}

/// Money in integer fen (1 CNY = 100 fen). Formats as CNY with two decimals.
pub fn format_fen(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let yuan = abs / 100;
    let cents = abs % 100;
    let digits = yuan.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{sign}¥{grouped}.{cents:02}")
}

/// How people read an instant: `YYYY-MM-DD HH:MM` in the company's time zone (China keeps
/// UTC+8 all year). The API keeps RFC 3339; text that is not a timestamp is shown as it is.
pub fn local_minute(rfc3339: &str) -> String {
    use chrono::{Datelike, Timelike};
    let Ok(at) = chrono::DateTime::parse_from_rfc3339(rfc3339.trim()) else {
        return rfc3339.to_string();
    };
    let t = at.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset"));
    format!("{:04}-{:02}-{:02} {:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute())
}

/// Parses "123.45" (yuan, up to two decimals) into fen.
pub fn parse_yuan(text: &str) -> Option<i64> {
    let t = text.trim().replace(',', "");
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w.to_string(), f.to_string()),
        None => (t.clone(), String::new()),
    };
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || frac.len() > 2 {
        return None;
    }
    if !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let frac_fen: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().ok()? };
    whole.checked_mul(100)?.checked_add(frac_fen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_formats_as_cny_with_two_decimals_and_grouping() {
        assert_eq!(format_fen(123456789), "¥1,234,567.89");
        assert_eq!(format_fen(5), "¥0.05");
        assert_eq!(format_fen(-100), "-¥1.00");
    }

    #[test]
    fn instants_read_as_minutes_in_the_company_time_zone() {
        assert_eq!(local_minute("2026-12-02T06:59:51+08:00"), "2026-12-02 06:59");
        assert_eq!(local_minute("2026-12-01T23:30:00Z"), "2026-12-02 07:30", "UTC shown in China's time");
        assert_eq!(local_minute("—"), "—");
    }

    #[test]
    fn yuan_text_parses_to_exact_fen() {
        assert_eq!(parse_yuan("12.5"), Some(1250));
        assert_eq!(parse_yuan("1,000"), Some(100000));
        assert_eq!(parse_yuan("0.07"), Some(7));
        assert_eq!(parse_yuan("1.234"), None);
        assert_eq!(parse_yuan("-1"), None);
        assert_eq!(parse_yuan("abc"), None);
    }
}
