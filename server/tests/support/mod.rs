//! Starting the real `reroute` binary for a test, and talking to it as a browser would
//! (cookies by hand, redirects not followed, so every response can be checked).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod walk;
pub mod world;

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BINARY: &str = env!("CARGO_BIN_EXE_reroute");

pub fn root_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port")
}

/// A `reroute` command against the test's data folder, run to the end.
pub fn reroute(data: &Path, args: &[&str], stdin: &str) -> String {
    let mut child = Command::new(BINARY)
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .current_dir(root_dir())
        .env_remove("DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run reroute");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("reroute finished");
    assert!(
        output.status.success(),
        "reroute {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub struct Server {
    child: Child,
    pub base: String,
    pub data: tempfile::TempDir,
}

impl Server {
    /// A data folder to prepare with commands before the server starts.
    pub fn data_dir() -> tempfile::TempDir {
        tempfile::tempdir().expect("temporary directory")
    }

    pub fn start(data: tempfile::TempDir) -> Self {
        Self::start_with(data, &[], &[])
    }

    /// As [`Server::start`], with more `serve` arguments and environment variables.
    pub fn start_with(data: tempfile::TempDir, args: &[&str], env: &[(&str, &str)]) -> Self {
        let addr = format!("127.0.0.1:{}", free_port());
        let log = std::fs::File::create(data.path().join("server.log")).expect("log file");
        let child = Command::new(BINARY)
            .args(["serve", "--addr", &addr, "--log-format", "json"])
            .args(args)
            .arg("--data-dir")
            .arg(data.path())
            .current_dir(root_dir())
            .env_remove("DATABASE_URL")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start reroute");
        let server = Self {
            child,
            base: format!("http://{addr}"),
            data,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(&addr).is_err() {
            assert!(
                Instant::now() < deadline,
                "reroute did not start within 30 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// Kills the server at once (SIGKILL: nothing is flushed or finished) and hands back
    /// its data folder, to start another server on.
    pub fn crash(mut self) -> tempfile::TempDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::mem::replace(&mut self.data, Self::data_dir())
    }

    pub fn database_url(&self) -> String {
        format!(
            "sqlite://{}?mode=rwc",
            self.data.path().join("reroute.db").display()
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub location: String,
    pub set_cookie: Vec<String>,
    pub body: String,
}

impl Reply {
    /// The value the server set for a cookie, if it set one.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookie.iter().find_map(|header| {
            let pair = header.split(';').next()?;
            let (key, value) = pair.split_once('=')?;
            (key == name && !value.is_empty()).then(|| format!("{key}={value}"))
        })
    }
}

pub struct Browser {
    client: reqwest::Client,
    base: String,
}

impl Browser {
    pub fn new(server: &Server) -> Self {
        Self {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            base: server.base.clone(),
        }
    }

    async fn read(response: reqwest::Response) -> Reply {
        let header = |name| {
            response
                .headers()
                .get_all(name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        let location = header("location").into_iter().next().unwrap_or_default();
        let set_cookie = header("set-cookie");
        let status = response.status().as_u16();
        let body = response.text().await.unwrap_or_default();
        Reply {
            status,
            location,
            set_cookie,
            body,
        }
    }

    pub async fn get(&self, cookie: &str, path: &str) -> Reply {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header("cookie", cookie)
            .send()
            .await
            .expect("GET");
        Self::read(response).await
    }

    pub async fn post(&self, cookie: &str, path: &str, form: &[(&str, &str)]) -> Reply {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", cookie)
            .form(form)
            .send()
            .await
            .expect("POST");
        Self::read(response).await
    }

    /// Signs a member of staff in and returns their cookie.
    pub async fn staff_sign_in(&self, email: &str, password: &str) -> String {
        let reply = self
            .post(
                "",
                "/staff/sign-in",
                &[("email", email), ("password", password)],
            )
            .await;
        assert_eq!(
            reply.status, 303,
            "staff sign-in for {email}: {}",
            reply.body
        );
        reply.cookie("reroute_staff").expect("staff cookie")
    }
}

/// The first access code (XXXX-XXXX-XXXX) on a page.
pub fn code_in(html: &str) -> String {
    let bytes = html.as_bytes();
    let is_symbol = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    (0..bytes.len().saturating_sub(14))
        .find(|&i| {
            let window = &bytes[i..i + 14];
            window.iter().enumerate().all(|(j, &b)| {
                if j == 4 || j == 9 {
                    b == b'-'
                } else {
                    is_symbol(b)
                }
            }) && (i == 0 || !is_symbol(bytes[i - 1]))
        })
        .map(|i| html[i..i + 14].to_owned())
        .expect("an access code on the page")
}

/// The first assignment id linked from a page.
pub fn assignment_in(html: &str) -> String {
    let start = html
        .find("/staff/assignments/")
        .expect("an assignment link")
        + "/staff/assignments/".len();
    html[start..start + 36].to_owned()
}
