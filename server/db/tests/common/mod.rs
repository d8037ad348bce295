//! Test databases: a fresh SQLite file, or a fresh PostgreSQL database created for the
//! test and dropped after it. PostgreSQL must be running; a missing server fails the test.

use reroute_db::Database;
use reroute_db::sea_orm::ConnectionTrait;

/// Where the PostgreSQL tests connect to create their own databases.
pub fn postgres_admin_url() -> String {
    std::env::var("REROUTE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://127.0.0.1/test".to_owned())
}

pub struct TestDatabase {
    pub db: Database,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin: Database, name: String },
}

impl TestDatabase {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = reroute_db::sqlite_url_for_data_dir(dir.path());
        let db = Database::connect(&url).await.expect("open SQLite");
        db.migrate().await.expect("migrate SQLite");
        Self {
            db,
            cleanup: Cleanup::Sqlite(dir),
        }
    }

    pub async fn postgres() -> Self {
        let admin_url = postgres_admin_url();
        let admin = Database::connect(&admin_url).await.unwrap_or_else(|err| {
            panic!("PostgreSQL is required for the data-layer tests ({admin_url}): {err}")
        });
        let name = format!("reroute_test_{}", uuid::Uuid::new_v4().simple());
        admin
            .connection
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create test database");
        let (base, _) = admin_url
            .rsplit_once('/')
            .expect("PostgreSQL URL has a database name");
        let db = Database::connect(&format!("{base}/{name}"))
            .await
            .expect("open test database");
        db.migrate().await.expect("migrate PostgreSQL");
        Self {
            db,
            cleanup: Cleanup::Postgres { admin, name },
        }
    }

    pub async fn drop_database(self) {
        let Self { db, cleanup } = self;
        db.close().await.expect("close database");
        if let Cleanup::Postgres { admin, name } = cleanup {
            admin
                .connection
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
                .await
                .expect("drop test database");
        }
    }
}
