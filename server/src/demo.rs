//! `--demo`: a demonstration force with a caseworker, an admin and a participant,
//! created once.
//!
//! The credentials are random, written on first seeding to `demo-credentials.txt` in the
//! data folder (owner-readable only) and printed at every demo start.

use std::path::Path;

use anyhow::Context;
use chrono::{Days, NaiveDate, Utc};
use reroute_db::Database;
use reroute_db::queries::assignments::{self, NewAssignment};
use reroute_db::queries::staff_accounts::{self, NewStaffUser};
use reroute_db::sea_orm::TransactionTrait;
use reroute_domain::access_code::{self, AccessCode};
use reroute_domain::staff::Role;

use crate::password;
use crate::secrets::ServerKeys;

pub const DEMO_FORCE: &str = "Demo Constabulary";
pub const DEMO_CASEWORKER_EMAIL: &str = "caseworker@demo.reroute.test";
pub const DEMO_ADMIN_EMAIL: &str = "admin@demo.reroute.test";
const DEMO_COURSE: &str = "victim-awareness";
const CREDENTIALS_FILE: &str = "demo-credentials.txt";

/// Seeds the demo data unless it is already there, then prints how to sign in.
pub async fn seed(
    db: &Database,
    data_dir: &Path,
    keys: &ServerKeys,
    base_url: &str,
) -> anyhow::Result<()> {
    let credentials_file = data_dir.join(CREDENTIALS_FILE);
    let existing = assignments::organisation_named(&db.connection, DEMO_FORCE)
        .await
        .context("could not look for the demo force")?;
    let credentials = match existing {
        Some(_) => std::fs::read_to_string(&credentials_file).unwrap_or_else(|_| {
            format!(
                "The demo data exists, but its credentials file {} is missing.\n",
                credentials_file.display()
            )
        }),
        None => {
            let credentials = insert(db, keys, base_url).await?;
            write_private(&credentials_file, &credentials)?;
            credentials
        }
    };
    println!("\n{credentials}");
    Ok(())
}

async fn insert(db: &Database, keys: &ServerKeys, base_url: &str) -> anyhow::Result<String> {
    let now = Utc::now();
    let caseworker_password = password_words();
    let admin_password = password_words();
    let code = AccessCode::generate();
    let canonical = access_code::normalise(code.printed())
        .map_err(|problem| anyhow::anyhow!("generated an invalid code: {problem:?}"))?;
    let deadline = now
        .date_naive()
        .checked_add_days(Days::new(28))
        .context("demo deadline")?;

    let txn = db
        .connection
        .begin()
        .await
        .context("could not start seeding")?;
    let force = assignments::create_organisation(&txn, DEMO_FORCE, now)
        .await
        .context("could not create the demo force")?;
    let mut staff_ids = Vec::new();
    for (email, name, role, typed) in [
        (
            DEMO_CASEWORKER_EMAIL,
            "Demo Caseworker",
            Role::Caseworker,
            &caseworker_password,
        ),
        (DEMO_ADMIN_EMAIL, "Demo Admin", Role::Admin, &admin_password),
    ] {
        let user = staff_accounts::create(
            &txn,
            NewStaffUser {
                organisation_id: force.id,
                email: email.to_owned(),
                display_name: name.to_owned(),
                role,
                password_hash: password::hash(typed)?,
            },
            now,
        )
        .await
        .context("could not create the demo staff")?
        .context("the demo staff email addresses are taken")?;
        staff_ids.push(user.id);
    }
    let caseworker_id = staff_ids.first().copied();
    assignments::create(
        &txn,
        NewAssignment {
            organisation_id: force.id,
            name: "Alex Demo".to_owned(),
            date_of_birth: NaiveDate::from_ymd_opt(2000, 4, 1).context("demo date of birth")?,
            force_reference: "DEMO/0001/26".to_owned(),
            contact: None,
            accessibility_notes: None,
            course_id: DEMO_COURSE.to_owned(),
            disposal_type: "community-resolution".to_owned(),
            condition_text: "Complete the online course Thinking about victims.".to_owned(),
            deadline,
            created_by: caseworker_id,
            access_code_hash: access_code::digest(&canonical, &keys.access_code),
        },
        now,
    )
    .await
    .context("could not create the demo participant and assignment")?;
    txn.commit().await.context("could not save the demo data")?;

    Ok(format!(
        "Demo data for {DEMO_FORCE} (created {now}):\n\
         \n  Caseworker: sign in at {base_url}/staff/sign-in\n    email     {DEMO_CASEWORKER_EMAIL}\n    password  {caseworker_password}\n\
         \n  Admin: sign in at {base_url}/staff/sign-in\n    email     {DEMO_ADMIN_EMAIL}\n    password  {admin_password}\n\
         \n  Participant: start at {base_url}/start\n    code           {}\n    date of birth  1 April 2000\n",
        code.printed(),
        now = now.format("%Y-%m-%d %H:%M UTC"),
    ))
}

/// A random password that is easy to type: four groups of five letters.
fn password_words() -> String {
    use rand::Rng;
    const LETTERS: &[u8] = b"abcdefghijkmnpqrstuvwxyz";
    let mut rng = rand::rng();
    (0..4)
        .map(|_| {
            (0..5)
                .map(|_| char::from(LETTERS[rng.random_range(0..LETTERS.len())]))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .with_context(|| format!("cannot write {}", path.display()))
}
