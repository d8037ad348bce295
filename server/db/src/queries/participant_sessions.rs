//! Participant sessions: created at sign-in, checked on every request, revoked at sign-out.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, Set};
use uuid::Uuid;

use crate::entity::participant_session;

/// A session unused for this long has ended.
pub const IDLE_TIMEOUT: Duration = Duration::hours(2);
/// No session lasts longer than this.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(24);

pub async fn create(
    db: &impl ConnectionTrait,
    participant_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Uuid, DbErr> {
    let session = participant_session::Model {
        id: Uuid::new_v4(),
        participant_id,
        created_at: now,
        last_seen_at: now,
        revoked_at: None,
    };
    let id = session.id;
    session.into_active_model().insert(db).await?;
    Ok(id)
}

/// The participant behind a live session, refreshing its last-seen time; `None` if the
/// session is unknown, revoked or timed out.
pub async fn participant_for(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, DbErr> {
    let Some(session) = participant_session::Entity::find_by_id(session_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let live = session.revoked_at.is_none()
        && now - session.last_seen_at < IDLE_TIMEOUT
        && now - session.created_at < ABSOLUTE_TIMEOUT;
    if !live {
        return Ok(None);
    }
    let participant_id = session.participant_id;
    let mut active: participant_session::ActiveModel = session.into();
    active.last_seen_at = Set(now);
    active.update(db).await?;
    Ok(Some(participant_id))
}

pub async fn revoke(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if let Some(session) = participant_session::Entity::find_by_id(session_id)
        .one(db)
        .await?
    {
        let mut active: participant_session::ActiveModel = session.into();
        active.revoked_at = Set(Some(now));
        active.update(db).await?;
    }
    Ok(())
}
