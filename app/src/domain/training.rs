//! Customer training (§4.2.1): a session's date, customer, topic, trainer, attendees, product
//! and the document revisions handed out.

use super::document::{HeldDocument, NoteDocument};
use super::fields;
use crate::error::AppError;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// `GET, POST /api/v1/trainings`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainingInput {
    pub customer_id: i64,
    pub held_on: String,
    pub topic: String,
    pub trainer: String,
    #[serde(default)]
    pub attendees: Vec<String>,
    #[serde(default)]
    pub product_id: Option<i64>,
    /// Document revisions handed out (`Revision::id`).
    #[serde(default)]
    pub materials: Vec<i64>,
}

/// A validated training: (held on, topic, trainer, attendees).
pub type ValidTraining = (NaiveDate, String, String, Vec<String>);

impl TrainingInput {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidTraining, AppError> {
        let held_on = fields::date("held_on", &self.held_on)?;
        if held_on > today + Duration::days(366) {
            return Err(AppError::validation("held_on", "validation.date"));
        }
        let topic = fields::required("topic", &self.topic, 200)?;
        let trainer = fields::required("trainer", &self.trainer, 100)?;
        let attendees: Vec<String> =
            self.attendees.iter().map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect();
        if attendees.is_empty() {
            return Err(AppError::validation("attendees", "validation.required"));
        }
        if attendees.len() > 200 || attendees.iter().any(|a| a.chars().count() > 100 || a.contains('\n')) {
            return Err(AppError::validation("attendees", "validation.too_long"));
        }
        if self.materials.len() > 50 {
            return Err(AppError::validation("materials", "validation.too_long"));
        }
        Ok((held_on, topic, trainer, attendees))
    }
}

/// A training session as the API reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Training {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub held_on: String,
    pub topic: String,
    pub trainer: String,
    pub attendees: Vec<String>,
    pub product_id: Option<i64>,
    pub product_name: Option<String>,
    pub materials: Vec<NoteDocument>,
    pub created_by: String,
}

/// What the customer page shows of a customer's after-sales: the document revisions it holds
/// and its latest trainings, read together.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomerHeld {
    pub documents: Vec<HeldDocument>,
    pub trainings: Vec<Training>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_training_names_its_attendees() {
        let today = d("2026-12-01");
        let mut t = TrainingInput {
            customer_id: 1,
            held_on: "2026-11-20".into(),
            topic: "Safe handling".into(),
            trainer: "Wang".into(),
            attendees: vec![" Li ".into(), "".into(), "Zhao".into()],
            product_id: None,
            materials: vec![],
        };
        assert_eq!(t.validate(today).unwrap().3, vec!["Li".to_string(), "Zhao".to_string()]);
        t.attendees = vec![" ".into()];
        assert_eq!(t.validate(today).unwrap_err().field(), Some("attendees"));
    }
}
