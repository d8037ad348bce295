//! Retention and the participant's rights: each force's retention periods, finding the
//! closed assignments whose personal data is due to go, erasing it (by the rule or on
//! request), and gathering everything held about one person for a subject access
//! request.
//!
//! Erasing an assignment removes every row that hangs off it and, once they have no
//! assignment left, the participant and their sessions. Before the rows go, the
//! assignment is added to an anonymous monthly count so that a force's figures survive.
//! The audit log is append-only and hash-chained, so it is not touched: it holds only
//! ids and what staff typed as reasons, and the caller records the erasure in it.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use reroute_domain::disposal::Outcome;
use reroute_domain::retention::{self, ClosureFacts, RetentionRule};
use reroute_domain::status::Status;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};
use serde::Serialize;
use uuid::Uuid;

use crate::entity::{
    answer, answer_draft, assignment, audit_event, case_event, erased_assignment_count, evidence,
    lesson_progress, organisation, participant, participant_session, retention_rule, staff_user,
};

/// The force's retention periods: the stored ones, or the defaults where none are
/// stored (or a stored value is out of range).
pub async fn rule_for(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
) -> Result<RetentionRule, DbErr> {
    let stored = retention_rule::Entity::find_by_id(organisation_id)
        .one(db)
        .await?;
    Ok(stored.map_or_else(RetentionRule::default, |row| rule_of(&row)))
}

/// A stored rule; a value that is not a valid period falls back to its default.
fn rule_of(row: &retention_rule::Model) -> RetentionRule {
    let defaults = RetentionRule::default();
    let months = |stored: i32, default: u32| {
        u32::try_from(stored)
            .ok()
            .filter(|m| (1..=retention::MAX_MONTHS).contains(m))
            .unwrap_or(default)
    };
    RetentionRule {
        completed_months: months(row.completed_months, defaults.completed_months),
        other_months: months(row.other_months, defaults.other_months),
    }
}

