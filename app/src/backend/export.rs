//! Registers as files: UTF-8 CSV with a byte-order mark (so Excel opens Chinese text intact)
//! and real XLSX workbooks, both written from one sheet of headings and cells.

use crate::error::AppError;

/// One cell: text, or a number with its Excel format (`#,##0.00`).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64, &'static str),
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    /// Text of an optional value, empty when absent.
    pub fn opt(value: Option<impl Into<String>>) -> Cell {
        Cell::Text(value.map(Into::into).unwrap_or_default())
    }

    /// The cell as a CSV field: text that a spreadsheet would read as a formula (starting
    /// with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, so it is shown,
    /// never run (OWASP's CSV injection advice). Numbers stay numbers, negative ones too.
    fn as_csv_field(&self) -> String {
        match self {
            Cell::Text(s) => inert(s),
            Cell::Number(n, format) => {
                let places = format.rsplit_once('.').map(|(_, d)| d.len()).unwrap_or(0);
                format!("{n:.places$}")
            }
        }
    }
}

/// Text that cannot start a formula: `'` before a leading `=`, `+`, `-`, `@`, tab or CR.
fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// A register ready to be written: its name (the worksheet's), headings and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub headings: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The two file formats a register exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// `csv` or `xlsx`; `None` for anything else (the caller answers 422).
    pub fn parse(key: &str) -> Option<Format> {
        match key {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

impl Sheet {
    pub fn new(name: &str, headings: Vec<String>) -> Sheet {
        Sheet { name: name.to_string(), headings, rows: Vec::new() }
    }

    pub fn write(&self, format: Format) -> Result<Vec<u8>, AppError> {
        match format {
            Format::Csv => self.csv(),
            Format::Xlsx => self.xlsx(),
        }
    }

    pub fn csv(&self) -> Result<Vec<u8>, AppError> {
        let mut out = "\u{feff}".as_bytes().to_vec();
        {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(self.headings.iter().map(|h| inert(h))).map_err(|_| AppError::Internal)?;
            for row in &self.rows {
                w.write_record(row.iter().map(Cell::as_csv_field)).map_err(|_| AppError::Internal)?;
            }
            w.flush().map_err(|_| AppError::Internal)?;
        }
        Ok(out)
    }

    pub fn xlsx(&self) -> Result<Vec<u8>, AppError> {
        use rust_xlsxwriter::{Format as CellFormat, Workbook};
        let fail = |e: rust_xlsxwriter::XlsxError| {
            tracing::error!("xlsx: {e}");
            AppError::Internal
        };
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        // a worksheet name has at most 31 characters and none of []:*?/\
        let name: String =
            self.name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect::<String>().trim().to_string();
        if !name.is_empty() {
            sheet.set_name(name).map_err(fail)?;
        }
        let bold = CellFormat::new().set_bold();
        for (c, heading) in self.headings.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, heading, &bold).map_err(fail)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let at = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    Cell::Text(s) => sheet.write_string(at, c as u16, s).map(|_| ()),
                    Cell::Number(n, f) => sheet
                        .write_number_with_format(at, c as u16, *n, &CellFormat::new().set_num_format(*f))
                        .map(|_| ()),
                }
                .map_err(fail)?;
            }
        }
        sheet.autofit();
        book.save_to_buffer().map_err(fail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Sheet {
        let mut s = Sheet::new("投诉 [2026]", vec!["编号".into(), "Amount".into()]);
        s.rows.push(vec![Cell::text("CMP-2026-0001, \"urgent\""), Cell::Number(1234.5, "#,##0.00")]);
        s
    }

    #[test]
    fn csv_keeps_chinese_text_quotes_and_number_places() {
        let bytes = sheet().csv().unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(text.trim_start_matches('\u{feff}'), "编号,Amount\n\"CMP-2026-0001, \"\"urgent\"\"\",1234.50\n");
    }

    #[test]
    fn csv_text_that_would_run_as_a_formula_is_written_inert_and_numbers_stay_numbers() {
        let mut s = Sheet::new("x", vec!["a".into(), "b".into()]);
        for bad in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            s.rows.push(vec![Cell::text(bad), Cell::Number(-5.0, "0")]);
        }
        s.rows.push(vec![Cell::text("a=b - c"), Cell::Number(-1234.5, "#,##0.00")]);
        let text = String::from_utf8(s.csv().unwrap()).unwrap();
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[1..5], ["'=1+1,-5", "'+1,-5", "'-2,-5", "'@SUM(A1),-5"]);
        assert_eq!(lines[5], "'\tx,-5");
        assert!(text.contains("\"'\rx\",-5"), "{text:?}");
        assert_eq!(*lines.last().unwrap(), "a=b - c,-1234.50");
    }

    #[test]
    fn xlsx_is_a_workbook_even_with_a_forbidden_sheet_name() {
        let bytes = sheet().xlsx().unwrap();
        assert_eq!(&bytes[..2], b"PK");
        assert_eq!(Format::parse("xlsx"), Some(Format::Xlsx));
        assert_eq!(Format::parse("pdf"), None);
    }
}
