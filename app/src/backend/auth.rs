//! Authentication: argon2id password hashes, server-side sessions (the cookie carries a
//! random token; the database keeps only its SHA-256), and throttling of failed sign-ins.

use super::db::{now_ms, Db};
use super::store::{sessions, users};
use super::SessionUser;
use crate::domain::user::Me;
use crate::error::AppError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "sid";
/// A session lasts one working day and a bit.
pub const SESSION_TTL_MS: i64 = 12 * 3600 * 1000;
/// Failed sign-ins are counted over this window…
pub const THROTTLE_WINDOW_MS: i64 = 15 * 60 * 1000;
/// …and refused (429) after this many for one user name…
pub const MAX_FAILURES_PER_USER: i64 = 5;
/// …or this many from one address.
pub const MAX_FAILURES_PER_IP: i64 = 30;

pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| {
        tracing::error!("argon2: {e}");
        AppError::Internal
    })
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Hashing is deliberately slow: keep it off the async workers.
pub async fn hash_password_blocking(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_password(&password)).await.map_err(|_| AppError::Internal)?
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A hash of a password nobody has, so that an unknown user name costs as much time as a
/// wrong password and does not reveal which user names exist.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a real password, never used").unwrap_or_default())
}

/// Signs in: returns the user and a fresh session token for the cookie.
pub async fn sign_in(db: &Db, username: &str, password: &str, ip: &str) -> Result<(SessionUser, String), AppError> {
    let username = username.trim().to_lowercase();
    let now = now_ms();
    let mut conn = db.read.acquire().await?;
    let (by_user, by_ip) = sessions::failures_since(&mut conn, &username, ip, now - THROTTLE_WINDOW_MS).await?;
    if by_user >= MAX_FAILURES_PER_USER || by_ip >= MAX_FAILURES_PER_IP {
        return Err(AppError::RateLimited);
    }
    let creds = users::credentials(&mut conn, &username).await?;
    drop(conn);
    let (hash, user) = match &creds {
        Some(c) => (c.password_hash.clone(), Some((c.id, c.active))),
        None => (dummy_hash().to_string(), None),
    };
    let pw = password.to_string();
    let ok = tokio::task::spawn_blocking(move || verify_password(&pw, &hash)).await.map_err(|_| AppError::Internal)?;
    let user_id = match user {
        Some((id, true)) if ok => id,
        _ => {
            let mut tx = db.begin().await?;
            sessions::record_failure(&mut tx, &username, ip, now).await?;
            tx.commit().await?;
            return Err(AppError::Unauthenticated);
        }
    };
    let token = new_token();
    let mut tx = db.begin().await?;
    sessions::insert(&mut tx, &token_hash(&token), user_id, now, now + SESSION_TTL_MS).await?;
    tx.commit().await?;
    let user = resolve(db, &token).await?.ok_or(AppError::Internal)?;
    Ok((user, token))
}

/// The user behind a session token, if the session is live.
pub async fn resolve(db: &Db, token: &str) -> Result<Option<SessionUser>, AppError> {
    let mut conn = db.read.acquire().await?;
    let Some((user_id, username, display_name, roles)) =
        sessions::user_of(&mut conn, &token_hash(token), now_ms()).await?
    else {
        return Ok(None);
    };
    Ok(Some(SessionUser { user_id, me: Me { username, display_name, roles } }))
}

pub async fn sign_out(db: &Db, token: &str) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sessions::delete(&mut tx, &token_hash(token)).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes expired sessions and failed sign-ins older than a day.
pub async fn housekeeping(db: &Db) -> Result<(), AppError> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    sessions::delete_expired(&mut tx, now).await?;
    sessions::delete_failures_before(&mut tx, now - 24 * 3600 * 1000).await?;
    tx.commit().await?;
    Ok(())
}

/// The `Set-Cookie` value that starts a session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}", SESSION_TTL_MS / 1000)
}

/// The `Set-Cookie` value that ends it.
pub fn clear_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

/// Reads one cookie from a `Cookie` header.
pub fn cookie_value<'a>(cookie_header: &'a str, name: &str) -> Option<&'a str> {
    cookie_header.split(';').filter_map(|p| p.trim().split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_only_against_its_own_hash() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong horse", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn session_cookies_are_http_only_and_same_site() {
        let c = session_cookie("abc", false);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && !c.contains("Secure"));
        assert!(session_cookie("abc", true).contains("; Secure"));
    }

    #[test]
    fn cookies_are_read_by_name() {
        assert_eq!(cookie_value("lang=zh-CN; sid=xyz", "sid"), Some("xyz"));
        assert_eq!(cookie_value("lang=zh-CN", "sid"), None);
    }
}
