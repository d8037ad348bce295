//! Two forces to test the boundaries between: each with an admin (made from the command
//! line), force A with a caseworker and an author, force B with a caseworker, and one
//! signed-in participant in each.

use reroute_db::Database;
use reroute_db::queries::staff_accounts;

use super::{Browser, Server, assignment_in, code_in, reroute};

pub const PASSWORD: &str = "plum kettle orbit 7";

/// Two forces, each with an admin made from the command line.
pub fn two_forces() -> Server {
    two_forces_with(&[])
}

/// As [`two_forces`], with environment variables for the server.
pub fn two_forces_with(env: &[(&str, &str)]) -> Server {
    let data = Server::data_dir();
    for (force, email) in [
        ("Force A", "admin@a.police.uk"),
        ("Force B", "admin@b.police.uk"),
    ] {
        let out = reroute(
            data.path(),
            &[
                "user",
                "create",
                "--organisation",
                force,
                "--email",
                email,
                "--role",
                "admin",
            ],
            &format!("{PASSWORD}\n"),
        );
        assert!(out.contains("created admin"), "{out}");
    }
    Server::start_with(data, &[], env)
}

pub async fn add_staff(browser: &Browser, admin: &str, name: &str, email: &str, role: &str) {
    let reply = browser
        .post(
            admin,
            "/staff/users",
            &[
                ("name", name),
                ("email", email),
                ("role", role),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "add {email}: {}", reply.body);
}

/// Assigns a course and returns (assignment id, access code).
pub async fn assign(
    browser: &Browser,
    cookie: &str,
    name: &str,
    reference: &str,
) -> (String, String) {
    let reply = browser
        .post(
            cookie,
            "/staff/assign",
            &[
                ("name", name),
                ("dob-day", "1"),
                ("dob-month", "4"),
                ("dob-year", "2000"),
                ("force-reference", reference),
                ("course", "victim-awareness"),
                ("disposal", "community-resolution"),
                ("condition-text", "Complete the online course."),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "assign: {}", reply.body);
    (assignment_in(&reply.body), code_in(&reply.body))
}

pub struct World {
    pub server: Server,
    pub browser: Browser,
    pub admin_a: String,
    pub admin_b: String,
    pub caseworker_a: String,
    pub caseworker_b: String,
    pub author_a: String,
    pub participant_a: String,
    pub assignment_a: String,
    pub caseworker_a_id: String,
    /// Force B's participant, signed in, and their assignment.
    pub participant_b: String,
    pub assignment_b: String,
    pub code_a: String,
}

pub async fn world() -> World {
    world_with(&[]).await
}

/// As [`world`], with environment variables for the server.
pub async fn world_with(env: &[(&str, &str)]) -> World {
    let server = two_forces_with(env);
    let browser = Browser::new(&server);
    let admin_a = browser.staff_sign_in("admin@a.police.uk", PASSWORD).await;
    let admin_b = browser.staff_sign_in("admin@b.police.uk", PASSWORD).await;
    add_staff(
        &browser,
        &admin_a,
        "Casey A",
        "casey@a.police.uk",
        "caseworker",
    )
    .await;
    add_staff(
        &browser,
        &admin_a,
        "Arthur A",
        "arthur@a.police.uk",
        "author",
    )
    .await;
    add_staff(
        &browser,
        &admin_b,
        "Casey B",
        "casey@b.police.uk",
        "caseworker",
    )
    .await;
    let caseworker_a = browser.staff_sign_in("casey@a.police.uk", PASSWORD).await;
    let caseworker_b = browser.staff_sign_in("casey@b.police.uk", PASSWORD).await;
    let author_a = browser.staff_sign_in("arthur@a.police.uk", PASSWORD).await;
    let (assignment_a, code_a) = assign(&browser, &caseworker_a, "Alice Alpha", "A/1").await;
    let (assignment_b, code_b) = assign(&browser, &caseworker_b, "Bob Bravo", "B/1").await;
    let signed_in = browser
        .post(
            "",
            "/start",
            &[
                ("code", &code_a),
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
    let participant_b = browser
        .post(
            "",
            "/start",
            &[
                ("code", &code_b),
                ("day", "1"),
                ("month", "4"),
                ("year", "2000"),
            ],
        )
        .await
        .cookie("reroute_session")
        .expect("participant B's cookie");
    let db = Database::connect(&server.database_url()).await.unwrap();
    let caseworker_a_id = staff_accounts::by_email(&db.connection, "casey@a.police.uk")
        .await
        .unwrap()
        .expect("Casey A")
        .id
        .to_string();
    World {
        server,
        browser,
        admin_a,
        admin_b,
        caseworker_a,
        caseworker_b,
        author_a,
        participant_a,
        assignment_a,
        caseworker_a_id,
        participant_b,
        assignment_b,
        code_a,
    }
}
