//! Controlled documents (受控文件, seed §4.2.1): each product's manual, safety data sheet,
//! certificate template and licence copies (三证), each with numbered revisions. A revision's
//! file is checked here (a PDF or an image, at most [`MAX_FILE_BYTES`]) before anything is
//! stored. A new SDS revision must reach every customer supplied with the product in the 12
//! months before it ([`supply_window`], REACH Art. 31(9)).

use super::fields;
use crate::error::AppError;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// The largest revision file accepted: 10 MiB (sent base64-encoded, about 13.4 MiB).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// How far back a new SDS revision reaches: customers supplied in these days before it.
pub const SDS_REACH_DAYS: i64 = 365;

/// What kind of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 产品使用说明书
    Manual,
    /// Safety data sheet (安全技术说明书).
    Sds,
    /// 产品合格证 template.
    Certificate,
    /// 三证: business licence, production licence, hazardous chemicals licence copies.
    Licence,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Manual, Kind::Sds, Kind::Certificate, Kind::Licence];

    pub fn key(self) -> &'static str {
        match self {
            Kind::Manual => "manual",
            Kind::Sds => "sds",
            Kind::Certificate => "certificate",
            Kind::Licence => "licence",
        }
    }

    pub fn parse(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key.trim())
    }
}

/// How a revision reached a customer, or how the customer acknowledged it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Handover {
    Email,
    Letter,
    Fax,
    Wechat,
    Visit,
    /// With the goods: the revision was in force when a delivery of the product was loaded.
    Delivery,
    /// The customer's own acknowledgement through the single-use link.
    Link,
}

impl Handover {
    pub const ALL: [Handover; 7] = [
        Handover::Email,
        Handover::Letter,
        Handover::Fax,
        Handover::Wechat,
        Handover::Visit,
        Handover::Delivery,
        Handover::Link,
    ];
    /// What staff may record by hand.
    pub const BY_STAFF: [Handover; 5] =
        [Handover::Email, Handover::Letter, Handover::Fax, Handover::Wechat, Handover::Visit];

    pub fn key(self) -> &'static str {
        match self {
            Handover::Email => "email",
            Handover::Letter => "letter",
            Handover::Fax => "fax",
            Handover::Wechat => "wechat",
            Handover::Visit => "visit",
            Handover::Delivery => "delivery",
            Handover::Link => "link",
        }
    }

    pub fn parse(key: &str) -> Option<Handover> {
        Handover::ALL.into_iter().find(|h| h.key() == key.trim())
    }

    /// A channel staff record: one of [`Handover::BY_STAFF`], else 422 on `channel`.
    pub fn by_staff(key: &str) -> Result<Handover, AppError> {
        Handover::BY_STAFF
            .into_iter()
            .find(|h| h.key() == key.trim())
            .ok_or_else(|| AppError::validation("channel", "validation.channel"))
    }
}

/// `POST /api/v1/products/{id}/documents`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentInput {
    pub kind: String,
    pub title: String,
}

impl DocumentInput {
    pub fn validate(&self) -> Result<(Kind, String), AppError> {
        let kind = Kind::parse(&self.kind).ok_or_else(|| AppError::validation("kind", "validation.kind"))?;
        Ok((kind, fields::required("title", &self.title, 200)?))
    }
}

/// `POST /api/v1/documents/{id}/revisions`: the file comes base64-encoded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RevisionInput {
    pub revision: String,
    pub issued_on: String,
    #[serde(default)]
    pub changes: String,
    pub file_name: String,
    pub content_base64: String,
}

