//! Liaison forms (信息联络处理单) and the departments people belong to. Instants are Unix
//! milliseconds.

use super::complaints::optional_bool;
use super::{Arg, Conn, DeskFilter};
use sqlx::any::AnyRow;
use sqlx::Row;

/// A liaison form as stored, with the names it points to.
#[derive(Debug, Clone)]
pub struct LiaisonRow {
    pub id: i64,
    pub version: i64,
    pub number: String,
    pub status: String,
    pub kind: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub product_id: Option<i64>,
    pub product_name: Option<String>,
    pub inquiry_id: Option<i64>,
    pub channel: String,
    pub received_at: i64,
    pub entered_at: i64,
    pub entered_by: String,
    pub description: String,
    pub department: Option<String>,
    pub routed_by: Option<String>,
    pub routed_at: Option<i64>,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<i64>,
    pub analysis: Option<String>,
    pub analysed_by: Option<String>,
    pub analysed_at: Option<i64>,
    pub measure: Option<String>,
    pub measure_owner: Option<String>,
    pub measure_due_on: Option<String>,
    pub measure_by: Option<String>,
    pub measure_at: Option<i64>,
    pub verification: Option<String>,
    pub effective: Option<bool>,
    pub verified_by: Option<String>,
    pub verified_at: Option<i64>,
    pub failed_verifications: i64,
    pub result: Option<String>,
    pub closed_by: Option<String>,
    pub closed_at: Option<i64>,
}

const SELECT: &str = "SELECT l.*, c.name AS customer_name, p.name AS product_name FROM liaison_form l \
    JOIN customer c ON c.id = l.customer_id LEFT JOIN product p ON p.id = l.product_id";

fn from_row(r: &AnyRow) -> sqlx::Result<LiaisonRow> {
    Ok(LiaisonRow {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        number: r.try_get("number")?,
        status: r.try_get("status")?,
        kind: r.try_get("kind")?,
        customer_id: r.try_get("customer_id")?,
        customer_name: r.try_get("customer_name")?,
        product_id: r.try_get("product_id")?,
        product_name: r.try_get("product_name")?,
        inquiry_id: r.try_get("inquiry_id")?,
        channel: r.try_get("channel")?,
        received_at: r.try_get("received_at")?,
        entered_at: r.try_get("entered_at")?,
        entered_by: r.try_get("entered_by")?,
        description: r.try_get("description")?,
        department: r.try_get("department")?,
        routed_by: r.try_get("routed_by")?,
        routed_at: r.try_get("routed_at")?,
        acknowledged_by: r.try_get("acknowledged_by")?,
        acknowledged_at: r.try_get("acknowledged_at")?,
        analysis: r.try_get("analysis")?,
        analysed_by: r.try_get("analysed_by")?,
        analysed_at: r.try_get("analysed_at")?,
        measure: r.try_get("measure")?,
        measure_owner: r.try_get("measure_owner")?,
        measure_due_on: r.try_get("measure_due_on")?,
        measure_by: r.try_get("measure_by")?,
        measure_at: r.try_get("measure_at")?,
        verification: r.try_get("verification")?,
        effective: optional_bool(r, "effective")?,
        verified_by: r.try_get("verified_by")?,
        verified_at: r.try_get("verified_at")?,
        failed_verifications: r.try_get("failed_verifications")?,
        result: r.try_get("result")?,
        closed_by: r.try_get("closed_by")?,
        closed_at: r.try_get("closed_at")?,
    })
}

pub struct NewLiaison<'a> {
    pub number: &'a str,
    pub kind: &'a str,
    pub customer_id: i64,
    pub product_id: Option<i64>,
    pub inquiry_id: Option<i64>,
    pub channel: &'a str,
    pub received_at: i64,
    pub entered_at: i64,
    pub entered_by: &'a str,
    pub description: &'a str,
}

pub async fn insert(conn: &mut Conn, n: &NewLiaison<'_>) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO liaison_form (number, status, kind, customer_id, product_id, inquiry_id, channel, received_at, \
         entered_at, entered_by, description) VALUES ($1, 'open', $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(n.number)
    .bind(n.kind)
    .bind(n.customer_id)
    .bind(n.product_id)
    .bind(n.inquiry_id)
    .bind(n.channel)
    .bind(n.received_at)
    .bind(n.entered_at)
    .bind(n.entered_by)
    .bind(n.description)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<LiaisonRow>> {
    let row = sqlx::query(&format!("{SELECT} WHERE l.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(from_row).transpose()
}

/// One step's change, applied when the version and the status are the ones read.
pub async fn step(
    conn: &mut Conn,
    id: i64,
    version: i64,
    status: &str,
    set: &str,
    values: Vec<Arg>,
) -> sqlx::Result<bool> {
    super::update_step(conn, "liaison_form", id, version, status, set, values).await
}

/// Newest received first, `limit` rows after the cursor `(received_at, id)`, optionally only
/// those routed to `department`.
pub async fn list(
    conn: &mut Conn,
    f: &DeskFilter,
    department: Option<&str>,
    cursor: Option<(i64, i64)>,
    limit: i64,
) -> sqlx::Result<Vec<LiaisonRow>> {
    let mut w = f.conditions(SELECT, "l", cursor);
    if let Some(d) = department {
        w.and("l.department = $1", vec![Arg::Text(d.to_string())]);
    }
    let rows = w.fetch_all(conn, "ORDER BY l.received_at DESC, l.id DESC LIMIT $limit", limit).await?;
    rows.iter().map(from_row).collect()
}

/// The departments the admin assigned to a person.
pub async fn departments_of(conn: &mut Conn, username: &str) -> sqlx::Result<Vec<String>> {
    let rows = sqlx::query("SELECT department FROM user_department WHERE username = $1 ORDER BY department")
        .bind(username)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| r.try_get("department")).collect()
}

/// Every assignment: (user name, department).
pub async fn all_assignments(conn: &mut Conn) -> sqlx::Result<Vec<(String, String)>> {
    let rows = sqlx::query("SELECT username, department FROM user_department ORDER BY department, username")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| Ok((r.try_get("username")?, r.try_get("department")?))).collect()
}

/// The people assigned to a department.
pub async fn members_of(conn: &mut Conn, department: &str) -> sqlx::Result<Vec<String>> {
    let rows = sqlx::query("SELECT username FROM user_department WHERE department = $1 ORDER BY username")
        .bind(department)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| r.try_get("username")).collect()
}

/// Replaces the people assigned to a department.
pub async fn set_members(conn: &mut Conn, department: &str, usernames: &[String]) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM user_department WHERE department = $1").bind(department).execute(&mut *conn).await?;
    for u in usernames {
        sqlx::query("INSERT INTO user_department (username, department) VALUES ($1, $2)")
            .bind(u)
            .bind(department)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
