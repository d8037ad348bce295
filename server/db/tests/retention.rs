//! Retention and the participant's rights at the data layer, on SQLite and PostgreSQL:
//! what the daily job finds due and erases (and what it leaves), each force's own rule,
//! erasure on request, and a subject access export holding every answer.

// A test that cannot set itself up should fail loudly, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use common::TestDatabase;
use reroute_db::entity::{
    answer, answer_draft, assignment, case_event, erased_assignment_count, evidence,
    lesson_progress, participant, participant_session,
};
use reroute_db::queries::assignments::{self, NewAssignment};
use reroute_db::queries::case_events::{self, NewCaseEvent};
use reroute_db::queries::journey::{self, NewAnswer};
use reroute_db::queries::retention::{self, Erasure};
use reroute_db::queries::{audit, participant_sessions};
use reroute_db::sea_orm::sea_query::Expr;
use reroute_db::sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter,
};
use reroute_domain::audit::AuditFields;
use reroute_domain::retention::RetentionRule;
use uuid::Uuid;

fn born() -> NaiveDate {
    NaiveDate::from_ymd_opt(1999, 2, 28).expect("date")
}

fn months_ago(now: DateTime<Utc>, months: u32) -> DateTime<Utc> {
    now.checked_sub_months(Months::new(months))
        .expect("a past date")
}

/// Gives `reference` in `force` a course (creating the person the first time).
async fn assign(db: &DatabaseConnection, force: Uuid, reference: &str) -> assignment::Model {
    let now = Utc::now();
    assignments::create(
        db,
        NewAssignment {
            organisation_id: force,
            name: format!("Person {reference}"),
            date_of_birth: born(),
            force_reference: reference.into(),
            contact: Some("07700 900123".into()),
            accessibility_notes: None,
            course_id: "anger".into(),
            disposal_type: "community-resolution".into(),
            condition_text: "Do the course.".into(),
            deadline: now.date_naive() + Duration::days(28),
            created_by: None,
            access_code_hash: Uuid::new_v4().simple().to_string(),
        },
        now,
    )
    .await
    .expect("assignment")
}

/// Closes the assignment with `status` at `at` (and an outcome, if given).
async fn close(
    db: &DatabaseConnection,
    id: Uuid,
    status: &str,
    outcome: Option<&str>,
    at: DateTime<Utc>,
) {
    let completed = (status != "withdrawn").then_some(at);
    assignment::Entity::update_many()
        .col_expr(assignment::Column::Status, Expr::value(status))
        .col_expr(assignment::Column::Outcome, Expr::value(outcome))
        .col_expr(assignment::Column::CompletedAt, Expr::value(completed))
        .col_expr(assignment::Column::UpdatedAt, Expr::value(at))
        .filter(assignment::Column::Id.eq(id))
        .exec(db)
        .await
        .expect("close");
}

/// Everything that can hang off an assignment: two answers, a draft, a lesson, a case
/// event, evidence, a session for the person and an audit event about the assignment.
async fn fill(db: &DatabaseConnection, found: &assignment::Model, words: &str) {
    let now = Utc::now();
    for (block, kind, value) in [("q1", "quiz", "[1]"), ("r1", "reflect", words)] {
        journey::record_answer(
            db,
            NewAnswer {
                assignment_id: found.id,
                block_id: block.into(),
                attempt: 1,
                kind,
                value: serde_json::to_string(value).unwrap(),
                first_try_correct: (kind == "quiz").then_some(true),
            },
            now,
        )
        .await
        .expect("answer");
    }
    journey::save_draft(db, found.id, "r2", "half a thought", now)
        .await
        .expect("draft");
    journey::visit_lesson(db, found.id, 1, now)
        .await
        .expect("lesson");
    case_events::append(
        db,
        NewCaseEvent {
            assignment_id: found.id,
            organisation_id: found.organisation_id,
            kind: "note".into(),
            staff_user_id: None,
            detail: Some("Rang them".into()),
            reason: Some("Reminder".into()),
            occurred_at: now,
        },
    )
    .await
    .expect("case event");
    evidence::Model {
        id: Uuid::new_v4(),
        assignment_id: found.id,
        key_id: "key-1".into(),
        token: "signed.completion.record".into(),
        issued_at: now,
        verify_code: Some(Uuid::new_v4().simple().to_string()),
    }
    .into_active_model()
    .insert(db)
    .await
    .expect("evidence");
    participant_sessions::create(db, found.participant_id, now)
        .await
        .expect("session");
    audit::append(
        db,
        AuditFields {
            occurred_at: now,
            actor_kind: "staff".into(),
            actor_id: Some(Uuid::new_v4().to_string()),
            organisation_id: Some(found.organisation_id.to_string()),
            action: "staff.viewed-assignment".into(),
            record_kind: Some("assignment".into()),
            record_id: Some(found.id.to_string()),
            address: Some("10.1.1.1".into()),
            user_agent: None,
            reason: None,
        },
    )
    .await
    .expect("audit");
}

