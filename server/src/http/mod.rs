//! The HTTP surface: state shared by handlers, and the router with its middleware.

pub mod assets;
mod health;
mod request_log;

use std::sync::Arc;

use axum::Router;
use axum::extract::FromRef;
use axum::middleware;
use axum::routing::get;
use leptos::prelude::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use reroute_app::{App, shell};
use reroute_db::Database;
use tower_http::compression::CompressionLayer;

use assets::SiteAssets;

/// Everything a request handler may need. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    pub assets: Arc<SiteAssets>,
    pub leptos: LeptosOptions,
}

impl AppState {
    pub fn new(db: Database, assets: SiteAssets) -> Self {
        let leptos = assets.leptos_options();
        Self {
            db,
            assets: Arc::new(assets),
            leptos,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let stylesheet = state.assets.stylesheet_href();
    let render_shell = {
        let stylesheet = stylesheet.clone();
        move |options: LeptosOptions| shell(options, stylesheet.clone())
    };
    let page_context = {
        let db = state.db.clone();
        move || leptos::prelude::provide_context(db.clone())
    };
    Router::new()
        .route("/healthz", get(health::healthz))
        .nest_service("/pkg", state.assets.pkg_service())
        .leptos_routes_with_context(&state, routes, page_context.clone(), {
            let render_shell = render_shell.clone();
            let options = state.leptos.clone();
            move || render_shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(page_context, render_shell))
        .layer(CompressionLayer::new().gzip(true).br(true))
        .layer(middleware::from_fn(request_log::log_request))
        .with_state(state)
}
