//! Webhooks against the real binary: a force admin registers an address, a participant
//! finishes a course through the ordinary forms, and a receiver in this test process
//! gets a signed event (assignment.completed, or assignment.not_passed once every try is
//! used); a failed delivery is tried again with the same body; the delivery log shows
//! each try; another force sees and receives nothing; and an event queued before the
//! server is killed is delivered after it restarts, with the overdue event the restarted
//! server notices.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::Utc;
use hmac::{Hmac, Mac};
use reroute_db::Database;
use reroute_db::entity::assignment;
use reroute_db::sea_orm::sea_query::Expr;
use reroute_db::sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Statement,
};
use sha2::Sha256;
use support::walk::{walk_course, walk_course_failing};
use support::world::{self, PASSWORD, World, world_with};
use support::{Browser, Server};
use uuid::Uuid;

const ALLOW_PRIVATE: [(&str, &str); 1] = [("REROUTE_WEBHOOKS_ALLOW_PRIVATE", "true")];

/// One request the receiver got.
#[derive(Clone, Debug)]
struct Received {
    event: String,
    delivery: String,
    signature: String,
    body: Bytes,
}

impl Received {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// A records system's endpoint: records every request and answers with `status`.
#[derive(Clone)]
struct Receiver {
    got: Arc<Mutex<Vec<Received>>>,
    status: Arc<AtomicU16>,
    url: String,
}

impl Receiver {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        Self::serve(listener).await
    }

