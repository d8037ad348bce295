//! `/staff/users` (admins): the force's staff, adding a member, changing a role,
//! disabling or enabling an account, and resetting a lost two-factor sign-in. Admins cannot change their own account here, so a
//! force cannot lock itself out by mistake.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use reroute_app::staff::view_model::{OptionItem, StaffUserRow, StaffUsersView};
use reroute_app::view_model::FieldError;
use reroute_db::queries::staff_accounts::{self, NewStaffUser};
use reroute_db::queries::{audit, two_factor};
use reroute_domain::password_policy;
use reroute_domain::staff::{Role, is_locked};
use serde::Deserialize;
use uuid::Uuid;

use super::super::AppState;
use super::super::form::FormFields;
use super::super::page::{PageError, respond};
use super::render::staff_page;
use super::request_meta::RequestMeta;
use super::session::Staff;
use crate::password;

#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    done: String,
}

fn role_options(current: &str) -> Vec<OptionItem> {
    Role::ALL
        .iter()
        .map(|role| OptionItem {
            value: role.as_str().to_owned(),
            label: role.label().to_owned(),
            selected: role.as_str() == current,
        })
        .collect()
}

async fn view(
    state: &AppState,
    staff: &Staff,
    form: Option<&FormFields>,
    errors: Vec<FieldError>,
    notice: Option<String>,
) -> Result<StaffUsersView, PageError> {
    let now = Utc::now();
    let users = staff_accounts::list(&state.db.connection, staff.organisation.id).await?;
    let value = |name: &str| form.map(|f| f.get(name).to_owned()).unwrap_or_default();
    Ok(StaffUsersView {
        users: users
            .into_iter()
            .map(|user| {
                let role = Role::parse(&user.role);
                let state_label = if user.disabled {
                    "Disabled".to_owned()
                } else if is_locked(user.locked_until, now) {
                    let until = user
                        .locked_until
                        .map(|t| t.format("%H:%M").to_string())
                        .unwrap_or_default();
                    format!("Locked until {until}")
                } else {
                    "Active".to_owned()
                };
                let two_factor_on = user.totp_enabled_at.is_some();
                let state_label = if two_factor_on {
                    format!("{state_label}, two-factor sign-in on")
                } else {
                    state_label
                };
                let toggle = if user.disabled { "enable" } else { "disable" };
                StaffUserRow {
                    is_you: user.id == staff.user.id,
                    role_action: format!("/staff/users/{}/role", user.id),
                    roles: role_options(&user.role),
                    toggle: (
                        if user.disabled { "Enable" } else { "Disable" }.to_owned(),
                        format!("/staff/users/{}/{toggle}", user.id),
                    ),
                    reset_two_factor: two_factor_on
                        .then(|| format!("/staff/users/{}/reset-two-factor", user.id)),
                    name: user.display_name,
                    email: user.email,
                    role_label: role.map_or("Unknown", Role::label).to_owned(),
                    state_label,
                }
            })
            .collect(),
        errors,
        new_name: value("name"),
        new_email: value("email"),
        roles: role_options(&value("role")),
        notice,
    })
}

fn notice_for(done: &str) -> Option<String> {
    match done {
        "created" => Some("Member of staff added. Give them their password in person."),
        "role" => Some("Role changed. It applies from their next page."),
        "disable" => Some("Account disabled. They have been signed out."),
        "enable" => Some("Account enabled."),
        "reset-two-factor" => Some(
            "Two-factor sign-in reset. They can sign in with their password and set it up again.",
        ),
        _ => None,
    }
    .map(str::to_owned)
}

