//! The `ihub` command: serve, migrate, seed, openapi, admin.

use clap::{Parser, Subcommand};
use ihub::config::{Config, LogFormat};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

// mimalloc instead of glibc's allocator: glibc keeps freed memory per thread arena (the
// 19 MiB of each argon2 password check stayed resident, one per thread that did one),
// which took the server's RSS under load past its 200 MB budget.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "ihub",
    version,
    about = "iHub: Regional Innovation Hubs for schools"
)]
struct Cli {
    /// A TOML file with settings (environment variables IHUB_* override it).
    #[arg(long, global = true, env = "IHUB_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database and serve the API, docs and web app.
    Serve,
    /// Bring the database schema up to date.
    Migrate,
    /// Load data; `--demo` loads the demo hubs, schools and people (idempotent);
    /// `--scale region|national` adds generated hubs at the size the product is for
    /// (one hub of 250 schools, or four: 1,000 schools and ≈ 20 M answers).
    Seed {
        #[arg(long)]
        demo: bool,
        #[arg(long, value_enum)]
        scale: Option<ScaleArg>,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Administrative tasks.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ScaleArg {
    Region,
    National,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a platform admin (or grant the admin role to an existing account).
    Create {
        #[arg(long)]
        email: String,
        /// Read the password from standard input (required: no prompts, no arguments).
        #[arg(long)]
        password_stdin: bool,
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
}

fn init_logging(c: &Config) {
    // PostgreSQL NOTICEs ("relation already exists, skipping") are not news; a later
    // directive in IHUB_LOG_LEVEL can still ask for them.
    let filter = tracing_subscriber::EnvFilter::try_new(format!(
        "sqlx::postgres::notice=warn,{}",
        c.log_level
    ))
    .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match c.log {
        LogFormat::Json => builder.json().init(),
        LogFormat::Pretty => builder.init(),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Openapi = cli.command {
        return match serde_json::to_string_pretty(&ihub::openapi_spec()) {
            Ok(s) => {
                println!("{s}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let config = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(&config);
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli.command, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> Result<(), String> {
    match command {
        Command::Openapi => Ok(()),
        Command::Serve => {
            let bind = config.bind;
            let public = config.public_url.clone();
            let state = ihub::prepare(config).await?;
            let listener = std::net::TcpListener::bind(bind)
                .map_err(|e| format!("cannot listen on {bind}: {e}"))?;
            tracing::info!(%bind, "iHub is serving on {public} (API docs: {public}/api/docs/)");
            ihub::serve(state, listener)
                .await
                .map_err(|e| e.to_string())
        }
        Command::Migrate => {
            let db = ihub::db::connect(&config)
                .await
                .map_err(|e| e.to_string())?;
            ihub::db::migrate(&db).await.map_err(|e| e.to_string())?;
            println!("database is up to date");
            Ok(())
        }
        Command::Seed { demo, scale } => {
            if !demo && scale.is_none() {
                return Err(
                    "say what to seed: `ihub seed --demo` or `ihub seed --scale region|national`"
                        .into(),
                );
            }
            let state = ihub::prepare(config).await?;
            let logins = ihub::seed::demo(&state.db)
                .await
                .map_err(|e| e.to_string())?;
            println!("Demo data is loaded. Demo sign-ins (all share one password):");
            for l in logins {
                println!("  {:<16} {:<34} {}", l.role, l.email, l.password);
            }
            if let Some(scale) = scale {
                let scale = match scale {
                    ScaleArg::Region => ihub::seed_scale::Scale::Region,
                    ScaleArg::National => ihub::seed_scale::Scale::National,
                };
                let started = std::time::Instant::now();
                let made = ihub::seed_scale::seed(&state.db, scale.size())
                    .await
                    .map_err(|e| e.to_string())?;
                println!(
                    "Scale data is loaded in {:.0} s: {} hubs, {} schools, {} people, {} reflections, {} campaigns, {} responses, {} answers, {} activities, {} development plans.",
                    started.elapsed().as_secs_f64(),
                    made.hubs,
                    made.schools,
                    made.people,
                    made.reflections,
                    made.campaigns,
                    made.responses,
                    made.answers,
                    made.activities,
                    made.plans
                );
                println!(
                    "  coordinator.h1@scale.example, leader.h1.s1@scale.example, teacher.h1.s1.t1@scale.example, … (the same password)"
                );
            }
            Ok(())
        }
        Command::Admin {
            command:
                AdminCommand::Create {
                    email,
                    password_stdin,
                    name,
                },
        } => {
            if !password_stdin {
                return Err("pass the password on standard input with --password-stdin".into());
            }
            let mut pw = String::new();
            std::io::stdin()
                .read_to_string(&mut pw)
                .map_err(|e| format!("cannot read the password: {e}"))?;
            let pw = pw.trim_end_matches(['\n', '\r']).to_string();
            let state = ihub::prepare(config).await?;
            ihub::seed::create_admin(&state.db, &email, &name, &pw)
                .await
                .map_err(|e| e.to_string())?;
            println!("admin {email} is ready");
            Ok(())
        }
    }
}