/// How many rows each table holds for one assignment.
async fn rows_of(db: &DatabaseConnection, id: Uuid) -> [u64; 6] {
    [
        assignment::Entity::find_by_id(id).count(db).await.unwrap(),
        answer::Entity::find()
            .filter(answer::Column::AssignmentId.eq(id))
            .count(db)
            .await
            .unwrap(),
        answer_draft::Entity::find()
            .filter(answer_draft::Column::AssignmentId.eq(id))
            .count(db)
            .await
            .unwrap(),
        lesson_progress::Entity::find()
            .filter(lesson_progress::Column::AssignmentId.eq(id))
            .count(db)
            .await
            .unwrap(),
        case_event::Entity::find()
            .filter(case_event::Column::AssignmentId.eq(id))
            .count(db)
            .await
            .unwrap(),
        evidence::Entity::find()
            .filter(evidence::Column::AssignmentId.eq(id))
            .count(db)
            .await
            .unwrap(),
    ]
}

async fn person_exists(db: &DatabaseConnection, id: Uuid) -> (bool, u64) {
    (
        participant::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .is_some(),
        participant_session::Entity::find()
            .filter(participant_session::Column::ParticipantId.eq(id))
            .count(db)
            .await
            .unwrap(),
    )
}

async fn table_sizes(db: &DatabaseConnection) -> Vec<i64> {
    let mut sizes = Vec::new();
    for table in [
        "participant",
        "assignment",
        "answer",
        "answer_draft",
        "lesson_progress",
        "case_event",
        "evidence",
        "participant_session",
        "erased_assignment_count",
        "audit_event",
    ] {
        let row = db
            .query_one_raw(reroute_db::sea_orm::Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        sizes.push(row.try_get::<i64>("", "n").unwrap());
    }
    sizes
}

async fn the_daily_job_erases_what_is_due_and_nothing_else(test: TestDatabase) {
    let db = &test.db.connection;
    let now = Utc::now();
    let force_a = assignments::create_organisation(db, "Force A", now)
        .await
        .unwrap();
    let force_b = assignments::create_organisation(db, "Force B", now)
        .await
        .unwrap();
    // Force A keeps the defaults (42 and 12 months); force B keeps everything 6 months.
    retention::set_rule(
        db,
        force_b.id,
        RetentionRule {
            completed_months: 6,
            other_months: 6,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        retention::rule_for(db, force_a.id).await.unwrap(),
        RetentionRule::default()
    );

    // Completed 43 months ago: due. The same person has an open course, so they stay.
    let due_a = assign(db, force_a.id, "A/1").await;
    fill(db, &due_a, "I will walk away next time").await;
    close(
        db,
        due_a.id,
        "completed",
        Some("complied"),
        months_ago(now, 43),
    )
    .await;
    let open_a = assign(db, force_a.id, "A/1").await;
    // Another completed 43 months ago, counted in the same row.
    let due_a2 = assign(db, force_a.id, "A/5").await;
    fill(db, &due_a2, "Count me").await;
    close(
        db,
        due_a2.id,
        "completed",
        Some("complied"),
        months_ago(now, 43),
    )
    .await;
    // Completed 41 months ago: not yet.
    let kept_a = assign(db, force_a.id, "A/2").await;
    fill(db, &kept_a, "Still kept").await;
    close(db, kept_a.id, "completed", None, months_ago(now, 41)).await;
    // Not passed 7 months ago: due under force B's rule, but force A keeps 12 months.
    let not_passed_a = assign(db, force_a.id, "A/3").await;
    close(db, not_passed_a.id, "not-passed", None, months_ago(now, 7)).await;
    // Force B's withdrawn 7 months ago: due under its own rule.
    let due_b = assign(db, force_b.id, "B/1").await;
    fill(db, &due_b, "Force B's words").await;
    close(db, due_b.id, "withdrawn", None, months_ago(now, 7)).await;
    // An open assignment given long ago is never due, however old.
    let ancient = assign(db, force_b.id, "B/2").await;
    assignment::Entity::update_many()
        .col_expr(
            assignment::Column::UpdatedAt,
            Expr::value(months_ago(now, 100)),
        )
        .filter(assignment::Column::Id.eq(ancient.id))
        .exec(db)
        .await
        .unwrap();

    // A dry run only lists: it changes nothing.
    let before = table_sizes(db).await;
    let due = retention::due_for_erasure(db, now).await.unwrap();
    let mut ids: Vec<Uuid> = due.iter().map(|c| c.assignment_id).collect();
    ids.sort();
    let mut expected = vec![due_a.id, due_a2.id, due_b.id];
    expected.sort();
    assert_eq!(ids, expected);
    let b = due.iter().find(|c| c.assignment_id == due_b.id).unwrap();
    assert_eq!((b.organisation.as_str(), b.months), ("Force B", 6));
    let a = due.iter().find(|c| c.assignment_id == due_a.id).unwrap();
    assert_eq!(a.months, 42);
    assert!(a.due <= now);
    assert_eq!(table_sizes(db).await, before, "a dry run changes nothing");

    for candidate in &due {
        assert!(
            retention::erase_assignment(db, candidate.assignment_id, Erasure::Retention { now })
                .await
                .unwrap()
        );
    }
    // Everything hanging off the erased assignments has gone.
    for id in [due_a.id, due_a2.id, due_b.id] {
        assert_eq!(rows_of(db, id).await, [0; 6], "{id}");
    }
    // The person with an open course stays (with their sessions); the others have gone.
    assert_eq!(person_exists(db, due_a.participant_id).await, (true, 1));
    assert_eq!(rows_of(db, open_a.id).await[0], 1);
    assert_eq!(person_exists(db, due_a2.participant_id).await, (false, 0));
    assert_eq!(person_exists(db, due_b.participant_id).await, (false, 0));
    // What is not due is untouched, and the rule refuses it even when asked directly.
    assert_eq!(rows_of(db, kept_a.id).await, [1, 2, 1, 1, 1, 1]);
    assert_eq!(rows_of(db, not_passed_a.id).await[0], 1);
    assert_eq!(rows_of(db, ancient.id).await[0], 1);
    assert!(
        !retention::erase_assignment(db, kept_a.id, Erasure::Retention { now })
            .await
            .unwrap()
    );
    assert!(
        !retention::erase_assignment(db, Uuid::new_v4(), Erasure::Retention { now })
            .await
            .unwrap()
    );
    assert_eq!(rows_of(db, kept_a.id).await, [1, 2, 1, 1, 1, 1]);

    // The anonymous counts survive: two for force A in one row, one for force B.
    let month = months_ago(now, 43).format("%Y-%m").to_string();
    let counts_a = retention::erased_counts(db, force_a.id).await.unwrap();
    assert_eq!(
        counts_a,
        vec![erased_assignment_count::Model {
            organisation_id: force_a.id,
            course_id: "anger".into(),
            disposal_type: "community-resolution".into(),
            outcome_or_status: "complied".into(),
            closed_month: month,
            count: 2,
        }]
    );
    let counts_b = retention::erased_counts(db, force_b.id).await.unwrap();
    assert_eq!(counts_b.len(), 1);
    assert_eq!(
        (counts_b[0].outcome_or_status.as_str(), counts_b[0].count),
        ("withdrawn", 1)
    );
    // Nothing is due any more.
    assert!(
        retention::due_for_erasure(db, now)
            .await
            .unwrap()
            .is_empty()
    );
    test.drop_database().await;
}

async fn erasure_on_request_removes_the_person_entirely(test: TestDatabase) {
    let db = &test.db.connection;
    let now = Utc::now();
    let force_a = assignments::create_organisation(db, "Force A", now)
        .await
        .unwrap();
    let force_b = assignments::create_organisation(db, "Force B", now)
        .await
        .unwrap();
    let first = assign(db, force_a.id, "A/1").await;
    fill(db, &first, "First course").await;
    let second = assign(db, force_a.id, "A/1").await;
    fill(db, &second, "Second course, still open").await;
    let other = assign(db, force_a.id, "A/2").await;
    fill(db, &other, "Someone else").await;
    let person = first.participant_id;

    // Another force cannot erase them, nor can an id that is not a participant.
    let before = table_sizes(db).await;
    assert_eq!(
        retention::erase_participant(db, force_b.id, person, now)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        retention::erase_participant(db, force_a.id, first.id, now)
            .await
            .unwrap(),
        None
    );
    assert_eq!(table_sizes(db).await, before);

    let mut erased = retention::erase_participant(db, force_a.id, person, now)
        .await
        .unwrap()
        .expect("the person was found");
    erased.sort();
    let mut expected = vec![first.id, second.id];
    expected.sort();
    assert_eq!(erased, expected);
    for id in [first.id, second.id] {
        assert_eq!(rows_of(db, id).await, [0; 6]);
    }
    assert_eq!(person_exists(db, person).await, (false, 0));
    assert!(
        retention::subject_access(db, force_a.id, person)
            .await
            .unwrap()
            .is_none()
    );
    // Someone else's record is untouched; the counts hold both erased courses.
    assert_eq!(rows_of(db, other.id).await, [1, 2, 1, 1, 1, 1]);
    assert_eq!(person_exists(db, other.participant_id).await, (true, 1));
    let counts = retention::erased_counts(db, force_a.id).await.unwrap();
    assert_eq!(counts.iter().map(|c| c.count).sum::<i32>(), 2);
    assert_eq!(counts[0].outcome_or_status, "assigned");
    assert_eq!(counts[0].closed_month, now.format("%Y-%m").to_string());
    test.drop_database().await;
}

async fn subject_access_holds_every_answer(test: TestDatabase) {
    let db = &test.db.connection;
    let now = Utc::now();
    let force_a = assignments::create_organisation(db, "Force A", now)
        .await
        .unwrap();
    let force_b = assignments::create_organisation(db, "Force B", now)
        .await
        .unwrap();
    let first = assign(db, force_a.id, "A/1").await;
    fill(db, &first, "I felt angry & then \"calm\"").await;
    let second = assign(db, force_a.id, "A/1").await;
    fill(db, &second, "Second reflection").await;
    let other = assign(db, force_a.id, "A/2").await;
    fill(db, &other, "Not theirs").await;
    let person = first.participant_id;
    audit::append(
        db,
        AuditFields {
            occurred_at: now,
            actor_kind: "participant".into(),
            actor_id: Some(person.to_string()),
            organisation_id: None,
            action: "participant.signed-in".into(),
            record_kind: Some("participant".into()),
            record_id: Some(person.to_string()),
            address: Some("192.0.2.7".into()),
            user_agent: Some("Phone".into()),
            reason: None,
        },
    )
    .await
    .unwrap();

    assert!(
        retention::subject_access(db, force_b.id, person)
            .await
            .unwrap()
            .is_none(),
        "another force gets nothing"
    );
    let record = retention::subject_access(db, force_a.id, person)
        .await
        .unwrap()
        .expect("found");
    assert_eq!(record.participant.force_reference, "A/1");
    assert_eq!(record.assignments.len(), 2);
    for found in &record.assignments {
        assert_eq!(found.answers.len(), 2);
        assert_eq!(found.drafts.len(), 1);
        assert_eq!(found.lessons.len(), 1);
        assert_eq!(found.case_events.len(), 1);
        assert_eq!(found.evidence.len(), 1);
    }
    assert_eq!(record.sessions.len(), 2);
    // Two views of their assignments by staff and their own sign-in; not the other's.
    assert_eq!(record.audit_events.len(), 3);
    let sign_in = record
        .audit_events
        .iter()
        .find(|e| e.action == "participant.signed-in")
        .unwrap();
    assert_eq!(sign_in.address.as_deref(), Some("192.0.2.7"));
    assert!(
        record
            .audit_events
            .iter()
            .filter(|e| e.actor_kind == "staff")
            .all(|e| e.address.is_none()),
        "a member of staff's address is not the person's data"
    );
    // Every answer, exactly as written.
    let written: Vec<String> = record
        .assignments
        .iter()
        .flat_map(|found| &found.answers)
        .filter(|a| a.kind == "reflect")
        .map(|a| serde_json::from_str::<String>(&a.value).unwrap())
        .collect();
    assert_eq!(
        written,
        ["I felt angry & then \"calm\"", "Second reflection"]
    );
    let json = serde_json::to_string(&record).unwrap();
    for expected in [
        "Second reflection",
        "half a thought",
        "signed.completion.record",
        "Rang them",
        "07700 900123",
    ] {
        assert!(json.contains(expected), "the export holds {expected}");
    }
    assert!(!json.contains("Not theirs"));
    assert!(
        !json.contains(&first.access_code_hash),
        "the code's hash is a credential"
    );
    test.drop_database().await;
}

#[tokio::test]
async fn daily_job_on_sqlite() {
    the_daily_job_erases_what_is_due_and_nothing_else(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn daily_job_on_postgres() {
    the_daily_job_erases_what_is_due_and_nothing_else(TestDatabase::postgres().await).await;
}

#[tokio::test]
async fn erasure_on_request_on_sqlite() {
    erasure_on_request_removes_the_person_entirely(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn erasure_on_request_on_postgres() {
    erasure_on_request_removes_the_person_entirely(TestDatabase::postgres().await).await;
}

#[tokio::test]
async fn subject_access_on_sqlite() {
    subject_access_holds_every_answer(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn subject_access_on_postgres() {
    subject_access_holds_every_answer(TestDatabase::postgres().await).await;
}
