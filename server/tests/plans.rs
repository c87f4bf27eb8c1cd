//! The plan test: every list and dashboard of the API is served by an index.
//!
//! It walks the OpenAPI document, so a new list gets the test for free: every `GET` route
//! (`{id}` = 1) is called unfiltered, with each documented query parameter alone (each value
//! of an enum; a `cursor` taken from the first page), as a user holding every role. Every
//! SELECT the server runs for the request is captured from sqlx's own statement log and
//! explained on the same database — `EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN` of the generic
//! plan with sequential scans and sorts disabled on PostgreSQL — and the test fails, naming
//! the request, the statement and the plan line, on
//! - a full scan of a table that grows with the years (a table scan, or a walk of a whole
//!   index that a filter could have narrowed), or
//! - a sort of the matches for ORDER BY (SQLite's temporary B-tree, PostgreSQL's Sort).
//!
//! An unfiltered first page may walk its sort index (or the table in id order): it stops after
//! `LIMIT` rows. A work queue may be read whole from a partial index on the queue's
//! condition (`… WHERE status = 'draft'`): such an index holds only the waiting records. An
//! export (`format=csv|xlsx`) returns every row it reads and is not probed apart from its list.

#[macro_use]
mod support;

use serde_json::Value;
use std::sync::{Mutex, OnceLock};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Tables that do not grow with the years of trade (master data and settings).
const SMALL_TABLES: &[&str] = &[
    "customer",
    "product",
    "price",
    "app_user",
    "user_role",
    "user_department",
    "number_sequence",
    "survey_period",
    "satisfaction_target",
    "sales_target",
    "audit_head",
];

/// GET routes that are not lists or dashboards.
fn skipped(path: &str) -> bool {
    path.contains("{token}") || path == "/events" || path == "/openapi.json"
}

static STATEMENTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Collects the SQL of every statement sqlx logs (target `sqlx::query`).
struct Capture;

struct Fields {
    summary: String,
    statement: String,
}

impl tracing::field::Visit for Fields {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        match field.name() {
            "summary" => self.summary = value.to_string(),
            "db.statement" => self.statement = value.to_string(),
            _ => {}
        }
    }
    fn record_debug(&mut self, _: &tracing::field::Field, _: &dyn std::fmt::Debug) {}
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Capture {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let mut f = Fields { summary: String::new(), statement: String::new() };
        event.record(&mut f);
        // sqlx logs the whole statement in `db.statement` unless the summary already is it.
        let sql = if f.statement.trim().is_empty() { f.summary } else { f.statement.trim().to_string() };
        STATEMENTS.lock().unwrap().push(sql);
    }
}

fn install_capture() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let _ = tracing_subscriber::registry().with(Capture).try_init();
    });
}

fn take_statements() -> Vec<String> {
    std::mem::take(&mut *STATEMENTS.lock().unwrap())
}

/// One request to check: its path and whether it carries a filter.
struct Probe {
    path: String,
    filtered: bool,
}

/// The requests the OpenAPI document implies.
async fn probes(app: &support::TestApp) -> Vec<Probe> {
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let Some(get) = item.get("get") else { continue };
        if skipped(path) {
            continue;
        }
        let base = format!("/api/v1{}", path.replace("{id}", "1"));
        out.push(Probe { path: base.clone(), filtered: false });
        let params = get["parameters"].as_array().cloned().unwrap_or_default();
        for p in params.iter().filter(|p| p["in"] == "query") {
            let name = p["name"].as_str().unwrap();
            let schema = &p["schema"];
            let values: Vec<String> = match name {
                "limit" | "format" => continue,
                "cursor" => {
                    let sep = if base.contains('?') { '&' } else { '?' };
                    let first: Value =
                        app.get(&format!("{base}{sep}limit=1")).await.json().await.unwrap_or(Value::Null);
                    match first["next_cursor"].as_str() {
                        Some(c) => vec![c.to_string()],
                        None => panic!("{base}: no next_cursor on a first page of one row; seed more rows"),
                    }
                }
                _ => match (schema.get("example"), schema["enum"].as_array(), schema["type"].as_str()) {
                    (Some(e), _, _) => vec![e.to_string().trim_matches('"').to_string()],
                    (None, Some(values), _) => {
                        values.iter().map(|v| v.to_string().trim_matches('"').to_string()).collect()
                    }
                    (None, None, _) if schema["format"] == "date" => vec!["2026-01-01".into()],
                    (None, None, Some("integer")) => vec!["1".into()],
                    (None, None, Some("boolean")) => vec!["true".into()],
                    _ => vec!["x".into()],
                },
            };
            for v in values {
                let v = v.replace(' ', "%20").replace('+', "%2B");
                out.push(Probe { path: format!("{base}?{name}={v}"), filtered: true });
            }
        }
    }
    out
}

