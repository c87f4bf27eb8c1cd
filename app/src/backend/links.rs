//! Customers' single-use links (客户链接): the satisfaction survey, a service ticket's
//! confirmation and an SDS acknowledgement. The database keeps no token, only its SHA-256
//! (looked up by it, like sessions) and a random salt per row: the token itself is
//! HMAC-SHA256(server secret, kind + row + salt), so the one role that sends a link can read
//! it again, and a copy of the database alone opens nothing. The secret comes from
//! `LINK_SECRET`, else the file `link-secret` in the data folder (made, mode 0600, at first
//! start). Each link expires (410); paths that carry a token are logged without it.

use super::db::{company_offset, Db};
use super::store::links as store;
use super::store::settings;
use super::store::Conn;
use crate::domain::satisfaction::Period;
use crate::error::{AppError, Msg};
use base64::Engine;
use chrono::{NaiveDate, TimeZone};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::path::Path;

/// Which link a token opens (part of what the token is derived from, so a survey token can
/// never open a confirmation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Survey,
    Confirmation,
    Sds,
}

impl LinkKind {
    pub fn key(self) -> &'static str {
        match self {
            LinkKind::Survey => "survey",
            LinkKind::Confirmation => "confirm",
            LinkKind::Sds => "sds",
        }
    }
}

/// The server's secret for deriving link tokens. Never printed.
#[derive(Clone)]
pub struct LinkSecret(Vec<u8>);

impl std::fmt::Debug for LinkSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkSecret(…)")
    }
}

/// The file in the data folder that keeps the secret when `LINK_SECRET` is not set.
pub const SECRET_FILE: &str = "link-secret";

impl LinkSecret {
    /// A fresh random secret (a process on its own; `load` is what a server uses).
    pub fn random() -> LinkSecret {
        let mut bytes = vec![0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        LinkSecret(bytes)
    }

    /// `LINK_SECRET` if set, else the data folder's `link-secret` file, created with mode
    /// 0600 (and 32 random bytes) when missing. Several processes sharing a data folder (or
    /// the same `LINK_SECRET`) derive the same tokens.
    pub fn load(data_dir: &Path) -> std::io::Result<LinkSecret> {
        if let Some(s) = std::env::var("LINK_SECRET").ok().filter(|s| !s.trim().is_empty()) {
            return Ok(LinkSecret(s.trim().as_bytes().to_vec()));
        }
        let path = data_dir.join(SECRET_FILE);
        match std::fs::read_to_string(&path) {
            Ok(s) if !s.trim().is_empty() => return Ok(LinkSecret(s.trim().as_bytes().to_vec())),
            Ok(_) => return Err(std::io::Error::other(format!("{} is empty", path.display()))),
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            Err(_) => {}
        }
        std::fs::create_dir_all(data_dir)?;
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        // written whole under a temporary name, then linked into place: a process starting at
        // the same time sees either no file or the whole secret, and the first one wins
        let tmp = data_dir.join(format!("{SECRET_FILE}.{}.tmp", hex::encode(&bytes[..6])));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        {
            use std::io::Write;
            let mut f = options.open(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
        }
        let linked = std::fs::hard_link(&tmp, &path);
        let _ = std::fs::remove_file(&tmp);
        match linked {
            Ok(()) => Ok(LinkSecret(text.into_bytes())),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Ok(LinkSecret(std::fs::read_to_string(&path)?.trim().as_bytes().to_vec()))
            }
            Err(e) => Err(e),
        }
    }

    /// The token of one link: HMAC-SHA256(secret, kind, row, salt), base64url.
    pub fn derive(&self, kind: LinkKind, row: &str, salt: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        for part in [kind.key(), row, salt] {
            mac.update(part.as_bytes());
            mac.update(b"\n");
        }
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// A new link for `row`: its token (to show the sender) with the salt and hash to store.
    pub fn issue(&self, kind: LinkKind, row: &str) -> Issued {
        let mut bytes = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut bytes);
        let salt = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        let token = self.derive(kind, row, &salt);
        Issued { hash: hash(&token), token, salt }
    }

    /// The token of a stored row, if it has a salt (rows hashed from plain tokens at start-up
    /// have none: their token cannot be shown again).
    pub fn token_of(&self, kind: LinkKind, row: &str, salt: Option<&str>) -> Option<String> {
        salt.filter(|s| !s.is_empty()).map(|s| self.derive(kind, row, s))
    }
}

/// A link just made.
#[derive(Debug, Clone)]
pub struct Issued {
    pub token: String,
    pub salt: String,
    pub hash: String,
}

/// The stored form of a token: SHA-256, hex.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

/// Whether `token` could be one of ours at all (no lookup for anything else).
pub fn plausible(token: &str) -> bool {
    let t = token.trim();
    !t.is_empty() && t.len() <= 64 && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The row key a survey link's token is derived from.
pub fn survey_row(period_id: i64, customer_id: i64) -> String {
    format!("{period_id}/{customer_id}")
}

/// The row key an SDS acknowledgement link's token is derived from.
pub fn sds_row(distribution_id: i64, customer_id: i64) -> String {
    format!("{distribution_id}/{customer_id}")
}

/// 410 with the friendly message: the link's time is up.
pub fn gone() -> AppError {
    AppError::Gone(Msg::new("link.expired"))
}

/// Refuses a link whose expiry has passed (none stored: it does not expire).
pub fn check_expiry(expires_at: Option<i64>, now: i64) -> Result<(), AppError> {
    match expires_at {
        Some(at) if now >= at => Err(gone()),
        _ => Ok(()),
    }
}

/// The setting that says how long confirmation and SDS links last.
pub const DAYS_KEY: &str = "link_expiry";
/// Days a confirmation or SDS acknowledgement link lasts unless the setting says otherwise.
pub const DEFAULT_DAYS: i64 = 30;
const DAY_MS: i64 = 24 * 3600 * 1000;

/// How long confirmation and SDS links last: the setting `link_expiry` `{"days": n}`
/// (1–365), else 30 days.
pub async fn link_days(conn: &mut Conn) -> Result<i64, AppError> {
    let days = match settings::get(conn, DAYS_KEY).await? {
        None => DEFAULT_DAYS,
        Some((body, _)) => serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("days").and_then(|d| d.as_i64()))
            .filter(|d| (1..=365).contains(d))
            .unwrap_or(DEFAULT_DAYS),
    };
    Ok(days)
}

/// When a confirmation or SDS link issued at `now` expires.
pub async fn expiry_from(conn: &mut Conn, now: i64) -> Result<i64, AppError> {
    Ok(now + link_days(conn).await? * DAY_MS)
}

/// When a survey link expires: at the end of its half year (midnight after its last day, the
/// company's time). A period opened after its half year ended (or days before its end) keeps
/// its links for `days` from opening, so a survey of the past half can still be answered.
pub fn survey_expiry(period: Period, opened_at: i64, days: i64) -> i64 {
    let (year, month) = if period.half == 1 { (period.year, 7) } else { (period.year + 1, 1) };
    let end = NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|t| company_offset().from_local_datetime(&t).single())
        .map(|t| t.timestamp_millis())
        .unwrap_or(i64::MAX);
    end.max(opened_at + days * DAY_MS)
}