/// A revision that passed every check, with its file's bytes and their type.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq)]
pub struct ValidRevision {
    pub revision: String,
    pub issued_on: NaiveDate,
    pub changes: String,
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

#[cfg(feature = "ssr")]
impl RevisionInput {
    /// Text fields first (422 naming the field), then the file: over the limit → 413, not a
    /// PDF, PNG or JPEG by its first bytes → 422 on `content_base64`.
    pub fn validate(&self) -> Result<ValidRevision, AppError> {
        use base64::Engine;
        let revision = fields::required("revision", &self.revision, 20)?;
        if !revision.chars().all(|c| c.is_alphanumeric() || ".-_".contains(c)) {
            return Err(AppError::validation("revision", "validation.code_chars"));
        }
        let issued_on = fields::date("issued_on", &self.issued_on)?;
        let changes = fields::required("changes", &self.changes, 2000)?;
        let file_name = fields::required("file_name", &self.file_name, 200)?;
        let data = self.content_base64.trim();
        if data.is_empty() {
            return Err(AppError::validation("content_base64", "validation.required"));
        }
        if data.len() / 4 * 3 > MAX_FILE_BYTES + 3 {
            return Err(AppError::TooLarge);
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|_| AppError::validation("content_base64", "validation.file_type"))?;
        if bytes.len() > MAX_FILE_BYTES {
            return Err(AppError::TooLarge);
        }
        let content_type =
            sniff(&bytes).ok_or_else(|| AppError::validation("content_base64", "validation.file_type"))?;
        Ok(ValidRevision { revision, issued_on, changes, file_name, content_type, bytes })
    }
}

/// A file's type by its first bytes: PDF, PNG or JPEG; anything else is refused.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// The days whose deliveries make a customer a recipient of a new SDS revision, both ends
/// included: the 12 months before the revision took effect for us. That is its issue date, or
/// the day it was entered if later — goods loaded between the two still went with the old
/// revision. A revision entered years after its issue date reaches those supplied in the 12
/// months before its entry, not everyone since.
pub fn supply_window(issued_on: NaiveDate, entered_on: NaiveDate) -> (NaiveDate, NaiveDate) {
    let to = issued_on.max(entered_on);
    (to - Duration::days(SDS_REACH_DAYS), to)
}

/// One revision of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub id: i64,
    pub revision: String,
    pub issued_on: String,
    pub changes: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    /// `GET /api/v1/documents/{id}/revisions/{revision}/file`.
    pub url: String,
    pub entered_by: String,
    pub entered_at: String,
}

/// A product's controlled document with its revisions, newest first; `current` is the one in
/// force (the latest entered).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: i64,
    pub version: i64,
    pub product_id: i64,
    pub product_name: String,
    pub kind: Kind,
    pub title: String,
    pub current: Option<Revision>,
    pub revisions: Vec<Revision>,
    /// The distribution the latest SDS revision opened, if any.
    pub distribution_id: Option<i64>,
}

/// A revision that goes (or went) with a delivery note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoteDocument {
    pub document_id: i64,
    pub kind: Kind,
    pub title: String,
    pub revision: String,
    pub revision_id: i64,
    pub url: String,
    /// An SDS revision this customer is still to be sent: it goes with these goods.
    #[serde(default)]
    pub unsent_sds: bool,
}

/// Who did a step, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handed {
    pub channel: Handover,
    pub by: String,
    pub at: String,
}

/// A customer a new SDS revision must reach.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recipient {
    pub customer_id: i64,
    pub customer_name: String,
    pub last_delivery_on: String,
    pub sent_at: Option<String>,
    pub sent: Option<Handed>,
    pub acknowledged_at: Option<String>,
    pub acknowledged: Option<Handed>,
    /// The customer's single-use acknowledgement link, until it is used.
    pub link: Option<String>,
}

/// Open until every recipient has acknowledged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DistributionStatus {
    Open,
    Complete,
}

impl DistributionStatus {
    pub fn key(self) -> &'static str {
        match self {
            DistributionStatus::Open => "open",
            DistributionStatus::Complete => "complete",
        }
    }

    pub fn parse(key: &str) -> Option<DistributionStatus> {
        [DistributionStatus::Open, DistributionStatus::Complete].into_iter().find(|s| s.key() == key.trim())
    }
}

pub const DISTRIBUTION_PREFIX: &str = "SDS";

/// The distribution of one SDS revision (`SDS-2026-0001`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    pub id: i64,
    pub version: i64,
    pub number: String,
    pub status: DistributionStatus,
    pub document_id: i64,
    pub product_id: i64,
    pub product_name: String,
    pub revision: String,
    pub issued_on: String,
    pub supplied_from: String,
    pub supplied_to: String,
    pub recipient_count: i64,
    pub acknowledged_count: i64,
    pub opened_by: String,
    pub opened_at: String,
    pub completed_at: Option<String>,
    /// On the single record; empty in lists.
    #[serde(default)]
    pub recipients: Vec<Recipient>,
}

