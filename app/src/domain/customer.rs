//! Customer (客户): identity, contacts, the qualification check (经营资格和商业信誉调查:
//! business licence number and credit rating) and the hazardous-chemical permit
//! (危险化学品经营许可证), which decides whether hazardous products may be sold to them.

use super::fields;
use crate::error::AppError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Credit ratings used by the sales department's credit check, best first.
pub const CREDIT_RATINGS: [&str; 5] = ["AAA", "AA", "A", "B", "C"];

/// What a user submits when creating or editing a customer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomerInput {
    pub code: String,
    pub name: String,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub credit_rating: String,
    pub license_no: String,
    #[serde(default)]
    pub hazardous_permit_no: Option<String>,
    #[serde(default)]
    pub hazardous_permit_scope: Option<String>,
    #[serde(default)]
    pub hazardous_permit_valid_until: Option<String>,
    /// The version the editor read; required when updating.
    #[serde(default)]
    pub version: Option<i64>,
}

/// A customer input that passed every rule; only this can be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidCustomer {
    pub code: String,
    pub name: String,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub credit_rating: String,
    pub license_no: String,
    pub permit: Option<HazardousPermit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HazardousPermit {
    pub number: String,
    pub scope: Option<String>,
    pub valid_until: NaiveDate,
}

impl HazardousPermit {
    /// A permit is valid up to and including its last day.
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        day <= self.valid_until
    }
}

/// A stored customer, as the API and the pages show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: i64,
    pub version: i64,
    pub code: String,
    pub name: String,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub credit_rating: String,
    pub license_no: String,
    pub hazardous_permit_no: Option<String>,
    pub hazardous_permit_scope: Option<String>,
    pub hazardous_permit_valid_until: Option<String>,
    pub qualification_checked_by: Option<String>,
    pub qualification_checked_at: Option<String>,
    pub active: bool,
    /// Whether the permit covers today (derived when read, for lists and badges).
    pub permit_status: PermitStatus,
    pub created_at: String,
    pub updated_at: String,
}

/// Whether a customer's hazardous-chemical permit covers a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PermitStatus {
    None,
    Valid,
    Expired,
}

impl Customer {
    pub fn permit(&self) -> Option<HazardousPermit> {
        let number = self.hazardous_permit_no.clone()?;
        let valid_until = NaiveDate::parse_from_str(self.hazardous_permit_valid_until.as_deref()?, "%Y-%m-%d").ok()?;
        Some(HazardousPermit { number, scope: self.hazardous_permit_scope.clone(), valid_until })
    }

    pub fn permit_status_on(&self, day: NaiveDate) -> PermitStatus {
        match self.permit() {
            None => PermitStatus::None,
            Some(p) if p.valid_on(day) => PermitStatus::Valid,
            Some(_) => PermitStatus::Expired,
        }
    }

    /// The form contents that edit this customer.
    pub fn to_input(&self) -> CustomerInput {
        CustomerInput {
            code: self.code.clone(),
            name: self.name.clone(),
            address: self.address.clone(),
            contact_name: self.contact_name.clone(),
            contact_phone: self.contact_phone.clone(),
            credit_rating: self.credit_rating.clone(),
            license_no: self.license_no.clone(),
            hazardous_permit_no: self.hazardous_permit_no.clone(),
            hazardous_permit_scope: self.hazardous_permit_scope.clone(),
            hazardous_permit_valid_until: self.hazardous_permit_valid_until.clone(),
            version: Some(self.version),
        }
    }
}

impl CustomerInput {
    /// Applies every field rule; the first broken rule names its field.
    pub fn validate(&self) -> Result<ValidCustomer, AppError> {
        let code = fields::code("code", &self.code)?;
        let name = fields::required("name", &self.name, 200)?;
        let address = fields::required("address", &self.address, 300)?;
        let contact_name = fields::required("contact_name", &self.contact_name, 100)?;
        let contact_phone = phone("contact_phone", &self.contact_phone)?;
        let credit_rating = fields::required("credit_rating", &self.credit_rating, 8)?.to_ascii_uppercase();
        if !CREDIT_RATINGS.contains(&credit_rating.as_str()) {
            return Err(AppError::validation("credit_rating", "validation.credit_rating"));
        }
        let license_no = fields::required("license_no", &self.license_no, 64)?;
        let permit_no = fields::optional("hazardous_permit_no", self.hazardous_permit_no.as_deref(), 64)?;
        let scope = fields::optional("hazardous_permit_scope", self.hazardous_permit_scope.as_deref(), 300)?;
        let until =
            fields::optional_date("hazardous_permit_valid_until", self.hazardous_permit_valid_until.as_deref())?;
        let permit = match (permit_no, until) {
            (Some(number), Some(valid_until)) => Some(HazardousPermit { number, scope, valid_until }),
            (None, None) if scope.is_none() => None,
            (None, _) => return Err(AppError::validation("hazardous_permit_no", "validation.permit_number_missing")),
            (Some(_), None) => {
                return Err(AppError::validation("hazardous_permit_valid_until", "validation.permit_date_missing"))
            }
        };
        Ok(ValidCustomer { code, name, address, contact_name, contact_phone, credit_rating, license_no, permit })
    }
}

/// A telephone number: digits with optional `+`, spaces, dashes and parentheses, 5–32 long.
fn phone(field: &str, value: &str) -> Result<String, AppError> {
    let v = fields::required(field, value, 32)?;
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let allowed = v.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'));
    if !allowed || digits < 5 {
        return Err(AppError::validation(field, "validation.phone"));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CustomerInput {
        CustomerInput {
            code: "c-100".into(),
            name: "华东化工有限公司".into(),
            address: "上海市浦东新区".into(),
            contact_name: "王经理".into(),
            contact_phone: "021-5555 1234".into(),
            credit_rating: "aa".into(),
            license_no: "91310000MA1K000001".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_customer_is_normalised() {
        let c = input().validate().unwrap();
        assert_eq!(c.code, "C-100");
        assert_eq!(c.credit_rating, "AA");
        assert_eq!(c.permit, None);
    }

    #[test]
    fn an_unknown_credit_rating_names_its_field() {
        let err = CustomerInput { credit_rating: "Z".into(), ..input() }.validate().unwrap_err();
        assert_eq!(err.field(), Some("credit_rating"));
    }

    #[test]
    fn a_permit_needs_both_number_and_expiry() {
        let only_number = CustomerInput { hazardous_permit_no: Some("沪危化经字001".into()), ..input() };
        assert_eq!(only_number.validate().unwrap_err().field(), Some("hazardous_permit_valid_until"));
        let only_date = CustomerInput { hazardous_permit_valid_until: Some("2027-01-01".into()), ..input() };
        assert_eq!(only_date.validate().unwrap_err().field(), Some("hazardous_permit_no"));
        let bad_date = CustomerInput {
            hazardous_permit_no: Some("X1".into()),
            hazardous_permit_valid_until: Some("2027-02-30".into()),
            ..input()
        };
        assert_eq!(bad_date.validate().unwrap_err().field(), Some("hazardous_permit_valid_until"));
    }

    #[test]
    fn a_permit_is_valid_through_its_last_day_only() {
        let permit = HazardousPermit {
            number: "P-1".into(),
            scope: None,
            valid_until: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
        };
        assert!(permit.valid_on(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()));
        assert!(!permit.valid_on(NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()));
    }

    #[test]
    fn phone_numbers_need_digits() {
        assert!(CustomerInput { contact_phone: "call me".into(), ..input() }.validate().is_err());
        assert!(CustomerInput { contact_phone: "+86 138 0000 0000".into(), ..input() }.validate().is_ok());
    }
}
