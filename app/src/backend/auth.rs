//! Authentication: argon2id password hashes, server-side sessions (the cookie carries a
//! random token; the database keeps only its SHA-256), and throttling of failed sign-ins.

use super::db::{now_ms, Db};
use super::store::{sessions, users};
use super::throttle::{SIGNIN_IP, SIGNIN_USER};
use super::{AppState, SessionUser};
use crate::domain::user::Me;
use crate::error::AppError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "sid";
/// Over https the cookie carries the `__Host-` prefix: the browser then keeps it only if it
/// is `Secure`, for the whole site (`Path=/`) and bound to this host (no `Domain`).
pub const SECURE_SESSION_COOKIE: &str = "__Host-sid";
/// A session lasts one working day and a bit…
pub const SESSION_TTL_MS: i64 = 12 * 3600 * 1000;
/// …and ends sooner after this long without a request (configurable, `--session-idle-minutes`).
pub const SESSION_IDLE_MS: i64 = 30 * 60 * 1000;
/// The last request's time is written at most this often (not on every request).
const TOUCH_EVERY_MS: i64 = 60 * 1000;

/// The session cookie's name: with the `__Host-` prefix when cookies are secure.
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// The password rules for a new password: the domain's length rule, and not one of the
/// commonly used passwords (ASVS 5.0 6.2.4), compared without case.
pub fn check_new_password(password: &str) -> Result<(), AppError> {
    crate::domain::user::password(password)?;
    static COMMON: &str = include_str!("common-passwords.txt");
    let lower = password.to_lowercase();
    if COMMON.lines().filter(|l| !l.starts_with('#')).any(|l| l == lower) {
        return Err(AppError::validation("password", "validation.password_common"));
    }
    Ok(())
}

/// argon2id, m = 19456 KiB, t = 2, p = 1 (OWASP's and ASVS 5.0's minimum).
fn argon2() -> Argon2<'static> {
    let params = argon2::Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| {
        tracing::error!("argon2: {e}");
        AppError::Internal
    })
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Password hashes that may be worked out at the same time in this process: each takes
/// 19 MiB and a core for a while, so a burst of sign-ins must queue, not pile up.
fn hashing_permits() -> usize {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    (2 * cores).clamp(1, 4)
}

/// How long a sign-in waits for a hashing permit before it is answered 429.
const HASHING_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The process's hashing permits (memory is the process's, so the bound is too).
fn hashing() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| tokio::sync::Semaphore::new(hashing_permits()))
}

