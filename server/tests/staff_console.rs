//! The staff console against the real server: sign-in and sessions, assigning, acting on
//! a case, and the boundaries — one force never reaches another's records, an author
//! never sees participants, a participant never reaches a staff page — tried on every
//! route that takes an id.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reroute_db::Database;
use reroute_db::entity::staff_session;
use reroute_db::sea_orm::sea_query::Expr;
use reroute_db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use support::world::{PASSWORD, assign, world};
use support::{Browser, Reply, code_in};

/// A request to try: method, path and form.
type Route = (&'static str, String, Vec<(&'static str, &'static str)>);

/// Every staff route that takes an assignment id.
fn assignment_routes(id: &str) -> Vec<Route> {
    let reasoned = |extra: &[(&'static str, &'static str)]| {
        let mut form = vec![("reason", "trying")];
        form.extend_from_slice(extra);
        form
    };
    let mut routes = vec![
        ("GET", format!("/staff/assignments/{id}"), vec![]),
        (
            "POST",
            format!("/staff/assignments/{id}/letter"),
            vec![("code", "AAAA-AAAA-AAAA")],
        ),
    ];
    for action in ["note", "extend", "withdraw", "reissue", "outcome"] {
        routes.push(("GET", format!("/staff/assignments/{id}/{action}"), vec![]));
        routes.push((
            "POST",
            format!("/staff/assignments/{id}/{action}"),
            reasoned(&[
                ("outcome", "complied"),
                ("deadline-day", "1"),
                ("deadline-month", "6"),
                ("deadline-year", "2027"),
            ]),
        ));
    }
    routes
}

async fn send(
    browser: &Browser,
    cookie: &str,
    method: &str,
    path: &str,
    form: &[(&str, &str)],
) -> Reply {
    if method == "GET" {
        browser.get(cookie, path).await
    } else {
        browser.post(cookie, path, form).await
    }
}

#[tokio::test]
async fn one_force_never_reaches_another_forces_records() {
    let w = world().await;
    let before = w
        .browser
        .get(
            &w.caseworker_a,
            &format!("/staff/assignments/{}", w.assignment_a),
        )
        .await;
    assert_eq!(before.status, 200);
    let mut tried = 0;
    for (method, path, form) in assignment_routes(&w.assignment_a) {
        for cookie in [&w.caseworker_b, &w.admin_b] {
            let reply = send(&w.browser, cookie, method, &path, &form).await;
            assert_eq!(reply.status, 404, "{method} {path} from force B");
            assert!(
                !reply.body.contains("Alice Alpha"),
                "{method} {path} leaked the name"
            );
            tried += 1;
        }
    }
    for change in ["role", "disable", "enable", "reset-two-factor"] {
        let path = format!("/staff/users/{}/{change}", w.caseworker_a_id);
        let reply = w
            .browser
            .post(&w.admin_b, &path, &[("role", "admin")])
            .await;
        assert_eq!(reply.status, 404, "POST {path} from force B's admin");
        tried += 1;
    }
    for path in [
        "/staff",
        "/staff?q=Alice",
        "/staff/export.csv",
        "/staff/export.csv?q=A%2F1",
    ] {
        let reply = w.browser.get(&w.caseworker_b, path).await;
        assert_eq!(reply.status, 200, "{path}");
        assert!(
            !reply.body.contains("Alice Alpha"),
            "{path} showed force A's participant"
        );
        assert!(
            reply.body.contains("Bob Bravo") || path.contains("q="),
            "{path} shows force B's own"
        );
        tried += 1;
    }
    // Nothing changed: the case reads as it did, and Casey A still signs in as a caseworker.
    let after = w
        .browser
        .get(
            &w.caseworker_a,
            &format!("/staff/assignments/{}", w.assignment_a),
        )
        .await;
    assert_eq!(main_of(&before.body), main_of(&after.body));
    assert!(
        !after.body.contains("trying"),
        "no note or reason from force B was stored"
    );
    let casey = w.browser.get(&w.caseworker_a, "/staff").await;
    assert_eq!(casey.status, 200);
    println!("cross-force cases tried: {tried}");
}

/// The page's main content (the head carries a fresh nonce on every response).
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a main element");
    let end = html.find("</main>").expect("the end of main");
    &html[start..end]
}

