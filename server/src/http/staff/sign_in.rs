//! `/staff/sign-in` and `/staff/sign-out`: email and password, with lockout after 10
//! wrong passwords (or two-factor codes) and a limit on tries from one address. With
//! two-factor sign-in on, the right password leads to the code step in
//! [`super::two_factor`] instead of a session.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, Utc};
use reroute_app::staff::view_model::StaffSignInView;
use reroute_app::view_model::FieldError;
use reroute_db::entity::staff_user;
use reroute_db::queries::{audit, rate_limits, staff_accounts, staff_sessions, two_factor};
use reroute_db::sea_orm::{DatabaseConnection, DbErr};
use reroute_domain::staff::{Role, is_locked};
use serde::Deserialize;

use super::super::AppState;
use super::super::form::FormFields;
use super::super::page::{PageError, respond};
use super::render::staff_page;
use super::request_meta::RequestMeta;
use super::session::{self, SETUP_PATH};
use super::two_factor::{code_location, pending_cookie};
use crate::password;

/// Sign-in tries allowed from one address per window, across all accounts.
const ADDRESS_LIMIT: i32 = 30;
const ADDRESS_WINDOW: Duration = Duration::minutes(15);

#[derive(Debug, Default, Deserialize)]
pub struct SignInQuery {
    #[serde(default)]
    next: String,
    #[serde(default)]
    reason: String,
}

/// Only a page of the staff console is a safe place to go after signing in; anything
/// else (another site, `//host`, a participant page) goes to the start.
pub fn safe_next(next: &str) -> Option<&str> {
    let staff_page = next == "/staff" || next.starts_with("/staff/") || next.starts_with("/staff?");
    (staff_page && !next.contains('\\') && !next.starts_with("/staff/sign-")).then_some(next)
}

fn notice_for(reason: &str) -> Option<String> {
    match reason {
        "idle" => Some("You were signed out because you had not used Reroute for 30 minutes. Sign in again to carry on."),
        "expired" => Some("You were signed out because you had been signed in for 12 hours. Sign in again to carry on."),
        "signed-out" => Some("You have signed out."),
        "code-expired" => Some("You need to sign in again because the code from your authenticator app was not entered within 5 minutes."),
        _ => None,
    }
    .map(str::to_owned)
}

pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<SignInQuery>,
) -> Response {
    if let Ok(Ok(staff)) = session::current(&state, &headers).await {
        return Redirect::to(&landing(Some(staff.role), &query.next)).into_response();
    }
    let view = StaffSignInView {
        notice: notice_for(&query.reason),
        next: safe_next(&query.next).unwrap_or_default().to_owned(),
        ..StaffSignInView::default()
    };
    staff_page(
        &state,
        &headers,
        "/staff/sign-in",
        None,
        StatusCode::OK,
        view,
    )
    .await
}

/// Where to go once signed in.
fn landing(role: Option<Role>, next: &str) -> String {
    match safe_next(next) {
        Some(next) => next.to_owned(),
        None if role == Some(Role::Author) => "/staff/courses".to_owned(),
        None => "/staff".to_owned(),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let result = sign_in(&state, &meta, &headers, body).await;
    respond(&state, &headers, &uri, result).await
}

async fn sign_in(
    state: &AppState,
    meta: &RequestMeta,
    headers: &HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormFields::parse(&body)?;
    let email = form.get("email");
    let password_typed = form.get_raw("password");
    let mut view = StaffSignInView {
        email: email.to_owned(),
        next: safe_next(form.get("next")).unwrap_or_default().to_owned(),
        ..StaffSignInView::default()
    };
    if email.is_empty() {
        view.errors.push(error("email", "Enter your email address"));
    }
    if password_typed.is_empty() {
        view.errors.push(error("password", "Enter your password"));
    }
    if !view.errors.is_empty() {
        return Ok(refused(state, headers, view).await);
    }
    let db = &state.db.connection;
    let now = Utc::now();
    if !address_allowed(db, meta, now).await? {
        view.errors.push(error(
            "email",
            "There have been too many tries from this device. Wait 15 minutes, then try again.",
        ));
        return Ok(refused(state, headers, view).await);
    }
    let user = staff_accounts::by_email(db, email).await?;
    let Some(user) = user.filter(|user| !user.disabled) else {
        let typed = password_typed.to_owned();
        let _ = tokio::task::spawn_blocking(move || password::verify_decoy(&typed)).await;
        audit::append(db, meta.anonymous_event("staff.sign-in-refused", None)).await?;
        view.errors.push(wrong_details());
        return Ok(refused(state, headers, view).await);
    };
    let record = Some(("staff-user", user.id.to_string()));
    if is_locked(user.locked_until, now) {
        audit::append(db, meta.anonymous_event("staff.sign-in-locked", record)).await?;
        view.errors.push(locked("email"));
        return Ok(refused(state, headers, view).await);
    }
    let typed = password_typed.to_owned();
    let stored = user.password_hash.clone();
    let right = tokio::task::spawn_blocking(move || password::verify(&typed, &stored))
        .await
        .unwrap_or(false);
    if !right {
        let lock = staff_accounts::record_wrong_password(db, user.id, now).await?;
        let action = if lock.is_some() {
            "staff.account-locked"
        } else {
            "staff.sign-in-refused"
        };
        audit::append(db, meta.anonymous_event(action, record)).await?;
        view.errors.push(if lock.is_some() {
            locked("email")
        } else {
            wrong_details()
        });
        return Ok(refused(state, headers, view).await);
    }
    if user.totp_enabled_at.is_some() {
        // The wrong-try count is not cleared until the code is right too.
        audit::append(
            db,
            meta.anonymous_event("staff.sign-in-code-needed", record),
        )
        .await?;
        let cookie = pending_cookie(state, user.id, now);
        let location = code_location(&view.next);
        return Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&location)).into_response());
    }
    finish(state, meta, &user, &view.next, "password", now).await
}

