//! The REST API against the real binary: API clients made from the command line for two
//! forces, referrals, reading and listing assignments, the caseworker's changes, the one
//! error shape, tokens and rate limits, the OpenAPI document (checked by an OpenAPI
//! validator), and that one force's token reads nothing of another force's.

// A test that cannot set itself up should fail loudly, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reroute_db::Database;
use reroute_db::entity::{audit_event, case_event, evidence};
use reroute_db::queries::api_clients;
use reroute_db::sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use serde_json::{Value, json};
use support::world::two_forces;
use support::{Server, reroute};

/// Makes an API client for `force` from the command line and returns its token.
fn api_client(server: &Server, force: &str, name: &str) -> String {
    let out = reroute(
        server.data.path(),
        &[
            "api-client",
            "create",
            "--organisation",
            force,
            "--name",
            name,
        ],
        "",
    );
    out.lines()
        .find_map(|line| line.strip_prefix("token "))
        .expect("the token is printed")
        .to_owned()
}

struct Api {
    client: reqwest::Client,
    base: String,
}

impl Api {
    fn new(server: &Server) -> Self {
        Self {
            client: reqwest::Client::new(),
            base: format!("{}/api/v1", server.base),
        }
    }

    async fn read(response: reqwest::Response) -> (u16, Value) {
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, body)
    }

    async fn get(&self, token: &str, path: &str) -> (u16, Value) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        Self::read(response).await
    }

    async fn post_raw(&self, token: &str, path: &str, body: String) -> (u16, Value) {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        Self::read(response).await
    }

    async fn post(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        self.post_raw(token, path, body.to_string()).await
    }
}

fn referral(reference: &str) -> Value {
    json!({
        "participant": {
            "name": "Sam Jones",
            "date_of_birth": "2000-04-01",
            "force_reference": reference,
            "contact": "07700 900123"
        },
        "assignment": {
            "course_id": "victim-awareness",
            "disposal_type": "community-resolution",
            "condition_text": "Complete the online course."
        }
    })
}

async fn refer(api: &Api, token: &str, reference: &str) -> String {
    let (status, body) = api.post(token, "/referrals", referral(reference)).await;
    assert_eq!(status, 201, "{body}");
    body["assignment_id"].as_str().unwrap().to_owned()
}