/// The table of each name or alias after FROM and JOIN.
fn tables(sql: &str) -> Vec<(String, String)> {
    let words: Vec<String> = sql
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    let keywords = ["where", "join", "left", "inner", "on", "group", "order", "limit", "union", "cross", "as"];
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if (w == "from" || w == "join") && i + 1 < words.len() {
            let table = words[i + 1].clone();
            let mut alias = table.clone();
            let mut j = i + 2;
            if words.get(j).map(String::as_str) == Some("as") {
                j += 1;
            }
            if let Some(a) = words.get(j) {
                if !keywords.contains(&a.as_str()) {
                    alias = a.clone();
                }
            }
            out.push((alias, table));
        }
    }
    out
}

fn large(name: &str, tables: &[(String, String)]) -> bool {
    let name = name.trim_matches('"').to_lowercase();
    let table = tables.iter().find(|(alias, _)| *alias == name).map(|(_, t)| t.clone()).unwrap_or(name);
    !SMALL_TABLES.contains(&table.as_str()) && !table.starts_with("pg_") && !table.starts_with("sqlite_")
}

fn parameters(sql: &str) -> usize {
    let mut max = 0;
    let b = sql.as_bytes();
    for i in 0..b.len() {
        if b[i] == b'$' {
            let digits: String = sql[i + 1..].chars().take_while(|c| c.is_ascii_digit()).collect();
            max = max.max(digits.parse().unwrap_or(0));
        }
    }
    max
}

