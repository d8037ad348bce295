//! The force's learning records as xAPI 1.0.3 statements, against the real binary:
//! participants work through the course by the ordinary forms (one referred through the
//! API), the force's records system reads every page of statements, and every statement
//! is checked against the spec's required fields and types by a small validator (which
//! is itself shown to reject broken statements). One force's token reads none of another
//! force's statements.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::HashSet;

use reroute_db::Database;
use reroute_db::entity::audit_event;
use reroute_db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use support::walk::walk_course;
use support::world::world;
use support::{Server, reroute};

// ---------------------------------------------------------------------------------------
// The validator: xAPI 1.0.3's required fields and types for the statements we send.

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// An absolute IRI: a scheme, a colon, and no spaces.
fn is_iri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !text.chars().any(char::is_whitespace)
}

/// An IRL: an IRI that can be looked up (http or https, with a host).
fn is_irl(text: &str) -> bool {
    is_iri(text)
        && ["http://", "https://"].iter().any(|scheme| {
            text.strip_prefix(scheme)
                .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        })
}

/// An RFC 5646 language tag, in its simple form (`en`, `en-GB`).
fn is_language_tag(text: &str) -> bool {
    let mut parts = text.split('-');
    parts.next().is_some_and(|primary| {
        (2..=8).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic())
    }) && parts
        .all(|sub| (1..=8).contains(&sub.len()) && sub.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn check_language_map(value: &Value, at: &str) -> Result<(), String> {
    let map = value
        .as_object()
        .ok_or(format!("{at} must be a language map"))?;
    if map.is_empty() {
        return Err(format!("{at} is empty"));
    }
    for (tag, text) in map {
        if !is_language_tag(tag) {
            return Err(format!("{at}: `{tag}` is not a language tag"));
        }
        if !text.is_string() {
            return Err(format!("{at}.{tag} must be a string"));
        }
    }
    Ok(())
}

/// An ISO 8601 duration as xAPI allows: `P[nY][nM][nD][T[nH][nM][n[.n]S]]` or `PnW`.
fn is_duration(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('P') else {
        return false;
    };
    if let Some(weeks) = rest.strip_suffix('W') {
        return !weeks.is_empty() && weeks.chars().all(|c| c.is_ascii_digit());
    }
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (rest, None),
    };
    let components = |part: &str, units: &[char], decimal_last: bool| -> Option<usize> {
        let mut count = 0;
        let mut number = String::new();
        let mut next_unit = 0;
        for c in part.chars() {
            if c.is_ascii_digit() || (c == '.' && decimal_last) {
                number.push(c);
                continue;
            }
            let index = units.iter().position(|&u| u == c)?;
            if index < next_unit || number.is_empty() || number.starts_with('.') {
                return None;
            }
            if number.contains('.') && (c != *units.last()? || number.ends_with('.')) {
                return None;
            }
            next_unit = index + 1;
            number.clear();
            count += 1;
        }
        number.is_empty().then_some(count)
    };
    let Some(date_count) = components(date, &['Y', 'M', 'D'], false) else {
        return false;
    };
    match time {
        None => date_count > 0,
        Some(time) => components(time, &['H', 'M', 'S'], true).is_some_and(|n| n > 0),
    }
}

fn check_score(score: &Value) -> Result<(), String> {
    let number = |name: &str| score.get(name).map(|v| v.as_f64().ok_or(name.to_owned()));
    let scaled = number("scaled")
        .transpose()
        .map_err(|n| format!("score.{n} must be a number"))?;
    let raw = number("raw")
        .transpose()
        .map_err(|n| format!("score.{n} must be a number"))?;
    let min = number("min")
        .transpose()
        .map_err(|n| format!("score.{n} must be a number"))?;
    let max = number("max")
        .transpose()
        .map_err(|n| format!("score.{n} must be a number"))?;
    if scaled.is_some_and(|s| !(-1.0..=1.0).contains(&s)) {
        return Err("score.scaled must be from -1 to 1".to_owned());
    }
    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        return Err("score.min must not be above score.max".to_owned());
    }
    if let Some(raw) = raw
        && (min.is_some_and(|m| raw < m) || max.is_some_and(|m| raw > m))
    {
        return Err("score.raw must be from score.min to score.max".to_owned());
    }
    Ok(())
}

