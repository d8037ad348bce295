//! The webhook outbox at the data layer, on SQLite and PostgreSQL: an event queued in a
//! transaction that does not commit leaves nothing; events go only to the force's
//! active endpoints that want them, once each; a delivery is claimed by one worker; the
//! overdue scan's query finds each newly overdue assignment once per deadline; and every
//! admin-facing change is scoped to the force.

// A test that cannot set itself up should fail loudly, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use common::TestDatabase;
use reroute_db::entity::{assignment, webhook_delivery};
use reroute_db::queries::assignments::{self, NewAssignment};
use reroute_db::queries::webhooks::{self, AttemptNext, AttemptResult, NewEvent};
use reroute_db::sea_orm::{
    ActiveModelTrait, DatabaseConnection, EntityTrait, IntoActiveModel, Set, TransactionTrait,
};
use reroute_domain::webhook::WebhookEvent;
use uuid::Uuid;

async fn assign(
    db: &DatabaseConnection,
    force: Uuid,
    reference: &str,
    deadline: NaiveDate,
) -> assignment::Model {
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
            deadline,
            created_by: None,
            access_code_hash: format!("hash-{reference}"),
        },
        Utc::now(),
    )
    .await
    .expect("assign")
}

fn event(kind: WebhookEvent, key: &str, now: DateTime<Utc>) -> NewEvent<'static> {
    NewEvent {
        event: kind,
        key: key.to_owned(),
        assignment_id: None,
        assignment_deadline: None,
        payload: "{\"type\":\"test\"}",
        now,
    }
}

async fn all_deliveries(db: &DatabaseConnection) -> Vec<webhook_delivery::Model> {
    webhook_delivery::Entity::find().all(db).await.unwrap()
}

async fn events_are_queued_with_their_change_or_not_at_all(db: &DatabaseConnection) {
    let now = Utc::now();
    let a = assignments::create_organisation(db, "Force A", now)
        .await
        .unwrap();
    let b = assignments::create_organisation(db, "Force B", now)
        .await
        .unwrap();
    let all = WebhookEvent::SUBSCRIBABLE;
    let wants_all = webhooks::create_endpoint(db, a.id, "https://a.example/1", &all, None, now)
        .await
        .unwrap();
    let wants_overdue = webhooks::create_endpoint(
        db,
        a.id,
        "https://a.example/2",
        &[WebhookEvent::Overdue],
        None,
        now,
    )
    .await
    .unwrap();
    let turned_off = webhooks::create_endpoint(db, a.id, "https://a.example/3", &all, None, now)
        .await
        .unwrap();
    assert!(
        webhooks::disable_endpoint(db, a.id, turned_off.id, now)
            .await
            .unwrap()
    );
    let other_force = webhooks::create_endpoint(db, b.id, "https://b.example/", &all, None, now)
        .await
        .unwrap();

    // A transaction that is dropped without committing leaves no delivery behind.
    let txn = db.begin().await.unwrap();
    let queued = webhooks::enqueue(&txn, a.id, &event(WebhookEvent::Completed, "k1", now))
        .await
        .unwrap();
    assert_eq!(queued, 1);
    drop(txn);
    assert!(
        all_deliveries(db).await.is_empty(),
        "rolled back with its change"
    );

    let txn = db.begin().await.unwrap();
    webhooks::enqueue(&txn, a.id, &event(WebhookEvent::Completed, "k1", now))
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let saved = all_deliveries(db).await;
    assert_eq!(
        saved.len(),
        1,
        "only the active endpoint that wants completions"
    );
    assert_eq!(saved[0].endpoint_id, wants_all.id);
    assert_eq!(saved[0].organisation_id, a.id);
    assert_eq!(saved[0].state, "pending");

    // The same event noticed again is not queued twice.
    let again = webhooks::enqueue(db, a.id, &event(WebhookEvent::Completed, "k1", now))
        .await
        .unwrap();
    assert_eq!(again, 0);
    let overdue = webhooks::enqueue(db, a.id, &event(WebhookEvent::Overdue, "k2", now))
        .await
        .unwrap();
    assert_eq!(
        overdue, 2,
        "both of force A's active endpoints want overdue events"
    );
    assert!(
        all_deliveries(db)
            .await
            .iter()
            .all(|d| d.endpoint_id != other_force.id && d.endpoint_id != turned_off.id),
        "nothing for force B or the turned-off endpoint"
    );
    assert!(
        webhooks::endpoint(db, b.id, wants_overdue.id)
            .await
            .unwrap()
            .is_none()
    );
}

