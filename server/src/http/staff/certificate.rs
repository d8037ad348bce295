//! `GET /staff/assignments/{id}/certificate`: the printable certificate of one of the
//! force's closed assignments. Looking at it is audited like the case page.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use reroute_db::queries::audit;

use super::super::AppState;
use super::super::evidence::certificate;
use super::super::page::{PageError, respond};
use super::assignment::load;
use super::render::staff_page;
use super::request_meta::RequestMeta;
use super::session::Staff;

pub async fn show(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    let result = async {
        let (assignment, person) = load(&state, &staff, &id).await?;
        let view = certificate(
            &state,
            &headers,
            assignment.id,
            format!("Certificate for {} – Reroute staff", person.name),
            format!("/staff/assignments/{}", assignment.id),
        )
        .await?
        .ok_or(PageError::NotFound)?;
        audit::append(
            &state.db.connection,
            meta.staff_event(
                &staff,
                "staff.viewed-certificate",
                Some(("assignment", assignment.id.to_string())),
                None,
            ),
        )
        .await?;
        let route = format!("/staff/assignments/{}/certificate", assignment.id);
        Ok(staff_page(&state, &headers, &route, Some(&staff), StatusCode::OK, view).await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}