/// `POST …/recipients/{customer_id}/sent` and `/acknowledged` `{channel}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HandoverInput {
    #[serde(default)]
    pub channel: String,
}

/// Where a recipient stands, for the step asked of it: sending twice or acknowledging twice
/// is 409; acknowledging first counts as sent through the same channel.
pub fn check_step(already: bool) -> Result<(), AppError> {
    if already {
        return Err(AppError::conflict("sds.rule.done"));
    }
    Ok(())
}

/// A document revision a customer holds (with goods, by an SDS distribution, at a training),
/// and whether a newer revision is now in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldDocument {
    pub document_id: i64,
    pub product_id: i64,
    pub product_name: String,
    pub kind: Kind,
    pub title: String,
    pub revision: String,
    pub issued_on: String,
    pub held_since: String,
    /// The revision in force, when it is not the one held.
    pub newer_revision: Option<String>,
    pub url: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn within(window: (NaiveDate, NaiveDate), day: NaiveDate) -> bool {
        window.0 <= day && day <= window.1
    }

    #[test]
    fn a_new_sds_reaches_customers_supplied_in_the_twelve_months_before_it() {
        let issued = d("2026-06-15");
        let w = supply_window(issued, issued);
        assert!(!within(w, issued - Duration::days(366)), "366 days before: out");
        assert!(within(w, issued - Duration::days(364)), "364 days before: in");
        assert!(within(w, issued - Duration::days(365)), "a year to the day: in");
        assert!(within(w, issued), "the issue day itself");
        assert!(!within(w, issued + Duration::days(1)), "after it, the goods carry the new revision");
    }

    #[test]
    fn a_revision_entered_late_also_reaches_those_supplied_before_its_entry() {
        let w = supply_window(d("2026-06-15"), d("2026-06-20"));
        assert!(within(w, d("2026-06-18")), "loaded with the old revision after the issue date");
        assert_eq!(w.0, d("2025-06-20"));
        let old = supply_window(d("2020-03-01"), d("2026-06-20"));
        assert_eq!(old, (d("2025-06-20"), d("2026-06-20")), "not six years of customers");
    }

    #[test]
    fn a_file_is_a_pdf_or_an_image_by_its_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"MZ\x90\x00"), None);
        assert_eq!(sniff(b"<html>"), None);
    }

    #[cfg(feature = "ssr")]
    fn input(bytes: &[u8]) -> RevisionInput {
        use base64::Engine;
        RevisionInput {
            revision: "3.1".into(),
            issued_on: "2026-06-15".into(),
            changes: "Section 8: new exposure limits".into(),
            file_name: "sds.pdf".into(),
            content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn revisions_are_checked_before_anything_is_stored() {
        let ok = input(b"%PDF-1.7 hello").validate().unwrap();
        assert_eq!((ok.content_type, ok.issued_on), ("application/pdf", d("2026-06-15")));
        assert_eq!(input(b"MZ executable").validate().unwrap_err().field(), Some("content_base64"));
        let mut big = b"%PDF-".to_vec();
        big.resize(MAX_FILE_BYTES + 1, b'x');
        assert_eq!(input(&big).validate().unwrap_err(), AppError::TooLarge);
        let mut no_changes = input(b"%PDF-1.7");
        no_changes.changes = " ".into();
        assert_eq!(no_changes.validate().unwrap_err().field(), Some("changes"));
        let mut bad_rev = input(b"%PDF-1.7");
        bad_rev.revision = "../x".into();
        assert_eq!(bad_rev.validate().unwrap_err().field(), Some("revision"));
        let mut not_base64 = input(b"%PDF-1.7");
        not_base64.content_base64 = "%%%".into();
        assert_eq!(not_base64.validate().unwrap_err().field(), Some("content_base64"));
    }

    #[test]
    fn staff_record_sendings_by_their_own_channels_only() {
        assert_eq!(Handover::by_staff("email").unwrap(), Handover::Email);
        assert!(Handover::by_staff("link").is_err(), "only the customer acknowledges by link");
        assert!(Handover::by_staff("delivery").is_err(), "loading records that itself");
        assert_eq!(Handover::parse("delivery"), Some(Handover::Delivery));
    }
}
