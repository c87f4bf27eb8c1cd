//! Field validation shared by every form and endpoint: required text, length limits, codes,
//! dates. Each check names the field and a translation key, so the user sees which input is
//! wrong and why, in their language.

use crate::error::{AppError, Msg};
use chrono::NaiveDate;

/// Trims and requires 1..=max characters.
pub fn required(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::validation(field, "validation.required"));
    }
    if v.chars().count() > max {
        return Err(AppError::Validation {
            field: field.to_string(),
            msg: Msg::new("validation.too_long").arg("max", max),
        });
    }
    Ok(v.to_string())
}

/// Trims; empty becomes `None`; otherwise at most `max` characters.
pub fn optional(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>, AppError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => required(field, v, max).map(Some),
    }
}

/// A record code: 1–32 characters of letters, digits, `-`, `_` or `.`; stored upper-case.
pub fn code(field: &str, value: &str) -> Result<String, AppError> {
    let v = required(field, value, 32)?;
    if !v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return Err(AppError::validation(field, "validation.code_chars"));
    }
    Ok(v.to_ascii_uppercase())
}

/// A calendar date `YYYY-MM-DD`.
pub fn date(field: &str, value: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| AppError::validation(field, "validation.date"))
}

pub fn optional_date(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>, AppError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => date(field, v).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_text_is_trimmed_and_limited() {
        assert_eq!(required("name", "  Acme ", 10).unwrap(), "Acme");
        assert_eq!(required("name", "   ", 10).unwrap_err().field(), Some("name"));
        assert!(required("name", "ééééééééééé", 10).is_err());
        assert!(required("name", "化工化工化工化工化工", 10).is_ok());
    }

    #[test]
    fn codes_are_upper_cased_and_restricted() {
        assert_eq!(code("code", "c-001").unwrap(), "C-001");
        assert!(code("code", "C 001").is_err());
        assert!(code("code", "").is_err());
    }

    #[test]
    fn invalid_calendar_dates_are_refused() {
        assert!(date("d", "2024-02-29").is_ok());
        assert!(date("d", "2023-02-29").is_err());
        assert!(date("d", "29.02.2024").is_err());
        assert_eq!(optional_date("d", Some("")).unwrap(), None);
    }
}

/// Why a record is deactivated or reactivated (records are never deleted, 第十四条).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StatusChange {
    pub reason: String,
    pub version: i64,
}

impl StatusChange {
    pub fn validate(&self) -> Result<String, AppError> {
        let reason = required("reason", &self.reason, 500)?;
        if reason.chars().count() < 2 {
            return Err(AppError::validation("reason", "validation.reason_short"));
        }
        Ok(reason)
    }
}