#[tokio::test]
async fn each_role_reaches_only_its_own_pages() {
    let w = world().await;
    let a = &w.assignment_a;
    let participant_pages = [
        "/staff".to_owned(),
        "/staff/assign".to_owned(),
        "/staff/export.csv".to_owned(),
        format!("/staff/assignments/{a}"),
        format!("/staff/assignments/{a}/note"),
    ];
    let admin_pages = ["/staff/users", "/staff/settings"];
    for path in &participant_pages {
        let refused = w.browser.get(&w.author_a, path).await;
        assert_eq!(refused.status, 403, "author GET {path}");
        assert!(
            refused.body.contains("You cannot use this page"),
            "author GET {path}"
        );
        assert!(!refused.body.contains("Alice Alpha"), "author GET {path}");
        assert_eq!(
            w.browser.get(&w.caseworker_a, path).await.status,
            200,
            "caseworker GET {path}"
        );
        assert_eq!(
            w.browser.get(&w.admin_a, path).await.status,
            200,
            "admin GET {path}"
        );
    }
    for path in admin_pages {
        assert_eq!(
            w.browser.get(&w.author_a, path).await.status,
            403,
            "author GET {path}"
        );
        assert_eq!(
            w.browser.get(&w.caseworker_a, path).await.status,
            403,
            "caseworker GET {path}"
        );
        assert_eq!(
            w.browser.get(&w.admin_a, path).await.status,
            200,
            "admin GET {path}"
        );
    }
    let course = w
        .browser
        .get(&w.author_a, "/staff/courses/victim-awareness")
        .await;
    assert_eq!(course.status, 200);
    assert!(
        course.body.contains("Right answer"),
        "the author sees the course as written"
    );
    let author_post = w
        .browser
        .post(
            &w.author_a,
            &format!("/staff/assignments/{a}/note"),
            &[("reason", "x")],
        )
        .await;
    assert_eq!(author_post.status, 403);
    let caseworker_adds = w
        .browser
        .post(
            &w.caseworker_a,
            "/staff/users",
            &[
                ("name", "X"),
                ("email", "x@a.police.uk"),
                ("role", "admin"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(caseworker_adds.status, 403, "a caseworker cannot add staff");
    let promote = w
        .browser
        .post(
            &w.caseworker_a,
            &format!("/staff/users/{}/role", w.caseworker_a_id),
            &[("role", "admin")],
        )
        .await;
    assert_eq!(
        promote.status, 403,
        "a caseworker cannot promote themselves"
    );
}

#[tokio::test]
async fn a_participant_or_a_stranger_reaches_no_staff_page() {
    let w = world().await;
    let mut paths: Vec<(&str, String)> = assignment_routes(&w.assignment_a)
        .into_iter()
        .map(|(method, path, _)| (method, path))
        .collect();
    for path in [
        "/staff",
        "/staff/assign",
        "/staff/export.csv",
        "/staff/users",
        "/staff/settings",
        "/staff/courses",
        "/staff/courses/anger",
    ] {
        paths.push(("GET", path.to_owned()));
    }
    paths.push(("POST", "/staff/assign".to_owned()));
    paths.push(("POST", "/staff/users".to_owned()));
    paths.push(("POST", "/staff/settings".to_owned()));
    paths.push((
        "POST",
        format!("/staff/users/{}/disable", w.caseworker_a_id),
    ));
    let forged = "reroute_staff=eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzaWQiOiJ4Iiwic3ViIjoieCIsImV4cCI6OTk5OTk5OTk5OX0.";
    for (method, path) in &paths {
        for cookie in [w.participant_a.as_str(), "", forged] {
            let reply = send(&w.browser, cookie, method, path, &[("reason", "x")]).await;
            assert_eq!(reply.status, 303, "{method} {path} with {cookie:?}");
            assert!(
                reply.location.starts_with("/staff/sign-in"),
                "{method} {path}: {}",
                reply.location
            );
        }
    }
    let casey = w.browser.get(&w.caseworker_a, "/staff").await;
    assert_eq!(
        casey.status, 200,
        "Casey is still enabled after the attempts"
    );
}

#[tokio::test]
async fn signing_out_disabling_and_idling_end_a_session_on_the_next_request() {
    let w = world().await;
    let signed_out = w
        .browser
        .post(&w.caseworker_a, "/staff/sign-out", &[])
        .await;
    assert_eq!(signed_out.status, 303);
    let after = w.browser.get(&w.caseworker_a, "/staff").await;
    assert_eq!(after.status, 303, "a signed-out token no longer works");

    let casey = w.browser.staff_sign_in("casey@a.police.uk", PASSWORD).await;
    assert_eq!(w.browser.get(&casey, "/staff").await.status, 200);
    let disable = w
        .browser
        .post(
            &w.admin_a,
            &format!("/staff/users/{}/disable", w.caseworker_a_id),
            &[],
        )
        .await;
    assert_eq!(disable.status, 303);
    assert_eq!(
        w.browser.get(&casey, "/staff").await.status,
        303,
        "disabled: signed out at once"
    );
    let refused = w
        .browser
        .post(
            "",
            "/staff/sign-in",
            &[("email", "casey@a.police.uk"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(refused.status, 422, "a disabled account cannot sign in");
    let enable = w
        .browser
        .post(
            &w.admin_a,
            &format!("/staff/users/{}/enable", w.caseworker_a_id),
            &[],
        )
        .await;
    assert_eq!(enable.status, 303);

    let casey = w.browser.staff_sign_in("casey@a.police.uk", PASSWORD).await;
    let db = Database::connect(&w.server.database_url()).await.unwrap();
    staff_session::Entity::update_many()
        .col_expr(
            staff_session::Column::LastSeenAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::minutes(31)),
        )
        .filter(staff_session::Column::RevokedAt.is_null())
        .exec(&db.connection)
        .await
        .unwrap();
    let idle = w.browser.get(&casey, "/staff").await;
    assert_eq!(idle.status, 303);
    assert!(idle.location.contains("reason=idle"), "{}", idle.location);
}

#[tokio::test]
async fn ten_wrong_passwords_lock_the_account_for_everyone() {
    let w = world().await;
    for _ in 0..10 {
        let reply = w
            .browser
            .post(
                "",
                "/staff/sign-in",
                &[
                    ("email", "casey@a.police.uk"),
                    ("password", "wrong password!"),
                ],
            )
            .await;
        assert_eq!(reply.status, 422);
    }
    let locked = w
        .browser
        .post(
            "",
            "/staff/sign-in",
            &[("email", "casey@a.police.uk"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(
        locked.status, 422,
        "the right password is refused while locked"
    );
    assert!(locked.body.contains("locked for 15 minutes"));
    let users = w.browser.get(&w.admin_a, "/staff/users").await;
    assert!(users.body.contains("Locked until"));
}

#[tokio::test]
async fn text_people_typed_is_escaped_on_every_page_and_defused_in_csv() {
    let w = world().await;
    let (id, _) = assign(
        &w.browser,
        &w.caseworker_a,
        "<script>alert(1)</script>",
        "A/2",
    )
    .await;
    let (_, _) = assign(
        &w.browser,
        &w.caseworker_a,
        "=HYPERLINK(\"http://evil.example\")",
        "A/3",
    )
    .await;
    let note = w
        .browser
        .post(
            &w.caseworker_a,
            &format!("/staff/assignments/{id}/note"),
            &[("reason", "<img src=x onerror=alert(2)>")],
        )
        .await;
    assert_eq!(note.status, 303);
    for path in [
        format!("/staff/assignments/{id}"),
        "/staff".to_owned(),
        "/staff?q=script".to_owned(),
    ] {
        let page = w.browser.get(&w.caseworker_a, &path).await;
        assert!(
            !page.body.contains("<script>alert(1)"),
            "{path} has the raw name"
        );
        assert!(!page.body.contains("<img src=x"), "{path} has the raw note");
    }
    let page = w
        .browser
        .get(&w.caseworker_a, &format!("/staff/assignments/{id}"))
        .await;
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let csv = w.browser.get(&w.caseworker_a, "/staff/export.csv").await;
    assert!(
        csv.body
            .contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\""),
        "{}",
        csv.body
    );
    assert!(!csv.body.contains(",\"=HYPERLINK"));
}

#[tokio::test]
async fn a_case_is_acted_on_with_reasons_and_every_step_is_in_its_timeline() {
    let w = world().await;
    let a = &w.assignment_a;
    let no_reason = w
        .browser
        .post(
            &w.caseworker_a,
            &format!("/staff/assignments/{a}/extend"),
            &[
                ("deadline-day", "1"),
                ("deadline-month", "6"),
                ("deadline-year", "2027"),
            ],
        )
        .await;
    assert_eq!(no_reason.status, 422);
    assert!(no_reason.body.contains("Enter the reason"));
    let extend = w
        .browser
        .post(
            &w.caseworker_a,
            &format!("/staff/assignments/{a}/extend"),
            &[
                ("reason", "In hospital"),
                ("deadline-day", "1"),
                ("deadline-month", "6"),
                ("deadline-year", "2027"),
            ],
        )
        .await;
    assert_eq!(extend.status, 303);
    let reissue = w
        .browser
        .post(
            &w.caseworker_a,
            &format!("/staff/assignments/{a}/reissue"),
            &[("reason", "Lost the letter")],
        )
        .await;
    assert_eq!(reissue.status, 200);
    let new_code = code_in(&reissue.body);
    let letter = w
        .browser
        .post(
            &w.caseworker_a,
            &format!("/staff/assignments/{a}/letter"),
            &[("code", &new_code)],
        )
        .await;
    assert_eq!(letter.status, 200);
    assert!(letter.body.contains(&new_code) && letter.body.contains("1 June 2027"));
    let wrong_letter = w
        .browser
        .post(
            &w.caseworker_a,
            &format!("/staff/assignments/{a}/letter"),
            &[("code", "AAAA-AAAA-AAAA")],
        )
        .await;
    assert_eq!(
        wrong_letter.status, 400,
        "only the current code can be printed"
    );
    let outcome = w
        .browser
        .post(
            &w.caseworker_a,
            &format!("/staff/assignments/{a}/outcome"),
            &[
                ("reason", "Did not engage"),
                ("outcome", "referred-to-face-to-face"),
            ],
        )
        .await;
    assert_eq!(outcome.status, 303);
    let again = w
        .browser
        .post(
            &w.caseworker_a,
            &format!("/staff/assignments/{a}/outcome"),
            &[("reason", "Changed my mind"), ("outcome", "complied")],
        )
        .await;
    assert_eq!(again.status, 404, "an outcome is recorded once");
    let open = w
        .browser
        .get(&w.caseworker_a, "/staff?state=assigned")
        .await;
    assert!(
        !open.body.contains("Alice Alpha"),
        "a decided case no longer counts as open"
    );
    let course = w
        .browser
        .get(
            &w.participant_a,
            &format!("/my-courses/{a}/before-you-start"),
        )
        .await;
    assert_eq!(
        course.status, 404,
        "the participant can no longer do a decided course"
    );
    let page = w
        .browser
        .get(&w.caseworker_a, &format!("/staff/assignments/{a}"))
        .await;
    for expected in [
        "Deadline extended",
        "In hospital",
        "New code issued",
        "Lost the letter",
        "Letter printed",
        "Outcome recorded",
        "Did not engage",
        "First signed in",
        "Casey A",
    ] {
        assert!(page.body.contains(expected), "timeline shows {expected}");
    }
    assert!(!page.body.contains("Changed my mind"));
    let audit = support::reroute(w.server.data.path(), &["audit", "verify"], "");
    assert!(
        audit.contains("intact") || audit.contains("ok") || audit.contains("events"),
        "{audit}"
    );
}

#[tokio::test]
async fn a_participant_sees_who_at_the_force_has_looked_at_their_record() {
    let w = world().await;
    let before = w
        .browser
        .get(&w.participant_a, "/my-courses/who-has-seen-my-record")
        .await;
    assert_eq!(before.status, 200);
    assert!(before.body.contains("No one has looked at your record yet"));
    let viewed = w
        .browser
        .get(
            &w.caseworker_a,
            &format!("/staff/assignments/{}", w.assignment_a),
        )
        .await;
    assert_eq!(viewed.status, 200);
    let after = w
        .browser
        .get(&w.participant_a, "/my-courses/who-has-seen-my-record")
        .await;
    assert!(after.body.contains("Casey A, caseworker"), "{}", after.body);
    assert!(after.body.contains("looked at your course record"));
    let offered = w
        .browser
        .post(
            &w.caseworker_a,
            "/staff/assign",
            &[
                ("name", "Someone Else"),
                ("dob-day", "2"),
                ("dob-month", "5"),
                ("dob-year", "1990"),
                ("force-reference", "A/1"),
                ("course", "anger"),
                ("disposal", "community-resolution"),
                ("condition-text", "Complete the course."),
            ],
        )
        .await;
    assert_eq!(offered.status, 200);
    assert!(
        offered.body.contains("Alice Alpha"),
        "the existing person is offered"
    );
    let seen = w
        .browser
        .get(&w.participant_a, "/my-courses/who-has-seen-my-record")
        .await;
    assert!(seen.body.contains("looked at your name and date of birth"));
    let stranger = w
        .browser
        .get("", "/my-courses/who-has-seen-my-record")
        .await;
    assert_eq!(stranger.status, 303, "not signed in: sent to sign in");
}

#[tokio::test]
async fn admins_search_and_export_only_their_own_forces_audit_log() {
    let w = world().await;
    w.browser
        .get(
            &w.caseworker_a,
            &format!("/staff/assignments/{}", w.assignment_a),
        )
        .await;
    let log = w.browser.get(&w.admin_a, "/staff/audit").await;
    assert_eq!(log.status, 200);
    for expected in [
        "staff.viewed-assignment",
        "participant.signed-in",
        "staff.assigned-course",
        "Casey A (caseworker)",
    ] {
        assert!(
            log.body.contains(expected),
            "force A's log shows {expected}"
        );
    }
    let filtered = w
        .browser
        .get(
            &w.admin_a,
            &format!("/staff/audit?subject={}", w.assignment_a),
        )
        .await;
    assert!(filtered.body.contains("<td>staff.viewed-assignment</td>"));
    assert!(
        !filtered.body.contains("<td>staff.created-staff-user</td>"),
        "the search narrows the log"
    );
    let bad_date = w
        .browser
        .get(&w.admin_a, "/staff/audit?from=2026-02-30")
        .await;
    assert_eq!(bad_date.status, 422);
    assert!(bad_date.body.contains("Enter the from date as a real date"));

    let other = w
        .browser
        .get(
            &w.admin_b,
            &format!("/staff/audit?subject={}", w.assignment_a),
        )
        .await;
    assert_eq!(other.status, 200);
    assert!(
        !other
            .body
            .contains(&format!("assignment {}", w.assignment_a)),
        "force B's admin cannot see force A's events"
    );
    let other_csv = w.browser.get(&w.admin_b, "/staff/audit.csv").await;
    assert!(
        !other_csv
            .body
            .contains(&format!("assignment {}", w.assignment_a))
    );

    let csv = w.browser.get(&w.admin_a, "/staff/audit.csv").await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.starts_with("\"When (UTC)\",\"Who\""));
    assert!(csv.body.contains(&w.assignment_a));
    assert!(!csv.body.contains(PASSWORD), "no password in the audit log");
    for cookie in [&w.caseworker_a, &w.author_a] {
        assert_eq!(w.browser.get(cookie, "/staff/audit").await.status, 403);
        assert_eq!(w.browser.get(cookie, "/staff/audit.csv").await.status, 403);
    }
    assert_eq!(
        w.browser.get(&w.participant_a, "/staff/audit").await.status,
        303
    );
    let exported = w
        .browser
        .get(&w.admin_a, "/staff/audit?action=staff.exported-audit-log")
        .await;
    assert!(
        exported.body.contains("staff.exported-audit-log"),
        "exports are audited"
    );
}
