//! Retention: `reroute retention run [--dry-run]`, and the same sweep run daily inside
//! `reroute serve`. Each force's rule decides when a closed assignment's personal data
//! goes; every erasure is written to the audit log, by id only.

use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use reroute_db::Database;
use reroute_db::queries::audit;
use reroute_db::queries::retention::{self, Candidate, Erasure};
use reroute_db::sea_orm::{DatabaseConnection, DbErr};
use reroute_domain::audit::AuditFields;

use crate::cli::DatabaseArgs;
use crate::settings;

/// How long after the server starts the first sweep runs: long enough not to slow the
/// start, soon enough that a server restarted daily still sweeps.
const FIRST_RUN: Duration = Duration::from_secs(60);
const EVERY: Duration = Duration::from_secs(24 * 60 * 60);

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Erase the personal data of every closed assignment past its force's retention
    /// period (the server also does this daily).
    Run(RunArgs),
}

#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// List what is due without erasing anything.
    #[arg(long)]
    pub dry_run: bool,
}

/// What happened to one assignment that was due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// Erased and logged.
    Erased,
    /// Listed only (a dry run).
    Listed,
    /// No longer there or no longer due when its turn came (erased by another process).
    Skipped,
}

/// Finds every assignment due at `now` and, unless `dry_run`, erases each one and logs
/// it. Stops at the first database error; what was erased before it stays erased and
/// logged, and the next run carries on.
pub async fn sweep(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    dry_run: bool,
) -> Result<Vec<(Candidate, Done)>, DbErr> {
    let due = retention::due_for_erasure(db, now).await?;
    let mut report = Vec::with_capacity(due.len());
    for candidate in due {
        if dry_run {
            report.push((candidate, Done::Listed));
            continue;
        }
        let erased =
            retention::erase_assignment(db, candidate.assignment_id, Erasure::Retention { now })
                .await?;
        if erased {
            audit::append(db, erasure_event(&candidate)).await?;
        }
        report.push((candidate, if erased { Done::Erased } else { Done::Skipped }));
    }
    Ok(report)
}

/// The audit event for one erasure: ids and the rule only, nothing about the person.
fn erasure_event(candidate: &Candidate) -> AuditFields {
    AuditFields {
        occurred_at: Utc::now(),
        actor_kind: "system".to_owned(),
        actor_id: None,
        organisation_id: Some(candidate.organisation_id.to_string()),
        action: "retention.erased-assignment".to_owned(),
        record_kind: Some("assignment".to_owned()),
        record_id: Some(candidate.assignment_id.to_string()),
        address: None,
        user_agent: None,
        reason: Some(format!(
            "retention rule: {} months after closure",
            candidate.months
        )),
    }
}

/// One line of the command's report.
fn line(candidate: &Candidate, done: &Done) -> String {
    let verb = match done {
        Done::Erased => "erased",
        Done::Listed => "due",
        Done::Skipped => "skipped",
    };
    format!(
        "{verb} assignment {} force \"{}\" due {} ({} months after closure on {})",
        candidate.assignment_id,
        candidate.organisation,
        candidate.due.format("%Y-%m-%d"),
        candidate.months,
        candidate.closed_at.format("%Y-%m-%d"),
    )
}

/// "1 assignment", "2 assignments".
fn assignments(count: usize) -> String {
    if count == 1 {
        "1 assignment".to_owned()
    } else {
        format!("{count} assignments")
    }
}

/// The command's last line.
fn summary(report: &[(Candidate, Done)], dry_run: bool) -> String {
    let count = |wanted: &Done| report.iter().filter(|(_, done)| done == wanted).count();
    if dry_run {
        format!(
            "dry run: {} due for erasure; nothing was erased",
            assignments(count(&Done::Listed))
        )
    } else {
        format!(
            "{} erased, {} skipped",
            assignments(count(&Done::Erased)),
            count(&Done::Skipped)
        )
    }
}

pub async fn run(command: RetentionCommand) -> anyhow::Result<()> {
    let RetentionCommand::Run(args) = command;
    let db = settings::open_database(&args.database).await?;
    let report = sweep(&db.connection, Utc::now(), args.dry_run)
        .await
        .context("the retention run stopped; anything erased before the error is logged")?;
    db.close().await.context("closing the database")?;
    for (candidate, done) in &report {
        println!("{}", line(candidate, done));
    }
    println!("{}", summary(&report, args.dry_run));
    Ok(())
}

/// Runs the sweep a minute after the server starts and every 24 hours after that, in the
/// background. A failed run is logged and the next one tries again; nothing here can
/// stop the server.
pub fn spawn_daily(db: Database) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + FIRST_RUN, EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match sweep(&db.connection, Utc::now(), false).await {
                Ok(report) => {
                    let erased = report
                        .iter()
                        .filter(|(_, done)| *done == Done::Erased)
                        .count();
                    tracing::info!(erased, "retention run finished");
                }
                Err(err) => {
                    tracing::error!(%err, "retention run failed; it will try again in 24 hours");
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use uuid::Uuid;

    fn candidate() -> Candidate {
        Candidate {
            assignment_id: Uuid::nil(),
            organisation_id: Uuid::nil(),
            organisation: "Testshire Police".into(),
            closed_at: Utc.with_ymd_and_hms(2023, 1, 31, 9, 0, 0).unwrap(),
            months: 42,
            due: Utc.with_ymd_and_hms(2026, 7, 31, 9, 0, 0).unwrap(),
        }
    }

    #[test]
    fn each_line_names_the_assignment_the_force_and_the_due_date() {
        assert_eq!(
            line(&candidate(), &Done::Listed),
            "due assignment 00000000-0000-0000-0000-000000000000 force \"Testshire Police\" due 2026-07-31 (42 months after closure on 2023-01-31)"
        );
    }

    #[test]
    fn the_audit_event_holds_ids_and_the_rule_only() {
        let event = erasure_event(&candidate());
        assert_eq!(event.actor_kind, "system");
        assert_eq!(event.action, "retention.erased-assignment");
        assert_eq!(
            event.reason.as_deref(),
            Some("retention rule: 42 months after closure")
        );
        assert!(event.address.is_none() && event.user_agent.is_none());
    }

    #[test]
    fn the_summary_says_whether_anything_was_erased() {
        let report = vec![(candidate(), Done::Listed)];
        assert_eq!(
            summary(&report, true),
            "dry run: 1 assignment due for erasure; nothing was erased"
        );
        let report = vec![(candidate(), Done::Erased), (candidate(), Done::Skipped)];
        assert_eq!(summary(&report, false), "1 assignment erased, 1 skipped");
        assert_eq!(summary(&[], false), "0 assignments erased, 0 skipped");
    }
}
