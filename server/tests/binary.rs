//! Runs the real `reroute` binary: start-up, health, logging, shutdown and the errors a
//! bad configuration gives.

// A test that cannot set itself up should fail loudly, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_reroute");

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port")
}

fn content_dir() -> String {
    format!("{}/../content", env!("CARGO_MANIFEST_DIR"))
}

fn postgres_url() -> String {
    std::env::var("REROUTE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://127.0.0.1/test".to_owned())
}

struct Server {
    child: Child,
    base: String,
    _data: tempfile::TempDir,
}

impl Server {
    fn start(extra: &[&str]) -> Self {
        let data = tempfile::tempdir().expect("temporary directory");
        let port = free_port();
        let addr = format!("127.0.0.1:{port}");
        let child = Command::new(BINARY)
            .args(["serve", "--addr", &addr, "--log-format", "json"])
            .arg("--data-dir")
            .arg(data.path())
            .args(extra)
            .current_dir(env!("CARGO_MANIFEST_DIR").to_owned() + "/..")
            .env_remove("DATABASE_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start reroute");
        let server = Self {
            child,
            base: format!("http://{addr}"),
            _data: data,
        };
        server.wait_until_up();
        server
    }

    fn data_dir(&self) -> &std::path::Path {
        self._data.path()
    }

    fn wait_until_up(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(self.base.trim_start_matches("http://")).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("reroute did not start listening within 30 s");
    }

    /// Sends SIGTERM and returns the exit status and everything the server logged.
    fn terminate(mut self) -> (std::process::ExitStatus, String) {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("send SIGTERM");
        let status = self.child.wait().expect("wait for exit");
        let mut log = String::new();
        if let Some(stderr) = self.child.stderr.take() {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                log.push_str(&line);
                log.push('\n');
            }
        }
        (status, log)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().build().expect("HTTP client")
}

#[tokio::test]
async fn serves_health_and_home_on_sqlite_then_shuts_down_gracefully() {
    let server = Server::start(&[]);
    assert!(
        server.data_dir().join("reroute.db").is_file(),
        "SQLite file created in the data folder"
    );

    let health = client()
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status(), 200);
    let request_id = health
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .expect("x-request-id header");
    let body: serde_json::Value = health.json().await.expect("JSON body");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));

    let home = client().get(&server.base).send().await.expect("home page");
    assert_eq!(home.status(), 200);
    let html = home.text().await.expect("home HTML");
    assert!(html.contains("Do your online course"));
    assert!(html.contains("/staff/sign-in"));

    let missing = client()
        .get(format!("{}/no-such-page", server.base))
        .send()
        .await
        .expect("404");
    assert_eq!(missing.status(), 404);
    assert!(
        missing
            .text()
            .await
            .expect("404 HTML")
            .contains("Page not found")
    );

    let (status, log) = server.terminate();
    assert!(status.success(), "clean exit on SIGTERM: {status:?}\n{log}");
    assert!(log.contains("SIGTERM received"), "{log}");
    // Every request is logged once, as JSON, with its id, method, path, status and duration.
    let line = log
        .lines()
        .find(|line| line.contains(&request_id) && line.contains("\"path\":\"/healthz\""))
        .unwrap_or_else(|| panic!("a log line for the health request:\n{log}"));
    let entry: serde_json::Value = serde_json::from_str(line).expect("log line is JSON");
    assert_eq!(entry["method"], "GET");
    assert_eq!(entry["status"], 200);
    assert!(entry["duration_ms"].is_number());
}

#[tokio::test]
async fn responses_are_compressed_when_the_browser_accepts_it() {
    let server = Server::start(&[]);
    let response = reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .build()
        .expect("client")
        .get(&server.base)
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .expect("home page");
    assert_eq!(
        response
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("br")
    );
}

#[tokio::test]
async fn runs_the_same_schema_on_postgres() {
    let url = postgres_url();
    let server = Server::start(&["--database-url", &url]);
    let health = client()
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status(), 200);
    assert!(
        !server.data_dir().join("reroute.db").exists(),
        "no SQLite file when PostgreSQL is used"
    );
    let (status, _) = server.terminate();
    assert!(status.success());
}

