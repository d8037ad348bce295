//! Runs the migrations and a round trip of every table against SQLite and PostgreSQL.

// A test that cannot set itself up should fail loudly, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use common::TestDatabase;
use reroute_db::entity::*;
use reroute_db::sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, IntoActiveModel};
use uuid::Uuid;

/// A timestamp both backends store exactly (PostgreSQL keeps microseconds).
fn at(seconds: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_795_000_000 + seconds, 123_456_000)
        .single()
        .expect("valid timestamp")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

async fn insert_and_read_back<M, A, E>(db: &DatabaseConnection, model: M) -> M
where
    M: IntoActiveModel<A> + Clone,
    A: ActiveModelTrait<Entity = E> + reroute_db::sea_orm::ActiveModelBehavior + Send,
    E: EntityTrait<Model = M>,
{
    model
        .clone()
        .into_active_model()
        .insert(db)
        .await
        .expect("insert")
}

async fn every_table_round_trips(test: TestDatabase) {
    let db = &test.db.connection;

    let organisation = organisation::Model {
        id: Uuid::new_v4(),
        name: "Testshire Constabulary".into(),
        created_at: at(0),
        require_totp: false,
    };
    let staff = staff_user::Model {
        id: Uuid::new_v4(),
        organisation_id: organisation.id,
        email: "casey@testshire.police.example".into(),
        display_name: "Casey Worker".into(),
        role: "caseworker".into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        disabled: false,
        failed_sign_ins: 2,
        locked_until: Some(at(60)),
        created_at: at(1),
        totp_secret: None,
        totp_enabled_at: None,
        totp_last_step: None,
    };
    let session = staff_session::Model {
        id: Uuid::new_v4(),
        staff_user_id: staff.id,
        created_at: at(2),
        last_seen_at: at(3),
        revoked_at: None,
    };
    let participant = participant::Model {
        id: Uuid::new_v4(),
        organisation_id: organisation.id,
        name: "Sam O'Neill <script>".into(),
        date_of_birth: day(1999, 2, 28),
        force_reference: "CR/12345/26".into(),
        contact: Some("07700 900123".into()),
        accessibility_notes: Some("Prefers large text; dyslexia.".into()),
        preferred_language: "en".into(),
        created_at: at(4),
    };
    let version = course_version::Model {
        version: "ab".repeat(32),
        course_id: "victim-awareness".into(),
        title: "Thinking about victims".into(),
        content: r#"{"lessons":[]}"#.into(),
        first_seen_at: at(5),
    };
    let assignment = assignment::Model {
        id: Uuid::new_v4(),
        organisation_id: organisation.id,
        participant_id: participant.id,
        course_id: "victim-awareness".into(),
        course_version: Some(version.version.clone()),
        disposal_type: "community-resolution".into(),
        condition_text: "Complete the course within 28 days.".into(),
        deadline: day(2027, 3, 14),
        status: "in-progress".into(),
        access_code_hash: "cd".repeat(32),
        failed_code_tries: 0,
        code_locked_until: None,
        created_by: Some(staff.id),
        created_at: at(6),
        updated_at: at(7),
        declared_at: Some(at(8)),
        started_at: Some(at(9)),
        completed_at: None,
        attempt: 1,
        outcome: None,
        outcome_reason: None,
    };
    let progress = lesson_progress::Model {
        id: Uuid::new_v4(),
        assignment_id: assignment.id,
        lesson_number: 1,
        reached_at: at(10),
        finished_at: Some(at(11)),
        seconds_spent: 240,
        last_activity_at: at(11),
    };
    let answer = answer::Model {
        id: Uuid::new_v4(),
        assignment_id: assignment.id,
        block_id: "who-is-affected".into(),
        attempt: 1,
        kind: "quiz".into(),
        value: "[0,1]".into(),
        first_try_correct: Some(true),
        answered_at: at(12),
    };
    let evidence = evidence::Model {
        id: Uuid::new_v4(),
        assignment_id: assignment.id,
        key_id: "key-1".into(),
        token: "eyJ.header.signature".into(),
        issued_at: at(13),
        verify_code: Some(Uuid::new_v4().simple().to_string()),
    };

    assert_eq!(
        insert_and_read_back(db, organisation.clone()).await,
        organisation
    );
    assert_eq!(insert_and_read_back(db, staff.clone()).await, staff);
    assert_eq!(insert_and_read_back(db, session.clone()).await, session);
    assert_eq!(
        insert_and_read_back(db, participant.clone()).await,
        participant
    );
    assert_eq!(insert_and_read_back(db, version.clone()).await, version);
    assert_eq!(
        insert_and_read_back(db, assignment.clone()).await,
        assignment
    );
    assert_eq!(insert_and_read_back(db, progress.clone()).await, progress);
    assert_eq!(insert_and_read_back(db, answer.clone()).await, answer);
    assert_eq!(insert_and_read_back(db, evidence.clone()).await, evidence);

    let participant_session = participant_session::Model {
        id: Uuid::new_v4(),
        participant_id: participant.id,
        created_at: at(15),
        last_seen_at: at(16),
        revoked_at: Some(at(17)),
    };
    let draft = answer_draft::Model {
        assignment_id: assignment.id,
        block_id: "next-time".into(),
        text: "I would walk away and".into(),
        updated_at: at(18),
    };
    let limit = rate_limit::Model {
        key: "participant-sign-in:127.0.0.1".into(),
        window_started_at: at(19),
        count: 3,
    };
    assert_eq!(
        insert_and_read_back(db, participant_session.clone()).await,
        participant_session
    );
    assert_eq!(insert_and_read_back(db, draft.clone()).await, draft);
    assert_eq!(insert_and_read_back(db, limit.clone()).await, limit);

    let event = audit_event::ActiveModel {
        occurred_at: reroute_db::sea_orm::Set(at(14)),
        actor_kind: reroute_db::sea_orm::Set("staff".into()),
        actor_id: reroute_db::sea_orm::Set(Some(staff.id.to_string())),
        organisation_id: reroute_db::sea_orm::Set(Some(organisation.id)),
        action: reroute_db::sea_orm::Set("participant.read".into()),
        record_kind: reroute_db::sea_orm::Set(Some("participant".into())),
        record_id: reroute_db::sea_orm::Set(Some(participant.id.to_string())),
        address: reroute_db::sea_orm::Set(Some("127.0.0.1".into())),
        user_agent: reroute_db::sea_orm::Set(Some("test".into())),
        reason: reroute_db::sea_orm::Set(None),
        previous_hash: reroute_db::sea_orm::Set("0".repeat(64)),
        hash: reroute_db::sea_orm::Set("1".repeat(64)),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert audit event");
    let stored = audit_event::Entity::find_by_id(event.id)
        .one(db)
        .await
        .expect("read audit event")
        .expect("audit event exists");
    assert_eq!(stored, event);
    assert_eq!(stored.action, "participant.read");

    // Reading through the entity (not just the insert's RETURNING) gives the same rows.
    let read = assignment::Entity::find_by_id(assignment.id)
        .one(db)
        .await
        .expect("read assignment");
    assert_eq!(read, Some(assignment));

    test.drop_database().await;
}

async fn second_answer_to_a_block_in_an_attempt_is_refused(test: TestDatabase) {
    let db = &test.db.connection;
    let org = organisation::Model {
        id: Uuid::new_v4(),
        name: "Force".into(),
        created_at: at(0),
        require_totp: false,
    };
    let person = participant::Model {
        id: Uuid::new_v4(),
        organisation_id: org.id,
        name: "P".into(),
        date_of_birth: day(2000, 1, 1),
        force_reference: "REF".into(),
        contact: None,
        accessibility_notes: None,
        preferred_language: "en".into(),
        created_at: at(0),
    };
    let assignment = assignment::Model {
        id: Uuid::new_v4(),
        organisation_id: org.id,
        participant_id: person.id,
        course_id: "c".into(),
        course_version: None,
        disposal_type: "other".into(),
        condition_text: String::new(),
        deadline: day(2027, 1, 1),
        status: "assigned".into(),
        access_code_hash: "h".into(),
        failed_code_tries: 0,
        code_locked_until: None,
        created_by: None,
        created_at: at(0),
        updated_at: at(0),
        declared_at: None,
        started_at: None,
        completed_at: None,
        attempt: 1,
        outcome: None,
        outcome_reason: None,
    };
    insert_and_read_back(db, org).await;
    insert_and_read_back(db, person).await;
    insert_and_read_back(db, assignment.clone()).await;
    let first = answer::Model {
        id: Uuid::new_v4(),
        assignment_id: assignment.id,
        block_id: "q1".into(),
        attempt: 1,
        kind: "quiz".into(),
        value: "[0]".into(),
        first_try_correct: Some(false),
        answered_at: at(1),
    };
    insert_and_read_back(db, first.clone()).await;
    let again = answer::Model {
        id: Uuid::new_v4(),
        value: "[1]".into(),
        first_try_correct: Some(true),
        ..first.clone()
    };
    assert!(again.into_active_model().insert(db).await.is_err());
    let stored = answer::Entity::find_by_id(first.id)
        .one(db)
        .await
        .expect("read answer");
    assert_eq!(stored, Some(first));
    test.drop_database().await;
}

async fn foreign_keys_are_enforced(test: TestDatabase) {
    let db = &test.db.connection;
    let orphan = staff_user::Model {
        id: Uuid::new_v4(),
        organisation_id: Uuid::new_v4(),
        email: "orphan@example.test".into(),
        display_name: "Orphan".into(),
        role: "admin".into(),
        password_hash: "x".into(),
        disabled: false,
        failed_sign_ins: 0,
        locked_until: None,
        created_at: at(0),
        totp_secret: None,
        totp_enabled_at: None,
        totp_last_step: None,
    };
    assert!(orphan.into_active_model().insert(db).await.is_err());
    test.drop_database().await;
}

#[tokio::test]
async fn every_table_round_trips_on_sqlite() {
    every_table_round_trips(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn every_table_round_trips_on_postgres() {
    every_table_round_trips(TestDatabase::postgres().await).await;
}

#[tokio::test]
async fn second_answer_is_refused_on_sqlite() {
    second_answer_to_a_block_in_an_attempt_is_refused(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn second_answer_is_refused_on_postgres() {
    second_answer_to_a_block_in_an_attempt_is_refused(TestDatabase::postgres().await).await;
}

#[tokio::test]
async fn foreign_keys_are_enforced_on_sqlite() {
    foreign_keys_are_enforced(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn foreign_keys_are_enforced_on_postgres() {
    foreign_keys_are_enforced(TestDatabase::postgres().await).await;
}

#[tokio::test]
async fn migrations_are_idempotent_on_sqlite() {
    let test = TestDatabase::sqlite().await;
    test.db.migrate().await.expect("second migrate is a no-op");
    test.drop_database().await;
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode() {
    use reroute_db::sea_orm::{ConnectionTrait, Statement};
    let test = TestDatabase::sqlite().await;
    let row = test
        .db
        .connection
        .query_one_raw(Statement::from_string(
            test.db.backend(),
            "PRAGMA journal_mode",
        ))
        .await
        .expect("query journal mode")
        .expect("a row");
    let mode: String = row.try_get_by_index(0).expect("journal mode text");
    assert_eq!(mode, "wal");
    test.drop_database().await;
}
