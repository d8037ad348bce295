//! `GET /my-courses/{id}/certificate`: the participant's printable certificate, once the
//! course has closed and its record is signed.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;

use super::super::AppState;
use super::super::evidence::certificate;
use super::super::page::{PageError, render_view, respond};
use super::loaded::Loaded;

pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    let result = async {
        let loaded = Loaded::load(&state, &headers, &id).await?;
        let view = certificate(
            &state,
            &headers,
            loaded.assignment.id,
            format!("Your certificate: {} – Reroute", loaded.course.title),
            format!("{}/finished", loaded.base_path()),
        )
        .await?
        .ok_or(PageError::NotFound)?;
        Ok(render_view(&state, &headers, &uri, true, StatusCode::OK, view).await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}
