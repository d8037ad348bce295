//! Two-factor sign-in for staff against the real server: turning it on, signing in with a
//! code, wrong and replayed codes, the shared lockout, turning it off, and a force that
//! requires it of everyone.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reroute_db::Database;
use reroute_db::entity::audit_event;
use reroute_db::sea_orm::{EntityTrait, QueryOrder};
use support::{Browser, Reply, Server, reroute};
use totp_rs::{Builder, Secret};

const PASSWORD: &str = "plum kettle orbit 7";
const ADMIN: &str = "admin@a.police.uk";
const CASEWORKER: &str = "casey@a.police.uk";

/// One force with an admin (made from the command line) and a caseworker.
async fn force() -> (Server, Browser) {
    let data = Server::data_dir();
    let out = reroute(
        data.path(),
        &[
            "user",
            "create",
            "--organisation",
            "Force A",
            "--email",
            ADMIN,
            "--role",
            "admin",
        ],
        &format!("{PASSWORD}\n"),
    );
    assert!(out.contains("created admin"), "{out}");
    let server = Server::start(data);
    let browser = Browser::new(&server);
    let admin = browser.staff_sign_in(ADMIN, PASSWORD).await;
    let added = browser
        .post(
            &admin,
            "/staff/users",
            &[
                ("name", "Casey A"),
                ("email", CASEWORKER),
                ("role", "caseworker"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    (server, browser)
}

/// The code an authenticator app shows for `secret` in the 30-second step `step`.
fn code(secret: &str, step: u64) -> String {
    // The builder's defaults are what authenticator apps use: SHA-1, 6 digits, 30 s.
    let totp = Builder::new()
        .with_secret(Secret::try_from_base32(secret).unwrap())
        .build()
        .unwrap();
    totp.generate(step * 30).to_string()
}

fn current_step() -> u64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    now / 30
}

/// A six-digit code that is right for none of the steps around now.
fn wrong_code(secret: &str) -> String {
    let step = current_step();
    let valid: Vec<String> = (step - 2..=step + 2).map(|s| code(secret, s)).collect();
    (0..10)
        .map(|n| format!("{n}{n}{n}{n}{n}{n}"))
        .find(|candidate| !valid.contains(candidate))
        .unwrap()
}

/// The setup key shown on the set-up page, without its spaces.
fn secret_on(page: &str) -> String {
    let at = page.find("id=\"setup-key\"").expect("the setup key");
    let start = at + page[at..].find('>').unwrap() + 1;
    let end = start + page[start..].find('<').unwrap();
    page[start..end].replace(' ', "")
}

/// Sets two-factor sign-in up for the signed-in member of staff; returns the secret and
/// the step of the code that confirmed it.
async fn turn_on(browser: &Browser, cookie: &str) -> (String, u64) {
    let page = browser.get(cookie, "/staff/account/two-factor").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<svg"), "the QR code is on the page");
    let secret = secret_on(&page.body);
    // Reloading keeps the same secret, as an app may already have scanned it.
    let again = browser.get(cookie, "/staff/account/two-factor").await;
    assert_eq!(secret_on(&again.body), secret);
    let wrong = browser
        .post(
            cookie,
            "/staff/account/two-factor",
            &[("code", &wrong_code(&secret))],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(
        wrong.body.contains("The code is not right"),
        "{}",
        wrong.body
    );
    let step = current_step();
    let confirmed = browser
        .post(
            cookie,
            "/staff/account/two-factor",
            &[("code", &code(&secret, step))],
        )
        .await;
    assert_eq!(confirmed.status, 303, "{}", confirmed.body);
    assert_eq!(confirmed.location, "/staff/account?done=on");
    (secret, step)
}

/// The password step: for an account with two-factor sign-in, a pending cookie and the
/// code page, and no session yet.
async fn password_step(browser: &Browser, email: &str) -> String {
    let reply = browser
        .post(
            "",
            "/staff/sign-in",
            &[("email", email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    assert_eq!(reply.location, "/staff/sign-in/code");
    assert_eq!(
        reply.cookie("reroute_staff"),
        None,
        "no session before the code"
    );
    reply
        .cookie("reroute_staff_pending")
        .expect("pending cookie")
}

async fn send_code(browser: &Browser, pending: &str, typed: &str) -> Reply {
    browser
        .post(pending, "/staff/sign-in/code", &[("code", typed)])
        .await
}

async fn audit_actions(server: &Server) -> Vec<(String, Option<String>)> {
    let db = Database::connect(&server.database_url()).await.unwrap();
    audit_event::Entity::find()
        .order_by_asc(audit_event::Column::Id)
        .all(&db.connection)
        .await
        .unwrap()
        .into_iter()
        .map(|event| (event.action, event.reason))
        .collect()
}

#[tokio::test]
async fn with_two_factor_on_signing_in_needs_a_fresh_right_code() {
    let (server, browser) = force().await;
    let casey = browser.staff_sign_in(CASEWORKER, PASSWORD).await;
    let elsewhere = browser.staff_sign_in(CASEWORKER, PASSWORD).await;
    let account = browser.get(&casey, "/staff/account").await;
    assert_eq!(account.status, 200);
    assert!(account.body.contains("Set up two-factor sign-in"));
    let (secret, step) = turn_on(&browser, &casey).await;
    let account = browser.get(&casey, "/staff/account").await;
    assert!(account.body.contains("On since"), "{}", account.body);

    let pending = password_step(&browser, CASEWORKER).await;
    let page = browser.get(&pending, "/staff/sign-in/code").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("autocomplete=\"one-time-code\""));
    assert!(page.body.contains("inputmode=\"numeric\""));
    // The pending cookie is not a session.
    let staff_page = browser.get(&pending, "/staff").await;
    assert_eq!(staff_page.status, 303);

    let wrong = send_code(&browser, &pending, &wrong_code(&secret)).await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("The code is not right"));
    assert_eq!(wrong.cookie("reroute_staff"), None);

    // The code that turned two-factor sign-in on cannot be used again.
    let replayed = send_code(&browser, &pending, &code(&secret, step)).await;
    assert_eq!(replayed.status, 422);
    assert!(
        replayed.body.contains("already been used"),
        "{}",
        replayed.body
    );

    let next = code(&secret, step + 1);
    let signed_in = send_code(
        &browser,
        &pending,
        &format!("{} {}", &next[..3], &next[3..]),
    )
    .await;
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    assert_eq!(signed_in.location, "/staff");
    let session = signed_in.cookie("reroute_staff").expect("a session");
    assert!(
        signed_in
            .set_cookie
            .iter()
            .any(|c| c.starts_with("reroute_staff_pending=;")),
        "the pending cookie is cleared"
    );
    assert_eq!(browser.get(&session, "/staff").await.status, 200);

    // Nor can the code that signed in, even with a new password step.
    let pending = password_step(&browser, CASEWORKER).await;
    let replayed = send_code(&browser, &pending, &next).await;
    assert_eq!(replayed.status, 422);
    assert!(replayed.body.contains("already been used"));

    // Turning two-factor on kept the session that did it and ended the account's others,
    // signed in with the password only.
    assert_eq!(browser.get(&casey, "/staff").await.status, 200);
    assert_eq!(browser.get(&elsewhere, "/staff").await.status, 303);

    let actions = audit_actions(&server).await;
    for expected in [
        ("staff.totp-setup-started", None),
        ("staff.totp-code-refused", Some("wrong code")),
        ("staff.totp-enabled", None),
        ("staff.sign-in-code-needed", None),
        ("staff.sign-in-refused", Some("wrong code")),
        ("staff.sign-in-refused", Some("code already used")),
        ("staff.signed-in", Some("password and code")),
    ] {
        assert!(
            actions
                .iter()
                .any(|(action, reason)| action == expected.0 && reason.as_deref() == expected.1),
            "{expected:?} in {actions:?}"
        );
    }
}

#[tokio::test]
async fn wrong_codes_count_towards_the_lockout_and_a_new_password_step_does_not_reset_it() {
    let (_server, browser) = force().await;
    let casey = browser.staff_sign_in(CASEWORKER, PASSWORD).await;
    let (secret, step) = turn_on(&browser, &casey).await;
    let mut pending = String::new();
    for round in 0..2 {
        pending = password_step(&browser, CASEWORKER).await;
        for _ in 0..5 {
            let wrong = send_code(&browser, &pending, &wrong_code(&secret)).await;
            assert_eq!(wrong.status, 422, "round {round}");
        }
    }
    // Ten wrong codes lock the account: the right code is refused, and so is the password.
    let locked = send_code(&browser, &pending, &code(&secret, step + 1)).await;
    assert_eq!(locked.status, 422);
    assert!(locked.body.contains("locked"), "{}", locked.body);
    assert_eq!(locked.cookie("reroute_staff"), None);
    let password = browser
        .post(
            "",
            "/staff/sign-in",
            &[("email", CASEWORKER), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(password.status, 422);
    assert!(password.body.contains("locked"));
}

#[tokio::test]
async fn turning_two_factor_off_needs_a_current_code() {
    let (_server, browser) = force().await;
    let casey = browser.staff_sign_in(CASEWORKER, PASSWORD).await;
    let (secret, step) = turn_on(&browser, &casey).await;
    let wrong = browser
        .post(
            &casey,
            "/staff/account/two-factor/off",
            &[("code", &wrong_code(&secret))],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("The code is not right"));
    let off = browser
        .post(
            &casey,
            "/staff/account/two-factor/off",
            &[("code", &code(&secret, step + 1))],
        )
        .await;
    assert_eq!(off.status, 303, "{}", off.body);
    assert_eq!(off.location, "/staff/account?done=off");
    // Signing in needs only the password again.
    browser.staff_sign_in(CASEWORKER, PASSWORD).await;
}

#[tokio::test]
async fn an_admin_can_reset_a_lost_two_factor_sign_in() {
    let (server, browser) = force().await;
    let casey = browser.staff_sign_in(CASEWORKER, PASSWORD).await;
    turn_on(&browser, &casey).await;
    let admin = browser.staff_sign_in(ADMIN, PASSWORD).await;
    let users = browser.get(&admin, "/staff/users").await;
    assert!(users.body.contains("Active, two-factor sign-in on"));
    let start = users
        .body
        .find("/reset-two-factor")
        .expect("a reset button");
    let action =
        &users.body[users.body[..start].rfind('"').unwrap() + 1..start + "/reset-two-factor".len()];
    let reset = browser.post(&admin, action, &[]).await;
    assert_eq!(reset.status, 303, "{}", reset.body);
    assert_eq!(reset.location, "/staff/users?done=reset-two-factor");
    // Casey signs in with the password alone again.
    browser.staff_sign_in(CASEWORKER, PASSWORD).await;
    let actions = audit_actions(&server).await;
    assert!(
        actions
            .iter()
            .any(|(action, _)| action == "staff.totp-reset")
    );
}

#[tokio::test]
async fn a_force_that_requires_two_factor_sends_everyone_to_set_it_up() {
    let (server, browser) = force().await;
    let admin = browser.staff_sign_in(ADMIN, PASSWORD).await;
    let settings = browser.get(&admin, "/staff/settings").await;
    assert!(
        settings
            .body
            .contains("Require two-factor sign-in for everyone in this force")
    );
    let saved = browser
        .post(
            &admin,
            "/staff/settings/two-factor",
            &[("require-totp", "yes")],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);

    // The admin, already signed in, is sent to set it up at their next page.
    let next = browser.get(&admin, "/staff/settings").await;
    assert_eq!(next.status, 303);
    assert_eq!(next.location, "/staff/account/two-factor");

    // So is a caseworker straight after their password, and on every page until then.
    let reply = browser
        .post(
            "",
            "/staff/sign-in",
            &[("email", CASEWORKER), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(reply.status, 303);
    assert_eq!(reply.location, "/staff/account/two-factor");
    let casey = reply
        .cookie("reroute_staff")
        .expect("a session for setting up");
    for path in [
        "/staff",
        "/staff/assign",
        "/staff/account",
        "/staff/courses",
    ] {
        let page = browser.get(&casey, path).await;
        assert_eq!(page.status, 303, "{path}");
        assert_eq!(page.location, "/staff/account/two-factor", "{path}");
    }
    let assign = browser
        .post(&casey, "/staff/assign", &[("name", "X")])
        .await;
    assert_eq!(assign.location, "/staff/account/two-factor");
    let setup = browser.get(&casey, "/staff/account/two-factor").await;
    assert!(
        setup
            .body
            .contains("Your force requires two-factor sign-in")
    );

    let (secret, step) = turn_on(&browser, &casey).await;
    assert_eq!(browser.get(&casey, "/staff").await.status, 200);
    let account = browser.get(&casey, "/staff/account").await;
    assert!(account.body.contains("cannot be turned off"));
    let off = browser
        .post(
            &casey,
            "/staff/account/two-factor/off",
            &[("code", &code(&secret, step + 1))],
        )
        .await;
    assert_eq!(off.status, 400);

    let actions = audit_actions(&server).await;
    assert!(actions.iter().any(|(action, reason)| action
        == "staff.changed-two-factor-requirement"
        && reason.as_deref() == Some("required")));
}
