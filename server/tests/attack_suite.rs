//! The attack suite: tries, against the real server, what an attacker would — reaching
//! another force's or another participant's records through every route that takes an
//! id, forged and altered session tokens, guessing codes and passwords, script in every
//! free-text field, SQL metacharacters in every search and filter, oversized and
//! malformed bodies, and cross-site form posts — and checks each fails safely with
//! nothing changed. It prints how many cases it tried.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::world::{PASSWORD, World, assign, world};
use support::{Browser, Reply, reroute};

/// Counts the cases tried, by kind, for the report at the end.
#[derive(Default)]
struct Tally(Vec<(&'static str, usize)>);

impl Tally {
    fn add(&mut self, kind: &'static str) {
        match self.0.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => self.0.push((kind, 1)),
        }
    }

    fn report(&self) -> usize {
        let total: usize = self.0.iter().map(|(_, n)| n).sum();
        for (kind, n) in &self.0 {
            println!("attack cases tried: {n:>4}  {kind}");
        }
        println!("attack cases tried: {total:>4}  in all");
        total
    }
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

/// The case as force A's caseworker sees it (the main element only: the head carries a
/// fresh nonce every time).
async fn case_a(w: &World) -> String {
    let page = w
        .browser
        .get(
            &w.caseworker_a,
            &format!("/staff/assignments/{}", w.assignment_a),
        )
        .await;
    assert_eq!(page.status, 200);
    let start = page.body.find("<main").unwrap();
    let end = page.body.find("</main>").unwrap();
    page.body[start..end].to_owned()
}

const SCRIPT: &str = "<script>alert(1)</script>";
const IMAGE: &str = "\"><img src=x onerror=alert(2)>";
const SQL: [&str; 8] = [
    "' OR '1'='1",
    "'; DROP TABLE assignment; --",
    "\" OR \"\"=\"",
    "%",
    "_",
    "\\",
    "1) UNION SELECT name FROM participant --",
    "Robert'); DELETE FROM audit_event; --",
];

#[tokio::test]
async fn attacks_fail_safely_and_change_nothing() {
    let w = world().await;
    let mut tally = Tally::default();
    let a = w.assignment_a.clone();
    let before = case_a(&w).await;

    // Another force's records, through every staff route that takes an id.
    let mut staff_routes: Vec<(&str, String)> = vec![
        ("GET", format!("/staff/assignments/{a}")),
        ("POST", format!("/staff/assignments/{a}/letter")),
    ];
    for action in ["note", "extend", "withdraw", "reissue", "outcome"] {
        staff_routes.push(("GET", format!("/staff/assignments/{a}/{action}")));
        staff_routes.push(("POST", format!("/staff/assignments/{a}/{action}")));
    }
    for change in ["role", "disable", "enable", "reset-two-factor"] {
        staff_routes.push((
            "POST",
            format!("/staff/users/{}/{change}", w.caseworker_a_id),
        ));
    }
    let form = [
        ("reason", "attack"),
        ("outcome", "complied"),
        ("role", "admin"),
        ("code", "AAAA-AAAA-AAAA"),
        ("deadline-day", "1"),
        ("deadline-month", "6"),
        ("deadline-year", "2027"),
    ];
    for (method, path) in &staff_routes {
        for cookie in [&w.caseworker_b, &w.admin_b] {
            let reply = send(&w.browser, cookie, method, path, &form).await;
            assert!(
                reply.status == 404 || reply.status == 403,
                "{method} {path} from force B gave {}",
                reply.status
            );
            assert!(!reply.body.contains("Alice Alpha"));
            tally.add("another force's records");
        }
    }

    // Another participant's course, through every participant route that takes an id.
    let participant_routes = [
        ("GET", format!("/my-courses/{a}")),
        ("GET", format!("/my-courses/{a}/before-you-start")),
        ("POST", format!("/my-courses/{a}/before-you-start")),
        ("GET", format!("/my-courses/{a}/saved")),
        ("GET", format!("/my-courses/{a}/finished")),
        ("POST", format!("/my-courses/{a}/try-again")),
        ("GET", format!("/my-courses/{a}/lessons/1/1")),
        ("POST", format!("/my-courses/{a}/lessons/1/1")),
        ("POST", format!("/my-courses/{a}/lessons/1/finish")),
    ];
    for (method, path) in &participant_routes {
        let reply = send(
            &w.browser,
            &w.participant_b,
            method,
            path,
            &[("declaration", "yes"), ("choice", "0"), ("answer", "x")],
        )
        .await;
        assert_eq!(reply.status, 404, "{method} {path} as another participant");
        tally.add("another participant's records");
        let staff = send(
            &w.browser,
            &w.caseworker_a,
            method,
            path,
            &[("declaration", "yes")],
        )
        .await;
        assert!(
            staff.status == 303 || staff.status == 302,
            "{method} {path} with only a staff cookie"
        );
        tally.add("another participant's records");
    }

    // Forged, altered, expired and alg:none tokens, and a tampered participant cookie.
    let real = w
        .caseworker_a
        .trim_start_matches("reroute_staff=")
        .to_owned();
    let (head, signature) = real.rsplit_once('.').unwrap();
    let flipped = format!(
        "{head}.{}{}",
        if signature.starts_with('A') { "B" } else { "A" },
        &signature[1..]
    );
    let forged_tokens = [
        "reroute_staff=eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzaWQiOiJ4Iiwic3ViIjoieCIsImV4cCI6OTk5OTk5OTk5OX0.".to_owned(),
        format!("reroute_staff={flipped}"),
        format!("reroute_staff={head}."),
        "reroute_staff=eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAiLCJzdWIiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAiLCJpYXQiOjEsImV4cCI6Mn0.c2lnbmF0dXJl".to_owned(),
        "reroute_staff=not-a-token".to_owned(),
        format!("reroute_staff={real}x"),
    ];
    for token in &forged_tokens {
        for path in ["/staff", "/staff/users", &format!("/staff/assignments/{a}")] {
            let reply = w.browser.get(token, path).await;
            assert_eq!(reply.status, 303, "{path} with {token}");
            assert!(reply.location.starts_with("/staff/sign-in"));
            tally.add("forged or altered session tokens");
        }
    }
    let participant = w.participant_a.clone();
    let (id, _) = participant.rsplit_once('.').unwrap();
    for cookie in [
        format!("{id}.00"),
        format!("{id}x.{}", "0".repeat(64)),
        "reroute_session=garbage".to_owned(),
    ] {
        let reply = w.browser.get(&cookie, "/my-courses").await;
        assert_eq!(reply.status, 303, "{cookie}");
        tally.add("forged or altered session tokens");
    }

    // Guessing: access codes lock after 5 wrong tries, passwords after 10.
    let (_, victim_code) = assign(&w.browser, &w.caseworker_a, "Vic Tim", "A/9").await;
    for _ in 0..5 {
        let reply = w
            .browser
            .post(
                "",
                "/start",
                &[
                    ("code", &victim_code),
                    ("day", "2"),
                    ("month", "4"),
                    ("year", "2000"),
                ],
            )
            .await;
        assert_eq!(reply.status, 422);
        tally.add("guessing codes and passwords");
    }
    let locked = w
        .browser
        .post(
            "",
            "/start",
            &[
                ("code", &victim_code),
                ("day", "1"),
                ("month", "4"),
                ("year", "2000"),
            ],
        )
        .await;
    assert_eq!(
        locked.status, 422,
        "the right date is refused while the code is locked"
    );
    tally.add("guessing codes and passwords");
    for _ in 0..10 {
        let reply = w
            .browser
            .post(
                "",
                "/staff/sign-in",
                &[
                    ("email", "arthur@a.police.uk"),
                    ("password", "not the password"),
                ],
            )
            .await;
        assert_eq!(reply.status, 422);
        tally.add("guessing codes and passwords");
    }
    let locked = w
        .browser
        .post(
            "",
            "/staff/sign-in",
            &[("email", "arthur@a.police.uk"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(
        locked.status, 422,
        "the right password is refused while locked"
    );
    tally.add("guessing codes and passwords");

    // Script and HTML in every free-text field staff see, and in the CSV export.
    let hostile = w
        .browser
        .post(
            &w.caseworker_a,
            "/staff/assign",
            &[
                ("name", SCRIPT),
                ("dob-day", "1"),
                ("dob-month", "4"),
                ("dob-year", "2000"),
                ("force-reference", "A/XSS"),
                ("contact", IMAGE),
                ("accessibility-notes", SCRIPT),
                ("course", "victim-awareness"),
                ("disposal", "community-resolution"),
                ("condition-text", IMAGE),
            ],
        )
        .await;
    assert_eq!(hostile.status, 200);
    let hostile_id = support::assignment_in(&hostile.body);
    for action in ["note", "extend"] {
        let reply = w
            .browser
            .post(
                &w.caseworker_a,
                &format!("/staff/assignments/{hostile_id}/{action}"),
                &[
                    ("reason", SCRIPT),
                    ("deadline-day", "1"),
                    ("deadline-month", "6"),
                    ("deadline-year", "2027"),
                ],
            )
            .await;
        assert_eq!(reply.status, 303);
    }
    for path in [
        format!("/staff/assignments/{hostile_id}"),
        "/staff".to_owned(),
        "/staff?q=script".to_owned(),
        "/staff/audit".to_owned(),
    ] {
        let cookie = if path.starts_with("/staff/audit") {
            &w.admin_a
        } else {
            &w.caseworker_a
        };
        let page = w.browser.get(cookie, &path).await;
        assert_eq!(page.status, 200, "{path}");
        for raw in [SCRIPT, "<img src=x", "onerror=alert(2)>"] {
            assert!(!page.body.contains(raw), "{path} shows {raw} unescaped");
            tally.add("script and HTML in free text");
        }
    }
    let csv_name = "=HYPERLINK(\"http://evil.example\")";
    let (_, _) = assign(&w.browser, &w.caseworker_a, csv_name, "A/CSV").await;
    let csv = w.browser.get(&w.caseworker_a, "/staff/export.csv").await;
    assert!(csv.body.contains("\"'=HYPERLINK"));
    assert!(!csv.body.contains(",\"=HYPERLINK") && !csv.body.contains(",=HYPERLINK"));
    tally.add("script and HTML in free text");

    // SQL metacharacters in every search and filter.
    for payload in SQL {
        let encoded: String = form_urlencoded::byte_serialize(payload.as_bytes()).collect();
        for (cookie, path) in [
            (&w.caseworker_b, format!("/staff?q={encoded}")),
            (&w.caseworker_b, format!("/staff?state={encoded}")),
            (&w.caseworker_b, format!("/staff?course={encoded}")),
            (&w.caseworker_b, format!("/staff?disposal={encoded}")),
            (&w.caseworker_b, format!("/staff?caseworker={encoded}")),
            (&w.caseworker_b, format!("/staff?sort={encoded}")),
            (&w.caseworker_b, format!("/staff?page={encoded}")),
            (&w.caseworker_b, format!("/staff/export.csv?q={encoded}")),
            (&w.admin_b, format!("/staff/audit?subject={encoded}")),
            (&w.admin_b, format!("/staff/audit?action={encoded}")),
            (&w.admin_b, format!("/staff/audit?from={encoded}")),
        ] {
            let reply = w.browser.get(cookie, &path).await;
            assert!(
                reply.status == 200 || reply.status == 422,
                "{path} gave {}",
                reply.status
            );
            assert!(
                !reply.body.contains("Alice Alpha"),
                "{path} leaked force A's participant"
            );
            assert!(
                !reply
                    .body
                    .contains("Sorry, there is a problem with the service"),
                "{path} broke a query"
            );
            tally.add("SQL metacharacters in searches and filters");
        }
    }

    // Oversized and malformed bodies.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let note_path = format!("{}/staff/assignments/{a}/note", w.server.base);
    let huge = format!("reason={}", "x".repeat(70 * 1024));
    let many = (0..100)
        .map(|i| format!("f{i}=1"))
        .collect::<Vec<_>>()
        .join("&");
    let long = format!("reason={}", "y".repeat(10_001));
    let bodies: [(&str, Vec<u8>, u16); 6] = [
        ("application/x-www-form-urlencoded", huge.into_bytes(), 413),
        ("application/x-www-form-urlencoded", many.into_bytes(), 400),
        ("application/x-www-form-urlencoded", long.into_bytes(), 400),
        (
            "application/x-www-form-urlencoded",
            vec![0xff, 0xfe, b'=', 0x00, 0x80],
            422,
        ),
        (
            "application/json",
            br#"{"reason": {"a": [[[[[[1]]]]]]}}"#.to_vec(),
            422,
        ),
        (
            "multipart/form-data; boundary=x",
            b"--x\r\nContent-Disposition: form-data; name=\"reason\"\r\n\r\nhi\r\n--x--".to_vec(),
            422,
        ),
    ];
    for (content_type, body, expected) in bodies {
        let reply = client
            .post(&note_path)
            .header("cookie", &w.caseworker_a)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status().as_u16(), expected, "{content_type} body");
        tally.add("oversized and malformed bodies");
    }

    // Cross-site form posts, on every kind of form.
    for path in [
        "/start",
        "/staff/sign-in",
        "/staff/assign",
        &format!("/staff/assignments/{a}/note"),
        "/staff/users",
        "/staff/settings",
        "/sign-out",
        "/staff/sign-out",
    ] {
        let reply = client
            .post(format!("{}{path}", w.server.base))
            .header("cookie", &w.caseworker_a)
            .header("origin", "https://evil.example")
            .form(&[("reason", "csrf"), ("name", "csrf")])
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status().as_u16(), 403, "cross-site POST {path}");
        tally.add("cross-site form posts");
    }

    // Nothing changed: force A's case reads exactly as before, and the audit chain holds.
    assert_eq!(
        case_a(&w).await,
        before,
        "force A's case was changed by an attack"
    );
    let audit = reroute(w.server.data.path(), &["audit", "verify"], "");
    assert!(audit.contains("intact"), "{audit}");
    // No password, access code or session token in the server's log or the audit log.
    let log = std::fs::read_to_string(w.server.data.path().join("server.log")).unwrap();
    let audit_csv = w.browser.get(&w.admin_a, "/staff/audit.csv").await.body;
    let token = w.caseworker_a.trim_start_matches("reroute_staff=");
    for (name, secret) in [
        ("password", PASSWORD),
        ("access code", w.code_a.as_str()),
        ("staff token", token),
        ("participant cookie", w.participant_a.as_str()),
    ] {
        assert!(!log.contains(secret), "the server log holds a {name}");
        assert!(!audit_csv.contains(secret), "the audit log holds a {name}");
        tally.add("secrets in logs");
    }
    let total = tally.report();
    assert!(total >= 200, "the suite tried only {total} cases");
}