/// The plan's lines.
async fn explain(app: &support::TestApp, sql: &str) -> Result<Vec<String>, String> {
    use sqlx::Row;
    let pool = app.pool();
    let n = parameters(sql);
    if app.database_url.starts_with("sqlite") {
        let text = format!("EXPLAIN QUERY PLAN {sql}");
        let mut q = sqlx::query(&text);
        for _ in 0..n {
            q = q.bind(None::<i64>);
        }
        let rows = q.fetch_all(pool).await.map_err(|e| e.to_string())?;
        Ok(rows.iter().map(|r| r.try_get::<String, _>("detail").unwrap_or_default()).collect())
    } else {
        let mut tx = pool.begin().await.unwrap();
        // Whatever an index can serve, the planner then serves from it: a sequential scan, a
        // sort, or a join that reads a whole table remains only where no index can help.
        for set in [
            "SET LOCAL enable_seqscan = off",
            "SET LOCAL enable_sort = off",
            "SET LOCAL enable_hashjoin = off",
            "SET LOCAL enable_mergejoin = off",
            "SET LOCAL plan_cache_mode = force_generic_plan",
        ] {
            sqlx::raw_sql(set).execute(&mut *tx).await.unwrap();
        }
        // A prepared statement outlives the transaction: each probe has its own name and is
        // deallocated after use (sqlx's own cached statements on the connection stay intact).
        static PROBES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let name = format!("plan_probe_{}", PROBES.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        let prepared = sqlx::raw_sql(&format!("PREPARE {name} AS {sql}")).execute(&mut *tx).await;
        if let Err(e) = prepared {
            return Err(format!("cannot prepare: {e}"));
        }
        let args = vec!["NULL"; n].join(", ");
        let execute =
            if n == 0 { format!("EXPLAIN EXECUTE {name}") } else { format!("EXPLAIN EXECUTE {name}({args})") };
        let rows = sqlx::raw_sql(&execute).fetch_all(&mut *tx).await.map_err(|e| e.to_string());
        let _ = sqlx::raw_sql(&format!("DEALLOCATE {name}")).execute(&mut *tx).await;
        let _ = tx.rollback().await;
        let rows = rows?;
        Ok(rows.iter().map(|r| r.try_get::<String, _>(0).unwrap_or_default()).collect())
    }
}

/// The names of partial indexes (`CREATE INDEX … WHERE …`).
async fn partial_indexes(app: &support::TestApp) -> Vec<String> {
    use sqlx::Row;
    let sql = if app.database_url.starts_with("sqlite") {
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '%WHERE%'"
    } else {
        "SELECT CAST(indexname AS TEXT) AS name FROM pg_indexes WHERE indexdef LIKE '%WHERE%'"
    };
    sqlx::query(sql).fetch_all(app.pool()).await.unwrap().iter().map(|r| r.try_get("name").unwrap()).collect()
}

/// The index a plan line reads, if any.
fn index_of(line: &str) -> Option<&str> {
    ["USING COVERING INDEX ", "USING INDEX ", " using "]
        .iter()
        .find_map(|k| line.split(k).nth(1))
        .and_then(|rest| rest.split_whitespace().next())
}

/// What is wrong with a plan, if anything.
fn problems(sql: &str, plan: &[String], filtered: bool, postgres: bool, partial: &[String]) -> Vec<String> {
    let t = tables(sql);
    let any_large = t.iter().any(|(a, _)| large(a, &t));
    let limited = sql.to_lowercase().contains(" limit ");
    let mut out = Vec::new();
    for (i, line) in plan.iter().enumerate() {
        let l = line.trim().trim_start_matches("->").trim();
        if index_of(l).is_some_and(|i| partial.iter().any(|p| p == i)) {
            continue;
        }
        if postgres {
            if let Some(rest) = l.strip_prefix("Seq Scan on ") {
                if large(rest.split_whitespace().next().unwrap_or(""), &t) {
                    out.push(format!("full scan: {l}"));
                }
            } else if l.starts_with("Index Scan") || l.starts_with("Index Only Scan") {
                // `… using idx on table alias`: a scan with no Index Cond walks the whole index.
                let words: Vec<&str> = l
                    .split(" on ")
                    .nth(1)
                    .unwrap_or("")
                    .split_whitespace()
                    .take_while(|w| !w.starts_with('('))
                    .collect();
                let table = words.last().copied();
                let indent = line.len() - line.trim_start().len();
                let cond = plan[i + 1..]
                    .iter()
                    .take_while(|d| d.len() - d.trim_start().len() > indent && !d.trim_start().starts_with("->"))
                    .any(|d| d.trim_start().starts_with("Index Cond"));
                if !cond && table.is_some_and(|x| large(x, &t)) && (filtered || !limited) {
                    out.push(format!("walks a whole index: {l}"));
                }
            } else if (l.starts_with("Sort ") || l == "Sort") && any_large {
                out.push(format!("sorts the matches: {l}"));
            }
        } else if let Some(rest) = l.strip_prefix("SCAN ") {
            let name = rest.split_whitespace().next().unwrap_or("");
            if large(name, &t) && (filtered || !limited) {
                out.push(format!("full scan: {l}"));
            }
        } else if l.contains("TEMP B-TREE FOR ORDER BY") && any_large {
            out.push(format!("sorts the matches: {l}"));
        }
    }
    out
}

async fn every_list_is_served_by_an_index(app: support::TestApp) {
    install_capture();
    let postgres = !app.database_url.starts_with("sqlite");
    // Ten years in miniature: every list has more than one page. PostgreSQL plans from the
    // defaults, not from statistics that autovacuum may or may not have gathered on this
    // small set by the time a probe runs: the same plans every run.
    let db = app::backend::db::Db::connect(&app.database_url).await.unwrap();
    if postgres {
        use sqlx::Row;
        let tables = sqlx::query("SELECT CAST(tablename AS TEXT) AS t FROM pg_tables WHERE schemaname = 'public'")
            .fetch_all(&db.write)
            .await
            .unwrap();
        for t in tables {
            let name: String = t.try_get("t").unwrap();
            sqlx::query(&format!("ALTER TABLE {name} SET (autovacuum_enabled = false)"))
                .execute(&db.write)
                .await
                .unwrap();
        }
    }
    server::bench::generate_years(&db, 600, 12, 4).await.unwrap();
    // One user with every role sees every list and every branch of the dashboards.
    app.sign_in("admin").await;
    let roles: Vec<&str> = app::domain::role::Role::ALL.iter().map(|r| r.key()).collect();
    let res = app
        .post(
            "/api/v1/users",
            &serde_json::json!({"username": "planner", "display_name": "Planner", "roles": roles, "password": "plan-test-password"}),
        )
        .await;
    assert_eq!(res.status(), 201, "create the all-roles user");
    app.sign_in_with("planner", "plan-test-password").await;

    let partial = partial_indexes(&app).await;
    let mut failures = Vec::new();
    let mut checked = 0;
    for probe in probes(&app).await {
        take_statements();
        let res = app.get(&probe.path).await;
        let status = res.status();
        let _ = res.bytes().await;
        assert!(status.as_u16() < 500, "{}: {status}", probe.path);
        let mut seen = std::collections::HashSet::new();
        for sql in take_statements() {
            let head = sql.trim_start().to_lowercase();
            if !(head.starts_with("select") || head.starts_with("with")) || !seen.insert(sql.clone()) {
                continue;
            }
            checked += 1;
            match explain(&app, &sql).await {
                Ok(plan) => {
                    for p in problems(&sql, &plan, probe.filtered, postgres, &partial) {
                        failures.push(format!(
                            "GET {}\n  {p}\n  in: {}\n  plan: {}",
                            probe.path,
                            sql.replace('\n', " "),
                            plan.join(" | ")
                        ));
                    }
                }
                Err(e) => failures.push(format!("GET {}\n  cannot explain ({e})\n  in: {sql}", probe.path)),
            }
        }
    }
    assert!(checked > 50, "only {checked} statements captured: is sqlx's statement log reaching the test?");
    assert!(
        failures.is_empty(),
        "{} of {checked} statements are not served by an index ({}):\n\n{}",
        failures.len(),
        if postgres { "PostgreSQL" } else { "SQLite" },
        failures.join("\n\n")
    );
}

/// One database after the other: statements are captured process-wide, so nothing else may
/// run meanwhile (not even the other database's migrations).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_list_is_served_by_an_index_on_sqlite_and_postgresql() {
    every_list_is_served_by_an_index(support::spawn_sqlite().await).await;
    match support::spawn_postgres().await {
        Some(app) => every_list_is_served_by_an_index(app).await,
        None => eprintln!("TEST_POSTGRES_URL is not set: PostgreSQL case not run"),
    }
}
