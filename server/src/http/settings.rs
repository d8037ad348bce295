//! Display options: shown with a plain form, saved in a cookie.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;
use reroute_app::participant::view_model::SettingsView;
use reroute_app::view_model::Preferences;
use serde::Deserialize;

use super::AppState;
use super::cookies;
use super::form::FormFields;
use super::page::{frame, render};

#[derive(Debug, Deserialize)]
pub struct ReturnTo {
    #[serde(rename = "return")]
    return_to: Option<String>,
}

/// A path on this site to go back to; anything else (another site, `//host`) becomes `/`.
fn local_path(candidate: &str) -> String {
    if candidate.starts_with('/') && !candidate.starts_with("//") && !candidate.contains('\\') {
        candidate.to_owned()
    } else {
        "/".to_owned()
    }
}

pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Query(query): Query<ReturnTo>,
) -> Response {
    let return_to = local_path(query.return_to.as_deref().unwrap_or("/"));
    let signed_in = super::participant::session::current(&state, &headers)
        .await
        .ok()
        .flatten()
        .is_some();
    let frame = frame(&state, &headers, &uri, signed_in);
    render(&state, &uri, frame, StatusCode::OK, move || {
        provide_context(SettingsView {
            return_to: return_to.clone(),
        })
    })
    .await
}

pub async fn save(State(state): State<AppState>, body: Bytes) -> Response {
    let Ok(form) = FormFields::parse(&body) else {
        return (StatusCode::BAD_REQUEST, "The form could not be read.").into_response();
    };
    let preferences = Preferences {
        text_size: form.get("text_size").parse::<u8>().unwrap_or(0).min(2),
        high_contrast: form.get("high_contrast") == "yes",
        dyslexia_friendly: form.get("dyslexia_friendly") == "yes",
    };
    let one_year = 365 * 24 * 3600;
    let cookie = cookies::set(
        cookies::PREFERENCES_COOKIE,
        &preferences.to_cookie(),
        Some(one_year),
        state.secure_cookies,
    );
    (
        [(header::SET_COOKIE, cookie)],
        Redirect::to(&local_path(form.get("return"))),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(local_path("/my-courses"), "/my-courses");
        for bad in [
            "https://evil.test",
            "//evil.test",
            "/\\evil.test",
            "",
            "my-courses",
        ] {
            assert_eq!(local_path(bad), "/", "{bad}");
        }
    }
}
