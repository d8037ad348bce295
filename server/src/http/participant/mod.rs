//! The participant's pages and forms.

mod certificate;
mod course;
mod lesson;
mod loaded;
pub mod session;
mod sign_in;
mod who_has_seen;

use axum::Router;
use axum::routing::{get, post};

pub use session::sign_out;

use super::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/start", get(sign_in::show).post(sign_in::submit))
        .route("/my-courses", get(course::my_courses))
        .route(
            "/my-courses/who-has-seen-my-record",
            get(who_has_seen::show),
        )
        .route("/my-courses/{assignment}", get(course::resume))
        .route(
            "/my-courses/{assignment}/before-you-start",
            get(course::before_you_start).post(course::declare),
        )
        .route("/my-courses/{assignment}/saved", get(course::saved))
        .route("/my-courses/{assignment}/finished", get(course::finished))
        .route(
            "/my-courses/{assignment}/certificate",
            get(certificate::show),
        )
        .route(
            "/my-courses/{assignment}/try-again",
            post(course::try_again),
        )
        .route(
            "/my-courses/{assignment}/lessons/{lesson}/finish",
            post(lesson::finish),
        )
        .route(
            "/my-courses/{assignment}/lessons/{lesson}/{page}",
            get(lesson::show).post(lesson::answer),
        )
}
