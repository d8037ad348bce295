//! Staff sessions: a row per sign-in, so that signing out or disabling an account ends
//! the session on the next request, whatever the browser still holds.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, Set};
use uuid::Uuid;

use crate::entity::{organisation, staff_session, staff_user};
use reroute_domain::staff::{SessionState, session_state};

/// A live session with the account and force behind it.
#[derive(Debug, Clone)]
pub struct LiveSession {
    pub session: staff_session::Model,
    pub user: staff_user::Model,
    pub organisation: organisation::Model,
}

pub async fn create(
    db: &impl ConnectionTrait,
    staff_user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<staff_session::Model, DbErr> {
    staff_session::Model {
        id: Uuid::new_v4(),
        staff_user_id,
        created_at: now,
        last_seen_at: now,
        revoked_at: None,
    }
    .into_active_model()
    .insert(db)
    .await
}

/// The session if it is still live (not revoked, idle or expired, and the account is
/// enabled), with its last-seen time moved to now; otherwise why not.
pub async fn resume(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Result<LiveSession, SessionState>, DbErr> {
    let Some(session) = staff_session::Entity::find_by_id(session_id)
        .one(db)
        .await?
    else {
        return Ok(Err(SessionState::Revoked));
    };
    let Some(user) = staff_user::Entity::find_by_id(session.staff_user_id)
        .one(db)
        .await?
    else {
        return Ok(Err(SessionState::Revoked));
    };
    let state = session_state(
        session.created_at,
        session.last_seen_at,
        session.revoked_at.is_some() || user.disabled,
        now,
    );
    if state != SessionState::Active {
        return Ok(Err(state));
    }
    let Some(organisation) = organisation::Entity::find_by_id(user.organisation_id)
        .one(db)
        .await?
    else {
        return Ok(Err(SessionState::Revoked));
    };
    let mut active = session.into_active_model();
    active.last_seen_at = Set(now);
    let session = active.update(db).await?;
    Ok(Ok(LiveSession {
        session,
        user,
        organisation,
    }))
}

pub async fn revoke(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if let Some(session) = staff_session::Entity::find_by_id(session_id)
        .one(db)
        .await?
    {
        let mut active = session.into_active_model();
        active.revoked_at = Set(Some(now));
        active.update(db).await?;
    }
    Ok(())
}
