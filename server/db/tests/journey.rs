//! The participant's journey at the data layer, on SQLite and on PostgreSQL: sign-in
//! lockout and throttling, answers that cannot be changed, attempts that cannot be
//! skipped.

// A test that cannot set itself up should fail loudly, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Duration, NaiveDate, Utc};
use common::TestDatabase;
use reroute_db::queries::assignments::{self, NewAssignment};
use reroute_db::queries::journey::{self, NewAnswer};
use reroute_db::queries::participant_sign_in::{self, SignInOutcome};
use reroute_db::queries::{participant_sessions, rate_limits};

const DIGEST: &str = "0123456789abcdef";

fn born() -> NaiveDate {
    NaiveDate::from_ymd_opt(1999, 2, 28).expect("date")
}

async fn seeded(test: &TestDatabase) -> reroute_db::entity::assignment::Model {
    let db = &test.db.connection;
    let now = Utc::now();
    let force = assignments::create_organisation(db, "Testshire", now)
        .await
        .expect("force");
    assignments::create(
        db,
        NewAssignment {
            organisation_id: force.id,
            name: "Sam".into(),
            date_of_birth: born(),
            force_reference: "REF/1".into(),
            contact: None,
            accessibility_notes: None,
            course_id: "anger".into(),
            disposal_type: "community-resolution".into(),
            condition_text: "Do the course.".into(),
            deadline: now.date_naive() + Duration::days(28),
            created_by: None,
            access_code_hash: DIGEST.into(),
        },
        now,
    )
    .await
    .expect("assignment")
}

async fn lockout_after_five_wrong_tries(test: TestDatabase) {
    let assignment = seeded(&test).await;
    let db = &test.db.connection;
    let now = Utc::now();
    let wrong = NaiveDate::from_ymd_opt(1990, 1, 1).expect("date");
    for _ in 0..4 {
        let outcome = participant_sign_in::sign_in(db, Some(DIGEST), wrong, "10.0.0.1", now)
            .await
            .expect("sign in");
        assert_eq!(outcome, SignInOutcome::Wrong);
    }
    let fifth = participant_sign_in::sign_in(db, Some(DIGEST), wrong, "10.0.0.1", now)
        .await
        .expect("sign in");
    assert!(matches!(fifth, SignInOutcome::Locked { .. }));
    let right_but_locked = participant_sign_in::sign_in(db, Some(DIGEST), born(), "10.0.0.2", now)
        .await
        .expect("sign in");
    assert!(matches!(right_but_locked, SignInOutcome::Locked { .. }));
    let later = now + Duration::minutes(16);
    let outcome = participant_sign_in::sign_in(db, Some(DIGEST), born(), "10.0.0.2", later)
        .await
        .expect("sign in");
    let SignInOutcome::SignedIn {
        participant_id,
        session_id,
        ..
    } = outcome
    else {
        panic!("expected to sign in after the lock ends, got {outcome:?}");
    };
    assert_eq!(participant_id, assignment.participant_id);
    let who = participant_sessions::participant_for(db, session_id, later)
        .await
        .expect("session");
    assert_eq!(who, Some(participant_id));
    participant_sessions::revoke(db, session_id, later)
        .await
        .expect("revoke");
    let gone = participant_sessions::participant_for(db, session_id, later)
        .await
        .expect("session");
    assert_eq!(gone, None);
    test.drop_database().await;
}

async fn one_address_is_throttled_across_codes(test: TestDatabase) {
    let db = &test.db.connection;
    let now = Utc::now();
    for _ in 0..participant_sign_in::ADDRESS_LIMIT {
        let outcome = participant_sign_in::sign_in(db, None, born(), "10.9.9.9", now)
            .await
            .expect("sign in");
        assert_eq!(outcome, SignInOutcome::Wrong);
    }
    let outcome = participant_sign_in::sign_in(db, None, born(), "10.9.9.9", now)
        .await
        .expect("sign in");
    assert_eq!(outcome, SignInOutcome::Throttled);
    let elsewhere = participant_sign_in::sign_in(db, None, born(), "10.9.9.10", now)
        .await
        .expect("sign in");
    assert_eq!(elsewhere, SignInOutcome::Wrong);
    let window_later = now + participant_sign_in::ADDRESS_WINDOW + Duration::seconds(1);
    assert!(
        rate_limits::hit(
            db,
            "participant-sign-in:10.9.9.9",
            20,
            participant_sign_in::ADDRESS_WINDOW,
            window_later
        )
        .await
        .expect("hit")
    );
    test.drop_database().await;
}

