//! Hardening against the real server: every page's Content-Security-Policy carries a
//! fresh nonce that matches the page's own scripts, other responses get a strict policy,
//! HSTS is sent only when the site is served over HTTPS, and a body sent too slowly is
//! cut off.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use support::{Browser, Server, reroute};

const PASSWORD: &str = "plum kettle orbit 7";

fn server_with_admin(args: &[&str], env: &[(&str, &str)]) -> Server {
    let data = Server::data_dir();
    let out = reroute(
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
        &format!("{PASSWORD}\n"),
    );
    assert!(out.contains("created admin"), "{out}");
    Server::start_with(data, args, env)
}

struct Fetched {
    status: u16,
    csp: String,
    hsts: Option<String>,
    body: String,
}

async fn fetch(server: &Server, cookie: &str, path: &str) -> Fetched {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = client
        .get(format!("{}{path}", server.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    let csp = header("content-security-policy").unwrap_or_default();
    let hsts = header("strict-transport-security");
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    Fetched {
        status,
        csp,
        hsts,
        body,
    }
}

/// The directive's sources, for example `script-src`'s.
fn directive<'a>(policy: &'a str, name: &str) -> Vec<&'a str> {
    policy
        .split(';')
        .map(str::trim)
        .find_map(|part| part.strip_prefix(name).filter(|rest| rest.starts_with(' ')))
        .map(|rest| rest.split_whitespace().collect())
        .unwrap_or_default()
}

/// The nonce in a page's `script-src`, checked against every `<script>` on the page: each
/// one either loads a file from this site or carries exactly this nonce.
fn page_nonce(path: &str, page: &Fetched) -> String {
    let scripts = directive(&page.csp, "script-src");
    assert!(
        !scripts.contains(&"'unsafe-inline'") && !scripts.contains(&"'unsafe-eval'"),
        "{path}: {}",
        page.csp
    );
    assert!(scripts.contains(&"'self'") && scripts.contains(&"'wasm-unsafe-eval'"));
    assert!(!directive(&page.csp, "style-src").contains(&"'unsafe-inline'"));
    for (name, expected) in [
        ("default-src", "'self'"),
        ("frame-ancestors", "'none'"),
        ("object-src", "'none'"),
        ("base-uri", "'none'"),
        ("form-action", "'self'"),
    ] {
        assert_eq!(directive(&page.csp, name), [expected], "{path}: {name}");
    }
    let nonces: Vec<&str> = scripts
        .iter()
        .filter_map(|source| source.strip_prefix("'nonce-")?.strip_suffix('\''))
        .collect();
    assert_eq!(nonces.len(), 1, "{path}: {}", page.csp);
    let nonce = nonces[0];
    assert!(nonce.len() >= 22, "{path}: a nonce of at least 128 bits");
    let mut inline = 0;
    for tag in page.body.split("<script").skip(1) {
        let tag = &tag[..tag.find('>').unwrap()];
        if tag.contains(" src=\"/") {
            continue;
        }
        inline += 1;
        assert!(
            tag.contains(&format!("nonce=\"{nonce}\"")),
            "{path}: a script without this response's nonce: <script{tag}>"
        );
    }
    assert!(inline > 0, "{path}: the hydration script is inline");
    assert!(
        !page.body.contains(" style=\""),
        "{path}: an inline style attribute, which the policy blocks"
    );
    nonce.to_owned()
}

#[tokio::test]
async fn every_page_has_a_fresh_nonce_that_matches_its_scripts() {
    let server = server_with_admin(&[], &[]);
    let browser = Browser::new(&server);
    let staff = browser.staff_sign_in("admin@a.police.uk", PASSWORD).await;
    let pages = [
        ("", "/", 200),
        ("", "/start", 200),
        ("", "/settings", 200),
        ("", "/verify", 200),
        ("", "/staff/sign-in", 200),
        ("", "/no-such-page", 404),
        (staff.as_str(), "/staff", 200),
        (staff.as_str(), "/staff/assign", 200),
        (staff.as_str(), "/staff/users", 200),
        (staff.as_str(), "/staff/settings", 200),
        (staff.as_str(), "/staff/courses", 200),
        (staff.as_str(), "/staff/account", 200),
        (staff.as_str(), "/staff/account/two-factor", 200),
    ];
    for (cookie, path, status) in pages {
        let first = fetch(&server, cookie, path).await;
        assert_eq!(first.status, status, "{path}");
        let second = fetch(&server, cookie, path).await;
        let (a, b) = (page_nonce(path, &first), page_nonce(path, &second));
        assert_ne!(a, b, "{path}: the nonce must change with every response");
        assert_eq!(first.hsts, None, "{path}: no HSTS without --secure-cookies");
    }
}

#[tokio::test]
async fn other_responses_get_a_strict_policy() {
    let server = server_with_admin(&[], &[]);
    let browser = Browser::new(&server);
    let staff = browser.staff_sign_in("admin@a.police.uk", PASSWORD).await;
    for (cookie, path) in [
        // Responses that exist without the built site (unit tests run before the build).
        ("", "/healthz"),
        ("", "/.well-known/jwks.json"),
        ("", "/api/v1/openapi.json"),
        (staff.as_str(), "/staff/export.csv"),
        ("", "/staff"),
    ] {
        let response = fetch(&server, cookie, path).await;
        assert_eq!(
            directive(&response.csp, "default-src"),
            ["'none'"],
            "{path}: {}",
            response.csp
        );
        assert_eq!(directive(&response.csp, "frame-ancestors"), ["'none'"]);
        assert!(!response.csp.contains("nonce-"), "{path}");
    }
}

#[tokio::test]
async fn hsts_is_sent_only_when_served_over_https() {
    let server = server_with_admin(&["--secure-cookies"], &[]);
    for path in ["/", "/staff/sign-in", "/healthz", "/enhance.js"] {
        let response = fetch(&server, "", path).await;
        assert_eq!(
            response.hsts.as_deref(),
            Some("max-age=31536000; includeSubDomains"),
            "{path}"
        );
    }
}

/// Sends the headers of a form post and then its body one byte every 200 ms until the
/// server closes the connection; returns what it sent back and how long it took to close.
fn dribble(addr: &str, path: &str) -> (String, Duration) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
    )
    .unwrap();
    let started = Instant::now();
    let mut reply = Vec::new();
    let mut buffer = [0u8; 4096];
    while started.elapsed() < Duration::from_secs(15) {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => reply.extend_from_slice(&buffer[..n]),
            Err(err) if matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => break,
        }
        // The server may already have stopped reading; that is the point.
        let _ = stream.write_all(b"a");
    }
    (
        String::from_utf8_lossy(&reply).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test]
async fn a_body_sent_too_slowly_is_cut_off() {
    let server = server_with_admin(&[], &[("REROUTE_REQUEST_TIMEOUT_SECONDS", "2")]);
    let addr = server.base.trim_start_matches("http://").to_owned();
    for path in ["/staff/sign-in", "/start"] {
        let addr = addr.clone();
        let (reply, took) = tokio::task::spawn_blocking(move || dribble(&addr, path))
            .await
            .unwrap();
        assert!(
            reply.starts_with("HTTP/1.1 408"),
            "{path}: expected 408 Request Timeout, got {reply:?}"
        );
        assert!(
            took >= Duration::from_millis(1500) && took < Duration::from_secs(6),
            "{path}: connection closed after {took:?}"
        );
    }
    // A request sent at normal speed is unaffected.
    let page = fetch(&server, "", "/staff/sign-in").await;
    assert_eq!(page.status, 200);
}
