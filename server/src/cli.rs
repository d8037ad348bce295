//! The command line: subcommands, options and the environment variables behind them.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "reroute",
    version,
    about = "Reroute: online diversion courses for police forces",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Options for `serve`, which runs when no command is given.
    #[command(flatten)]
    pub serve: ServeArgs,

    /// How log lines are written.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text, env = "REROUTE_LOG_FORMAT")]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LogFormat {
    /// Readable lines for a terminal.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (the default when no command is given).
    Serve(ServeArgs),
    /// Bring the database schema up to date, then exit.
    Migrate(DatabaseArgs),
    /// Work with the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Manage staff accounts.
    #[command(subcommand)]
    User(crate::user::UserCommand),
    /// Apply each force's retention rule: erase the personal data of closed assignments
    /// past their retention period (the server also does this daily).
    #[command(subcommand)]
    Retention(crate::retention::RetentionCommand),
    /// Manage API clients (a force's records system).
    #[command(subcommand)]
    ApiClient(crate::api_client::ApiClientCommand),
    /// Manage the keys that sign completion records.
    #[command(subcommand)]
    Keys(crate::evidence::KeysCommand),
    /// Check a completion record offline, against the data folder's keys or a JSON Web
    /// Key Set. Prints its contents and "genuine"; exits 1 if it is not genuine.
    Verify(crate::evidence::VerifyArgs),
    /// Give a course to a participant and print their access code.
    Assign(crate::assign::AssignArgs),
    /// Check a content folder against the course format and report every problem.
    /// Exits 0 with no errors, 1 with errors, 2 when the folder cannot be read.
    CheckContent {
        /// The content folder (default: ./content).
        #[arg(default_value = "./content")]
        dir: PathBuf,
        /// Also print each lesson's reading age (Flesch–Kincaid grade + 5).
        #[arg(long)]
        reading_ages: bool,
    },
}

/// Where the data lives. Shared by every command that touches the database.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// Folder for the embedded database and generated keys.
    #[arg(long, env = "REROUTE_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// A database URL (sqlite://… or postgres://…). Default: SQLite in the data folder.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,

    /// Address and port to listen on.
    #[arg(long, env = "REROUTE_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Folder of course content (site.toml and courses/).
    #[arg(long, env = "REROUTE_CONTENT_DIR", default_value = "./content")]
    pub content: PathBuf,

    /// Folder of the built site (the wasm bundle and stylesheet), made by `cargo leptos build`.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// Mark cookies Secure and send HSTS: set this when the site is served over HTTPS
    /// (directly or behind a proxy that terminates TLS).
    #[arg(long, env = "REROUTE_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// The longest a request may take, reading its body included (hidden: the default
    /// suits every deployment; tests shorten it to try a slow client in seconds).
    #[arg(
        long,
        env = "REROUTE_REQUEST_TIMEOUT_SECONDS",
        default_value_t = crate::http::DEFAULT_REQUEST_TIMEOUT.as_secs(),
        hide = true
    )]
    pub request_timeout_seconds: u64,

    /// Requests each API client may make per minute (hidden: the default suits every
    /// deployment; tests lower it to reach the limit quickly).
    #[arg(
        long,
        env = "REROUTE_API_REQUESTS_PER_MINUTE",
        default_value_t = crate::http::DEFAULT_API_REQUESTS_PER_MINUTE,
        hide = true
    )]
    pub api_requests_per_minute: i32,

    /// The site's public address, such as https://reroute.example.police.uk: the issuer
    /// named in signed completion records and the start of the address on certificates.
    /// Without it, the address each request was made to is used.
    #[arg(long, env = "REROUTE_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Let force admins register webhook addresses on private networks (10.x, 192.168.x,
    /// and so on) and on this machine, which is otherwise refused so that the server
    /// cannot be pointed at internal services. Set it when the records system that
    /// receives events is inside the force's own network.
    #[arg(long, env = "REROUTE_WEBHOOKS_ALLOW_PRIVATE")]
    pub webhooks_allow_private: bool,

    /// Seed a demonstration force, caseworker and participant (once), and print how to sign in.
    #[arg(long)]
    pub demo: bool,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the whole hash chain and name the first broken link (exit 1 if any).
    Verify(DatabaseArgs),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_options_work_without_naming_the_command() {
        let cli = Cli::try_parse_from(["reroute", "--demo", "--addr", "127.0.0.1:4000"])
            .expect("valid arguments");
        assert!(cli.command.is_none());
        assert!(cli.serve.demo);
        assert_eq!(cli.serve.addr.to_string(), "127.0.0.1:4000");
    }

    #[test]
    fn migrate_takes_the_database_options() {
        let cli = Cli::try_parse_from(["reroute", "migrate", "--data-dir", "/tmp/x"])
            .expect("valid arguments");
        let Some(Command::Migrate(args)) = cli.command else {
            panic!("expected migrate");
        };
        assert_eq!(args.data_dir, PathBuf::from("/tmp/x"));
    }

    #[test]
    fn retention_run_takes_dry_run_and_the_database_options() {
        let cli = Cli::try_parse_from([
            "reroute",
            "retention",
            "run",
            "--dry-run",
            "--data-dir",
            "/tmp/x",
        ])
        .expect("valid arguments");
        let Some(Command::Retention(crate::retention::RetentionCommand::Run(args))) = cli.command
        else {
            panic!("expected retention run");
        };
        assert!(args.dry_run);
        assert_eq!(args.database.data_dir, PathBuf::from("/tmp/x"));
    }
}
