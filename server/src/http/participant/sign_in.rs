//! `/start`: sign in with the code from the letter and a date of birth.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Utc};
use reroute_app::participant::view_model::SignInView;
use reroute_app::view_model::FieldError;
use reroute_db::queries::audit;
use reroute_db::queries::participant_sign_in::{self, SignInOutcome};
use reroute_domain::access_code;
use reroute_domain::audit::AuditFields;

use super::super::AppState;
use super::super::form::FormFields;
use super::super::page::{PageError, render_view, respond};
use super::session;

pub async fn show(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    if matches!(session::current(&state, &headers).await, Ok(Some(_))) {
        return Redirect::to("/my-courses").into_response();
    }
    render_form(
        &state,
        &headers,
        &uri,
        SignInView::default(),
        StatusCode::OK,
    )
    .await
}

async fn render_form(
    state: &AppState,
    headers: &HeaderMap,
    uri: &Uri,
    view: SignInView,
    status: StatusCode,
) -> Response {
    render_view(state, headers, uri, false, status, view).await
}

fn error(field_id: &str, message: &str) -> FieldError {
    FieldError {
        field_id: field_id.to_owned(),
        message: message.to_owned(),
    }
}

/// Checks the date-of-birth fields as GOV.UK's date input pattern does.
pub fn parse_date_of_birth(
    day: &str,
    month: &str,
    year: &str,
    today: NaiveDate,
) -> Result<NaiveDate, &'static str> {
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return Err("Enter your date of birth");
    }
    if day.is_empty() || month.is_empty() || year.is_empty() {
        return Err("Your date of birth must include a day, month and year");
    }
    let parse = |text: &str| text.parse::<u32>().ok();
    let (Some(d), Some(m), Some(y)) = (parse(day), parse(month), parse(year)) else {
        return Err("Your date of birth must be a real date, written in numbers");
    };
    if year.len() != 4 {
        return Err("Year must include 4 numbers, for example 2001");
    }
    let date = i32::try_from(y)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
        .ok_or("Your date of birth must be a real date")?;
    if date >= today {
        return Err("Your date of birth must be in the past");
    }
    Ok(date)
}

pub async fn submit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let result = sign_in(&state, peer, &headers, &uri, body).await;
    respond(&state, &headers, &uri, result).await
}

async fn sign_in(
    state: &AppState,
    peer: SocketAddr,
    headers: &HeaderMap,
    uri: &Uri,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormFields::parse(&body)?;
    let mut view = SignInView {
        errors: Vec::new(),
        day: form.get("day").to_owned(),
        month: form.get("month").to_owned(),
        year: form.get("year").to_owned(),
    };
    let typed_code = form.get("code");
    if typed_code.is_empty() {
        view.errors
            .push(error("code", "Enter the code from your letter"));
    }
    let now = Utc::now();
    let date_of_birth =
        match parse_date_of_birth(&view.day, &view.month, &view.year, now.date_naive()) {
            Ok(date) => Some(date),
            Err(message) => {
                view.errors.push(error("dob-day", message));
                None
            }
        };
    let Some(date_of_birth) = date_of_birth.filter(|_| view.errors.is_empty()) else {
        return Ok(render_form(state, headers, uri, view, StatusCode::UNPROCESSABLE_ENTITY).await);
    };
    let digest = access_code::normalise(typed_code)
        .ok()
        .map(|canonical| access_code::digest(&canonical, &state.keys.access_code));
    let address = peer.ip().to_string();
    let outcome = participant_sign_in::sign_in(
        &state.db.connection,
        digest.as_deref(),
        date_of_birth,
        &address,
        now,
    )
    .await?;
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|value| value.to_str().ok())
        .map(|agent| agent.chars().take(200).collect::<String>());
    let event = |actor_kind: &str,
                 actor: Option<String>,
                 organisation: Option<uuid::Uuid>,
                 action: &str,
                 record: Option<(&str, String)>| AuditFields {
        occurred_at: now,
        actor_kind: actor_kind.to_owned(),
        actor_id: actor,
        organisation_id: organisation.map(|id| id.to_string()),
        action: action.to_owned(),
        record_kind: record.as_ref().map(|(kind, _)| (*kind).to_owned()),
        record_id: record.map(|(_, id)| id),
        address: Some(address.clone()),
        user_agent: user_agent.clone(),
        reason: None,
    };
    let audit = match &outcome {
        SignInOutcome::SignedIn {
            participant_id,
            organisation_id,
            ..
        } => event(
            "participant",
            Some(participant_id.to_string()),
            Some(*organisation_id),
            "participant.signed-in",
            Some(("participant", participant_id.to_string())),
        ),
        SignInOutcome::Wrong => event("anonymous", None, None, "participant.sign-in-refused", None),
        SignInOutcome::Locked {
            assignment_id,
            organisation_id,
            ..
        } => event(
            "anonymous",
            None,
            Some(*organisation_id),
            "participant.code-locked",
            Some(("assignment", assignment_id.to_string())),
        ),
        SignInOutcome::Throttled => event(
            "anonymous",
            None,
            None,
            "participant.sign-in-throttled",
            None,
        ),
    };
    audit::append(&state.db.connection, audit).await?;
    let message = match outcome {
        SignInOutcome::SignedIn { session_id, .. } => {
            tracing::info!("participant signed in");
            return Ok((
                [(header::SET_COOKIE, session::cookie_for(state, session_id))],
                Redirect::to("/my-courses"),
            )
                .into_response());
        }
        SignInOutcome::Wrong => {
            tracing::info!("participant sign-in refused: wrong code or date of birth");
            "The code or date of birth is not right. Check your letter and try again."
        }
        SignInOutcome::Locked { .. } => {
            tracing::warn!("participant sign-in refused: code locked after too many wrong tries");
            "You have tried too many times. Wait 15 minutes, then try again."
        }
        SignInOutcome::Throttled => {
            tracing::warn!(%address, "participant sign-in throttled for this address");
            "There have been too many tries from this device. Wait 15 minutes, then try again."
        }
    };
    view.errors.push(error("code", message));
    Ok(render_form(state, headers, uri, view, StatusCode::UNPROCESSABLE_ENTITY).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default()
    }

    #[test]
    fn accepts_a_real_past_date() {
        assert_eq!(
            parse_date_of_birth("1", "4", "2000", today()),
            Ok(NaiveDate::from_ymd_opt(2000, 4, 1).unwrap_or_default())
        );
    }

    #[test]
    fn says_what_is_wrong_with_a_date() {
        assert_eq!(
            parse_date_of_birth("", "", "", today()),
            Err("Enter your date of birth")
        );
        assert_eq!(
            parse_date_of_birth("1", "", "2000", today()),
            Err("Your date of birth must include a day, month and year")
        );
        assert_eq!(
            parse_date_of_birth("31", "2", "2000", today()),
            Err("Your date of birth must be a real date")
        );
        assert_eq!(
            parse_date_of_birth("1", "1", "00", today()),
            Err("Year must include 4 numbers, for example 2001")
        );
        assert_eq!(
            parse_date_of_birth("1", "1", "2030", today()),
            Err("Your date of birth must be in the past")
        );
        assert_eq!(
            parse_date_of_birth("one", "1", "2000", today()),
            Err("Your date of birth must be a real date, written in numbers")
        );
    }
}
