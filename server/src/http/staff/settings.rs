//! `/staff/settings` (admins): the force's default deadline for each disposal type, and
//! whether it requires two-factor sign-in (saved by [`super::two_factor`]). It also holds
//! how long the force keeps a closed assignment's personal data.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use reroute_app::staff::view_model::{DeadlineDefaultRow, ForceSettingsView};
use reroute_app::view_model::FieldError;
use reroute_db::queries::{audit, deadline_defaults, retention};
use reroute_domain::disposal::Disposal;
use reroute_domain::retention::{MAX_MONTHS, RetentionRule};
use serde::Deserialize;

use super::super::AppState;
use super::super::form::FormFields;
use super::super::page::respond;
use super::render::staff_page;
use super::request_meta::RequestMeta;
use super::session::Staff;

const MAX_DAYS: u32 = 365;

/// The retention fields: months to keep a completed assignment, and any other.
const RETAIN_COMPLETED: &str = "retention-completed";
const RETAIN_OTHER: &str = "retention-other";

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
        let rule = retention::rule_for(&state.db.connection, staff.organisation.id).await?;
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
            retention_completed: rule.completed_months.to_string(),
            retention_other: rule.other_months.to_string(),
            notice: (done.done == "saved").then(|| "Settings saved.".to_owned()),
            require_totp: staff.organisation.require_totp,
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

/// The retention periods, or a message for each box that is not a whole number of
/// months from 1 to 240.
pub fn check_retention(form: &FormFields) -> Result<RetentionRule, Vec<FieldError>> {
    let months = |name: &str, what: &str| match form.get(name).parse::<u32>() {
        Ok(n) if (1..=MAX_MONTHS).contains(&n) => Ok(n),
        _ => Err(FieldError {
            field_id: name.to_owned(),
            message: format!("Months to keep {what} must be a whole number from 1 to {MAX_MONTHS}"),
        }),
    };
    match (
        months(RETAIN_COMPLETED, "completed courses"),
        months(RETAIN_OTHER, "other courses"),
    ) {
        (Ok(completed_months), Ok(other_months)) => Ok(RetentionRule {
            completed_months,
            other_months,
        }),
        (completed, other) => Err([completed.err(), other.err()]
            .into_iter()
            .flatten()
            .collect()),
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
        match (check(&form), check_retention(&form)) {
            (Ok(days), Ok(rule)) => {
                let db = &state.db.connection;
                if retention::rule_for(db, staff.organisation.id).await? != rule {
                    retention::set_rule(db, staff.organisation.id, rule).await?;
                    audit::append(
                        db,
                        meta.staff_event(
                            &staff,
                            "staff.changed-retention-rule",
                            None,
                            Some(format!(
                                "completed={} months, other={} months",
                                rule.completed_months, rule.other_months
                            )),
                        ),
                    )
                    .await?;
                }
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
            (days, rule) => {
                let errors = days.err().into_iter().chain(rule.err()).flatten().collect();
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
                    retention_completed: form.get(RETAIN_COMPLETED).to_owned(),
                    retention_other: form.get(RETAIN_OTHER).to_owned(),
                    notice: None,
                    require_totp: staff.organisation.require_totp,
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

    #[test]
    fn retention_periods_are_whole_months_from_one_to_two_hundred_and_forty() {
        let form =
            |body: &'static str| FormFields::parse(&Bytes::from_static(body.as_bytes())).unwrap();
        assert_eq!(
            check_retention(&form("retention-completed=42&retention-other=240")),
            Ok(RetentionRule {
                completed_months: 42,
                other_months: 240
            })
        );
        let errors =
            check_retention(&form("retention-completed=0&retention-other=241")).unwrap_err();
        assert_eq!(
            errors
                .iter()
                .map(|e| e.field_id.as_str())
                .collect::<Vec<_>>(),
            [RETAIN_COMPLETED, RETAIN_OTHER]
        );
        let errors =
            check_retention(&form("retention-completed=1.5&retention-other=12")).unwrap_err();
        assert_eq!(errors.len(), 1);
    }
}