/// A request path with the token of a customer's link replaced, for the logs:
/// `/survey/abc` → `/survey/…`, `/api/v1/confirmations/abc` → `/api/v1/confirmations/…`.
pub fn redact_path(path: &str) -> String {
    const PREFIXES: [&str; 6] = [
        "/survey/",
        "/confirm/",
        "/sds/",
        "/api/v1/surveys/",
        "/api/v1/confirmations/",
        "/api/v1/sds-acknowledgements/",
    ];
    for p in PREFIXES {
        if let Some(rest) = path.strip_prefix(p) {
            let tail = rest.find('/').map(|i| &rest[i..]).unwrap_or("");
            return format!("{p}…{tail}");
        }
    }
    path.to_string()
}

/// Hashes the plain tokens a database from before hashed links still holds (once, at
/// start-up): the customer's link keeps working by its hash, the plain token is gone, and
/// staff see no token for these rows (no salt to derive it from). Answers how many.
pub async fn hash_legacy_tokens(db: &Db) -> Result<usize, AppError> {
    let mut tx = db.begin().await?;
    let days = link_days(&mut tx).await?;
    let mut n = 0;
    for row in store::legacy_survey(&mut tx).await? {
        let expires = survey_expiry(row.period, row.opened_at, days);
        store::hash_survey(&mut tx, row.id, &hash(&row.token), expires).await?;
        n += 1;
    }
    for (id, token, issued_at) in store::legacy_confirmations(&mut tx).await? {
        store::hash_confirmation(&mut tx, id, &hash(&token), issued_at + days * DAY_MS).await?;
        n += 1;
    }
    for (distribution_id, customer_id, token, opened_at) in store::legacy_sds(&mut tx).await? {
        store::hash_sds(&mut tx, distribution_id, customer_id, &hash(&token), opened_at + days * DAY_MS).await?;
        n += 1;
    }
    tx.commit().await?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_derived_again_from_its_salt_and_differs_per_kind_row_and_secret() {
        let s = LinkSecret(b"secret".to_vec());
        let issued = s.issue(LinkKind::Survey, "1/2");
        assert_eq!(s.derive(LinkKind::Survey, "1/2", &issued.salt), issued.token);
        assert_eq!(hash(&issued.token), issued.hash);
        assert_ne!(s.derive(LinkKind::Sds, "1/2", &issued.salt), issued.token);
        assert_ne!(s.derive(LinkKind::Survey, "1/3", &issued.salt), issued.token);
        assert_ne!(LinkSecret(b"other".to_vec()).derive(LinkKind::Survey, "1/2", &issued.salt), issued.token);
        assert!(plausible(&issued.token));
        assert!(!plausible("../etc") && !plausible(""));
    }

    #[test]
    fn a_survey_link_lasts_to_the_end_of_its_half_year_or_its_days_after_opening() {
        let p = Period { year: 2026, half: 1 };
        let opened = company_offset().with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap().timestamp_millis();
        let end = company_offset().with_ymd_and_hms(2026, 7, 1, 0, 0, 0).unwrap().timestamp_millis();
        assert_eq!(survey_expiry(p, opened, 30), end);
        let late = company_offset().with_ymd_and_hms(2026, 8, 1, 9, 0, 0).unwrap().timestamp_millis();
        assert_eq!(survey_expiry(p, late, 30), late + 30 * DAY_MS);
    }

    #[test]
    fn logged_paths_carry_no_token() {
        assert_eq!(redact_path("/survey/abcDEF"), "/survey/…");
        assert_eq!(redact_path("/sds/abc/file"), "/sds/…/file");
        assert_eq!(redact_path("/api/v1/confirmations/xyz"), "/api/v1/confirmations/…");
        assert_eq!(redact_path("/orders/1"), "/orders/1");
    }

    #[test]
    fn the_secret_file_is_made_once_and_private() {
        let dir = tempfile::tempdir().unwrap();
        if std::env::var("LINK_SECRET").is_ok() {
            return;
        }
        let a = LinkSecret::load(dir.path()).unwrap();
        let b = LinkSecret::load(dir.path()).unwrap();
        assert_eq!(a.0, b.0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(SECRET_FILE)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