/// Checks one statement against xAPI 1.0.3's required fields and types.
fn validate(statement: &Value) -> Result<(), String> {
    let object = statement.as_object().ok_or("a statement is an object")?;
    let allowed = [
        "id",
        "actor",
        "verb",
        "object",
        "result",
        "context",
        "timestamp",
        "stored",
        "authority",
        "version",
        "attachments",
    ];
    if let Some(key) = object.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(format!("`{key}` is not a statement property"));
    }
    let text = |value: &Value, at: &str| -> Result<String, String> {
        value
            .as_str()
            .map(str::to_owned)
            .ok_or(format!("{at} must be a string"))
    };
    // id
    let id = text(&statement["id"], "id")?;
    if !is_uuid(&id) {
        return Err(format!("id `{id}` is not a UUID"));
    }
    // actor: an Agent identified by exactly one inverse functional identifier.
    let actor = statement["actor"]
        .as_object()
        .ok_or("actor is required, as an object")?;
    if let Some(kind) = actor.get("objectType")
        && kind != "Agent"
    {
        return Err(format!("actor.objectType `{kind}` is not Agent"));
    }
    let identifiers = ["mbox", "mbox_sha1sum", "openid", "account"]
        .iter()
        .filter(|k| actor.contains_key(**k))
        .count();
    if identifiers != 1 {
        return Err(format!(
            "actor needs exactly one identifier, has {identifiers}"
        ));
    }
    let account = actor
        .get("account")
        .and_then(Value::as_object)
        .ok_or("actor.account must be an object")?;
    let home_page = text(
        account.get("homePage").unwrap_or(&Value::Null),
        "actor.account.homePage",
    )?;
    if !is_irl(&home_page) {
        return Err(format!(
            "actor.account.homePage `{home_page}` is not an IRL"
        ));
    }
    let name = text(
        account.get("name").unwrap_or(&Value::Null),
        "actor.account.name",
    )?;
    if name.is_empty() {
        return Err("actor.account.name is empty".to_owned());
    }
    // verb
    let verb_id = text(&statement["verb"]["id"], "verb.id")?;
    if !is_iri(&verb_id) {
        return Err(format!("verb.id `{verb_id}` is not an IRI"));
    }
    if let Some(display) = statement["verb"].get("display") {
        check_language_map(display, "verb.display")?;
    }
    // object
    let target = &statement["object"];
    if !target.is_object() {
        return Err("object is required, as an object".to_owned());
    }
    if let Some(kind) = target.get("objectType")
        && kind != "Activity"
    {
        return Err(format!("object.objectType `{kind}` is not Activity"));
    }
    let object_id = text(&target["id"], "object.id")?;
    if !is_iri(&object_id) {
        return Err(format!("object.id `{object_id}` is not an IRI"));
    }
    if let Some(name) = target.get("definition").and_then(|d| d.get("name")) {
        check_language_map(name, "object.definition.name")?;
    }
    // result
    if let Some(result) = statement.get("result") {
        let result = result.as_object().ok_or("result must be an object")?;
        for flag in ["success", "completion"] {
            if result.get(flag).is_some_and(|v| !v.is_boolean()) {
                return Err(format!("result.{flag} must be true or false"));
            }
        }
        if let Some(duration) = result.get("duration") {
            let duration = text(duration, "result.duration")?;
            if !is_duration(&duration) {
                return Err(format!("result.duration `{duration}` is not ISO 8601"));
            }
        }
        if let Some(score) = result.get("score") {
            check_score(score)?;
        }
    }
    // context
    if let Some(context) = statement.get("context") {
        if let Some(registration) = context.get("registration") {
            let registration = text(registration, "context.registration")?;
            if !is_uuid(&registration) {
                return Err("context.registration is not a UUID".to_owned());
            }
        }
        if let Some(platform) = context.get("platform") {
            text(platform, "context.platform")?;
        }
    }
    // timestamp and version
    let timestamp = text(&statement["timestamp"], "timestamp")?;
    chrono::DateTime::parse_from_rfc3339(&timestamp)
        .map_err(|_| format!("timestamp `{timestamp}` is not RFC 3339"))?;
    if statement["version"] != "1.0.3" {
        return Err(format!("version {} is not 1.0.3", statement["version"]));
    }
    Ok(())
}

