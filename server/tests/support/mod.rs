// Each test binary uses part of the harness.
#![allow(dead_code, unused_macros)]

//! `spawn_app()`: the real router on a random port against a fresh database, and a client
//! with its own cookie jar. `both!` runs a case on SQLite and on PostgreSQL.

pub mod flow;

use reqwest::{Client, Response};
use serde::Serialize;
use sqlx::Row;
use std::net::SocketAddr;

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: Client,
    pub database_url: String,
    pool: sqlx::AnyPool,
    _dir: Option<std::sync::Arc<tempfile::TempDir>>,
    pg_name: Option<String>,
}

macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let case = $body;
                case(support::spawn_sqlite().await).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(app) = support::spawn_postgres().await else {
                    eprintln!("TEST_POSTGRES_URL is not set: PostgreSQL case not run");
                    return;
                };
                let case = $body;
                case(app).await;
            }
        }
    };
}

fn client() -> Client {
    Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::limited(5)).build().unwrap()
}

async fn start(
    database_url: String,
    dir: Option<std::sync::Arc<tempfile::TempDir>>,
    pg_name: Option<String>,
) -> TestApp {
    start_with(database_url, dir, pg_name, |_| {}).await
}

async fn start_with(
    database_url: String,
    dir: Option<std::sync::Arc<tempfile::TempDir>>,
    pg_name: Option<String>,
    configure: impl FnOnce(&mut app::backend::AppState),
) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut state = server::state(&database_url, addr, false).await.expect("database");
    configure(&mut state);
    app::backend::seed::seed_demo(&state.db).await.expect("seed");
    let pool = state.db.read.clone();
    let router = server::router(state);
    tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
    TestApp { addr, client: client(), database_url, pool, _dir: dir, pg_name }
}

pub async fn spawn_sqlite() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/app.db", dir.path().display());
    start(url, Some(std::sync::Arc::new(dir)), None).await
}

/// A fresh SQLite app whose settings `configure` changes before it serves.
pub async fn spawn_sqlite_with(configure: impl FnOnce(&mut app::backend::AppState)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/app.db", dir.path().display());
    start_with(url, Some(std::sync::Arc::new(dir)), None, configure).await
}

/// A fresh PostgreSQL database (named with a random suffix), if `TEST_POSTGRES_URL` is set.
pub async fn spawn_postgres() -> Option<TestApp> {
    let (url, name) = fresh_postgres().await?;
    Some(start(url, None, Some(name)).await)
}

/// A fresh PostgreSQL app whose settings `configure` changes before it serves, if
/// `TEST_POSTGRES_URL` is set.
pub async fn spawn_postgres_with(configure: impl FnOnce(&mut app::backend::AppState)) -> Option<TestApp> {
    let (url, name) = fresh_postgres().await?;
    Some(start_with(url, None, Some(name), configure).await)
}

/// A new, empty PostgreSQL database: its URL and name (`TestApp` drops it), if
/// `TEST_POSTGRES_URL` is set.
pub async fn fresh_postgres() -> Option<(String, String)> {
    let base = std::env::var("TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty())?;
    sqlx::any::install_default_drivers();
    let name = format!("test_{}", rand::random::<u64>());
    let admin = sqlx::AnyPool::connect(&base).await.expect("TEST_POSTGRES_URL reachable");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.unwrap();
    admin.close().await;
    let (prefix, _) = base.rsplit_once('/').unwrap();
    Some((format!("{prefix}/{name}"), name))
}

/// A second server process on an existing database (no new database, no seeding).
pub async fn spawn_on(database_url: &str) -> TestApp {
    spawn_owning(database_url, None).await
}

/// A server on an existing database that drops the PostgreSQL database `pg_name` at the end.
pub async fn spawn_owning(database_url: &str, pg_name: Option<String>) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = server::state(database_url, addr, false).await.expect("database");
    let pool = state.db.read.clone();
    let router = server::router(state);
    tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
    TestApp { addr, client: client(), database_url: database_url.to_string(), pool, _dir: None, pg_name }
}

/// A client of a server that runs elsewhere (a child process) on `database_url`.
pub async fn connect_to(addr: SocketAddr, database_url: &str) -> TestApp {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(database_url).await.unwrap();
    TestApp { addr, client: client(), database_url: database_url.to_string(), pool, _dir: None, pg_name: None }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let (Some(name), Ok(base)) = (self.pg_name.take(), std::env::var("TEST_POSTGRES_URL")) else {
            return;
        };
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async {
                if let Ok(admin) = sqlx::AnyPool::connect(&base).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&admin).await;
                }
            });
        })
        .join();
    }
}

impl TestApp {
    /// The server's read pool, for checks that look into the database.
    pub fn pool(&self) -> &sqlx::AnyPool {
        &self.pool
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A second browser, so to speak: same server, its own cookies.
    pub async fn client_for(other: &TestApp) -> TestApp {
        TestApp {
            addr: other.addr,
            client: client(),
            database_url: other.database_url.clone(),
            pool: other.pool.clone(),
            _dir: other._dir.clone(),
            pg_name: None,
        }
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }
    pub async fn delete(&self, path: &str) -> Response {
        self.client.delete(self.url(path)).send().await.unwrap()
    }
    pub async fn post<T: Serialize>(&self, path: &str, body: &T) -> Response {
        self.client.post(self.url(path)).json(body).send().await.unwrap()
    }
    /// A POST of raw bytes with the given content type (a server function's call, say).
    pub async fn post_bytes(&self, path: &str, content_type: &str, body: Vec<u8>) -> Response {
        self.client.post(self.url(path)).header("content-type", content_type).body(body).send().await.unwrap()
    }
    pub async fn put<T: Serialize>(&self, path: &str, body: &T) -> Response {
        self.client.put(self.url(path)).json(body).send().await.unwrap()
    }

    /// Signs in as a demo user (password `demo`).
    pub async fn sign_in(&self, username: &str) {
        self.sign_in_with(username, "demo").await
    }
    pub async fn sign_in_with(&self, username: &str, password: &str) {
        let res = self.post("/api/v1/session", &serde_json::json!({"username": username, "password": password})).await;
        assert_eq!(res.status(), 200, "sign in as {username}");
    }

    pub async fn execute(&self, sql: &str) {
        sqlx::query(sql).execute(&self.pool).await.unwrap();
    }
    pub async fn query_strings(&self, sql: &str) -> Vec<String> {
        sqlx::query(sql)
            .fetch_all(&self.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get::<String, _>("s").unwrap())
            .collect()
    }

    /// Runs `server audit verify` against this database: (exit success, output).
    pub fn audit_verify(&self) -> (bool, String) {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["--database-url", &self.database_url, "audit", "verify"])
            .output()
            .unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        (out.status.success(), text)
    }
}