/// Stores the force's retention periods, replacing any stored before. A period outside
/// 1 to [`retention::MAX_MONTHS`] months is refused.
pub async fn set_rule(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    rule: RetentionRule,
) -> Result<(), DbErr> {
    let (Ok(completed), Ok(other), true) = (
        i32::try_from(rule.completed_months),
        i32::try_from(rule.other_months),
        rule.is_valid(),
    ) else {
        return Err(DbErr::Custom(format!(
            "retention periods must be from 1 to {} months",
            retention::MAX_MONTHS
        )));
    };
    let row = retention_rule::ActiveModel {
        organisation_id: Set(organisation_id),
        completed_months: Set(completed),
        other_months: Set(other),
    };
    retention_rule::Entity::insert(row)
        .on_conflict(
            OnConflict::column(retention_rule::Column::OrganisationId)
                .update_columns([
                    retention_rule::Column::CompletedMonths,
                    retention_rule::Column::OtherMonths,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// What decides when an assignment closed. An assignment whose stored status is not
/// one Reroute knows has no facts, so it is never erased by the rule; an outcome it does
/// not know counts as none.
pub fn closure_facts(found: &assignment::Model) -> Option<ClosureFacts> {
    Some(ClosureFacts {
        status: Status::parse(&found.status)?,
        outcome: found.outcome.as_deref().and_then(Outcome::parse),
        completed_at: found.completed_at,
        updated_at: found.updated_at,
    })
}

/// A closed assignment whose personal data is due to be erased.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub assignment_id: Uuid,
    pub organisation_id: Uuid,
    /// The force's name, for the command's report.
    pub organisation: String,
    pub closed_at: DateTime<Utc>,
    /// The period that applied, in months.
    pub months: u32,
    /// When it became due.
    pub due: DateTime<Utc>,
}

const CLOSED_STATUSES: [Status; 3] = [Status::Completed, Status::NotPassed, Status::Withdrawn];

/// Every assignment, in every force, due for erasure at `now` under its own force's
/// rule; the longest overdue first.
pub async fn due_for_erasure(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<Vec<Candidate>, DbErr> {
    let rules: HashMap<Uuid, RetentionRule> = retention_rule::Entity::find()
        .all(db)
        .await?
        .iter()
        .map(|row| (row.organisation_id, rule_of(row)))
        .collect();
    let forces: HashMap<Uuid, String> = organisation::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|force| (force.id, force.name))
        .collect();
    // A calendar month is at least 28 days and an assignment closes no earlier than its
    // last change, so nothing changed within 28 days per month of the shortest period
    // can be due; the database leaves those out.
    let shortest = rules
        .values()
        .chain([&RetentionRule::default()])
        .flat_map(|rule| [rule.completed_months, rule.other_months])
        .min()
        .unwrap_or(1);
    let changed_by = now - Duration::days(28 * i64::from(shortest));
    let closed = assignment::Entity::find()
        .filter(
            Condition::any()
                .add(assignment::Column::Status.is_in(CLOSED_STATUSES.map(Status::as_str)))
                .add(assignment::Column::Outcome.is_not_null()),
        )
        .filter(assignment::Column::UpdatedAt.lte(changed_by))
        .order_by_asc(assignment::Column::UpdatedAt)
        .all(db)
        .await?;
    let mut due: Vec<Candidate> = closed
        .iter()
        .filter_map(|found| {
            let facts = closure_facts(found)?;
            let rule = rules
                .get(&found.organisation_id)
                .copied()
                .unwrap_or_default();
            let closed_at = facts.closed_at()?;
            let erase_after = facts.erase_after(rule)?;
            retention::is_due(erase_after, now).then(|| Candidate {
                assignment_id: found.id,
                organisation_id: found.organisation_id,
                organisation: forces
                    .get(&found.organisation_id)
                    .cloned()
                    .unwrap_or_default(),
                closed_at,
                months: rule.months(facts.completed()),
                due: erase_after,
            })
        })
        .collect();
    due.sort_by_key(|candidate| (candidate.due, candidate.assignment_id));
    Ok(due)
}

/// Why an assignment is being erased.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Erasure {
    /// The force's retention rule: erased only if it is still due at `now` (checked
    /// again inside the transaction).
    Retention { now: DateTime<Utc> },
    /// The person asked (an admin erases on their behalf): erased whatever its state.
    OnRequest { now: DateTime<Utc> },
}

/// Erases one assignment and everything hanging off it, and its participant if they
/// have no other assignment, in one transaction. False if there is no such assignment
/// or (for [`Erasure::Retention`]) it is not due.
pub async fn erase_assignment<C>(
    db: &C,
    assignment_id: Uuid,
    erasure: Erasure,
) -> Result<bool, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let txn = db.begin().await?;
    let Some(participant_id) = assignment::Entity::find_by_id(assignment_id)
        .one(&txn)
        .await?
        .map(|found| found.participant_id)
    else {
        return Ok(false);
    };
    // Rows are locked person first, then assignment (as `erase_participant` does), so
    // two server processes erasing at once wait for each other: the second finds the
    // assignment gone and counts nothing twice. SQLite has one writer and needs none.
    participant::Entity::find_by_id(participant_id)
        .lock_exclusive()
        .one(&txn)
        .await?;
    let Some(found) = assignment::Entity::find_by_id(assignment_id)
        .lock_exclusive()
        .one(&txn)
        .await?
    else {
        return Ok(false);
    };
    let now = match erasure {
        Erasure::Retention { now } => {
            let rule = rule_for(&txn, found.organisation_id).await?;
            if !closure_facts(&found).is_some_and(|facts| facts.is_due(rule, now)) {
                return Ok(false);
            }
            now
        }
        Erasure::OnRequest { now } => now,
    };
    erase_rows_of(&txn, &found, now).await?;
    let others = assignment::Entity::find()
        .filter(assignment::Column::ParticipantId.eq(participant_id))
        .count(&txn)
        .await?;
    if others == 0 {
        erase_person_rows(&txn, participant_id).await?;
    }
    txn.commit().await?;
    Ok(true)
}

/// Erases a participant of the force entirely, on their request: every assignment (each
/// counted first), their sessions and their record, in one transaction. Returns the
/// erased assignments' ids, or `None` if the force has no such participant.
pub async fn erase_participant<C>(
    db: &C,
    organisation_id: Uuid,
    participant_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<Vec<Uuid>>, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let txn = db.begin().await?;
    let person = participant::Entity::find_by_id(participant_id)
        .filter(participant::Column::OrganisationId.eq(organisation_id))
        .lock_exclusive()
        .one(&txn)
        .await?;
    if person.is_none() {
        return Ok(None);
    }
    let assignments = assignment::Entity::find()
        .filter(assignment::Column::ParticipantId.eq(participant_id))
        .all(&txn)
        .await?;
    for found in &assignments {
        erase_rows_of(&txn, found, now).await?;
    }
    erase_person_rows(&txn, participant_id).await?;
    txn.commit().await?;
    Ok(Some(
        assignments.into_iter().map(|found| found.id).collect(),
    ))
}

/// The force's participant with this id; another force's is not found.
pub async fn participant_in(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    participant_id: Uuid,
) -> Result<Option<participant::Model>, DbErr> {
    participant::Entity::find_by_id(participant_id)
        .filter(participant::Column::OrganisationId.eq(organisation_id))
        .one(db)
        .await
}

/// Counts the assignment in its force's anonymous figures, then deletes it and every
/// row that hangs off it.
async fn erase_rows_of(
    txn: &impl ConnectionTrait,
    found: &assignment::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    // An open assignment erased on request counts in the month it was erased.
    let closed_at = closure_facts(found)
        .and_then(|facts| facts.closed_at())
        .unwrap_or(now);
    let count = erased_assignment_count::ActiveModel {
        organisation_id: Set(found.organisation_id),
        course_id: Set(found.course_id.clone()),
        disposal_type: Set(found.disposal_type.clone()),
        outcome_or_status: Set(found
            .outcome
            .clone()
            .unwrap_or_else(|| found.status.clone())),
        closed_month: Set(retention::closed_month(closed_at)),
        count: Set(1),
    };
    erased_assignment_count::Entity::insert(count)
        .on_conflict(
            OnConflict::columns([
                erased_assignment_count::Column::OrganisationId,
                erased_assignment_count::Column::CourseId,
                erased_assignment_count::Column::DisposalType,
                erased_assignment_count::Column::OutcomeOrStatus,
                erased_assignment_count::Column::ClosedMonth,
            ])
            .value(
                erased_assignment_count::Column::Count,
                Expr::col((
                    erased_assignment_count::Entity,
                    erased_assignment_count::Column::Count,
                ))
                .add(1),
            )
            .to_owned(),
        )
        .exec(txn)
        .await?;
    let id = found.id;
    answer::Entity::delete_many()
        .filter(answer::Column::AssignmentId.eq(id))
        .exec(txn)
        .await?;
    answer_draft::Entity::delete_many()
        .filter(answer_draft::Column::AssignmentId.eq(id))
        .exec(txn)
        .await?;
    lesson_progress::Entity::delete_many()
        .filter(lesson_progress::Column::AssignmentId.eq(id))
        .exec(txn)
        .await?;
    evidence::Entity::delete_many()
        .filter(evidence::Column::AssignmentId.eq(id))
        .exec(txn)
        .await?;
    case_event::Entity::delete_many()
        .filter(case_event::Column::AssignmentId.eq(id))
        .exec(txn)
        .await?;
    super::webhooks::erase_for_assignment(txn, id).await?;
    assignment::Entity::delete_by_id(id).exec(txn).await?;
    Ok(())
}

/// Deletes the participant's sessions and their record.
async fn erase_person_rows(txn: &impl ConnectionTrait, participant_id: Uuid) -> Result<(), DbErr> {
    participant_session::Entity::delete_many()
        .filter(participant_session::Column::ParticipantId.eq(participant_id))
        .exec(txn)
        .await?;
    participant::Entity::delete_by_id(participant_id)
        .exec(txn)
        .await?;
    Ok(())
}

/// One force's anonymous counts of erased assignments, oldest month first.
pub async fn erased_counts(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
) -> Result<Vec<erased_assignment_count::Model>, DbErr> {
    erased_assignment_count::Entity::find()
        .filter(erased_assignment_count::Column::OrganisationId.eq(organisation_id))
        .order_by_asc(erased_assignment_count::Column::ClosedMonth)
        .order_by_asc(erased_assignment_count::Column::CourseId)
        .all(db)
        .await
}

/// Everything Reroute holds about one participant, for a subject access request.
#[derive(Clone, Debug, Serialize)]
pub struct SubjectAccess {
    pub participant: ParticipantRecord,
    pub assignments: Vec<AssignmentRecord>,
    pub sessions: Vec<SessionRecord>,
    /// Audit events about the person or their assignments, or done by them.
    pub audit_events: Vec<AuditRecord>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ParticipantRecord {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub name: String,
    pub date_of_birth: NaiveDate,
    pub force_reference: String,
    pub contact: Option<String>,
    pub accessibility_notes: Option<String>,
    pub preferred_language: String,
    pub created_at: DateTime<Utc>,
}

/// An assignment as stored, without the access code's hash: that is a credential, not
/// information about the person.
#[derive(Clone, Debug, Serialize)]
pub struct AssignmentRecord {
    pub id: Uuid,
    pub course_id: String,
    pub course_version: Option<String>,
    pub disposal_type: String,
    pub condition_text: String,
    pub deadline: NaiveDate,
    pub status: String,
    pub failed_code_tries: i32,
    pub code_locked_until: Option<DateTime<Utc>>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub declared_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub attempt: i32,
    pub outcome: Option<String>,
    pub outcome_reason: Option<String>,
    pub answers: Vec<AnswerRecord>,
    pub drafts: Vec<DraftRecord>,
    pub lessons: Vec<LessonRecord>,
    pub case_events: Vec<CaseEventRecord>,
    pub evidence: Vec<EvidenceRecord>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AnswerRecord {
    pub block_id: String,
    pub attempt: i32,
    pub kind: String,
    /// The answer as stored (JSON): chosen options, text, or a number.
    pub value: String,
    pub first_try_correct: Option<bool>,
    pub answered_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DraftRecord {
    pub block_id: String,
    pub text: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LessonRecord {
    pub lesson_number: i32,
    pub reached_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub seconds_spent: i32,
}

#[derive(Clone, Debug, Serialize)]
pub struct CaseEventRecord {
    pub occurred_at: DateTime<Utc>,
    pub kind: String,
    pub staff_user_id: Option<Uuid>,
    pub staff_name: Option<String>,
    pub detail: Option<String>,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct EvidenceRecord {
    pub id: Uuid,
    pub key_id: String,
    /// The signed completion record.
    pub token: String,
    pub issued_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SessionRecord {
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// An audit event. The network address and browser are included only where the person
/// was the one acting: for staff they are the member of staff's, not the person's.
#[derive(Clone, Debug, Serialize)]
pub struct AuditRecord {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    /// The display name of the member of staff who acted, if one of the force's did.
    pub actor_name: Option<String>,
    pub action: String,
    pub record_kind: Option<String>,
    pub record_id: Option<String>,
    pub address: Option<String>,
    pub user_agent: Option<String>,
    pub reason: Option<String>,
}

/// Everything held about the force's participant, or `None` if the force has no such
/// participant.
pub async fn subject_access(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    participant_id: Uuid,
) -> Result<Option<SubjectAccess>, DbErr> {
    let Some(person) = participant_in(db, organisation_id, participant_id).await? else {
        return Ok(None);
    };
    let assignments = assignment::Entity::find()
        .filter(assignment::Column::ParticipantId.eq(participant_id))
        .order_by_asc(assignment::Column::CreatedAt)
        .all(db)
        .await?;
    let staff_names: HashMap<Uuid, String> = staff_user::Entity::find()
        .filter(staff_user::Column::OrganisationId.eq(organisation_id))
        .all(db)
        .await?
        .into_iter()
        .map(|user| (user.id, user.display_name))
        .collect();
    let mut records = Vec::with_capacity(assignments.len());
    for found in &assignments {
        records.push(assignment_record(db, found, &staff_names).await?);
    }
    let sessions = participant_session::Entity::find()
        .filter(participant_session::Column::ParticipantId.eq(participant_id))
        .order_by_asc(participant_session::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|session| SessionRecord {
            created_at: session.created_at,
            last_seen_at: session.last_seen_at,
            revoked_at: session.revoked_at,
        })
        .collect();
    let person_id = participant_id.to_string();
    let mut ids = vec![person_id.clone()];
    ids.extend(assignments.iter().map(|found| found.id.to_string()));
    let audit_events = audit_event::Entity::find()
        .filter(
            Condition::any()
                .add(audit_event::Column::RecordId.is_in(ids))
                .add(
                    Condition::all()
                        .add(audit_event::Column::ActorKind.eq("participant"))
                        .add(audit_event::Column::ActorId.eq(person_id.as_str())),
                ),
        )
        .order_by_asc(audit_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|event| {
            let by_them = event.actor_kind == "participant"
                && event.actor_id.as_deref() == Some(person_id.as_str());
            let actor_name = event
                .actor_id
                .as_deref()
                .filter(|_| event.actor_kind == "staff")
                .and_then(|id| Uuid::try_parse(id).ok())
                .and_then(|id| staff_names.get(&id).cloned());
            AuditRecord {
                id: event.id,
                occurred_at: event.occurred_at,
                actor_name,
                actor_kind: event.actor_kind,
                actor_id: event.actor_id,
                action: event.action,
                record_kind: event.record_kind,
                record_id: event.record_id,
                address: event.address.filter(|_| by_them),
                user_agent: event.user_agent.filter(|_| by_them),
                reason: event.reason,
            }
        })
        .collect();
    Ok(Some(SubjectAccess {
        participant: ParticipantRecord {
            id: person.id,
            organisation_id: person.organisation_id,
            name: person.name,
            date_of_birth: person.date_of_birth,
            force_reference: person.force_reference,
            contact: person.contact,
            accessibility_notes: person.accessibility_notes,
            preferred_language: person.preferred_language,
            created_at: person.created_at,
        },
        assignments: records,
        sessions,
        audit_events,
    }))
}

/// One assignment with everything that hangs off it.
async fn assignment_record(
    db: &impl ConnectionTrait,
    found: &assignment::Model,
    staff_names: &HashMap<Uuid, String>,
) -> Result<AssignmentRecord, DbErr> {
    let id = found.id;
    let answers = answer::Entity::find()
        .filter(answer::Column::AssignmentId.eq(id))
        .order_by_asc(answer::Column::AnsweredAt)
        .order_by_asc(answer::Column::BlockId)
        .all(db)
        .await?
        .into_iter()
        .map(|a| AnswerRecord {
            block_id: a.block_id,
            attempt: a.attempt,
            kind: a.kind,
            value: a.value,
            first_try_correct: a.first_try_correct,
            answered_at: a.answered_at,
        })
        .collect();
    let drafts = answer_draft::Entity::find()
        .filter(answer_draft::Column::AssignmentId.eq(id))
        .order_by_asc(answer_draft::Column::BlockId)
        .all(db)
        .await?
        .into_iter()
        .map(|d| DraftRecord {
            block_id: d.block_id,
            text: d.text,
            updated_at: d.updated_at,
        })
        .collect();
    let lessons = lesson_progress::Entity::find()
        .filter(lesson_progress::Column::AssignmentId.eq(id))
        .order_by_asc(lesson_progress::Column::LessonNumber)
        .all(db)
        .await?
        .into_iter()
        .map(|l| LessonRecord {
            lesson_number: l.lesson_number,
            reached_at: l.reached_at,
            finished_at: l.finished_at,
            seconds_spent: l.seconds_spent,
        })
        .collect();
    let case_events = case_event::Entity::find()
        .filter(case_event::Column::AssignmentId.eq(id))
        .order_by_asc(case_event::Column::OccurredAt)
        .order_by_asc(case_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| CaseEventRecord {
            occurred_at: e.occurred_at,
            kind: e.kind,
            staff_name: e
                .staff_user_id
                .and_then(|staff| staff_names.get(&staff).cloned()),
            staff_user_id: e.staff_user_id,
            detail: e.detail,
            reason: e.reason,
        })
        .collect();
    let evidence = evidence::Entity::find()
        .filter(evidence::Column::AssignmentId.eq(id))
        .order_by_asc(evidence::Column::IssuedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|e| EvidenceRecord {
            id: e.id,
            key_id: e.key_id,
            token: e.token,
            issued_at: e.issued_at,
        })
        .collect();
    Ok(AssignmentRecord {
        id,
        course_id: found.course_id.clone(),
        course_version: found.course_version.clone(),
        disposal_type: found.disposal_type.clone(),
        condition_text: found.condition_text.clone(),
        deadline: found.deadline,
        status: found.status.clone(),
        failed_code_tries: found.failed_code_tries,
        code_locked_until: found.code_locked_until,
        created_by: found.created_by,
        created_at: found.created_at,
        updated_at: found.updated_at,
        declared_at: found.declared_at,
        started_at: found.started_at,
        completed_at: found.completed_at,
        attempt: found.attempt,
        outcome: found.outcome.clone(),
        outcome_reason: found.outcome_reason.clone(),
        answers,
        drafts,
        lessons,
        case_events,
        evidence,
    })
}
