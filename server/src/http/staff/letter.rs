//! `POST /staff/assignments/{id}/letter`: the printable letter for the participant. The
//! code is not stored, so it comes back from the page that showed it once, and is
//! checked against the stored hash before it is printed.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::Response;
use chrono::Utc;
use reroute_app::staff::view_model::LetterView;
use reroute_app::view_model::SupportLine;
use reroute_db::queries::audit;
use reroute_db::queries::case_events::{self, NewCaseEvent};
use reroute_domain::access_code;
use reroute_domain::deadline::long_date;

use super::super::AppState;
use super::super::form::FormFields;
use super::super::page::{PageError, respond};
use super::assignment::{course_of, load};
use super::render::staff_page;
use super::request_meta::RequestMeta;
use super::session::Staff;

pub async fn print(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let result = async {
        let (assignment, person) = load(&state, &staff, &id).await?;
        let form = FormFields::parse(&body)?;
        let canonical = access_code::normalise(form.get("code"))
            .map_err(|_| PageError::BadRequest("The code could not be read."))?;
        if access_code::digest(&canonical, &state.keys.access_code) != assignment.access_code_hash {
            return Err(PageError::BadRequest(
                "This code is not the assignment's current code. Issue a new code to print a letter.",
            ));
        }
        let course = course_of(&state, &assignment).await?.ok_or(PageError::NotFound)?;
        let db = &state.db.connection;
        let now = Utc::now();
        case_events::append(
            db,
            NewCaseEvent {
                assignment_id: assignment.id,
                organisation_id: staff.organisation.id,
                kind: "letter-printed".to_owned(),
                staff_user_id: Some(staff.user.id),
                detail: None,
                reason: None,
                occurred_at: now,
            },
        )
        .await?;
        audit::append(
            db,
            meta.staff_event(&staff, "staff.printed-letter", Some(("assignment", assignment.id.to_string())), None),
        )
        .await?;
        let view = LetterView {
            organisation: state.content.site.organisation.clone(),
            name: person.name,
            course: course.title.clone(),
            minutes: course.minutes,
            lesson_count: course.lessons.len(),
            deadline: long_date(assignment.deadline),
            condition_text: assignment.condition_text.clone(),
            web_address: start_address(&state, &headers),
            code: form.get("code").to_uppercase(),
            support: state
                .content
                .site
                .support
                .iter()
                .map(|line| SupportLine {
                    name: line.name.clone(),
                    phone: line.phone.clone(),
                    text: line.text.clone(),
                })
                .collect(),
            back_href: format!("/staff/assignments/{}", assignment.id),
        };
        let route = format!("/staff/assignments/{}/letter", assignment.id);
        Ok(staff_page(&state, &headers, &route, Some(&staff), StatusCode::OK, view).await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

/// Where participants start, as this server is reached.
fn start_address(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| {
            host.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = if state.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}/start")
}