#[test]
fn demo_seeds_once_and_prints_how_to_sign_in() {
    let data = tempfile::tempdir().expect("temporary directory");
    let run = |port: u16| {
        let mut child = Command::new(BINARY)
            .args([
                "serve",
                "--demo",
                "--addr",
                &format!("127.0.0.1:{port}"),
                "--content",
                &content_dir(),
            ])
            .arg("--data-dir")
            .arg(data.path())
            .env_remove("DATABASE_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start reroute");
        let stdout = child.stdout.take().expect("stdout");
        let mut printed = String::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            printed.push_str(&line);
            printed.push('\n');
            if line.contains("date of birth") {
                break;
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        printed
    };
    let first = run(free_port());
    assert!(first.contains("caseworker@demo.reroute.test"), "{first}");
    assert!(first.contains("code"), "{first}");
    let second = run(free_port());
    assert_eq!(
        first, second,
        "the second start prints the same, unchanged demo data"
    );
}

fn run_to_failure(args: &[&str]) -> String {
    let output = Command::new(BINARY)
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run reroute");
    assert!(!output.status.success(), "expected failure for {args:?}");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "no panic: {stderr}");
    assert_eq!(
        stderr
            .trim()
            .lines()
            .filter(|l| l.starts_with("error:"))
            .count(),
        1,
        "{stderr}"
    );
    stderr
}

#[test]
fn a_port_in_use_is_a_one_line_error() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("address").to_string();
    let data = tempfile::tempdir().expect("temporary directory");
    let data_dir = data.path().to_string_lossy().into_owned();
    let content = content_dir();
    let stderr = run_to_failure(&[
        "serve",
        "--addr",
        &addr,
        "--data-dir",
        &data_dir,
        "--content",
        &content,
    ]);
    assert!(stderr.contains("--addr"), "{stderr}");
}

#[test]
fn an_unwritable_data_dir_is_a_one_line_error() {
    let parent = tempfile::tempdir().expect("temporary directory");
    let file = parent.path().join("file");
    std::fs::write(&file, b"").expect("write");
    let stderr = run_to_failure(&["migrate", "--data-dir", &file.to_string_lossy()]);
    assert!(stderr.contains("--data-dir"), "{stderr}");
}

#[test]
fn a_malformed_database_url_is_a_one_line_error() {
    let stderr = run_to_failure(&["migrate", "--database-url", "mysql://nowhere/db"]);
    assert!(
        stderr.contains("sqlite://") && stderr.contains("postgres://"),
        "{stderr}"
    );
}

#[test]
fn an_unreachable_database_is_a_one_line_error() {
    let port = free_port();
    let url = format!("postgres://127.0.0.1:{port}/none");
    let stderr = run_to_failure(&["migrate", "--database-url", &url]);
    assert!(stderr.contains("--database-url"), "{stderr}");
}

#[test]
fn migrate_creates_the_schema_and_exits() {
    let data = tempfile::tempdir().expect("temporary directory");
    let status = Command::new(BINARY)
        .args(["migrate", "--data-dir"])
        .arg(data.path())
        .env_remove("DATABASE_URL")
        .stderr(Stdio::null())
        .status()
        .expect("run migrate");
    assert!(status.success());
    assert!(data.path().join("reroute.db").is_file());
}

#[test]
fn check_content_passes_the_project_courses_and_fails_broken_ones() {
    let ok = Command::new(BINARY)
        .args(["check-content", &content_dir(), "--reading-ages"])
        .output()
        .expect("run check-content");
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(ok.status.success(), "{stdout}");
    assert!(stdout.contains("0 errors"), "{stdout}");
    assert!(
        stdout.contains("victim-awareness/01-welcome: reading age"),
        "{stdout}"
    );

    let broken = format!(
        "{}/../content/format/tests/fixtures/broken",
        env!("CARGO_MANIFEST_DIR")
    );
    let failed = Command::new(BINARY)
        .args(["check-content", &broken])
        .output()
        .expect("run check-content");
    assert_eq!(failed.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&failed.stdout);
    assert!(stdout.contains(": error: "), "{stdout}");

    let missing = Command::new(BINARY)
        .args(["check-content", "/no/such/folder"])
        .output()
        .expect("run check-content");
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn content_with_errors_stops_the_start_with_the_checkers_report() {
    let data = tempfile::tempdir().expect("temporary directory");
    let broken = format!(
        "{}/../content/format/tests/fixtures/broken",
        env!("CARGO_MANIFEST_DIR")
    );
    let output = Command::new(BINARY)
        .args(["serve", "--addr", "127.0.0.1:0", "--content", &broken])
        .arg("--data-dir")
        .arg(data.path())
        .env_remove("DATABASE_URL")
        .output()
        .expect("run reroute");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("has errors; fix them and start again"),
        "{stderr}"
    );
    assert!(
        stderr.contains(": error: "),
        "the checker's report is shown: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn audit_verify_reports_an_intact_chain() {
    let data = tempfile::tempdir().expect("temporary directory");
    let output = Command::new(BINARY)
        .args(["audit", "verify", "--data-dir"])
        .arg(data.path())
        .env_remove("DATABASE_URL")
        .output()
        .expect("run audit verify");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("the audit log is intact: 0 events checked"),
        "{stdout}"
    );
}