    async fn serve(listener: tokio::net::TcpListener) -> Self {
        let addr: SocketAddr = listener.local_addr().unwrap();
        let receiver = Self {
            got: Arc::default(),
            status: Arc::new(AtomicU16::new(204)),
            url: format!("http://{addr}/reroute-events"),
        };
        let app = axum::Router::new()
            .route("/reroute-events", axum::routing::post(record))
            .with_state(receiver.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        receiver
    }

    fn answer(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }

    fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    /// Waits up to 20 seconds for at least `count` requests.
    async fn wait_for(&self, count: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let got = self.received();
            if got.len() >= count {
                return got;
            }
            assert!(
                Instant::now() < deadline,
                "expected {count} webhook requests, got {}: {got:?}",
                got.len()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

async fn record(State(receiver): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    receiver.got.lock().unwrap().push(Received {
        event: header("reroute-event"),
        delivery: header("reroute-delivery"),
        signature: header("reroute-signature"),
        body,
    });
    StatusCode::from_u16(receiver.status.load(Ordering::SeqCst)).unwrap()
}

/// Checks the signature as a receiver would: HMAC-SHA256 of "t.body" under the secret.
fn signature_is_valid(received: &Received, secret: &str) -> bool {
    let Some((t, v1)) = received
        .signature
        .strip_prefix("t=")
        .and_then(|rest| rest.split_once(",v1="))
    else {
        return false;
    };
    let timestamp: i64 = t.parse().unwrap();
    if (Utc::now().timestamp() - timestamp).abs() > 300 {
        return false;
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(t.as_bytes());
    mac.update(b".");
    mac.update(&received.body);
    mac.verify_slice(&hex::decode(v1).unwrap()).is_ok()
}

/// Registers `url` for every event as `admin`; returns (endpoint path, signing secret).
async fn register(browser: &Browser, admin: &str, url: &str) -> (String, String) {
    let reply = browser
        .post(
            admin,
            "/staff/webhooks",
            &[
                ("url", url),
                ("events", "assignment.completed"),
                ("events", "assignment.not_passed"),
                ("events", "assignment.overdue"),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let secret_at = reply.body.find("whsec_").expect("the secret is shown");
    let secret: String = reply.body[secret_at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .collect();
    let link_at = reply.body.find("href=\"/staff/webhooks/").expect("a link");
    let path: String = reply.body[link_at + 6..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    (path, secret)
}

async fn sql(db: &Database, statement: &str) {
    db.connection
        .execute_raw(Statement::from_string(
            DbBackend::Sqlite,
            statement.to_owned(),
        ))
        .await
        .unwrap();
}

/// Brings every waiting retry forward to now, as if its backoff had passed.
async fn backoff_passes(server: &Server) {
    let db = Database::connect(&server.database_url()).await.unwrap();
    sql(
        &db,
        "UPDATE webhook_delivery SET next_attempt_at = '2000-01-01T00:00:00+00:00' WHERE state = 'pending'",
    )
    .await;
    db.close().await.unwrap();
}

#[tokio::test]
async fn a_completion_is_signed_retried_until_accepted_and_logged_for_that_force_only() {
    let world: World = world_with(&ALLOW_PRIVATE).await;
    let browser = &world.browser;
    let receiver_a = Receiver::start().await;
    let receiver_b = Receiver::start().await;
    let (endpoint_a, secret_a) = register(browser, &world.admin_a, &receiver_a.url).await;
    let (endpoint_b, secret_b) = register(browser, &world.admin_b, &receiver_b.url).await;
    assert_ne!(secret_a, secret_b);

    // The records system is down at first.
    receiver_a.answer(500);
    assert!(walk_course(browser, &world.participant_a, &world.assignment_a, 400).await);
    let first = receiver_a.wait_for(1).await;
    let event = &first[0];
    assert_eq!(event.event, "assignment.completed");
    assert!(signature_is_valid(event, &secret_a), "{event:?}");
    assert!(
        !signature_is_valid(event, &secret_b),
        "only A's secret signs A's events"
    );
    let json = event.json();
    assert_eq!(json["type"], "assignment.completed");
    assert_eq!(json["data"]["assignment_id"], world.assignment_a.as_str());
    assert_eq!(json["data"]["reference"], "A/1");
    assert_eq!(json["data"]["status"], "completed");
    assert!(
        !String::from_utf8_lossy(&event.body).contains("Alice"),
        "no name in the event"
    );

    // The log shows the failure and the next try, about a minute later.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let log = browser.get(&world.admin_a, &endpoint_a).await;
    assert_eq!(log.status, 200);
    assert!(log.body.contains("Waiting to try again"), "{}", log.body);
    assert!(
        log.body.contains("The receiver answered 500"),
        "{}",
        log.body
    );
    let db = Database::connect(&world.server.database_url())
        .await
        .unwrap();
    let row = db
        .connection
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT attempts, CAST(strftime('%s', next_attempt_at) AS INTEGER) - CAST(strftime('%s', last_attempt_at) AS INTEGER) AS wait FROM webhook_delivery",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<i32>("", "attempts").unwrap(), 1);
    let wait: i64 = row.try_get("", "wait").unwrap();
    assert!(
        (59..=61).contains(&wait),
        "first retry after a minute, not {wait} s"
    );

    // Force B sees nothing of force A's webhooks and receives nothing.
    let delivery_id = event.delivery.clone();
    for (path, method) in [
        (endpoint_a.clone(), "GET"),
        (format!("{endpoint_a}/test"), "POST"),
        (format!("{endpoint_a}/disable"), "POST"),
        (
            format!("/staff/webhooks/deliveries/{delivery_id}/retry"),
            "POST",
        ),
    ] {
        let reply = if method == "GET" {
            browser.get(&world.admin_b, &path).await
        } else {
            browser.post(&world.admin_b, &path, &[]).await
        };
        assert_eq!(reply.status, 404, "{method} {path} by force B");
        assert!(!reply.body.contains(&receiver_a.url));
    }
    let list_b = browser.get(&world.admin_b, "/staff/webhooks").await;
    assert!(!list_b.body.contains(&receiver_a.url));
    assert!(
        browser
            .get(&world.caseworker_a, "/staff/webhooks")
            .await
            .status
            == 403
    );
    assert!(
        browser
            .get(&world.admin_b, &endpoint_b)
            .await
            .body
            .contains("Nothing has been sent")
    );

    // Back up: the retry carries the same delivery, byte for byte, freshly signed.
    receiver_a.answer(204);
    backoff_passes(&world.server).await;
    let both = receiver_a.wait_for(2).await;
    assert_eq!(both[1].delivery, delivery_id);
    assert_eq!(both[1].body, event.body);
    assert!(signature_is_valid(&both[1], &secret_a));
    tokio::time::sleep(Duration::from_millis(500)).await;
    let log = browser.get(&world.admin_a, &endpoint_a).await;
    assert!(log.body.contains("Delivered"), "{}", log.body);
    assert!(!log.body.contains("Waiting to try again"), "{}", log.body);

    // A test event, on request.
    let sent = browser
        .post(&world.admin_a, &format!("{endpoint_a}/test"), &[])
        .await;
    assert_eq!(sent.status, 303);
    let three = receiver_a.wait_for(3).await;
    assert_eq!(three[2].event, "webhook.test");
    assert!(signature_is_valid(&three[2], &secret_a));
    assert!(
        receiver_b.received().is_empty(),
        "force B heard nothing of force A"
    );

    // Turned off: nothing more is queued or sent.
    let off = browser
        .post(&world.admin_a, &format!("{endpoint_a}/disable"), &[])
        .await;
    assert_eq!(off.status, 303);
    let page = browser.get(&world.admin_a, &endpoint_a).await;
    assert!(page.body.contains("Turned off"), "{}", page.body);
    assert!(!page.body.contains("Send a test event"));
    assert!(
        browser
            .post(&world.admin_a, &format!("{endpoint_a}/test"), &[])
            .await
            .status
            == 404
    );
    db.close().await.unwrap();
}

#[tokio::test]
async fn bad_addresses_are_refused_with_a_reason_and_nothing_is_saved() {
    let server = world::two_forces();
    let browser = Browser::new(&server);
    let admin = browser.staff_sign_in("admin@a.police.uk", PASSWORD).await;
    let cases: [(&[(&str, &str)], &str); 5] = [
        (
            &[
                ("url", "http://records.example.org/"),
                ("events", "assignment.completed"),
            ],
            "must start with https://",
        ),
        (
            &[
                ("url", "records.example.org"),
                ("events", "assignment.completed"),
            ],
            "Enter a full web address",
        ),
        (
            &[
                ("url", "https://169.254.169.254/latest"),
                ("events", "assignment.completed"),
            ],
            "private or local network",
        ),
        (
            &[
                ("url", "https://records.example.org/"),
                ("events", "assignment.deleted"),
            ],
            "Select at least one event",
        ),
        (
            &[("url", "https://records.example.org/")],
            "Select at least one event",
        ),
    ];
    for (form, message) in cases {
        let reply = browser.post(&admin, "/staff/webhooks", form).await;
        assert_eq!(reply.status, 422, "{form:?}");
        assert!(reply.body.contains(message), "{form:?}: {}", reply.body);
        assert!(
            reply.body.contains("There is a problem"),
            "an error summary"
        );
    }
    // Loopback is refused too when the server does not allow private networks.
    let reply = browser
        .post(
            &admin,
            "/staff/webhooks",
            &[
                ("url", "http://127.0.0.1:9/hook"),
                ("events", "assignment.completed"),
            ],
        )
        .await;
    assert_eq!(reply.status, 422);
    let list = browser.get(&admin, "/staff/webhooks").await;
    assert!(
        list.body.contains("There are no webhooks yet"),
        "{}",
        list.body
    );
}

#[tokio::test]
async fn events_queued_before_a_crash_are_delivered_after_the_restart() {
    // An address where nothing listens yet: the first try fails.
    let reserved = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = reserved.local_addr().unwrap();
    drop(reserved);
    let url = format!("http://{address}/reroute-events");

    let world: World = world_with(&ALLOW_PRIVATE).await;
    let browser = &world.browser;
    let (_, secret) = register(browser, &world.admin_a, &url).await;
    let (overdue, _) = world::assign(browser, &world.caseworker_a, "Olive Oak", "A/2").await;
    assert!(walk_course(browser, &world.participant_a, &world.assignment_a, 400).await);

    let db = Database::connect(&world.server.database_url())
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let tried = db
            .connection
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT COUNT(*) AS n FROM webhook_delivery WHERE attempts = 1 AND state = 'pending'",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        if tried == 1 {
            break;
        }
        assert!(Instant::now() < deadline, "the first try was not recorded");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Olive's deadline passed yesterday (the endpoint existed then): the restarted
    // server's first scan notices.
    let yesterday = Utc::now().date_naive() - chrono::Days::new(1);
    let updated = assignment::Entity::update_many()
        .col_expr(assignment::Column::Deadline, Expr::value(yesterday))
        .filter(assignment::Column::Id.eq(Uuid::try_parse(&overdue).unwrap()))
        .exec(&db.connection)
        .await
        .unwrap();
    assert_eq!(updated.rows_affected, 1);
    sql(
        &db,
        "UPDATE webhook_endpoint SET created_at = '2000-01-01T00:00:00+00:00'",
    )
    .await;
    db.close().await.unwrap();

    let data = world.server.crash();
    let receiver = Receiver::serve(tokio::net::TcpListener::bind(address).await.unwrap()).await;
    let server = Server::start_with(data, &[], &ALLOW_PRIVATE);
    backoff_passes(&server).await;

    let got = receiver.wait_for(2).await;
    let mut events: Vec<(String, String)> = got
        .iter()
        .map(|r| {
            (
                r.event.clone(),
                r.json()["data"]["assignment_id"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect();
    events.sort();
    assert_eq!(
        events,
        vec![
            (
                "assignment.completed".to_owned(),
                world.assignment_a.clone()
            ),
            ("assignment.overdue".to_owned(), overdue.clone()),
        ]
    );
    assert!(
        got.iter().all(|r| signature_is_valid(r, &secret)),
        "the secret survives the restart"
    );
    // Nothing is sent twice.
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(receiver.received().len(), 2);
}

#[tokio::test]
async fn a_course_finished_without_passing_is_announced_as_not_passed() {
    let world: World = world_with(&ALLOW_PRIVATE).await;
    let browser = &world.browser;
    let receiver = Receiver::start().await;
    let (_, secret) = register(browser, &world.admin_b, &receiver.url).await;
    assert!(
        walk_course_failing(browser, &world.participant_b, &world.assignment_b, 1200).await,
        "every try used"
    );
    receiver.wait_for(1).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let got = receiver.received();
    assert_eq!(got.len(), 1, "one event, after the last try only: {got:?}");
    assert_eq!(got[0].event, "assignment.not_passed");
    assert!(signature_is_valid(&got[0], &secret));
    let json = got[0].json();
    assert_eq!(json["data"]["assignment_id"], world.assignment_b.as_str());
    assert_eq!(json["data"]["status"], "not-passed");
    assert_eq!(json["data"]["reference"], "B/1");
}
