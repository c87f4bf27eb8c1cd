//! `server`: the command line. `serve` runs the app; `migrate` brings the schema up to date;
//! `user add` creates an account; `audit verify` checks the audit trail's hash chain (and
//! `audit anchor` writes its head outside the database); `files gc` cleans the file store.

use app::backend::{audit, audit_anchor, db::Db, seed, users};
use app::domain::user::UserInput;
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Read};
use std::net::SocketAddr;

#[derive(Parser)]
#[command(name = "server", about = "Sales and after-sales service")]
struct Cli {
    /// Database: sqlite://path (created if missing) or postgres://user@host/db
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/app.db", global = true)]
    database_url: String,
    /// Log lines as text for a person or as JSON for a log collector (UTC times; each
    /// request's lines carry its id; security events have the target `security`).
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    log_format: LogFormat,
    /// Where the file store lives (`DIR/files`): by default the SQLite file's folder, or
    /// `data` with PostgreSQL.
    #[arg(long, env = "DATA_DIR", global = true)]
    data_dir: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app and the API.
    Serve {
        #[arg(long, env = "ADDR", default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
        /// Seed demo users and master data into an empty database.
        #[arg(long, env = "DEMO")]
        demo: bool,
        /// Mark cookies Secure (set when served over https, e.g. behind a TLS proxy).
        #[arg(long, env = "SECURE_COOKIES")]
        secure_cookies: bool,
        /// End a session after this many minutes without a request (besides its 12 hours).
        #[arg(long, env = "SESSION_IDLE_MINUTES", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=720))]
        session_idle_minutes: u32,
        /// A reverse proxy whose `X-Forwarded-For` names the client (repeat for several).
        #[arg(long = "trusted-proxy", env = "TRUSTED_PROXIES", value_delimiter = ',')]
        trusted_proxies: Vec<std::net::IpAddr>,
        /// Serve `GET /metrics` on the main address to callers with `Authorization: Bearer TOKEN`.
        #[arg(long, env = "METRICS_TOKEN", hide_env_values = true)]
        metrics_token: Option<String>,
        /// Serve `GET /metrics` without a token on this separate address (e.g. 127.0.0.1:9100).
        #[arg(long, env = "METRICS_ADDR")]
        metrics_addr: Option<SocketAddr>,
        /// Take scheduled backups into this folder (see `backup`).
        #[arg(long, env = "BACKUP_DIR")]
        backup_dir: Option<std::path::PathBuf>,
        /// Hours between scheduled backups.
        #[arg(long, env = "BACKUP_EVERY_HOURS", default_value_t = 24, value_parser = clap::value_parser!(u32).range(1..=8760))]
        backup_every: u32,
        /// Scheduled backups kept (the oldest beyond this are removed).
        #[arg(long, env = "BACKUP_KEEP", default_value_t = 14, value_parser = clap::value_parser!(u32).range(1..=10000))]
        backup_keep: u32,
    },
    /// Back up the database and the file store into one archive while the server runs.
    Backup {
        /// The archive to write (a zip: manifest.json, the database, files/).
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Restore an archive made by `backup` into an empty database, then check it.
    Restore {
        #[arg(long)]
        from: std::path::PathBuf,
        /// Replace a target that already holds data.
        #[arg(long)]
        force: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Generate ten years of data into a fresh database and measure p50/p99 latencies, in
    /// process and (with --http) over TCP on loopback.
    Bench {
        #[arg(long, default_value_t = 200_000)]
        orders: usize,
        #[arg(long, default_value_t = 500)]
        customers: usize,
        #[arg(long, default_value_t = 60)]
        products: usize,
        /// Requests per measurement (exports: at most 50).
        #[arg(long, default_value_t = 300)]
        samples: usize,
        /// Where to generate (deleted first; its name must contain "bench"). Without it, a
        /// --database-url given on the command line, else sqlite://target/bench/bench.db.
        #[arg(long)]
        bench_database_url: Option<String>,
        /// Also load the server over real TCP on 127.0.0.1.
        #[arg(long)]
        http: bool,
        /// Keep-alive connections for --http.
        #[arg(long, default_value_t = 10)]
        connections: usize,
        /// Seconds per request for --http.
        #[arg(long, default_value_t = 15)]
        seconds: u64,
        /// Only the requests whose name contains this text.
        #[arg(long)]
        only: Option<String>,
        /// Instead of the requests: the database's size with signatures and photos in its
        /// rows, then after they move into the file store.
        #[arg(long)]
        attachments: bool,
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// The file store.
    Files {
        #[command(subcommand)]
        command: FilesCommand,
    },
}

#[derive(Subcommand)]
enum FilesCommand {
    /// Remove files that no row refers to and that are older than a day.
    Gc,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; the password is read from a prompt, or from stdin when piped.
    Add {
        #[arg(long, env = "NEW_USERNAME")]
        username: String,
        /// Role keys, comma-separated (e.g. sales,sales_manager).
        #[arg(long, env = "NEW_ROLE", value_delimiter = ',')]
        role: Vec<String>,
        #[arg(long, env = "NEW_DISPLAY_NAME", default_value = "")]
        display_name: String,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Exit 0 when the hash chain is intact; otherwise name the first broken entry and exit 1.
    Verify {
        /// Also check that every anchor in FILE (lines of `audit anchor`, or a backup archive)
        /// is still in the chain.
        #[arg(long)]
        anchors: Option<std::path::PathBuf>,
    },
    /// Append the chain's head (time, sequence, hash) as one line to a file outside the
    /// database (default DATA/audit-anchors.txt).
    Anchor {
        #[arg(long)]
        to: Option<std::path::PathBuf>,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Some(dir) = &cli.data_dir {
        // Read by `backup::data_dir`, which every command uses to find the file store.
        std::env::set_var("DATA_DIR", dir);
    }
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into());
    match cli.log_format {
        LogFormat::Text => tracing_subscriber::fmt().with_env_filter(filter).init(),
        LogFormat::Json => tracing_subscriber::fmt().json().with_current_span(true).with_env_filter(filter).init(),
    }
    match cli.command {
        Command::Serve {
            addr,
            demo,
            secure_cookies,
            session_idle_minutes,
            trusted_proxies,
            metrics_token,
            metrics_addr,
            backup_dir,
            backup_every,
            backup_keep,
        } => {
            let mut state = server::state(&cli.database_url, addr, secure_cookies).await?;
            state.session_idle_ms = i64::from(session_idle_minutes) * 60 * 1000;
            state.trusted_proxies = trusted_proxies;
            state.metrics_token = metrics_token;
            if demo && seed::seed_demo(&state.db).await.map_err(|e| anyhow::anyhow!("{e}"))? {
                seed::seed_demo_orders(&state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                tracing::info!("demo data seeded: users = role keys, password 'demo'");
            }
            if let Some(dir) = backup_dir {
                let every = std::time::Duration::from_secs(u64::from(backup_every) * 3600);
                server::backup::spawn_schedule(
                    state.clone(),
                    cli.database_url.clone(),
                    dir,
                    every,
                    backup_keep as usize,
                );
            }
            server::serve(state, addr, metrics_addr).await
        }
        Command::Bench {
            orders,
            customers,
            products,
            samples,
            bench_database_url,
            http,
            connections,
            seconds,
            only,
            attachments,
        } => {
            let given = std::env::args().any(|a| a.starts_with("--database-url"));
            let database_url = bench_database_url.unwrap_or(if given {
                cli.database_url.clone()
            } else {
                "sqlite://target/bench/bench.db".to_string()
            });
            server::bench::run(server::bench::Options {
                database_url,
                http: http.then_some(server::bench_http::Load { connections, seconds }),
                only,
                orders,
                customers,
                products,
                samples,
                attachments,
            })
            .await
        }
        Command::Backup { to } => {
            let db = Db::connect(&cli.database_url).await?;
            let data_dir = server::backup::data_dir(&cli.database_url);
            let m = server::backup::backup(&db, &cli.database_url, &data_dir, &to).await?;
            let rows: i64 = m.row_counts.values().sum();
            println!(
                "backup written to {}: schema {}, {} tables, {rows} rows, {} files, audit head {}",
                to.display(),
                m.schema_version,
                m.row_counts.len(),
                m.files.len(),
                m.audit_head.seq
            );
            Ok(())
        }
        Command::Restore { from, force } => {
            let data_dir = server::backup::data_dir(&cli.database_url);
            let r = server::backup::restore(&cli.database_url, &data_dir, &from, force).await?;
            println!(
                "restored {} (taken {}): integrity ok, row counts as in the manifest, audit head {}, audit trail intact: {} entries",
                from.display(),
                r.manifest.created_at,
                r.manifest.audit_head.seq,
                r.audit_entries
            );
            Ok(())
        }
        Command::Migrate => {
            let db = Db::connect(&cli.database_url).await?;
            db.migrate().await?;
            println!("migrations applied");
            Ok(())
        }
        Command::User { command: UserCommand::Add { username, role, display_name } } => {
            let db = Db::connect(&cli.database_url).await?;
            db.migrate().await?;
            let password = read_password()?;
            let input = UserInput {
                username,
                display_name,
                roles: role,
                password: Some(password),
                active: true,
                version: None,
            };
            match users::create_as(&db, "cli", &input).await {
                Ok(user) => {
                    println!(
                        "created user {} with roles {:?}",
                        user.username,
                        user.roles.iter().map(|r| r.key()).collect::<Vec<_>>()
                    );
                    Ok(())
                }
                Err(e) => {
                    let field = e.field().map(|f| format!("{f}: ")).unwrap_or_default();
                    eprintln!("error: {field}{}", app::i18n::render(app::i18n::Locale::En, &e.msg()));
                    std::process::exit(2);
                }
            }
        }
        Command::Audit { command: AuditCommand::Verify { anchors } } => {
            let db = Db::connect(&cli.database_url).await?;
            let anchors = anchors.map(|f| server::backup::read_anchors(&f)).transpose()?;
            match audit::verify(&db).await.map_err(|e| anyhow::anyhow!("{e}"))? {
                Ok(n) => println!("audit trail intact: {n} entries"),
                Err(broken) => {
                    eprintln!("audit trail BROKEN at entry {}: {}", broken.seq, broken.reason);
                    std::process::exit(1);
                }
            }
            let Some(anchors) = anchors else { return Ok(()) };
            match audit_anchor::check(&db, &anchors).await.map_err(|e| anyhow::anyhow!("{e}"))? {
                Ok(n) => println!("audit anchors hold: {n}"),
                Err(broken) => {
                    eprintln!("audit anchor MISMATCH at entry {}: {}", broken.seq, broken.reason);
                    std::process::exit(1);
                }
            }
            Ok(())
        }
        Command::Audit { command: AuditCommand::Anchor { to } } => {
            let db = Db::connect(&cli.database_url).await?;
            let to = to.unwrap_or_else(|| server::backup::data_dir(&cli.database_url).join("audit-anchors.txt"));
            let anchor = audit_anchor::current(&db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&to)?;
            std::io::Write::write_all(&mut file, format!("{}\n", anchor.line()).as_bytes())?;
            file.sync_all()?;
            println!("audit head {} anchored in {}: {}", anchor.seq, to.display(), anchor.line());
            Ok(())
        }
        Command::Files { command: FilesCommand::Gc } => {
            let db = Db::connect(&cli.database_url).await?;
            let files = app::backend::files::FileStore::new(server::backup::data_dir(&cli.database_url).join("files"));
            let c = app::backend::files_gc::collect(&db, &files, app::backend::files_gc::GRACE)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let root = files.root().display();
            println!("file store {root}: removed {} files ({} bytes), kept {}", c.removed, c.bytes, c.kept);
            Ok(())
        }
    }
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let again = rpassword::prompt_password("Again: ")?;
        anyhow::ensure!(first == again, "the passwords differ");
        Ok(first)
    } else {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        Ok(s.trim_end_matches(['\n', '\r']).to_string())
    }
}
