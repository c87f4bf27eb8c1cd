//! Product (产品): code, name, specification, unit, the hazardous flag with UN number and
//! class, and the technical indicators (技术指标) the laboratory tests each batch against.

use super::fields;
use crate::error::{AppError, Msg};
use serde::{Deserialize, Serialize};

/// One technical indicator with its specification limits; a missing limit is open.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub name: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
}

impl Indicator {
    /// Whether a measured value lies within the limits (inclusive).
    pub fn accepts(&self, value: f64) -> bool {
        self.min.is_none_or(|m| value >= m) && self.max.is_none_or(|m| value <= m)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductInput {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub specification: String,
    pub unit: String,
    pub hazardous: bool,
    #[serde(default)]
    pub un_number: Option<String>,
    #[serde(default)]
    pub hazard_class: Option<String>,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub version: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidProduct {
    pub code: String,
    pub name: String,
    pub specification: String,
    pub unit: String,
    pub hazardous: bool,
    pub un_number: Option<String>,
    pub hazard_class: Option<String>,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub id: i64,
    pub version: i64,
    pub code: String,
    pub name: String,
    pub specification: String,
    pub unit: String,
    pub hazardous: bool,
    pub un_number: Option<String>,
    pub hazard_class: Option<String>,
    pub indicators: Vec<Indicator>,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl Product {
    pub fn to_input(&self) -> ProductInput {
        ProductInput {
            code: self.code.clone(),
            name: self.name.clone(),
            specification: self.specification.clone(),
            unit: self.unit.clone(),
            hazardous: self.hazardous,
            un_number: self.un_number.clone(),
            hazard_class: self.hazard_class.clone(),
            indicators: self.indicators.clone(),
            version: Some(self.version),
        }
    }
}

impl ProductInput {
    pub fn validate(&self) -> Result<ValidProduct, AppError> {
        let code = fields::code("code", &self.code)?;
        let name = fields::required("name", &self.name, 200)?;
        let specification = self.specification.trim().to_string();
        if specification.chars().count() > 200 {
            return Err(AppError::Validation {
                field: "specification".into(),
                msg: Msg::new("validation.too_long").arg("max", 200),
            });
        }
        let unit = fields::required("unit", &self.unit, 16)?;
        let (un_number, hazard_class) = if self.hazardous {
            let un = fields::optional("un_number", self.un_number.as_deref(), 8)?
                .ok_or_else(|| AppError::validation("un_number", "validation.un_number_required"))?;
            let digits = un.trim_start_matches("UN").trim_start_matches("un").trim();
            if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
                return Err(AppError::validation("un_number", "validation.un_number"));
            }
            let class = fields::optional("hazard_class", self.hazard_class.as_deref(), 16)?;
            (Some(format!("UN{digits}")), class)
        } else {
            (None, None)
        };
        let mut indicators = Vec::with_capacity(self.indicators.len());
        for (i, ind) in self.indicators.iter().enumerate() {
            let at = |f: &str| format!("indicators[{i}].{f}");
            let name = fields::required(&at("name"), &ind.name, 64)?;
            if indicators.iter().any(|o: &Indicator| o.name.to_lowercase() == name.to_lowercase()) {
                return Err(AppError::validation(&at("name"), "validation.indicator_duplicate"));
            }
            let unit = ind.unit.trim().to_string();
            if unit.chars().count() > 16 {
                return Err(AppError::validation(&at("unit"), "validation.too_long"));
            }
            for (f, v) in [("min", ind.min), ("max", ind.max)] {
                if v.is_some_and(|v| !v.is_finite()) {
                    return Err(AppError::validation(&at(f), "validation.number"));
                }
            }
            if ind.min.is_none() && ind.max.is_none() {
                return Err(AppError::validation(&at("min"), "validation.indicator_no_limit"));
            }
            if let (Some(min), Some(max)) = (ind.min, ind.max) {
                if min > max {
                    return Err(AppError::validation(&at("max"), "validation.min_above_max"));
                }
            }
            indicators.push(Indicator { name, unit, min: ind.min, max: ind.max });
        }
        Ok(ValidProduct {
            code,
            name,
            specification,
            unit,
            hazardous: self.hazardous,
            un_number,
            hazard_class,
            indicators,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProductInput {
        ProductInput {
            code: "p-1".into(),
            name: "盐酸 31%".into(),
            unit: "t".into(),
            hazardous: true,
            un_number: Some("1789".into()),
            hazard_class: Some("8".into()),
            indicators: vec![Indicator { name: "HCl %".into(), unit: "%".into(), min: Some(31.0), max: None }],
            ..Default::default()
        }
    }

    #[test]
    fn a_hazardous_product_needs_a_four_digit_un_number() {
        assert_eq!(input().validate().unwrap().un_number.as_deref(), Some("UN1789"));
        let missing = ProductInput { un_number: None, ..input() };
        assert_eq!(missing.validate().unwrap_err().field(), Some("un_number"));
        let wrong = ProductInput { un_number: Some("17a9".into()), ..input() };
        assert_eq!(wrong.validate().unwrap_err().field(), Some("un_number"));
    }

    #[test]
    fn a_safe_product_drops_hazard_data() {
        let p = ProductInput { hazardous: false, ..input() }.validate().unwrap();
        assert_eq!(p.un_number, None);
        assert_eq!(p.hazard_class, None);
    }

    #[test]
    fn indicator_limits_must_be_ordered_and_present() {
        let mut bad = input();
        bad.indicators[0].max = Some(10.0);
        assert_eq!(bad.validate().unwrap_err().field(), Some("indicators[0].max"));
        let mut none = input();
        none.indicators[0].min = None;
        assert_eq!(none.validate().unwrap_err().field(), Some("indicators[0].min"));
    }

    #[test]
    fn indicator_names_are_unique() {
        let mut dup = input();
        dup.indicators.push(Indicator { name: "hcl %".into(), max: Some(40.0), ..Default::default() });
        assert_eq!(dup.validate().unwrap_err().field(), Some("indicators[1].name"));
    }

    #[test]
    fn limits_are_inclusive() {
        let ind = Indicator { name: "pH".into(), unit: String::new(), min: Some(6.0), max: Some(8.0) };
        assert!(ind.accepts(6.0) && ind.accepts(8.0));
        assert!(!ind.accepts(8.01) && !ind.accepts(5.99));
    }
}
