//! Sends one delivery over HTTP(S) and says what came of it.
//!
//! Unless private networks are allowed, every name is looked up here and only public
//! addresses are connected to, so a name that resolves (or is re-pointed) to an internal
//! address cannot reach internal services. Redirects are not followed and proxies are
//! not used, for the same reason.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reroute_domain::webhook::{accepted, check_address, is_public};

use super::signing::{SIGNATURE_HEADER, signature};

/// How long a receiver has to answer.
const TIMEOUT: Duration = Duration::from_secs(10);

/// What a try came to: the receiver's status, if it answered, and otherwise why not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    pub status: Option<u16>,
    pub error: Option<String>,
}

impl Sent {
    pub fn delivered(&self) -> bool {
        self.status.is_some_and(accepted)
    }

    fn failed(reason: &str) -> Self {
        Self {
            status: None,
            error: Some(reason.to_owned()),
        }
    }
}

/// Looks names up and keeps only the addresses deliveries may go to.
struct GuardedResolver {
    allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let found = tokio::net::lookup_host((name.as_str(), 0)).await?;
            let allowed: Vec<SocketAddr> = found
                .filter(|addr| allow_private || is_public(addr.ip()))
                .collect();
            if allowed.is_empty() {
                return Err("the name has no public address".into());
            }
            let addrs: Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

pub struct Sender {
    client: reqwest::Client,
    allow_private: bool,
}

impl Sender {
    pub fn new(allow_private: bool) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .user_agent(concat!("Reroute-Webhooks/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(Arc::new(GuardedResolver { allow_private }))
            .build()?;
        Ok(Self {
            client,
            allow_private,
        })
    }

    /// POSTs `body` to `url`, signed with `secret` at `timestamp`.
    pub async fn send(
        &self,
        url: &str,
        secret: &str,
        event_type: &str,
        delivery_id: &str,
        body: &str,
        timestamp: i64,
    ) -> Sent {
        // Checked again on every try: the server's settings may have changed since the
        // address was registered.
        if let Err(problem) = check_address(url, self.allow_private) {
            return Sent::failed(&format!("Not sent: {}", problem.message()));
        }
        let request = self
            .client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("Reroute-Event", event_type)
            .header("Reroute-Delivery", delivery_id)
            .header(
                SIGNATURE_HEADER,
                signature(secret, timestamp, body.as_bytes()),
            )
            .body(body.to_owned());
        match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                Sent {
                    status: Some(status),
                    error: (!accepted(status)).then(|| format!("The receiver answered {status}")),
                }
            }
            Err(err) => Sent::failed(&describe(&err)),
        }
    }
}

/// A short reason for the delivery log; the full error goes to the server log.
fn describe(err: &reqwest::Error) -> String {
    tracing::warn!(error = %err, "a webhook delivery failed");
    if err.is_timeout() {
        format!("No answer within {} seconds", TIMEOUT.as_secs())
    } else if err.is_connect() {
        "Could not connect to the address".to_owned()
    } else {
        "The request failed before an answer came".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn resolve(name: &str, allow_private: bool) -> Result<Vec<SocketAddr>, String> {
        let name: Name = name.parse().map_err(|_| "bad name".to_owned())?;
        GuardedResolver { allow_private }
            .resolve(name)
            .await
            .map(Iterator::collect)
            .map_err(|err| err.to_string())
    }

    #[tokio::test]
    async fn names_that_resolve_to_this_machine_are_refused_unless_private_is_allowed() {
        // "localhost" resolves without a network, like a hostile name pointed at
        // 127.0.0.1 would.
        assert!(resolve("localhost", false).await.is_err());
        let allowed = resolve("localhost", true).await.unwrap_or_default();
        assert!(!allowed.is_empty());
        assert!(allowed.iter().all(|addr| addr.ip().is_loopback()));
    }

    #[tokio::test]
    async fn a_private_address_is_not_sent_to_and_says_why() {
        let sender = match Sender::new(false) {
            Ok(sender) => sender,
            Err(err) => panic!("the HTTP client could not be built: {err}"),
        };
        let sent = sender
            .send(
                "https://10.0.0.1/hook",
                "whsec_x",
                "webhook.test",
                "d",
                "{}",
                0,
            )
            .await;
        assert_eq!(sent.status, None);
        assert!(!sent.delivered());
        assert!(
            sent.error
                .as_deref()
                .is_some_and(|e| e.starts_with("Not sent:")),
            "{sent:?}"
        );
    }
}
