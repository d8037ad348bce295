//! A participant's rights, for the force's admins: everything held about one person as
//! a JSON download (`/staff/participants/{id}/export.json`) and as a readable page
//! (`…/record`), and erasing them on request (`…/erase`). Every route needs an admin and
//! a participant of the admin's own force (another force's id is simply not found), and
//! every use is written to the audit log.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use reroute_app::staff::view_model::{
    AnswerItem, EraseParticipantView, ParticipantRecordView, RecordAssignment, TimelineItem,
};
use reroute_app::view_model::FieldError;
use reroute_content::{Course, LessonPart};
use reroute_db::queries::audit;
use reroute_db::queries::retention::{self, AssignmentRecord, SubjectAccess};
use reroute_domain::deadline::long_date;
use reroute_domain::disposal::{Disposal, Outcome};
use reroute_domain::status::Status;
use serde::Serialize;
use uuid::Uuid;

use super::super::AppState;
use super::super::form::FormFields;
use super::super::page::{PageError, respond};
use super::assignment::{answer_text, plain_text};
use super::render::staff_page;
use super::request_meta::RequestMeta;
use super::session::Staff;

const MAX_REASON: usize = 2000;

/// The links an admin sees on an assignment page, for the person it belongs to.
pub fn admin_links(participant_id: Uuid) -> Vec<(String, String)> {
    let base = format!("/staff/participants/{participant_id}");
    vec![
        (
            "Everything held about this person".to_owned(),
            format!("{base}/record"),
        ),
        (
            "Export everything held about this person".to_owned(),
            format!("{base}/export.json"),
        ),
        (
            "Erase this person's data".to_owned(),
            format!("{base}/erase"),
        ),
    ]
}

/// Everything held about the admin's participant named in the path; anyone but an
/// admin is refused, and a malformed id or another force's participant is not found.
async fn load(state: &AppState, staff: &Staff, id: &str) -> Result<SubjectAccess, PageError> {
    staff.require_admin()?;
    let id = Uuid::try_parse(id).map_err(|_| PageError::NotFound)?;
    retention::subject_access(&state.db.connection, staff.organisation.id, id)
        .await?
        .ok_or(PageError::NotFound)
}

/// The download: the record with when and by which force it was exported.
#[derive(Serialize)]
struct Export<'a> {
    exported_at: DateTime<Utc>,
    organisation: &'a str,
    #[serde(flatten)]
    record: &'a SubjectAccess,
}

