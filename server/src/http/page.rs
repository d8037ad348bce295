//! Rendering a page: the handler has already authorised the request and built the page's
//! data; this provides it (and the frame) as context and renders the Leptos app.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::nonce::Nonce;
use leptos::prelude::provide_context;
use reroute_app::shell;
use reroute_app::view_model::{Frame, Preferences, SupportLine};

use super::AppState;
use super::cookies;
use super::security_headers;

/// The frame every page shares: support lines, display preferences, sign-in state.
pub fn frame(state: &AppState, headers: &HeaderMap, uri: &Uri, signed_in: bool) -> Frame {
    let preferences = cookies::get(headers, cookies::PREFERENCES_COOKIE)
        .map(Preferences::from_cookie)
        .unwrap_or_default();
    Frame {
        organisation: state.content.site.organisation.clone(),
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
        preferences,
        signed_in,
        path: uri.path().to_owned(),
        staff: None,
    }
}

/// Renders the app at `uri` with `provide` adding the page's data to the context.
///
/// The page's Content-Security-Policy is set here, with a nonce made for this response.
/// leptos_axum provides a nonce of its own before calling our context function; ours,
/// provided after it, replaces it, so the `nonce` on Leptos's inline scripts is the one
/// in the header.
pub async fn render(
    state: &AppState,
    uri: &Uri,
    frame: Frame,
    status: StatusCode,
    provide: impl Fn() + Clone + Send + Sync + 'static,
) -> Response {
    let options = state.leptos.clone();
    let stylesheet = state.assets.stylesheet_href();
    let nonce = Nonce::new();
    let policy = security_headers::page_policy(&nonce);
    let handler = leptos_axum::render_app_to_stream_with_context(
        move || {
            provide_context(nonce.clone());
            provide_context(frame.clone());
            provide();
        },
        move || shell(options.clone(), stylesheet.clone()),
    );
    let request = match Request::builder().uri(uri.clone()).body(Body::empty()) {
        Ok(request) => request,
        Err(err) => {
            tracing::error!(%err, "could not build the render request");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut response = handler(request).await.into_response();
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    // A nonce is URL-safe base64, so this always succeeds; if it ever did not, the strict
    // policy added for every other response would apply, which is safe.
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// Renders a page whose data is `view`, in the frame every page shares.
pub async fn render_view<T>(
    state: &AppState,
    headers: &HeaderMap,
    uri: &Uri,
    signed_in: bool,
    status: StatusCode,
    view: T,
) -> Response
where
    T: Clone + Send + Sync + 'static,
{
    let frame = frame(state, headers, uri, signed_in);
    render(state, uri, frame, status, move || {
        provide_context(view.clone())
    })
    .await
}

/// Why a page could not be shown, mapped to what the person sees. Database detail goes
/// to the log, never to the browser.
#[derive(Debug)]
pub enum PageError {
    /// Not signed in (or the session ended): go to the sign-in page.
    SignInNeeded,
    NotFound,
    /// Signed in, but this role may not use this page.
    Forbidden,
    /// A form was malformed in a way no honest browser sends.
    BadRequest(&'static str),
    Database(reroute_db::sea_orm::DbErr),
}

impl From<reroute_db::sea_orm::DbErr> for PageError {
    fn from(err: reroute_db::sea_orm::DbErr) -> Self {
        Self::Database(err)
    }
}

impl From<super::form::FormProblem> for PageError {
    fn from(_: super::form::FormProblem) -> Self {
        Self::BadRequest("The form could not be read.")
    }
}

impl PageError {
    pub async fn respond(self, state: &AppState, headers: &HeaderMap, uri: &Uri) -> Response {
        match self {
            Self::SignInNeeded => Redirect::to("/start").into_response(),
            Self::NotFound => {
                render(
                    state,
                    uri,
                    frame(state, headers, uri, false),
                    StatusCode::NOT_FOUND,
                    || {},
                )
                .await
            }
            Self::Forbidden => {
                let page = Uri::from_static("/staff/forbidden");
                render(
                    state,
                    &page,
                    frame(state, headers, uri, false),
                    StatusCode::FORBIDDEN,
                    || {},
                )
                .await
            }
            Self::BadRequest(message) => (StatusCode::BAD_REQUEST, message).into_response(),
            Self::Database(err) => {
                tracing::error!(%err, "database error");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(header::RETRY_AFTER, "30")],
                    "Sorry, there is a problem with the service. Your answers are saved. Try again in a few minutes.",
                )
                    .into_response()
            }
        }
    }
}

/// Runs a page handler's body and turns its error into a response.
pub async fn respond(
    state: &AppState,
    headers: &HeaderMap,
    uri: &Uri,
    result: Result<Response, PageError>,
) -> Response {
    match result {
        Ok(response) => response,
        Err(err) => err.respond(state, headers, uri).await,
    }
}

pub async fn home(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let signed_in = super::participant::session::current(&state, &headers)
        .await
        .ok()
        .flatten()
        .is_some();
    render(
        &state,
        &uri,
        frame(&state, &headers, &uri, signed_in),
        StatusCode::OK,
        || {},
    )
    .await
}

pub async fn not_found(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    PageError::NotFound.respond(&state, &headers, &uri).await
}
