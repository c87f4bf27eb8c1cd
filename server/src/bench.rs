//! `server bench`: ten years of a mid-size producer's data (500 customers, 60 products,
//! 200,000 orders with 1–5 lines, their ledger rows, twenty half-year surveys), generated into a fresh SQLite file, then
//! the latency of the pages managers and sales use most, measured through the whole router
//! (middleware, session lookup, service, SQL, JSON) in-process: p50 and p99.

use app::backend::db::Db;
use app::backend::store::bench::{insert_rows, max_id};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

pub struct Options {
    pub database_url: String,
    /// Also measure over real TCP on loopback.
    pub http: Option<crate::bench_http::Load>,
    /// Only the requests whose name contains this.
    pub only: Option<String>,
    pub orders: usize,
    pub customers: usize,
    pub products: usize,
    pub samples: usize,
    /// Measure the database with signatures and photos in the rows, then in the file store.
    pub attachments: bool,
}

/// A small deterministic generator (no dependency, same data every run).
pub(crate) struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub(crate) fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// One measured request: who asks, and the path of the `i`-th sample (varied by `i` alone,
/// so the in-process and the HTTP runs ask the same things).
struct Case {
    name: &'static str,
    user: &'static str,
    samples_cap: usize,
    path: Arc<dyn Fn(usize) -> String + Send + Sync>,
}

fn case(name: &'static str, user: &'static str, path: impl Fn(usize) -> String + Send + Sync + 'static) -> Case {
    Case { name, user, samples_cap: usize::MAX, path: Arc::new(path) }
}

/// A well-mixed number from a sample index.
fn mix(i: usize) -> u64 {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    r.next()
}

fn cases(o: &Options) -> Vec<Case> {
    let (customers, orders) = (o.customers as u64, o.orders as u64);
    let statuses = ["approved", "submitted", "in_fulfilment", "draft", "closed"];
    let mut out = vec![
        case("order list, filtered by customer, first page", "sales", move |i| {
            format!("/api/v1/orders?limit=50&customer_id={}", 11 + mix(i) % customers)
        }),
        case("order list, filtered by status, first page", "sales", move |i| {
            format!("/api/v1/orders?limit=50&status={}", statuses[i % statuses.len()])
        }),
        case("order list, status=closed, deep page (cursor)", "sales", |i| {
            format!("/api/v1/orders?limit=50&status=closed&cursor=2019-0{}-15_{}", 1 + i % 9, 90_000 + i * 7)
        }),
        case("order list, date range", "sales", |i| {
            format!("/api/v1/orders?limit=50&from=2021-{:02}-01&to=2021-{:02}-28", 1 + i % 12, 1 + i % 12)
        }),
        case("order list, sales rep and date range", "sales", |i| {
            format!("/api/v1/orders?limit=50&sales_rep=rep{:02}&from=2022-01-01&to=2022-{:02}-28", i % 20, 1 + i % 12)
        }),
        case("one order (lines, history)", "sales", move |i| format!("/api/v1/orders/{}", 1 + mix(i) % orders)),
        case("ledger list, filtered by customer, first page", "sales", move |i| {
            format!("/api/v1/ledger?limit=50&customer_id={}", 11 + mix(i) % customers)
        }),
        case("delivery notes, first page", "logistics", |_| "/api/v1/delivery-notes?limit=50".to_string()),
        case("batches, first page", "lab", |_| "/api/v1/batches?limit=50".to_string()),
        case("corrective actions", "sales_manager", |_| "/api/v1/corrective-actions".to_string()),
        case("approvals dashboard", "deputy_gm", |_| "/api/v1/dashboards/approvals".to_string()),
        case("delivery deadlines dashboard", "sales_manager", |_| "/api/v1/dashboards/deliveries".to_string()),
        case("satisfaction trends dashboard (20 periods)", "deputy_gm", |_| {
            "/api/v1/dashboards/satisfaction".to_string()
        }),
        case("service board", "service", |_| "/api/v1/dashboards/service".to_string()),
        case("inquiries, first page", "service", |_| "/api/v1/inquiries?limit=50".to_string()),
        case("complaints, first page", "service", |_| "/api/v1/complaints?limit=50".to_string()),
        case("service tickets, first page", "service", |_| "/api/v1/service-tickets?limit=50".to_string()),
        case("liaison forms, first page", "service", |_| "/api/v1/liaison-forms?limit=50".to_string()),
        case("quarterly feedback analysis (with the quarter before)", "service", |i| {
            format!("/api/v1/feedback-reports?year={}&quarter={}", 2016 + i % 10, 1 + i % 4)
        }),
        case("SDS distributions, first page", "quality", |_| "/api/v1/sds-distributions?limit=50".to_string()),
        case("trainings, first page", "service", |_| "/api/v1/trainings?limit=50".to_string()),
        case("sales performance, one half year", "deputy_gm", |i| {
            format!("/api/v1/dashboards/performance?year={}&half={}", 2016 + i % 10, 1 + i % 2)
        }),
    ];
    let mut export = case("ledger export, one month, XLSX", "sales", |i| {
        format!("/api/v1/ledger?format=xlsx&from=2023-{:02}-01&to=2023-{:02}-28", 1 + i % 12, 1 + i % 12)
    });
    export.samples_cap = 50;
    out.push(export);
    let mut export = case("ledger export, one month, CSV", "sales", |i| {
        format!("/api/v1/ledger?format=csv&from=2024-{:02}-01&to=2024-{:02}-28", 1 + i % 12, 1 + i % 12)
    });
    export.samples_cap = 50;
    out.push(export);
    out
}