async fn one_worker_claims_a_delivery_and_tries_are_recorded(db: &DatabaseConnection) {
    let now = Utc::now();
    let a = assignments::create_organisation(db, "Force A", now)
        .await
        .unwrap();
    let b = assignments::create_organisation(db, "Force B", now)
        .await
        .unwrap();
    let endpoint = webhooks::create_endpoint(
        db,
        a.id,
        "https://a.example/",
        &WebhookEvent::SUBSCRIBABLE,
        None,
        now,
    )
    .await
    .unwrap();
    webhooks::enqueue(db, a.id, &event(WebhookEvent::Completed, "k", now))
        .await
        .unwrap();
    let due = webhooks::due(db, now, 10).await.unwrap();
    assert_eq!(due.len(), 1);
    let (delivery, due_endpoint) = &due[0];
    assert_eq!(due_endpoint.id, endpoint.id);
    assert!(
        webhooks::claim(db, delivery.id, now, now + Duration::seconds(60))
            .await
            .unwrap()
    );
    assert!(
        !webhooks::claim(db, delivery.id, now, now + Duration::seconds(60))
            .await
            .unwrap(),
        "a second worker holding the same read cannot take it"
    );
    assert!(
        webhooks::due(db, now, 10).await.unwrap().is_empty(),
        "leased"
    );
    assert_eq!(
        webhooks::due(db, now + Duration::seconds(61), 10)
            .await
            .unwrap()
            .len(),
        1,
        "due again if the worker died mid-try"
    );

    let retry_at = now + Duration::minutes(1);
    webhooks::record_attempt(
        db,
        delivery.id,
        &AttemptResult {
            at: now,
            status_code: Some(500),
            error: Some("The receiver answered 500".into()),
            next: AttemptNext::RetryAt(retry_at),
        },
    )
    .await
    .unwrap();
    let row = webhook_delivery::Entity::find_by_id(delivery.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (row.attempts, row.state.as_str(), row.last_status_code),
        (1, "pending", Some(500))
    );
    assert_eq!(row.next_attempt_at.timestamp(), retry_at.timestamp());

    // An admin of another force cannot send it again; this force's admin can.
    assert_eq!(
        webhooks::retry_now(db, b.id, delivery.id, now)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        webhooks::retry_now(db, a.id, delivery.id, now)
            .await
            .unwrap(),
        Some(endpoint.id)
    );
    let row = webhook_delivery::Entity::find_by_id(delivery.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    webhooks::record_attempt(
        db,
        row.id,
        &AttemptResult {
            at: now,
            status_code: Some(204),
            error: None,
            next: AttemptNext::Delivered,
        },
    )
    .await
    .unwrap();
    let row = webhook_delivery::Entity::find_by_id(delivery.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.attempts, row.state.as_str()), (2, "delivered"));
    assert!(row.delivered_at.is_some());
    assert_eq!(
        webhooks::retry_now(db, a.id, delivery.id, now)
            .await
            .unwrap(),
        None,
        "a delivered message is not sent again"
    );

    // Turning the endpoint off fails what is still waiting, for that force only.
    webhooks::enqueue(db, a.id, &event(WebhookEvent::NotPassed, "k3", now))
        .await
        .unwrap();
    assert!(
        !webhooks::disable_endpoint(db, b.id, endpoint.id, now)
            .await
            .unwrap()
    );
    assert!(
        webhooks::disable_endpoint(db, a.id, endpoint.id, now)
            .await
            .unwrap()
    );
    let states: Vec<String> = all_deliveries(db)
        .await
        .into_iter()
        .map(|d| d.state)
        .collect();
    assert!(states.contains(&"failed".to_owned()));
    assert!(
        webhooks::due(db, now + Duration::days(1), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let log = webhooks::deliveries_for(db, a.id, endpoint.id, 10)
        .await
        .unwrap();
    assert_eq!(log.len(), 2);
    assert!(
        webhooks::deliveries_for(db, b.id, endpoint.id, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn overdue_assignments_are_found_once_per_deadline(db: &DatabaseConnection) {
    let now = Utc::now();
    let today = now.date_naive();
    let a = assignments::create_organisation(db, "Force A", now)
        .await
        .unwrap();
    let b = assignments::create_organisation(db, "Force B", now)
        .await
        .unwrap();
    let mut endpoint = webhooks::create_endpoint(
        db,
        a.id,
        "https://a.example/",
        &[WebhookEvent::Overdue],
        None,
        now,
    )
    .await
    .unwrap();
    // Registered a week ago, so deadlines in the last week are news to it.
    endpoint.created_at = now - Duration::days(7);
    let endpoint = endpoint
        .into_active_model()
        .reset_all()
        .update(db)
        .await
        .unwrap();
    let yesterday = today - Duration::days(1);
    let first_deadline = today - Duration::days(3);
    let late = assign(db, a.id, "LATE", first_deadline).await;
    let closed = assign(db, a.id, "DONE", yesterday).await;
    let mut done = closed.clone().into_active_model();
    done.status = Set("completed".into());
    done.update(db).await.unwrap();
    assign(db, a.id, "FUTURE", today + Duration::days(3)).await;
    assign(db, a.id, "OLD", today - Duration::days(30)).await;
    assign(db, b.id, "OTHER", yesterday).await;

    let found = webhooks::overdue_unannounced(db, &endpoint, today, 100)
        .await
        .unwrap();
    let ids: Vec<Uuid> = found.iter().map(|a| a.id).collect();
    assert_eq!(ids, vec![late.id], "open, newly overdue, this force's only");

    let queue = |deadline: NaiveDate| NewEvent {
        event: WebhookEvent::Overdue,
        key: WebhookEvent::Overdue.key(&late.id.to_string(), &deadline.to_string()),
        assignment_id: Some(late.id),
        assignment_deadline: Some(deadline),
        payload: "{}",
        now,
    };
    assert!(
        webhooks::enqueue_for(db, &endpoint, &queue(first_deadline))
            .await
            .unwrap()
    );
    assert!(
        webhooks::overdue_unannounced(db, &endpoint, today, 100)
            .await
            .unwrap()
            .is_empty(),
        "announced once"
    );

    // Extended, then passed again: a new deadline is a new event.
    let mut extended = late.clone().into_active_model();
    extended.deadline = Set(yesterday);
    extended.update(db).await.unwrap();
    let found = webhooks::overdue_unannounced(db, &endpoint, today, 100)
        .await
        .unwrap();
    assert_eq!(found.len(), 1, "the new deadline passed too");
    let mut withdrawn = late.into_active_model();
    withdrawn.status = Set("withdrawn".into());
    withdrawn.update(db).await.unwrap();
    assert!(
        webhooks::overdue_unannounced(db, &endpoint, today, 100)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn sqlite_webhooks() {
    for check in 0..3 {
        let test = TestDatabase::sqlite().await;
        run(check, &test.db.connection).await;
        test.drop_database().await;
    }
}

#[tokio::test]
async fn postgres_webhooks() {
    for check in 0..3 {
        let test = TestDatabase::postgres().await;
        run(check, &test.db.connection).await;
        test.drop_database().await;
    }
}

async fn run(check: usize, db: &DatabaseConnection) {
    match check {
        0 => events_are_queued_with_their_change_or_not_at_all(db).await,
        1 => one_worker_claims_a_delivery_and_tries_are_recorded(db).await,
        _ => overdue_assignments_are_found_once_per_deadline(db).await,
    }
}
