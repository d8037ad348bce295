//! `/staff/assignments/{id}/{action}`: extend the deadline, withdraw, issue a new code,
//! add a note or record the outcome. Each is its own page, needs a reason, goes in the
//! case's timeline and in the audit log.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Days, NaiveDate, Utc};
use reroute_app::staff::view_model::{ActionFormView, ActionKind, OptionItem};
use reroute_app::view_model::FieldError;
use reroute_db::entity::{assignment, participant};
use reroute_db::queries::case_events::{self, NewCaseEvent};
use reroute_db::queries::{audit, case_record};
use reroute_domain::access_code::{self, AccessCode};
use reroute_domain::case_actions::CaseAction;
use reroute_domain::deadline::long_date;
use reroute_domain::disposal::Outcome;
use reroute_domain::status::Status;

use super::super::AppState;
use super::super::form::FormFields;
use super::super::page::{PageError, respond};
use super::assign::assigned_view;
use super::assignment::{course_of, load};
use super::date_fields;
use super::render::staff_page;
use super::request_meta::RequestMeta;
use super::session::Staff;

const MAX_REASON: usize = 2000;

fn kind_of(action: CaseAction) -> ActionKind {
    match action {
        CaseAction::Note => ActionKind::Note,
        CaseAction::Extend => ActionKind::Extend,
        CaseAction::Withdraw => ActionKind::Withdraw,
        CaseAction::Reissue => ActionKind::Reissue,
        CaseAction::Outcome => ActionKind::Outcome,
    }
}

/// The action named in the path, if it exists and is still open for this assignment.
fn allowed_action(slug: &str, assignment: &assignment::Model) -> Result<CaseAction, PageError> {
    let action = CaseAction::from_slug(slug).ok_or(PageError::NotFound)?;
    let stored = Status::parse(&assignment.status).unwrap_or(Status::Assigned);
    if action.allowed(stored, assignment.outcome.is_some()) {
        Ok(action)
    } else {
        Err(PageError::NotFound)
    }
}

async fn form_view(
    state: &AppState,
    action: CaseAction,
    assignment: &assignment::Model,
    person: &participant::Model,
    form: Option<&FormFields>,
    errors: Vec<FieldError>,
) -> Result<ActionFormView, PageError> {
    let course = course_of(state, assignment).await?;
    let value = |name: &str| form.map(|f| f.get(name).to_owned()).unwrap_or_default();
    let chosen = value("outcome");
    Ok(ActionFormView {
        kind: kind_of(action),
        form_action: format!("/staff/assignments/{}/{}", assignment.id, action.slug()),
        back_href: format!("/staff/assignments/{}", assignment.id),
        name: person.name.clone(),
        course: course.map_or_else(|| assignment.course_id.clone(), |c| c.title.clone()),
        current_deadline: long_date(assignment.deadline),
        errors,
        reason: value("reason"),
        deadline_day: value("deadline-day"),
        deadline_month: value("deadline-month"),
        deadline_year: value("deadline-year"),
        outcomes: Outcome::ALL
            .iter()
            .map(|outcome| OptionItem {
                value: outcome.as_str().to_owned(),
                label: outcome.label().to_owned(),
                selected: outcome.as_str() == chosen,
            })
            .collect(),
    })
}

