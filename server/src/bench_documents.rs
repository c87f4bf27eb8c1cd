//! Controlled documents, SDS distributions and trainings of the ten-year benchmark set: every
//! product has a manual and an SDS; the SDS is revised once a year from 2016, and each
//! revision's distribution reached a handful of customers, all acknowledged but the last
//! year's. Trainings are spread over the ten years, each with the manual in force.

use crate::bench::{q, Rng};
use crate::bench_service::People;
use app::backend::db::Db;
use app::backend::store::bench::{insert_rows, max_id};
use app::domain::document::DISTRIBUTION_PREFIX;
use app::domain::service::number;

/// One stored file stands for every revision's PDF (the rows, not the bytes, are measured).
const FILE_HASH: &str = "5e1f0a4c9d0b7f3a2e6c8d1b4a7f0e3c6b9d2a5f8e1c4b7a0d3f6e9c2b5a8d1f";
const YEARS: i32 = 10;

pub(crate) async fn generate_documents(
    db: &Db,
    rng: &mut Rng,
    people: &People,
    trainings: usize,
) -> anyhow::Result<()> {
    let mut tx = db.begin().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let jan_2016 = 1_451_577_600_000i64;
    sqlx::query(
        "INSERT INTO stored_file (hash, content_type, size, created_at) VALUES ($1, 'application/pdf', 1024, $2) \
         ON CONFLICT (hash) DO NOTHING",
    )
    .bind(FILE_HASH)
    .bind(jan_2016)
    .execute(&mut *tx)
    .await?;
    let base_doc = max_id(&mut tx, "product_document").await?;
    let base_rev = max_id(&mut tx, "document_revision").await?;
    let base_dist = max_id(&mut tx, "sds_distribution").await?;
    let (mut docs, mut revisions, mut distributions, mut recipients) = (vec![], vec![], vec![], vec![]);
    let mut manual_revision = Vec::with_capacity(people.products);
    let (mut doc_id, mut rev_id, mut dist_id) = (base_doc, base_rev, base_dist);
    for p in 0..people.products as i64 {
        let product = people.base_product + 1 + p;
        // The manual: one revision.
        doc_id += 1;
        rev_id += 1;
        docs.push(format!("({product}, 'manual', {}, {rev_id}, 'quality', {jan_2016})", q("使用说明书")));
        revisions.push(format!(
            "({doc_id}, 'A', '2016-01-04', {}, 'manual.pdf', '{FILE_HASH}', 'quality', {jan_2016})",
            q("首版")
        ));
        manual_revision.push(rev_id);
        // The SDS: a revision a year, each distributed.
        doc_id += 1;
        docs.push(format!(
            "({product}, 'sds', {}, {}, 'quality', {jan_2016})",
            q("安全技术说明书"),
            rev_id + YEARS as i64
        ));
        for y in 0..YEARS {
            rev_id += 1;
            dist_id += 1;
            let year = 2016 + y;
            let issued = format!("{year}-03-01");
            let at = jan_2016 + (y as i64) * 365 * 86_400_000 + 59 * 86_400_000;
            revisions.push(format!(
                "({doc_id}, '{}.0', '{issued}', {}, 'sds.pdf', '{FILE_HASH}', 'quality', {at})",
                y + 1,
                q("第8节接触限值更新")
            ));
            let count = (3 + rng.below(8) as i64).min(people.customers as i64);
            let open = y == YEARS - 1;
            let acknowledged = if open { count / 2 } else { count };
            distributions.push(format!(
                "({}, '{}', {doc_id}, {rev_id}, {product}, '{}-03-01', '{issued}', {count}, {acknowledged}, 'quality', {at}, {})",
                q(&number(DISTRIBUTION_PREFIX, year, p + 1)),
                if open { "open" } else { "complete" },
                year - 1,
                if open { "NULL".to_string() } else { (at + 20 * 86_400_000).to_string() },
            ));
            let first = rng.below(people.customers as u64) as i64;
            for k in 0..count {
                let customer = people.base_customer + 1 + (first + k) % people.customers as i64;
                let done = k < acknowledged;
                let (sent, ack) = if done {
                    (
                        format!("'email', 'service', {}", at + 86_400_000),
                        format!("'link', 'customer', {}", at + 5 * 86_400_000),
                    )
                } else {
                    (format!("'email', 'service', {}", at + 86_400_000), "NULL, NULL, NULL".to_string())
                };
                recipients.push(format!(
                    "({dist_id}, {customer}, '{}-{:02}-15', 'bench-{dist_id}-{k}', {sent}, {ack})",
                    year - 1,
                    1 + (k % 12)
                ));
            }
        }
    }
    let head = "INSERT INTO product_document (product_id, kind, title, current_revision_id, created_by, created_at)";
    insert_rows(&mut tx, head, &docs, 500).await?;
    let head = "INSERT INTO document_revision (document_id, revision, issued_on, changes, file_name, file_hash, \
        entered_by, entered_at)";
    insert_rows(&mut tx, head, &revisions, 500).await?;
    let head = "INSERT INTO sds_distribution (number, status, document_id, revision_id, product_id, supplied_from, \
        supplied_to, recipients, acknowledged, opened_by, opened_at, completed_at)";
    insert_rows(&mut tx, head, &distributions, 500).await?;
    let head =
        "INSERT INTO sds_recipient (distribution_id, customer_id, last_delivery_on, token, sent_channel, sent_by, \
        sent_at, acknowledged_channel, acknowledged_by, acknowledged_at)";
    insert_rows(&mut tx, head, &recipients, 500).await?;

    let base_training = max_id(&mut tx, "training").await?;
    let (mut rows, mut materials) = (Vec::with_capacity(trainings), Vec::with_capacity(trainings));
    for n in 0..trainings {
        let day = 3650 * n / trainings.max(1);
        let held = chrono::NaiveDate::from_ymd_opt(2016, 1, 4).expect("date") + chrono::Duration::days(day as i64);
        let customer = people.base_customer + 1 + rng.below(people.customers as u64) as i64;
        let p = rng.below(people.products as u64) as usize;
        rows.push(format!(
            "({customer}, '{}', {}, 'service', {}, {}, 'service', {})",
            held.format("%Y-%m-%d"),
            q("安全操作与应急处置"),
            q("李明\n赵强"),
            people.base_product + 1 + p as i64,
            jan_2016 + day as i64 * 86_400_000,
        ));
        materials.push(format!("({}, {})", base_training + n as i64 + 1, manual_revision[p]));
    }
    let head =
        "INSERT INTO training (customer_id, held_on, topic, trainer, attendees, product_id, created_by, created_at)";
    insert_rows(&mut tx, head, &rows, 500).await?;
    insert_rows(&mut tx, "INSERT INTO training_material (training_id, revision_id)", &materials, 500).await?;
    tx.commit().await?;
    Ok(())
}