async fn the_first_answer_counts_and_attempts_cannot_be_skipped(test: TestDatabase) {
    let assignment = seeded(&test).await;
    let db = &test.db.connection;
    let now = Utc::now();
    let answer = |value: &str, right: bool| NewAnswer {
        assignment_id: assignment.id,
        block_id: "q1".into(),
        attempt: 1,
        kind: "quiz",
        value: value.into(),
        first_try_correct: Some(right),
    };
    let first = journey::record_answer(db, answer("[1]", false), now)
        .await
        .expect("first");
    let again = journey::record_answer(db, answer("[0]", true), now)
        .await
        .expect("again");
    assert_eq!(again, first);
    assert_eq!(
        journey::answers_of(db, assignment.id)
            .await
            .expect("answers")
            .len(),
        1
    );

    journey::save_draft(db, assignment.id, "r1", "half a thought", now)
        .await
        .expect("draft");
    journey::save_draft(db, assignment.id, "r1", "half a thought, more", now)
        .await
        .expect("draft");
    assert_eq!(
        journey::draft(db, assignment.id, "r1")
            .await
            .expect("draft")
            .as_deref(),
        Some("half a thought, more")
    );

    let next = journey::start_new_attempt(db, assignment.clone(), 1, now)
        .await
        .expect("attempt");
    assert_eq!(next.attempt, 2);
    let repeated = journey::start_new_attempt(db, assignment.clone(), 1, now)
        .await
        .expect("attempt");
    assert_eq!(
        repeated.attempt, 2,
        "a repeated try-again form starts no further attempt"
    );
    test.drop_database().await;
}

#[tokio::test]
async fn lockout_on_sqlite() {
    lockout_after_five_wrong_tries(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn lockout_on_postgres() {
    lockout_after_five_wrong_tries(TestDatabase::postgres().await).await;
}

#[tokio::test]
async fn throttle_on_sqlite() {
    one_address_is_throttled_across_codes(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn throttle_on_postgres() {
    one_address_is_throttled_across_codes(TestDatabase::postgres().await).await;
}

#[tokio::test]
async fn answers_and_attempts_on_sqlite() {
    the_first_answer_counts_and_attempts_cannot_be_skipped(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn answers_and_attempts_on_postgres() {
    the_first_answer_counts_and_attempts_cannot_be_skipped(TestDatabase::postgres().await).await;
}

async fn audit_events_form_a_chain_that_catches_an_edit(test: TestDatabase) {
    use reroute_db::entity::audit_event;
    use reroute_db::queries::audit::{self, ChainCheck};
    use reroute_db::sea_orm::{ActiveModelTrait, EntityTrait, Set};
    use reroute_domain::audit::{AuditFields, GENESIS};

    let db = &test.db.connection;
    let mut previous = GENESIS.to_owned();
    let mut ids = Vec::new();
    for n in 0..3 {
        let event = audit::append(
            db,
            AuditFields {
                occurred_at: Utc::now(),
                actor_kind: "anonymous".into(),
                actor_id: None,
                organisation_id: Some(uuid::Uuid::new_v4().to_string()),
                action: format!("test.event-{n}"),
                record_kind: None,
                record_id: None,
                address: Some("10.0.0.1".into()),
                user_agent: None,
                reason: None,
            },
        )
        .await
        .expect("append");
        assert_eq!(event.previous_hash, previous);
        previous = event.hash.clone();
        ids.push(event.id);
    }
    assert_eq!(
        audit::verify(db).await.expect("verify"),
        ChainCheck::Intact { events: 3 }
    );

    // Someone with database access edits the middle event directly.
    let middle = audit_event::Entity::find_by_id(ids[1])
        .one(db)
        .await
        .expect("read")
        .expect("exists");
    let mut edited: audit_event::ActiveModel = middle.into();
    edited.address = Set(Some("192.0.2.1".into()));
    edited.update(db).await.expect("edit");
    assert_eq!(
        audit::verify(db).await.expect("verify"),
        ChainCheck::BrokenAt { id: ids[1] }
    );
    test.drop_database().await;
}

#[tokio::test]
async fn audit_chain_on_sqlite() {
    audit_events_form_a_chain_that_catches_an_edit(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn audit_chain_on_postgres() {
    audit_events_form_a_chain_that_catches_an_edit(TestDatabase::postgres().await).await;
}
