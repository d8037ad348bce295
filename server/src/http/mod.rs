//! The HTTP surface: state shared by handlers, and the router with its middleware.

mod api;
pub mod assets;
mod cookies;
mod csrf;
pub mod evidence;
mod form;
mod health;
mod media;
mod page;
mod participant;
mod request_log;
mod security_headers;
mod settings;
mod staff;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRef};
use axum::http::StatusCode;
use axum::middleware;
use axum::routing::{get, post};
use leptos::prelude::LeptosOptions;
use reroute_db::Database;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;

use crate::content_library::ContentLibrary;
use crate::secrets::ServerKeys;
use assets::SiteAssets;

/// Everything a request handler may need. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    pub assets: Arc<SiteAssets>,
    pub leptos: LeptosOptions,
    pub content: Arc<ContentLibrary>,
    pub keys: Arc<ServerKeys>,
    /// Whether cookies get the Secure flag and responses HSTS (the site is served over
    /// HTTPS).
    pub secure_cookies: bool,
    /// The longest a request may take, reading its body included: a client that sends
    /// slowly gets 408 and its connection closed, so it cannot hold the server's
    /// connections open (slow-loris).
    pub request_timeout: Duration,
    /// Requests each API client may make per minute (counted in the database).
    pub api_requests_per_minute: i32,
    /// The site's public address (`https://reroute.example.police.uk`): the issuer of
    /// completion records and the start of their verify address. Without it, the
    /// request's Host header is used.
    pub public_url: Option<String>,
    pub webhooks: crate::webhook::Webhooks,
}

impl AppState {
    pub fn new(
        db: Database,
        assets: SiteAssets,
        content: ContentLibrary,
        keys: ServerKeys,
        secure_cookies: bool,
    ) -> Self {
        let leptos = assets.leptos_options();
        Self {
            db,
            assets: Arc::new(assets),
            leptos,
            content: Arc::new(content),
            keys: Arc::new(keys),
            secure_cookies,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            api_requests_per_minute: DEFAULT_API_REQUESTS_PER_MINUTE,
            public_url: None,
            webhooks: crate::webhook::Webhooks::new(false, String::new()),
        }
    }

    pub fn with_request_timeout(self, request_timeout: Duration) -> Self {
        Self {
            request_timeout,
            ..self
        }
    }

    pub fn with_api_requests_per_minute(self, api_requests_per_minute: i32) -> Self {
        Self {
            api_requests_per_minute,
            ..self
        }
    }

    pub fn with_webhooks(self, webhooks: crate::webhook::Webhooks) -> Self {
        Self { webhooks, ..self }
    }

    pub fn with_public_url(self, public_url: Option<String>) -> Self {
        Self {
            public_url: public_url.map(|url| url.trim_end_matches('/').to_owned()),
            ..self
        }
    }
}

/// Each API client's allowance, ample for a records system's synchronisation.
pub const DEFAULT_API_REQUESTS_PER_MINUTE: i32 = 600;

/// Ample for any form on a slow mobile connection.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

/// The largest request body accepted: ample for any form.
const BODY_LIMIT_BYTES: usize = 64 * 1024;

pub fn router(state: AppState) -> Router {
    // Leptos renders on the tokio runtime; an error only means it is set up already.
    let _ = any_spawner::Executor::init_tokio();
    let site_files = ServeDir::new(state.assets.site_root())
        .not_found_service(get(page::not_found).with_state(state.clone()));
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/.well-known/jwks.json", get(evidence::jwks))
        .route("/verify", get(evidence::verify_form))
        .route("/verify/{code}", get(evidence::verify_code))
        .route("/", get(page::home))
        .route("/settings", get(settings::show).post(settings::save))
        .merge(participant::routes())
        .merge(staff::routes())
        .nest("/api/v1", api::routes())
        .route("/courses/{course}/media/{file}", get(media::serve))
        .route("/sign-out", post(participant::sign_out))
        .nest_service("/pkg", state.assets.pkg_service())
        .fallback_service(site_files)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            state.request_timeout,
        ))
        .layer(middleware::from_fn(csrf::refuse_cross_site_posts))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security_headers::add,
        ))
        .layer(CompressionLayer::new().gzip(true).br(true))
        .layer(middleware::from_fn(request_log::log_request))
        .with_state(state)
}
