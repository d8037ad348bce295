//! The participant's courses: the list, resuming, the declaration, the end.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use reroute_app::participant::view_model::{
    BeforeYouStartView, CourseCard, FinishedView, MyCoursesView, SavedView,
};
use reroute_app::view_model::FieldError;
use reroute_db::queries::{audit, journey};
use reroute_domain::journey::{percent_done, resume_position};
use reroute_domain::scoring::AttemptOutcome;
use reroute_domain::status::{self, Status};
use reroute_domain::{deadline, journey as rules};

use super::super::AppState;
use super::super::form::FormFields;
use super::super::page::{PageError, render_view, respond};
use super::loaded::Loaded;
use super::session;

pub async fn my_courses(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let result = list(&state, &headers, &uri).await;
    respond(&state, &headers, &uri, result).await
}

async fn list(state: &AppState, headers: &HeaderMap, uri: &Uri) -> Result<Response, PageError> {
    let session = session::current(state, headers)
        .await?
        .ok_or(PageError::SignInNeeded)?;
    let db = &state.db.connection;
    let person = journey::participant(db, session.participant_id)
        .await?
        .ok_or(PageError::SignInNeeded)?;
    let today = Utc::now().date_naive();
    let mut courses = Vec::new();
    for assignment in journey::assignments_of(db, person.id).await? {
        let course = match &assignment.course_version {
            Some(version) => state.content.version(db, version).await?,
            None => state.content.current(&assignment.course_id),
        };
        let Some(course) = course else {
            tracing::error!(assignment = %assignment.id, course = %assignment.course_id, "an assignment's course is missing");
            continue;
        };
        let stored = Status::parse(&assignment.status).unwrap_or(Status::Assigned);
        let shown = status::effective(stored, assignment.deadline, today);
        let progress = journey::progress(db, &assignment).await?;
        let base = format!("/my-courses/{}", assignment.id);
        let action = match stored {
            Status::Withdrawn => None,
            Status::Completed | Status::NotPassed => {
                Some(("See your result".to_owned(), format!("{base}/finished")))
            }
            _ if assignment.declared_at.is_none() => {
                Some(("Start".to_owned(), format!("{base}/before-you-start")))
            }
            _ => Some(("Continue".to_owned(), base)),
        };
        courses.push(CourseCard {
            title: course.title.clone(),
            summary: course.summary.clone(),
            minutes: course.minutes,
            deadline_text: if stored.is_closed() {
                format!("Deadline: {}", deadline::long_date(assignment.deadline))
            } else {
                deadline::describe(assignment.deadline, today)
            },
            late: shown == Status::Overdue,
            status_label: shown.participant_label().to_owned(),
            percent_done: if assignment.declared_at.is_some() {
                percent_done(&course, &progress)
            } else {
                0
            },
            action,
        });
    }
    let view = MyCoursesView {
        name: person.name,
        courses,
    };
    Ok(render_view(state, headers, uri, true, StatusCode::OK, view).await)
}

