//! Anchors of the audit trail (审计锚点): the head of the chain (sequence number and hash)
//! written with its time outside the database — a line appended to a file by `server audit
//! anchor`, and every backup's manifest. Whoever rewrites the chain consistently (every hash
//! recomputed after an altered entry) passes `audit verify`, but not `audit verify --anchors`:
//! an anchored entry's hash no longer matches.

use super::audit::Broken;
use super::db::{internal, Db};
use super::store::trail;
use crate::error::AppError;

/// One anchor: `2026-12-07T19:30:00Z 1234 3f5a…` (time, sequence number, hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub at: String,
    pub seq: i64,
    pub hash: String,
}

impl Anchor {
    /// The line written to an anchors file (without its newline).
    pub fn line(&self) -> String {
        format!("{} {} {}", self.at, self.seq, self.hash)
    }

    /// A line of an anchors file; blank lines and `#` comments are `Ok(None)`.
    pub fn parse(line: &str) -> Result<Option<Anchor>, String> {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return Ok(None);
        }
        let mut parts = line.split_whitespace();
        let (Some(at), Some(seq), Some(hash), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(format!("not an anchor (time sequence hash): {line}"));
        };
        chrono::DateTime::parse_from_rfc3339(at).map_err(|_| format!("not an RFC 3339 time: {at}"))?;
        let seq = seq.parse::<i64>().ok().filter(|s| *s >= 0).ok_or_else(|| format!("not a sequence number: {seq}"))?;
        if !super::files::is_hash(hash) {
            return Err(format!("not a SHA-256 hash: {hash}"));
        }
        Ok(Some(Anchor { at: at.to_string(), seq, hash: hash.to_string() }))
    }

    /// Every anchor of a file's text.
    pub fn parse_all(text: &str) -> Result<Vec<Anchor>, String> {
        text.lines()
            .enumerate()
            .filter_map(|(i, l)| Anchor::parse(l).map_err(|e| format!("line {}: {e}", i + 1)).transpose())
            .collect()
    }
}

/// The head of the chain now, as an anchor.
pub async fn current(db: &Db) -> Result<Anchor, AppError> {
    let (seq, hash) = super::audit::head(db).await?;
    let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Ok(Anchor { at, seq, hash })
}

/// Whether each anchored entry is still in the chain with its anchored hash: `Ok(n)` anchors
/// held, or the first that does not.
pub async fn check(db: &Db, anchors: &[Anchor]) -> Result<Result<usize, Broken>, AppError> {
    let mut conn = db.read.acquire().await.map_err(internal)?;
    for a in anchors {
        if a.seq == 0 {
            if a.hash != "0".repeat(64) {
                return Ok(Err(Broken { seq: 0, reason: format!("the anchor of {} names no entry", a.at) }));
            }
            continue;
        }
        match trail::hash_at(&mut conn, a.seq).await.map_err(internal)? {
            Some(h) if h == a.hash => {}
            Some(_) => {
                let reason = format!("entry {} differs from its anchor of {}", a.seq, a.at);
                return Ok(Err(Broken { seq: a.seq, reason }));
            }
            None => {
                let reason = format!("entry {} (anchored {}) is missing", a.seq, a.at);
                return Ok(Err(Broken { seq: a.seq, reason }));
            }
        }
    }
    Ok(Ok(anchors.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anchor_reads_back_from_its_line() {
        let a = Anchor { at: "2026-12-07T19:30:00Z".into(), seq: 12, hash: "ab".repeat(32) };
        assert_eq!(Anchor::parse(&a.line()), Ok(Some(a.clone())));
        assert_eq!(Anchor::parse("  # taken by hand"), Ok(None));
        assert!(Anchor::parse("2026-12-07T19:30:00Z 12").is_err());
        assert!(Anchor::parse("yesterday 12 abc").is_err());
        assert!(Anchor::parse(&format!("2026-12-07T19:30:00Z -1 {}", "ab".repeat(32))).is_err());
        let text = format!("{}\n\n{}\n", a.line(), a.line());
        assert_eq!(Anchor::parse_all(&text).unwrap().len(), 2);
        assert!(Anchor::parse_all("x y z").unwrap_err().starts_with("line 1:"));
    }
}
