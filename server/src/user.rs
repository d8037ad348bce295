//! `reroute user create`: creates a staff account from the command line, reading the
//! password from standard input so it never appears in the shell history or the
//! process list. This is how a force's first admin is made.

use std::io::BufRead;

use anyhow::{Context, bail};
use chrono::Utc;
use clap::{Args, Subcommand};
use reroute_db::queries::assignments;
use reroute_db::queries::staff_accounts::{self, NewStaffUser};
use reroute_domain::password_policy;
use reroute_domain::staff::Role;

use crate::cli::DatabaseArgs;
use crate::{password, settings};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a staff account; the password is read from standard input.
    Create(CreateArgs),
}

#[derive(Debug, Clone, Args)]
pub struct CreateArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The force, by name (created if it does not exist).
    #[arg(long)]
    pub organisation: String,
    #[arg(long)]
    pub email: String,
    /// caseworker, author or admin.
    #[arg(long)]
    pub role: String,
    /// The name shown in the console (default: the email address).
    #[arg(long)]
    pub name: Option<String>,
}

pub async fn run(command: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Create(args) = command;
    let Some(role) = Role::parse(&args.role) else {
        bail!(
            "unknown role `{}`: use caseworker, author or admin",
            args.role
        );
    };
    let mut typed = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut typed)
        .context("could not read the password from standard input")?;
    let typed = typed.trim_end_matches(['\r', '\n']);
    if let Err(problem) = password_policy::check(typed, &args.email) {
        bail!("{}", problem.message());
    }
    settings::prepare_data_dir(&args.database.data_dir)?;
    let db = settings::open_database(&args.database).await?;
    let now = Utc::now();
    let organisation = match assignments::organisation_named(&db.connection, &args.organisation)
        .await?
    {
        Some(organisation) => organisation,
        None => assignments::create_organisation(&db.connection, &args.organisation, now).await?,
    };
    let created = staff_accounts::create(
        &db.connection,
        NewStaffUser {
            organisation_id: organisation.id,
            email: args.email.clone(),
            display_name: args.name.unwrap_or_else(|| args.email.clone()),
            role,
            password_hash: password::hash(typed)?,
        },
        now,
    )
    .await?;
    db.close().await.context("closing the database")?;
    match created {
        Some(user) => {
            println!(
                "created {} {} in {}",
                role.as_str(),
                user.email,
                organisation.name
            );
            Ok(())
        }
        None => bail!(
            "there is already an account with the email address {}",
            args.email
        ),
    }
}
