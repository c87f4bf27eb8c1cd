//! `server bench`: ten years of a mid-size producer's data (500 customers, 60 products,
//! 200,000 orders with 1–5 lines, their ledger rows, twenty half-year surveys), generated into a fresh SQLite file, then
//! the latency of the pages managers and sales use most, measured through the whole router
//! (middleware, session lookup, service, SQL, JSON) in-process: p50 and p99.

use app::backend::db::Db;
use app::backend::store::bench::{analyze, insert_rows, max_id};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use std::time::{Duration, Instant};
use tower::ServiceExt;

pub struct Options {
    pub database_url: String,
    pub orders: usize,
    pub customers: usize,
    pub products: usize,
    pub samples: usize,
}

/// A small deterministic generator (no dependency, same data every run).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

pub async fn run(o: Options) -> anyhow::Result<()> {
    if let Some(path) = o.database_url.strip_prefix("sqlite://") {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
    }
    let addr: std::net::SocketAddr = "127.0.0.1:0".parse()?;
    let state = crate::state(&o.database_url, addr, false).await?;
    app::backend::seed::seed_demo(&state.db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let started = Instant::now();
    generate(&state.db, &o).await?;
    let generation = started.elapsed();
    println!(
        "generated {} orders for {} customers and {} products in {:.1} s",
        o.orders,
        o.customers,
        o.products,
        generation.as_secs_f64()
    );

    let router = crate::router(state.clone());
    let sales = sign_in(&router, "sales").await?;
    let gm = sign_in(&router, "deputy_gm").await?;
    let mut rng = Rng(42);
    let n = o.samples;
    let mut report = Vec::new();
    let customers = o.customers as u64;
    let mut pick = Rng(7);
    report.push(
        measure(&router, &sales, "order list, filtered by customer, first page", n, |_| {
            format!("/api/v1/orders?limit=50&customer_id={}", 11 + pick.below(customers))
        })
        .await?,
    );
    report.push(
        measure(&router, &sales, "order list, status=closed, deep page (cursor)", n, |i| {
            format!("/api/v1/orders?limit=50&status=closed&cursor=2019-0{}-15_{}", 1 + i % 9, 90_000 + i * 7)
        })
        .await?,
    );
    report.push(
        measure(&router, &sales, "order list, sales rep and date range", n, |i| {
            format!("/api/v1/orders?limit=50&sales_rep=rep{:02}&from=2022-01-01&to=2022-{:02}-28", i % 20, 1 + i % 12)
        })
        .await?,
    );
    let orders = o.orders as u64;
    report.push(
        measure(&router, &sales, "one order (lines, history)", n, |_| {
            format!("/api/v1/orders/{}", 1 + rng.below(orders))
        })
        .await?,
    );
    report.push(measure(&router, &gm, "approvals dashboard", n, |_| "/api/v1/dashboards/approvals".to_string()).await?);
    report.push(
        measure(&router, &gm, "satisfaction trends dashboard (20 periods)", n, |_| {
            "/api/v1/dashboards/satisfaction".to_string()
        })
        .await?,
    );
    report.push(
        measure(&router, &gm, "sales performance, one half year", n, |i| {
            format!("/api/v1/dashboards/performance?year={}&half={}", 2016 + i % 10, 1 + i % 2)
        })
        .await?,
    );
    report.push(
        measure(&router, &sales, "ledger export, one month, XLSX", n.min(50), |i| {
            format!("/api/v1/ledger?format=xlsx&from=2023-{:02}-01&to=2023-{:02}-28", 1 + i % 12, 1 + i % 12)
        })
        .await?,
    );
    report.push(
        measure(&router, &sales, "ledger export, one month, CSV", n.min(50), |i| {
            format!("/api/v1/ledger?format=csv&from=2024-{:02}-01&to=2024-{:02}-28", 1 + i % 12, 1 + i % 12)
        })
        .await?,
    );
    println!("\n| request | samples | p50 ms | p99 ms | bytes |\n|---|---:|---:|---:|---:|");
    for (name, samples, p50, p99, bytes) in report {
        println!("| {name} | {samples} | {:.2} | {:.2} | {bytes} |", ms(p50), ms(p99));
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

/// Ten years, 2016–2025: customers, products with list prices, orders (mostly closed, the
/// last weeks still open or waiting for approval), their lines and ledger rows.
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
    let base_order = {
        let mut conn = db.write.acquire().await?;
        max_id(&mut conn, "sales_order").await?
    };
    let per_tx = 20_000;
    let mut made = 0usize;
    while made < o.orders {
        let count = per_tx.min(o.orders - made);
        let mut orders = Vec::with_capacity(count);
        let mut lines = Vec::with_capacity(count * 3);
        let mut ledger = Vec::with_capacity(count * 3);
        for k in 0..count {
            let n = made + k;
            let id = base_order + 1 + n as i64;
            let day = start + chrono::Duration::days((n as u64 * days / o.orders as u64) as i64);
            let date = day.format("%Y-%m-%d").to_string();
            let due = (day + chrono::Duration::days(7 + rng.below(21) as i64)).format("%Y-%m-%d").to_string();
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
                if status == "closed" {
                    ledger.push(format!(
                        "({}, {customer}, {product}, {id}, 'B{n:07}', {qty}, {amount}, {}, {now})",
                        q(&due),
                        q(&rep)
                    ));
                }
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
        tx.commit().await?;
        made += count;
    }
    generate_surveys(db, &mut rng, base_customer, o.customers, now).await?;
    let mut conn = db.write.acquire().await?;
    anyhow::ensure!(
        max_id(&mut conn, "sales_order").await? == base_order + o.orders as i64,
        "order ids are not sequential"
    );
    analyze(&mut conn).await?;
    Ok(())
}
