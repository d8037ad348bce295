//! Appending to the hash-chained audit log.

use chrono::{DurationRound, TimeDelta};
use reroute_domain::audit::{AuditFields, GENESIS, chain_hash};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, PaginatorTrait, QueryOrder,
    Set, TransactionSession, TransactionTrait,
};
use tokio::sync::Mutex;
use uuid::Uuid;

use crate::entity::audit_event;

/// SQLite serves one process, so a lock in memory keeps its chain straight; PostgreSQL
/// serves many, so there a transaction-scoped advisory lock does.
static SQLITE_CHAIN: Mutex<()> = Mutex::const_new(());
const POSTGRES_CHAIN_LOCK: i64 = 7_271_001;

/// Appends an event, linked to the one before it.
pub async fn append<C>(db: &C, mut fields: AuditFields) -> Result<audit_event::Model, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    fields.occurred_at = fields
        .occurred_at
        .duration_trunc(TimeDelta::microseconds(1))
        .map_err(|err| DbErr::Custom(err.to_string()))?;
    let _guard = match db.get_database_backend() {
        DbBackend::Sqlite => Some(SQLITE_CHAIN.lock().await),
        _ => None,
    };
    let txn = db.begin().await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared(&format!(
            "SELECT pg_advisory_xact_lock({POSTGRES_CHAIN_LOCK})"
        ))
        .await?;
    }
    let previous = audit_event::Entity::find()
        .order_by_desc(audit_event::Column::Id)
        .one(&txn)
        .await?
        .map_or_else(|| GENESIS.to_owned(), |event| event.hash);
    let hash = chain_hash(&previous, &fields);
    let parse_uuid = |id: &Option<String>| id.as_deref().and_then(|id| Uuid::try_parse(id).ok());
    let event = audit_event::ActiveModel {
        occurred_at: Set(fields.occurred_at),
        actor_kind: Set(fields.actor_kind),
        actor_id: Set(fields.actor_id),
        organisation_id: Set(parse_uuid(&fields.organisation_id)),
        action: Set(fields.action),
        record_kind: Set(fields.record_kind),
        record_id: Set(fields.record_id),
        address: Set(fields.address),
        user_agent: Set(fields.user_agent),
        reason: Set(fields.reason),
        previous_hash: Set(previous),
        hash: Set(hash),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(event)
}

/// The fields an event was hashed from, read back from its row.
pub fn fields_of(event: &audit_event::Model) -> AuditFields {
    AuditFields {
        occurred_at: event.occurred_at,
        actor_kind: event.actor_kind.clone(),
        actor_id: event.actor_id.clone(),
        organisation_id: event.organisation_id.map(|id| id.to_string()),
        action: event.action.clone(),
        record_kind: event.record_kind.clone(),
        record_id: event.record_id.clone(),
        address: event.address.clone(),
        user_agent: event.user_agent.clone(),
        reason: event.reason.clone(),
    }
}

/// The outcome of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainCheck {
    /// Every link holds; this many events were checked.
    Intact { events: u64 },
    /// The first event whose stored hashes do not match what it and its predecessor say.
    BrokenAt { id: i64 },
}

/// Recomputes every link, oldest first, and names the first broken one.
pub async fn verify(db: &impl ConnectionTrait) -> Result<ChainCheck, DbErr> {
    let mut previous = GENESIS.to_owned();
    let mut events = 0;
    let mut pages = audit_event::Entity::find()
        .order_by_asc(audit_event::Column::Id)
        .paginate(db, 1000);
    while let Some(page) = pages.fetch_and_next().await? {
        for event in page {
            if event.previous_hash != previous
                || chain_hash(&previous, &fields_of(&event)) != event.hash
            {
                return Ok(ChainCheck::BrokenAt { id: event.id });
            }
            previous = event.hash;
            events += 1;
        }
    }
    Ok(ChainCheck::Intact { events })
}
