//! A participant's rights against the real server: only the force's own admins reach
//! the export, the readable record and erasure (another force's admin gets "not found",
//! other roles "forbidden", and anyone not signed in to the console the sign-in page);
//! the export holds every answer; erasure removes the person and is in the audit log.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::Utc;
use reroute_db::Database;
use reroute_db::entity::{assignment, audit_event, participant};
use reroute_db::queries::journey::{self, NewAnswer};
use reroute_db::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use support::world::{PASSWORD, add_staff, two_forces};
use support::{Browser, Server, assignment_in, code_in, reroute};
use uuid::Uuid;

struct World {
    server: Server,
    browser: Browser,
    db: Database,
    admin_a: String,
    admin_b: String,
    caseworker_a: String,
    author_a: String,
    participant_a: String,
    assignment_a: Uuid,
    person_a: Uuid,
}

async fn world() -> World {
    let server = two_forces();
    let browser = Browser::new(&server);
    let admin_a = browser.staff_sign_in("admin@a.police.uk", PASSWORD).await;
    let admin_b = browser.staff_sign_in("admin@b.police.uk", PASSWORD).await;
    add_staff(
        &browser,
        &admin_a,
        "casey@a.police.uk",
        "casey@a.police.uk",
        "caseworker",
    )
    .await;
    add_staff(
        &browser,
        &admin_a,
        "arthur@a.police.uk",
        "arthur@a.police.uk",
        "author",
    )
    .await;
    let caseworker_a = browser.staff_sign_in("casey@a.police.uk", PASSWORD).await;
    let author_a = browser.staff_sign_in("arthur@a.police.uk", PASSWORD).await;
    let assigned = browser
        .post(
            &caseworker_a,
            "/staff/assign",
            &[
                ("name", "Alice Alpha"),
                ("dob-day", "1"),
                ("dob-month", "4"),
                ("dob-year", "2000"),
                ("force-reference", "A/1"),
                ("course", "victim-awareness"),
                ("disposal", "community-resolution"),
                ("condition-text", "Complete the online course."),
            ],
        )
        .await;
    assert_eq!(assigned.status, 200, "assign: {}", assigned.body);
    let assignment_a = Uuid::try_parse(&assignment_in(&assigned.body)).unwrap();
    let signed_in = browser
        .post(
            "",
            "/start",
            &[
                ("code", &code_in(&assigned.body)),
                ("day", "1"),
                ("month", "4"),
                ("year", "2000"),
            ],
        )
        .await;
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    let participant_a = signed_in
        .cookie("reroute_session")
        .expect("participant cookie");
    let db = Database::connect(&server.database_url()).await.unwrap();
    let person_a = assignment::Entity::find_by_id(assignment_a)
        .one(&db.connection)
        .await
        .unwrap()
        .expect("the assignment")
        .participant_id;
    World {
        server,
        browser,
        db,
        admin_a,
        admin_b,
        caseworker_a,
        author_a,
        participant_a,
        assignment_a,
        person_a,
    }
}

/// Every participant-rights route for one person: method, path and form.
fn routes(person: &str) -> Vec<(&'static str, String)> {
    let base = format!("/staff/participants/{person}");
    vec![
        ("GET", format!("{base}/record")),
        ("GET", format!("{base}/export.json")),
        ("GET", format!("{base}/erase")),
        ("POST", format!("{base}/erase")),
    ]
}

async fn send(browser: &Browser, cookie: &str, method: &str, path: &str) -> support::Reply {
    if method == "GET" {
        browser.get(cookie, path).await
    } else {
        browser
            .post(cookie, path, &[("reason", "They asked")])
            .await
    }
}

async fn person_exists(w: &World) -> bool {
    participant::Entity::find_by_id(w.person_a)
        .one(&w.db.connection)
        .await
        .unwrap()
        .is_some()
}

#[tokio::test]
async fn only_the_forces_own_admins_reach_a_persons_rights_pages() {
    let w = world().await;
    let person = w.person_a.to_string();
    let forged = "reroute_staff=eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzaWQiOiJ4Iiwic3ViIjoieCIsImV4cCI6OTk5OTk5OTk5OX0.";
    for (method, path) in routes(&person) {
        let other_force = send(&w.browser, &w.admin_b, method, &path).await;
        assert_eq!(
            other_force.status, 404,
            "{method} {path} from force B's admin"
        );
        assert!(!other_force.body.contains("Alice Alpha"), "{method} {path}");
        for (who, cookie) in [("caseworker", &w.caseworker_a), ("author", &w.author_a)] {
            let refused = send(&w.browser, cookie, method, &path).await;
            assert_eq!(refused.status, 403, "{method} {path} as {who}");
            assert!(
                !refused.body.contains("Alice Alpha"),
                "{method} {path} as {who}"
            );
        }
        for cookie in [w.participant_a.as_str(), "", forged] {
            let reply = send(&w.browser, cookie, method, &path).await;
            assert_eq!(reply.status, 303, "{method} {path} with {cookie:?}");
            assert!(
                reply.location.starts_with("/staff/sign-in"),
                "{method} {path}: {}",
                reply.location
            );
        }
    }
    // Ids that are not a participant of the force: malformed, or an assignment's.
    for id in ["not-a-uuid".to_owned(), w.assignment_a.to_string()] {
        for (method, path) in routes(&id) {
            let reply = send(&w.browser, &w.admin_a, method, &path).await;
            assert_eq!(reply.status, 404, "{method} {path}");
        }
    }
    assert!(person_exists(&w).await, "no attempt erased anyone");

    for (method, path) in routes(&person).into_iter().filter(|(m, _)| *m == "GET") {
        let reply = send(&w.browser, &w.admin_a, method, &path).await;
        assert_eq!(reply.status, 200, "{method} {path} as force A's admin");
        assert!(reply.body.contains("Alice Alpha"), "{path}");
    }
    // Only admins see the links on the assignment page.
    let case = format!("/staff/assignments/{}", w.assignment_a);
    let admin_view = w.browser.get(&w.admin_a, &case).await;
    assert!(
        admin_view
            .body
            .contains(&format!("/staff/participants/{person}/export.json"))
    );
    assert!(admin_view.body.contains("Erase this person"));
    let caseworker_view = w.browser.get(&w.caseworker_a, &case).await;
    assert_eq!(caseworker_view.status, 200);
    assert!(!caseworker_view.body.contains("/staff/participants/"));
}

