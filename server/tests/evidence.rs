//! The signed completion record, end to end against the real binary: a participant
//! finishes a course through the ordinary forms, the server signs a record, a standard
//! JWT library in another process verifies it against `/.well-known/jwks.json`, and it
//! still verifies after the signing key is rotated.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Command;

use reroute_db::Database;
use reroute_db::queries::evidence::evidence_for;
use support::walk::walk_course;
use support::world::world;
use support::{BINARY, Browser};
use uuid::Uuid;

/// The Python that `make tools` sets up with PyJWT (override with REROUTE_TEST_PYTHON).
fn test_python() -> std::path::PathBuf {
    std::env::var_os("REROUTE_TEST_PYTHON").map_or_else(
        || support::root_dir().join("target/test-python/bin/python"),
        std::path::PathBuf::from,
    )
}

/// Verifies a record with PyJWT, a standard JWT library, in its own process, against
/// the published key set, and returns the claims. Fails if PyJWT is not installed.
fn verify_with_pyjwt(
    jwks_file: &std::path::Path,
    token_file: &std::path::Path,
) -> serde_json::Value {
    let script = r#"
import json, sys, jwt
keys = jwt.PyJWKSet.from_dict(json.load(open(sys.argv[1])))
token = open(sys.argv[2]).read().strip()
kid = jwt.get_unverified_header(token)["kid"]
key = next(k for k in keys.keys if k.key_id == kid)
print(json.dumps(jwt.decode(token, key.key, algorithms=["EdDSA"])))
"#;
    let python = test_python();
    let out = Command::new(&python)
        .args(["-c", script])
        .arg(jwks_file)
        .arg(token_file)
        .output()
        .unwrap_or_else(|err| {
            panic!(
                "{} could not run ({err}): run `make tools`",
                python.display()
            )
        });
    assert!(
        out.status.success(),
        "PyJWT rejected the record (or is not installed: run `make tools`): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(BINARY)
        .args(args)
        .env_remove("REROUTE_EVIDENCE_KEY")
        .output()
        .expect("run reroute")
}

#[tokio::test]
async fn a_finished_course_gets_a_record_that_verifies_outside_the_server() {
    let world = world().await;
    let browser = &world.browser;
    assert!(walk_course(browser, &world.participant_a, &world.assignment_a, 400).await);

    let db = Database::connect(&world.server.database_url())
        .await
        .unwrap();
    let assignment = Uuid::try_parse(&world.assignment_a).unwrap();
    let (token, code, kid, _) = evidence_for(&db.connection, assignment)
        .await
        .unwrap()
        .expect("a record once the course is finished");
    assert_eq!(code.len(), 10);

    // Finishing again (the finished page reloaded) issues nothing more.
    let finished = browser
        .get(
            &world.participant_a,
            &format!("/my-courses/{}/finished", world.assignment_a),
        )
        .await;
    assert_eq!(finished.status, 200);
    assert_eq!(
        evidence_for(&db.connection, assignment)
            .await
            .unwrap()
            .unwrap()
            .0,
        token
    );

    assert!(finished.body.contains("/certificate"), "{}", finished.body);

    // The certificate, for the participant and for their force's caseworker only.
    let grouped = format!("{}-{}", &code[..5], &code[5..]);
    let mine = browser
        .get(
            &world.participant_a,
            &format!("/my-courses/{}/certificate", world.assignment_a),
        )
        .await;
    assert_eq!(mine.status, 200);
    assert!(mine.body.contains(&grouped), "{}", mine.body);
    assert!(mine.body.contains(&format!("/verify/{grouped}")));
    assert!(
        mine.body.contains("class=\"qr-code certificate__qr\""),
        "{}",
        mine.body
    );
    let not_theirs = browser
        .get(
            &world.participant_b,
            &format!("/my-courses/{}/certificate", world.assignment_a),
        )
        .await;
    assert_eq!(not_theirs.status, 404);
    let staff = browser
        .get(
            &world.caseworker_a,
            &format!("/staff/assignments/{}/certificate", world.assignment_a),
        )
        .await;
    assert_eq!(staff.status, 200);
    assert!(staff.body.contains(&grouped) && staff.body.contains("Alice Alpha"));
    let other_force = browser
        .get(
            &world.caseworker_b,
            &format!("/staff/assignments/{}/certificate", world.assignment_a),
        )
        .await;
    assert_eq!(other_force.status, 404);
    let case = browser
        .get(
            &world.caseworker_a,
            &format!("/staff/assignments/{}", world.assignment_a),
        )
        .await;
    assert!(case.body.contains(&grouped) && case.body.contains(&kid));

    // Anyone with the code sees that it is genuine, and only a little of what it says.
    let checked = browser.get("", &format!("/verify/{grouped}")).await;
    assert_eq!(checked.status, 200);
    assert!(checked.body.contains("Genuine and unchanged"));
    assert!(checked.body.contains("A A") && checked.body.contains("2000"));
    assert!(!checked.body.contains("Alice") && !checked.body.contains("A/1"));
    let typed = browser
        .get("", &format!("/verify?code={}", code.to_lowercase()))
        .await;
    assert_eq!(typed.status, 303);
    assert_eq!(typed.location, format!("/verify/{grouped}"));
    assert_eq!(browser.get("", "/verify?code=nonsense").await.status, 422);
    let wrong = if code.starts_with('A') {
        "BBBBB-BBBBB"
    } else {
        "AAAAA-AAAAA"
    };
    let missing = browser.get("", &format!("/verify/{wrong}")).await;
    assert_eq!(missing.status, 404);
    assert!(
        missing
            .body
            .contains("We could not find a genuine certificate")
    );

    // The published keys, as a standard JWT library sees them, in another process.
    let jwks = browser.get("", "/.well-known/jwks.json").await;
    assert_eq!(jwks.status, 200);
    let set: serde_json::Value = serde_json::from_str(&jwks.body).unwrap();
    assert_eq!(set["keys"][0]["kid"], kid.as_str());
    assert_eq!(set["keys"][0]["kty"], "OKP");
    assert_eq!(set["keys"][0]["crv"], "Ed25519");
    assert!(set["keys"][0].get("d").is_none(), "no private part");
    let files = tempfile::tempdir().unwrap();
    let jwks_file = files.path().join("jwks.json");
    let token_file = files.path().join("record.jwt");
    std::fs::write(&jwks_file, &jwks.body).unwrap();
    std::fs::write(&token_file, &token).unwrap();

    let claims = verify_with_pyjwt(&jwks_file, &token_file);
    assert_eq!(claims["sub"], world.assignment_a.as_str());
    assert_eq!(claims["iss"], world.server.base.as_str());
    assert_eq!(claims["course"]["id"], "victim-awareness");
    assert_eq!(claims["participant"]["date_of_birth"], "2000-04-01");
    assert_eq!(claims["passed"], true);
    assert!(claims.get("exp").is_none());

    // The command line verifies it offline against the published set…
    let out = run(&[
        "verify",
        token_file.to_str().unwrap(),
        "--jwks",
        jwks_file.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .trim_end()
            .ends_with("genuine")
    );
    // …and refuses it with one byte changed.
    let mut changed = token.clone().into_bytes();
    let at = changed.len() - 5;
    changed[at] = if changed[at] == b'A' { b'B' } else { b'A' };
    let out = run(&[
        "verify",
        &String::from_utf8(changed).unwrap(),
        "--jwks",
        jwks_file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));

    // After a rotation the data folder has two keys and the old record still verifies.
    let data = world.server.data.path().to_str().unwrap().to_owned();
    let out = run(&["keys", "rotate", "--data-dir", &data]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["verify", &token, "--data-dir", &data]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_dir(world.server.data.path().join("keys/evidence"))
            .unwrap()
            .count(),
        2
    );
}

#[tokio::test]
async fn verification_lookups_are_limited_per_address() {
    let server = support::Server::start(support::Server::data_dir());
    let browser = Browser::new(&server);
    for _ in 0..60 {
        let reply = browser.get("", "/verify/AAAAA-AAAAA").await;
        assert_eq!(reply.status, 404);
    }
    let refused = browser.get("", "/verify/AAAAA-AAAAA").await;
    assert_eq!(refused.status, 429);
    assert!(refused.body.contains("Too many checks"));
    // The form itself is never limited.
    assert_eq!(browser.get("", "/verify").await.status, 200);
}

#[tokio::test]
async fn a_records_system_refers_then_fetches_and_verifies_the_record_with_a_standard_library() {
    let world = world().await;
    let browser = &world.browser;
    let created = support::reroute(
        world.server.data.path(),
        &[
            "api-client",
            "create",
            "--organisation",
            "Force A",
            "--name",
            "Records system",
        ],
        "",
    );
    let token = created
        .split_whitespace()
        .find(|word| word.starts_with("rr_live_"))
        .expect("the new client's token")
        .to_owned();
    let api = reqwest::Client::new();
    let referral: serde_json::Value = api
        .post(format!("{}/api/v1/referrals", world.server.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({
            "participant": {"name": "Rita Records", "date_of_birth": "1995-06-15", "force_reference": "API/1"},
            "assignment": {"course_id": "victim-awareness", "disposal_type": "conditional-caution", "condition_text": "Complete the course."}
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let assignment = referral["assignment_id"]
        .as_str()
        .expect("an assignment id")
        .to_owned();
    let code = referral["access_code"]
        .as_str()
        .expect("an access code")
        .to_owned();

    let signed_in = browser
        .post(
            "",
            "/start",
            &[
                ("code", &code),
                ("day", "15"),
                ("month", "6"),
                ("year", "1995"),
            ],
        )
        .await;
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    let cookie = signed_in
        .cookie("reroute_session")
        .expect("participant cookie");
    assert!(walk_course(browser, &cookie, &assignment, 400).await);

    let fetched: serde_json::Value = api
        .get(format!(
            "{}/api/v1/assignments/{assignment}",
            world.server.base
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(fetched["status"], "completed");
    let record = fetched["evidence"]["token"]
        .as_str()
        .expect("the completion record")
        .to_owned();
    let jwks = api
        .get(format!("{}/.well-known/jwks.json", world.server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let files = tempfile::tempdir().unwrap();
    std::fs::write(files.path().join("jwks.json"), jwks).unwrap();
    std::fs::write(files.path().join("record.jwt"), &record).unwrap();
    let claims = verify_with_pyjwt(
        &files.path().join("jwks.json"),
        &files.path().join("record.jwt"),
    );
    assert_eq!(claims["sub"], assignment.as_str());
    let seen = browser
        .get(&cookie, "/my-courses/who-has-seen-my-record")
        .await;
    assert!(
        seen.body.contains("case records system"),
        "the participant sees that the force's system read their record"
    );
    assert_eq!(claims["participant"]["force_reference"], "API/1");
    assert_eq!(claims["participant"]["date_of_birth"], "1995-06-15");
    assert_eq!(claims["passed"], true);
}
