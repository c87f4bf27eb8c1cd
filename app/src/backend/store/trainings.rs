//! Customer training sessions (§4.2.1): attendees one per line, materials as the document
//! revisions handed out.

use super::Conn;
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct TrainingRow {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub held_on: String,
    pub topic: String,
    pub trainer: String,
    pub attendees: String,
    pub product_id: Option<i64>,
    pub product_name: Option<String>,
    pub created_by: String,
}

const SELECT: &str = "SELECT t.*, c.name AS customer_name, p.name AS product_name FROM training t \
    JOIN customer c ON c.id = t.customer_id LEFT JOIN product p ON p.id = t.product_id";

fn from_row(r: &AnyRow) -> sqlx::Result<TrainingRow> {
    Ok(TrainingRow {
        id: r.try_get("id")?,
        customer_id: r.try_get("customer_id")?,
        customer_name: r.try_get("customer_name")?,
        held_on: r.try_get("held_on")?,
        topic: r.try_get("topic")?,
        trainer: r.try_get("trainer")?,
        attendees: r.try_get("attendees")?,
        product_id: r.try_get("product_id")?,
        product_name: r.try_get("product_name")?,
        created_by: r.try_get("created_by")?,
    })
}

pub struct NewTraining<'a> {
    pub customer_id: i64,
    pub held_on: &'a str,
    pub topic: &'a str,
    pub trainer: &'a str,
    pub attendees: &'a str,
    pub product_id: Option<i64>,
    pub created_by: &'a str,
    pub now: i64,
}

pub async fn insert(conn: &mut Conn, n: &NewTraining<'_>, materials: &[i64]) -> sqlx::Result<i64> {
    let id: i64 = sqlx::query(
        "INSERT INTO training (customer_id, held_on, topic, trainer, attendees, product_id, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(n.customer_id)
    .bind(n.held_on)
    .bind(n.topic)
    .bind(n.trainer)
    .bind(n.attendees)
    .bind(n.product_id)
    .bind(n.created_by)
    .bind(n.now)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    for revision_id in materials {
        sqlx::query("INSERT INTO training_material (training_id, revision_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(*revision_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<TrainingRow>> {
    let row = sqlx::query(&format!("{SELECT} WHERE t.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(from_row).transpose()
}

/// Newest held first, `limit` rows after the cursor `(held_on, id)`; of one customer or all.
pub async fn list(
    conn: &mut Conn,
    customer_id: Option<i64>,
    cursor: Option<(String, i64)>,
    limit: i64,
) -> sqlx::Result<Vec<TrainingRow>> {
    let (day, id) = cursor.unwrap_or_else(|| ("9999-12-31".to_string(), i64::MAX));
    let rows = match customer_id {
        Some(c) => {
            sqlx::query(&format!(
                "{SELECT} WHERE t.customer_id = $1 AND (t.held_on, t.id) < ($2, $3) \
                 ORDER BY t.held_on DESC, t.id DESC LIMIT $4"
            ))
            .bind(c)
            .bind(day)
            .bind(id)
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?
        }
        None => {
            sqlx::query(&format!(
                "{SELECT} WHERE (t.held_on, t.id) < ($1, $2) ORDER BY t.held_on DESC, t.id DESC LIMIT $3"
            ))
            .bind(day)
            .bind(id)
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?
        }
    };
    rows.iter().map(from_row).collect()
}

/// The materials of the trainings `ids`: `(training, revision)` pairs, in one query (in no
/// particular order).
pub async fn materials(conn: &mut Conn, ids: &[i64]) -> sqlx::Result<Vec<(i64, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT training_id, revision_id FROM training_material WHERE training_id IN ({})",
        super::placeholders(1, ids.len())
    );
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    let rows = q.fetch_all(&mut *conn).await?;
    rows.iter().map(|r| Ok((r.try_get("training_id")?, r.try_get("revision_id")?))).collect()
}
