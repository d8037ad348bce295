//! API clients and the API's change feed at the data layer, on SQLite and PostgreSQL:
//! a client is found by its token's hash, revoking is scoped to the force, and the change
//! feed pages through one force's assignments in (updated_at, id) order.

// A test that cannot set itself up should fail loudly, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Duration, NaiveDate, Utc};
use common::TestDatabase;
use reroute_db::queries::api_clients;
use reroute_db::queries::assignments::{self, NewAssignment};
use reroute_db::sea_orm::DatabaseConnection;
use uuid::Uuid;

async fn assign(db: &DatabaseConnection, force: Uuid, reference: &str) -> Uuid {
    assignments::create(
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
    .expect("assign")
    .id
}

async fn clients_are_scoped_and_revocable(db: &DatabaseConnection) {
    let now = Utc::now();
    let a = assignments::create_organisation(db, "Force A", now)
        .await
        .unwrap();
    let b = assignments::create_organisation(db, "Force B", now)
        .await
        .unwrap();
    let client = api_clients::create(db, a.id, "Records", "hash-a", None, now)
        .await
        .unwrap();
    let found = api_clients::by_token_hash(db, "hash-a")
        .await
        .unwrap()
        .expect("found by hash");
    assert_eq!(found.id, client.id);
    assert_eq!(found.organisation_id, a.id);
    assert!(
        api_clients::by_token_hash(db, "hash-x")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        api_clients::create(db, b.id, "Clash", "hash-a", None, now)
            .await
            .is_err(),
        "token hashes are unique"
    );
    assert_eq!(api_clients::list_for(db, a.id).await.unwrap().len(), 1);
    assert!(api_clients::list_for(db, b.id).await.unwrap().is_empty());
    api_clients::touch(db, client.id, now).await.unwrap();
    assert!(
        !api_clients::revoke(db, b.id, client.id, now).await.unwrap(),
        "another force cannot revoke it"
    );
    assert!(api_clients::revoke(db, a.id, client.id, now).await.unwrap());
    assert!(!api_clients::revoke(db, a.id, client.id, now).await.unwrap());
    let revoked = api_clients::by_token_hash(db, "hash-a")
        .await
        .unwrap()
        .expect("still found");
    assert!(revoked.revoked_at.is_some());
    assert!(revoked.last_used_at.is_some());
}

async fn change_feed_pages_one_force(db: &DatabaseConnection) {
    let now = Utc::now();
    let a = assignments::create_organisation(db, "Force A", now)
        .await
        .unwrap();
    let b = assignments::create_organisation(db, "Force B", now)
        .await
        .unwrap();
    let since = now - Duration::minutes(1);
    let mut made = Vec::new();
    for reference in ["A1", "A2", "A3"] {
        made.push(assign(db, a.id, reference).await);
    }
    assign(db, b.id, "B1").await;
    let first = api_clients::changed_since(db, a.id, since, None, 2)
        .await
        .unwrap();
    assert_eq!(first.len(), 2);
    let last = first.last().expect("a row");
    let second = api_clients::changed_since(db, a.id, since, Some((last.updated_at, last.id)), 2)
        .await
        .unwrap();
    assert_eq!(second.len(), 1);
    let mut seen: Vec<Uuid> = first.iter().chain(&second).map(|a| a.id).collect();
    seen.sort();
    made.sort();
    assert_eq!(seen, made, "every assignment once, none of force B's");
    let later = api_clients::changed_since(db, a.id, now + Duration::minutes(1), None, 10)
        .await
        .unwrap();
    assert!(later.is_empty());
}

#[tokio::test]
async fn sqlite_api_clients() {
    let test = TestDatabase::sqlite().await;
    clients_are_scoped_and_revocable(&test.db.connection).await;
    test.drop_database().await;
    let test = TestDatabase::sqlite().await;
    change_feed_pages_one_force(&test.db.connection).await;
    test.drop_database().await;
}

#[tokio::test]
async fn postgres_api_clients() {
    let test = TestDatabase::postgres().await;
    clients_are_scoped_and_revocable(&test.db.connection).await;
    test.drop_database().await;
    let test = TestDatabase::postgres().await;
    change_feed_pages_one_force(&test.db.connection).await;
    test.drop_database().await;
}
