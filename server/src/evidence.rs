//! Issuing the signed completion record when an assignment closes.

use chrono::Utc;
use reroute_content::Course;
use reroute_db::entity::{assignment, evidence};
use reroute_db::queries::{case_record, evidence as stored, journey};
use reroute_domain::evidence::{
    CompletionFacts, CourseClaims, OrganisationClaims, ParticipantClaims, ScoreClaims, claims,
    new_verify_code,
};
use reroute_domain::scoring::Score;
use uuid::Uuid;

use crate::evidence_keys::EvidenceKeys;

/// Signs and stores the record of a closed assignment, once: a second call (or a second
/// request closing it at the same moment) stores nothing.
pub async fn issue(
    db: &reroute_db::sea_orm::DatabaseConnection,
    keys: &EvidenceKeys,
    issuer: &str,
    closed: &assignment::Model,
    course: &Course,
    score: &Score,
) -> anyhow::Result<()> {
    let Some(completed_at) = closed.completed_at else {
        anyhow::bail!("the assignment {} has not closed", closed.id);
    };
    if stored::record_for(db, closed.id).await?.is_some() {
        return Ok(());
    }
    let person = journey::participant(db, closed.participant_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the assignment's participant is missing"))?;
    let organisation = stored::organisation_name(db, closed.organisation_id)
        .await?
        .unwrap_or_default();
    let first_sign_in = case_record::first_sign_in(db, person.id, closed.created_at).await?;
    let time_spent_seconds = case_record::lessons_of(db, closed.id)
        .await?
        .iter()
        .map(|lesson| i64::from(lesson.seconds_spent))
        .sum();
    let now = Utc::now();
    let record_id = Uuid::new_v4();
    let claims = claims(CompletionFacts {
        issuer: issuer.to_owned(),
        record_id,
        issued_at: now,
        assignment_id: closed.id,
        participant: ParticipantClaims {
            force_reference: person.force_reference,
            name: person.name,
            date_of_birth: person.date_of_birth,
        },
        organisation: OrganisationClaims {
            id: closed.organisation_id.to_string(),
            name: organisation,
        },
        course: CourseClaims {
            id: course.id.clone(),
            title: course.title.clone(),
            version: course.version.clone(),
        },
        disposal: closed.disposal_type.clone(),
        assigned_at: closed.created_at,
        first_sign_in_at: first_sign_in,
        declared_at: closed.declared_at,
        completed_at,
        deadline: closed.deadline,
        time_spent_seconds,
        score: ScoreClaims {
            right: score.right,
            total: score.total,
            percent: score.percent,
        },
        pass_mark: u32::from(course.pass_mark),
        passed: score.passed,
        attempts_used: u32::try_from(closed.attempt).unwrap_or(0),
        attempts_allowed: course.attempts,
    });
    let (kid, token) = keys.sign(&claims)?;
    stored::issue(
        db,
        evidence::Model {
            id: record_id,
            assignment_id: closed.id,
            key_id: kid,
            token,
            issued_at: now,
            verify_code: Some(new_verify_code()),
        },
    )
    .await?;
    Ok(())
}

/// `reroute keys …`
#[derive(Debug, clap::Subcommand)]
pub enum KeysCommand {
    /// Add a new key for signing completion records. Records signed with older keys
    /// still verify. A running server signs with the new key after its next start.
    Rotate(crate::cli::DatabaseArgs),
}

/// `reroute verify`
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// A completion record: the token itself, or a file holding it.
    pub token_or_file: String,
    /// Verify against this JSON Web Key Set (as published at /.well-known/jwks.json)
    /// instead of the data folder's keys.
    #[arg(long)]
    pub jwks: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub database: crate::cli::DatabaseArgs,
}

pub fn run_keys(command: KeysCommand) -> anyhow::Result<()> {
    match command {
        KeysCommand::Rotate(args) => {
            let kid = EvidenceKeys::rotate(&args.data_dir)?;
            println!("Added the signing key {kid}. Restart the server to sign with it.");
            Ok(())
        }
    }
}

/// Verifies a record offline: prints its claims and "genuine", or fails (exit 1).
pub fn run_verify(args: &VerifyArgs) -> anyhow::Result<()> {
    use anyhow::Context;
    let path = std::path::Path::new(&args.token_or_file);
    let token = if path.is_file() {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?
    } else {
        args.token_or_file.clone()
    };
    let keys = match &args.jwks {
        Some(file) => crate::evidence_keys::PublicKeys::from_jwks(
            &std::fs::read_to_string(file)
                .with_context(|| format!("cannot read {}", file.display()))?,
        )
        .with_context(|| format!("{} is not a JSON Web Key Set", file.display()))?,
        None => EvidenceKeys::load_existing(&args.database.data_dir)?.public(),
    };
    let claims = keys.verify(token.trim()).context("not genuine")?;
    println!("{}", serde_json::to_string_pretty(&claims)?);
    println!("genuine");
    Ok(())
}
