//! The after-sales part of the ten-year benchmark set: inquiries spread over 2016–2025,
//! nearly all answered within a working day or two, the last few still open.

use crate::bench::{q, Rng};
use app::backend::db::Db;
use app::backend::store::bench::{insert_rows, max_id};
use app::domain::calendar::Calendar;
use app::domain::complaint::{self, Category, Severity};
use app::domain::inquiry;
use app::domain::service::{number, Channel, Department};
use chrono::TimeZone;

/// The customers and products the set was made with (ids follow `base_*`).
pub struct People {
    pub base_customer: i64,
    pub customers: usize,
    pub base_product: i64,
    pub products: usize,
}

pub(crate) async fn generate_inquiries(db: &Db, rng: &mut Rng, people: &People, count: usize) -> anyhow::Result<()> {
    let cal = Calendar::standard();
    let start = cal.offset.with_ymd_and_hms(2016, 1, 4, 9, 0, 0).single().expect("date").timestamp_millis();
    let span = 3650i64 * 86_400_000;
    let mut tx = db.begin().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let base = max_id(&mut tx, "inquiry").await?;
    let mut rows = Vec::with_capacity(count);
    let mut sequence = std::collections::BTreeMap::<i32, i64>::new();
    for n in 0..count {
        let received_ms = start + span * n as i64 / count as i64 + rng.below(8 * 3_600_000) as i64;
        let received = chrono::Utc.timestamp_millis_opt(received_ms).single().expect("instant");
        let year = chrono::Datelike::year(&received.with_timezone(&cal.offset));
        let seq = sequence.entry(year).or_insert(0);
        *seq += 1;
        let customer = people.base_customer + 1 + rng.below(people.customers as u64) as i64;
        let product = if rng.below(3) == 0 {
            "NULL".to_string()
        } else {
            (people.base_product + 1 + rng.below(people.products as u64) as i64).to_string()
        };
        let channel = Channel::ALL[rng.below(Channel::ALL.len() as u64) as usize].key();
        let clock = inquiry::clock(&cal, received);
        let due = clock.due_at(received).unwrap_or(received).timestamp_millis();
        let open = n + 20 >= count;
        let (status, answer, by, at, consulted) = if open {
            ("open", "NULL".to_string(), "NULL".to_string(), "NULL".to_string(), String::new())
        } else {
            // most within the day, one in eight in the second working day
            let minutes = (60 + rng.below(360) as i64) * if rng.below(8) == 0 { 2 } else { 1 };
            let at = cal.add_working(received, minutes).unwrap_or(received).timestamp_millis();
            let dept = Department::ALL[rng.below(Department::ALL.len() as u64) as usize].key();
            ("answered", q("已按技术说明书答复"), q("service"), at.to_string(), dept.to_string())
        };
        rows.push(format!(
            "({}, '{status}', {customer}, '{channel}', {received_ms}, {received_ms}, 'sales', {product}, {}, {answer}, {by}, {at}, {}, {due})",
            q(&number(inquiry::PREFIX, year, *seq + base)),
            q(&format!("咨询 {n}：产品储存条件与保质期")),
            q(&consulted),
        ));
    }
    insert_rows(
        &mut tx,
        "INSERT INTO inquiry (number, status, customer_id, channel, received_at, entered_at, entered_by, product_id, question, \
         answer, answered_by, answered_at, consulted, due_at)",
        &rows,
        500,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Complaints over the ten years, most closed after their 8D steps, the last few open; some
/// tied to a batch, the same product and category now and then (repeats).
pub(crate) async fn generate_complaints(db: &Db, rng: &mut Rng, people: &People, count: usize) -> anyhow::Result<()> {
    let cal = Calendar::standard();
    let start = cal.offset.with_ymd_and_hms(2016, 1, 4, 10, 0, 0).single().expect("date").timestamp_millis();
    let span = 3650i64 * 86_400_000;
    let mut tx = db.begin().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let base = max_id(&mut tx, "complaint").await?;
    let batches = max_id(&mut tx, "batch").await?;
    let mut rows = Vec::with_capacity(count);
    for n in 0..count {
        let received_ms = start + span * n as i64 / count as i64 + rng.below(8 * 3_600_000) as i64;
        let received = chrono::Utc.timestamp_millis_opt(received_ms).single().expect("instant");
        let year = chrono::Datelike::year(&received.with_timezone(&cal.offset));
        let customer = people.base_customer + 1 + rng.below(people.customers as u64) as i64;
        let product = people.base_product + 1 + rng.below(people.products as u64) as i64;
        let batch = if rng.below(2) == 0 && batches > 0 {
            (1 + rng.below(batches as u64) as i64).to_string()
        } else {
            "NULL".into()
        };
        let severity = Severity::ALL[rng.below(3) as usize];
        let category = Category::ALL[rng.below(Category::ALL.len() as u64) as usize].key();
        let due = complaint::containment_clock(&cal, severity, received)
            .due_at(received)
            .unwrap_or(received)
            .timestamp_millis();
        let open = n + 10 >= count;
        let day = 86_400_000i64;
        let (status, steps) = if open {
            ("open", vec!["NULL"; 18].join(", "))
        } else {
            let d = |k: i64| received_ms + k * day;
            let on = |k: i64| {
                q(&(received + chrono::Duration::days(k)).with_timezone(&cal.offset).format("%Y-%m-%d").to_string())
            };
            (
                "closed",
                format!(
                    "{}, 'quality', {}, {}, 'quality', {}, {}, 'quality', {}, {}, 'service', {}, {}, TRUE, 'service', {}, 'service', {}",
                    q("隔离库存，更换产品"), d(1), q("工艺参数偏移"), d(5), q("增加过程检验频次"), on(20), on(50), d(6),
                    q("连续两月检验记录合格"), d(50), d(51)
                ),
            )
        };
        rows.push(format!(
            "({}, '{status}', {customer}, {product}, {batch}, '{}', '{category}', 'phone', {received_ms}, {received_ms}, 'sales', {}, {due}, {steps})",
            q(&number(complaint::PREFIX, year, base + n as i64 + 1)),
            severity.key(),
            q(&format!("投诉 {n}：产品问题")),
        ));
    }
    insert_rows(
        &mut tx,
        "INSERT INTO complaint (number, status, customer_id, product_id, batch_id, severity, category, channel, received_at, \
         entered_at, entered_by, description, containment_due_at, containment, contained_by, contained_at, root_cause, \
         analysed_by, analysed_at, action, action_owner, action_due_on, verify_on, action_by, action_at, evidence, effective, \
         verified_by, verified_at, closed_by, closed_at)",
        &rows,
        500,
    )
    .await?;
    // each counts against the rep of the customer's latest order, as the service records it
    sqlx::query(
        "UPDATE complaint SET sales_rep = (SELECT o.sales_rep FROM sales_order o WHERE o.customer_id = complaint.customer_id \
         ORDER BY o.order_date DESC, o.id DESC LIMIT 1) WHERE sales_rep IS NULL",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
