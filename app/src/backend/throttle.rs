//! Throttles: failed sign-ins per user name and per address, guessed survey and confirmation
//! links per address. Events are rows of one table, so every `server` process on a shared
//! PostgreSQL counts together; housekeeping removes them after a day.

use super::db::{now_ms, Backend, Db};
use super::store::sessions;
use crate::error::AppError;

/// One throttle: at most `max` events per subject within `window_ms`, then 429.
#[derive(Debug, Clone, Copy)]
pub struct Throttle {
    pub bucket: &'static str,
    pub window_ms: i64,
    pub max: i64,
}

/// Failed sign-ins for one user name: 5 in 15 minutes.
pub const SIGNIN_USER: Throttle = Throttle { bucket: "signin.user", window_ms: 15 * 60 * 1000, max: 5 };
/// Failed sign-ins from one address: 30 in 15 minutes.
pub const SIGNIN_IP: Throttle = Throttle { bucket: "signin.ip", window_ms: 15 * 60 * 1000, max: 30 };
/// Unknown link tokens (survey, confirmation) from one address: 20 in 10 minutes.
pub const LINK_GUESS: Throttle = Throttle { bucket: "link.ip", window_ms: 10 * 60 * 1000, max: 20 };

impl Throttle {
    /// Refuses (429) when `subject` has used up the window.
    pub async fn check(&self, db: &Db, subject: &str) -> Result<(), AppError> {
        let mut conn = db.read.acquire().await?;
        let n = sessions::events_since(&mut conn, self.bucket, subject, now_ms() - self.window_ms).await?;
        if n >= self.max {
            tracing::warn!(target: "security", bucket = self.bucket, subject, "throttled");
            return Err(AppError::RateLimited);
        }
        Ok(())
    }

    /// Counts an attempt *before* the work it guards (a password check, a link lookup), in one
    /// write transaction, so that a burst of parallel attempts cannot all pass the check before
    /// any of them is recorded: on SQLite the single writer serialises them, on PostgreSQL an
    /// advisory lock on (bucket, subject) does. Refuses (429, nothing recorded) when the window
    /// is used up. An attempt that turns out well is taken back with [`Attempt::forgive`].
    pub async fn attempt(&self, db: &Db, subject: &str) -> Result<Attempt, AppError> {
        let mut tx = db.begin().await?;
        if db.backend == Backend::Postgres {
            sessions::lock_subject(&mut tx, self.bucket, subject).await?;
        }
        let now = now_ms();
        let n = sessions::events_since(&mut tx, self.bucket, subject, now - self.window_ms).await?;
        if n >= self.max {
            tx.rollback().await?;
            tracing::warn!(target: "security", bucket = self.bucket, subject, "throttled");
            return Err(AppError::RateLimited);
        }
        let id = sessions::record_event_returning(&mut tx, self.bucket, subject, now).await?;
        tx.commit().await?;
        Ok(Attempt { id })
    }

    /// Counts one event for `subject`.
    pub async fn record(&self, db: &Db, subject: &str) -> Result<(), AppError> {
        let mut tx = db.begin().await?;
        sessions::record_event(&mut tx, self.bucket, subject, now_ms()).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// An attempt counted by [`Throttle::attempt`]; it stays counted unless forgiven.
#[derive(Debug, Clone, Copy)]
#[must_use = "an attempt that succeeded should be forgiven"]
pub struct Attempt {
    id: i64,
}

impl Attempt {
    /// Takes the attempt back: it succeeded (a right password, a known link).
    pub async fn forgive(self, db: &Db) -> Result<(), AppError> {
        let mut tx = db.begin().await?;
        sessions::delete_event(&mut tx, self.id).await?;
        tx.commit().await?;
        Ok(())
    }
}
