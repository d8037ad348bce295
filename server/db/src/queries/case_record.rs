//! Reading a whole case for the staff console, and the caseworker's changes to it. Every
//! change is scoped to the force and checks the assignment's state in the same
//! statement, so two caseworkers acting at once cannot both succeed where one should.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::entity::{assignment, evidence, lesson_progress, participant_session};
use reroute_domain::disposal::Outcome;
use reroute_domain::status::Status;

pub async fn lessons_of(
    db: &impl ConnectionTrait,
    assignment_id: Uuid,
) -> Result<Vec<lesson_progress::Model>, DbErr> {
    lesson_progress::Entity::find()
        .filter(lesson_progress::Column::AssignmentId.eq(assignment_id))
        .order_by_asc(lesson_progress::Column::LessonNumber)
        .all(db)
        .await
}

/// When the participant first signed in after the course was assigned.
pub async fn first_sign_in(
    db: &impl ConnectionTrait,
    participant_id: Uuid,
    since: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    Ok(participant_session::Entity::find()
        .filter(participant_session::Column::ParticipantId.eq(participant_id))
        .filter(participant_session::Column::CreatedAt.gte(since))
        .order_by_asc(participant_session::Column::CreatedAt)
        .one(db)
        .await?
        .map(|session| session.created_at))
}

pub async fn evidence_of(
    db: &impl ConnectionTrait,
    assignment_id: Uuid,
) -> Result<Option<evidence::Model>, DbErr> {
    evidence::Entity::find()
        .filter(evidence::Column::AssignmentId.eq(assignment_id))
        .order_by_desc(evidence::Column::IssuedAt)
        .one(db)
        .await
}

const OPEN: [&str; 2] = ["assigned", "in-progress"];

/// The force's assignment, still open and without an outcome.
fn open_in(organisation_id: Uuid, assignment_id: Uuid) -> sea_orm::UpdateMany<assignment::Entity> {
    assignment::Entity::update_many()
        .filter(assignment::Column::Id.eq(assignment_id))
        .filter(assignment::Column::OrganisationId.eq(organisation_id))
        .filter(assignment::Column::Status.is_in(OPEN))
        .filter(assignment::Column::Outcome.is_null())
}

/// Moves the deadline; false if the assignment is not open in this force.
pub async fn extend_deadline(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    assignment_id: Uuid,
    deadline: NaiveDate,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = open_in(organisation_id, assignment_id)
        .col_expr(assignment::Column::Deadline, Expr::value(deadline))
        .col_expr(assignment::Column::UpdatedAt, Expr::value(now))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Withdraws the course: the code stops working and the participant no longer sees it.
pub async fn withdraw(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    assignment_id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = open_in(organisation_id, assignment_id)
        .col_expr(
            assignment::Column::Status,
            Expr::value(Status::Withdrawn.as_str()),
        )
        .col_expr(assignment::Column::UpdatedAt, Expr::value(now))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Replaces the code's hash, so the old code stops working at once, and clears any lock.
pub async fn reissue_code(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    assignment_id: Uuid,
    access_code_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = open_in(organisation_id, assignment_id)
        .col_expr(
            assignment::Column::AccessCodeHash,
            Expr::value(access_code_hash),
        )
        .col_expr(assignment::Column::FailedCodeTries, Expr::value(0))
        .col_expr(
            assignment::Column::CodeLockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(assignment::Column::UpdatedAt, Expr::value(now))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Records the outcome once; false if one is recorded already, the course was
/// withdrawn, or the assignment is not in this force. Recording an outcome decides the
/// case, so a course still open is closed too (as withdrawn: the code stops working),
/// and it no longer counts as assigned, in progress or overdue.
pub async fn record_outcome(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    assignment_id: Uuid,
    outcome: Outcome,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = assignment::Entity::update_many()
        .col_expr(assignment::Column::Outcome, Expr::value(outcome.as_str()))
        .col_expr(assignment::Column::OutcomeReason, Expr::value(reason))
        .col_expr(assignment::Column::UpdatedAt, Expr::value(now))
        .filter(assignment::Column::Id.eq(assignment_id))
        .filter(assignment::Column::OrganisationId.eq(organisation_id))
        .filter(assignment::Column::Status.ne(Status::Withdrawn.as_str()))
        .filter(assignment::Column::Outcome.is_null())
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Ok(false);
    }
    assignment::Entity::update_many()
        .col_expr(
            assignment::Column::Status,
            Expr::value(Status::Withdrawn.as_str()),
        )
        .filter(assignment::Column::Id.eq(assignment_id))
        .filter(assignment::Column::Status.is_in(OPEN))
        .exec(db)
        .await?;
    Ok(true)
}
