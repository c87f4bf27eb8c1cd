//! Users (用户) and their roles. A user name is the sign-in key; passwords are never stored,
//! only their argon2id hashes (see `backend::auth`).

use super::fields;
use super::role::Role;
use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// The signed-in user as every page and endpoint sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub version: i64,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub active: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    pub roles: Vec<String>,
    /// Required when creating; when editing, empty keeps the current password.
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default)]
    pub version: Option<i64>,
}

fn yes() -> bool {
    true
}

/// ASVS 5.0 6.2.1 and 6.2.9: at least 10 characters, and at least 64 allowed (we allow 128).
pub const MIN_PASSWORD_LEN: usize = 10;
pub const MAX_PASSWORD_LEN: usize = 128;

/// A user name: 2–32 lower-case letters, digits, `_`, `.` or `-`.
pub fn username(value: &str) -> Result<String, AppError> {
    let v = fields::required("username", value, 32)?.to_lowercase();
    let ok = v.len() >= 2 && v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if !ok {
        return Err(AppError::validation("username", "validation.username"));
    }
    Ok(v)
}

pub fn password(value: &str) -> Result<(), AppError> {
    if value.chars().count() < MIN_PASSWORD_LEN {
        return Err(AppError::Validation {
            field: "password".into(),
            msg: crate::error::Msg::new("validation.password_short").arg("min", MIN_PASSWORD_LEN),
        });
    }
    if value.chars().count() > MAX_PASSWORD_LEN {
        return Err(AppError::Validation {
            field: "password".into(),
            msg: crate::error::Msg::new("validation.password_long").arg("max", MAX_PASSWORD_LEN),
        });
    }
    Ok(())
}

/// Parses role keys; at least one, no unknown ones, no duplicates.
pub fn roles(keys: &[String]) -> Result<Vec<Role>, AppError> {
    let mut out = Vec::new();
    for key in keys {
        let role = Role::parse(key).ok_or_else(|| AppError::validation("roles", "validation.role_unknown"))?;
        if !out.contains(&role) {
            out.push(role);
        }
    }
    if out.is_empty() {
        return Err(AppError::validation("roles", "validation.role_required"));
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_are_lower_case_and_plain() {
        assert_eq!(username(" Driver2 ").unwrap(), "driver2");
        assert!(username("a b").is_err());
        assert!(username("x").is_err());
    }

    #[test]
    fn a_user_needs_at_least_one_known_role() {
        assert!(roles(&[]).is_err());
        assert!(roles(&["chef".into()]).is_err());
        assert_eq!(roles(&["sales".into(), "sales".into()]).unwrap(), vec![Role::Sales]);
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(password("demo").is_err());
        assert!(password("123456789").is_err());
        assert!(password("correct horse").is_ok());
        assert!(password(&"x".repeat(128)).is_ok());
        assert!(password(&"x".repeat(129)).is_err());
    }
}