fn assert_error(reply: &(u16, Value), status: u16, code: &str, field: Option<&str>) {
    assert_eq!(reply.0, status, "{}", reply.1);
    assert_eq!(reply.1["error"]["code"], code, "{}", reply.1);
    assert!(
        reply.1["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{}",
        reply.1
    );
    if let Some(field) = field {
        assert_eq!(reply.1["error"]["field"], field, "{}", reply.1);
    }
}

#[tokio::test]
async fn a_records_system_refers_follows_and_closes_cases() {
    let server = two_forces();
    let token = api_client(&server, "Force A", "Records A");
    assert!(token.starts_with("rr_live_"));
    let api = Api::new(&server);

    let (status, created) = api.post(&token, "/referrals", referral("CR/1")).await;
    assert_eq!(status, 201, "{created}");
    let code = created["access_code"].as_str().unwrap();
    assert_eq!(code.len(), 14, "{created}");
    let id = created["assignment_id"].as_str().unwrap().to_owned();
    assert!(created["deadline"].as_str().is_some(), "{created}");

    let (status, got) = api.get(&token, &format!("/assignments/{id}")).await;
    assert_eq!(status, 200, "{got}");
    assert_eq!(got["status"], "assigned");
    assert_eq!(got["force_reference"], "CR/1");
    assert_eq!(got["progress"]["lessons_finished"], 0);
    assert!(got["progress"]["lessons_total"].as_u64().unwrap() > 0);
    assert_eq!(got["evidence"], Value::Null);

    // The same force reference reuses the participant.
    let (_, again) = api.post(&token, "/referrals", referral("CR/1")).await;
    assert_eq!(again["participant_id"], created["participant_id"]);

    // Three more, listed two at a time.
    let since = "2000-01-01T00:00:00Z";
    for reference in ["CR/2", "CR/3", "CR/4"] {
        refer(&api, &token, reference).await;
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10 {
        let path = match &cursor {
            Some(cursor) => format!("/assignments?changed_since={since}&limit=2&cursor={cursor}"),
            None => format!("/assignments?changed_since={since}&limit=2"),
        };
        let (status, page) = api.get(&token, &path).await;
        assert_eq!(status, 200, "{page}");
        let rows = page["assignments"].as_array().unwrap();
        assert!(rows.len() <= 2);
        seen.extend(
            rows.iter()
                .map(|row| row["id"].as_str().unwrap().to_owned()),
        );
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5, "{seen:?}");
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 5, "each assignment once");

    // Extend, then record the outcome.
    let (status, extended) = api
        .post(
            &token,
            &format!("/assignments/{id}/extend"),
            json!({"deadline": "2099-01-01", "reason": "In hospital"}),
        )
        .await;
    assert_error(&(status, extended), 400, "invalid_field", Some("deadline"));
    let later = (chrono::Utc::now().date_naive() + chrono::Days::new(200)).to_string();
    let (status, extended) = api
        .post(
            &token,
            &format!("/assignments/{id}/extend"),
            json!({"deadline": later, "reason": "In hospital"}),
        )
        .await;
    assert_eq!(status, 200, "{extended}");
    assert_eq!(extended["deadline"], later.as_str());
    let (status, closed) = api
        .post(
            &token,
            &format!("/assignments/{id}/outcome"),
            json!({"outcome": "complied", "reason": "Finished the course"}),
        )
        .await;
    assert_eq!(status, 200, "{closed}");
    assert_eq!(closed["outcome"], "complied");
    let twice = api
        .post(
            &token,
            &format!("/assignments/{id}/outcome"),
            json!({"outcome": "complied", "reason": "Again"}),
        )
        .await;
    assert_error(&twice, 409, "conflict", None);

    // Withdraw another; it then takes no outcome.
    let other = again["assignment_id"].as_str().unwrap();
    let (status, withdrawn) = api
        .post(
            &token,
            &format!("/assignments/{other}/withdraw"),
            json!({"reason": "Disposal changed"}),
        )
        .await;
    assert_eq!(status, 200, "{withdrawn}");
    assert_eq!(withdrawn["status"], "withdrawn");
    let no_outcome = api
        .post(
            &token,
            &format!("/assignments/{other}/outcome"),
            json!({"outcome": "complied", "reason": "x"}),
        )
        .await;
    assert_error(&no_outcome, 409, "conflict", None);

    // Every call is audited as the API client, reads included; changes are in the
    // case timeline, naming the client.
    let db = Database::connect(&server.database_url()).await.unwrap();
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::ActorKind.eq("api-client"))
        .all(&db.connection)
        .await
        .unwrap();
    for action in [
        "api.created-referral",
        "api.viewed-assignment",
        "api.listed-assignment",
        "api.extended-deadline",
        "api.recorded-outcome",
        "api.withdrew-assignment",
    ] {
        assert!(
            events.iter().any(|e| e.action == action),
            "{action} audited"
        );
    }
    // Once the completion record exists, the assignment carries it.
    evidence::Model {
        id: uuid::Uuid::new_v4(),
        assignment_id: uuid::Uuid::parse_str(&id).unwrap(),
        key_id: "key-1".into(),
        token: "signed.completion.record".into(),
        issued_at: chrono::Utc::now(),
        verify_code: Some("ABCDE23456".into()),
    }
    .into_active_model()
    .insert(&db.connection)
    .await
    .unwrap();
    let (_, with_record) = api.get(&token, &format!("/assignments/{id}")).await;
    assert_eq!(with_record["evidence"]["token"], "signed.completion.record");
    assert_eq!(with_record["evidence"]["verify_code"], "ABCDE23456");
    assert_eq!(with_record["evidence"]["key_id"], "key-1");
    let timeline = case_event::Entity::find()
        .filter(case_event::Column::Kind.eq("deadline-extended"))
        .all(&db.connection)
        .await
        .unwrap();
    assert!(
        timeline.iter().any(|e| e
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("by API client Records A"))
            && e.staff_user_id.is_none()),
        "{timeline:?}"
    );
}

