//! Nonconforming product (不良品处理, §4.1.5): a failed batch's classification, disposition and
//! who is responsible.

use super::fields;
use crate::error::AppError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    Minor,
    Major,
    Critical,
}

impl Classification {
    pub const ALL: [Classification; 3] = [Classification::Minor, Classification::Major, Classification::Critical];
    pub fn key(self) -> &'static str {
        match self {
            Classification::Minor => "minor",
            Classification::Major => "major",
            Classification::Critical => "critical",
        }
    }
    pub fn parse(key: &str) -> Option<Classification> {
        Classification::ALL.into_iter().find(|c| c.key() == key)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    Rework,
    Scrap,
    ReturnToSupplier,
}

impl Disposition {
    pub const ALL: [Disposition; 3] = [Disposition::Rework, Disposition::Scrap, Disposition::ReturnToSupplier];
    pub fn key(self) -> &'static str {
        match self {
            Disposition::Rework => "rework",
            Disposition::Scrap => "scrap",
            Disposition::ReturnToSupplier => "return_to_supplier",
        }
    }
    pub fn parse(key: &str) -> Option<Disposition> {
        Disposition::ALL.into_iter().find(|c| c.key() == key)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NonconformityInput {
    pub classification: String,
    pub disposition: String,
    pub responsible: String,
    #[serde(default)]
    pub description: Option<String>,
}

impl NonconformityInput {
    pub fn validate(&self) -> Result<(Classification, Disposition, String, Option<String>), AppError> {
        let c = Classification::parse(self.classification.trim())
            .ok_or_else(|| AppError::validation("classification", "validation.choice"))?;
        let d = Disposition::parse(self.disposition.trim())
            .ok_or_else(|| AppError::validation("disposition", "validation.choice"))?;
        let responsible = fields::required("responsible", &self.responsible, 100)?;
        let description = fields::optional("description", self.description.as_deref(), 2000)?;
        Ok((c, d, responsible, description))
    }
}

/// 不良品处理 record, open until `quality` closes it with the result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Nonconformity {
    pub id: i64,
    pub version: i64,
    pub batch_id: i64,
    pub batch_no: String,
    pub product_name: String,
    pub classification: Classification,
    pub disposition: Disposition,
    pub responsible: String,
    pub description: Option<String>,
    pub status: String,
    pub result: Option<String>,
    pub opened_by: String,
    pub closed_by: Option<String>,
    pub closed_at: Option<String>,
    pub created_at: String,
}
