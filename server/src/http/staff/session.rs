//! The staff console's session: a JWT in an HttpOnly, SameSite=Strict cookie that names
//! a session row. The token proves the cookie came from this server; the row decides
//! whether it still works, so signing out, disabling an account, 30 idle minutes or 12
//! hours end it on the next request.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use reroute_db::entity::{organisation, staff_user};
use reroute_db::queries::staff_sessions;
use reroute_db::sea_orm::DbErr;
use reroute_domain::staff::{ABSOLUTE_TIMEOUT, Role, SessionState};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use uuid::Uuid;

use super::super::AppState;
use super::super::cookies;
use super::super::page::PageError;
use reroute_app::staff::view_model::StaffIdentity;

/// Where a member of staff sets up two-factor sign-in.
pub const SETUP_PATH: &str = "/staff/account/two-factor";

/// A signed-in member of staff, loaded afresh from the database on every request.
#[derive(Debug, Clone)]
pub struct Staff {
    pub session_id: Uuid,
    pub user: staff_user::Model,
    pub organisation: organisation::Model,
    pub role: Role,
}

impl Staff {
    pub fn identity(&self) -> StaffIdentity {
        StaffIdentity {
            name: self.user.display_name.clone(),
            organisation: self.organisation.name.clone(),
            role_label: self.role.label().to_owned(),
            sees_participants: self.role.sees_participants(),
            manages_force: self.role.manages_force(),
            sees_courses: true,
        }
    }

    /// Caseworkers and admins only: authors never see participants.
    pub fn require_participants(&self) -> Result<(), PageError> {
        if self.role.sees_participants() {
            Ok(())
        } else {
            Err(PageError::Forbidden)
        }
    }

    /// Their force requires two-factor sign-in and they have not set it up: until they
    /// do, every staff page sends them to [`SETUP_PATH`].
    pub fn must_set_up_two_factor(&self) -> bool {
        self.organisation.require_totp && self.user.totp_enabled_at.is_none()
    }