#[tokio::test]
async fn bad_requests_get_one_error_shape_naming_the_field() {
    let server = two_forces();
    let token = api_client(&server, "Force A", "Records A");
    let api = Api::new(&server);

    let bad_json = api
        .post_raw(
            &token,
            "/referrals",
            r#"{"participant": {"name": "#.to_owned(),
        )
        .await;
    assert_error(&bad_json, 400, "invalid_json", None);

    let mut unknown = referral("CR/1");
    unknown["participant"]["nickname"] = json!("Sammy");
    let unknown = api.post(&token, "/referrals", unknown).await;
    assert_error(&unknown, 400, "unknown_field", Some("participant.nickname"));

    let mut wrong_type = referral("CR/1");
    wrong_type["participant"]["date_of_birth"] = json!(20000401);
    let wrong_type = api.post(&token, "/referrals", wrong_type).await;
    assert_error(
        &wrong_type,
        400,
        "invalid_field",
        Some("participant.date_of_birth"),
    );

    let mut missing = referral("CR/1");
    missing["assignment"]
        .as_object_mut()
        .unwrap()
        .remove("course_id");
    let missing = api.post(&token, "/referrals", missing).await;
    assert_error(&missing, 400, "missing_field", Some("assignment.course_id"));

    let mut no_course = referral("CR/1");
    no_course["assignment"]["course_id"] = json!("no-such-course");
    let no_course = api.post(&token, "/referrals", no_course).await;
    assert_error(
        &no_course,
        400,
        "invalid_field",
        Some("assignment.course_id"),
    );

    let deep = format!("{}{}", "[".repeat(40), "]".repeat(40));
    let deep = api.post_raw(&token, "/referrals", deep).await;
    assert_error(&deep, 400, "invalid_json", None);

    let huge = api
        .post_raw(&token, "/referrals", format!("\"{}\"", "x".repeat(70_000)))
        .await;
    assert_error(&huge, 413, "body_too_large", None);

    let bad_query = api
        .get(&token, "/assignments?changed_since=yesterday")
        .await;
    assert_error(&bad_query, 400, "invalid_query", Some("changed_since"));
    let bad_limit = api
        .get(
            &token,
            "/assignments?changed_since=2026-01-01T00:00:00Z&limit=201",
        )
        .await;
    assert_error(&bad_limit, 400, "invalid_query", Some("limit"));

    let not_an_id = api.get(&token, "/assignments/not-an-id").await;
    assert_error(&not_an_id, 404, "not_found", None);

    // Tokens: none, made up, revoked.
    let response = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/assignments?changed_since=2026-01-01T00:00:00Z",
            server.base
        ))
        .send()
        .await
        .unwrap();
    assert_error(&Api::read(response).await, 401, "unauthorized", None);
    let made_up = api
        .get(
            "rr_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "/assignments?changed_since=2026-01-01T00:00:00Z",
        )
        .await;
    assert_error(&made_up, 401, "unauthorized", None);
    let revoked = api_client(&server, "Force A", "Old records");
    let (status, _) = api
        .get(&revoked, "/assignments?changed_since=2026-01-01T00:00:00Z")
        .await;
    assert_eq!(status, 200);
    let db = Database::connect(&server.database_url()).await.unwrap();
    let client = api_clients::by_token_hash(&db.connection, &sha256_hex(&revoked))
        .await
        .unwrap()
        .unwrap();
    assert!(
        api_clients::revoke(
            &db.connection,
            client.organisation_id,
            client.id,
            chrono::Utc::now()
        )
        .await
        .unwrap()
    );
    let refused = api
        .get(&revoked, "/assignments?changed_since=2026-01-01T00:00:00Z")
        .await;
    assert_error(&refused, 401, "unauthorized", None);
}

fn sha256_hex(token: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(token.as_bytes()))
}

#[tokio::test]
async fn one_forces_token_reads_and_changes_nothing_of_anothers() {
    let server = two_forces();
    let token_a = api_client(&server, "Force A", "Records A");
    let token_b = api_client(&server, "Force B", "Records B");
    let api = Api::new(&server);
    let id = refer(&api, &token_a, "CR/1").await;
    let changes = [
        (
            "extend",
            json!({"deadline": (chrono::Utc::now().date_naive() + chrono::Days::new(100)).to_string(), "reason": "x"}),
        ),
        ("withdraw", json!({"reason": "x"})),
        ("outcome", json!({"outcome": "complied", "reason": "x"})),
    ];
    let got = api.get(&token_b, &format!("/assignments/{id}")).await;
    assert_error(&got, 404, "not_found", None);
    assert!(!got.1.to_string().contains("CR/1"));
    for (action, body) in &changes {
        let reply = api
            .post(
                &token_b,
                &format!("/assignments/{id}/{action}"),
                body.clone(),
            )
            .await;
        assert_error(&reply, 404, "not_found", None);
    }
    let (status, page) = api
        .get(&token_b, "/assignments?changed_since=2000-01-01T00:00:00Z")
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["assignments"], json!([]));
    // Force B referring the same force reference makes its own participant.
    let (_, b_referral) = api.post(&token_b, "/referrals", referral("CR/1")).await;
    let (_, a_view) = api.get(&token_a, &format!("/assignments/{id}")).await;
    assert_ne!(b_referral["participant_id"], a_view["participant_id"]);
    // And force A's assignment is unchanged.
    assert_eq!(a_view["status"], "assigned");
    assert_eq!(a_view["outcome"], Value::Null);
}

