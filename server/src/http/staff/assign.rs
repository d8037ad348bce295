//! `/staff/assign`: one form creates the participant (or reuses the force's existing
//! record for that reference, once the caseworker confirms) and the assignment, then
//! shows the access code once.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use chrono::{Days, NaiveDate, Utc};
use reroute_app::staff::view_model::{
    AssignFormValues, AssignFormView, AssignedView, ExistingParticipant, OptionItem,
};
use reroute_app::view_model::FieldError;
use reroute_db::queries::assignments::{self, NewAssignment};
use reroute_db::queries::case_events::{self, NewCaseEvent};
use reroute_db::queries::{audit, deadline_defaults};
use reroute_domain::access_code::{self, AccessCode};
use reroute_domain::deadline::long_date;
use reroute_domain::disposal::Disposal;

use super::super::AppState;
use super::super::form::FormFields;
use super::super::page::{PageError, respond};
use super::date_fields;
use super::render::staff_page;
use super::request_meta::RequestMeta;
use super::session::Staff;

const MAX_NAME: usize = 200;
const MAX_REFERENCE: usize = 50;
const MAX_CONTACT: usize = 200;
const MAX_NOTES: usize = 2000;
/// A deadline further away than this is almost certainly a typing mistake.
const MAX_DEADLINE_DAYS: u64 = 366;