/// Goes to wherever the participant should be now.
pub async fn resume(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    let result = async {
        let loaded = Loaded::load(&state, &headers, &id).await?;
        Ok(Redirect::to(&where_now(&loaded)).into_response())
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

/// The page a participant should be on: the declaration, the next thing to do, or the end.
pub fn where_now(loaded: &Loaded) -> String {
    let base = loaded.base_path();
    if loaded.assignment.declared_at.is_none() {
        return format!("{base}/before-you-start");
    }
    match resume_position(&loaded.course, &loaded.progress) {
        Some(position) => format!(
            "{base}/lessons/{}/{}",
            position.lesson,
            position.segment + 1
        ),
        None => format!("{base}/finished"),
    }
}

pub async fn before_you_start(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    let result = async {
        let loaded = Loaded::load(&state, &headers, &id).await?;
        if loaded.assignment.declared_at.is_some() {
            return Ok(Redirect::to(&where_now(&loaded)).into_response());
        }
        render_declaration(&state, &headers, &uri, &loaded, Vec::new(), StatusCode::OK).await
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

async fn render_declaration(
    state: &AppState,
    headers: &HeaderMap,
    uri: &Uri,
    loaded: &Loaded,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let person = journey::participant(&state.db.connection, loaded.session.participant_id)
        .await?
        .ok_or(PageError::SignInNeeded)?;
    let view = BeforeYouStartView {
        form_action: format!("{}/before-you-start", loaded.base_path()),
        participant_name: person.name,
        title: loaded.course.title.clone(),
        summary: loaded.course.summary.clone(),
        minutes: loaded.course.minutes,
        lesson_count: loaded.course.lessons.len(),
        deadline_text: deadline::describe(loaded.assignment.deadline, Utc::now().date_naive()),
        errors,
    };
    Ok(render_view(state, headers, uri, true, status, view).await)
}

/// Records the declaration (with its time) and pins the course version.
pub async fn declare(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let result = async {
        let mut loaded = Loaded::load(&state, &headers, &id).await?;
        let form = FormFields::parse(&body)?;
        if loaded.assignment.declared_at.is_none() {
            if form.get("declare") != "yes" {
                let errors = vec![FieldError {
                    field_id: "declare".to_owned(),
                    message: "Tick the box to say you will do the course yourself".to_owned(),
                }];
                return render_declaration(
                    &state,
                    &headers,
                    &uri,
                    &loaded,
                    errors,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
            let course = state
                .content
                .current(&loaded.assignment.course_id)
                .ok_or(PageError::NotFound)?;
            loaded.assignment =
                journey::start(&state.db.connection, loaded.assignment, &course, Utc::now())
                    .await?;
            loaded.course = course;
            let event = session::audit_event(
                loaded.session.participant_id,
                loaded.assignment.organisation_id,
                "participant.declared-and-started",
                "assignment",
                loaded.assignment.id,
            );
            audit::append(&state.db.connection, event).await?;
        }
        Ok(Redirect::to(&where_now(&loaded)).into_response())
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

pub async fn saved(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    let result = async {
        let loaded = Loaded::load(&state, &headers, &id).await?;
        let view = SavedView {
            title: loaded.course.title.clone(),
            continue_href: where_now(&loaded),
        };
        Ok(render_view(&state, &headers, &uri, true, StatusCode::OK, view).await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

pub async fn finished(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    let result = async {
        let mut loaded = Loaded::load(&state, &headers, &id).await?;
        if loaded.assignment.declared_at.is_none()
            || !rules::is_complete(&loaded.course, &loaded.progress)
        {
            return Ok(Redirect::to(&where_now(&loaded)).into_response());
        }
        loaded.conclude_if_complete(&state).await?;
        let (score, outcome) = loaded.attempt_result(&state).await?;
        let try_again = match outcome {
            AttemptOutcome::TryAgain { attempts_left }
                if loaded.assignment.completed_at.is_none() =>
            {
                Some((attempts_left, format!("{}/try-again", loaded.base_path())))
            }
            _ => None,
        };
        let view = FinishedView {
            title: loaded.course.title.clone(),
            passed: score.passed,
            right: score.right,
            total: score.total,
            percent: score.percent,
            pass_mark: loaded.course.pass_mark,
            try_again,
            attempt: loaded.progress.attempt,
            certificate_href: reroute_db::queries::evidence::record_for(
                &state.db.connection,
                loaded.assignment.id,
            )
            .await?
            .map(|_| format!("{}/certificate", loaded.base_path())),
        };
        Ok(render_view(&state, &headers, &uri, true, StatusCode::OK, view).await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

/// Starts a new attempt at the quiz questions, if the last one ended under the pass mark
/// and tries remain. The form names the attempt it was shown for, so sending it twice
/// starts only one new attempt.
pub async fn try_again(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let result = async {
        let mut loaded = Loaded::load(&state, &headers, &id).await?;
        let form = FormFields::parse(&body)?;
        let shown_attempt: i32 = form
            .get("attempt")
            .parse()
            .map_err(|_| PageError::BadRequest("The form could not be read."))?;
        if loaded.assignment.completed_at.is_none()
            && rules::is_complete(&loaded.course, &loaded.progress)
            && matches!(
                loaded.attempt_result(&state).await?.1,
                AttemptOutcome::TryAgain { .. }
            )
        {
            loaded.assignment = journey::start_new_attempt(
                &state.db.connection,
                loaded.assignment,
                shown_attempt,
                Utc::now(),
            )
            .await?;
            loaded.refresh(&state).await?;
        }
        Ok(Redirect::to(&where_now(&loaded)).into_response())
    }
    .await;
    respond(&state, &headers, &uri, result).await
}