/// `GET /staff/participants/{id}/export.json`: everything held, machine-readable.
pub async fn export(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    let result = async {
        let record = load(&state, &staff, &id).await?;
        let body = serde_json::to_vec_pretty(&Export {
            exported_at: Utc::now(),
            organisation: &staff.organisation.name,
            record: &record,
        })
        .map_err(|err| {
            tracing::error!(%err, "could not write a subject access export");
            PageError::BadRequest("The export could not be made. Try again.")
        })?;
        audit::append(
            &state.db.connection,
            meta.staff_event(
                &staff,
                "staff.exported-subject-access",
                Some(("participant", record.participant.id.to_string())),
                None,
            ),
        )
        .await?;
        let filename = format!("reroute-participant-{}.json", record.participant.id);
        Ok((
            [
                (
                    header::CONTENT_TYPE,
                    "application/json; charset=utf-8".to_owned(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{filename}\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            body,
        )
            .into_response())
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

/// `GET /staff/participants/{id}/record`: everything held, as a page to read.
pub async fn record(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    let result = async {
        let record = load(&state, &staff, &id).await?;
        audit::append(
            &state.db.connection,
            meta.staff_event(
                &staff,
                "staff.viewed-subject-access",
                Some(("participant", record.participant.id.to_string())),
                None,
            ),
        )
        .await?;
        let view = record_view(&state, &record).await?;
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

fn when(time: DateTime<Utc>) -> String {
    time.format("%-d %b %Y, %H:%M").to_string()
}

fn when_or(time: Option<DateTime<Utc>>, none: &str) -> String {
    time.map_or_else(|| none.to_owned(), when)
}

fn row(label: &str, value: impl Into<String>) -> (String, String) {
    (label.to_owned(), value.into())
}

/// The course an assignment is pinned to, or the current one before it starts.
async fn course_for(
    state: &AppState,
    found: &AssignmentRecord,
) -> Result<Option<Arc<Course>>, PageError> {
    Ok(match &found.course_version {
        Some(version) => state.content.version(&state.db.connection, version).await?,
        None => state.content.current(&found.course_id),
    })
}

/// The quiz, reflect or scale block with this id.
fn block<'a>(course: Option<&'a Course>, id: &str) -> Option<&'a LessonPart> {
    course?
        .lessons
        .iter()
        .flat_map(|lesson| &lesson.parts)
        .find(|part| match part {
            LessonPart::Quiz(quiz) => quiz.id == id,
            LessonPart::Reflect(reflect) => reflect.id == id,
            LessonPart::Scale(scale) => scale.id == id,
            LessonPart::Html(_) => false,
        })
}

/// A block's question as plain text; the block's id if the course no longer has it.
fn question(part: Option<&LessonPart>, id: &str) -> String {
    match part {
        Some(LessonPart::Quiz(quiz)) => plain_text(&quiz.question_html),
        Some(LessonPart::Reflect(reflect)) => plain_text(&reflect.prompt_html),
        Some(LessonPart::Scale(scale)) => plain_text(&scale.prompt_html),
        Some(LessonPart::Html(_)) | None => format!("Question {id}"),
    }
}

fn status_label(found: &AssignmentRecord) -> String {
    Status::parse(&found.status).map_or_else(
        || found.status.clone(),
        |status| status.participant_label().to_owned(),
    )
}

async fn record_view(
    state: &AppState,
    record: &SubjectAccess,
) -> Result<ParticipantRecordView, PageError> {
    let person = &record.participant;
    let mut assignments = Vec::with_capacity(record.assignments.len());
    for found in &record.assignments {
        let course = course_for(state, found).await?;
        assignments.push(assignment_view(found, course.as_deref()));
    }
    let base = format!("/staff/participants/{}", person.id);
    Ok(ParticipantRecordView {
        name: person.name.clone(),
        person: vec![
            row("Name", person.name.clone()),
            row("Date of birth", long_date(person.date_of_birth)),
            row("Force reference", person.force_reference.clone()),
            row(
                "Contact",
                person.contact.clone().unwrap_or_else(|| "Not given".into()),
            ),
            row(
                "Accessibility needs",
                person
                    .accessibility_notes
                    .clone()
                    .unwrap_or_else(|| "None recorded".into()),
            ),
            row("Preferred language", person.preferred_language.clone()),
            row("Record created", when(person.created_at)),
        ],
        assignments,
        sessions: record
            .sessions
            .iter()
            .map(|session| {
                let ended = session
                    .revoked_at
                    .map(|at| format!("; signed out {}", when(at)))
                    .unwrap_or_default();
                format!(
                    "Signed in {}; last seen {}{ended}",
                    when(session.created_at),
                    when(session.last_seen_at)
                )
            })
            .collect(),
        audit: record
            .audit_events
            .iter()
            .map(|event| TimelineItem {
                when: when(event.occurred_at),
                title: event.action.clone(),
                detail: event
                    .record_kind
                    .as_ref()
                    .map(|kind| format!("{kind} {}", event.record_id.clone().unwrap_or_default())),
                by: Some(
                    match (
                        event.actor_kind.as_str(),
                        &event.actor_name,
                        &event.actor_id,
                    ) {
                        ("participant", _, _) => "The person".to_owned(),
                        (_, Some(name), _) => name.clone(),
                        (kind, None, Some(id)) => format!("{kind} {id}"),
                        (kind, None, None) => kind.to_owned(),
                    },
                ),
                reason: event.reason.clone(),
            })
            .collect(),
        export_href: format!("{base}/export.json"),
        erase_href: format!("{base}/erase"),
    })
}

fn assignment_view(found: &AssignmentRecord, course: Option<&Course>) -> RecordAssignment {
    let title = course.map_or_else(|| found.course_id.clone(), |c| c.title.clone());
    let disposal = Disposal::parse(&found.disposal_type)
        .map_or_else(|| found.disposal_type.clone(), |d| d.label().to_owned());
    let outcome = found.outcome.as_deref().map_or_else(
        || "Not recorded".to_owned(),
        |stored| {
            let label = Outcome::parse(stored).map_or(stored, |o| o.label());
            match &found.outcome_reason {
                Some(reason) => format!("{label}. Reason: {reason}"),
                None => label.to_owned(),
            }
        },
    );
    let answers = found
        .answers
        .iter()
        .map(|stored| {
            let part = block(course, &stored.block_id);
            AnswerItem {
                question: question(part, &stored.block_id),
                answer: part.map_or_else(
                    || stored.value.clone(),
                    |part| answer_text(part, &stored.value),
                ),
                first_try_right: stored.first_try_correct,
                attempt: u32::try_from(stored.attempt).unwrap_or(0),
                answered_at: when(stored.answered_at),
            }
        })
        .collect();
    RecordAssignment {
        title: format!("{title} (assigned {})", when(found.created_at)),
        href: format!("/staff/assignments/{}", found.id),
        details: vec![
            row("Disposal", disposal),
            row("Condition", found.condition_text.clone()),
            row("Deadline", long_date(found.deadline)),
            row("Status", status_label(found)),
            row("Outcome", outcome),
            row(
                "Agreed to do the course",
                when_or(found.declared_at, "Not yet"),
            ),
            row("Finished", when_or(found.completed_at, "Not yet")),
            row("Attempt", found.attempt.to_string()),
        ],
        answers,
        drafts: found
            .drafts
            .iter()
            .map(|draft| {
                (
                    question(block(course, &draft.block_id), &draft.block_id),
                    draft.text.clone(),
                )
            })
            .collect(),
        lessons: found
            .lessons
            .iter()
            .map(|lesson| {
                let finished = lesson
                    .finished_at
                    .map(|at| format!(", finished {}", when(at)))
                    .unwrap_or_default();
                format!(
                    "Lesson {}: reached {}{finished}; {} seconds spent",
                    lesson.lesson_number,
                    when(lesson.reached_at),
                    lesson.seconds_spent
                )
            })
            .collect(),
        events: found
            .case_events
            .iter()
            .map(|event| TimelineItem {
                when: when(event.occurred_at),
                title: event.kind.clone(),
                detail: event.detail.clone(),
                by: event.staff_name.clone(),
                reason: event.reason.clone(),
            })
            .collect(),
        evidence: found
            .evidence
            .iter()
            .map(|evidence| {
                format!(
                    "Completion record issued {} (key {})",
                    when(evidence.issued_at),
                    evidence.key_id
                )
            })
            .collect(),
    }
}

/// The erasure form for the person, with what was typed and any problems.
fn erase_view(
    state: &AppState,
    record: &SubjectAccess,
    reason: &str,
    errors: Vec<FieldError>,
) -> EraseParticipantView {
    let person = &record.participant;
    let base = format!("/staff/participants/{}", person.id);
    EraseParticipantView {
        name: person.name.clone(),
        force_reference: person.force_reference.clone(),
        assignments: record
            .assignments
            .iter()
            .map(|found| {
                let course = state
                    .content
                    .current(&found.course_id)
                    .map_or_else(|| found.course_id.clone(), |c| c.title.clone());
                format!(
                    "{course} – {}, assigned {}",
                    status_label(found).to_lowercase(),
                    long_date(found.created_at.date_naive())
                )
            })
            .collect(),
        form_action: format!("{base}/erase"),
        back_href: format!("{base}/record"),
        errors,
        reason: reason.to_owned(),
    }
}

/// `GET /staff/participants/{id}/erase`: what will go, a warning, and a reason to give.
pub async fn show_erase(
    staff: Staff,
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    let result = async {
        let record = load(&state, &staff, &id).await?;
        let view = erase_view(&state, &record, "", Vec::new());
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

/// The reason given, or what is wrong with it.
pub fn check_reason(reason: &str) -> Result<&str, FieldError> {
    let message = if reason.is_empty() {
        "Enter the reason for erasing this person's data"
    } else if reason.chars().count() > MAX_REASON {
        "The reason must be 2,000 characters or fewer"
    } else {
        return Ok(reason);
    };
    Err(FieldError {
        field_id: "reason".to_owned(),
        message: message.to_owned(),
    })
}

/// `POST /staff/participants/{id}/erase`: erases the person and everything about them,
/// logs it with the reason, and returns to the dashboard.
pub async fn erase(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let result = async {
        let record = load(&state, &staff, &id).await?;
        let form = FormFields::parse(&body)?;
        let reason = match check_reason(form.get("reason")) {
            Ok(reason) => reason.to_owned(),
            Err(problem) => {
                let view = erase_view(&state, &record, form.get("reason"), vec![problem]);
                return Ok(staff_page(
                    &state,
                    &headers,
                    uri.path(),
                    Some(&staff),
                    StatusCode::UNPROCESSABLE_ENTITY,
                    view,
                )
                .await);
            }
        };
        let db = &state.db.connection;
        let person = record.participant.id;
        let erased = retention::erase_participant(db, staff.organisation.id, person, Utc::now())
            .await?
            .ok_or(PageError::NotFound)?;
        for assignment in &erased {
            audit::append(
                db,
                meta.staff_event(
                    &staff,
                    "staff.erased-assignment",
                    Some(("assignment", assignment.to_string())),
                    Some(reason.clone()),
                ),
            )
            .await?;
        }
        audit::append(
            db,
            meta.staff_event(
                &staff,
                "staff.erased-participant",
                Some(("participant", person.to_string())),
                Some(reason),
            ),
        )
        .await?;
        Ok(Redirect::to("/staff?done=erased").into_response())
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erasure_needs_a_reason_of_reasonable_length() {
        assert_eq!(
            check_reason("They asked in writing"),
            Ok("They asked in writing")
        );
        assert_eq!(check_reason("").unwrap_err().field_id, "reason");
        assert!(check_reason(&"x".repeat(MAX_REASON + 1)).is_err());
    }

    #[test]
    fn admin_links_all_name_the_person() {
        let id = Uuid::nil();
        for (_, href) in admin_links(id) {
            assert!(
                href.starts_with(&format!("/staff/participants/{id}/")),
                "{href}"
            );
        }
    }
}
