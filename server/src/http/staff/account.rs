//! `/staff/account` (any member of staff): their account, and turning two-factor sign-in
//! on (scan a QR code, confirm with a code) and off (with a current code).

use std::fmt::Write;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use reroute_app::staff::view_model::{QrCodeView, StaffAccountView, TwoFactorSetupView};
use reroute_app::view_model::FieldError;
use reroute_db::queries::{audit, staff_accounts, two_factor};
use reroute_domain::two_factor::{CodeProblem, check, grouped, new_secret, setup_uri};
use serde::Deserialize;

use super::super::AppState;
use super::super::form::FormFields;
use super::super::page::{PageError, respond};
use super::dashboard::short_date;
use super::render::staff_page;
use super::request_meta::RequestMeta;
use super::session::{SETUP_PATH, Staff};
use super::sign_in::error;

#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    done: String,
}

fn account_view(
    staff: &Staff,
    errors: Vec<FieldError>,
    notice: Option<String>,
) -> StaffAccountView {
    StaffAccountView {
        name: staff.user.display_name.clone(),
        email: staff.user.email.clone(),
        role_label: staff.role.label().to_owned(),
        organisation: staff.organisation.name.clone(),
        two_factor_since: staff
            .user
            .totp_enabled_at
            .map(|since| short_date(since.date_naive())),
        required_by_force: staff.organisation.require_totp,
        errors,
        notice,
    }
}

async fn account_page(
    state: &AppState,
    headers: &HeaderMap,
    staff: &Staff,
    status: StatusCode,
    view: StaffAccountView,
) -> Response {
    staff_page(state, headers, "/staff/account", Some(staff), status, view).await
}

pub async fn show(
    staff: Staff,
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(done): Query<Done>,
) -> Response {
    let notice = match done.done.as_str() {
        "on" => {
            Some("Two-factor sign-in is on. You will be asked for a code each time you sign in.")
        }
        "off" => Some("Two-factor sign-in is off."),
        _ => None,
    };
    let view = account_view(&staff, Vec::new(), notice.map(str::to_owned));
    account_page(&state, &headers, &staff, StatusCode::OK, view).await
}

/// The QR code's dark modules as one SVG path, a rectangle per run of dark modules in a
/// row, in module units (the page scales it).
fn qr_code(content: &str) -> Option<QrCodeView> {
    let code = qrcode::QrCode::new(content.as_bytes()).ok()?;
    let size = code.width();
    let mut path = String::new();
    for (y, row) in code.to_colors().chunks(size).enumerate() {
        let mut x = 0;
        while x < row.len() {
            let run = row[x..]
                .iter()
                .take_while(|colour| **colour == qrcode::Color::Dark)
                .count();
            if run > 0 {
                let _ = write!(path, "M{x} {y}h{run}v1h-{run}z");
            }
            x += run.max(1);
        }
    }
    Some(QrCodeView { size, path })
}

async fn setup_page(
    state: &AppState,
    headers: &HeaderMap,
    staff: &Staff,
    secret: &str,
    errors: Vec<FieldError>,
) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let view = TwoFactorSetupView {
        secret: grouped(secret),
        qr: setup_uri(secret, &staff.user.email).and_then(|uri| qr_code(&uri)),
        required_by_force: staff.organisation.require_totp,
        errors,
    };
    staff_page(state, headers, SETUP_PATH, Some(staff), status, view).await
}