/// Hashing is deliberately slow: keep it off the async workers, and at most
/// [`hashing_permits`] at a time (waiting as long as it takes: only the admin and the seed
/// set passwords).
pub async fn hash_password_blocking(password: String) -> Result<String, AppError> {
    let _permit = hashing().acquire().await.map_err(|_| AppError::Internal)?;
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
///
/// The attempt is counted against the user name and the address *before* the password is
/// checked, so a burst of parallel guesses gets at most the throttle's number of checks and
/// the rest 429; a right password takes both counts back. Checks then queue for one of a few
/// hashing permits (429 after [`HASHING_WAIT`]), and each one that runs is counted in
/// `state.metrics` (`password_checks_total`).
pub async fn sign_in(
    state: &AppState,
    username: &str,
    password: &str,
    ip: &str,
) -> Result<(SessionUser, String), AppError> {
    let db = &state.db;
    let username = username.trim().to_lowercase();
    let by_user = SIGNIN_USER.attempt(db, &username).await?;
    let by_ip = match SIGNIN_IP.attempt(db, ip).await {
        Ok(a) => a,
        Err(e) => {
            // Refused for the address: no password was checked, so the user name's count of
            // guesses is not charged for it.
            by_user.forgive(db).await?;
            return Err(e);
        }
    };
    let forgive_both = move || async move {
        by_user.forgive(db).await?;
        by_ip.forgive(db).await
    };
    let mut conn = db.read.acquire().await?;
    let creds = users::credentials(&mut conn, &username).await?;
    drop(conn);
    let (hash, user) = match &creds {
        Some(c) => (Some(c.password_hash.clone()), Some((c.id, c.active))),
        None => (None, None),
    };
    let Ok(Ok(permit)) = tokio::time::timeout(HASHING_WAIT, hashing().acquire()).await else {
        // Too busy to check: nothing was tried, so nothing stays counted.
        forgive_both().await?;
        tracing::warn!(target: "security", user = %username, ip, "sign-in refused: password checks busy");
        return Err(AppError::RateLimited);
    };
    state.metrics.password_checked();
    let pw = password.to_string();
    let ok = tokio::task::spawn_blocking(move || {
        let hash = hash.unwrap_or_else(|| dummy_hash().to_string());
        verify_password(&pw, &hash)
    })
    .await
    .map_err(|_| AppError::Internal)?;
    drop(permit);
    let user_id = match user {
        Some((id, true)) if ok => id,
        _ => {
            tracing::warn!(target: "security", user = %username, ip, "sign-in failed");
            return Err(AppError::Unauthenticated);
        }
    };
    forgive_both().await?;
    let token = new_token();
    let now = now_ms();
    let mut tx = db.begin().await?;
    sessions::insert(&mut tx, &token_hash(&token), user_id, now, now + SESSION_TTL_MS).await?;
    tx.commit().await?;
    let user = resolve(db, &token, state.session_idle_ms).await?.ok_or(AppError::Internal)?;
    Ok((user, token))
}

/// The user behind a session token, if the session is live: not expired, not idle for
/// `idle_ms`, its user active. A request restarts the idle clock.
pub async fn resolve(db: &Db, token: &str, idle_ms: i64) -> Result<Option<SessionUser>, AppError> {
    let now = now_ms();
    let hash = token_hash(token);
    let mut conn = db.read.acquire().await?;
    let Some(row) = sessions::user_of(&mut conn, &hash, now, now - idle_ms).await? else {
        return Ok(None);
    };
    drop(conn);
    if now - row.last_seen_at >= TOUCH_EVERY_MS {
        let mut tx = db.begin().await?;
        sessions::touch(&mut tx, &hash, now).await?;
        tx.commit().await?;
    }
    let me = Me { username: row.username, display_name: row.display_name, roles: row.roles };
    Ok(Some(SessionUser { user_id: row.user_id, me }))
}

pub async fn sign_out(db: &Db, token: &str) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sessions::delete(&mut tx, &token_hash(token)).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes ended sessions and throttle events older than a day.
pub async fn housekeeping(db: &Db, idle_ms: i64) -> Result<(), AppError> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    sessions::delete_expired(&mut tx, now, now - idle_ms).await?;
    sessions::delete_events_before(&mut tx, now - 24 * 3600 * 1000).await?;
    tx.commit().await?;
    Ok(())
}

/// The `Set-Cookie` value that starts a session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    let name = session_cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}", SESSION_TTL_MS / 1000)
}

/// The `Set-Cookie` value that ends it.
pub fn clear_cookie(secure: bool) -> String {
    let name = session_cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
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
        let secure = session_cookie("abc", true);
        assert!(
            secure.starts_with("__Host-sid=abc; Path=/;") && secure.contains("; Secure") && !secure.contains("Domain")
        );
        assert!(clear_cookie(true).starts_with("__Host-sid=;"));
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        assert_eq!(
            check_new_password("Password123").unwrap_err(),
            AppError::validation("password", "validation.password_common")
        );
        assert!(check_new_password("1qaz2wsx3edc").is_err());
        assert!(check_new_password("short").is_err());
        assert!(check_new_password("tea kettle on the moon").is_ok());
    }

    #[test]
    fn hashes_are_argon2id_at_the_asvs_minimum() {
        let hash = hash_password("correct horse battery").unwrap();
        let parsed = PasswordHash::new(&hash).unwrap();
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
        let params = argon2::Params::try_from(&parsed).unwrap();
        assert!(params.m_cost() >= 19_456 && params.t_cost() >= 2, "{hash}");
    }

    #[test]
    fn cookies_are_read_by_name() {
        assert_eq!(cookie_value("lang=zh-CN; sid=xyz", "sid"), Some("xyz"));
        assert_eq!(cookie_value("lang=zh-CN", "sid"), None);
    }
}
