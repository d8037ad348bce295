//! Images and audio from a course's `media/` folder.

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use super::AppState;

pub async fn serve(
    State(state): State<AppState>,
    Path((course, file)): Path<(String, String)>,
    request: Request,
) -> Response {
    if state.content.current(&course).is_none() || !is_plain_name(&file) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let path = state
        .content
        .dir
        .join("courses")
        .join(&course)
        .join("media")
        .join(&file);
    match ServeFile::new(path).oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    }
}

/// A single file name: no folders, no `..`, nothing hidden.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_file_names_are_served() {
        assert!(is_plain_name("picture-1.png"));
        for bad in ["", "..", ".env", "../course.toml", "a/b.png", "a\\b.png"] {
            assert!(!is_plain_name(bad), "{bad}");
        }
    }
}
