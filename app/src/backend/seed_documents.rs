//! Demo documents: every demo product gets its manual and its safety data sheet (two
//! revisions, the second issued this month, which opens its distribution), and one customer a
//! training with the manual — through the same services as the desk, so each is audited.

use super::seed_service::as_user;
use super::{documents, trainings, AppState};
use crate::domain::document::{DocumentInput, Kind, RevisionInput};
use crate::domain::training::TrainingInput;
use crate::domain::Role;
use crate::error::AppError;
use base64::Engine;
use chrono::Duration;

/// A one-page PDF whose page reads `lines` (ASCII), with a correct cross-reference table.
pub fn demo_pdf(lines: &[&str]) -> Vec<u8> {
    let mut text = String::from("BT /F1 14 Tf 56 780 Td 18 TL");
    for l in lines {
        let safe: String = l.chars().filter(|c| c.is_ascii() && !"()\\".contains(*c)).collect();
        text.push_str(&format!(" ({safe}) Tj T*"));
    }
    text.push_str(" ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (n, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", n + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

fn day(days_ago: i64) -> String {
    (super::db::today() - Duration::days(days_ago)).format("%Y-%m-%d").to_string()
}

/// Seeds the documents once (when the first product has none).
pub async fn seed_demo_documents(state: &AppState) -> Result<(), AppError> {
    let quality = as_user("quality", Role::Quality);
    let service = as_user("service", Role::Service);
    let mut conn = state.db.read.acquire().await?;
    let products = super::store::products::list(&mut conn, "", None, 100).await?;
    drop(conn);
    let Some(first) = products.first() else { return Ok(()) };
    if !documents::of_product(state, &quality, first.id).await?.is_empty() {
        return Ok(());
    }
    let mut manual_of_first = None;
    for p in &products {
        let code = p.code.as_str();
        let add = |kind: Kind, title: String| DocumentInput { kind: kind.key().into(), title };
        let revision = |label: &str, days_ago: i64, changes: &str, what: &str| RevisionInput {
            revision: label.into(),
            issued_on: day(days_ago),
            changes: changes.into(),
            file_name: format!("{code}-{what}-{label}.pdf"),
            content_base64: base64::engine::general_purpose::STANDARD.encode(demo_pdf(&[
                &format!("{code} - {what}"),
                &format!("Revision {label}, issued {}", day(days_ago)),
                changes,
            ])),
        };
        let manual =
            documents::create(state, &quality, p.id, &add(Kind::Manual, format!("{} 使用说明书", p.name))).await?;
        let m =
            documents::add_revision(state, &quality, manual.id, &revision("A", 400, "First issue", "manual")).await?;
        manual_of_first = manual_of_first.or(m.current.map(|c| c.id));
        let sds =
            documents::create(state, &quality, p.id, &add(Kind::Sds, format!("{} 安全技术说明书", p.name))).await?;
        documents::add_revision(state, &quality, sds.id, &revision("1.0", 700, "First issue (GB/T 16483)", "SDS"))
            .await?;
        documents::add_revision(
            state,
            &quality,
            sds.id,
            &revision("2.0", 6, "Section 8: exposure limits revised", "SDS"),
        )
        .await?;
    }
    let training = TrainingInput {
        customer_id: 1,
        held_on: day(20),
        topic: "安全操作与泄漏应急处置 Safe handling and spill response".into(),
        trainer: "陈售后 Chen".into(),
        attendees: vec!["李明".into(), "赵强".into(), "王芳".into()],
        product_id: Some(first.id),
        materials: manual_of_first.into_iter().collect(),
    };
    trainings::create(state, &service, &training).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_pdf_is_a_pdf_with_a_true_cross_reference_table() {
        let pdf = demo_pdf(&["PAC - SDS", "Revision 2.0 (draft)"]);
        let text = String::from_utf8(pdf.clone()).unwrap();
        assert!(text.starts_with("%PDF-1.4") && text.ends_with("%%EOF\n"));
        assert_eq!(crate::domain::document::sniff(&pdf), Some("application/pdf"));
        let start: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert!(text[start..].starts_with("xref"));
        let first = text[start..].lines().nth(3).unwrap()[..10].parse::<usize>().unwrap();
        assert!(text[first..].starts_with("1 0 obj"));
        assert!(!text.contains("(draft)"), "parentheses are left out of the text");
    }
}
