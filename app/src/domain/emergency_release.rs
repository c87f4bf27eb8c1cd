//! Emergency release (紧急放行, §4.1.5): the one sanctioned way uninspected product leaves —
//! a risk assessment, the customer's written consent and a retained sample, approved by
//! someone other than the requester, for one delivery note; the batch is marked everywhere
//! and recalled if it then fails.

use super::batch::BatchStatus;
use super::fields;
use super::order::{to_milli, Decision, Milli};
use crate::error::{AppError, Msg};
use serde::{Deserialize, Serialize};

/// Risk level of an emergency release's assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Low,
    Medium,
    High,
}

impl RiskLevel {
    pub const ALL: [RiskLevel; 3] = [RiskLevel::Low, RiskLevel::Medium, RiskLevel::High];
    pub fn key(self) -> &'static str {
        match self {
            RiskLevel::Low => "low",
            RiskLevel::Medium => "medium",
            RiskLevel::High => "high",
        }
    }
    pub fn parse(key: &str) -> Option<RiskLevel> {
        RiskLevel::ALL.into_iter().find(|r| r.key() == key)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EmergencyReleaseInput {
    pub delivery_note_id: i64,
    pub batch_id: i64,
    /// Defaults to what the note's lines of that product hold.
    #[serde(default)]
    pub quantity: Option<f64>,
    pub reason: String,
    pub risk_level: String,
    pub risk_assessment: String,
    pub customer_consent_by: String,
    #[serde(default)]
    pub customer_consent_how: Option<String>,
    pub customer_consent_at: String,
    pub retained_sample_ref: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidRelease {
    pub quantity: Option<Milli>,
    pub reason: String,
    pub risk_level: RiskLevel,
    pub risk_assessment: String,
    pub customer_consent_by: String,
    pub customer_consent_how: Option<String>,
    pub customer_consent_at: String,
    pub retained_sample_ref: String,
}

impl EmergencyReleaseInput {
    pub fn validate(&self) -> Result<ValidRelease, AppError> {
        if self.delivery_note_id <= 0 {
            return Err(AppError::validation("delivery_note_id", "validation.required"));
        }
        if self.batch_id <= 0 {
            return Err(AppError::validation("batch_id", "validation.required"));
        }
        let quantity = self.quantity.map(|q| to_milli("quantity", q)).transpose()?;
        let risk_level = RiskLevel::parse(self.risk_level.trim())
            .ok_or_else(|| AppError::validation("risk_level", "validation.risk_level"))?;
        let at = fields::required("customer_consent_at", &self.customer_consent_at, 40)?;
        let customer_consent_at = chrono::DateTime::parse_from_rfc3339(&at)
            .map(|t| t.to_rfc3339())
            .or_else(|_| fields::date("customer_consent_at", &at).map(|d| d.format("%Y-%m-%d").to_string()))?;
        Ok(ValidRelease {
            quantity,
            reason: fields::required("reason", &self.reason, 1000)?,
            risk_level,
            risk_assessment: fields::required("risk_assessment", &self.risk_assessment, 2000)?,
            customer_consent_by: fields::required("customer_consent_by", &self.customer_consent_by, 100)?,
            customer_consent_how: fields::optional("customer_consent_how", self.customer_consent_how.as_deref(), 200)?,
            customer_consent_at,
            retained_sample_ref: fields::required("retained_sample_ref", &self.retained_sample_ref, 64)?,
        })
    }
}

/// Whether an emergency release may be decided: pending, not by its requester (four eyes),
/// and approved only while the batch has not failed.
pub fn decide_release(status: Decision, by_requester: bool, approve: bool, batch: BatchStatus) -> Result<(), AppError> {
    if status != Decision::Pending {
        return Err(AppError::Conflict(Msg::new("release.rule.decided").arg("status", status.key())));
    }
    if by_requester {
        return Err(AppError::conflict("release.rule.self_approval"));
    }
    if approve && batch.is_failed() {
        return Err(AppError::Conflict(Msg::new("gate.rule.failed").arg("batch", "").arg("status", batch.key())));
    }
    Ok(())
}

/// 紧急放行: a concession for one delivery note and one batch, up to a quantity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmergencyRelease {
    pub id: i64,
    pub version: i64,
    pub delivery_note_id: i64,
    pub delivery_note_number: String,
    pub customer_name: String,
    pub batch_id: i64,
    pub batch_no: String,
    pub product_name: String,
    pub quantity: f64,
    pub reason: String,
    pub risk_level: RiskLevel,
    pub risk_assessment: String,
    pub customer_consent_by: String,
    pub customer_consent_how: Option<String>,
    pub customer_consent_at: String,
    pub retained_sample_ref: String,
    pub status: Decision,
    pub requested_by: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub decision_reason: Option<String>,
    pub created_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use BatchStatus as S;

    #[test]
    fn a_release_is_decided_once_and_never_by_its_requester() {
        assert_eq!(
            decide_release(Decision::Pending, true, true, S::Inspecting).unwrap_err().msg().key,
            "release.rule.self_approval"
        );
        assert!(decide_release(Decision::Approved, false, true, S::Inspecting).is_err());
        assert!(decide_release(Decision::Pending, false, true, S::Failed).is_err());
        assert!(decide_release(Decision::Pending, false, false, S::Failed).is_ok());
        assert!(decide_release(Decision::Pending, false, true, S::Inspecting).is_ok());
    }
}
