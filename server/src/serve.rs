//! `reroute serve` and `reroute migrate`.

use anyhow::Context;
use tokio::net::TcpListener;

use crate::cli::{DatabaseArgs, ServeArgs};
use crate::content_library::ContentLibrary;
use crate::http::{self, AppState, assets::SiteAssets};
use crate::secrets::ServerKeys;
use crate::webhook::{self, Webhooks};
use crate::{demo, retention, settings};

pub async fn migrate(args: DatabaseArgs) -> anyhow::Result<()> {
    let db = settings::open_database(&args).await?;
    tracing::info!("the database schema is up to date");
    db.close().await.context("closing the database")?;
    Ok(())
}

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    settings::prepare_data_dir(&args.database.data_dir)?;
    let keys = ServerKeys::load_or_create(&args.database.data_dir)?;
    let content = ContentLibrary::load(&args.content)?;
    let db = settings::open_database(&args.database).await?;
    content
        .store_versions(&db.connection)
        .await
        .context("could not store the course versions")?;
    if args.demo {
        demo::seed(
            &db,
            &args.database.data_dir,
            &keys,
            &format!("http://{}", args.addr),
        )
        .await?;
    }
    let assets = SiteAssets::discover(&args.site_root);
    let listener = TcpListener::bind(args.addr).await.with_context(|| {
        format!(
            "cannot listen on {}: another program may be using it; stop it or choose another --addr",
            args.addr
        )
    })?;
    tracing::info!(address = %args.addr, "Reroute is listening on http://{}", args.addr);

    retention::spawn_daily(db.clone());
    let base_url = args.public_url.as_deref().map_or_else(
        || format!("http://{}", args.addr),
        |url| url.trim_end_matches('/').to_owned(),
    );
    let webhooks = Webhooks::new(args.webhooks_allow_private, base_url);
    webhook::dispatcher::spawn(db.clone(), keys.webhook.clone(), webhooks.clone())
        .context("could not start the webhook sender")?;
    let state = AppState::new(db.clone(), assets, content, keys, args.secure_cookies)
        .with_webhooks(webhooks)
        .with_request_timeout(std::time::Duration::from_secs(args.request_timeout_seconds))
        .with_api_requests_per_minute(args.api_requests_per_minute)
        .with_public_url(args.public_url.clone());
    axum::serve(
        listener,
        http::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("the server stopped unexpectedly")?;

    tracing::info!("finished in-flight requests; closing the database");
    db.close().await.context("closing the database")?;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM. Axum then stops accepting connections and waits for
/// requests in flight to finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(%err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C received: shutting down"),
        () = terminate => tracing::info!("SIGTERM received: shutting down"),
    }
}
