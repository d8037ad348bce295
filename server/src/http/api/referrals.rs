//! `POST /api/v1/referrals`: creates the participant (or reuses the force's record with
//! the same force reference) and the assignment, checked by the same rules as the staff
//! form, and returns the access code once.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{Datelike, Days, NaiveDate, Utc};
use reroute_app::staff::view_model::AssignFormValues;
use reroute_db::queries::assignments::{self, NewAssignment};
use reroute_db::queries::case_events::{self, NewCaseEvent};
use reroute_db::queries::{audit, deadline_defaults};
use reroute_domain::access_code::{self, AccessCode};
use reroute_domain::deadline::long_date;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::super::AppState;
use super::super::staff::assign;
use super::auth::ApiClient;
use super::error::{ApiError, ApiJson, ErrorBody, ErrorCode};

/// A referral: who the person is and what they must do.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralRequest {
    pub participant: ParticipantRequest,
    pub assignment: AssignmentRequest,
}

/// The person. If the force already has a participant with this `force_reference`, that
/// record is reused as it stands (the name and other details sent here are not applied
/// to it) and the new assignment is added to it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantRequest {
    /// Full name, up to 200 characters.
    pub name: String,
    /// In the past.
    pub date_of_birth: NaiveDate,
    /// The force's crime or custody reference: up to 50 letters, numbers, spaces and
    /// `/ - _ .` (stored in capitals).
    pub force_reference: String,
    /// A phone number or email address, up to 200 characters.
    #[serde(default)]
    pub contact: Option<String>,
    /// Up to 2,000 characters.
    #[serde(default)]
    pub accessibility_notes: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentRequest {
    /// A course id, as listed in the staff console's course library.
    pub course_id: String,
    /// One of `community-resolution`, `conditional-caution`, `youth-conditional-caution`,
    /// `diversionary-caution`, `community-caution`, `other`.
    pub disposal_type: String,
    /// The condition as worded on the disposal, up to 2,000 characters.
    pub condition_text: String,
    /// From today to a year ahead. Default: today plus the force's default number of days
    /// for the disposal type.
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
}

/// The new assignment. The access code is shown only here: give it to the participant.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralCreated {
    pub assignment_id: Uuid,
    pub participant_id: Uuid,
    /// The code the participant signs in with (with their date of birth).
    #[schema(example = "7KQ2-MX4P-9RTA")]
    pub access_code: String,
    pub deadline: NaiveDate,
}

/// The staff form's field ids, as paths in the request.
fn field_path(form_field: &str) -> &'static str {
    match form_field {
        "name" => "participant.name",
        "dob-day" => "participant.date_of_birth",
        "force-reference" => "participant.force_reference",
        "contact" => "participant.contact",
        "accessibility-notes" => "participant.accessibility_notes",
        "course" => "assignment.course_id",
        "disposal" => "assignment.disposal_type",
        "condition-text" => "assignment.condition_text",
        _ => "assignment.deadline",
    }
}

fn date_parts(date: Option<NaiveDate>) -> (String, String, String) {
    date.map_or_else(Default::default, |date| {
        (
            date.day().to_string(),
            date.month().to_string(),
            date.year().to_string(),
        )
    })
}

#[utoipa::path(
    post,
    path = "/api/v1/referrals",
    tag = "referrals",
    request_body = ReferralRequest,
    responses(
        (status = 201, description = "Created", body = ReferralCreated),
        (status = 400, description = "Bad JSON or a field that is wrong", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 413, description = "Body larger than 64 KiB", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create(
    client: ApiClient,
    State(state): State<AppState>,
    ApiJson(request): ApiJson<ReferralRequest>,
) -> Result<(StatusCode, axum::Json<ReferralCreated>), ApiError> {
    let ReferralRequest {
        participant,
        assignment,
    } = request;
    let (dob_day, dob_month, dob_year) = date_parts(Some(participant.date_of_birth));
    let (deadline_day, deadline_month, deadline_year) = date_parts(assignment.deadline);
    let values = AssignFormValues {
        name: participant.name,
        dob_day,
        dob_month,
        dob_year,
        force_reference: participant.force_reference.to_uppercase(),
        contact: participant.contact.unwrap_or_default(),
        accessibility_notes: participant.accessibility_notes.unwrap_or_default(),
        course: assignment.course_id,
        disposal: assignment.disposal_type,
        condition_text: assignment.condition_text,
        deadline_day,
        deadline_month,
        deadline_year,
    };
    let now = Utc::now();
    let today = now.date_naive();
    let checked = assign::check(&values, |id| state.content.current(id).is_some(), today).map_err(
        |errors| {
            let first = errors.into_iter().next().map_or_else(
                || ("assignment", "is not valid".to_owned()),
                |error| (field_path(&error.field_id), error.message),
            );
            ApiError::field(ErrorCode::InvalidField, first.0, first.1)
        },
    )?;
    let db = &state.db.connection;
    let organisation_id = client.client.organisation_id;
    let deadline = match checked.deadline {
        Some(date) => date,
        None => {
            let defaults = deadline_defaults::days_for(db, organisation_id).await?;
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
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "The access code could not be made. Try again.",
        )
    })?;
    let course_title = state
        .content
        .current(&checked.course_id)
        .map_or_else(|| checked.course_id.clone(), |c| c.title.clone());
    let created = assignments::create(
        db,
        NewAssignment {
            organisation_id,
            name: checked.name,
            date_of_birth: checked.date_of_birth,
            force_reference: checked.force_reference,
            contact: checked.contact,
            accessibility_notes: checked.accessibility_notes,
            course_id: checked.course_id,
            disposal_type: checked.disposal.as_str().to_owned(),
            condition_text: checked.condition_text,
            deadline,
            created_by: None,
            access_code_hash: access_code::digest(&canonical, &state.keys.access_code),
        },
        now,
    )
    .await?;
    case_events::append(
        db,
        NewCaseEvent {
            assignment_id: created.id,
            organisation_id,
            kind: "assigned".to_owned(),
            staff_user_id: None,
            detail: Some(format!(
                "{course_title}, deadline {}, by API client {}",
                long_date(deadline),
                client.client.name
            )),
            reason: None,
            occurred_at: now,
        },
    )
    .await?;
    audit::append(
        db,
        client.event(
            "api.created-referral",
            Some(("assignment", created.id.to_string())),
            None,
        ),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(ReferralCreated {
            assignment_id: created.id,
            participant_id: created.participant_id,
            access_code: code.printed().to_owned(),
            deadline,
        }),
    ))
}
