//! Opening, migrating and checking a database.

use std::path::Path;
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, DatabaseConnection, DbBackend, DbErr};
use sea_orm_migration::MigratorTrait;

use crate::Migrator;

/// Why a database could not be opened, worded for the person starting the server.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("the database URL `{0}` is not supported: use sqlite://PATH or postgres://HOST/NAME")]
    UnsupportedUrl(String),
    #[error("could not open the database at {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("could not bring the database schema up to date: {0}")]
    Migration(String),
}

/// An open connection pool and the backend it speaks to.
#[derive(Clone, Debug)]
pub struct Database {
    pub connection: DatabaseConnection,
}

/// The SQLite URL for the embedded default: `<data-dir>/reroute.db`, created if missing.
pub fn sqlite_url_for_data_dir(data_dir: &Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        data_dir.join("reroute.db").display()
    )
}

/// Hides any password in a database URL before it is shown or logged.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}://***{}", &url[..scheme_end], &url[at..])
        }
        _ => url.to_owned(),
    }
}

impl Database {
    /// Connects to `url` (sqlite:// or postgres://). SQLite runs in WAL mode with foreign
    /// keys enforced and a busy timeout, so concurrent requests wait instead of failing.
    pub async fn connect(url: &str) -> Result<Self, ConnectError> {
        let backend = if url.starts_with("sqlite:") {
            DbBackend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            DbBackend::Postgres
        } else {
            return Err(ConnectError::UnsupportedUrl(redact_url(url)));
        };
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .connect_timeout(Duration::from_secs(5))
            .acquire_timeout(Duration::from_secs(5))
            .sqlx_logging(false);
        if backend == DbBackend::Sqlite {
            options.map_sqlx_sqlite_opts(|opts| {
                opts.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(5))
            });
        } else {
            options.max_connections(20);
            if url_lacks_user(url) && std::env::var_os("PGUSER").is_none() {
                // Like libpq (psql), default to the operating-system user when the URL
                // names none; sqlx would otherwise fall back to a name that rarely exists.
                if let Some(user) = os_user_name() {
                    options.map_sqlx_postgres_opts(move |opts| opts.username(&user));
                }
            }
        }
        let connection =
            sea_orm::Database::connect(options)
                .await
                .map_err(|err| ConnectError::Unreachable {
                    url: redact_url(url),
                    reason: describe(&err),
                })?;
        Ok(Self { connection })
    }

    /// Applies every migration not yet applied.
    pub async fn migrate(&self) -> Result<(), ConnectError> {
        Migrator::up(&self.connection, None)
            .await
            .map_err(|err| ConnectError::Migration(describe(&err)))
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        self.connection.ping().await.is_ok()
    }

    pub fn backend(&self) -> DbBackend {
        self.connection.get_database_backend()
    }

    /// Closes the pool, waiting for connections in use to be returned.
    pub async fn close(self) -> Result<(), DbErr> {
        self.connection.close().await
    }
}

/// Whether a `postgres://` URL has no `user@` part.
fn url_lacks_user(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    !authority.contains('@')
}

/// The name of the user running this process: `$USER`, or else the password-file entry
/// for the process's uid.
fn os_user_name() -> Option<String> {
    if let Some(user) = std::env::var("USER").ok().filter(|u| !u.is_empty()) {
        return Some(user);
    }
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status
        .lines()
        .find_map(|line| line.strip_prefix("Uid:"))?
        .split_whitespace()
        .nth(1)?
        .to_owned();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.get(2) == Some(&uid.as_str())).then(|| fields[0].to_owned())
    })
}

/// The innermost message of a database error, without sea-orm's wrapping.
fn describe(err: &DbErr) -> String {
    match err {
        DbErr::Conn(inner) => inner.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_password_in_url() {
        assert_eq!(
            redact_url("postgres://user:secret@db.example/reroute"),
            "postgres://***@db.example/reroute"
        );
        assert_eq!(
            redact_url("postgres://127.0.0.1/test"),
            "postgres://127.0.0.1/test"
        );
    }

    #[test]
    fn sqlite_url_points_into_data_dir() {
        assert_eq!(
            sqlite_url_for_data_dir(Path::new("/tmp/x")),
            "sqlite:///tmp/x/reroute.db?mode=rwc"
        );
    }

    #[test]
    fn finds_whether_a_url_names_a_user() {
        assert!(url_lacks_user("postgres://127.0.0.1/test"));
        assert!(url_lacks_user("postgres://127.0.0.1/test?options=a@b"));
        assert!(!url_lacks_user("postgres://root@127.0.0.1/test"));
        assert!(!url_lacks_user("postgres://u:p@db/test"));
    }

    #[tokio::test]
    async fn refuses_unknown_scheme() {
        let err = Database::connect("mysql://localhost/db").await;
        assert!(matches!(err, Err(ConnectError::UnsupportedUrl(_))));
    }
}
