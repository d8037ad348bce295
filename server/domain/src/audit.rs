//! The audit log's hash chain: each event carries the hash of the one before it, so that
//! changing or removing any stored event breaks every link after it.

use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest, Sha256};

/// The hash the first event links to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an audit event records, as plain data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditFields {
    pub occurred_at: DateTime<Utc>,
    /// `participant`, `staff`, `api-client`, `system` or `anonymous`.
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub organisation_id: Option<String>,
    pub action: String,
    pub record_kind: Option<String>,
    pub record_id: Option<String>,
    pub address: Option<String>,
    pub user_agent: Option<String>,
    pub reason: Option<String>,
}

/// SHA-256 over the previous hash and every field, each length-prefixed so that no two
/// different events can serialise the same way. Times are taken to the microsecond, the
/// precision both databases keep.
pub fn chain_hash(previous: &str, fields: &AuditFields) -> String {
    let time = fields
        .occurred_at
        .to_rfc3339_opts(SecondsFormat::Micros, true);
    let parts: [Option<&str>; 11] = [
        Some(previous),
        Some(&time),
        Some(&fields.actor_kind),
        fields.actor_id.as_deref(),
        fields.organisation_id.as_deref(),
        Some(&fields.action),
        fields.record_kind.as_deref(),
        fields.record_id.as_deref(),
        fields.address.as_deref(),
        fields.user_agent.as_deref(),
        fields.reason.as_deref(),
    ];
    let mut hasher = Sha256::new();
    for part in parts {
        match part {
            Some(text) => hasher.update(format!("{}:{text}|", text.len())),
            None => hasher.update("-|"),
        }
    }
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn fields() -> AuditFields {
        AuditFields {
            occurred_at: Utc
                .timestamp_opt(1_800_000_000, 123_456_789)
                .single()
                .unwrap_or_default(),
            actor_kind: "anonymous".into(),
            actor_id: None,
            organisation_id: None,
            action: "participant.sign-in.failed".into(),
            record_kind: None,
            record_id: None,
            address: Some("10.0.0.1".into()),
            user_agent: Some("test".into()),
            reason: None,
        }
    }

    #[test]
    fn the_hash_depends_on_every_field_and_the_previous_hash() {
        let base = chain_hash(GENESIS, &fields());
        assert_eq!(base.len(), 64);
        assert_eq!(base, chain_hash(GENESIS, &fields()));
        assert_ne!(base, chain_hash(&"1".repeat(64), &fields()));
        let mut changed = fields();
        changed.address = Some("10.0.0.2".into());
        assert_ne!(base, chain_hash(GENESIS, &changed));
        let mut moved = fields();
        moved.address = None;
        moved.user_agent = Some("10.0.0.1".into());
        assert_ne!(chain_hash(GENESIS, &moved), base);
    }

    #[test]
    fn nanoseconds_beyond_microseconds_do_not_change_the_hash() {
        let mut finer = fields();
        finer.occurred_at = Utc
            .timestamp_opt(1_800_000_000, 123_456_000)
            .single()
            .unwrap_or_default();
        assert_eq!(chain_hash(GENESIS, &finer), chain_hash(GENESIS, &fields()));
    }
}