pub async fn show(
    staff: Staff,
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let result = async {
        staff.require_participants()?;
        let view = form_view(
            &state,
            &staff,
            AssignFormValues::default(),
            Vec::new(),
            None,
        )
        .await?;
        Ok(staff_page(
            &state,
            &headers,
            "/staff/assign",
            Some(&staff),
            StatusCode::OK,
            view,
        )
        .await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

async fn form_view(
    state: &AppState,
    staff: &Staff,
    values: AssignFormValues,
    errors: Vec<FieldError>,
    existing: Option<ExistingParticipant>,
) -> Result<AssignFormView, PageError> {
    let defaults = deadline_defaults::days_for(&state.db.connection, staff.organisation.id).await?;
    let deadline_hint = format!(
        "Leave blank to use your force's default: {}.",
        defaults
            .iter()
            .map(|(disposal, days)| format!(
                "{} days for a {}",
                days,
                disposal.label().to_lowercase()
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let courses = state
        .content
        .courses()
        .map(|course| OptionItem {
            value: course.id.clone(),
            label: course.title.clone(),
            selected: course.id == values.course,
        })
        .collect();
    let disposals = std::iter::once(OptionItem {
        value: String::new(),
        label: "Choose the disposal".to_owned(),
        selected: values.disposal.is_empty(),
    })
    .chain(Disposal::ALL.iter().map(|disposal| OptionItem {
        value: disposal.as_str().to_owned(),
        label: disposal.label().to_owned(),
        selected: disposal.as_str() == values.disposal,
    }))
    .collect();
    Ok(AssignFormView {
        errors,
        values,
        courses,
        disposals,
        deadline_hint,
        existing,
    })
}

/// A checked form, ready to save.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedAssign {
    pub name: String,
    pub date_of_birth: NaiveDate,
    pub force_reference: String,
    pub contact: Option<String>,
    pub accessibility_notes: Option<String>,
    pub course_id: String,
    pub disposal: Disposal,
    pub condition_text: String,
    /// `None`: use the force's default for the disposal.
    pub deadline: Option<NaiveDate>,
}

fn field_error(errors: &mut Vec<FieldError>, field_id: &str, message: impl Into<String>) {
    errors.push(FieldError {
        field_id: field_id.to_owned(),
        message: message.into(),
    });
}

/// Checks every field and reports every problem at once, in the form's order.
pub fn check(
    values: &AssignFormValues,
    course_exists: impl Fn(&str) -> bool,
    today: NaiveDate,
) -> Result<CheckedAssign, Vec<FieldError>> {
    let mut errors = Vec::new();
    if values.name.is_empty() {
        field_error(&mut errors, "name", "Enter the person's full name");
    } else if values.name.chars().count() > MAX_NAME {
        field_error(
            &mut errors,
            "name",
            "Full name must be 200 characters or fewer",
        );
    }
    let date_of_birth = match date_fields::parse(
        &values.dob_day,
        &values.dob_month,
        &values.dob_year,
        "Date of birth",
    ) {
        Ok(Some(date)) if date >= today => {
            field_error(&mut errors, "dob-day", "Date of birth must be in the past");
            None
        }
        Ok(Some(date)) => Some(date),
        Ok(None) => {
            field_error(&mut errors, "dob-day", "Enter the person's date of birth");
            None
        }
        Err(message) => {
            field_error(&mut errors, "dob-day", message);
            None
        }
    };
    let reference_ok = |c: char| c.is_ascii_alphanumeric() || " /-_.".contains(c);
    if values.force_reference.is_empty() {
        field_error(
            &mut errors,
            "force-reference",
            "Enter the force reference, for example the crime or custody reference",
        );
    } else if values.force_reference.chars().count() > MAX_REFERENCE {
        field_error(
            &mut errors,
            "force-reference",
            "Force reference must be 50 characters or fewer",
        );
    } else if !values.force_reference.chars().all(reference_ok) {
        field_error(
            &mut errors,
            "force-reference",
            "Force reference must only include letters, numbers, spaces and / - _ .",
        );
    }
    if values.contact.chars().count() > MAX_CONTACT {
        field_error(
            &mut errors,
            "contact",
            "Phone number or email must be 200 characters or fewer",
        );
    }
    if values.accessibility_notes.chars().count() > MAX_NOTES {
        field_error(
            &mut errors,
            "accessibility-notes",
            "Accessibility notes must be 2,000 characters or fewer",
        );
    }
    if values.course.is_empty() || !course_exists(&values.course) {
        field_error(&mut errors, "course", "Select the course");
    }
    let disposal = Disposal::parse(&values.disposal);
    if disposal.is_none() {
        field_error(&mut errors, "disposal", "Select the disposal type");
    }
    if values.condition_text.is_empty() {
        field_error(
            &mut errors,
            "condition-text",
            "Enter the condition, as worded on the disposal",
        );
    } else if values.condition_text.chars().count() > MAX_NOTES {
        field_error(
            &mut errors,
            "condition-text",
            "The condition must be 2,000 characters or fewer",
        );
    }
    let latest = today
        .checked_add_days(Days::new(MAX_DEADLINE_DAYS))
        .unwrap_or(today);
    let deadline = match date_fields::parse(
        &values.deadline_day,
        &values.deadline_month,
        &values.deadline_year,
        "Deadline",
    ) {
        Ok(Some(date)) if date < today => {
            field_error(
                &mut errors,
                "deadline-day",
                "Deadline must be today or in the future",
            );
            None
        }
        Ok(Some(date)) if date > latest => {
            field_error(
                &mut errors,
                "deadline-day",
                "Deadline must be within a year from today",
            );
            None
        }
        Ok(date) => date,
        Err(message) => {
            field_error(&mut errors, "deadline-day", message);
            None
        }
    };
    match (date_of_birth, disposal) {
        (Some(date_of_birth), Some(disposal)) if errors.is_empty() => Ok(CheckedAssign {
            name: values.name.clone(),
            date_of_birth,
            force_reference: values.force_reference.clone(),
            contact: (!values.contact.is_empty()).then(|| values.contact.clone()),
            accessibility_notes: (!values.accessibility_notes.is_empty())
                .then(|| values.accessibility_notes.clone()),
            course_id: values.course.clone(),
            disposal,
            condition_text: values.condition_text.clone(),
            deadline,
        }),
        _ => Err(errors),
    }
}

fn values_from(form: &FormFields) -> AssignFormValues {
    AssignFormValues {
        name: form.get("name").to_owned(),
        dob_day: form.get("dob-day").to_owned(),
        dob_month: form.get("dob-month").to_owned(),
        dob_year: form.get("dob-year").to_owned(),
        force_reference: form.get("force-reference").to_uppercase(),
        contact: form.get("contact").to_owned(),
        accessibility_notes: form.get("accessibility-notes").to_owned(),
        course: form.get("course").to_owned(),
        disposal: form.get("disposal").to_owned(),
        condition_text: form.get("condition-text").to_owned(),
        deadline_day: form.get("deadline-day").to_owned(),
        deadline_month: form.get("deadline-month").to_owned(),
        deadline_year: form.get("deadline-year").to_owned(),
    }
}

pub async fn submit(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let result = assign(&state, &staff, &meta, &headers, body).await;
    respond(&state, &headers, &uri, result).await
}

async fn assign(
    state: &AppState,
    staff: &Staff,
    meta: &RequestMeta,
    headers: &HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    staff.require_participants()?;
    let form = FormFields::parse(&body)?;
    let values = values_from(&form);
    let now = Utc::now();
    let today = now.date_naive();
    let checked = match check(&values, |id| state.content.current(id).is_some(), today) {
        Ok(checked) => checked,
        Err(errors) => {
            let view = form_view(state, staff, values, errors, None).await?;
            return Ok(staff_page(
                state,
                headers,
                "/staff/assign",
                Some(staff),
                StatusCode::UNPROCESSABLE_ENTITY,
                view,
            )
            .await);
        }
    };
    let db = &state.db.connection;
    let existing =
        assignments::participant_by_reference(db, staff.organisation.id, &checked.force_reference)
            .await?;
    if let Some((person, earlier)) = existing
        && form.get("existing-participant") != person.id.to_string()
    {
        // Offering the existing person shows their details: a read of their record.
        audit::append(
            db,
            meta.staff_event(
                staff,
                "staff.viewed-participant",
                Some(("participant", person.id.to_string())),
                None,
            ),
        )
        .await?;
        let offer = ExistingParticipant {
            id: person.id.to_string(),
            name: person.name,
            date_of_birth: long_date(person.date_of_birth),
            force_reference: person.force_reference,
            assignments: earlier
                .iter()
                .map(|a| {
                    let course = state
                        .content
                        .current(&a.course_id)
                        .map_or_else(|| a.course_id.clone(), |c| c.title.clone());
                    let (status, _) = super::dashboard::status_tag(
                        &a.status,
                        a.outcome.as_deref(),
                        a.deadline,
                        today,
                    );
                    format!("{course}: {status}")
                })
                .collect(),
        };
        let view = form_view(state, staff, values, Vec::new(), Some(offer)).await?;
        return Ok(staff_page(
            state,
            headers,
            "/staff/assign",
            Some(staff),
            StatusCode::OK,
            view,
        )
        .await);
    }
    let deadline = match checked.deadline {
        Some(date) => date,
        None => {
            let defaults = deadline_defaults::days_for(db, staff.organisation.id).await?;
            let days = defaults
                .iter()
                .find(|(disposal, _)| *disposal == checked.disposal)
                .map_or(checked.disposal.default_days(), |(_, days)| *days);
            today
                .checked_add_days(Days::new(u64::from(days)))
                .unwrap_or(today)
        }
    };
    let code = AccessCode::generate();
    let canonical = access_code::normalise(code.printed()).map_err(|problem| {
        tracing::error!(?problem, "generated an access code that does not normalise");
        PageError::BadRequest("Sorry, the code could not be made. Try again.")
    })?;
    let course_title = state
        .content
        .current(&checked.course_id)
        .map_or_else(|| checked.course_id.clone(), |c| c.title.clone());
    let assignment = assignments::create(
        db,
        NewAssignment {
            organisation_id: staff.organisation.id,
            name: checked.name,
            date_of_birth: checked.date_of_birth,
            force_reference: checked.force_reference,
            contact: checked.contact,
            accessibility_notes: checked.accessibility_notes,
            course_id: checked.course_id,
            disposal_type: checked.disposal.as_str().to_owned(),
            condition_text: checked.condition_text,
            deadline,
            created_by: Some(staff.user.id),
            access_code_hash: access_code::digest(&canonical, &state.keys.access_code),
        },
        now,
    )
    .await?;
    case_events::append(
        db,
        NewCaseEvent {
            assignment_id: assignment.id,
            organisation_id: staff.organisation.id,
            kind: "assigned".to_owned(),
            staff_user_id: Some(staff.user.id),
            detail: Some(format!("{course_title}, deadline {}", long_date(deadline))),
            reason: None,
            occurred_at: now,
        },
    )
    .await?;
    audit::append(
        db,
        meta.staff_event(
            staff,
            "staff.assigned-course",
            Some(("assignment", assignment.id.to_string())),
            None,
        ),
    )
    .await?;
    let (_, person) = assignments::in_organisation(db, staff.organisation.id, assignment.id)
        .await?
        .ok_or(PageError::NotFound)?;
    let view = assigned_view(
        &assignment.id.to_string(),
        &person.name,
        &course_title,
        deadline,
        code.printed(),
        false,
    );
    Ok(staff_page(
        state,
        headers,
        "/staff/assigned",
        Some(staff),
        StatusCode::OK,
        view,
    )
    .await)
}

/// The page that shows a new code, once.
pub fn assigned_view(
    assignment_id: &str,
    name: &str,
    course: &str,
    deadline: NaiveDate,
    code: &str,
    reissued: bool,
) -> AssignedView {
    AssignedView {
        assignment_href: format!("/staff/assignments/{assignment_id}"),
        name: name.to_owned(),
        course: course.to_owned(),
        deadline: long_date(deadline),
        code: code.to_owned(),
        reissued,
        letter_action: format!("/staff/assignments/{assignment_id}/letter"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default()
    }

    fn filled() -> AssignFormValues {
        AssignFormValues {
            name: "Jo Bloggs".into(),
            dob_day: "1".into(),
            dob_month: "4".into(),
            dob_year: "2000".into(),
            force_reference: "CR/123/26".into(),
            course: "anger".into(),
            disposal: "community-resolution".into(),
            condition_text: "Complete the course.".into(),
            ..AssignFormValues::default()
        }
    }

    #[test]
    fn a_complete_form_passes_with_the_deadline_left_to_the_default() {
        let checked = check(&filled(), |id| id == "anger", today()).unwrap();
        assert_eq!(checked.deadline, None);
        assert_eq!(checked.disposal, Disposal::CommunityResolution);
        assert_eq!(checked.contact, None);
    }

    #[test]
    fn an_empty_form_reports_every_required_field_in_order() {
        let errors = check(&AssignFormValues::default(), |_| true, today()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field_id.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "dob-day",
                "force-reference",
                "course",
                "disposal",
                "condition-text"
            ]
        );
    }

    #[test]
    fn refuses_unknown_courses_bad_references_and_past_deadlines() {
        let mut values = filled();
        values.course = "no-such-course".into();
        values.force_reference = "CR=1+1".into();
        values.deadline_day = "25".into();
        values.deadline_month = "11".into();
        values.deadline_year = "2026".into();
        let errors = check(&values, |id| id == "anger", today()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field_id.as_str()).collect();
        assert_eq!(fields, ["force-reference", "course", "deadline-day"]);
    }
}
