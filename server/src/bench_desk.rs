//! Service tickets and liaison forms of the ten-year benchmark set: spread over 2016–2025,
//! nearly all worked to the end (tickets confirmed by the customer, forms closed with their
//! result), the last few still open.

use crate::bench::{q, Rng};
use crate::bench_service::People;
use app::backend::db::Db;
use app::backend::store::bench::{insert_rows, max_id};
use app::domain::calendar::Calendar;
use app::domain::liaison;
use app::domain::service::{number, Channel, Department};
use app::domain::ticket::{self, Kind, TicketLimits, Urgency};
use chrono::TimeZone;

const SPAN_MS: i64 = 3650 * 86_400_000;

fn received(cal: &Calendar, n: usize, count: usize, rng: &mut Rng, hour: u32) -> (i64, i32) {
    let start = cal.offset.with_ymd_and_hms(2016, 1, 4, hour, 0, 0).single().expect("date").timestamp_millis();
    let ms = start + SPAN_MS * n as i64 / count as i64 + rng.below(8 * 3_600_000) as i64;
    let at = chrono::Utc.timestamp_millis_opt(ms).single().expect("instant");
    (ms, chrono::Datelike::year(&at.with_timezone(&cal.offset)))
}

pub(crate) async fn generate_tickets(db: &Db, rng: &mut Rng, people: &People, count: usize) -> anyhow::Result<()> {
    let cal = Calendar::standard();
    let limits = TicketLimits::standard(cal.day_minutes());
    let mut tx = db.begin().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let base = max_id(&mut tx, "service_ticket").await?;
    let mut rows = Vec::with_capacity(count);
    for n in 0..count {
        let (received_ms, year) = received(&cal, n, count, rng, 9);
        let at = chrono::Utc.timestamp_millis_opt(received_ms).single().expect("instant");
        let customer = people.base_customer + 1 + rng.below(people.customers as u64) as i64;
        let product = people.base_product + 1 + rng.below(people.products as u64) as i64;
        let kind = Kind::ALL[rng.below(Kind::ALL.len() as u64) as usize].key();
        let urgency = Urgency::ALL[rng.below(3) as usize];
        let limit = limits.of(urgency);
        let channel = Channel::ALL[rng.below(Channel::ALL.len() as u64) as usize].key();
        let open = n + 20 >= count;
        let steps = if open {
            ("'open'".to_string(), ["NULL"; 12].join(", "))
        } else {
            // first response within (mostly) the limit, resolution within three limits' worth
            let respond = (limit.response_minutes * (30 + rng.below(90) as i64) / 100).max(5);
            let resolve = respond + (limit.resolution_minutes * (20 + rng.below(100) as i64) / 100).max(30);
            let responded = cal.add_working(at, respond).unwrap_or(at).timestamp_millis();
            let resolved = cal.add_working(at, resolve).unwrap_or(at).timestamp_millis();
            (
                "'closed'".to_string(),
                format!(
                    "{}, 'service', {responded}, {}, 'service', {resolved}, 'link', 'customer', {}, TRUE, NULL, {}",
                    q("已电话指导"),
                    q("已现场处理，设备运行正常"),
                    resolved + 86_400_000,
                    if rng.below(5) == 0 { (rng.below(500) as i64 + 1) * 100 } else { 0 },
                ),
            )
        };
        rows.push(format!(
            "({}, {}, {customer}, '{kind}', '{}', '{channel}', {received_ms}, {received_ms}, 'service', {product}, {}, {}, {}, {})",
            q(&number(ticket::PREFIX, year, base + n as i64 + 1)),
            steps.0,
            urgency.key(),
            q(&format!("服务 {n}：设备使用问题")),
            limit.response_minutes,
            limit.resolution_minutes,
            steps.1,
        ));
    }
    insert_rows(
        &mut tx,
        "INSERT INTO service_ticket (number, status, customer_id, kind, urgency, channel, received_at, entered_at, entered_by, \
         product_id, description, response_limit, resolution_limit, response, responded_by, responded_at, result, resolved_by, \
         resolved_at, confirmed_via, confirmed_by, confirmed_at, satisfied, confirmation_note, fee_fen)",
        &rows,
        500,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn generate_liaison(db: &Db, rng: &mut Rng, people: &People, count: usize) -> anyhow::Result<()> {
    let cal = Calendar::standard();
    let mut tx = db.begin().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let base = max_id(&mut tx, "liaison_form").await?;
    let mut rows = Vec::with_capacity(count);
    let day = 86_400_000i64;
    for n in 0..count {
        let (received_ms, year) = received(&cal, n, count, rng, 10);
        let customer = people.base_customer + 1 + rng.below(people.customers as u64) as i64;
        let kind = liaison::Kind::ALL[rng.below(3) as usize].key();
        let department = Department::ALL[rng.below(Department::ALL.len() as u64) as usize].key();
        let open = n + 10 >= count;
        let d = |k: i64| received_ms + k * day;
        let due = q(&chrono::Utc
            .timestamp_millis_opt(d(20))
            .single()
            .expect("instant")
            .with_timezone(&cal.offset)
            .format("%Y-%m-%d")
            .to_string());
        let (status, steps) = if open {
            ("routed", format!("'service', {}, {}", d(0), ["NULL"; 17].join(", ")))
        } else {
            (
                "closed",
                format!(
                    "'service', {}, 'quality', {}, {}, 'quality', {}, {}, 'quality', {due}, 'quality', {}, {}, TRUE, 'service', {}, {}, 'service', {}",
                    d(0), d(1), q("原因已查明"), d(3), q("改进措施"), d(4), q("回访有效"), d(30), q("已落实"), d(31)
                ),
            )
        };
        rows.push(format!(
            "({}, '{status}', '{kind}', {customer}, 'phone', {received_ms}, {received_ms}, 'sales', {}, '{department}', {steps})",
            q(&number(liaison::PREFIX, year, base + n as i64 + 1)),
            q(&format!("顾客意见 {n}")),
        ));
    }
    insert_rows(
        &mut tx,
        "INSERT INTO liaison_form (number, status, kind, customer_id, channel, received_at, entered_at, entered_by, \
         description, department, routed_by, routed_at, acknowledged_by, acknowledged_at, analysis, analysed_by, analysed_at, \
         measure, measure_owner, measure_due_on, measure_by, measure_at, verification, effective, verified_by, verified_at, \
         result, closed_by, closed_at)",
        &rows,
        500,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
