//! A participant's way through their assignments: starting, visiting lessons, answering
//! blocks, finishing attempts.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use reroute_content::Course;
use reroute_domain::journey::Progress;
use reroute_domain::status::Status;
use reroute_domain::time_spent;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use crate::entity::{answer, answer_draft, assignment, lesson_progress, participant};

pub async fn participant(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<participant::Model>, DbErr> {
    participant::Entity::find_by_id(id).one(db).await
}

/// The force references of these participants, by id, in one query.
pub async fn references_of(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, DbErr> {
    Ok(participant::Entity::find()
        .filter(participant::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|person| (person.id, person.force_reference))
        .collect())
}

/// Every assignment of the participant, soonest deadline first.
pub async fn assignments_of(
    db: &impl ConnectionTrait,
    participant_id: Uuid,
) -> Result<Vec<assignment::Model>, DbErr> {
    assignment::Entity::find()
        .filter(assignment::Column::ParticipantId.eq(participant_id))
        .order_by_asc(assignment::Column::Deadline)
        .all(db)
        .await
}

/// The assignment, only if it belongs to this participant.
pub async fn assignment_of(
    db: &impl ConnectionTrait,
    participant_id: Uuid,
    assignment_id: Uuid,
) -> Result<Option<assignment::Model>, DbErr> {
    assignment::Entity::find_by_id(assignment_id)
        .filter(assignment::Column::ParticipantId.eq(participant_id))
        .one(db)
        .await
}

/// Lessons finished and blocks answered, for the journey rules.
pub async fn progress(
    db: &impl ConnectionTrait,
    assignment: &assignment::Model,
) -> Result<Progress, DbErr> {
    let lessons = lesson_progress::Entity::find()
        .filter(lesson_progress::Column::AssignmentId.eq(assignment.id))
        .all(db)
        .await?;
    let answers = answers_of(db, assignment.id).await?;
    let mut progress = Progress {
        attempt: u32::try_from(assignment.attempt).unwrap_or(1),
        ..Progress::default()
    };
    for lesson in lessons.into_iter().filter(|l| l.finished_at.is_some()) {
        progress
            .finished_lessons
            .insert(u32::try_from(lesson.lesson_number).unwrap_or(0));
    }
    for answer in answers {
        progress
            .answered
            .entry(answer.block_id)
            .or_default()
            .insert(u32::try_from(answer.attempt).unwrap_or(0));
    }
    Ok(progress)
}

pub async fn answers_of(
    db: &impl ConnectionTrait,
    assignment_id: Uuid,
) -> Result<Vec<answer::Model>, DbErr> {
    answer::Entity::find()
        .filter(answer::Column::AssignmentId.eq(assignment_id))
        .order_by_asc(answer::Column::AnsweredAt)
        .all(db)
        .await
}

/// Whether each quiz question was right first time in `attempt`.
pub async fn first_try_results(
    db: &impl ConnectionTrait,
    assignment_id: Uuid,
    attempt: i32,
) -> Result<HashMap<String, bool>, DbErr> {
    Ok(answer::Entity::find()
        .filter(answer::Column::AssignmentId.eq(assignment_id))
        .filter(answer::Column::Attempt.eq(attempt))
        .filter(answer::Column::Kind.eq("quiz"))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.block_id, a.first_try_correct.unwrap_or(false)))
        .collect())
}

/// Records the declaration and pins the course version; does nothing if already started.
pub async fn start(
    db: &impl ConnectionTrait,
    assignment: assignment::Model,
    course: &Course,
    now: DateTime<Utc>,
) -> Result<assignment::Model, DbErr> {
    if assignment.declared_at.is_some() {
        return Ok(assignment);
    }
    let mut active: assignment::ActiveModel = assignment.into();
    active.declared_at = Set(Some(now));
    active.started_at = Set(Some(now));
    active.course_version = Set(Some(course.version.clone()));
    active.status = Set(Status::InProgress.as_str().to_owned());
    active.updated_at = Set(now);
    active.update(db).await
}

