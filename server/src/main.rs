//! `server`: the command line. `serve` runs the app; `migrate` brings the schema up to date;
//! `user add` creates an account; `audit verify` checks the audit trail's hash chain.

use app::backend::{audit, db::Db, seed, users};
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
    #[command(subcommand)]
    command: Command,
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
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
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
    Verify,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    match cli.command {
        Command::Serve { addr, demo, secure_cookies } => {
            let state = server::state(&cli.database_url, addr, secure_cookies).await?;
            if demo && seed::seed_demo(&state.db).await.map_err(|e| anyhow::anyhow!("{e}"))? {
                seed::seed_demo_orders(&state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                tracing::info!("demo data seeded: users = role keys, password 'demo'");
            }
            server::serve(state, addr).await
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
            })
            .await
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
        Command::Audit { command: AuditCommand::Verify } => {
            let db = Db::connect(&cli.database_url).await?;
            match audit::verify(&db).await.map_err(|e| anyhow::anyhow!("{e}"))? {
                Ok(n) => {
                    println!("audit trail intact: {n} entries");
                    Ok(())
                }
                Err(broken) => {
                    eprintln!("audit trail BROKEN at entry {}: {}", broken.seq, broken.reason);
                    std::process::exit(1);
                }
            }
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