    pub fn require_admin(&self) -> Result<(), PageError> {
        if self.role.manages_force() {
            Ok(())
        } else {
            Err(PageError::Forbidden)
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    /// The session row.
    sid: String,
    /// The staff user.
    sub: String,
    iat: i64,
    exp: i64,
}

/// The token key is derived from the session key, so one secret serves both cookies
/// without either value being valid as the other.
fn token_key(session_key: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(session_key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(b"reroute staff session token v1");
    mac.finalize().into_bytes().to_vec()
}

/// The cookie that signs a new session in.
pub fn cookie_for(
    state: &AppState,
    session_id: Uuid,
    user_id: Uuid,
    created_at: DateTime<Utc>,
) -> Result<String, jsonwebtoken::errors::Error> {
    let token = token_for(&state.keys.session, session_id, user_id, created_at)?;
    Ok(cookies::set_strict(
        cookies::STAFF_COOKIE,
        &token,
        state.secure_cookies,
    ))
}

/// A token for the session, expiring when the session must end however busy it is.
fn token_for(
    session_key: &[u8],
    session_id: Uuid,
    user_id: Uuid,
    created_at: DateTime<Utc>,
) -> Result<String, jsonwebtoken::errors::Error> {
    let claims = Claims {
        sid: session_id.to_string(),
        sub: user_id.to_string(),
        iat: created_at.timestamp(),
        exp: (created_at + ABSOLUTE_TIMEOUT).timestamp(),
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(&token_key(session_key)),
    )
}

pub fn clearing_cookie(state: &AppState) -> String {
    cookies::clear(cookies::STAFF_COOKIE, state.secure_cookies)
}

/// The session id in a token this server signed with HS256 and that has not expired;
/// `alg: none`, other algorithms, other keys and altered tokens are all refused.
fn session_in(session_key: &[u8], token: &str) -> Option<(Uuid, Uuid)> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 0;
    validation.set_required_spec_claims(&["exp", "sub"]);
    let data = jsonwebtoken::decode::<Claims>(
        token,
        &DecodingKey::from_secret(&token_key(session_key)),
        &validation,
    )
    .ok()?;
    Some((
        Uuid::try_parse(&data.claims.sid).ok()?,
        Uuid::try_parse(&data.claims.sub).ok()?,
    ))
}

/// The member of staff signed in on this request, or why there is none.
pub async fn current(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Result<Staff, SessionState>, DbErr> {
    let Some((session_id, user_id)) = cookies::get(headers, cookies::STAFF_COOKIE)
        .and_then(|token| session_in(&state.keys.session, token))
    else {
        return Ok(Err(SessionState::Revoked));
    };
    let live = match staff_sessions::resume(&state.db.connection, session_id, Utc::now()).await? {
        Ok(live) if live.user.id == user_id => live,
        Ok(_) => return Ok(Err(SessionState::Revoked)),
        Err(state) => return Ok(Err(state)),
    };
    let Some(role) = Role::parse(&live.user.role) else {
        tracing::error!(role = %live.user.role, "staff account has an unknown role");
        return Ok(Err(SessionState::Revoked));
    };
    Ok(Ok(Staff {
        session_id,
        user: live.user,
        organisation: live.organisation,
        role,
    }))
}

/// Where to send someone whose session has ended, saying why, and where they were going.
pub fn sign_in_location(state: SessionState, path_and_query: &str) -> String {
    let reason = match state {
        SessionState::Idle => "&reason=idle",
        SessionState::Expired => "&reason=expired",
        SessionState::Active | SessionState::Revoked => "",
    };
    let next: String = form_urlencoded::byte_serialize(path_and_query.as_bytes()).collect();
    format!("/staff/sign-in?next={next}{reason}")
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match current(state, &parts.headers).await {
            Ok(Ok(staff)) if staff.must_set_up_two_factor() && parts.uri.path() != SETUP_PATH => {
                Err(Redirect::to(SETUP_PATH).into_response())
            }
            Ok(Ok(staff)) => Ok(staff),
            Ok(Err(ended)) => {
                let path = parts
                    .uri
                    .path_and_query()
                    .map_or("/staff", |target| target.as_str());
                let location = sign_in_location(ended, path);
                let mut response = Redirect::to(&location).into_response();
                if cookies::get(&parts.headers, cookies::STAFF_COOKIE).is_some()
                    && let Ok(value) = clearing_cookie(state).parse()
                {
                    response.headers_mut().insert(header::SET_COOKIE, value);
                }
                Err(response)
            }
            Err(err) => Err(PageError::Database(err)
                .respond(state, &parts.headers, &parts.uri)
                .await),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::dangerous::insecure_decode_claims;

    const KEY: &[u8] = b"a session key of thirty-two bytes";

    fn fresh() -> (Uuid, Uuid, String) {
        let (session, user) = (Uuid::new_v4(), Uuid::new_v4());
        let token = token_for(KEY, session, user, Utc::now()).unwrap();
        (session, user, token)
    }

    fn b64(bytes: &[u8]) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    #[test]
    fn a_token_from_this_server_names_its_session() {
        let (session, user, token) = fresh();
        assert_eq!(session_in(KEY, &token), Some((session, user)));
    }

    #[test]
    fn an_altered_token_is_refused() {
        let (_, _, token) = fresh();
        let (head, signature) = token.rsplit_once('.').unwrap();
        let (_, payload) = head.split_once('.').unwrap();
        let claims = insecure_decode_claims::<Claims>(&token).unwrap();
        let forged_claims = Claims {
            sid: Uuid::new_v4().to_string(),
            ..claims
        };
        let forged_payload = b64(&serde_json::to_vec(&forged_claims).unwrap());
        let forged = token.replace(payload, &forged_payload);
        assert_eq!(session_in(KEY, &forged), None);
        let mut flipped = signature.as_bytes().to_vec();
        flipped[0] = if flipped[0] == b'A' { b'B' } else { b'A' };
        let flipped = format!("{head}.{}", String::from_utf8(flipped).unwrap());
        assert_eq!(session_in(KEY, &flipped), None);
    }

    #[test]
    fn a_token_signed_with_another_key_is_refused() {
        let token = token_for(b"another key", Uuid::new_v4(), Uuid::new_v4(), Utc::now()).unwrap();
        assert_eq!(session_in(KEY, &token), None);
    }

    #[test]
    fn alg_none_and_other_algorithms_are_refused() {
        let (_, _, token) = fresh();
        let (head, _) = token.rsplit_once('.').unwrap();
        let (_, payload) = head.split_once('.').unwrap();
        let none = format!("{}.{payload}.", b64(br#"{"alg":"none","typ":"JWT"}"#));
        assert_eq!(session_in(KEY, &none), None);
        let hs512 = jsonwebtoken::encode(
            &Header::new(Algorithm::HS512),
            &insecure_decode_claims::<Claims>(&token).unwrap(),
            &EncodingKey::from_secret(&token_key(KEY)),
        )
        .unwrap();
        assert_eq!(session_in(KEY, &hs512), None);
    }

    #[test]
    fn an_expired_token_is_refused() {
        let long_ago = Utc::now() - ABSOLUTE_TIMEOUT - chrono::Duration::seconds(1);
        let token = token_for(KEY, Uuid::new_v4(), Uuid::new_v4(), long_ago).unwrap();
        assert_eq!(session_in(KEY, &token), None);
    }

    #[test]
    fn the_sign_in_address_keeps_where_they_were_going_and_why() {
        assert_eq!(
            sign_in_location(SessionState::Idle, "/staff/assignments/1?x=1&y=2"),
            "/staff/sign-in?next=%2Fstaff%2Fassignments%2F1%3Fx%3D1%26y%3D2&reason=idle"
        );
        assert_eq!(
            sign_in_location(SessionState::Revoked, "/staff"),
            "/staff/sign-in?next=%2Fstaff"
        );
    }
}