#[tokio::test]
async fn the_export_holds_every_answer_and_is_audited() {
    let w = world().await;
    let now = Utc::now();
    for (block, kind, value) in [
        ("q1", "quiz", "[0]"),
        ("r1", "reflect", "\"I will think before I act\""),
    ] {
        journey::record_answer(
            &w.db.connection,
            NewAnswer {
                assignment_id: w.assignment_a,
                block_id: block.into(),
                attempt: 1,
                kind,
                value: value.into(),
                first_try_correct: (kind == "quiz").then_some(false),
            },
            now,
        )
        .await
        .unwrap();
    }
    let response = reqwest::Client::new()
        .get(format!(
            "{}/staff/participants/{}/export.json",
            w.server.base, w.person_a
        ))
        .header("cookie", &w.admin_a)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(header("content-type").starts_with("application/json"));
    assert_eq!(
        header("content-disposition"),
        format!(
            "attachment; filename=\"reroute-participant-{}.json\"",
            w.person_a
        )
    );
    assert_eq!(header("cache-control"), "no-store");
    let export: serde_json::Value = response.json().await.unwrap();
    assert_eq!(export["participant"]["name"], "Alice Alpha");
    assert_eq!(export["organisation"], "Force A");
    let answers = export["assignments"][0]["answers"].as_array().unwrap();
    let values: Vec<&str> = answers
        .iter()
        .map(|a| a["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["[0]", "\"I will think before I act\""]);
    assert!(
        export["audit_events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "participant.signed-in"),
        "their own sign-in is in the export"
    );

    let page = w
        .browser
        .get(
            &w.admin_a,
            &format!("/staff/participants/{}/record", w.person_a),
        )
        .await;
    assert!(page.body.contains("I will think before I act"));
    let exported = audit_event::Entity::find()
        .filter(audit_event::Column::Action.is_in([
            "staff.exported-subject-access",
            "staff.viewed-subject-access",
        ]))
        .filter(audit_event::Column::RecordId.eq(w.person_a.to_string()))
        .count(&w.db.connection)
        .await
        .unwrap();
    assert_eq!(exported, 2);
}

#[tokio::test]
async fn an_admin_erases_a_person_on_request_with_a_reason() {
    let w = world().await;
    let erase = format!("/staff/participants/{}/erase", w.person_a);
    let no_reason = w.browser.post(&w.admin_a, &erase, &[("reason", "")]).await;
    assert_eq!(no_reason.status, 422);
    assert!(no_reason.body.contains("Enter the reason"));
    assert!(person_exists(&w).await);

    let erased = w
        .browser
        .post(
            &w.admin_a,
            &erase,
            &[("reason", "Asked by letter, 3 March")],
        )
        .await;
    assert_eq!(erased.status, 303, "{}", erased.body);
    assert_eq!(erased.location, "/staff?done=erased");
    let dashboard = w.browser.get(&w.admin_a, "/staff?done=erased").await;
    assert!(dashboard.body.contains("erased"), "the dashboard says so");
    assert!(!dashboard.body.contains("Alice Alpha"));

    assert!(!person_exists(&w).await);
    assert!(
        assignment::Entity::find_by_id(w.assignment_a)
            .one(&w.db.connection)
            .await
            .unwrap()
            .is_none()
    );
    for path in [
        format!("/staff/assignments/{}", w.assignment_a),
        format!("/staff/participants/{}/record", w.person_a),
        erase.clone(),
    ] {
        assert_eq!(w.browser.get(&w.admin_a, &path).await.status, 404, "{path}");
    }
    // Their session went with them.
    let theirs = w.browser.get(&w.participant_a, "/my-courses").await;
    assert_eq!(theirs.status, 303);

    let logged = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("staff.erased-participant"))
        .one(&w.db.connection)
        .await
        .unwrap()
        .expect("the erasure is logged");
    assert_eq!(logged.record_id, Some(w.person_a.to_string()));
    assert_eq!(logged.reason.as_deref(), Some("Asked by letter, 3 March"));
    let audit = reroute(w.server.data.path(), &["audit", "verify"], "");
    assert!(audit.contains("intact"), "{audit}");
}
