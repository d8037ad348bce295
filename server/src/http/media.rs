//! Images and audio from a course's `media/` folder.

use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
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
    let mut response = match ServeFile::new(path).oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    };
    // An author's SVG opened on its own must not run script.
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
    );
    response
}

/// A single file name: no folders, no `..`, nothing hidden, no control characters.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_file_names_are_served() {
        assert!(is_plain_name("picture-1.png"));
        assert!(is_plain_name("worksheet 1.pdf"));
        assert!(is_plain_name("worksheet 1.pdf"));
        for bad in ["", "..", ".env", "../course.toml", "a/b.png", "a\\b.png"] {
            assert!(!is_plain_name(bad), "{bad}");
        }
    }
}
