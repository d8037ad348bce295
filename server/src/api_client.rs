//! `reroute api-client create`: makes a bearer token for a force's records system and
//! prints it once (only its hash is kept).

use anyhow::{Context, bail};
use chrono::Utc;
use clap::{Args, Subcommand};
use reroute_db::queries::{api_clients, assignments};

use crate::cli::DatabaseArgs;
use crate::{api_token, settings};

#[derive(Debug, Subcommand)]
pub enum ApiClientCommand {
    /// Create an API client for a force and print its token, once.
    Create(CreateArgs),
}

#[derive(Debug, Clone, Args)]
pub struct CreateArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The force, by name (it must exist).
    #[arg(long)]
    pub organisation: String,
    /// What the client is, for the force's admins (for example "Niche RMS").
    #[arg(long)]
    pub name: String,
}

pub async fn run(command: ApiClientCommand) -> anyhow::Result<()> {
    let ApiClientCommand::Create(args) = command;
    let name = args.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        bail!("the client's name must be 1 to 100 characters");
    }
    settings::prepare_data_dir(&args.database.data_dir)?;
    let db = settings::open_database(&args.database).await?;
    let Some(organisation) =
        assignments::organisation_named(&db.connection, &args.organisation).await?
    else {
        bail!(
            "there is no force named `{}`: create its first admin with `reroute user create`",
            args.organisation
        );
    };
    let (token, hash) = api_token::generate();
    let client = api_clients::create(
        &db.connection,
        organisation.id,
        name,
        &hash,
        None,
        Utc::now(),
    )
    .await?;
    db.close().await.context("closing the database")?;
    println!("api client {}", client.id);
    println!("token {token}");
    println!("Keep the token safe: it is not shown again.");
    Ok(())
}
