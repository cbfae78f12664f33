//! `journey`: the one binary. Thin: parse the command, open the store, hand over.

mod demo;
mod open;
mod settings;
mod timescales_cmd;
mod user_cmd;

use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use journey_domain::{Clock, SystemClock};
use journey_store::Store;

use settings::{DatabaseArgs, ServeArgs, redact_url};

/// A page allocates thousands of small strings and values, from many threads; mimalloc's
/// per-thread heaps cost less there than the system allocator (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser, Debug)]
#[command(
    name = "journey",
    version,
    about = "Case management for children's social care"
)]
struct Cli {
    /// Log as JSON lines (for a log collector) instead of text.
    #[arg(long, env = "JOURNEY_LOG_JSON", default_value_t = false, global = true)]
    log_json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve Journey.
    Serve {
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(flatten)]
        serve: ServeArgs,
    },
    /// Serve Journey with a fictional demo authority on an embedded database, seeding it on
    /// first start and printing one sign-in per role.
    Demo {
        /// The demo's own database, kept apart from real data.
        #[arg(
            long,
            env = "JOURNEY_DEMO_DATABASE_URL",
            default_value = "sqlite://data/demo/journey.db"
        )]
        database_url: String,
        #[command(flatten)]
        serve: ServeArgs,
    },
    /// Bring the database schema up to date, then exit.
    Migrate {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        command: user_cmd::UserCommand,
    },
    /// Build a large synthetic authority for benchmarks.
    BenchData {
        #[command(flatten)]
        database: DatabaseArgs,
        /// How many children.
        #[arg(long, default_value_t = 20_000)]
        children: usize,
        /// Chronology entries per child.
        #[arg(long, default_value_t = 99)]
        events_per_child: usize,
        /// How many children get a long (500-entry) chronology.
        #[arg(long, default_value_t = 20)]
        heavy_children: usize,
        #[arg(long, default_value_t = 500)]
        heavy_events: usize,
    },
    /// The statutory timescales in force, and due dates with their explanations.
    Timescales(timescales_cmd::TimescalesArgs),
}

#[derive(Debug, thiserror::Error)]
enum CommandError {
    #[error(transparent)]
    Store(#[from] journey_store::StoreError),
    #[error(transparent)]
    Web(#[from] journey_web::error::WebError),
    #[error(transparent)]
    Timescales(#[from] timescales_cmd::TimescalesCommandError),
    #[error(transparent)]
    User(#[from] user_cmd::UserCommandError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("the demo database already holds other data; use a fresh --database-url")]
    DemoNotEmpty,
}

fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("JOURNEY_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_json);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("journey: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("journey: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<(), CommandError> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    match command {
        Command::Serve {
            database,
            serve: args,
        } => {
            tracing::info!(database = %redact_url(&database.database_url), bind = %args.bind, "starting");
            let store = open::open_store(&database.database_url).await?;
            serve(store, clock, &args).await
        }
        Command::Demo {
            database_url,
            serve: args,
        } => {
            let store = open::open_store(&database_url).await?;
            seed_demo(store.as_ref(), &args).await?;
            serve(store, clock, &args).await
        }
        Command::Migrate { database } => {
            open::open_store(&database.database_url).await?;
            println!(
                "The database at {} is up to date.",
                redact_url(&database.database_url)
            );
            Ok(())
        }
        Command::User { command } => {
            let out = user_cmd::run(command, clock.as_ref()).await?;
            println!("{out}");
            Ok(())
        }
        Command::BenchData {
            database,
            children,
            events_per_child,
            heavy_children,
            heavy_events,
        } => {
            let store = open::open_store(&database.database_url).await?;
            if !store.staff_list().await?.is_empty() {
                return Err(CommandError::DemoNotEmpty);
            }
            let hash = journey_web::auth::password::hash_password(demo::DEMO_PASSWORD)?;
            let size = demo::Size {
                workers_per_team: 80,
                reviewing_officers: 30,
            };
            let plan = demo::Plan {
                children,
                open_percent: 60,
                events_per_child,
                heavy_children,
                heavy_events,
                benchmark_families: true,
                reference: demo::reference_time(),
            };
            let started = std::time::Instant::now();
            let seeded = demo::seed(store.as_ref(), &size, &plan, &hash, false, |n| {
                if n % 2000 < 100 {
                    eprintln!("  {n} children written");
                }
            })
            .await?;
            println!(
                "Built a benchmark authority of {} children and {} staff in {:.0?}. Every account's password is {}.",
                seeded.children,
                seeded.staff,
                started.elapsed(),
                demo::DEMO_PASSWORD
            );
            for account in seeded.accounts {
                println!("  {:<42} {}", account.role.label(), account.username);
            }
            Ok(())
        }
        Command::Timescales(args) => {
            println!("{}", timescales_cmd::run(args, clock.as_ref())?);
            Ok(())
        }
    }
}

async fn seed_demo(store: &dyn Store, args: &ServeArgs) -> Result<(), CommandError> {
    let existing = store.staff_list().await?;
    let accounts: Vec<(String, String)> = if existing.is_empty() {
        println!("Seeding the demo authority (about 2,000 children; takes a few seconds)...");
        let hash = journey_web::auth::password::hash_password(demo::DEMO_PASSWORD)?;
        let size = demo::Size {
            workers_per_team: 5,
            reviewing_officers: 6,
        };
        let plan = demo::Plan {
            children: 1998,
            open_percent: 35,
            events_per_child: 8,
            heavy_children: 0,
            heavy_events: 0,
            benchmark_families: false,
            reference: demo::reference_time(),
        };
        let seeded = demo::seed(store, &size, &plan, &hash, true, |_| {}).await?;
        seeded
            .accounts
            .into_iter()
            .map(|a| (a.role.label().to_owned(), a.username))
            .collect()
    } else {
        journey_domain::staff::Role::ALL
            .into_iter()
            .filter_map(|role| {
                existing
                    .iter()
                    .find(|s| s.role == role)
                    .map(|s| (role.label().to_owned(), s.username.clone()))
            })
            .collect()
    };
    println!();
    println!("Journey demo: http://{}/", args.bind);
    println!(
        "Sign in with any of these accounts; every demo password is {}",
        demo::DEMO_PASSWORD
    );
    for (role, username) in accounts {
        println!("  {role:<42} {username}");
    }
    println!();
    Ok(())
}

async fn serve(
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    args: &ServeArgs,
) -> Result<(), CommandError> {
    let timescales = timescales_cmd::load(args.authority_config.as_deref())
        .map_err(timescales_cmd::TimescalesCommandError::from)?;
    tracing::info!(configuration = %timescales.config().origin, "timescales");
    let config = journey_web::WebConfig {
        timescales: Arc::new(timescales),
        ..args.web_config()
    };
    let state = journey_web::state(store, clock, config)?;
    let listener = tokio::net::TcpListener::bind(args.bind).await?;
    tracing::info!(address = %args.bind, "serving");
    journey_web::serve(listener, state).await?;
    Ok(())
}
