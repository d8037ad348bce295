//! Rendering a staff page: the shared frame with the signed-in member of staff in it.

use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use leptos::prelude::provide_context;

use super::super::AppState;
use super::super::page::{frame, render};
use super::session::Staff;

/// Renders the page at `route` (which picks the component) from `view`.
pub async fn staff_page<T>(
    state: &AppState,
    headers: &HeaderMap,
    route: &str,
    staff: Option<&Staff>,
    status: StatusCode,
    view: T,
) -> Response
where
    T: Clone + Send + Sync + 'static,
{
    let uri = Uri::try_from(route).unwrap_or_else(|_| Uri::from_static("/staff"));
    let mut frame = frame(state, headers, &uri, false);
    frame.staff = staff.map(Staff::identity);
    render(state, &uri, frame, status, move || {
        provide_context(view.clone())
    })
    .await
}
