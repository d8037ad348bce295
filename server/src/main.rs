//! `reroute`: the Reroute server and its command line.

use std::process::ExitCode;

use clap::Parser;

mod api_client;
mod api_token;
mod assign;
mod audit;
mod check_content;
mod cli;
mod content_library;
mod demo;
mod evidence;
mod evidence_keys;
mod http;
mod logging;
mod password;
mod retention;
mod secrets;
mod serve;
mod settings;
mod user;
mod webhook;

use cli::{AuditCommand, Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::CheckContent { dir, reading_ages }) = &cli.command {
        return check_content::run(dir, *reading_ages);
    }
    logging::init(cli.log_format);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: could not start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            None => serve::run(cli.serve).await,
            Some(Command::Serve(args)) => serve::run(args).await,
            Some(Command::Migrate(args)) => serve::migrate(args).await,
            Some(Command::Assign(args)) => assign::run(args).await,
            Some(Command::ApiClient(command)) => api_client::run(command).await,
            Some(Command::Audit(AuditCommand::Verify(args))) => audit::verify(args).await,
            Some(Command::User(command)) => user::run(command).await,
            Some(Command::Retention(command)) => retention::run(command).await,
            Some(Command::Keys(command)) => evidence::run_keys(command),
            Some(Command::Verify(args)) => evidence::run_verify(&args),
            Some(Command::CheckContent { .. }) => Ok(()),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // One line that says what to fix; the cause chain follows on the same line.
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
