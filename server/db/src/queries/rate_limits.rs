//! Fixed-window rate limits kept in the database, so that every server process shares
//! them.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Set, TransactionSession,
    TransactionTrait,
};

use crate::entity::rate_limit;

/// Counts one hit on `key` and says whether it is within `limit` hits per `window`.
pub async fn hit<C>(
    db: &C,
    key: &str,
    limit: i32,
    window: Duration,
    now: DateTime<Utc>,
) -> Result<bool, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let txn = db.begin().await?;
    let current = rate_limit::Entity::find_by_id(key.to_owned())
        .one(&txn)
        .await?;
    let allowed = match current {
        Some(row) if now - row.window_started_at < window => {
            let count = row.count.saturating_add(1);
            let mut active: rate_limit::ActiveModel = row.into();
            active.count = Set(count);
            active.update(&txn).await?;
            count <= limit
        }
        Some(row) => {
            let mut active: rate_limit::ActiveModel = row.into();
            active.window_started_at = Set(now);
            active.count = Set(1);
            active.update(&txn).await?;
            true
        }
        None => {
            rate_limit::ActiveModel {
                key: Set(key.to_owned()),
                window_started_at: Set(now),
                count: Set(1),
            }
            .insert(&txn)
            .await?;
            true
        }
    };
    txn.commit().await?;
    Ok(allowed)
}