/// The benchmark writes only where its name says so: a database or file named `…bench…`.
fn is_bench_target(url: &str) -> bool {
    let name = url.rsplit(['/', '\\']).next().unwrap_or("");
    name.to_lowercase().contains("bench")
}

/// A fresh, empty database at `url`: the SQLite file is deleted; the PostgreSQL database is
/// dropped and created again through the server's `postgres` database.
async fn fresh_database(url: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        is_bench_target(url),
        "the benchmark deletes its database first: give it one whose name contains \"bench\" (got {url})"
    );
    if let Some(path) = url.strip_prefix("sqlite://") {
        if let Some(dir) = std::path::Path::new(path).parent() {
            std::fs::create_dir_all(dir)?;
        }
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
    } else {
        let (server, name) = url.rsplit_once('/').ok_or_else(|| anyhow::anyhow!("no database name in {url}"))?;
        let name = name.split('?').next().unwrap_or(name);
        anyhow::ensure!(
            name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "database name: letters, digits, _"
        );
        sqlx::any::install_default_drivers();
        let admin = sqlx::AnyPool::connect(&format!("{server}/postgres")).await?;
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&admin).await?;
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await?;
        admin.close().await;
    }
    Ok(())
}

pub async fn run(o: Options) -> anyhow::Result<()> {
    fresh_database(&o.database_url).await?;
    let addr: std::net::SocketAddr = "127.0.0.1:0".parse()?;
    let state = crate::state(&o.database_url, addr, false).await?;
    app::backend::seed::seed_demo(&state.db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let started = Instant::now();
    generate(&state.db, &o).await?;
    app::backend::performance::rebuild_if_missing(&state.db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    // PostgreSQL plans from statistics that autovacuum gathers on a running system: gather
    // them now, after the bulk load. SQLite is measured as the server runs it, without.
    if state.db.backend == app::backend::db::Backend::Postgres {
        let mut conn = state.db.write.acquire().await?;
        sqlx::query("ANALYZE").execute(&mut *conn).await?;
    }
    let generation = started.elapsed();
    if state.db.backend == app::backend::db::Backend::Sqlite {
        // Move the bulk load out of the write-ahead log into the database file, as the
        // server's own checkpoints do over time, so that reads do not measure the log.
        let mut conn = state.db.write.acquire().await?;
        app::backend::store::maintenance::checkpoint(&mut conn).await?;
    }
    println!(
        "generated {} orders for {} customers and {} products in {:.1} s ({})",
        o.orders,
        o.customers,
        o.products,
        generation.as_secs_f64(),
        if o.database_url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" }
    );

    if o.attachments {
        let dir = crate::backup::data_dir(&o.database_url);
        return crate::bench_files::run(&state.db, &dir.join("bench-files")).await;
    }

    let router = crate::router(state.clone());
    let cases: Vec<Case> =
        cases(&o).into_iter().filter(|c| o.only.as_deref().is_none_or(|only| c.name.contains(only))).collect();
    let mut cookies = std::collections::HashMap::new();
    for c in &cases {
        if !cookies.contains_key(c.user) {
            cookies.insert(c.user, sign_in(&router, c.user).await?);
        }
    }
    let mut report = Vec::new();
    for c in &cases {
        let path = c.path.clone();
        report.push(measure(&router, &cookies[c.user], c.name, o.samples.min(c.samples_cap), |i| path(i)).await?);
    }
    println!("\n| request | samples | p50 ms | p99 ms | bytes |\n|---|---:|---:|---:|---:|");
    for (name, samples, p50, p99, bytes) in report {
        println!("| {name} | {samples} | {:.2} | {:.2} | {bytes} |", ms(p50), ms(p99));
    }

    if let Some(load) = &o.http {
        let addr = crate::bench_http::listen(crate::router(state.clone())).await?;
        let mut cookies = std::collections::HashMap::new();
        let mut figures = Vec::new();
        for c in cases.iter().filter(|c| c.samples_cap == usize::MAX) {
            if !cookies.contains_key(c.user) {
                cookies.insert(c.user, crate::bench_http::sign_in(addr, c.user).await?);
            }
            let path = c.path.clone();
            figures.push(crate::bench_http::measure(addr, &cookies[c.user], c.name, load, move |i| path(i)).await?);
        }
        crate::bench_http::print(&figures, load);
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn sign_in(router: &axum::Router, user: &str) -> anyhow::Result<String> {
    let req = Request::post("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(format!("{{\"username\":\"{user}\",\"password\":\"demo\"}}")))?;
    let res = router.clone().oneshot(req).await?;
    anyhow::ensure!(res.status() == StatusCode::OK, "sign in as {user}: {}", res.status());
    let cookie = res.headers()[header::SET_COOKIE].to_str()?.split(';').next().unwrap_or("").to_string();
    Ok(cookie)
}

async fn measure(
    router: &axum::Router,
    cookie: &str,
    name: &str,
    samples: usize,
    mut path: impl FnMut(usize) -> String,
) -> anyhow::Result<(String, usize, Duration, Duration, usize)> {
    let mut times = Vec::with_capacity(samples);
    let mut bytes = 0;
    for i in 0..samples + 5 {
        let req = Request::get(path(i)).header(header::COOKIE, cookie).body(Body::empty())?;
        let t = Instant::now();
        let res = router.clone().oneshot(req).await?;
        let status = res.status();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX).await?;
        let elapsed = t.elapsed();
        anyhow::ensure!(
            status == StatusCode::OK,
            "{name}: {status} {}",
            String::from_utf8_lossy(&body[..body.len().min(300)])
        );
        if i >= 5 {
            times.push(elapsed);
            bytes = body.len();
        }
    }
    times.sort();
    let pick = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    Ok((name.to_string(), samples, pick(0.50), pick(0.99), bytes))
}

/// Twenty closed half-year surveys, 2016-H1 to 2025-H2: a link per customer, four in five
/// answered, delivery slowly declining; the sales reps' targets for every half year.
async fn generate_surveys(
    db: &Db,
    rng: &mut Rng,
    base_customer: i64,
    customers: usize,
    now: i64,
) -> anyhow::Result<()> {
    let mut tx = db.begin().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let base_period = max_id(&mut tx, "survey_period").await?;
    let base_link = max_id(&mut tx, "survey_link").await?;
    let mut periods = Vec::new();
    let mut links = Vec::new();
    let mut answers = Vec::new();
    let mut targets = Vec::new();
    for k in 0..20i64 {
        let (year, half) = (2016 + k / 2, 1 + k % 2);
        let period = base_period + 1 + k;
        periods.push(format!(
            "({year}, {half}, 'closed', 4.0, 4.0, 4.0, 4.0, 'sales_manager', {now}, 'sales_manager', {now})"
        ));
        for rep in 0..20 {
            targets.push(format!(
                "('rep{rep:02}', {year}, {half}, {}, 'sales_manager', {now})",
                300_000_000 + rep * 10_000_000
            ));
        }
        for c in 0..customers as i64 {
            let link = base_link + 1 + k * customers as i64 + c;
            let answered = rng.below(5) != 0;
            links.push(format!(
                "({period}, {}, 'bench-{k}-{c}', {})",
                base_customer + 1 + c,
                if answered { now.to_string() } else { "NULL".into() }
            ));
            if answered {
                let s = |rng: &mut Rng, drift: i64| (3 + rng.below(3) as i64 - drift).clamp(1, 5);
                let (q, d, sv, p) = (s(rng, 0), s(rng, k / 8), s(rng, 0), s(rng, 0));
                answers
                    .push(format!("({link}, {period}, {}, {q}, {d}, {sv}, {p}, NULL, {now})", base_customer + 1 + c));
            }
        }
    }
    insert_rows(&mut tx, "INSERT INTO survey_period (year, half, status, target_quality, target_delivery, target_service, target_price, opened_by, created_at, closed_by, closed_at)", &periods, 100).await?;
    insert_rows(&mut tx, "INSERT INTO survey_link (period_id, customer_id, token, answered_at)", &links, 500).await?;
    insert_rows(&mut tx, "INSERT INTO survey_response (link_id, period_id, customer_id, quality, delivery, service, price, comment, created_at)", &answers, 500).await?;
    insert_rows(
        &mut tx,
        "INSERT INTO sales_target (sales_rep, year, half, amount_fen, updated_by, updated_at)",
        &targets,
        500,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Ten years of trade into `db` (the plan test uses a small one).
pub async fn generate_years(db: &Db, orders: usize, customers: usize, products: usize) -> anyhow::Result<()> {
    let o = Options {
        database_url: String::new(),
        http: None,
        only: None,
        orders,
        customers,
        products,
        samples: 0,
        attachments: false,
    };
    generate(db, &o).await?;
    app::backend::performance::rebuild_if_missing(db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}

/// Ten years, 2016–2025: customers, products with list prices, weekly batches, orders (mostly
/// closed, the last weeks still open or waiting for approval), their lines, delivery notes
/// and ledger rows.
async fn generate(db: &Db, o: &Options) -> anyhow::Result<()> {
    let mut rng = Rng(0x5EED);
    let mut tx = db.begin().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let now = app::backend::db::now_ms();
    let base_customer = max_id(&mut tx, "customer").await?;
    let customers: Vec<String> = (0..o.customers)
        .map(|i| {
            let permit = if i % 3 == 0 { format!("{}, '2030-12-31'", q(&format!("危化经字{i:05}"))) } else { "NULL, NULL".into() };
            format!(
                "({}, {}, '地址 {i}', '联系人 {i}', '0571-0000 {i:04}', 'A', '91{i:016}', 'sales', {now}, {permit}, {now}, {now})",
                q(&format!("B{i:04}")),
                q(&format!("客户 {i} 化工有限公司"))
            )
        })
        .collect();
    insert_rows(&mut tx, "INSERT INTO customer (code, name, address, contact_name, contact_phone, credit_rating, license_no, qualification_checked_by, qualification_checked_at, hazardous_permit_no, hazardous_permit_valid_until, created_at, updated_at)", &customers, 200).await?;
    let base_product = max_id(&mut tx, "product").await?;
    let products: Vec<String> = (0..o.products)
        .map(|i| {
            format!(
                "({}, {}, '', 't', {}, '[{{\"name\":\"含量\",\"unit\":\"%\",\"min\":90.0}}]', {now}, {now})",
                q(&format!("BP{i:03}")),
                q(&format!("产品 {i}")),
                i % 4 == 0
            )
        })
        .collect();
    insert_rows(
        &mut tx,
        "INSERT INTO product (code, name, specification, unit, hazardous, indicators_json, created_at, updated_at)",
        &products,
        100,
    )
    .await?;
    let prices: Vec<String> = (0..o.products)
        .map(|i| {
            format!(
                "({}, {}, '2016-01-01', 'admin', {now}, {now})",
                base_product + 1 + i as i64,
                50_000 + (i as i64) * 1_000
            )
        })
        .collect();
    insert_rows(
        &mut tx,
        "INSERT INTO price (product_id, unit_price_fen, valid_from, created_by, created_at, updated_at)",
        &prices,
        100,
    )
    .await?;
    tx.commit().await?;

    let start = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).expect("date");
    let days = 3652u64;
    // One inspected batch per product per week, all stocked; deliveries draw on the week's.
    let weeks = days / 7 + 1;
    let (base_order, base_line, base_batch) = {
        let mut conn = db.write.acquire().await?;
        (
            max_id(&mut conn, "sales_order").await?,
            max_id(&mut conn, "order_line").await?,
            max_id(&mut conn, "batch").await?,
        )
    };
    let mut batches = Vec::with_capacity(weeks as usize * o.products);
    for w in 0..weeks {
        let day = (start + chrono::Duration::days(w as i64 * 7)).format("%Y-%m-%d").to_string();
        for p in 0..o.products {
            batches.push(format!(
                "({}, 'BB{w:03}-{p:03}', 400000000, '{day}', 'in_stock', 'R{w:03}-{p:03}', 'C{w:03}-{p:03}', 'warehouse', {now}, 'lab', {now}, {now})",
                base_product + 1 + p as i64
            ));
        }
    }
    let mut tx = db.begin().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    insert_rows(&mut tx, "INSERT INTO batch (product_id, batch_no, quantity_milli, produced_on, status, report_no, certificate_no, stocked_by, stocked_at, created_by, created_at, updated_at)", &batches, 500).await?;
    tx.commit().await?;
    let batch_of = |day: chrono::NaiveDate, product: i64| -> (i64, String) {
        let w = ((day - start).num_days().max(0) as u64 / 7).min(weeks - 1) as i64;
        let p = product - base_product - 1;
        (base_batch + 1 + w * o.products as i64 + p, format!("BB{w:03}-{p:03}"))
    };

    let per_tx = 20_000;
    let mut made = 0usize;
    let mut line_id = base_line;
    let mut note_no = 0usize;
    while made < o.orders {
        let count = per_tx.min(o.orders - made);
        let mut orders = Vec::with_capacity(count);
        let mut lines = Vec::with_capacity(count * 3);
        let mut ledger = Vec::with_capacity(count * 3);
        let mut notes = Vec::with_capacity(count);
        let mut note_lines = Vec::with_capacity(count * 3);
        for k in 0..count {
            let n = made + k;
            let id = base_order + 1 + n as i64;
            let day = start + chrono::Duration::days((n as u64 * days / o.orders as u64) as i64);
            let date = day.format("%Y-%m-%d").to_string();
            let due_day = day + chrono::Duration::days(7 + rng.below(21) as i64);
            let due = due_day.format("%Y-%m-%d").to_string();
            let customer = base_customer + 1 + rng.below(o.customers as u64) as i64;
            let rep = format!("rep{:02}", rng.below(20));
            let recent = n + 400 >= o.orders;
            let status = if !recent { "closed" } else { ["submitted", "approved", "in_fulfilment", "draft"][n % 4] };
            let mut total = 0i64;
            for pos in 0..(1 + rng.below(5)) {
                let product = base_product + 1 + rng.below(o.products as u64) as i64;
                let qty = 1_000 * (1 + rng.below(40) as i64);
                let price = 50_000 + (product - base_product - 1) * 1_000;
                let amount = qty * price / 1000;
                total += amount;
                let delivered = if status == "closed" { qty } else { 0 };
                lines.push(format!("({id}, {}, {product}, {qty}, {price}, {price}, {delivered})", pos + 1));
                line_id += 1;
                if status == "closed" {
                    let (batch, batch_no) = batch_of(day, product);
                    ledger.push(format!(
                        "({}, {customer}, {product}, {id}, '{batch_no}', {qty}, {amount}, {}, {now})",
                        q(&due),
                        q(&rep)
                    ));
                    note_lines.push((n, pos + 1, line_id, product, batch, qty));
                }
            }
            if status == "closed" {
                note_no += 1;
                // Most arrive on the day; one in twelve a day late.
                let late = if rng.below(12) == 0 { 86_400_000 } else { 0 };
                let received = due_day.and_hms_opt(6, 0, 0).expect("time").and_utc().timestamp_millis() + late;
                notes.push(format!(
                    "('DN-{}-{note_no:07}', {id}, {customer}, {}, 'delivered', 'sales', 'sales_manager', {now}, 'driver', '浙A{:05}', \
                     'logistics', TRUE, TRUE, 'warehouse', {now}, '收货人', {received}, {received}, {now}, {now})",
                    due_day.format("%Y"),
                    q(&due),
                    n % 100_000
                ));
            }
            let submitted = now - (rng.below(72) as i64) * 3_600_000;
            orders.push(format!(
                "('SO-{}-{n:07}', {customer}, {}, '{status}', {}, {}, {total}, {submitted}, {now}, {now})",
                day.format("%Y"),
                q(&rep),
                q(&date),
                q(&due)
            ));
        }
        let mut tx = db.begin().await.map_err(|e| anyhow::anyhow!("{e}"))?;
        insert_rows(&mut tx, "INSERT INTO sales_order (number, customer_id, sales_rep, status, order_date, requested_delivery_date, total_fen, submitted_at, created_at, updated_at)", &orders, 500).await?;
        insert_rows(&mut tx, "INSERT INTO order_line (order_id, position, product_id, quantity_milli, unit_price_fen, list_price_fen, delivered_milli)", &lines, 500).await?;
        insert_rows(&mut tx, "INSERT INTO ledger_entry (delivered_on, customer_id, product_id, order_id, batch_no, quantity_milli, amount_fen, sales_rep, created_at)", &ledger, 500).await?;
        // Note ids follow the notes inserted so far; each order's lines point at its note.
        let base_note = max_id(&mut tx, "delivery_note").await?;
        insert_rows(&mut tx, "INSERT INTO delivery_note (number, order_id, customer_id, delivery_date, status, created_by, approved_by, approved_at, driver_username, vehicle, assigned_by, packaging_ok, labels_ok, loaded_by, loaded_at, receiver_name, received_at_device, received_at_server, created_at, updated_at)", &notes, 500).await?;
        let mut rendered = Vec::with_capacity(note_lines.len());
        let mut current = (usize::MAX, 0i64);
        for (order_index, pos, order_line, product, batch, qty) in note_lines {
            if current.0 != order_index {
                current = (order_index, current.1 + 1);
            }
            rendered
                .push(format!("({}, {pos}, {order_line}, {product}, {batch}, {qty}, {qty})", base_note + current.1));
        }
        insert_rows(&mut tx, "INSERT INTO delivery_note_line (note_id, position, order_line_id, product_id, batch_id, quantity_milli, received_milli)", &rendered, 500).await?;
        tx.commit().await?;
        made += count;
    }
    generate_surveys(db, &mut rng, base_customer, o.customers, now).await?;
    let people =
        crate::bench_service::People { base_customer, customers: o.customers, base_product, products: o.products };
    crate::bench_service::generate_inquiries(db, &mut rng, &people, (o.orders / 10).max(30)).await?;
    crate::bench_service::generate_complaints(db, &mut rng, &people, (o.orders / 50).max(20)).await?;
    crate::bench_desk::generate_tickets(db, &mut rng, &people, (o.orders / 20).max(30)).await?;
    crate::bench_desk::generate_liaison(db, &mut rng, &people, (o.orders / 100).max(20)).await?;
    crate::bench_documents::generate_documents(db, &mut rng, &people, (o.orders / 100).max(20)).await?;
    let mut conn = db.write.acquire().await?;
    anyhow::ensure!(
        max_id(&mut conn, "sales_order").await? == base_order + o.orders as i64,
        "order ids are not sequential"
    );
    anyhow::ensure!(max_id(&mut conn, "order_line").await? == line_id, "order line ids are not sequential");
    Ok(())
}
