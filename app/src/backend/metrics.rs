//! What the server counts about itself for `/metrics` (rendered by the server crate):
//! requests by route and status with their latency, open live streams, background jobs,
//! password checks.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Upper bounds of the latency buckets, in seconds.
pub const BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

#[derive(Default)]
pub struct Series {
    pub count: u64,
    pub sum_seconds: f64,
    pub buckets: [u64; BUCKETS.len()],
}

#[derive(Default)]
pub struct Job {
    pub ok: u64,
    pub failed: u64,
    pub last_success_unix: Option<i64>,
}

/// A request method as a metrics label: the standard ones by name, anything else `OTHER`
/// (a client may send any token as a method; each must not become a series).
pub fn method_label(method: &str) -> &'static str {
    const KNOWN: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
    KNOWN.into_iter().find(|m| *m == method).unwrap_or("OTHER")
}

/// The route label of a request the router matched to no pattern.
pub const UNMATCHED_ROUTE: &str = "unmatched";

/// What `/metrics` reports, kept per running app (each test server has its own).
#[derive(Default)]
pub struct Registry {
    /// (method, route, status) → series. Methods are [`method_label`]'s few and routes the
    /// router's patterns, so the set is bounded whatever a client sends.
    pub requests: Mutex<BTreeMap<(&'static str, String, u16), Series>>,
    pub jobs: Mutex<BTreeMap<&'static str, Job>>,
    sse_open: AtomicI64,
    password_checks: AtomicU64,
    next_request_id: AtomicU64,
    started: Started,
}

/// When the registry was made (for uptime and request ids).
struct Started(Instant);

impl Default for Started {
    fn default() -> Self {
        Started(Instant::now())
    }
}

impl std::ops::Deref for Started {
    type Target = Instant;
    fn deref(&self) -> &Instant {
        &self.0
    }
}

impl Registry {
    /// Records one background job run (`housekeeping`, `readiness`, `backup`).
    pub fn job_ran(&self, job: &'static str, ok: bool) {
        let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        let j = jobs.entry(job).or_default();
        if ok {
            j.ok += 1;
            j.last_success_unix = Some(chrono::Utc::now().timestamp());
        } else {
            j.failed += 1;
        }
    }

    /// Counts one answered request.
    pub fn observe(&self, method: &'static str, route: String, status: u16, seconds: f64) {
        let mut requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        let s = requests.entry((method, route, status)).or_default();
        s.count += 1;
        s.sum_seconds += seconds;
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            s.buckets[i] += 1;
        }
    }

    /// A new request id: unique within this process.
    pub fn request_id(&self) -> String {
        let n = self.next_request_id.fetch_add(1, Ordering::Relaxed);
        format!("{:x}-{n:x}", self.started.elapsed().as_micros())
    }

    pub fn uptime_seconds(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    /// Counts one password checked against its hash (at sign-in).
    pub fn password_checked(&self) {
        self.password_checks.fetch_add(1, Ordering::Relaxed);
    }

    pub fn password_checks(&self) -> u64 {
        self.password_checks.load(Ordering::Relaxed)
    }

    pub fn sse_open(&self) -> i64 {
        self.sse_open.load(Ordering::Relaxed)
    }
}

/// Counts an open live stream until the guard is dropped (the client went away).
pub struct StreamGuard(Arc<Registry>);

impl StreamGuard {
    pub fn open(registry: Arc<Registry>) -> StreamGuard {
        registry.sse_open.fetch_add(1, Ordering::Relaxed);
        StreamGuard(registry)
    }
}

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.0.sse_open.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_standard_methods_are_named_in_metrics() {
        assert_eq!(method_label("GET"), "GET");
        assert_eq!(method_label("OPTIONS"), "OPTIONS");
        assert_eq!(method_label("get"), "OTHER");
        assert_eq!(method_label("BREW"), "OTHER");
        assert_eq!(method_label(&"X".repeat(4000)), "OTHER");
    }
}
