//! The participant's session: a signed cookie naming a session row in the database.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use reroute_db::queries::{audit, journey, participant_sessions};
use reroute_db::sea_orm::DbErr;
use reroute_domain::audit::AuditFields;
use uuid::Uuid;

use super::super::AppState;
use super::super::cookies;

/// A signed-in participant.
#[derive(Debug, Clone, Copy)]
pub struct ParticipantSession {
    pub session_id: Uuid,
    pub participant_id: Uuid,
}

/// The participant signed in on this request, if any; the session's last-seen time is
/// refreshed.
pub async fn current(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<ParticipantSession>, DbErr> {
    let Some(session_id) = cookies::get(headers, cookies::SESSION_COOKIE)
        .and_then(|value| cookies::verify_session(value, &state.keys.session))
    else {
        return Ok(None);
    };
    let participant =
        participant_sessions::participant_for(&state.db.connection, session_id, Utc::now()).await?;
    Ok(participant.map(|participant_id| ParticipantSession {
        session_id,
        participant_id,
    }))
}

pub fn cookie_for(state: &AppState, session_id: Uuid) -> String {
    cookies::set(
        cookies::SESSION_COOKIE,
        &cookies::sign_session(session_id, &state.keys.session),
        None,
        state.secure_cookies,
    )
}

/// Ends the session on the server (so a copied cookie stops working) and clears it.
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Ok(Some(session)) = current(&state, &headers).await {
        let db = &state.db.connection;
        let organisation_id = match journey::participant(db, session.participant_id).await {
            Ok(Some(person)) => person.organisation_id,
            _ => Uuid::nil(),
        };
        let event = audit_event(
            session.participant_id,
            organisation_id,
            "participant.signed-out",
            "participant",
            session.participant_id,
        );
        if let Err(err) = participant_sessions::revoke(db, session.session_id, Utc::now()).await {
            tracing::error!(%err, "could not revoke a session at sign-out");
        } else if let Err(err) = audit::append(db, event).await {
            tracing::error!(%err, "could not record a sign-out in the audit log");
        }
    }
    (
        [(
            header::SET_COOKIE,
            cookies::clear(cookies::SESSION_COOKIE, state.secure_cookies),
        )],
        Redirect::to("/"),
    )
        .into_response()
}

/// An audit event for something the participant did to one of their records, filed
/// under their force so its admins can find it.
pub fn audit_event(
    participant_id: Uuid,
    organisation_id: Uuid,
    action: &str,
    record_kind: &str,
    record_id: Uuid,
) -> AuditFields {
    AuditFields {
        occurred_at: Utc::now(),
        actor_kind: "participant".to_owned(),
        actor_id: Some(participant_id.to_string()),
        organisation_id: Some(organisation_id.to_string()),
        action: action.to_owned(),
        record_kind: Some(record_kind.to_owned()),
        record_id: Some(record_id.to_string()),
        address: None,
        user_agent: None,
        reason: None,
    }
}
