//! The second step of signing in for staff with two-factor sign-in on, and a force's
//! requirement that everyone use it.
//!
//! After the right password, such a member of staff gets no session yet: only a signed
//! "pending" cookie naming them for five minutes, which `/staff/sign-in/code` exchanges
//! for a session when the code is right. Wrong and replayed codes count towards the same
//! lockout as wrong passwords, and the password step no longer clears that count (so
//! typing the password again does not buy more guesses at the code).

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use reroute_app::staff::view_model::StaffSignInCodeView;
use reroute_db::entity::staff_user;
use reroute_db::queries::{audit, staff_accounts, two_factor};
use reroute_domain::staff::is_locked;
use reroute_domain::two_factor::{CodeProblem, check};
use serde::Deserialize;
use sha2::Sha256;
use uuid::Uuid;

use super::super::AppState;
use super::super::cookies;
use super::super::form::FormFields;
use super::super::page::{PageError, respond};
use super::render::staff_page;
use super::request_meta::RequestMeta;
use super::session::Staff;
use super::sign_in::{self, address_allowed, error, safe_next};

/// The cookie that carries a sign-in from the password to the code.
const PENDING_COOKIE: &str = "reroute_staff_pending";
/// Long enough to open an app and type a code; short enough to be little use if copied.
const PENDING_LIFETIME: Duration = Duration::minutes(5);

/// The pending cookie's key is derived from the session key, so a value valid here is
/// valid nowhere else.
fn pending_key(session_key: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(session_key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(b"reroute staff pending second factor v1");
    mac.finalize().into_bytes().to_vec()
}

fn pending_mac(key: &[u8], message: &str) -> Hmac<Sha256> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&pending_key(key))
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(message.as_bytes());
    mac
}

/// `<user id>.<expiry, unix seconds>.<HMAC-SHA256 of both>`.
fn pending_value(key: &[u8], user_id: Uuid, now: DateTime<Utc>) -> String {
    let message = format!(
        "{}.{}",
        user_id.simple(),
        (now + PENDING_LIFETIME).timestamp()
    );
    let signature = hex::encode(pending_mac(key, &message).finalize().into_bytes());
    format!("{message}.{signature}")
}

/// The member of staff a pending value names, if this server signed it and it has not
/// expired.
fn pending_in(key: &[u8], value: &str, now: DateTime<Utc>) -> Option<Uuid> {
    let (message, signature) = value.rsplit_once('.')?;
    pending_mac(key, message)
        .verify_slice(&hex::decode(signature).ok()?)
        .ok()?;
    let (user, expires) = message.split_once('.')?;
    (now.timestamp() < expires.parse::<i64>().ok()?).then_some(())?;
    Uuid::try_parse(user).ok()
}

/// The `Set-Cookie` that starts the code step for `user_id`.
pub fn pending_cookie(state: &AppState, user_id: Uuid, now: DateTime<Utc>) -> String {
    cookies::set(
        PENDING_COOKIE,
        &pending_value(&state.keys.session, user_id, now),
        Some(PENDING_LIFETIME.num_seconds()),
        state.secure_cookies,
    )
    .replace("SameSite=Lax", "SameSite=Strict")
}

fn clearing_pending_cookie(state: &AppState) -> String {
    cookies::clear(PENDING_COOKIE, state.secure_cookies)
}

fn pending_user(state: &AppState, headers: &HeaderMap) -> Option<Uuid> {
    cookies::get(headers, PENDING_COOKIE)
        .and_then(|value| pending_in(&state.keys.session, value, Utc::now()))
}