fn good_statement() -> Value {
    json!({
        "id": "1f0e3dad-9990-5b4c-8f4e-2d1e2a3b4c5d",
        "actor": {"objectType": "Agent", "account": {"homePage": "https://reroute.example", "name": "p1"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/passed", "display": {"en-GB": "passed"}},
        "object": {"objectType": "Activity", "id": "https://reroute.example/courses/c", "definition": {"name": {"en-GB": "C"}}},
        "result": {"score": {"scaled": 0.75, "raw": 3, "min": 0, "max": 4}, "success": true, "duration": "PT38M12S"},
        "context": {"registration": "1f0e3dad-9990-5b4c-8f4e-2d1e2a3b4c5d", "platform": "Reroute"},
        "timestamp": "2026-11-01T10:00:00.000Z",
        "version": "1.0.3"
    })
}

/// A way to break a statement, named.
type Breakage = (&'static str, fn(&mut Value));

#[test]
fn the_validator_accepts_a_good_statement_and_rejects_broken_ones() {
    validate(&good_statement()).unwrap();
    let broken: [Breakage; 16] = [
        ("id", |s| s["id"] = json!("not-a-uuid")),
        ("no actor", |s| {
            s.as_object_mut().unwrap().remove("actor");
        }),
        ("objectType", |s| s["actor"]["objectType"] = json!("Group")),
        ("homePage", |s| {
            s["actor"]["account"]["homePage"] = json!("reroute.example");
        }),
        ("name", |s| s["actor"]["account"]["name"] = json!(42)),
        ("two identifiers", |s| {
            s["actor"]["mbox"] = json!("mailto:a@b.example");
        }),
        ("verb.id", |s| s["verb"]["id"] = json!("passed")),
        ("display", |s| {
            s["verb"]["display"] = json!({"not a tag": "x"})
        }),
        ("object.id", |s| s["object"]["id"] = json!("courses c")),
        ("scaled", |s| s["result"]["score"]["scaled"] = json!(1.5)),
        ("raw", |s| s["result"]["score"]["raw"] = json!(5)),
        ("duration", |s| {
            s["result"]["duration"] = json!("38 minutes")
        }),
        ("timestamp", |s| s["timestamp"] = json!("1 November 2026")),
        ("version", |s| s["version"] = json!("2.0.0")),
        ("success", |s| s["result"]["success"] = json!("yes")),
        ("unknown", |s| s["extra"] = json!(1)),
    ];
    for (what, breaks) in broken {
        let mut statement = good_statement();
        breaks(&mut statement);
        assert!(validate(&statement).is_err(), "{what} was not rejected");
    }
    for good in [
        "PT0S",
        "PT38M12S",
        "PT1H",
        "P1D",
        "PT1.5S",
        "P2W",
        "P1Y2M3DT4H5M6S",
    ] {
        assert!(is_duration(good), "{good}");
    }
    for bad in ["P", "PT", "38M", "PT1S2M", "PT1.S", "P1.5D", "PTS"] {
        assert!(!is_duration(bad), "{bad}");
    }
}

// ---------------------------------------------------------------------------------------
// Against the real binary.

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

/// Reads every page from `since`, `limit` at a time, following `more`; returns the
/// statements and the number of pages.
async fn all_statements(
    server: &Server,
    token: &str,
    since: &str,
    limit: usize,
) -> (Vec<Value>, usize) {
    let client = reqwest::Client::new();
    let mut next = format!("/api/v1/xapi/statements?since={since}&limit={limit}");
    let mut statements = Vec::new();
    let mut pages = 0;
    loop {
        let response = client
            .get(format!("{}{next}", server.base))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(
            response.headers()["x-experience-api-version"],
            "1.0.3",
            "the version header"
        );
        let body: Value = response.json().await.unwrap();
        let page = body["statements"].as_array().unwrap();
        assert!(page.len() <= limit);
        statements.extend(page.iter().cloned());
        pages += 1;
        assert!(pages < 1000, "paging does not end");
        let more = body["more"].as_str().expect("`more` is a string");
        if more.is_empty() {
            return (statements, pages);
        }
        assert!(more.starts_with("/api/v1/xapi/statements?"), "{more}");
        next = more.to_owned();
    }
}

fn verb(statement: &Value) -> &str {
    statement["verb"]["id"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
}

#[tokio::test]
async fn learning_records_are_valid_xapi_and_stay_in_their_force() {
    let world = world().await;
    let server = &world.server;
    let browser = &world.browser;
    let token_a = api_client(server, "Force A", "LRS A");
    let token_b = api_client(server, "Force B", "LRS B");
    let since = "2000-01-01T00:00:00Z";

    // A referral through the API, finished through the participant's forms.
    let reply = reqwest::Client::new()
        .post(format!("{}/api/v1/referrals", server.base))
        .bearer_auth(&token_a)
        .json(&json!({
            "participant": {
                "name": "Sam Jones",
                "date_of_birth": "2000-04-01",
                "force_reference": "A/XAPI",
                "contact": "07700 900123"
            },
            "assignment": {
                "course_id": "victim-awareness",
                "disposal_type": "community-resolution",
                "condition_text": "Complete the online course."
            }
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 201);
    let referral: Value = reply.json().await.unwrap();
    let referred = referral["assignment_id"].as_str().unwrap().to_owned();
    let code = referral["access_code"].as_str().unwrap().to_owned();
    let signed_in = browser
        .post(
            "",
            "/start",
            &[
                ("code", &code),
                ("day", "1"),
                ("month", "4"),
                ("year", "2000"),
            ],
        )
        .await;
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    let sam = signed_in.cookie("reroute_session").unwrap();
    assert!(
        walk_course(browser, &sam, &referred, 400).await,
        "the course was finished"
    );

    // Part of the course for force A's other participant, and for force B's.
    walk_course(browser, &world.participant_a, &world.assignment_a, 12).await;
    walk_course(browser, &world.participant_b, &world.assignment_b, 12).await;

    // Force A, a few at a time so that there are many pages.
    let (statements, pages) = all_statements(server, &token_a, since, 7).await;
    assert!(pages > 2, "{pages} pages");
    for statement in &statements {
        if let Err(problem) = validate(statement) {
            panic!("{problem}: {statement:#}");
        }
    }
    let ids: HashSet<&str> = statements
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), statements.len(), "no statement twice");
    let times: Vec<_> = statements
        .iter()
        .map(|s| chrono::DateTime::parse_from_rfc3339(s["timestamp"].as_str().unwrap()).unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "oldest first");

    let registrations: HashSet<&str> = statements
        .iter()
        .map(|s| s["context"]["registration"].as_str().unwrap())
        .collect();
    assert_eq!(
        registrations,
        HashSet::from([referred.as_str(), world.assignment_a.as_str()])
    );
    let referred_verbs: HashSet<&str> = statements
        .iter()
        .filter(|s| s["context"]["registration"] == referred.as_str())
        .map(verb)
        .collect();
    for expected in [
        "initialized",
        "progressed",
        "answered",
        "completed",
        "passed",
    ] {
        assert!(
            referred_verbs.contains(expected),
            "{expected} in {referred_verbs:?}"
        );
    }
    assert!(!referred_verbs.contains("failed"));
    let passed = statements.iter().find(|s| verb(s) == "passed").unwrap();
    assert_eq!(passed["result"]["success"], true);
    assert_eq!(passed["result"]["score"]["scaled"], 1.0);
    assert_eq!(
        passed["object"]["id"],
        format!("{}/courses/victim-awareness", server.base)
    );
    let finished = statements
        .iter()
        .filter(|s| s["context"]["registration"] == referred.as_str())
        .find(|s| verb(s) == "completed" && s["object"] == passed["object"])
        .unwrap();
    assert_eq!(finished["result"]["completion"], true);
    assert!(
        finished["result"]["duration"]
            .as_str()
            .unwrap()
            .starts_with("PT")
    );
    // No name, email or date of birth: only the participant's id.
    let text = serde_json::to_string(&statements).unwrap();
    for personal in ["Sam Jones", "Alice Alpha", "2000-04-01", "07700"] {
        assert!(!text.contains(personal), "{personal} in the statements");
    }

    // Paging is stable: one big page has the same statements, in the same order.
    let (whole, one) = all_statements(server, &token_a, since, 500).await;
    assert_eq!(one, 1);
    assert_eq!(whole, statements);

    // `since` leaves out what came before.
    let middle = statements[statements.len() / 2]["timestamp"]
        .as_str()
        .unwrap();
    let (later, _) = all_statements(server, &token_a, middle, 500).await;
    assert!(!later.is_empty() && later.len() < statements.len());
    let middle_at = chrono::DateTime::parse_from_rfc3339(middle).unwrap();
    assert!(later.iter().all(|s| {
        chrono::DateTime::parse_from_rfc3339(s["timestamp"].as_str().unwrap()).unwrap() >= middle_at
    }));

    // Force B reads only its own participant's statements.
    let (theirs, _) = all_statements(server, &token_b, since, 500).await;
    assert!(!theirs.is_empty());
    for statement in &theirs {
        validate(statement).unwrap();
        assert_eq!(
            statement["context"]["registration"],
            world.assignment_b.as_str()
        );
        assert!(!ids.contains(statement["id"].as_str().unwrap()));
    }

    // Errors in the API's one shape.
    let client = reqwest::Client::new();
    for (query, field) in [
        ("since=yesterday", "since"),
        ("", "since"),
        ("since=2026-01-01T00:00:00Z&limit=501", "limit"),
        ("since=2026-01-01T00:00:00Z&cursor=%21", "cursor"),
    ] {
        let response = client
            .get(format!("{}/api/v1/xapi/statements?{query}", server.base))
            .bearer_auth(&token_a)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 400, "{query}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "invalid_query", "{body}");
        assert_eq!(body["error"]["field"], field, "{body}");
    }
    let anonymous = client
        .get(format!(
            "{}/api/v1/xapi/statements?since={since}",
            server.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);

    // Documented, and audited as reads of each record.
    let doc: Value = client
        .get(format!("{}/api/v1/openapi.json", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["paths"]["/api/v1/xapi/statements"]["get"].is_object());
    let db = Database::connect(&server.database_url()).await.unwrap();
    let reads = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("api.read-learning-records"))
        .all(&db.connection)
        .await
        .unwrap();
    assert!(reads.iter().all(|e| e.actor_kind == "api-client"));
    let read: HashSet<&str> = reads
        .iter()
        .filter_map(|e| e.record_id.as_deref())
        .collect();
    assert!(read.contains(referred.as_str()) && read.contains(world.assignment_b.as_str()));
}
