//! Where a staff request came from, for the audit log.

use std::convert::Infallible;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use chrono::Utc;
use reroute_db::queries::audit;
use reroute_db::sea_orm::{DatabaseConnection, DbErr};
use reroute_domain::audit::AuditFields;
use uuid::Uuid;

use super::session::Staff;

#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub address: Option<String>,
    pub user_agent: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for RequestMeta {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self {
            address: parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(peer)| peer.ip().to_string()),
            user_agent: parts
                .headers
                .get(header::USER_AGENT)
                .and_then(|value| value.to_str().ok())
                .map(|agent| agent.chars().take(200).collect()),
        })
    }
}

impl RequestMeta {
    /// An audit event for something a member of staff did or looked at.
    pub fn staff_event(
        &self,
        staff: &Staff,
        action: &str,
        record: Option<(&str, String)>,
        reason: Option<String>,
    ) -> AuditFields {
        AuditFields {
            occurred_at: Utc::now(),
            actor_kind: "staff".to_owned(),
            actor_id: Some(staff.user.id.to_string()),
            organisation_id: Some(staff.organisation.id.to_string()),
            action: action.to_owned(),
            record_kind: record.as_ref().map(|(kind, _)| (*kind).to_owned()),
            record_id: record.map(|(_, id)| id),
            address: self.address.clone(),
            user_agent: self.user_agent.clone(),
            reason,
        }
    }

    /// Records a change a member of staff made to one record of their force, such as an
    /// API client or a webhook, in the audit log.
    pub async fn record_change(
        &self,
        db: &DatabaseConnection,
        staff: &Staff,
        action: &str,
        (kind, id): (&str, Uuid),
    ) -> Result<(), DbErr> {
        audit::append(
            db,
            self.staff_event(staff, action, Some((kind, id.to_string())), None),
        )
        .await
        .map(drop)
    }

    /// An audit event about a sign-in before anyone is signed in.
    pub fn anonymous_event(&self, action: &str, record: Option<(&str, String)>) -> AuditFields {
        AuditFields {
            occurred_at: Utc::now(),
            actor_kind: "anonymous".to_owned(),
            actor_id: None,
            organisation_id: None,
            action: action.to_owned(),
            record_kind: record.as_ref().map(|(kind, _)| (*kind).to_owned()),
            record_id: record.map(|(_, id)| id),
            address: self.address.clone(),
            user_agent: self.user_agent.clone(),
            reason: None,
        }
    }
}