#[tokio::test]
async fn each_client_is_rate_limited() {
    let data = Server::data_dir();
    reroute(
        data.path(),
        &[
            "user",
            "create",
            "--organisation",
            "Force A",
            "--email",
            "admin@a.police.uk",
            "--role",
            "admin",
        ],
        &format!("{}\n", support::world::PASSWORD),
    );
    let server = Server::start_with(data, &[], &[("REROUTE_API_REQUESTS_PER_MINUTE", "3")]);
    let token = api_client(&server, "Force A", "Records A");
    let api = Api::new(&server);
    let path = "/assignments?changed_since=2026-01-01T00:00:00Z";
    for _ in 0..3 {
        assert_eq!(api.get(&token, path).await.0, 200);
    }
    let response = reqwest::Client::new()
        .get(format!("{}/api/v1{path}", server.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    assert!(retry_after.is_some_and(|s| s > 0), "{retry_after:?}");
    assert_error(&Api::read(response).await, 429, "rate_limited", None);
    // Failed authentication is limited per address: 30 a minute.
    let made_up = "rr_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    for _ in 0..30 {
        assert_eq!(api.get(made_up, path).await.0, 401);
    }
    assert_error(&api.get(made_up, path).await, 429, "rate_limited", None);
}

/// The OpenAPI validator, installed by `make tools` (see the Makefile).
fn validator() -> std::path::PathBuf {
    std::env::var_os("REROUTE_OPENAPI_VALIDATOR").map_or_else(
        || support::root_dir().join("target/test-python/bin/openapi-spec-validator"),
        std::path::PathBuf::from,
    )
}

#[tokio::test]
async fn the_openapi_document_is_valid_openapi() {
    let server = two_forces();
    let response = reqwest::get(format!("{}/api/v1/openapi.json", server.base))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let doc: Value = response.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with('3'));
    for path in ["/api/v1/referrals", "/api/v1/assignments/{id}/outcome"] {
        assert!(doc["paths"].get(path).is_some(), "{path}");
    }
    let file = server.data.path().join("openapi.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let validator = validator();
    let output = std::process::Command::new(&validator)
        .arg(&file)
        .output()
        .unwrap_or_else(|err| {
            panic!(
                "the OpenAPI validator {} could not run ({err}): install it with `make tools`",
                validator.display()
            )
        });
    assert!(
        output.status.success(),
        "the OpenAPI document is not valid: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
async fn a_force_admin_adds_and_revokes_clients_in_the_console() {
    let server = two_forces();
    let browser = support::Browser::new(&server);
    let admin_a = browser
        .staff_sign_in("admin@a.police.uk", support::world::PASSWORD)
        .await;
    let admin_b = browser
        .staff_sign_in("admin@b.police.uk", support::world::PASSWORD)
        .await;
    let listed = browser.get(&admin_a, "/staff/api-clients").await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert!(listed.body.contains("There are no API clients yet"));
    let nameless = browser
        .post(&admin_a, "/staff/api-clients", &[("name", "")])
        .await;
    assert_eq!(nameless.status, 422);
    let created = browser
        .post(&admin_a, "/staff/api-clients", &[("name", "Niche RMS")])
        .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let start = created.body.find("rr_live_").expect("the token is shown");
    let token = &created.body[start..start + "rr_live_".len() + 43];
    let api = Api::new(&server);
    let path = "/assignments?changed_since=2026-01-01T00:00:00Z";
    assert_eq!(api.get(token, path).await.0, 200);
    // Shown once: the list no longer has it.
    let again = browser.get(&admin_a, "/staff/api-clients").await;
    assert!(again.body.contains("Niche RMS"));
    assert!(!again.body.contains(token));
    let action_start = again
        .body
        .find("/staff/api-clients/")
        .expect("a revoke form");
    let action = again.body[action_start..]
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    assert!(action.ends_with("/revoke"), "{action}");
    // Another force's admin cannot see or revoke it.
    let other = browser.get(&admin_b, "/staff/api-clients").await;
    assert!(!other.body.contains("Niche RMS"));
    assert_eq!(browser.post(&admin_b, &action, &[]).await.status, 404);
    assert_eq!(api.get(token, path).await.0, 200);
    let revoked = browser.post(&admin_a, &action, &[]).await;
    assert_eq!(revoked.status, 303, "{}", revoked.body);
    assert_eq!(api.get(token, path).await.0, 401);
    let db = Database::connect(&server.database_url()).await.unwrap();
    for action in ["staff.created-api-client", "staff.revoked-api-client"] {
        let found = audit_event::Entity::find()
            .filter(audit_event::Column::Action.eq(action))
            .all(&db.connection)
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "{action}");
    }
}