/// Notes that the participant is on a lesson page: records when they first reached it
/// and credits the time since their last request on it (capped).
pub async fn visit_lesson(
    db: &impl ConnectionTrait,
    assignment_id: Uuid,
    lesson_number: u32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let number = i32::try_from(lesson_number).unwrap_or(i32::MAX);
    let existing = lesson_progress::Entity::find()
        .filter(lesson_progress::Column::AssignmentId.eq(assignment_id))
        .filter(lesson_progress::Column::LessonNumber.eq(number))
        .one(db)
        .await?;
    match existing {
        Some(row) => {
            let credit = time_spent::credited_seconds(Some(row.last_activity_at), now);
            let seconds = row.seconds_spent.saturating_add(credit);
            let mut active: lesson_progress::ActiveModel = row.into();
            active.seconds_spent = Set(seconds);
            active.last_activity_at = Set(now);
            active.update(db).await?;
        }
        None => {
            let row = lesson_progress::ActiveModel {
                id: Set(Uuid::new_v4()),
                assignment_id: Set(assignment_id),
                lesson_number: Set(number),
                reached_at: Set(now),
                finished_at: Set(None),
                seconds_spent: Set(0),
                last_activity_at: Set(now),
            };
            lesson_progress::Entity::insert(row)
                .on_conflict_do_nothing_on([
                    lesson_progress::Column::AssignmentId,
                    lesson_progress::Column::LessonNumber,
                ])
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// Records that the participant reached the end of a lesson (the first time only).
pub async fn finish_lesson(
    db: &impl ConnectionTrait,
    assignment_id: Uuid,
    lesson_number: u32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    visit_lesson(db, assignment_id, lesson_number, now).await?;
    let number = i32::try_from(lesson_number).unwrap_or(i32::MAX);
    if let Some(row) = lesson_progress::Entity::find()
        .filter(lesson_progress::Column::AssignmentId.eq(assignment_id))
        .filter(lesson_progress::Column::LessonNumber.eq(number))
        .one(db)
        .await?
        .filter(|row| row.finished_at.is_none())
    {
        let mut active: lesson_progress::ActiveModel = row.into();
        active.finished_at = Set(Some(now));
        active.update(db).await?;
    }
    Ok(())
}

/// An answer about to be stored.
#[derive(Debug, Clone)]
pub struct NewAnswer {
    pub assignment_id: Uuid,
    pub block_id: String,
    pub attempt: i32,
    pub kind: &'static str,
    pub value: String,
    pub first_try_correct: Option<bool>,
}

/// Stores the answer unless one is already stored for this block and attempt, and
/// returns the stored one: the first answer is the one that counts, and a repeated
/// submission (double tap, resend, back button) changes nothing. The draft is removed.
pub async fn record_answer(
    db: &impl ConnectionTrait,
    new: NewAnswer,
    now: DateTime<Utc>,
) -> Result<answer::Model, DbErr> {
    let row = answer::ActiveModel {
        id: Set(Uuid::new_v4()),
        assignment_id: Set(new.assignment_id),
        block_id: Set(new.block_id.clone()),
        attempt: Set(new.attempt),
        kind: Set(new.kind.to_owned()),
        value: Set(new.value),
        first_try_correct: Set(new.first_try_correct),
        answered_at: Set(now),
    };
    answer::Entity::insert(row)
        .on_conflict_do_nothing_on([
            answer::Column::AssignmentId,
            answer::Column::BlockId,
            answer::Column::Attempt,
        ])
        .exec(db)
        .await?;
    answer_draft::Entity::delete_by_id((new.assignment_id, new.block_id.clone()))
        .exec(db)
        .await?;
    stored_answer(db, new.assignment_id, &new.block_id, new.attempt)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the answer just stored".to_owned()))
}

/// The answer that counts for a block in an attempt.
pub async fn stored_answer(
    db: &impl ConnectionTrait,
    assignment_id: Uuid,
    block_id: &str,
    attempt: i32,
) -> Result<Option<answer::Model>, DbErr> {
    answer::Entity::find()
        .filter(answer::Column::AssignmentId.eq(assignment_id))
        .filter(answer::Column::BlockId.eq(block_id))
        .filter(answer::Column::Attempt.eq(attempt))
        .one(db)
        .await
}

/// The latest answer to a block in any attempt (reflections and scales are answered once).
pub async fn latest_answer(
    db: &impl ConnectionTrait,
    assignment_id: Uuid,
    block_id: &str,
) -> Result<Option<answer::Model>, DbErr> {
    answer::Entity::find()
        .filter(answer::Column::AssignmentId.eq(assignment_id))
        .filter(answer::Column::BlockId.eq(block_id))
        .order_by_desc(answer::Column::Attempt)
        .one(db)
        .await
}

pub async fn save_draft(
    db: &impl ConnectionTrait,
    assignment_id: Uuid,
    block_id: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let row = answer_draft::ActiveModel {
        assignment_id: Set(assignment_id),
        block_id: Set(block_id.to_owned()),
        text: Set(text.to_owned()),
        updated_at: Set(now),
    };
    answer_draft::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                answer_draft::Column::AssignmentId,
                answer_draft::Column::BlockId,
            ])
            .update_columns([answer_draft::Column::Text, answer_draft::Column::UpdatedAt])
            .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

pub async fn draft(
    db: &impl ConnectionTrait,
    assignment_id: Uuid,
    block_id: &str,
) -> Result<Option<String>, DbErr> {
    Ok(
        answer_draft::Entity::find_by_id((assignment_id, block_id.to_owned()))
            .one(db)
            .await?
            .map(|draft| draft.text),
    )
}

/// Closes the assignment as completed or not passed.
pub async fn close(
    db: &impl ConnectionTrait,
    assignment: assignment::Model,
    status: Status,
    now: DateTime<Utc>,
) -> Result<assignment::Model, DbErr> {
    if assignment.completed_at.is_some() {
        return Ok(assignment);
    }
    let mut active = assignment.into_active_model();
    active.status = Set(status.as_str().to_owned());
    active.completed_at = Set(Some(now));
    active.updated_at = Set(now);
    active.update(db).await
}

/// Starts the next quiz attempt, if `expected_attempt` is still the current one: the
/// check and the change are one statement, so a "try again" form sent twice (or from two
/// tabs at once) starts only one new attempt. Returns the assignment as it is now.
pub async fn start_new_attempt(
    db: &impl ConnectionTrait,
    assignment: assignment::Model,
    expected_attempt: i32,
    now: DateTime<Utc>,
) -> Result<assignment::Model, DbErr> {
    assignment::Entity::update_many()
        .col_expr(
            assignment::Column::Attempt,
            Expr::value(expected_attempt.saturating_add(1)),
        )
        .col_expr(assignment::Column::UpdatedAt, Expr::value(now))
        .filter(assignment::Column::Id.eq(assignment.id))
        .filter(assignment::Column::Attempt.eq(expected_attempt))
        .exec(db)
        .await?;
    assignment::Entity::find_by_id(assignment.id)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("assignment {}", assignment.id)))
}