/// Where the password step sends someone whose account needs a code.
pub fn code_location(next: &str) -> String {
    match safe_next(next) {
        Some(next) => {
            let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
            format!("/staff/sign-in/code?next={next}")
        }
        None => "/staff/sign-in/code".to_owned(),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct CodeQuery {
    #[serde(default)]
    next: String,
}

/// Back to the start of signing in, forgetting any pending step.
fn start_again(state: &AppState) -> Response {
    (
        [(header::SET_COOKIE, clearing_pending_cookie(state))],
        Redirect::to("/staff/sign-in?reason=code-expired"),
    )
        .into_response()
}

pub async fn show_code(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<CodeQuery>,
) -> Response {
    if pending_user(&state, &headers).is_none() {
        return start_again(&state);
    }
    let view = StaffSignInCodeView {
        errors: Vec::new(),
        next: safe_next(&query.next).unwrap_or_default().to_owned(),
    };
    staff_page(
        &state,
        &headers,
        "/staff/sign-in/code",
        None,
        StatusCode::OK,
        view,
    )
    .await
}

pub async fn submit_code(
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let result = sign_in_with_code(&state, &meta, &headers, body).await;
    respond(&state, &headers, &uri, result).await
}

async fn sign_in_with_code(
    state: &AppState,
    meta: &RequestMeta,
    headers: &HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormFields::parse(&body)?;
    let mut view = StaffSignInCodeView {
        errors: Vec::new(),
        next: safe_next(form.get("next")).unwrap_or_default().to_owned(),
    };
    let Some(user_id) = pending_user(state, headers) else {
        return Ok(start_again(state));
    };
    let db = &state.db.connection;
    let now = Utc::now();
    if !address_allowed(db, meta, now).await? {
        view.errors.push(error(
            "code",
            "There have been too many tries from this device. Wait 15 minutes, then try again.",
        ));
        return Ok(refused(state, headers, view).await);
    }
    let user = two_factor::account(db, user_id).await?;
    let Some((user, secret)) = user
        .filter(|user| !user.disabled && user.totp_enabled_at.is_some())
        .and_then(|user| user.totp_secret.clone().map(|secret| (user, secret)))
    else {
        return Ok(start_again(state));
    };
    let record = Some(("staff-user", user.id.to_string()));
    if is_locked(user.locked_until, now) {
        audit::append(db, meta.anonymous_event("staff.sign-in-locked", record)).await?;
        view.errors.push(sign_in::locked("code"));
        return Ok(refused(state, headers, view).await);
    }
    let unix = u64::try_from(now.timestamp()).unwrap_or_default();
    let checked = match check(&secret, form.get("code"), unix, user.totp_last_step) {
        Ok(step) if two_factor::use_step(db, user.id, step).await? => Ok(()),
        // Another request used this step first.
        Ok(_) => Err(CodeProblem::AlreadyUsed),
        Err(problem) => Err(problem),
    };
    match checked {
        Ok(()) => {
            let mut response =
                sign_in::finish(state, meta, &user, &view.next, "password and code", now).await?;
            if let Ok(value) = clearing_pending_cookie(state).parse() {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            Ok(response)
        }
        Err(problem) => {
            refuse_code(state, meta, &user, problem, now, &mut view).await?;
            Ok(refused(state, headers, view).await)
        }
    }
}

/// Records a refused code (a guess counts towards the lockout) and says why on the form.
async fn refuse_code(
    state: &AppState,
    meta: &RequestMeta,
    user: &staff_user::Model,
    problem: CodeProblem,
    now: DateTime<Utc>,
    view: &mut StaffSignInCodeView,
) -> Result<(), PageError> {
    let db = &state.db.connection;
    let record = Some(("staff-user", user.id.to_string()));
    let lock = if problem.is_a_guess() {
        staff_accounts::record_wrong_password(db, user.id, now).await?
    } else {
        None
    };
    let action = if lock.is_some() {
        "staff.account-locked"
    } else {
        "staff.sign-in-refused"
    };
    let mut event = meta.anonymous_event(action, record);
    event.reason = Some(problem.reason().to_owned());
    audit::append(db, event).await?;
    view.errors.push(if lock.is_some() {
        sign_in::locked("code")
    } else {
        error("code", problem.message())
    });
    Ok(())
}

async fn refused(state: &AppState, headers: &HeaderMap, view: StaffSignInCodeView) -> Response {
    staff_page(
        state,
        headers,
        "/staff/sign-in/code",
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
        view,
    )
    .await
}

/// `POST /staff/settings/two-factor` (admins): whether everyone in the force must use
/// two-factor sign-in. Those without it are sent to set it up at their next page.
pub async fn save_requirement(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let result = async {
        staff.require_admin()?;
        let form = FormFields::parse(&body)?;
        let required = form.get("require-totp") == "yes";
        let db = &state.db.connection;
        if two_factor::set_force_requires(db, staff.organisation.id, required).await? {
            let reason = if required { "required" } else { "not required" };
            audit::append(
                db,
                meta.staff_event(
                    &staff,
                    "staff.changed-two-factor-requirement",
                    Some(("organisation", staff.organisation.id.to_string())),
                    Some(reason.to_owned()),
                ),
            )
            .await?;
        }
        Ok(Redirect::to("/staff/settings?done=saved").into_response())
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"a session key of thirty-two bytes";

    #[test]
    fn a_pending_value_names_its_user_until_it_expires() {
        let user = Uuid::new_v4();
        let now = Utc::now();
        let value = pending_value(KEY, user, now);
        assert_eq!(pending_in(KEY, &value, now), Some(user));
        assert_eq!(
            pending_in(KEY, &value, now + PENDING_LIFETIME - Duration::seconds(1)),
            Some(user)
        );
        assert_eq!(pending_in(KEY, &value, now + PENDING_LIFETIME), None);
    }

    #[test]
    fn an_altered_or_foreign_pending_value_is_refused() {
        let user = Uuid::new_v4();
        let now = Utc::now();
        let value = pending_value(KEY, user, now);
        assert_eq!(pending_in(b"another key", &value, now), None);
        let other = value.replacen(
            &user.simple().to_string(),
            &Uuid::new_v4().simple().to_string(),
            1,
        );
        assert_eq!(pending_in(KEY, &other, now), None);
        let (message, signature) = value.rsplit_once('.').unwrap();
        let (user_part, expires) = message.split_once('.').unwrap();
        let later = format!(
            "{user_part}.{}.{signature}",
            expires.parse::<i64>().unwrap() + 3600
        );
        assert_eq!(pending_in(KEY, &later, now), None);
        assert_eq!(pending_in(KEY, "garbage", now), None);
        // A staff session token is not a pending value.
        let session = cookies::sign_session(user, KEY);
        assert_eq!(pending_in(KEY, &session, now), None);
    }

    #[test]
    fn the_code_step_keeps_only_a_safe_next_page() {
        assert_eq!(
            code_location("/staff/assignments/1?x=1"),
            "/staff/sign-in/code?next=%2Fstaff%2Fassignments%2F1%3Fx%3D1"
        );
        assert_eq!(
            code_location("https://evil.example/staff"),
            "/staff/sign-in/code"
        );
    }
}
