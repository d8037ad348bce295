//! The background worker: sends due deliveries, records each try, and schedules the
//! next with backoff. It is woken when an event is queued in this process and otherwise
//! polls, so events queued by another server process, and retries, are picked up too.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use reroute_db::Database;
use reroute_db::entity::{webhook_delivery, webhook_endpoint};
use reroute_db::queries::webhooks::{self, AttemptNext, AttemptResult};
use reroute_domain::webhook::retry_delay;
use tokio::task::JoinSet;

use super::sender::Sender;
use super::signing::secret_for;
use super::{Webhooks, overdue};

/// The longest the worker sleeps when nothing wakes it.
const POLL: Duration = Duration::from_secs(5);
/// How often newly overdue assignments are looked for.
const OVERDUE_SCAN: Duration = Duration::from_secs(60);
/// Deliveries sent at once.
const BATCH: u64 = 20;
/// How long a claimed delivery is held: longer than a try can take, so it is retried
/// only if the worker that claimed it died.
const LEASE: chrono::Duration = chrono::Duration::seconds(60);

/// Starts the worker on the runtime.
pub fn spawn(db: Database, key: Vec<u8>, webhooks: Webhooks) -> anyhow::Result<()> {
    let sender = Arc::new(Sender::new(webhooks.allow_private)?);
    let key = Arc::new(key);
    tokio::spawn(async move {
        let mut next_scan = tokio::time::Instant::now();
        loop {
            if tokio::time::Instant::now() >= next_scan {
                match overdue::scan(&db.connection, &webhooks.base_url, Utc::now()).await {
                    Ok(0) => {}
                    Ok(queued) => tracing::info!(queued, "queued overdue webhook events"),
                    Err(err) => tracing::error!(%err, "the overdue webhook scan failed"),
                }
                next_scan = tokio::time::Instant::now() + OVERDUE_SCAN;
            }
            let sent = match deliver_due(&db, &sender, &key).await {
                Ok(sent) => sent,
                Err(err) => {
                    tracing::error!(%err, "could not read the webhook outbox");
                    0
                }
            };
            if sent < BATCH {
                tokio::select! {
                    () = webhooks.woken() => {}
                    () = tokio::time::sleep(POLL) => {}
                }
            }
        }
    });
    Ok(())
}

/// Sends up to a batch of due deliveries at once; returns how many were due.
async fn deliver_due(
    db: &Database,
    sender: &Arc<Sender>,
    key: &Arc<Vec<u8>>,
) -> Result<u64, reroute_db::sea_orm::DbErr> {
    let due = webhooks::due(&db.connection, Utc::now(), BATCH).await?;
    let count = u64::try_from(due.len()).unwrap_or(BATCH);
    let mut tries = JoinSet::new();
    for (delivery, endpoint) in due {
        let (db, sender, key) = (db.clone(), Arc::clone(sender), Arc::clone(key));
        tries.spawn(async move {
            if let Err(err) = deliver(&db, &sender, &key, delivery, endpoint).await {
                tracing::error!(%err, "could not record a webhook delivery");
            }
        });
    }
    while tries.join_next().await.is_some() {}
    Ok(count)
}

async fn deliver(
    db: &Database,
    sender: &Sender,
    key: &[u8],
    delivery: webhook_delivery::Model,
    endpoint: webhook_endpoint::Model,
) -> Result<(), reroute_db::sea_orm::DbErr> {
    let started = Utc::now();
    if !webhooks::claim(&db.connection, delivery.id, started, started + LEASE).await? {
        return Ok(());
    }
    let secret = secret_for(key, endpoint.id, endpoint.secret_version);
    let sent = sender
        .send(
            &endpoint.url,
            &secret,
            &delivery.event_type,
            &delivery.id.to_string(),
            &delivery.payload,
            started.timestamp(),
        )
        .await;
    let at = Utc::now();
    let next = if sent.delivered() {
        AttemptNext::Delivered
    } else {
        match retry_delay(delivery.attempts.saturating_add(1)) {
            Some(wait) => chrono::Duration::from_std(wait)
                .map_or(AttemptNext::GiveUp, |wait| AttemptNext::RetryAt(at + wait)),
            None => AttemptNext::GiveUp,
        }
    };
    tracing::info!(
        delivery = %delivery.id,
        event = %delivery.event_type,
        status = ?sent.status,
        outcome = ?next,
        "webhook delivery tried"
    );
    let result = AttemptResult {
        at,
        status_code: sent.status,
        error: sent.error,
        next,
    };
    webhooks::record_attempt(&db.connection, delivery.id, &result).await
}