pub async fn show(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    Query(done): Query<Done>,
) -> Response {
    let result = async {
        staff.require_admin()?;
        audit::append(
            &state.db.connection,
            meta.staff_event(&staff, "staff.listed-staff", None, None),
        )
        .await?;
        let view = view(&state, &staff, None, Vec::new(), notice_for(&done.done)).await?;
        Ok(staff_page(
            &state,
            &headers,
            "/staff/users",
            Some(&staff),
            StatusCode::OK,
            view,
        )
        .await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

fn problem(field_id: &str, message: &str) -> FieldError {
    FieldError {
        field_id: field_id.to_owned(),
        message: message.to_owned(),
    }
}

/// Checks the new member's details; every problem at once.
pub fn check_new(
    name: &str,
    email: &str,
    role: &str,
    password_typed: &str,
) -> Result<Role, Vec<FieldError>> {
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(problem("name", "Enter their full name"));
    } else if name.chars().count() > 200 {
        errors.push(problem("name", "Full name must be 200 characters or fewer"));
    }
    let (local, domain) = email.split_once('@').unwrap_or_default();
    if email.is_empty() {
        errors.push(problem("email", "Enter their email address"));
    } else if local.is_empty()
        || !domain.contains('.')
        || email.len() > 254
        || email.contains(char::is_whitespace)
    {
        errors.push(problem(
            "email",
            "Enter an email address in the correct format, like name@force.police.uk",
        ));
    }
    let role = Role::parse(role);
    if role.is_none() {
        errors.push(problem("role", "Select their role"));
    }
    if let Err(problem_found) = password_policy::check(password_typed, email) {
        errors.push(problem("password", problem_found.message()));
    }
    match role {
        Some(role) if errors.is_empty() => Ok(role),
        _ => Err(errors),
    }
}

pub async fn create(
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
        let password_typed = form.get_raw("password");
        let refuse = |errors| async {
            let view = view(&state, &staff, Some(&form), errors, None).await?;
            Ok::<_, PageError>(
                staff_page(
                    &state,
                    &headers,
                    "/staff/users",
                    Some(&staff),
                    StatusCode::UNPROCESSABLE_ENTITY,
                    view,
                )
                .await,
            )
        };
        let role = match check_new(
            form.get("name"),
            form.get("email"),
            form.get("role"),
            password_typed,
        ) {
            Ok(role) => role,
            Err(errors) => return refuse(errors).await,
        };
        let typed = password_typed.to_owned();
        let hash = tokio::task::spawn_blocking(move || password::hash(&typed))
            .await
            .map_err(|_| PageError::BadRequest("The password could not be saved. Try again."))?
            .map_err(|_| PageError::BadRequest("The password could not be saved. Try again."))?;
        let created = staff_accounts::create(
            &state.db.connection,
            NewStaffUser {
                organisation_id: staff.organisation.id,
                email: form.get("email").to_owned(),
                display_name: form.get("name").to_owned(),
                role,
                password_hash: hash,
            },
            Utc::now(),
        )
        .await?;
        let Some(created) = created else {
            return refuse(vec![problem(
                "email",
                "There is already an account with this email address",
            )])
            .await;
        };
        audit::append(
            &state.db.connection,
            meta.staff_event(
                &staff,
                "staff.created-staff-user",
                Some(("staff-user", created.id.to_string())),
                Some(format!("role {}", role.as_str())),
            ),
        )
        .await?;
        Ok(Redirect::to("/staff/users?done=created").into_response())
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

pub async fn change(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    Path((user, change)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let result = async {
        staff.require_admin()?;
        let user_id = Uuid::try_parse(&user).map_err(|_| PageError::NotFound)?;
        if user_id == staff.user.id {
            return Err(PageError::BadRequest(
                "You cannot change your own account. Ask another admin.",
            ));
        }
        let form = FormFields::parse(&body)?;
        let db = &state.db.connection;
        let org = staff.organisation.id;
        let (changed, action, detail) = match change.as_str() {
            "role" => {
                let role =
                    Role::parse(form.get("role")).ok_or(PageError::BadRequest("Select a role."))?;
                (
                    staff_accounts::set_role(db, org, user_id, role).await?,
                    "staff.changed-role",
                    Some(format!("role {}", role.as_str())),
                )
            }
            "disable" => (
                staff_accounts::set_disabled(db, org, user_id, true, Utc::now()).await?,
                "staff.disabled-staff-user",
                None,
            ),
            "enable" => (
                staff_accounts::set_disabled(db, org, user_id, false, Utc::now()).await?,
                "staff.enabled-staff-user",
                None,
            ),
            "reset-two-factor" => (
                two_factor::reset(db, org, user_id).await?,
                "staff.totp-reset",
                None,
            ),
            _ => return Err(PageError::NotFound),
        };
        if !changed {
            return Err(PageError::NotFound);
        }
        audit::append(
            db,
            meta.staff_event(
                &staff,
                action,
                Some(("staff-user", user_id.to_string())),
                detail,
            ),
        )
        .await?;
        Ok(Redirect::to(&format!("/staff/users?done={change}")).into_response())
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_member_needs_a_name_an_email_a_role_and_a_strong_password() {
        let fields =
            |errors: Vec<FieldError>| errors.into_iter().map(|e| e.field_id).collect::<Vec<_>>();
        assert_eq!(
            fields(check_new("", "", "", "").unwrap_err()),
            ["name", "email", "role", "password"]
        );
        assert_eq!(
            fields(check_new("Sam", "sam@", "admin", "password1234").unwrap_err()),
            ["email", "password"]
        );
        assert_eq!(
            check_new(
                "Sam",
                "sam@force.police.uk",
                "caseworker",
                "plum kettle orbit"
            ),
            Ok(Role::Caseworker)
        );
    }
}
