//! All SQL of the product, one module per area. Queries are portable (`$n` placeholders,
//! BIGINT instants, TEXT dates) and run unchanged on SQLite and PostgreSQL; every one of
//! them runs in the test suite on both.

pub mod approvals;
pub mod batches;
pub mod bench;
pub mod calendar;
pub mod complaints;
pub mod customer_documents;
pub mod customers;
pub mod delivery_notes;
pub mod documents;
pub mod feedback;
pub mod files;
pub mod idempotency;
pub mod inquiries;
pub mod ledger;
pub mod liaison;
pub mod links;
pub mod maintenance;
pub mod orders;
pub mod performance;
pub mod prices;
pub mod products;
pub mod rep_figures;
pub mod satisfaction;
pub mod sds;
pub mod sessions;
pub mod settings;
pub mod status;
pub mod tickets;
pub mod trail;
pub mod trainings;
pub mod users;

pub use sqlx::AnyConnection as Conn;

pub use crate::domain::Page;

/// `%text%` for a LIKE with `\` as the escape character, lower-cased.
pub fn like_pattern(text: &str) -> String {
    let escaped = text.trim().to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// `$from, $from+1, …` for an `IN (…)` list of `n` values bound from placeholder `from` on.
pub fn placeholders(from: usize, n: usize) -> String {
    (from..from + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// "Open first, then the latest closed ones": `select` takes a status as `$1` and a limit as
/// `$2` (`… WHERE x.status = $1 ORDER BY x.id DESC LIMIT $2`) and runs once per status until
/// `limit` rows, so each part is read from the (status, id) index instead of sorting every
/// record by an expression.
pub async fn one_status_at_a_time(
    conn: &mut Conn,
    select: &str,
    statuses: &[&str],
    limit: i64,
) -> sqlx::Result<Vec<sqlx::any::AnyRow>> {
    let mut rows = Vec::new();
    for status in statuses {
        let left = limit - rows.len() as i64;
        if left <= 0 {
            break;
        }
        rows.extend(sqlx::query(select).bind(*status).bind(left).fetch_all(&mut *conn).await?);
    }
    Ok(rows)
}

/// The filters of a service desk list, as ids and instants (ms): received in `[from, to)`.
#[derive(Debug, Clone, Default)]
pub struct DeskFilter {
    pub status: Option<String>,
    pub customer_id: Option<i64>,
    pub product_id: Option<i64>,
    pub batch_id: Option<i64>,
    pub from: Option<i64>,
    pub to: Option<i64>,
}

impl DeskFilter {
    /// `select` (whose table is `alias`) with each filter given and the cursor
    /// `(received_at, id)` of the previous page; every one of them ends in the index's sort.
    pub fn conditions(&self, select: &str, alias: &str, cursor: Option<(i64, i64)>) -> Conditions {
        let mut w = Conditions::new(select);
        if let Some((at, id)) = cursor {
            w.and(&format!("({alias}.received_at, {alias}.id) < ($1, $2)"), vec![Arg::Int(at), Arg::Int(id)]);
        }
        if let Some(s) = &self.status {
            w.and(&format!("{alias}.status = $1"), vec![Arg::Text(s.clone())]);
        }
        for (column, value) in
            [("customer_id", self.customer_id), ("product_id", self.product_id), ("batch_id", self.batch_id)]
        {
            if let Some(v) = value {
                w.and(&format!("{alias}.{column} = $1"), vec![Arg::Int(v)]);
            }
        }
        if let Some(from) = self.from {
            w.and(&format!("{alias}.received_at >= $1"), vec![Arg::Int(from)]);
        }
        if let Some(to) = self.to {
            w.and(&format!("{alias}.received_at < $1"), vec![Arg::Int(to)]);
        }
        w
    }
}

/// A bound value of a query assembled from optional filters.
pub enum Arg {
    Text(String),
    Int(i64),
    Bool(bool),
}

/// A SELECT whose WHERE holds only the filters actually given, so that each one can use its
/// index (a `($1 = '' OR col = $1)` condition would defeat SQLite's planner).
pub struct Conditions {
    sql: String,
    args: Vec<Arg>,
}

impl Conditions {
    pub fn new(select: &str) -> Self {
        Conditions { sql: format!("{select} WHERE 1 = 1"), args: Vec::new() }
    }

    /// Adds `AND clause`; `$1`, `$2`… in the clause are its own values, renumbered here.
    pub fn and(&mut self, clause: &str, values: Vec<Arg>) {
        let mut clause = clause.to_string();
        let first = self.args.len();
        for k in (0..values.len()).rev() {
            clause = clause.replace(&format!("${}", k + 1), &format!("${}", first + k + 1));
        }
        self.args.extend(values);
        self.sql.push_str(" AND ");
        self.sql.push_str(&clause);
    }

    /// Appends `tail` (where `$limit` is the last parameter) and fetches the rows.
    pub async fn fetch_all(mut self, conn: &mut Conn, tail: &str, limit: i64) -> sqlx::Result<Vec<sqlx::any::AnyRow>> {
        self.sql.push(' ');
        self.sql.push_str(&tail.replace("$limit", &format!("${}", self.args.len() + 1)));
        let mut query = sqlx::query(&self.sql);
        for a in self.args {
            query = match a {
                Arg::Text(t) => query.bind(t),
                Arg::Int(i) => query.bind(i),
                Arg::Bool(b) => query.bind(b),
            };
        }
        query.bind(limit).fetch_all(&mut *conn).await
    }
}

/// A record's step: `UPDATE table SET …` with its values, applied when the version and the
/// status are the ones read. False when someone else moved the record first.
pub async fn update_step(
    conn: &mut Conn,
    table: &str,
    id: i64,
    version: i64,
    status: &str,
    set: &str,
    values: Vec<Arg>,
) -> sqlx::Result<bool> {
    let n = values.len();
    let sql = format!(
        "UPDATE {table} SET {set}, version = version + 1 WHERE id = ${} AND version = ${} AND status = ${}",
        n + 1,
        n + 2,
        n + 3
    );
    let mut q = sqlx::query(&sql);
    for v in values {
        q = match v {
            Arg::Text(t) => q.bind(t),
            Arg::Int(i) => q.bind(i),
            Arg::Bool(b) => q.bind(b),
        };
    }
    Ok(q.bind(id).bind(version).bind(status).execute(&mut *conn).await?.rows_affected() == 1)
}