pub async fn show(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    Path((id, slug)): Path<(String, String)>,
) -> Response {
    let result = async {
        let (assignment, person) = load(&state, &staff, &id).await?;
        let action = allowed_action(&slug, &assignment)?;
        // The page names the person: a read of their record, like the case page.
        audit::append(
            &state.db.connection,
            meta.staff_event(
                &staff,
                "staff.viewed-assignment",
                Some(("assignment", assignment.id.to_string())),
                None,
            ),
        )
        .await?;
        let view = form_view(&state, action, &assignment, &person, None, Vec::new()).await?;
        Ok(staff_page(
            &state,
            &headers,
            uri.path(),
            Some(&staff),
            StatusCode::OK,
            view,
        )
        .await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

/// What the form asks for, checked.
#[derive(Debug, PartialEq, Eq)]
pub enum Checked {
    Note,
    Extend(NaiveDate),
    Withdraw,
    Reissue,
    Outcome(Outcome),
}

fn problem(field_id: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field_id: field_id.to_owned(),
        message: message.into(),
    }
}

/// Checks the form for `action` and reports every problem at once.
pub fn check(
    action: CaseAction,
    form: &FormFields,
    current_deadline: NaiveDate,
    today: NaiveDate,
) -> Result<(Checked, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let checked = match action {
        CaseAction::Note => Some(Checked::Note),
        CaseAction::Withdraw => Some(Checked::Withdraw),
        CaseAction::Reissue => Some(Checked::Reissue),
        CaseAction::Outcome => match Outcome::parse(form.get("outcome")) {
            Some(outcome) => Some(Checked::Outcome(outcome)),
            None => {
                errors.push(problem("outcome", "Select the outcome"));
                None
            }
        },
        CaseAction::Extend => {
            let latest = today.checked_add_days(Days::new(366)).unwrap_or(today);
            match date_fields::parse(
                form.get("deadline-day"),
                form.get("deadline-month"),
                form.get("deadline-year"),
                "New deadline",
            ) {
                Ok(None) => {
                    errors.push(problem("deadline-day", "Enter the new deadline"));
                    None
                }
                Ok(Some(date)) if date <= current_deadline || date < today => {
                    errors.push(problem(
                        "deadline-day",
                        format!(
                            "New deadline must be after {} and not in the past",
                            long_date(current_deadline.max(today))
                        ),
                    ));
                    None
                }
                Ok(Some(date)) if date > latest => {
                    errors.push(problem(
                        "deadline-day",
                        "New deadline must be within a year from today",
                    ));
                    None
                }
                Ok(Some(date)) => Some(Checked::Extend(date)),
                Err(message) => {
                    errors.push(problem("deadline-day", message));
                    None
                }
            }
        }
    };
    let reason = form.get("reason");
    if reason.is_empty() {
        let message = if action == CaseAction::Note {
            "Enter the note"
        } else {
            "Enter the reason"
        };
        errors.push(problem("reason", message));
    } else if reason.chars().count() > MAX_REASON {
        errors.push(problem(
            "reason",
            "The reason must be 2,000 characters or fewer",
        ));
    }
    match checked {
        Some(checked) if errors.is_empty() => Ok((checked, reason.to_owned())),
        _ => Err(errors),
    }
}

pub async fn submit(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    Path((id, slug)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let result = act(&state, &staff, &meta, &headers, &uri, (&id, &slug), body).await;
    respond(&state, &headers, &uri, result).await
}

/// Carries out the action `slug` on assignment `id` (both from the path).
async fn act(
    state: &AppState,
    staff: &Staff,
    meta: &RequestMeta,
    headers: &HeaderMap,
    uri: &Uri,
    (id, slug): (&str, &str),
    body: Bytes,
) -> Result<Response, PageError> {
    let (assignment, person) = load(state, staff, id).await?;
    let action = allowed_action(slug, &assignment)?;
    let form = FormFields::parse(&body)?;
    let now = Utc::now();
    let (checked, reason) = match check(action, &form, assignment.deadline, now.date_naive()) {
        Ok(checked) => checked,
        Err(errors) => {
            let view = form_view(state, action, &assignment, &person, Some(&form), errors).await?;
            return Ok(staff_page(
                state,
                headers,
                uri.path(),
                Some(staff),
                StatusCode::UNPROCESSABLE_ENTITY,
                view,
            )
            .await);
        }
    };
    let db = &state.db.connection;
    let org = staff.organisation.id;
    let mut new_code = None;
    let (done, kind, detail, audit_action) = match checked {
        Checked::Note => (true, "note", None, "staff.added-note"),
        Checked::Extend(date) => (
            case_record::extend_deadline(db, org, assignment.id, date, now).await?,
            "deadline-extended",
            Some(format!(
                "From {} to {}",
                long_date(assignment.deadline),
                long_date(date)
            )),
            "staff.extended-deadline",
        ),
        Checked::Withdraw => (
            case_record::withdraw(db, org, assignment.id, now).await?,
            "withdrawn",
            None,
            "staff.withdrew-assignment",
        ),
        Checked::Reissue => {
            let code = AccessCode::generate();
            let canonical = access_code::normalise(code.printed()).map_err(|problem| {
                tracing::error!(?problem, "generated an access code that does not normalise");
                PageError::BadRequest("Sorry, the code could not be made. Try again.")
            })?;
            let digest = access_code::digest(&canonical, &state.keys.access_code);
            let done = case_record::reissue_code(db, org, assignment.id, &digest, now).await?;
            new_code = Some(code);
            (done, "code-reissued", None, "staff.reissued-code")
        }
        Checked::Outcome(outcome) => (
            case_record::record_outcome(db, org, assignment.id, outcome, &reason, now).await?,
            "outcome-recorded",
            Some(outcome.label().to_owned()),
            "staff.recorded-outcome",
        ),
    };
    if !done {
        // Someone else closed or changed the case meanwhile: show it as it is now.
        return Ok(Redirect::to(&format!("/staff/assignments/{}", assignment.id)).into_response());
    }
    case_events::append(
        db,
        NewCaseEvent {
            assignment_id: assignment.id,
            organisation_id: org,
            kind: kind.to_owned(),
            staff_user_id: Some(staff.user.id),
            detail,
            reason: Some(reason.clone()),
            occurred_at: now,
        },
    )
    .await?;
    audit::append(
        db,
        meta.staff_event(
            staff,
            audit_action,
            Some(("assignment", assignment.id.to_string())),
            Some(reason),
        ),
    )
    .await?;
    if let Some(code) = new_code {
        let course = course_of(state, &assignment).await?;
        let title = course.map_or_else(|| assignment.course_id.clone(), |c| c.title.clone());
        let view = assigned_view(
            &assignment.id.to_string(),
            &person.name,
            &title,
            assignment.deadline,
            code.printed(),
            true,
        );
        return Ok(staff_page(
            state,
            headers,
            "/staff/assigned",
            Some(staff),
            StatusCode::OK,
            view,
        )
        .await);
    }
    Ok(Redirect::to(&format!(
        "/staff/assignments/{}?done={}",
        assignment.id,
        action.slug()
    ))
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Bytes;

    fn form(body: &'static str) -> FormFields {
        FormFields::parse(&Bytes::from_static(body.as_bytes())).unwrap()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn every_action_needs_a_reason() {
        for action in CaseAction::ALL {
            let errors = check(
                action,
                &form("outcome=complied&deadline-day=20&deadline-month=12&deadline-year=2026"),
                day(10),
                day(1),
            )
            .unwrap_err();
            assert!(errors.iter().any(|e| e.field_id == "reason"), "{action:?}");
        }
    }

    #[test]
    fn an_extension_must_move_the_deadline_later() {
        let earlier = check(
            CaseAction::Extend,
            &form("reason=ill&deadline-day=5&deadline-month=12&deadline-year=2026"),
            day(10),
            day(1),
        );
        assert_eq!(earlier.unwrap_err()[0].field_id, "deadline-day");
        let later = check(
            CaseAction::Extend,
            &form("reason=ill&deadline-day=20&deadline-month=12&deadline-year=2026"),
            day(10),
            day(1),
        );
        assert_eq!(later, Ok((Checked::Extend(day(20)), "ill".to_owned())));
    }

    #[test]
    fn an_outcome_must_be_one_of_the_three() {
        let unknown = check(
            CaseAction::Outcome,
            &form("reason=done&outcome=pardoned"),
            day(10),
            day(1),
        );
        assert_eq!(unknown.unwrap_err()[0].field_id, "outcome");
        let complied = check(
            CaseAction::Outcome,
            &form("reason=done&outcome=complied"),
            day(10),
            day(1),
        );
        assert_eq!(
            complied,
            Ok((Checked::Outcome(Outcome::Complied), "done".to_owned()))
        );
    }
}
