//! Webhooks: events about assignments, queued in a durable outbox in the same
//! transaction as the change they announce, then signed and delivered with retries by a
//! background worker.

pub mod dispatcher;
pub mod overdue;
pub mod payload;
pub mod sender;
pub mod signing;

use std::sync::Arc;

use tokio::sync::Notify;

/// What the web handlers and the worker share about webhooks.
#[derive(Clone, Debug)]
pub struct Webhooks {
    wake: Arc<Notify>,
    /// Whether endpoints may be on private networks or this machine (the operator's
    /// choice: a server inside a force's network, or tests).
    pub allow_private: bool,
    /// This site's address, for the links in events that no request caused.
    pub base_url: String,
}

impl Webhooks {
    pub fn new(allow_private: bool, base_url: String) -> Self {
        Self {
            wake: Arc::new(Notify::new()),
            allow_private,
            base_url,
        }
    }

    /// Tells the worker that something was queued.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    async fn woken(&self) {
        self.wake.notified().await;
    }
}
