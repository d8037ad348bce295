//! `/staff/settings` (admins): the force's default deadline for each disposal type.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use reroute_app::staff::view_model::{DeadlineDefaultRow, ForceSettingsView};
use reroute_app::view_model::FieldError;
use reroute_db::queries::{audit, deadline_defaults};
use reroute_domain::disposal::Disposal;
use serde::Deserialize;

use super::super::AppState;
use super::super::form::FormFields;
use super::super::page::respond;
use super::render::staff_page;
use super::request_meta::RequestMeta;
use super::session::Staff;

const MAX_DAYS: u32 = 365;

fn field(disposal: Disposal) -> String {
    format!("days-{}", disposal.as_str())
}

#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    done: String,
}

pub async fn show(
    staff: Staff,
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Query(done): Query<Done>,
) -> Response {
    let result = async {
        staff.require_admin()?;
        let defaults =
            deadline_defaults::days_for(&state.db.connection, staff.organisation.id).await?;
        let view = ForceSettingsView {
            errors: Vec::new(),
            rows: defaults
                .into_iter()
                .map(|(disposal, days)| DeadlineDefaultRow {
                    field: field(disposal),
                    label: disposal.label().to_owned(),
                    days: days.to_string(),
                })
                .collect(),
            notice: (done.done == "saved").then(|| "Settings saved.".to_owned()),
        };
        Ok(staff_page(
            &state,
            &headers,
            "/staff/settings",
            Some(&staff),
            StatusCode::OK,
            view,
        )
        .await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

/// Each disposal's days, or a message for each box that is not a whole number from 1
/// to 365.
pub fn check(form: &FormFields) -> Result<Vec<(Disposal, u32)>, Vec<FieldError>> {
    let mut days = Vec::new();
    let mut errors = Vec::new();
    for disposal in Disposal::ALL {
        match form.get(&field(disposal)).parse::<u32>() {
            Ok(n) if (1..=MAX_DAYS).contains(&n) => days.push((disposal, n)),
            _ => errors.push(FieldError {
                field_id: field(disposal),
                message: format!(
                    "Days for a {} must be a whole number from 1 to 365",
                    disposal.label().to_lowercase()
                ),
            }),
        }
    }
    if errors.is_empty() {
        Ok(days)
    } else {
        Err(errors)
    }
}

pub async fn save(
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
        match check(&form) {
            Ok(days) => {
                deadline_defaults::set(&state.db.connection, staff.organisation.id, &days).await?;
                let summary = days
                    .iter()
                    .map(|(d, n)| format!("{}={n}", d.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ");
                audit::append(
                    &state.db.connection,
                    meta.staff_event(
                        &staff,
                        "staff.changed-deadline-defaults",
                        None,
                        Some(summary),
                    ),
                )
                .await?;
                Ok(Redirect::to("/staff/settings?done=saved").into_response())
            }
            Err(errors) => {
                let view = ForceSettingsView {
                    errors,
                    rows: Disposal::ALL
                        .iter()
                        .map(|d| DeadlineDefaultRow {
                            field: field(*d),
                            label: d.label().to_owned(),
                            days: form.get(&field(*d)).to_owned(),
                        })
                        .collect(),
                    notice: None,
                };
                Ok(staff_page(
                    &state,
                    &headers,
                    "/staff/settings",
                    Some(&staff),
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
    fn every_box_must_hold_a_whole_number_of_days() {
        let body = Disposal::ALL
            .iter()
            .map(|d| format!("{}=30", field(*d)))
            .collect::<Vec<_>>()
            .join("&");
        let form =
            FormFields::parse(&Bytes::from(body.replace("days-other=30", "days-other=0"))).unwrap();
        let errors = check(&form).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field_id, "days-other");
        let form = FormFields::parse(&Bytes::from(body)).unwrap();
        assert_eq!(check(&form).unwrap().len(), 6);
    }
}
