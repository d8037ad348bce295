//! The `ApiClient` extractor: a bearer token, looked up by its SHA-256 (so no secret is
//! compared byte by byte in memory), refused when unknown or revoked, and rate limited
//! in the database so that every server process shares the limits: per client, and per
//! address for failed attempts.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use chrono::{Duration, Utc};
use reroute_db::entity::api_client;
use reroute_db::queries::{api_clients, rate_limits};
use reroute_domain::audit::AuditFields;

use super::super::AppState;
use super::super::staff::request_meta::RequestMeta;
use super::error::ApiError;
use crate::api_token;

/// Failed attempts allowed per address per window, before 429.
const FAILED_PER_ADDRESS: i32 = 30;
const WINDOW_SECONDS: i64 = 60;

/// The calling client, authenticated and within its rate limit.
pub struct ApiClient {
    pub client: api_client::Model,
    pub meta: RequestMeta,
}

impl FromRequestParts<AppState> for ApiClient {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Ok(meta) = RequestMeta::from_request_parts(parts, state).await;
        let db = &state.db.connection;
        let now = Utc::now();
        let window = Duration::seconds(WINDOW_SECONDS);
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|token| token.starts_with(api_token::PREFIX));
        let client = match token {
            Some(token) => api_clients::by_token_hash(db, &api_token::hash(token)).await?,
            None => None,
        };
        let Some(client) = client.filter(|client| client.revoked_at.is_none()) else {
            let address = meta.address.clone().unwrap_or_default();
            let key = format!("api-auth-failed:{address}");
            if !rate_limits::hit(db, &key, FAILED_PER_ADDRESS, window, now).await? {
                tracing::warn!(%address, "API authentication throttled for this address");
                return Err(ApiError::rate_limited(WINDOW_SECONDS.unsigned_abs()));
            }
            return Err(ApiError::unauthorized());
        };
        let key = format!("api-client:{}", client.id);
        if !rate_limits::hit(db, &key, state.api_requests_per_minute, window, now).await? {
            tracing::warn!(client = %client.id, "API client over its rate limit");
            return Err(ApiError::rate_limited(WINDOW_SECONDS.unsigned_abs()));
        }
        api_clients::touch(db, client.id, now).await?;
        Ok(Self { client, meta })
    }
}

impl ApiClient {
    /// An audit event for something this client did or read.
    pub fn event(
        &self,
        action: &str,
        record: Option<(&str, String)>,
        reason: Option<String>,
    ) -> AuditFields {
        AuditFields {
            occurred_at: Utc::now(),
            actor_kind: "api-client".to_owned(),
            actor_id: Some(self.client.id.to_string()),
            organisation_id: Some(self.client.organisation_id.to_string()),
            action: action.to_owned(),
            record_kind: record.as_ref().map(|(kind, _)| (*kind).to_owned()),
            record_id: record.map(|(_, id)| id),
            address: self.meta.address.clone(),
            user_agent: self.meta.user_agent.clone(),
            reason,
        }
    }
}