/// `GET /staff/account/two-factor`: a new secret (or the one already waiting for its
/// first code) as a QR code and a key to type.
pub async fn setup(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let result = async {
        if staff.user.totp_enabled_at.is_some() {
            return Ok(Redirect::to("/staff/account").into_response());
        }
        let db = &state.db.connection;
        let fresh = new_secret();
        let Some(secret) = two_factor::secret_to_set_up(db, staff.user.id, fresh.clone()).await?
        else {
            return Ok(Redirect::to("/staff/account").into_response());
        };
        if secret == fresh {
            audit::append(
                db,
                meta.staff_event(&staff, "staff.totp-setup-started", None, None),
            )
            .await?;
        }
        Ok(setup_page(&state, &headers, &staff, &secret, Vec::new()).await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

fn unix(now: DateTime<Utc>) -> u64 {
    u64::try_from(now.timestamp()).unwrap_or_default()
}

/// `POST /staff/account/two-factor`: the first code from the app proves it is set up
/// right; then two-factor sign-in is on and the account's other sessions end.
pub async fn confirm(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let result = async {
        let form = FormFields::parse(&body)?;
        let (None, Some(secret)) = (staff.user.totp_enabled_at, staff.user.totp_secret.clone())
        else {
            return Ok(Redirect::to(SETUP_PATH).into_response());
        };
        let db = &state.db.connection;
        let now = Utc::now();
        match check(&secret, form.get("code"), unix(now), None) {
            Ok(step) => {
                if !two_factor::enable(db, staff.user.id, &secret, step, staff.session_id, now)
                    .await?
                {
                    return Ok(Redirect::to(SETUP_PATH).into_response());
                }
                audit::append(
                    db,
                    meta.staff_event(&staff, "staff.totp-enabled", None, None),
                )
                .await?;
                Ok(Redirect::to("/staff/account?done=on").into_response())
            }
            Err(problem) => {
                if problem.is_a_guess() {
                    audit::append(
                        db,
                        meta.staff_event(
                            &staff,
                            "staff.totp-code-refused",
                            None,
                            Some(problem.reason().to_owned()),
                        ),
                    )
                    .await?;
                }
                let errors = vec![error("code", problem.message())];
                Ok(setup_page(&state, &headers, &staff, &secret, errors).await)
            }
        }
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

/// `POST /staff/account/two-factor/off`: needs a current code, which counts towards the
/// lockout when wrong, like a code at sign-in. Not allowed when the force requires it.
pub async fn turn_off(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let result = async {
        let form = FormFields::parse(&body)?;
        let (Some(_), Some(secret)) = (staff.user.totp_enabled_at, staff.user.totp_secret.clone())
        else {
            return Ok(Redirect::to("/staff/account").into_response());
        };
        if staff.organisation.require_totp {
            return Err(PageError::BadRequest(
                "Your force requires two-factor sign-in, so it cannot be turned off.",
            ));
        }
        let db = &state.db.connection;
        let now = Utc::now();
        let checked = match check(
            &secret,
            form.get("code"),
            unix(now),
            staff.user.totp_last_step,
        ) {
            Ok(step) if two_factor::use_step(db, staff.user.id, step).await? => Ok(()),
            Ok(_) => Err(CodeProblem::AlreadyUsed),
            Err(problem) => Err(problem),
        };
        match checked {
            Ok(()) => {
                two_factor::disable(db, staff.user.id).await?;
                audit::append(
                    db,
                    meta.staff_event(&staff, "staff.totp-disabled", None, None),
                )
                .await?;
                Ok(Redirect::to("/staff/account?done=off").into_response())
            }
            Err(problem) => {
                if problem.is_a_guess() {
                    staff_accounts::record_wrong_password(db, staff.user.id, now).await?;
                    audit::append(
                        db,
                        meta.staff_event(
                            &staff,
                            "staff.totp-code-refused",
                            None,
                            Some(problem.reason().to_owned()),
                        ),
                    )
                    .await?;
                }
                let view = account_view(&staff, vec![error("code", problem.message())], None);
                Ok(account_page(
                    &state,
                    &headers,
                    &staff,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    view,
                )
                .await)
            }
        }
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_code_path_covers_every_dark_module_once() {
        let content =
            "otpauth://totp/Reroute:sam%40force.police.uk?secret=JBSWY3DPEHPK3PXP&issuer=Reroute";
        let view = qr_code(content).unwrap();
        let code = qrcode::QrCode::new(content.as_bytes()).unwrap();
        assert_eq!(view.size, code.width());
        let dark = code
            .to_colors()
            .iter()
            .filter(|colour| **colour == qrcode::Color::Dark)
            .count();
        let drawn: usize = view
            .path
            .split('M')
            .filter(|part| !part.is_empty())
            .map(|part| {
                let run = part.split('h').nth(1).unwrap().split('v').next().unwrap();
                run.parse::<usize>().unwrap()
            })
            .sum();
        assert_eq!(drawn, dark);
    }
}
