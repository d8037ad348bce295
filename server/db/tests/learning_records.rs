//! Which assignments the xAPI feed reads, on SQLite and PostgreSQL: only the force's
//! started assignments with a learning event at or after the time asked for, whichever
//! kind of event it is.

// A test that cannot set itself up should fail loudly, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use common::TestDatabase;
use reroute_db::entity::{answer, assignment, lesson_progress};
use reroute_db::queries::assignments::{self, NewAssignment};
use reroute_db::queries::learning_records::active_since;
use reroute_db::sea_orm::{ActiveModelTrait, DatabaseConnection, IntoActiveModel, Set};
use uuid::Uuid;

/// An assignment declared at `declared` (or not started).
async fn started(
    db: &DatabaseConnection,
    force: Uuid,
    reference: &str,
    declared: Option<DateTime<Utc>>,
) -> assignment::Model {
    let made = assignments::create(
        db,
        NewAssignment {
            organisation_id: force,
            name: format!("Person {reference}"),
            date_of_birth: NaiveDate::from_ymd_opt(1999, 2, 28).expect("date"),
            force_reference: reference.into(),
            contact: None,
            accessibility_notes: None,
            course_id: "thinking-first".into(),
            disposal_type: "community-resolution".into(),
            condition_text: "Complete the course.".into(),
            deadline: NaiveDate::from_ymd_opt(2027, 1, 31).expect("date"),
            created_by: None,
            access_code_hash: format!("hash-{reference}"),
        },
        Utc::now(),
    )
    .await
    .unwrap();
    let mut row = made.into_active_model();
    row.declared_at = Set(declared);
    row.update(db).await.unwrap()
}

async fn lesson(
    db: &DatabaseConnection,
    of: &assignment::Model,
    reached: DateTime<Utc>,
    finished: Option<DateTime<Utc>>,
) {
    lesson_progress::Model {
        id: Uuid::new_v4(),
        assignment_id: of.id,
        lesson_number: 1,
        reached_at: reached,
        finished_at: finished,
        seconds_spent: 60,
        last_activity_at: reached,
    }
    .into_active_model()
    .insert(db)
    .await
    .unwrap();
}

async fn answered(db: &DatabaseConnection, of: &assignment::Model, at: DateTime<Utc>) {
    answer::Model {
        id: Uuid::new_v4(),
        assignment_id: of.id,
        block_id: "q1".into(),
        attempt: 1,
        kind: "quiz".into(),
        value: "[0]".into(),
        first_try_correct: Some(true),
        answered_at: at,
    }
    .into_active_model()
    .insert(db)
    .await
    .unwrap();
}

async fn only_assignments_with_activity_since_are_read(db: &DatabaseConnection) {
    let now = Utc::now();
    let long_ago = now - Duration::days(30);
    let since = now - Duration::days(1);
    let a = assignments::create_organisation(db, "Force A", now)
        .await
        .unwrap();
    let b = assignments::create_organisation(db, "Force B", now)
        .await
        .unwrap();

    let quiet = started(db, a.id, "QUIET", Some(long_ago)).await;
    lesson(db, &quiet, long_ago, Some(long_ago)).await;
    answered(db, &quiet, long_ago).await;
    started(db, a.id, "NOT-STARTED", None).await;
    started(db, b.id, "OTHER-FORCE", Some(now)).await;

    let declared = started(db, a.id, "DECLARED", Some(now)).await;
    let reached = started(db, a.id, "REACHED", Some(long_ago)).await;
    lesson(db, &reached, now, None).await;
    let finished = started(db, a.id, "FINISHED", Some(long_ago)).await;
    lesson(db, &finished, long_ago, Some(now)).await;
    let answer_now = started(db, a.id, "ANSWERED", Some(long_ago)).await;
    answered(db, &answer_now, now).await;
    let completed = started(db, a.id, "COMPLETED", Some(long_ago)).await;
    let mut row = completed.clone().into_active_model();
    row.completed_at = Set(Some(now));
    row.update(db).await.unwrap();

    let mut expected = vec![
        declared.id,
        reached.id,
        finished.id,
        answer_now.id,
        completed.id,
    ];
    expected.sort();
    let found: Vec<Uuid> = active_since(db, a.id, since)
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.id)
        .collect();
    assert_eq!(
        found, expected,
        "in id order, each kind of event counted once"
    );
    let everything = active_since(db, a.id, long_ago).await.unwrap();
    assert_eq!(everything.len(), 6, "every started assignment of force A");
    assert!(
        active_since(db, a.id, now + Duration::seconds(1))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn sqlite_learning_records() {
    let test = TestDatabase::sqlite().await;
    only_assignments_with_activity_since_are_read(&test.db.connection).await;
    test.drop_database().await;
}

#[tokio::test]
async fn postgres_learning_records() {
    let test = TestDatabase::postgres().await;
    only_assignments_with_activity_since_are_read(&test.db.connection).await;
    test.drop_database().await;
}
