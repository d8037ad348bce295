//! `GET /healthz`: for load balancers and monitoring.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

use super::AppState;

#[derive(Debug, Serialize)]
pub struct Health {
    pub status: &'static str,
    pub version: &'static str,
    pub database: &'static str,
}

/// 200 when the database answers, 503 when it does not.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let database_ok = state.db.ping().await;
    let (code, status, database) = if database_ok {
        (StatusCode::OK, "ok", "ok")
    } else {
        tracing::warn!("health check: the database did not answer");
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "unreachable",
        )
    };
    (
        code,
        Json(Health {
            status,
            version: env!("CARGO_PKG_VERSION"),
            database,
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content_library::ContentLibrary;
    use crate::http::assets::SiteAssets;
    use crate::secrets::ServerKeys;
    use reroute_db::{Database, sqlite_url_for_data_dir};

    async fn state() -> (AppState, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("temporary directory");
        let db = Database::connect(&sqlite_url_for_data_dir(dir.path()))
            .await
            .expect("open SQLite");
        let content_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        let content = ContentLibrary::load(&content_dir).expect("the project's content is valid");
        let keys = ServerKeys::load_or_create(dir.path()).expect("keys");
        let state = AppState::new(db, SiteAssets::discover(dir.path()), content, keys, false);
        (state, dir)
    }

    #[tokio::test]
    async fn healthy_when_the_database_answers() {
        let (state, _dir) = state().await;
        let (code, Json(body)) = healthz(State(state)).await;
        assert_eq!(code, StatusCode::OK);
        assert_eq!(body.database, "ok");
    }

    #[tokio::test]
    async fn unavailable_when_the_database_does_not_answer() {
        let (state, _dir) = state().await;
        state
            .db
            .connection
            .close_by_ref()
            .await
            .expect("close pool");
        let (code, Json(body)) = healthz(State(state)).await;
        assert_eq!(code, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(body.database, "unreachable");
    }
}