/// Sign-in tries from the request's address are within the limit; when they are not,
/// that is audited and logged.
pub(super) async fn address_allowed(
    db: &DatabaseConnection,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let address = meta.address.clone().unwrap_or_default();
    let address_key = format!("staff-sign-in:{address}");
    if rate_limits::hit(db, &address_key, ADDRESS_LIMIT, ADDRESS_WINDOW, now).await? {
        return Ok(true);
    }
    audit::append(db, meta.anonymous_event("staff.sign-in-throttled", None)).await?;
    tracing::warn!(%address, "staff sign-in throttled for this address");
    Ok(false)
}

/// Signs in a member of staff who has given everything their account needs (`with`, for
/// the audit log): clears the wrong-try count, starts a session and goes on to `next`,
/// or to setting up two-factor sign-in if their force requires it and they have none.
pub(super) async fn finish(
    state: &AppState,
    meta: &RequestMeta,
    user: &staff_user::Model,
    next: &str,
    with: &str,
    now: DateTime<Utc>,
) -> Result<Response, PageError> {
    let db = &state.db.connection;
    staff_accounts::record_sign_in(db, user.id).await?;
    let session_row = staff_sessions::create(db, user.id, now).await?;
    let mut event =
        meta.anonymous_event("staff.signed-in", Some(("staff-user", user.id.to_string())));
    event.actor_kind = "staff".to_owned();
    event.actor_id = Some(user.id.to_string());
    event.organisation_id = Some(user.organisation_id.to_string());
    event.reason = Some(with.to_owned());
    audit::append(db, event).await?;
    let cookie = session::cookie_for(state, session_row.id, user.id, now).map_err(|err| {
        tracing::error!(%err, "could not sign a staff session token");
        PageError::BadRequest("Sorry, you could not be signed in. Try again.")
    })?;
    let must_set_up = user.totp_enabled_at.is_none()
        && two_factor::force_requires(db, user.organisation_id).await?;
    let destination = if must_set_up {
        SETUP_PATH.to_owned()
    } else {
        landing(Role::parse(&user.role), next)
    };
    tracing::info!("staff member signed in");
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&destination)).into_response())
}

pub(super) fn error(field_id: &str, message: &str) -> FieldError {
    FieldError {
        field_id: field_id.to_owned(),
        message: message.to_owned(),
    }
}

/// One message for a wrong address or a wrong password, so neither is given away.
fn wrong_details() -> FieldError {
    error(
        "email",
        "The email address or password is not right. Check them and try again.",
    )
}

pub(super) fn locked(field_id: &str) -> FieldError {
    error(
        field_id,
        "This account is locked for 15 minutes after too many wrong passwords or codes. Try again later, or ask an admin in your force for help.",
    )
}

async fn refused(state: &AppState, headers: &HeaderMap, view: StaffSignInView) -> Response {
    staff_page(
        state,
        headers,
        "/staff/sign-in",
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
        view,
    )
    .await
}

/// Ends the session on the server, so a copied cookie stops working too.
pub async fn sign_out(
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
) -> Response {
    if let Ok(Ok(staff)) = session::current(&state, &headers).await {
        let db = &state.db.connection;
        let event = meta.staff_event(&staff, "staff.signed-out", None, None);
        if let Err(err) = staff_sessions::revoke(db, staff.session_id, Utc::now()).await {
            tracing::error!(%err, "could not revoke a staff session at sign-out");
        } else if let Err(err) = audit::append(db, event).await {
            tracing::error!(%err, "could not record a staff sign-out in the audit log");
        }
    }
    (
        [(header::SET_COOKIE, session::clearing_cookie(&state))],
        Redirect::to("/staff/sign-in?reason=signed-out"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_staff_pages_are_followed_after_sign_in() {
        assert_eq!(
            safe_next("/staff/assignments/1"),
            Some("/staff/assignments/1")
        );
        assert_eq!(
            safe_next("/staff?state=overdue"),
            Some("/staff?state=overdue")
        );
        assert_eq!(safe_next("/staff"), Some("/staff"));
        for unsafe_next in [
            "",
            "https://evil.example/staff",
            "//evil.example/staff",
            "/staffing",
            "/my-courses",
            "/staff\\..\\evil",
            "/staff/sign-out",
        ] {
            assert_eq!(safe_next(unsafe_next), None, "{unsafe_next}");
        }
    }
}
