//! `server bench --http`: the same pages over real TCP. The server listens on 127.0.0.1 (an
//! ephemeral port; nothing else is ever targeted), and `connections` keep-alive HTTP/1.1
//! connections, each signed in, send one kind of request back to back for `seconds`; then
//! req/s, p50 and p99 per request. Client and server share the machine, as a load tool
//! on the same box would.

use axum::http::{header, Request, StatusCode};
use http_body_util::{BodyExt, Empty, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

pub struct Load {
    pub connections: usize,
    pub seconds: u64,
}

/// One line of the table: name, requests, req/s, p50, p99.
pub struct Figure {
    pub name: String,
    pub requests: usize,
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
}

/// Serves `router` on an ephemeral loopback port.
pub async fn listen(router: axum::Router) -> anyhow::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await;
    });
    Ok(addr)
}

type Sender = hyper::client::conn::http1::SendRequest<Empty<Bytes>>;

async fn connect(addr: SocketAddr) -> anyhow::Result<Sender> {
    anyhow::ensure!(addr.ip().is_loopback(), "the HTTP benchmark only targets 127.0.0.1");
    let stream = tokio::net::TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(sender)
}

/// Signs in over TCP and returns the session cookie.
pub async fn sign_in(addr: SocketAddr, user: &str) -> anyhow::Result<String> {
    anyhow::ensure!(addr.ip().is_loopback(), "the HTTP benchmark only targets 127.0.0.1");
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    let body = format!("{{\"username\":\"{user}\",\"password\":\"demo\"}}");
    let req = Request::post("/api/v1/session")
        .header(header::HOST, addr.to_string())
        .header(header::CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(body)))?;
    let res = sender.send_request(req).await?;
    anyhow::ensure!(res.status() == StatusCode::OK, "sign in as {user}: {}", res.status());
    let cookie = res.headers()[header::SET_COOKIE].to_str()?.split(';').next().unwrap_or("").to_string();
    Ok(cookie)
}

/// `load.connections` connections send requests for `path(i)` back to back for
/// `load.seconds`; every answer must be 200.
pub async fn measure(
    addr: SocketAddr,
    cookie: &str,
    name: &str,
    load: &Load,
    path: impl Fn(usize) -> String + Send + Sync + Clone + 'static,
) -> anyhow::Result<Figure> {
    // Two seconds of the same requests first, not counted: connections open, caches and
    // the mapped database file warm up, as they are on a server that has been running.
    let started = Instant::now() + WARM_UP;
    let deadline = started + Duration::from_secs(load.seconds);
    let mut tasks = Vec::new();
    for c in 0..load.connections {
        let cookie = cookie.to_string();
        let path = path.clone();
        let name = name.to_string();
        tasks.push(tokio::spawn(async move {
            let mut sender = connect(addr).await?;
            let mut times = Vec::new();
            let mut i = c;
            while Instant::now() < deadline {
                let req = Request::get(path(i))
                    .header(header::HOST, addr.to_string())
                    .header(header::COOKIE, &cookie)
                    .body(Empty::<Bytes>::new())?;
                let t = Instant::now();
                sender.ready().await?;
                let res = sender.send_request(req).await?;
                let status = res.status();
                let body = res.into_body().collect().await?.to_bytes();
                if t >= started {
                    times.push(t.elapsed());
                }
                anyhow::ensure!(
                    status == StatusCode::OK,
                    "{name}: {status} {}",
                    String::from_utf8_lossy(&body[..body.len().min(300)])
                );
                i += STRIDE;
            }
            anyhow::Ok(times)
        }));
    }
    let mut times = Vec::new();
    for t in tasks {
        times.extend(t.await??);
    }
    let elapsed = started.elapsed();
    times.sort();
    anyhow::ensure!(!times.is_empty(), "{name}: no request completed");
    let pick = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    Ok(Figure {
        name: name.to_string(),
        requests: times.len(),
        per_second: times.len() as f64 / elapsed.as_secs_f64(),
        p50: pick(0.50),
        p99: pick(0.99),
    })
}

const WARM_UP: Duration = Duration::from_secs(2);

/// Connections walk the parameter space in steps of a prime, so they rarely ask the same.
const STRIDE: usize = 7;

pub fn print(figures: &[Figure], load: &Load) {
    println!(
        "\nHTTP on loopback, {} connections, {} s per request:\n\n| request | requests | req/s | p50 ms | p99 ms |\n|---|---:|---:|---:|---:|",
        load.connections, load.seconds
    );
    for f in figures {
        println!(
            "| {} | {} | {:.0} | {:.2} | {:.2} |",
            f.name,
            f.requests,
            f.per_second,
            f.p50.as_secs_f64() * 1000.0,
            f.p99.as_secs_f64() * 1000.0
        );
    }
}
