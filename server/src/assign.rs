//! `reroute assign`: gives a course to a participant from the command line (for scripts,
//! imports and tests) and prints the access code once.

use anyhow::{Context, bail};
use chrono::{Days, NaiveDate, Utc};
use clap::Args;
use reroute_db::queries::assignments::{self, NewAssignment};
use reroute_domain::access_code::{self, AccessCode};

use crate::cli::DatabaseArgs;
use crate::content_library::ContentLibrary;
use crate::secrets::ServerKeys;
use crate::settings;

#[derive(Debug, Clone, Args)]
pub struct AssignArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Folder of course content, to check the course exists.
    #[arg(long, env = "REROUTE_CONTENT_DIR", default_value = "./content")]
    pub content: std::path::PathBuf,
    /// The force, by name (created if it does not exist).
    #[arg(long)]
    pub organisation: String,
    /// The participant's full name.
    #[arg(long)]
    pub name: String,
    /// Date of birth, as YYYY-MM-DD.
    #[arg(long)]
    pub date_of_birth: NaiveDate,
    /// The force's reference (crime or custody reference).
    #[arg(long)]
    pub reference: String,
    /// The course id (its folder name under content/courses).
    #[arg(long)]
    pub course: String,
    /// Days from today to the deadline.
    #[arg(long, default_value_t = 28)]
    pub days: u64,
    #[arg(long, default_value = "community-resolution")]
    pub disposal: String,
}

pub async fn run(args: AssignArgs) -> anyhow::Result<()> {
    let content = ContentLibrary::load(&args.content)?;
    let Some(course) = content.current(&args.course) else {
        bail!(
            "there is no course `{}` in {}: check the course id",
            args.course,
            args.content.display()
        );
    };
    settings::prepare_data_dir(&args.database.data_dir)?;
    let keys = ServerKeys::load_or_create(&args.database.data_dir)?;
    let db = settings::open_database(&args.database).await?;
    let now = Utc::now();
    let organisation = match assignments::organisation_named(&db.connection, &args.organisation)
        .await?
    {
        Some(organisation) => organisation,
        None => assignments::create_organisation(&db.connection, &args.organisation, now).await?,
    };
    let code = AccessCode::generate();
    let canonical = access_code::normalise(code.printed())
        .map_err(|problem| anyhow::anyhow!("generated an invalid code: {problem:?}"))?;
    let deadline = now
        .date_naive()
        .checked_add_days(Days::new(args.days))
        .context("the deadline is too far away")?;
    let assignment = assignments::create(
        &db.connection,
        NewAssignment {
            organisation_id: organisation.id,
            name: args.name,
            date_of_birth: args.date_of_birth,
            force_reference: args.reference,
            contact: None,
            accessibility_notes: None,
            course_id: course.id.clone(),
            disposal_type: args.disposal,
            condition_text: format!("Complete the online course {}.", course.title),
            deadline,
            created_by: None,
            access_code_hash: access_code::digest(&canonical, &keys.access_code),
        },
        now,
    )
    .await?;
    println!("assignment {}", assignment.id);
    println!("code {}", code.printed());
    db.close().await.context("closing the database")?;
    Ok(())
}
